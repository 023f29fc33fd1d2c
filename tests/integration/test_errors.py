# SPDX-License-Identifier: MIT
"""Failures: exit 1 for the network, exit 2 for usage; one 'tcpc: ' stderr line."""

import sys
import socket
import struct
import subprocess
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, free_port, run_tcpc


class NetworkErrorTest(TcpcTestCase):

    def test_refused_oneshot(self):
        port = free_port()
        res = run_tcpc(["127.0.0.1", str(port), "--send", "x"])
        line = self.assertFailure(res, 1)
        self.assertIn("127.0.0.1:%d" % port, line)
        self.assertIn("Connection refused", line)
        self.assertEqual(res.stdout, b"")

    def test_refused_pipe(self):
        port = free_port()
        res = run_tcpc(["127.0.0.1", str(port)], input=b"data")
        line = self.assertFailure(res, 1)
        self.assertIn("127.0.0.1:%d" % port, line)
        self.assertIn("Connection refused", line)

    def test_refused_guided(self):
        port = free_port()
        res = run_tcpc([], input=b"127.0.0.1\n%d\nhi\n\n" % port)
        line = self.assertFailure(res, 1)
        self.assertIn("127.0.0.1:%d" % port, line)
        self.assertIn("Connection refused", line)

    def test_unknown_host(self):
        res = run_tcpc(["nosuch.invalid", "80", "--send", "x"])
        line = self.assertFailure(res, 1)
        self.assertTrue(line.startswith("tcpc: resolve nosuch.invalid"), line)

    def test_invalid_domain_answered_without_dns(self):
        # In a network namespace of its own, with no route to any DNS server,
        # a lookup that went to DNS would fail as "Temporary failure in name
        # resolution"; only resolve()'s own RFC 6761 answer is "unknown".
        if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
            self.skipTest("unshare --net needs root and util-linux")
        proc = subprocess.run(["unshare", "--net", tcpctest.tcpc_path(), "nosuch.invalid", "80",
                               "--send", "x"], capture_output=True, timeout=tcpctest.RUN_TIMEOUT)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stderr.decode(),
                         "tcpc: resolve nosuch.invalid: Name or service not known\n")

    def test_connect_timeout(self):
        # Loopback only: a listener that never accepts, its accept queue
        # filled, drops further SYNs, so the next connect times out.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        try:
            for _ in range(4):
                filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                filler.setblocking(False)
                filler.connect_ex(("127.0.0.1", port))
                fillers.append(filler)
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            probe.settimeout(0.5)
            try:
                probe.connect(("127.0.0.1", port))
                self.skipTest("the kernel accepted a connection beyond the backlog")
            except (socket.timeout, OSError):
                pass
            finally:
                probe.close()
            start = time.monotonic()
            res = run_tcpc(["-w", "1", "127.0.0.1", str(port), "--send", "x"], timeout=15)
            elapsed = time.monotonic() - start
            line = self.assertFailure(res, 1)
            self.assertIn("127.0.0.1:%d" % port, line)
            self.assertIn("timed out", line)
            self.assertLess(elapsed, 6, "-w 1 connect took %.1fs" % elapsed)
        finally:
            for filler in fillers:
                filler.close()
            listener.close()

    def test_reset_by_peer(self):
        # A server that reads the request up to EOF, then resets the
        # connection (SO_LINGER 0) instead of answering.
        def handler(server, conn):
            server.received.append(tcpctest.recv_all(conn))
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        srv = self.start_pyserver(handler)
        res = run_tcpc(["127.0.0.1", str(srv.port), "--send", "x"])
        self.assertTrue(srv.join())
        self.assertEqual(srv.received, [b"x"])
        self.assertFailure(res, 1)


class UsageErrorTest(TcpcTestCase):

    def test_bad_ports(self):
        for port in ("70000", "65536", "0", "abc"):
            with self.subTest(port=port):
                res = run_tcpc(["127.0.0.1", port, "--send", "x"])
                line = self.assertFailure(res, 2)
                self.assertIn(port, line)
                if port != "abc":
                    self.assertIn("must be from 1 to 65535", line)
                self.assertEqual(res.stdout, b"")

    def test_bad_port_message(self):
        res = run_tcpc(["127.0.0.1", "70000", "--send", "x"])
        line = self.assertFailure(res, 2)
        self.assertEqual(line, "tcpc: invalid port '70000': must be from 1 to 65535")

    def test_bad_listen_ports(self):
        for args in (["-l", "127.0.0.1", "70000"], ["-l", "-p", "70000"]):
            with self.subTest(args=args):
                res = run_tcpc(args)
                line = self.assertFailure(res, 2)
                self.assertIn("70000", line)

    def test_unknown_encoding(self):
        echo, port = self.start_echo()
        res = run_tcpc(["127.0.0.1", str(port), "--encoding", "foo", "--send", "x"])
        line = self.assertFailure(res, 2)
        self.assertIn("foo", line)
        self.assertIn("gbk", line)
        self.assertEqual(res.stdout, b"")

    def test_unknown_encoding_before_connecting(self):
        # A usage error is reported as such even when the peer is unreachable.
        res = run_tcpc(["127.0.0.1", str(free_port()), "--encoding", "foo", "--send", "x"])
        line = self.assertFailure(res, 2)
        self.assertIn("foo", line)

    def test_bad_hex(self):
        echo, port = self.start_echo()
        for text in ("zz", "48 6g", "0xZZ"):
            with self.subTest(hex=text):
                res = run_tcpc(["127.0.0.1", str(port), "--hex", text])
                self.assertFailure(res, 2)
                self.assertEqual(res.stdout, b"")

    def test_unknown_option(self):
        res = run_tcpc(["127.0.0.1", "80", "--no-such-option"])
        self.assertFailure(res, 2)

    def test_bad_recv_size(self):
        res = run_tcpc(["127.0.0.1", "80", "--recv-size", "abc", "--send", "x"])
        self.assertFailure(res, 2)


if __name__ == "__main__":
    tcpctest.main()
