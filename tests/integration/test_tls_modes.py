# SPDX-License-Identifier: MIT
"""`--tls` in the interactive session, guided mode and `tcpc bench`, and the
library's tls::connect() through examples/tls_client: each works over a
verified TLS session, and each refuses a bad certificate with exit 1 and the
reason before any user data goes out. Certificates come from
tests/tls/gen-certs.sh (made at test time by test_tls's setUpModule)."""

import json
import os
import socket
import ssl
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import localetest  # noqa: E402
import tcpctest  # noqa: E402
import test_tls  # noqa: E402  the certificates and the TLS helpers
from tcpctest import recv_exact, run_tcpc, tcpc_path  # noqa: E402
from localetest import ZH_ENV  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402
from test_tls import SECRET, TlsTestCase, cert, key  # noqa: E402

PROMPT = r"^127\.0\.0\.1:\d+> ?"


def setUpModule():
    test_tls.setUpModule()


def tearDownModule():
    test_tls.tearDownModule()


def refused_reason():
    """What an expired server certificate is refused with, in plain words."""
    return (r"TLS handshake with 127\.0\.0\.1:\d+: certificate verification failed: "
            r"the server's certificate expired on \d{4}-\d\d-\d\d")


class SessionTest(TlsTestCase):

    def tls_listener(self):
        """A Python TLS server socket with the test CA's certificate for 127.0.0.1."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert("server"), key("server"))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(tcpctest.SOCK_TIMEOUT)
        return context, listener, listener.getsockname()[1]

    def test_session_over_tls_echoes_and_decodes(self):
        context, listener, port = self.tls_listener()
        term = PtyProcess([tcpc_path(), "--tls", "--cafile", cert("ca"), "--encoding", "gbk",
                           "127.0.0.1", str(port)])
        self.addCleanup(term.close)
        raw, _ = listener.accept()
        raw.settimeout(tcpctest.SOCK_TIMEOUT)
        conn = context.wrap_socket(raw, server_side=True)  # the handshake, or an exception
        self.addCleanup(conn.close)
        term.wait_screen(r"^-- connected to 127\.0\.0\.1:%d from 127\.0\.0\.1:\d+ over TLS\."
                         % port)
        term.wait_screen(PROMPT)
        term.type_line("你好 TLS")
        self.assertEqual(recv_exact(conn, 9), "你好 TLS\n".encode("gbk"))
        conn.sendall("再见 over TLS\n".encode("gbk"))
        term.wait_screen(r"^再见 over TLS$")
        # /stats: the session's counts and the kernel's TCP figures, as over plain TCP.
        term.type_line("/stats")
        term.wait_screen(r"^-- sent: +9 bytes in 1 chunk$")
        term.wait_screen(r"^-- received: +14 bytes in 1 chunk$")
        term.wait_screen(r"round-trip time \(RTT\)")
        # The server's close_notify ends the session as a close does.
        conn.unwrap()
        term.wait_screen(r"^-- connection closed by the server")
        self.assertEqual(term.wait_exit(), 0)

    def test_session_refuses_a_bad_certificate(self):
        # --interactive with piped input: the typed line is ready before the
        # handshake, and still never sent.
        server = self.start_tls_listen("expired")
        res = self.client(server.port, "--interactive", input=SECRET + b"\n")
        self.assertRegex(self.assertFailure(res, 1), refused_reason())
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertNotIn(SECRET, server.out_bytes())

    def test_session_on_a_terminal_refuses_a_bad_certificate(self):
        server = self.start_tls_listen("expired")
        term = PtyProcess([tcpc_path(), "--tls", "--cafile", cert("ca"), "127.0.0.1",
                           str(server.port)])
        self.addCleanup(term.close)
        self.assertEqual(term.wait_exit(), 1)
        self.assertRegex(term.screen.text(), refused_reason())
        self.assertNotIn("-- connected", term.screen.text())


class GuidedTest(TlsTestCase):

    def guided(self, port, *args):
        return run_tcpc(["--tls", "--cafile", cert("ca")] + list(args),
                        input=("127.0.0.1\n%d\n%s\n\n" % (port, SECRET.decode())).encode())

    def test_guided_over_tls(self):
        echo, port = self.start_tls_echo()
        res = self.guided(port)
        self.assertExit(res, 0)
        self.assertIn("With --tls: TLS runs over the TCP connection after step 3.", res.out)
        self.assertRegex(res.out, r"TLS handshake: TLSv1\.[23] with \S+; the data is now "
                                  r"encrypted\.")
        self.assertIn("The server's certificate (CN=localhost,O=tcpc test, issued by "
                      "CN=tcpc test CA,O=tcpc test) was verified.", res.out)
        self.assertIn("Received %d bytes: %s" % (len(SECRET), SECRET.decode()), res.out)
        self.assertIn("Step 6. close()", res.out)

    def test_guided_over_tls_in_chinese(self):
        self.assertTrue(localetest.zh_locale_available(),
                        "the zh_CN.UTF-8 locale is missing: run scripts/setup.sh --test")
        echo, port = self.start_tls_echo("self-signed")
        res = localetest.run_tcpc(["--tls", "--insecure"], ZH_ENV,
                                  input=b"127.0.0.1\n%d\nhi\n\n" % port)
        self.assertExit(res, 0)
        self.assertIn("使用 --tls：第 3 步之后，TLS 在这条 TCP 连接之上运行。", res.out)
        self.assertRegex(res.out, r"TLS 握手：TLSv1\.[23]，加密套件 \S+；此后的数据都已加密。")
        self.assertIn("未经校验（--insecure）", res.out)
        self.assertIn("tcpc: 警告：--insecure：未校验服务器的证书", res.err)
        self.assertNotIn("TLS handshake", res.out)

    def test_guided_insecure_says_so(self):
        echo, port = self.start_tls_echo("self-signed")
        res = run_tcpc(["--tls", "--insecure"], input=b"127.0.0.1\n%d\nhi\n\n" % port)
        self.assertExit(res, 0)
        self.assertIn("was NOT verified (--insecure)", res.out)
        self.assertIn("warning: --insecure", res.err)
        self.assertIn("Received 2 bytes: hi", res.out)

    def test_guided_refuses_a_bad_certificate(self):
        server = self.start_tls_listen("expired")
        res = self.guided(server.port)
        self.assertRegex(self.assertFailure(res, 1), refused_reason())
        self.assertNotIn("Step 4", res.out)
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertNotIn(SECRET, server.out_bytes())


class BenchTest(TlsTestCase):

    def setUp(self):
        self.echo, self.port = self.start_tls_echo()

    def bench(self, *args):
        tls = ["--tls", "--cafile", cert("ca")]
        return run_tcpc(["bench"] + [str(a) for a in args] + tls, timeout=60)

    def bench_json(self, *args):
        res = self.bench(*args, "--json")
        self.assertExit(res, 0)
        doc = json.loads(res.out)
        self.assertRegex(doc["tls"], r"^TLSv1\.[23] \S+$")
        return doc

    def test_rr(self):
        doc = self.bench_json("rr", "127.0.0.1", self.port, "--size", "64", "--time", "0.2")
        self.assertGreater(doc["round_trips"], 0)
        self.assertGreater(doc["round_trip"]["min_us"], 0)

    def test_throughput_both_ways(self):
        doc = self.bench_json("throughput", "127.0.0.1", self.port, "--bytes", "2M",
                              "--direction", "both", "--parallel", "2")
        self.assertEqual(doc["sent"]["bytes"], 4 << 20)
        self.assertEqual(doc["received"]["bytes"], 4 << 20)
        self.assertGreater(doc["received"]["bits_per_second"], 0)

    def test_throughput_send_table(self):
        res = self.bench("throughput", "127.0.0.1", self.port, "--bytes", "1M")
        self.assertExit(res, 0)
        self.assertRegex(res.out, r"throughput with 127\.0\.0\.1:%d over TLSv1\.[23] " % self.port)
        self.assertRegex(res.out, r"(?m)^sent\s+1048576\s")

    def test_connect_includes_the_handshake(self):
        doc = self.bench_json("connect", "127.0.0.1", self.port, "--time", "0.3", "-c", "2")
        self.assertGreater(doc["completed"], 0)
        self.assertEqual(doc["failed"], 0, doc.get("first_failure"))

    def test_conns_with_ping(self):
        doc = self.bench_json("conns", "127.0.0.1", self.port, "-n", "5", "--hold", "0",
                              "--ping")
        self.assertEqual(doc["opened"], 5)
        self.assertEqual(doc["alive_after_hold"], 5)
        self.assertEqual(doc["answered_ping"], 5)

    def test_refuses_a_bad_certificate(self):
        echo, port = self.start_tls_echo("expired")
        res = self.bench("rr", "127.0.0.1", port, "--time", "0.2")
        self.assertExit(res, 1)
        self.assertRegex(res.err, r"^tcpc bench: " + refused_reason())
        self.assertEqual(res.stdout, b"")


class LibraryExampleTest(TlsTestCase):
    """examples/tls_client.cpp: tcpc::tls::connect(host, port, config)."""

    def example(self):
        path = os.path.join(os.path.dirname(tcpc_path()), "examples", "tls_client")
        if not os.path.isfile(path):
            raise AssertionError("examples/tls_client not built next to tcpc: %s" % path)
        return path

    def run_example(self, *args, text=b"hello from the library\n"):
        return subprocess.run([self.example()] + [str(a) for a in args], input=text,
                              capture_output=True, timeout=tcpctest.RUN_TIMEOUT)

    def test_verified_echo(self):
        echo, port = self.start_tls_echo()
        res = self.run_example("localhost", port, cert("ca"))
        self.assertEqual(res.returncode, 0, res)
        out = res.stdout.decode()
        self.assertRegex(out, r"Connected over TLSv1\.[23] to CN=localhost,O=tcpc test")
        self.assertIn("Received: hello from the library", out)

    def test_unknown_issuer_refused(self):
        echo, port = self.start_tls_echo()
        # The system store does not know the test CA.
        res = self.run_example("127.0.0.1", port, text=SECRET)
        self.assertEqual(res.returncode, 1, res)
        self.assertRegex(res.stderr.decode(), r"certificate verification failed")
        self.assertNotIn(SECRET, res.stdout)


if __name__ == "__main__":
    tcpctest.main()
