# SPDX-License-Identifier: MIT
"""One-shot mode: `tcpc HOST PORT --send/--hex/--file`, byte-exact output."""

import sys
import os
import socket
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc


class OneShotEchoTest(TcpcTestCase):

    def setUp(self):
        self.echo, self.port = self.start_echo()

    def oneshot(self, *args, **kw):
        return run_tcpc(["127.0.0.1", str(self.port)] + list(args), **kw)

    def assertOutput(self, res, expected):
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, expected, res)

    def test_send_text(self):
        self.assertOutput(self.oneshot("--send", "hello"), b"hello")

    def test_send_escapes(self):
        self.assertOutput(self.oneshot("--send", r"a\r\nb\x00c"), b"a\r\nb\x00c")

    def test_send_more_escapes(self):
        self.assertOutput(self.oneshot("--send", r"x\ty\\z\0!\xff"), b"x\ty\\z\x00!\xff")

    def test_send_no_escape_is_literal(self):
        self.assertOutput(self.oneshot("--send", "plain text, no newline"),
                          b"plain text, no newline")

    def test_hex_spaced(self):
        self.assertOutput(self.oneshot("--hex", "00 01 ff fe"), b"\x00\x01\xff\xfe")

    def test_hex_compact(self):
        self.assertOutput(self.oneshot("--hex", "48656c"), b"Hel")

    def test_hex_0x_commas(self):
        self.assertOutput(self.oneshot("--hex", "0x48,0x65"), b"He")

    def test_file_1mib_random(self):
        data = os.urandom(1 << 20)
        with tempfile.NamedTemporaryFile(prefix="tcpc-oneshot-", delete=False) as f:
            f.write(data)
            path = f.name
        self.addCleanup(os.unlink, path)
        res = self.oneshot("--file", path, timeout=60)
        self.assertExit(res, 0)
        self.assertEqual(len(res.stdout), len(data))
        self.assertTrue(res.stdout == data, "1 MiB round trip differs")

    def test_encoding_gbk_round_trip(self):
        res = self.oneshot("--encoding", "gbk", "--send", "你好")
        self.assertOutput(res, "你好".encode("utf-8"))

    def test_recv_size(self):
        self.assertOutput(self.oneshot("--recv-size", "3", "--send", "hello"), b"hel")


class OneShotWireTest(TcpcTestCase):
    """Against our own Python server, to see exactly what went on the wire."""

    def test_encoding_gbk_on_the_wire(self):
        srv = self.start_pyserver(tcpctest.echo_after_eof)
        res = run_tcpc(["127.0.0.1", str(srv.port), "--encoding", "gbk", "--send", "你好"])
        self.assertTrue(srv.join(), "python server did not finish")
        self.assertEqual(srv.errors, [])
        self.assertEqual(srv.received, [b"\xc4\xe3\xba\xc3"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, "你好".encode("utf-8"))

    def test_half_close_then_reads_until_server_closes(self):
        # The server answers only after EOF (so tcpc must shut down its write
        # side), in two pieces with a pause, then closes.
        def handler(server, conn):
            data = tcpctest.recv_all(conn)
            server.received.append(data)
            conn.sendall(b"got %d bytes" % len(data))
            time.sleep(0.3)  # not synchronisation: proves tcpc waits for close
            conn.sendall(b", bye")
        srv = self.start_pyserver(handler)
        res = run_tcpc(["127.0.0.1", str(srv.port), "--send", "data"])
        self.assertTrue(srv.join())
        self.assertEqual(srv.errors, [])
        self.assertEqual(srv.received, [b"data"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"got 4 bytes, bye")

    def test_idle_timeout_is_not_a_total_deadline(self):
        # Data trickles in with gaps shorter than -w but a total longer than it.
        def handler(server, conn):
            server.received.append(tcpctest.recv_all(conn))
            for piece in (b"a", b"b", b"c", b"d", b"e"):
                conn.sendall(piece)
                time.sleep(0.4)  # pacing of the server, not synchronisation
        srv = self.start_pyserver(handler)
        res = run_tcpc(["-w", "1", "127.0.0.1", str(srv.port), "--send", "x"], timeout=15)
        self.assertTrue(srv.join())
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"abcde")

    def test_idle_timeout(self):
        # A server that accepts and then says nothing: -w 1 must give up.
        release = threading.Event()
        self.addCleanup(release.set)

        def handler(server, conn):
            release.wait(tcpctest.SOCK_TIMEOUT)
        srv = self.start_pyserver(handler)
        start = time.monotonic()
        res = run_tcpc(["-w", "1", "127.0.0.1", str(srv.port), "--send", "x"], timeout=15)
        elapsed = time.monotonic() - start
        self.assertFailure(res, 1)
        self.assertEqual(res.stdout, b"")
        self.assertLess(elapsed, 8, "idle timeout of 1 s took %.1fs" % elapsed)
        self.assertGreaterEqual(elapsed, 0.9, "gave up before the timeout: %.2fs" % elapsed)


class OneShotIPv6Test(TcpcTestCase):

    def test_ipv6_loopback(self):
        try:
            probe = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            probe.bind(("::1", 0))
            probe.close()
        except OSError:
            self.skipTest("no IPv6 loopback")
        echo = self.start_tcpc(["-l", "::1", "0", "--mode", "echo"])
        self.assertEqual(echo.host, "::1", echo.err_text())
        self.assertIn("Listening on [::1]:%d" % echo.port, echo.err_text())
        res = run_tcpc(["::1", str(echo.port), "--send", r"v6\n"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"v6\n")


if __name__ == "__main__":
    tcpctest.main()
