# SPDX-License-Identifier: MIT
"""nc's socket flags on real connections: -I/-O read back from the kernel
with `ss -tm` (skmem rb/tb: Linux keeps twice the size asked for), -t
answering a Telnet client of `tcpc -l -t`, and the flags' bad values. The
packet marks (-T, -M, -m) are read from the packets by tests/compat."""

import os
import re
import shutil
import socket
import subprocess
import sys
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import SOCK_TIMEOUT, TcpcTestCase, recv_exact, run_tcpc  # noqa: E402

SKMEM_RE = re.compile(r"skmem:\(r\d+,rb(\d+),t\d+,tb(\d+)")


def buffers_of(filter_expr):
    """(rb, tb) of the one established TCP socket `filter_expr` picks."""
    out = subprocess.run(["ss", "-tmnH", "state", "established", filter_expr],
                         capture_output=True, text=True, timeout=SOCK_TIMEOUT).stdout
    found = SKMEM_RE.findall(out)
    assert len(found) == 1, "ss found %r in %r" % (found, out)
    return tuple(int(n) for n in found[0])


class SocketFlagsTest(TcpcTestCase):

    def setUp(self):
        if not shutil.which("ss"):
            self.skipTest("no ss (iproute2)")

    def test_listen_sets_buffer_sizes_on_the_connection(self):
        server = self.start_tcpc(["-l", "-I", "8192", "-O", "12288", "127.0.0.1", "0"],
                                 stdin=subprocess.PIPE)
        client = self.connect("127.0.0.1", server.port)
        server.wait_stderr(r"Connection from")
        rb, tb = buffers_of("( sport = :%d )" % server.port)
        self.assertEqual((rb, tb), (2 * 8192, 2 * 12288))
        client.close()

    def test_client_sets_buffer_sizes_before_connecting(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(SOCK_TIMEOUT)
        port = listener.getsockname()[1]
        client = self.start_tcpc(["-d", "-I", "4096", "-O", "6144", "127.0.0.1", str(port)],
                                 wait_listening=False)
        conn, _ = listener.accept()
        self.addCleanup(conn.close)
        rb, tb = buffers_of("( dport = :%d )" % port)
        self.assertEqual((rb, tb), (2 * 4096, 2 * 6144))
        # Without the flags the kernel's defaults are far bigger.
        self.assertTrue(client.running())

    def test_listen_t_refuses_telnet_options(self):
        server = self.start_tcpc(["-l", "-t", "127.0.0.1", "0"], stdin=subprocess.PIPE,
                                 capture_stdout=True)
        client = self.connect("127.0.0.1", server.port)
        offer = b"\xff\xfd\x01\xff\xfb\x1f"  # DO ECHO, WILL NAWS
        client.sendall(offer)
        self.assertEqual(recv_exact(client, 6), b"\xff\xfc\x01\xff\xfe\x1f")  # WONT, DONT
        self.assertEqual(server.wait_stdout(offer), offer)  # shown as it came

    def test_debug_without_privileges_says_so(self):
        # Linux allows SO_DEBUG only with CAP_NET_ADMIN: an ordinary user's -D
        # must fail before connecting, naming the option, not be ignored.
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to run as an unprivileged user")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               tcpctest.tcpc_path(), "-D", "127.0.0.1", str(port)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=SOCK_TIMEOUT)
        if proc.returncode in (126, 127):
            self.skipTest("the unprivileged user cannot run %s" % tcpctest.tcpc_path())
        self.assertEqual(proc.returncode, 1, proc)
        self.assertEqual(proc.stderr, "tcpc: setsockopt SO_DEBUG: Permission denied\n")
        listener.setblocking(False)
        with self.assertRaises(BlockingIOError):
            listener.accept()  # it never connected

    def test_md5_signatures_between_two_tcpc(self):
        # -l -S drops every SYN that is not signed with its key: an unsigned
        # client and one with another key time out; one with the key is served.
        def env(key):
            return dict(os.environ, TCPC_MD5_KEY=key) if key else {
                k: v for k, v in os.environ.items() if k != "TCPC_MD5_KEY"}
        server = self.start_tcpc(["-S", "-l", "127.0.0.1", "0"], stdin=subprocess.PIPE,
                                 env=env("k1"))
        server.proc.stdin.write(b"signed\n")
        server.proc.stdin.close()

        def client(key, *flags):
            return subprocess.run([tcpctest.tcpc_path(), *flags, "-d", "-w", "1",
                                   "127.0.0.1", str(server.port)],
                                  stdin=subprocess.DEVNULL, capture_output=True, env=env(key),
                                  timeout=tcpctest.RUN_TIMEOUT, start_new_session=True)
        unsigned = client(None)
        self.assertEqual((unsigned.returncode, unsigned.stdout), (1, b""), unsigned)
        self.assertIn(b"timed out", unsigned.stderr)
        wrong = client("k2", "-S")
        self.assertEqual((wrong.returncode, wrong.stdout), (1, b""), wrong)
        right = client("k1", "-S")
        self.assertEqual((right.returncode, right.stdout), (0, b"signed\n"), right)
        self.assertEqual(server.wait(), 0)

    def test_md5_key_length(self):
        res = subprocess.run([tcpctest.tcpc_path(), "-S", "127.0.0.1", "9"],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             env=dict(os.environ, TCPC_MD5_KEY="x" * 81),
                             timeout=tcpctest.RUN_TIMEOUT)
        self.assertEqual(res.returncode, 2, res)
        self.assertEqual(res.stderr, "tcpc: the TCP MD5 key must be 1 to 80 bytes\n")

    def test_bad_values_are_usage_errors(self):
        for args, words in ((["-T", "fastest"], "-T needs"),
                            (["-M", "256"], "-M needs a TTL"),
                            (["-m", "x"], "-m needs a whole number"),
                            (["-I", "0"], "-I needs a size"),
                            (["-O", "2000000000"], "-O needs a size")):
            res = run_tcpc(args + ["127.0.0.1", "9"])
            line = self.assertFailure(res, 2)
            self.assertIn(words, line)

    def test_refusals_say_why(self):
        for args, words in ((["-S", "-u", "127.0.0.1", "9"], "UDP has none"),
                            (["-b", "127.0.0.1", "9"], "UDP"),
                            (["-r", "127.0.0.1", "9"], "-z"),
                            (["-t", "-u", "127.0.0.1", "9"], "Telnet runs over TCP"),
                            (["-F", "-l", "0"], "-F")):
            res = run_tcpc(args)
            line = self.assertFailure(res, 2)
            self.assertIn(words, line)


if __name__ == "__main__":
    tcpctest.main()
