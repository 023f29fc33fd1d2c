# SPDX-License-Identifier: MIT
"""nc's -U (Unix sockets), -C (CRLF) and -q (quit after input) in tcpc's
TCP modes, and the conflicts between nc flags (exit 2, before any I/O)."""

import os
import socket
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all, run_tcpc


class UnixSocketTest(TcpcTestCase):

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name

    def start_unix_echo(self, path):
        p = self.start_tcpc(["-l", "-U", path, "--mode", "echo"], wait_listening=False)
        p.wait_stderr(r"^Listening on %s$" % path)
        return p

    def test_pipe_and_oneshot_against_the_echo_server(self):
        path = os.path.join(self.dir, "echo.sock")
        self.start_unix_echo(path)
        res = run_tcpc(["-U", path], input=b"over a unix socket\n")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"over a unix socket\n")
        res = run_tcpc(["-v", "-U", path, "--send", "one-shot"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"one-shot")
        self.assertIn("Connected to %s" % path, res.err)

    def test_listen_relays_one_client(self):
        path = os.path.join(self.dir, "listen.sock")
        p = self.start_tcpc(["-l", "-U", path], stdin=subprocess.PIPE, capture_stdout=True,
                            wait_listening=False)
        p.wait_stderr(r"^Listening on %s$" % path)
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(c.close)
        c.settimeout(tcpctest.SOCK_TIMEOUT)
        c.connect(path)
        # The client is unnamed: the log says where it came in, never that
        # the server's own path is the client.
        p.wait_stderr(r"^Connection received on %s$" % path)
        self.assertNotIn("Connection from", p.err_text())
        p.proc.stdin.write(b"to client")
        p.proc.stdin.close()
        self.assertEqual(recv_all(c), b"to client")  # then the half-close
        c.sendall(b"to server")
        c.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), b"to server")

    def test_stale_socket_file_is_reused_but_not_a_regular_file(self):
        path = os.path.join(self.dir, "again.sock")
        for _ in range(2):  # the first server leaves its socket file behind, as nc does
            p = self.start_tcpc(["-l", "-U", path, "--mode", "echo", "--once"],
                                wait_listening=False)
            p.wait_stderr(r"^Listening on %s$" % path)
            self.assertEqual(run_tcpc(["-U", path], input=b"x").stdout, b"x")
            self.assertEqual(p.wait(), 0, p.err_text())
        regular = os.path.join(self.dir, "notes.txt")
        with open(regular, "w") as f:
            f.write("keep me")
        res = run_tcpc(["-l", "-U", regular])
        line = self.assertFailure(res, 1)
        self.assertIn("Address already in use", line)
        with open(regular) as f:
            self.assertEqual(f.read(), "keep me")

    def test_missing_path(self):
        path = os.path.join(self.dir, "none.sock")
        line = self.assertFailure(run_tcpc(["-U", path]), 1)
        self.assertEqual(line, "tcpc: connect to %s: No such file or directory" % path)


class CrlfTest(TcpcTestCase):

    def capture_server(self):
        def handler(server, conn):
            server.received.append(recv_all(conn))
        return self.start_pyserver(handler)

    def test_pipe_mode(self):
        srv = self.capture_server()
        res = run_tcpc(["-C", "127.0.0.1", str(srv.port)], input=b"HELO x\nQUIT\r\nend")
        self.assertExit(res, 0)
        self.assertTrue(srv.join())
        self.assertEqual(srv.received, [b"HELO x\r\nQUIT\r\nend"])

    def test_send_and_encoding(self):
        srv = self.capture_server()
        res = run_tcpc(["-C", "127.0.0.1", str(srv.port), "--send", "PING\\n", "-w", "1"])
        self.assertTrue(srv.join())
        self.assertEqual(srv.received, [b"PING\r\n"])
        srv = self.capture_server()
        res = run_tcpc(["-C", "--encoding", "gbk", "127.0.0.1", str(srv.port)],
                       input="你好\n".encode())
        self.assertExit(res, 0)
        self.assertTrue(srv.join())
        self.assertEqual(srv.received, ["你好\r\n".encode("gbk")])

    def test_listen_mode(self):
        p = self.start_tcpc(["-l", "-C", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        c = self.connect("127.0.0.1", p.port)
        p.proc.stdin.write(b"a\nb\n")
        p.proc.stdin.close()
        self.assertEqual(recv_all(c), b"a\r\nb\r\n")


class QuitTest(TcpcTestCase):

    def holding_server(self, reply=b""):
        """Reads the request to its end, answers `reply`, and keeps the
        connection open until the test is over: only -q can end tcpc."""
        release = threading.Event()
        self.addCleanup(release.set)

        def handler(server, conn):
            server.received.append(recv_all(conn))
            server.got_request.set()
            conn.sendall(reply)
            release.wait(tcpctest.RUN_TIMEOUT)
        srv = self.start_pyserver(handler)
        srv.got_request = threading.Event()
        return srv

    def test_quit_zero(self):
        srv = self.holding_server()
        res = run_tcpc(["-q", "0", "127.0.0.1", str(srv.port)], input=b"request")
        self.assertExit(res, 0)
        self.assertTrue(srv.got_request.wait(tcpctest.SOCK_TIMEOUT))
        self.assertEqual(srv.received, [b"request"])

    def test_reply_within_the_window_is_printed(self):
        srv = self.holding_server(reply=b"answer")
        res = run_tcpc(["-q", "2", "127.0.0.1", str(srv.port)], input=b"request")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"answer")

    def test_negative_waits_for_the_server_as_by_default(self):
        def handler(server, conn):
            server.received.append(recv_all(conn))
            conn.sendall(b"bye")
        srv = self.start_pyserver(handler)
        res = run_tcpc(["-q", "-1", "127.0.0.1", str(srv.port)], input=b"x")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"bye")

    def test_listen_mode(self):
        p = self.start_tcpc(["-l", "-q", "0", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        c = self.connect("127.0.0.1", p.port)
        p.wait_stderr(r"Connection from ")
        p.proc.stdin.write(b"served")
        p.proc.stdin.close()
        # tcpc quits although the client keeps its side open.
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(recv_all(c), b"served")


class ConflictTest(TcpcTestCase):

    def test_refused_before_any_io(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = str(listener.getsockname()[1])
        for args, words in (
                (["-U", "-4", "/tmp/x.sock"], "-4 is not available with -U"),
                (["-U", "-6", "/tmp/x.sock"], "-6 is not available with -U"),
                (["-U", "-p", "5000", "/tmp/x.sock"], "-p is not available with -U"),
                (["-U", "-s", "127.0.0.1", "/tmp/x.sock"], "-s is not available with -U"),
                (["-U", "/tmp/a.sock", "/tmp/b.sock"], "-U needs one PATH"),
                (["-C", "127.0.0.1", port, "--hex", "41"], "-C and --hex"),
                (["-q", "1", "-d", "127.0.0.1", port], "-q and -d"),
                (["-q", "1", "-l", "127.0.0.1", "0", "--mode", "echo"], "-q is not available with --mode echo"),
                (["-u", "-N", "127.0.0.1", port], "-N is not available with -u"),
                (["-l", "-z", "127.0.0.1", port], "-l and -z"),
                (["-4", "-6", "127.0.0.1", port], "-4 and -6"),
                (["-q", "x", "127.0.0.1", port], "-q")):
            with self.subTest(args=args):
                line = self.assertFailure(run_tcpc(args), 2)
                self.assertIn(words, line)
        listener.setblocking(False)
        with self.assertRaises(BlockingIOError, msg="a refused command connected anyway"):
            listener.accept()


if __name__ == "__main__":
    tcpctest.main()
