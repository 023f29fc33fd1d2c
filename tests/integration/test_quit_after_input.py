# SPDX-License-Identifier: MIT
"""nc's -q over every transport: `tcpc -q 1` sends its input, goes on
receiving for one second, then quits, although the server keeps the
connection open. Plain TCP, a Unix socket (-U) and TLS (--tls) run the one
relay engine, so -q must behave the same over each (it once worked over
plain sockets only). Certificates come from tests/tls/gen-certs.sh (made
by test_tls's setUpModule)."""

import os
import socket
import ssl
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
import test_tls  # noqa: E402  the certificates
from tcpctest import TcpcTestCase, recv_all, run_tcpc  # noqa: E402
from test_tls import cert, key  # noqa: E402

QUIT_AFTER = 1  # seconds: the -q argument


def setUpModule():
    test_tls.setUpModule()


def tearDownModule():
    test_tls.tearDownModule()


class HoldingServer:
    """Accepts one client on `listener`, sends `reply` at once, reads the
    request to its end and keeps the connection open until the test is
    over: only -q can end tcpc. `wrap` turns the accepted socket into the
    one to talk over (TLS)."""

    def __init__(self, listener, reply, wrap=lambda conn: conn):
        self.listener = listener
        self.reply = reply
        self.wrap = wrap
        self.received = None
        self.errors = []
        self.got_request = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            raw, _ = self.listener.accept()
            raw.settimeout(tcpctest.SOCK_TIMEOUT)
            conn = self.wrap(raw)
            with conn:
                conn.sendall(self.reply)
                self.received = recv_all(conn)
                self.got_request.set()
                self.release.wait(tcpctest.RUN_TIMEOUT)
        except Exception as e:  # recorded for the test to report
            self.errors.append(e)
            self.got_request.set()

    def stop(self):
        self.release.set()
        self.thread.join(tcpctest.SOCK_TIMEOUT)
        self.listener.close()


class QuitAfterInputTest(TcpcTestCase):

    def serve(self, family, address, wrap=lambda conn: conn):
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.bind(address)
        listener.listen(1)
        listener.settimeout(tcpctest.SOCK_TIMEOUT)
        server = HoldingServer(listener, b"answer", wrap)
        self.addCleanup(server.stop)
        return server, listener.getsockname()

    def assertQuitsAfterInput(self, server, args):
        start = time.monotonic()
        res = run_tcpc(["-q", str(QUIT_AFTER)] + args, input=b"request")
        took = time.monotonic() - start
        self.assertExit(res, 0)
        self.assertTrue(server.got_request.wait(tcpctest.SOCK_TIMEOUT))
        self.assertEqual(server.errors, [])
        self.assertEqual(server.received, b"request")  # and its end: tcpc half-closed
        self.assertEqual(res.stdout, b"answer")
        # The server still held the connection: tcpc ended it by -q, not
        # before its second had passed (a lower bound, never a race).
        self.assertTrue(server.thread.is_alive())
        self.assertGreaterEqual(took, QUIT_AFTER)

    def test_tcp(self):
        server, (_, port) = self.serve(socket.AF_INET, ("127.0.0.1", 0))
        self.assertQuitsAfterInput(server, ["127.0.0.1", str(port)])

    def test_unix_socket(self):
        directory = tempfile.mkdtemp(prefix="tcpc-quit-")
        path = os.path.join(directory, "socket")
        self.addCleanup(os.rmdir, directory)
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        server, _ = self.serve(socket.AF_UNIX, path)
        self.assertQuitsAfterInput(server, ["-U", path])

    def test_tls(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert("server"), key("server"))
        server, (_, port) = self.serve(socket.AF_INET, ("127.0.0.1", 0),
                                       lambda raw: context.wrap_socket(raw, server_side=True))
        self.assertQuitsAfterInput(server, ["--tls", "--cafile", cert("ca"), "127.0.0.1",
                                            str(port)])


if __name__ == "__main__":
    unittest.main()
