# SPDX-License-Identifier: MIT
"""Ctrl-C (SIGINT) and SIGTERM: in pipe mode, in `-l` and in the servers tcpc
stops cleanly: the connections are closed (the peer sees an orderly end of
stream), -v / --stats print the totals as at a normal end, and the exit code
is 130 (SIGINT) or 143 (SIGTERM). Every signal is sent only once tcpc is
seen relaying (data echoed) or listening, never after a sleep."""

import signal
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all, recv_exact

EXIT_CODE = {signal.SIGINT: 130, signal.SIGTERM: 143}


def pong_until_closed(server, conn):
    """Reads "ping\\n", answers "pong\\n", then records what else came before EOF."""
    server.received.append(recv_exact(conn, 5))
    conn.sendall(b"pong\n")
    server.received.append(recv_all(conn))


class SignalTestCase(TcpcTestCase):

    def stop_with(self, process, signum):
        process.proc.send_signal(signum)
        rc = process.wait()
        self.assertEqual(rc, EXIT_CODE[signum], process.err_text())
        return process.err_text()

    def start_pipe_client(self, port, extra=()):
        """tcpc in pipe mode, its stdin kept open; returns once "ping" went
        through and "pong" came back (the relay is running)."""
        p = self.start_tcpc(list(extra) + ["127.0.0.1", str(port)], stdin=subprocess.PIPE,
                            capture_stdout=True, wait_listening=False)
        p.proc.stdin.write(b"ping\n")
        p.proc.stdin.flush()
        self.assertEqual(p.wait_stdout(b"pong\n"), b"pong\n")
        return p


class PipeModeTest(SignalTestCase):

    def test_sigint_prints_totals_and_exits_130(self):
        server = self.start_pyserver(pong_until_closed)
        p = self.start_pipe_client(server.port, ["-v"])
        err = self.stop_with(p, signal.SIGINT)
        self.assertRegex(err, r"\n5 bytes sent, 5 bytes received in [\d.]+ seconds\n")
        # The connection was closed, not left to the kernel's exit clean-up:
        # the server's read ends with an orderly EOF.
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b"ping\n", b""])
        self.assertEqual(server.errors, [])

    def test_sigterm_prints_stats_and_exits_143(self):
        server = self.start_pyserver(pong_until_closed)
        p = self.start_pipe_client(server.port, ["--stats"])
        err = self.stop_with(p, signal.SIGTERM)
        self.assertRegex(err, r"TCP statistics: client 127\.0\.0\.1:\d+ -> server 127\.0\.0\.1:%d"
                         % server.port)
        self.assertRegex(err, r"\n  sent\s+5 bytes")
        self.assertRegex(err, r"\n  received\s+5 bytes")
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b"ping\n", b""])

    def test_without_v_only_the_exit_code(self):
        server = self.start_pyserver(pong_until_closed)
        p = self.start_pipe_client(server.port)
        err = self.stop_with(p, signal.SIGINT)
        self.assertEqual(err, "")
        self.assertTrue(server.join())


class ListenRelayTest(SignalTestCase):

    def test_sigint_while_relaying_prints_totals(self):
        p = self.start_tcpc(["-l", "-v", "127.0.0.1", "0"], stdin=subprocess.PIPE,
                            capture_stdout=True)
        c = self.connect(p.host, p.port)
        c.sendall(b"hello")
        self.assertEqual(p.wait_stdout(b"hello"), b"hello")
        err = self.stop_with(p, signal.SIGINT)
        self.assertRegex(err, r"closed: 0 bytes sent, 5 bytes received in [\d.]+ seconds\n")
        self.assertEqual(recv_all(c), b"")  # an orderly end of stream, no reset

    def test_sigterm_while_waiting_for_a_client(self):
        p = self.start_tcpc(["-l", "-k", "-v", "127.0.0.1", "0"], stdin=subprocess.PIPE)
        self.stop_with(p, signal.SIGTERM)

    def test_keep_listening_sigint_between_clients(self):
        p = self.start_tcpc(["-l", "-k", "-v", "127.0.0.1", "0"], capture_stdout=True)
        c = self.connect(p.host, p.port)
        c.sendall(b"one")
        c.close()
        p.wait_stderr(r"closed: 0 bytes sent, 3 bytes received")
        self.stop_with(p, signal.SIGINT)


class ServerModeTest(SignalTestCase):

    def echo_one(self, extra):
        """An echo server with one client connected and served."""
        echo, port = self.start_echo(extra)
        c = self.connect("127.0.0.1", port)
        c.sendall(b"abc")
        self.assertEqual(recv_exact(c, 3), b"abc")
        return echo, port, c

    def test_sigterm_closes_clients_and_prints_totals(self):
        echo, port, c = self.echo_one(["-v"])
        err = self.stop_with(echo, signal.SIGTERM)
        self.assertRegex(err, r"#1 127\.0\.0\.1:\d+ closed \(server stopped\) \(3 bytes in, 3 out\)")
        self.assertIn("\n1 client, 3 bytes received, 3 bytes sent\n", err)
        self.assertEqual(recv_all(c), b"")  # closed by tcpc: EOF, not a reset

    def test_sigint_with_stats_reports_the_open_connection(self):
        echo, port, c = self.echo_one(["--stats"])
        err = self.stop_with(echo, signal.SIGINT)
        self.assertRegex(err, r"TCP statistics: server 127\.0\.0\.1:%d <- client" % port)
        self.assertRegex(err, r"\n  received\s+3 bytes")
        self.assertIn("\n1 client, 3 bytes received, 3 bytes sent\n", err)
        self.assertEqual(recv_all(c), b"")

    def test_print_mode_sigint(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "print", "-v"],
                                 capture_stdout=True)
        c = self.connect(server.host, server.port)
        c.sendall(b"12345")
        self.assertTrue(server.stdout.wait_for(lambda d: b"12345" in d, tcpctest.SOCK_TIMEOUT),
                        server.out_bytes())
        err = self.stop_with(server, signal.SIGINT)
        self.assertIn("\n1 client, 5 bytes received, 0 bytes sent\n", err)
        self.assertEqual(recv_all(c), b"")


class TlsTest(SignalTestCase):
    """The stream relay (TLS) watches the same descriptor."""

    @classmethod
    def setUpClass(cls):
        import test_tls  # its certificates, made at test time
        test_tls.setUpModule()
        cls.tls = test_tls

    @classmethod
    def tearDownClass(cls):
        cls.tls.tearDownModule()

    def test_tls_client_and_server(self):
        echo = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo", "-v"] +
                               self.tls.server_args("server"))
        client = self.start_tcpc(["-v", "--tls", "--cafile", self.tls.cert("ca"),
                                  "127.0.0.1", str(echo.port)], stdin=subprocess.PIPE,
                                 capture_stdout=True, wait_listening=False)
        client.proc.stdin.write(b"ping\n")
        client.proc.stdin.flush()
        self.assertEqual(client.wait_stdout(b"ping\n"), b"ping\n")
        err = self.stop_with(client, signal.SIGINT)
        self.assertRegex(err, r"\n5 bytes sent, 5 bytes received in [\d.]+ seconds\n")
        echo.wait_stderr(r"#1 .* closed")
        err = self.stop_with(echo, signal.SIGTERM)
        self.assertIn("\n1 client, 5 bytes received, 5 bytes sent\n", err)


if __name__ == "__main__":
    tcpctest.main()
