# SPDX-License-Identifier: MIT
"""Listen mode (`tcpc -l [HOST] PORT`, `-l -p PORT`, `-k`) and the echo server."""

import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all, recv_exact, tcpc_path  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402


class ListenTest(TcpcTestCase):

    def start_listen(self, args, stdin=subprocess.DEVNULL):
        return self.start_tcpc(args, stdin=stdin, capture_stdout=True)

    def test_relay_both_ways(self):
        p = self.start_listen(["-l", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        self.assertEqual(p.host, "127.0.0.1")
        c = self.connect("127.0.0.1", p.port)
        p.wait_stderr(r"Connection from 127\.0\.0\.1:%d\b" % c.getsockname()[1])
        c.sendall(b"from client")
        self.assertEqual(p.wait_stdout(b"from client"), b"from client")
        p.proc.stdin.write(b"from server\n")
        p.proc.stdin.flush()
        self.assertEqual(recv_exact(c, len(b"from server\n")), b"from server\n")
        c.close()
        # The client's end says it sends no more, not that it takes no more:
        # tcpc goes on until its own input ends too.
        p.wait_stderr(r"Connection from ")
        self.assertTrue(p.running(), "ended with stdin still open: %s" % p.err_text())
        p.proc.stdin.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), b"from client")

    def test_stdin_eof_half_closes_to_client(self):
        p = self.start_listen(["-l", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        c = self.connect("127.0.0.1", p.port)
        p.wait_stderr(r"Connection from ")
        p.proc.stdin.write(b"last words")
        p.proc.stdin.close()
        # The client sees the data and then EOF, but can still talk.
        self.assertEqual(recv_all(c), b"last words")
        c.sendall(b"still here")
        self.assertEqual(p.wait_stdout(b"still here"), b"still here")
        c.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), b"still here")

    def test_binary_bytes_from_client(self):
        p = self.start_listen(["-l", "127.0.0.1", "0"])
        c = self.connect("127.0.0.1", p.port)
        data = bytes(range(256)) * 64
        c.sendall(data)
        c.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), data)

    def test_keep_listening(self):
        p = self.start_listen(["-k", "-l", "127.0.0.1", "0"])
        for i, msg in enumerate((b"first", b"second"), start=1):
            c = self.connect("127.0.0.1", p.port)
            p.wait_stderr(r"Connection from 127\.0\.0\.1:%d\b" % c.getsockname()[1])
            c.sendall(msg)
            c.close()
            want = b"first" if i == 1 else b"firstsecond"
            self.assertEqual(p.wait_stdout(want), want)
        # Still waiting for a third client; a third one is accepted as well.
        self.assertTrue(p.running(), "-k must keep listening: %s" % p.err_text())
        c = self.connect("127.0.0.1", p.port)
        p.wait_stderr(r"Connection from ", count=3)
        c.close()
        self.assertTrue(p.running())
        p.stop()

    def test_everything_piped_in_reaches_a_client_that_sent_nothing(self):
        # cat file | tcpc -l PORT, and tcpc HOST PORT </dev/null: the client
        # half-closes at once; the listener must still send all of its input
        # (it used to stop at the client's end after a few hundred KiB).
        data = os.urandom(8 << 20)
        p = self.start_listen(["-l", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        writer = threading.Thread(target=lambda: (p.proc.stdin.write(data), p.proc.stdin.close()))
        writer.start()
        try:
            res = tcpctest.run_tcpc(["127.0.0.1", str(p.port)], input=b"")
        finally:
            writer.join(tcpctest.RUN_TIMEOUT)
        self.assertExit(res, 0)
        self.assertEqual(len(res.stdout), len(data))
        self.assertTrue(res.stdout == data, "the client received other bytes")
        self.assertEqual(p.wait(), 0, p.err_text())

    def test_input_still_flowing_after_the_client_half_closed(self):
        p = self.start_listen(["-l", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        c = self.connect("127.0.0.1", p.port)
        p.wait_stderr(r"Connection from ")
        c.sendall(b"request")
        c.shutdown(socket.SHUT_WR)
        self.assertEqual(p.wait_stdout(b"request"), b"request")
        for part in (b"part one, ", b"part two"):
            p.proc.stdin.write(part)
            p.proc.stdin.flush()
            time.sleep(0.2)  # pieces apart in time, after the client's end
        p.proc.stdin.close()
        self.assertEqual(recv_all(c), b"part one, part two")
        self.assertEqual(p.wait(), 0, p.err_text())

    def test_dash_p_form(self):
        p = self.start_listen(["-l", "-p", "0"])
        self.assertNotEqual(p.port, 0)
        c = self.connect("127.0.0.1", p.port)
        p.wait_stderr(r"Connection from \S*127\.0\.0\.1\S*:%d\b" % c.getsockname()[1])
        c.sendall(b"via -p")
        c.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), b"via -p")

    def test_without_host(self):
        p = self.start_listen(["-l", "0"])
        c = self.connect("127.0.0.1", p.port)
        c.sendall(b"no host")
        c.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), b"no host")


class ListenOnATerminalTest(TcpcTestCase):
    """`tcpc -l PORT` on a terminal has the session's display: what arrives
    never mixes into the line being typed."""

    def test_arriving_data_stays_out_of_the_typed_line(self):
        term = PtyProcess([tcpc_path(), "-l", "127.0.0.1", "0"])
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        c = self.connect("127.0.0.1", port)
        peer = r"127\.0\.0\.1:%d" % c.getsockname()[1]
        term.wait_screen(r"^-- connection from %s to 127\.0\.0\.1:%d" % (peer, port))
        prompt = r"^%s> ?" % peer
        term.wait_screen(prompt + r"$")
        term.send("typed at li")
        term.wait_screen(prompt + r"typed at li$")
        c.sendall(b"[18:24:44.050] < 8 bytes")
        term.wait_screen(r"^\[18:24:44\.050\] < 8 bytes$")
        term.wait_screen(prompt + r"typed at li$")
        term.type_line("sten")
        self.assertEqual(recv_exact(c, 16), b"typed at listen\n")
        c.close()
        term.wait_screen(r"^-- connection closed by the client: 16 bytes sent, 24 bytes received")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_no_shutdown_keeps_the_relay_and_sends_no_end_of_data(self):
        # The session display would end the connection at Ctrl-D; with
        # --no-shutdown, -l stays the relay, as with -q or -d.
        term = PtyProcess([tcpc_path(), "-l", "127.0.0.1", "0", "--no-shutdown"])
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        c = self.connect("127.0.0.1", port)
        term.wait_screen(r"^Connection from 127\.0\.0\.1:%d$" % c.getsockname()[1])
        term.type_line("typed")
        self.assertEqual(recv_exact(c, 6), b"typed\n")
        term.send("\x04")  # Ctrl-D: the end of tcpc's input, but no half-close
        c.settimeout(0.5)
        with self.assertRaises(socket.timeout):
            c.recv(1)
        self.assertNotIn("-- connection", term.screen.text())
        c.sendall(b"still heard")
        term.wait_screen(r"still heard")
        c.close()
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_keep_listening_serves_the_next_client_and_ctrl_c_stops(self):
        term = PtyProcess([tcpc_path(), "-l", "-k", "127.0.0.1", "0"])
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        for i in (1, 2):
            c = self.connect("127.0.0.1", port)
            term.wait_screen(r"^-- connection from 127\.0\.0\.1:%d" % c.getsockname()[1])
            c.sendall(b"client %d\n" % i)
            term.wait_screen(r"^client %d$" % i)
            c.close()
            term.wait_screen(r"^-- connection closed by the client", count=i)
        # Seen the last line: Ctrl-C is the listener's again.
        term.send("\x03")
        self.assertEqual(term.wait_exit(), 130, term.screen.text())


class EchoServerTest(TcpcTestCase):

    def test_many_clients_at_once(self):
        echo, port = self.start_echo()
        clients = [self.connect("127.0.0.1", port) for _ in range(8)]
        # All are connected at the same time; each gets its own echo.
        for i, c in enumerate(clients):
            c.sendall(b"client %d\n" % i)
        for i, c in enumerate(reversed(clients)):
            n = len(clients) - 1 - i
            self.assertEqual(recv_exact(c, len(b"client %d\n" % n)), b"client %d\n" % n)
        for c in clients:
            c.close()
        echo.wait_stderr(r"connection from", count=8, flags=re.I)
        self.assertTrue(echo.running())

    def test_large_echo(self):
        echo, port = self.start_echo()
        c = self.connect("127.0.0.1", port)
        data = bytes(range(256)) * 4096  # 1 MiB
        got = b""
        view = memoryview(data)
        for off in range(0, len(data), 65536):
            c.sendall(view[off:off + 65536])
            got += recv_exact(c, min(65536, len(data) - off))
        self.assertEqual(got, data)

    def test_once(self):
        echo, port = self.start_echo(["--once"])
        c = self.connect("127.0.0.1", port)
        c.sendall(b"only once")
        self.assertEqual(recv_exact(c, 9), b"only once")
        c.close()
        self.assertEqual(echo.wait(), 0, echo.err_text())

    def test_sigterm_stops_it(self):
        echo, port = self.start_echo()
        c = self.connect("127.0.0.1", port)
        c.sendall(b"x")
        self.assertEqual(recv_exact(c, 1), b"x")
        echo.proc.terminate()
        echo.wait(tcpctest.STOP_TIMEOUT)


if __name__ == "__main__":
    tcpctest.main()
