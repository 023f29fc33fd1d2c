# SPDX-License-Identifier: MIT
"""--exec and --sh-exec (ncat's): a program with its stdin and stdout on the
connection, as a client (pipe mode), as -l for one client and as -l -k for
several at once; its exit status, its environment, its end, signals, and
the options that cannot go with it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all, run_tcpc


def pids_of_zombies_under(pid):
    """Children of `pid` that have ended but were never waited for."""
    zombies = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == pid:
            zombies.append(int(entry))
    return zombies


class ExecClientTest(TcpcTestCase):

    def test_program_talks_to_the_server(self):
        # The program's output goes to the echo server and the echo comes
        # back into the program, which writes it to stderr.
        _, port = self.start_echo()
        res = run_tcpc(["-v", "127.0.0.1", str(port), "--sh-exec",
                        "printf 'ping\\n'; head -c 5 >&2"])
        self.assertExit(res, 0)
        self.assertIn("ping\n", res.err)
        self.assertRegex(res.err, r"/bin/sh \(pid \d+\) exited with status 0")
        self.assertIn("5 bytes sent, 5 bytes received", res.err)
        self.assertEqual(res.stdout, b"", "the program has the bytes, not stdout")

    def test_exec_splits_without_a_shell(self):
        srv = self.start_pyserver(lambda server, conn: server.received.append(recv_all(conn)))
        res = run_tcpc(["127.0.0.1", str(srv.port), "--exec", "printf %s|%s $HOME 'a"])
        self.assertExit(res, 0)
        srv.join()
        # No shell: $HOME and the quote reach printf as they are.
        self.assertEqual(srv.received, [b"$HOME|'a"])

    def test_large_upload_is_byte_exact(self):
        data = os.urandom(3 * 1024 * 1024 + 17)
        with tempfile.NamedTemporaryFile() as f:
            f.write(data)
            f.flush()
            srv = self.start_pyserver(
                lambda server, conn: server.received.append(recv_all(conn)))
            res = run_tcpc(["-v", "127.0.0.1", str(srv.port), "--exec", "cat " + f.name])
            self.assertExit(res, 0)
            srv.join()
            self.assertEqual(srv.received[0], data)
            # The program's stdout is a pipe: spliced, not copied.
            self.assertIn("%d of them without a copy" % len(data), res.err)

    def test_reply_reaches_a_program_that_reads_to_the_end(self):
        # cat copies the connection to a file until the server closes.
        reply = os.urandom(2 * 1024 * 1024)

        def handler(server, conn):
            conn.sendall(reply)
        srv = self.start_pyserver(handler)
        with tempfile.NamedTemporaryFile() as out:
            res = run_tcpc(["127.0.0.1", str(srv.port), "-q", "5", "--sh-exec",
                            "exec cat > %s" % out.name])
            self.assertExit(res, 0)
            with open(out.name, "rb") as f:
                self.assertEqual(f.read(), reply)

    def test_environment_names_both_ends(self):
        srv = self.start_pyserver(lambda server, conn: server.received.append(recv_all(conn)))
        res = run_tcpc(["127.0.0.1", str(srv.port), "--sh-exec",
                        'echo "$TCPC_PROTO $TCPC_REMOTE_ADDR $TCPC_REMOTE_PORT '
                        '$NCAT_REMOTE_PORT $TCPC_LOCAL_ADDR"'])
        self.assertExit(res, 0)
        srv.join()
        self.assertEqual(srv.received[0].decode(),
                         "TCP 127.0.0.1 %d %d 127.0.0.1\n" % (srv.port, srv.port))

    def test_pipe_mode_options_keep_their_meaning(self):
        # -o copies what arrives, --recv-size stops after N bytes, -C turns
        # the program's LF into CRLF, --stats reports the connection,
        # --no-shutdown keeps the sending side open.
        got = []

        def handler(server, conn):
            conn.sendall(b"0123456789")
            got.append(conn.recv(100))
            conn.settimeout(0.5)
            try:
                got.append(conn.recv(100))
            except socket.timeout:
                got.append(None)  # no EOF: --no-shutdown
        srv = self.start_pyserver(handler)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            res = run_tcpc(["127.0.0.1", str(srv.port), "-o", out, "--recv-size", "4", "-C",
                            "--stats", "--json", "--no-shutdown", "-q", "1", "--sh-exec",
                            "printf 'a\\n'; head -c 4 >/dev/null; sleep 1"])
            self.assertExit(res, 0)
            srv.join()
            with open(out, "rb") as f:
                self.assertEqual(f.read(), b"0123")
        self.assertEqual(got, [b"a\r\n", None])
        self.assertIn('"bytes_received":4', res.err.replace(" ", ""))

    def test_a_program_that_fails_or_is_killed_is_reported(self):
        _, port = self.start_echo()
        res = run_tcpc(["127.0.0.1", str(port), "--sh-exec", "exit 3"])
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"/bin/sh \(pid \d+\) exited with status 3")
        res = run_tcpc(["127.0.0.1", str(port), "--sh-exec", "echo partial; kill -9 $$"])
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"/bin/sh \(pid \d+\) was killed by signal 9")

    def test_a_missing_program_is_one_line(self):
        _, port = self.start_echo()
        res = run_tcpc(["127.0.0.1", str(port), "--exec", "/no/such/program arg"])
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: run /no/such/program: No such file or directory")

    def test_sigterm_reaches_the_program(self):
        _, port = self.start_echo()
        with tempfile.TemporaryDirectory() as tmp:
            mark = os.path.join(tmp, "term")
            p = self.start_tcpc(["127.0.0.1", str(port), "--sh-exec",
                                 "trap 'echo got > %s; exit 7' TERM; echo up >&2; "
                                 "while :; do sleep 0.05; done" % mark],
                                wait_listening=False)
            p.wait_stderr(r"^up$")
            p.proc.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(), 143)
            with open(mark) as f:
                self.assertEqual(f.read(), "got\n")
            self.assertRegex(p.err_text(), r"exited with status 7")


class ExecListenTest(TcpcTestCase):

    def test_one_client_then_exit(self):
        p = self.start_tcpc(["-l", "127.0.0.1", "0", "--exec", "tr a-z A-Z"])
        with self.connect("127.0.0.1", p.port) as s:
            s.sendall(b"hello\n")
            s.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(s), b"HELLO\n")
        self.assertEqual(p.wait(), 0)

    def test_keep_open_serves_clients_at_once(self):
        # Each client's program waits until every client is connected, so
        # the test passes only if they run at the same time.
        with tempfile.TemporaryDirectory() as tmp:
            script = ("touch %s/$TCPC_REMOTE_PORT; "
                      "while [ $(ls %s | wc -l) -lt 3 ]; do sleep 0.02; done; "
                      "echo \"served $TCPC_REMOTE_PORT\"; cat") % (tmp, tmp)
            p = self.start_tcpc(["-l", "127.0.0.1", "0", "-k", "-v", "--sh-exec", script])
            socks = [self.connect("127.0.0.1", p.port, timeout=20) for _ in range(3)]
            for s in socks:
                port = s.getsockname()[1]
                line = b""
                while not line.endswith(b"\n"):
                    chunk = s.recv(100)
                    self.assertTrue(chunk, "closed early")
                    line += chunk
                self.assertEqual(line, b"served %d\n" % port)
            for i, s in enumerate(socks):
                s.sendall(b"echo %d" % i)
                s.shutdown(socket.SHUT_WR)
                self.assertEqual(recv_all(s), b"echo %d" % i)
            p.wait_stderr(r"exited with status 0", count=3)
            # Each client's process logs its program's end and then exits;
            # the listener reaps it on SIGCHLD. None may stay a zombie (it
            # may be one for a moment, slower under ASan: polled, no event).
            deadline = time.monotonic() + 10
            while pids_of_zombies_under(p.proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertEqual(pids_of_zombies_under(p.proc.pid), [])
            self.assertTrue(p.running(), "-k goes on")
            p.proc.send_signal(signal.SIGINT)
            self.assertEqual(p.wait(), 130)

    def test_stop_ends_every_client_program(self):
        p = self.start_tcpc(["-l", "127.0.0.1", "0", "-k", "--sh-exec",
                             "echo ready; exec sleep 60"])
        socks = [self.connect("127.0.0.1", p.port) for _ in range(2)]
        for s in socks:
            self.assertEqual(s.recv(6), b"ready\n")
        p.proc.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(timeout=10), 143)
        for s in socks:
            s.settimeout(5)
            self.assertEqual(recv_all(s), b"", "the connection is closed")
        self.assertRegex(p.err_text(), r"killed by signal 15")

    def test_program_that_dies_mid_stream_closes_the_connection(self):
        p = self.start_tcpc(["-l", "127.0.0.1", "0", "-k", "--sh-exec",
                             "head -c 4; kill -9 $$"])
        with self.connect("127.0.0.1", p.port) as s:
            s.sendall(b"abcdefgh")
            s.settimeout(5)
            self.assertEqual(recv_all(s), b"abcd")
        p.wait_stderr(r"killed by signal 9")
        self.assertTrue(p.running())

    def test_allow_and_deny_hold_before_any_program_runs(self):
        p = self.start_tcpc(["-l", "127.0.0.1", "0", "-k", "-v", "--allow", "127.0.0.2",
                             "--sh-exec", "echo served"])
        try:
            with socket.create_connection(("127.0.0.1", p.port), timeout=5) as denied:
                self.assertEqual(denied.recv(100), b"")
        except ConnectionResetError:
            pass  # the RST of a refused client, at connect or at recv
        p.wait_stderr(r"denied: not allowed")
        allowed = socket.create_connection(("127.0.0.1", p.port), timeout=5,
                                           source_address=("127.0.0.2", 0))
        self.addCleanup(allowed.close)
        self.assertEqual(recv_all(allowed), b"served\n")
        p.wait_stderr(r"exited with status 0")
        self.assertIn("denied: not allowed", p.err_text())
        self.assertEqual(p.err_text().count("Running /bin/sh"), 1)

    def test_over_a_unix_socket(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "s")
            p = self.start_tcpc(["-l", "-U", path, "--sh-exec", 'echo "$TCPC_PROTO"; cat'],
                                wait_listening=False)
            p.wait_stderr(r"^Listening on ")
            s = socket.socket(socket.AF_UNIX)
            s.connect(path)
            s.sendall(b"x")
            s.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(s), b"UNIX\nx")
            s.close()
            self.assertEqual(p.wait(), 0)


@unittest.skipUnless(shutil.which("ncat"), "ncat is not installed (scripts/setup.sh --test installs it)")
class SameAsNcatTest(TcpcTestCase):
    """The same server command line, run by ncat and by tcpc, answers a client alike."""

    SCRIPT = 'read line; echo "got $line from $NCAT_REMOTE_ADDR"; cat'

    def exchange(self, tool):
        port = tcpctest.free_port()
        proc = subprocess.Popen([tool, "-l", "127.0.0.1", str(port), "--sh-exec", self.SCRIPT],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        self.addCleanup(proc.wait)
        self.addCleanup(proc.kill)
        deadline = time.monotonic() + 10
        while True:
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        expected = b"got hello from 127.0.0.1\nrest of it"
        with s:
            # No half-close: ncat would end the connection at it, before the
            # program's answer (tcpc passes it on as the end of the input).
            s.sendall(b"hello\nrest of it")
            answer = b""
            while len(answer) < len(expected):
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        return answer, proc.wait(10)

    def test_sh_exec_server(self):
        ncat = self.exchange(shutil.which("ncat"))
        tcpc = self.exchange(tcpctest.tcpc_path())
        self.assertEqual(ncat[0], b"got hello from 127.0.0.1\nrest of it")
        self.assertEqual(tcpc, ncat)


class ExecRefusedTest(TcpcTestCase):

    def refused(self, args, text):
        res = run_tcpc(args)
        line = self.assertFailure(res, 2)
        self.assertIn(text, line)

    def test_refusals(self):
        self.refused(["127.0.0.1", "9", "--exec", "cat", "--sh-exec", "cat"],
                     "cannot use --exec and --sh-exec together")
        self.refused(["127.0.0.1", "9", "--exec", " "], "--exec needs a program")
        self.refused(["127.0.0.1", "9", "--exec", "cat", "--send", "x"],
                     "--exec is not available with one-shot mode")
        self.refused(["127.0.0.1", "9", "--exec", "cat", "--view", "hex"],
                     "--view is not available with --exec")
        self.refused(["127.0.0.1", "9", "--exec", "cat", "-d"], "-d is not available with --exec")
        self.refused(["-u", "127.0.0.1", "9", "--exec", "cat"],
                     "--exec is not available with -u")
        self.refused(["-l", "0", "--mode", "echo", "--sh-exec", "cat"],
                     "--sh-exec is not available with --mode echo")
        self.refused(["-l", "0", "-k", "--exec", "cat", "-o", "/tmp/x"],
                     "cannot use -o with -k and --exec")


if __name__ == "__main__":
    tcpctest.main()
