# SPDX-License-Identifier: MIT
"""Port checks (-z HOST PORTS): the report format, exit codes and errors."""

import os
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc


class ScanTest(TcpcTestCase):

    def listener(self, host="127.0.0.1"):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(s.close)
        s.bind((host, 0))
        s.listen(64)
        return s.getsockname()[1]

    def test_open_port_is_reported_on_stderr(self):
        port = self.listener()
        res = run_tcpc(["-z", "127.0.0.1", str(port)])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"")  # stdout stays as nc leaves it: empty
        self.assertEqual(res.err, "127.0.0.1 %d open\n" % port)

    def test_closed_port_only_with_v(self):
        closed = tcpctest.free_port()
        res = run_tcpc(["-z", "127.0.0.1", str(closed)])
        self.assertExit(res, 1)
        self.assertEqual(res.err, "")
        res = run_tcpc(["-z", "-v", "127.0.0.1", str(closed)])
        self.assertExit(res, 1)
        self.assertEqual(res.err, "127.0.0.1 %d closed (Connection refused)\n" % closed)

    def test_list_range_and_separate_arguments_in_order(self):
        ports = sorted(self.listener() for _ in range(3))
        closed = tcpctest.free_port()
        spec = "%d,%d-%d" % (closed, ports[0], ports[0])
        res = run_tcpc(["-z", "-v", "--parallel", "2", "127.0.0.1", spec,
                        str(ports[1]), "%d" % ports[2]])
        self.assertExit(res, 0)
        self.assertEqual(res.err.splitlines(), [
            "127.0.0.1 %d closed (Connection refused)" % closed,
            "127.0.0.1 %d open" % ports[0],
            "127.0.0.1 %d open" % ports[1],
            "127.0.0.1 %d open" % ports[2],
        ])

    def stalled_port(self):
        """A port whose handshake never completes: its accept queue is full,
        so the kernel drops further SYNs and a connect waits for its timeout."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        for _ in range(4):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.addCleanup(filler.close)
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.settimeout(0.5)
        try:
            probe.connect(("127.0.0.1", port))
            self.skipTest("the kernel accepted a connection beyond the backlog")
        except OSError:
            pass
        finally:
            probe.close()
        return port

    def test_timeout(self):
        port = self.stalled_port()
        res = run_tcpc(["-z", "-v", "-w", "1", "127.0.0.1", str(port)])
        self.assertExit(res, 1)
        self.assertEqual(res.err, "127.0.0.1 %d timeout (no answer within 1 s)\n" % port)

    def test_parallel_bounds_the_connects_in_flight(self):
        stalled = self.stalled_port()
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(server.close)
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(tcpctest.SOCK_TIMEOUT)
        open_port = server.getsockname()[1]
        for parallel, wait in (("2", "3"), ("1", "2")):
            with self.subTest(parallel=parallel):
                start = time.monotonic()
                proc = subprocess.Popen([tcpctest.tcpc_path(), "-z", "-v", "-w", wait,
                                         "--parallel", parallel, "127.0.0.1", str(stalled),
                                         str(open_port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                conn, _ = server.accept()
                conn.close()
                if parallel == "2":
                    # Checked beside the stalled port: tcpc is still waiting for it.
                    self.assertIsNone(proc.poll())
                else:
                    # Checked only after the stalled port's timeout ran out.
                    self.assertGreaterEqual(time.monotonic() - start, float(wait) - 0.1)
                err = proc.communicate(timeout=30)[1].decode()
                self.assertEqual(proc.returncode, 0, err)
                self.assertEqual(err.splitlines(), [
                    "127.0.0.1 %d timeout (no answer within %s s)" % (stalled, wait),
                    "127.0.0.1 %d open" % open_port])

    def test_source_address(self):
        port = self.listener()
        res = run_tcpc(["-z", "-s", "127.0.0.1", "127.0.0.1", str(port)])
        self.assertExit(res, 0)

    def test_unix_socket(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        path = os.path.join(tmp.name, "s.sock")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(server.close)
        server.bind(path)
        server.listen(4)
        res = run_tcpc(["-z", "-U", path])
        self.assertExit(res, 0)
        self.assertEqual(res.err, "%s open\n" % path)
        missing = os.path.join(tmp.name, "missing.sock")
        res = run_tcpc(["-z", "-v", "-U", missing])
        self.assertExit(res, 1)
        self.assertEqual(res.err, "%s failed (No such file or directory)\n" % missing)

    def test_unknown_host(self):
        res = run_tcpc(["-z", "nosuch.invalid", "80"])
        line = self.assertFailure(res, 1)
        self.assertTrue(line.startswith("tcpc: resolve nosuch.invalid"), line)

    def test_usage_errors(self):
        for args, words in (
                (["-z", "127.0.0.1", "22,abc"],
                 "invalid port list '22,abc': invalid port 'abc'"),
                (["-z", "127.0.0.1", "70000"], "invalid port '70000'"),
                (["-z", "127.0.0.1"], "-z needs HOST and PORTS"),
                (["-z", "127.0.0.1", "80", "--send", "x"], "--send is not available with -z"),
                (["-z", "-u", "127.0.0.1", "80"], "-z and -u"),
                (["-z", "-p", "4000", "127.0.0.1", "80"], "-p is not available with -z"),
                (["-l", "-z", "127.0.0.1", "80"], "-l and -z"),
                (["-z", "--parallel", "0", "127.0.0.1", "80"], "--parallel"),
                (["--parallel", "4", "127.0.0.1", "80"], "--parallel is for -z")):
            with self.subTest(args=args):
                line = self.assertFailure(run_tcpc(args), 2)
                self.assertIn(words, line)


if __name__ == "__main__":
    tcpctest.main()
