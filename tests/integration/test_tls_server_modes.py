# SPDX-License-Identifier: MIT
"""Every server mode over TLS (`tcpc -l PORT --mode M --tls`): discard counts
the bytes, reply answers, source sends its pattern (16 MiB with an equal
SHA-256), print shows the decoded data and its console replies through TLS;
--stats, -v, the temporary certificate and --verify-client in these modes;
openssl s_client as the client; no descriptor or memory growth across a few
hundred TLS connections. Certificates come from tests/tls/gen-certs.sh, made
at test time (test_tls.setUpModule)."""

import hashlib
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
import test_tls  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402
from tcpctest import TcpcTestCase, recv_exact, run_tcpc, tcpc_path  # noqa: E402
from test_server_modes import BINARY, TIMESTAMP, chargen  # noqa: E402
from test_tls import cert, key, server_args  # noqa: E402

CHARGEN_PERIOD = 95 * 74  # 95 shifted lines of 74 bytes, then it repeats


def setUpModule():
    test_tls.setUpModule()


def tearDownModule():
    test_tls.tearDownModule()


def chargen_sha256(size):
    period = chargen(0, CHARGEN_PERIOD)
    digest = hashlib.sha256()
    while size > 0:
        digest.update(period[:size])
        size -= min(size, len(period))
    return digest.hexdigest()


def tls_connect(port, client_cert=None):
    """A Python TLS client that verifies the server against the test CA."""
    context = ssl.create_default_context(cafile=cert("ca"))
    if client_cert:
        context.load_cert_chain(cert(client_cert), key(client_cert))
    raw = socket.create_connection(("127.0.0.1", port), timeout=tcpctest.SOCK_TIMEOUT)
    return context.wrap_socket(raw, server_hostname="localhost")


def printed_chunks(out):
    """Print mode's stdout -> {client number: bytes}: a header line a chunk,
    then the bytes exactly (and a newline if they did not end with one)."""
    header = re.compile(rb"\[\d\d:\d\d:\d\d\.\d{3}\] #(\d+) 127\.0\.0\.1:\d+ < (\d+) bytes\n")
    by_client, pos = {}, 0
    while pos < len(out):
        m = header.match(out, pos)
        if m is None:
            raise AssertionError("no header at %d: %r" % (pos, out[pos:pos + 80]))
        body = out[m.end():m.end() + int(m.group(2))]
        by_client[int(m.group(1))] = by_client.get(int(m.group(1)), b"") + body
        pos = m.end() + len(body)
        if not body.endswith(b"\n"):
            pos += 1
    return by_client


class TlsModesTestCase(TcpcTestCase):

    def start_mode(self, mode_args, tls_args=None, capture_stdout=False):
        tls_args = server_args("server") if tls_args is None else tls_args
        return self.start_tcpc(["-l", "127.0.0.1", "0"] + mode_args + tls_args,
                               capture_stdout=capture_stdout)

    def tcpc_client(self, port, *args, **kw):
        return run_tcpc(["--tls", "--cafile", cert("ca"), "127.0.0.1", str(port)] + list(args),
                        **kw)


class ModesTest(TlsModesTestCase):

    def test_discard_counts_the_decrypted_bytes(self):
        server = self.start_mode(["--mode", "discard"])
        res = self.tcpc_client(server.port, input=BINARY * 1000)
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"")
        server.wait_stderr(r"#1 127\.0\.0\.1:\d+ closed \(%d bytes in, 0 out\)"
                           % (len(BINARY) * 1000))
        self.assertTrue(server.running())

    def test_reply_answers_every_message(self):
        server = self.start_mode(["--mode", "reply", "OK\\r\\n"])
        clients = [tls_connect(server.port) for _ in range(3)]
        for c in clients:
            self.addCleanup(c.close)
        for _ in range(2):
            for c in clients:
                c.sendall(b"\x01\x03\x00\x00\x00\x0a")
                self.assertEqual(recv_exact(c, 4), b"OK\r\n")
        clients[0].close()  # without close_notify; the others are still served
        clients[1].sendall(b"more")
        self.assertEqual(recv_exact(clients[1], 4), b"OK\r\n")
        clients[2].sendall(b"last")
        self.assertEqual(recv_exact(clients[2], 4), b"OK\r\n")
        clients[2].unwrap()  # close_notify both ways
        server.wait_stderr(r"#3 127\.0\.0\.1:\d+ closed \(16 bytes in, 12 out\)")

    def test_source_sends_the_pattern(self):
        server = self.start_mode(["--mode", "source", "100000"])
        res = self.tcpc_client(server.port, "-v")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, chargen(0, 100000))
        self.assertIn("verified: yes", res.err)

    def test_16_mib_through_tls_source_with_equal_sha256(self):
        size = 16 << 20
        server = self.start_mode(["--mode", "source", str(size)])
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.bin")
            with open(out, "wb") as f:
                res = self.tcpc_client(server.port, stdout=f, timeout=120)
            self.assertExit(res, 0)
            self.assertEqual(os.path.getsize(out), size)
            digest = hashlib.sha256()
            with open(out, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
        got = digest.hexdigest()
        self.assertEqual(got, chargen_sha256(size))
        server.wait_stderr(r"#1 127\.0\.0\.1:\d+ closed \(0 bytes in, %d out\)" % size)

    def test_print_shows_the_decoded_data(self):
        server = self.start_mode(["--mode", "print"], capture_stdout=True)
        a = tls_connect(server.port)
        self.addCleanup(a.close)
        server.wait_stderr(r"#1 connection from")
        res = self.tcpc_client(server.port, "--send", "second client\\n")
        self.assertExit(res, 0)
        a.sendall(BINARY)
        a.unwrap()
        out = server.stdout.wait_for(
            lambda d: d if BINARY[-8:] + b"\n" in d and b"client\n" in d else None,
            tcpctest.SOCK_TIMEOUT)
        self.assertIsNotNone(out, server.out_bytes())
        self.assertEqual(printed_chunks(out), {1: BINARY, 2: b"second client\n"})

    def test_print_decodes_gbk(self):
        server = self.start_mode(["--mode", "print", "--encoding", "gbk"], capture_stdout=True)
        res = self.tcpc_client(server.port, "--encoding", "gbk", "--send", "你好")
        self.assertExit(res, 0)
        out = server.wait_stdout("你好\n".encode()).decode()
        self.assertRegex(out, r"^%s #1 127\.0\.0\.1:\d+ < 4 bytes\n你好\n$" % TIMESTAMP)


class PrintConsoleTest(TlsModesTestCase):

    def test_typed_replies_reach_a_tls_client(self):
        term = PtyProcess([tcpc_path(), "-l", "127.0.0.1", "0", "--mode", "print", "-v"] +
                          server_args("server"))
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        term.wait_screen(r"^reply> ?$")
        c = tls_connect(port)
        self.addCleanup(c.close)
        term.wait_screen(r"^#1 connection from 127\.0\.0\.1:%d$" % c.getsockname()[1])
        term.wait_screen(r"^127\.0\.0\.1:%d TLS: TLSv1\.3, " % c.getsockname()[1])
        c.sendall(b"from tls")
        term.wait_screen(r"^%s #1 127\.0\.0\.1:\d+ < 8 bytes\nfrom tls$" % TIMESTAMP)
        term.type_line("hello over tls")
        self.assertEqual(recv_exact(c, 15), b"hello over tls\n")
        term.type_line("/hex 00 ff 00")
        self.assertEqual(recv_exact(c, 3), b"\x00\xff\x00")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())


class OptionsTest(TlsModesTestCase):

    def test_stats_per_client(self):
        server = self.start_mode(["--mode", "discard", "--stats"])
        res = self.tcpc_client(server.port, "--send", "seven b")
        self.assertExit(res, 0)
        server.wait_stderr(r"TCP statistics: server 127\.0\.0\.1:%d <- client" % server.port)
        server.wait_stderr(r"time sending")
        self.assertRegex(server.err_text(), r"\n  received\s+7 bytes")

    def test_verbose_shows_each_session(self):
        server = self.start_mode(["--mode", "reply", "pong", "-v"])
        res = self.tcpc_client(server.port, "--send", "ping")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"pong")
        server.wait_stderr(r"^127\.0\.0\.1:\d+ TLS: TLSv1\.[23], ")

    def test_temporary_certificate_in_source_mode(self):
        server = self.start_mode(["--mode", "source", "1000"], tls_args=["--tls"])
        m = re.search(r"SHA-256: ([0-9A-F:]{95})", server.err_text())
        self.assertTrue(m, server.err_text())
        res = run_tcpc(["--tls", "--insecure", "-v", "127.0.0.1", str(server.port)])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, chargen(0, 1000))
        self.assertIn("SHA-256:  " + m.group(1), res.err)

    def test_verify_client_in_reply_mode(self):
        server = self.start_mode(["--mode", "reply", "pong"],
                                 server_args("server") + ["--verify-client", "--cafile",
                                                          cert("ca")])
        res = self.tcpc_client(server.port, "--send", test_tls.SECRET.decode())
        self.assertRegex(self.assertFailure(res, 1), r"requires a client certificate")
        server.wait_stderr(r"#1 .*closed: .*the client sent no certificate")
        res = self.tcpc_client(server.port, "--send", "ping", "--cert", cert("client"),
                               "--key", key("client"))
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"pong")

    s_client = test_tls.OpensslInteropTest.s_client  # openssl s_client, cleaned up after

    def test_openssl_s_client_in_reply_mode(self):
        server = self.start_mode(["--mode", "reply", "pong\\n"])
        proc, out, err = self.s_client(server.port)
        proc.stdin.write(b"ping\n")
        proc.stdin.flush()
        got = out.wait_for(lambda d: d if b"pong\n" in d else None, tcpctest.SOCK_TIMEOUT)
        self.assertTrue(got, "s_client got %r; stderr %r" % (out.snapshot(), err.snapshot()))
        proc.kill()  # -quiet ignores the end of its input
        server.wait_stderr(r"#1 127\.0\.0\.1:\d+ closed.* \(5 bytes in, 5 out\)")


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) * 1024


def wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)  # polling a /proc figure: there is no event to wait on
    return predicate()


class ResourceTest(TlsModesTestCase):

    def connection(self, port, kind):
        if kind == 0:    # a clean session: data, then close_notify both ways
            c = tls_connect(port)
            c.sendall(b"x" * 1000)
            c.unwrap().close()
            return
        raw = socket.create_connection(("127.0.0.1", port), timeout=tcpctest.SOCK_TIMEOUT)
        if kind == 1:    # a session reset mid-stream
            c = ssl.create_default_context(cafile=cert("ca")).wrap_socket(
                raw, server_hostname="localhost")
            c.sendall(b"y" * 20000)
            raw = c
        elif kind == 2:  # half a ClientHello, then gone
            raw.sendall(b"\x16\x03\x01\x02\x00\x01")
        else:            # not TLS at all
            raw.sendall(b"GET / HTTP/1.0\r\n\r\n")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raw.close()

    def test_no_fd_or_memory_growth_across_tls_connections(self):
        # ASan's quarantine would hold freed memory: keep it small for this process.
        os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=1"
        server = self.start_mode(["--mode", "discard"])
        pid, closed = server.proc.pid, lambda: server.err_text().count(" closed")
        for i in range(100):  # warm up the allocator and OpenSSL's caches
            self.connection(server.port, i % 4)
        self.assertTrue(wait_until(lambda: closed() >= 100, 30), server.err_text()[-2000:])
        fds_before, rss_before = fd_count(pid), rss(pid)
        for i in range(300):
            self.connection(server.port, i % 4)
        self.assertTrue(wait_until(lambda: closed() >= 400, 60), server.err_text()[-2000:])
        # At most as many as before: the count before may include a client
        # the server had logged as closed but not yet closed (its log line
        # comes first), so fewer after is fine; more would be a leak.
        self.assertTrue(wait_until(lambda: fd_count(pid) <= fds_before, 10),
                        "fds: %d before, %d after" % (fds_before, fd_count(pid)))
        # A TLS session holds tens of KiB: leaking them would show as many MiB.
        rss_after = rss(pid)
        self.assertLess(rss_after - rss_before, 4 << 20,
                        "RSS grew from %d to %d" % (rss_before, rss_after))
        res = self.tcpc_client(server.port, input=b"still here")
        self.assertExit(res, 0)
        server.wait_stderr(r"closed \(10 bytes in, 0 out\)")


if __name__ == "__main__":
    tcpctest.main()
