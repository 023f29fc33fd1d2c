# SPDX-License-Identifier: MIT
"""TLS (`--tls`): verified by default, every bad certificate refused in plain
words before any user data is sent, --insecure, ALPN, client certificates,
64 MiB through the TLS echo server, and openssl s_server / s_client as the
other side. Certificates are made at test time by tests/tls/gen-certs.sh."""

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc, recv_exact

GEN_CERTS = os.path.join(tcpctest.ROOT, "tests", "tls", "gen-certs.sh")
CERTS = None
SECRET = b"SECRET-USER-DATA"


def setUpModule():
    global CERTS
    if not shutil.which("openssl"):
        raise AssertionError("the openssl command is needed (scripts/setup.sh --test installs it)")
    CERTS = tempfile.mkdtemp(prefix="tcpc-tls-")
    subprocess.run(["bash", GEN_CERTS, CERTS], check=True, stdout=subprocess.DEVNULL,
                   timeout=60)


def tearDownModule():
    if CERTS:
        shutil.rmtree(CERTS, ignore_errors=True)


def cert(name):
    return os.path.join(CERTS, name + ".pem")


def key(name):
    return os.path.join(CERTS, name + ".key")


def server_args(name):
    return ["--tls", "--cert", cert(name), "--key", key(name)]


def fingerprint(name):
    out = subprocess.run(["openssl", "x509", "-in", cert(name), "-noout", "-fingerprint",
                          "-sha256"], check=True, capture_output=True, timeout=10).stdout
    return out.decode().strip().split("=", 1)[1]


class TlsTestCase(TcpcTestCase):

    def start_tls_echo(self, name="server", extra=()):
        echo = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo"] + server_args(name) +
                               list(extra))
        return echo, echo.port

    def start_tls_listen(self, name="server", extra=(), stdin=subprocess.DEVNULL):
        """`tcpc -l --tls` for one client, its stdout captured. With stdin at
        its end the server sends nothing and half-closes (close_notify); it
        ends when the client does."""
        return self.start_tcpc(["-l", "127.0.0.1", "0"] + server_args(name) + list(extra),
                               stdin=stdin, capture_stdout=True)

    def client(self, port, *args, host="127.0.0.1", **kw):
        return run_tcpc(["--tls", "--cafile", cert("ca")] + list(args) + [host, str(port)], **kw)


class VerifiedTest(TlsTestCase):

    def test_echo_by_name_and_by_address(self):
        echo, port = self.start_tls_echo()
        for host in ("localhost", "127.0.0.1"):
            res = self.client(port, "--send", r"hello over TLS\n", host=host)
            self.assertExit(res, 0)
            self.assertEqual(res.stdout, b"hello over TLS\n", res)
            self.assertNotIn("warning", res.err)

    def test_pipe_mode(self):
        echo, port = self.start_tls_echo()
        res = self.client(port, input=b"line one\nline two\n")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"line one\nline two\n")

    def test_session_refuses_script_over_tls_and_goes_on(self):
        echo, port = self.start_tls_echo()
        res = self.client(port, "--interactive", input=b"/script x.tcpc\nafter\n")
        self.assertExit(res, 0)
        self.assertIn("tcpc: /script works over plain TCP only, not over TLS", res.err)
        self.assertRegex(res.out, r"(?m)^after$")

    def test_verbose_shows_session_and_certificate(self):
        echo, port = self.start_tls_echo()
        res = self.client(port, "-v", "--send", "x", host="localhost")
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"TLS: TLSv1\.[23], \S+")
        self.assertIn("subject:  CN=localhost,O=tcpc test", res.err)
        self.assertIn("issuer:   CN=tcpc test CA,O=tcpc test", res.err)
        self.assertRegex(res.err, r"valid:    \d{4}-\d\d-\d\d \S+ UTC to \d{4}-\d\d-\d\d \S+ UTC")
        self.assertIn("SANs:     DNS:localhost, IP:127.0.0.1, IP:::1", res.err)
        self.assertIn("SHA-256:  " + fingerprint("server"), res.err)
        self.assertIn("verified: yes", res.err)

    def test_capath_hashed_directory(self):
        # The system store is read the same way: a hashed directory, one
        # issuer looked up at a time.
        echo, port = self.start_tls_echo()
        capath = os.path.join(CERTS, "capath")
        os.makedirs(capath, exist_ok=True)
        shutil.copy(cert("ca"), os.path.join(capath, "ca.pem"))
        subprocess.run(["openssl", "rehash", capath], check=True, timeout=30)
        res = run_tcpc(["--tls", "--capath", capath, "127.0.0.1", str(port), "--send", "dir"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"dir")

    def test_servername_override(self):
        echo, port = self.start_tls_echo("wrong-name")
        res = self.client(port, "--servername", "wrong.example", "--send", "named")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"named")

    def test_tls_min_13(self):
        echo, port = self.start_tls_echo(extra=["--tls-min", "1.3"])
        res = self.client(port, "-v", "--tls-min", "1.3", "--send", "new")
        self.assertExit(res, 0)
        self.assertIn("TLS: TLSv1.3", res.err)


class RefusedTest(TlsTestCase):
    """Each bad certificate: exit 1, one line saying why, and the server
    never got the user's data."""

    def refused(self, name, pattern, *client_args, host="127.0.0.1"):
        server = self.start_tls_listen(name)
        res = self.client(server.port, *client_args, "--send", SECRET.decode(), host=host)
        line = self.assertFailure(res, 1)
        self.assertRegex(line, pattern)
        self.assertEqual(res.stdout, b"")
        # The server's handshake fails too, so it ends; it printed nothing.
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertNotIn(SECRET, server.out_bytes())
        self.assertEqual(server.out_bytes(), b"")
        return line

    def test_expired(self):
        self.refused("expired", r"certificate verification failed: the server's certificate "
                                r"expired on \d{4}-\d\d-\d\d")

    def test_self_signed(self):
        self.refused("self-signed", r"the server's certificate is self-signed .* not trusted")

    def test_wrong_host_name(self):
        line = self.refused("wrong-name", r"is for DNS:wrong\.example, not for 'localhost' "
                                          r"\(wrong host name", host="localhost")
        self.assertIn("--servername", line)

    def test_wrong_address(self):
        self.refused("wrong-name", r"not for '127\.0\.0\.1' \(wrong host name")

    def test_common_name_without_san_says_why(self):
        # CN=127.0.0.1 looks right; the line says the address must be a SAN.
        self.refused("cn-only", r"has no subjectAltName, and names are checked only there: "
                                r"'127\.0\.0\.1' must be in it as an IP address")

    def test_unknown_issuer(self):
        self.refused("unknown-ca", r"issued by an unknown CA \('CN=tcpc other CA")

    def test_system_store_does_not_trust_the_test_ca(self):
        # Without --cafile the system store is used: safe by default.
        server = self.start_tls_listen("server")
        res = run_tcpc(["--tls", "127.0.0.1", str(server.port), "--send", SECRET.decode()])
        self.assertRegex(self.assertFailure(res, 1), r"unknown CA|self-signed")
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertEqual(server.out_bytes(), b"")

    def test_temporary_certificate_is_not_trusted(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--tls"], capture_stdout=True)
        self.assertRegex(server.err_text(), r"temporary self-signed certificate")
        res = self.client(server.port, "--send", SECRET.decode())
        self.assertRegex(self.assertFailure(res, 1), r"self-signed")
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertEqual(server.out_bytes(), b"")


class InsecureTest(TlsTestCase):

    def test_insecure_connects_with_a_warning(self):
        echo, port = self.start_tls_echo("self-signed")
        res = run_tcpc(["--tls", "--insecure", "127.0.0.1", str(port), "--send", "anyway"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"anyway")
        self.assertRegex(res.err, r"warning: --insecure: the server's certificate is not "
                                  r"verified \(.*self-signed")

    def test_temporary_certificate_fingerprint(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo", "--tls"])
        m = re.search(r"SHA-256: ([0-9A-F:]{95})", server.err_text())
        self.assertTrue(m, server.err_text())
        res = run_tcpc(["--tls", "--insecure", "-v", "127.0.0.1", str(server.port),
                        "--send", "temp"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"temp")
        self.assertIn("SHA-256:  " + m.group(1), res.err)
        self.assertIn("verified: no", res.err)


class AlpnTest(TlsTestCase):

    def test_negotiated(self):
        echo, port = self.start_tls_echo(extra=["--alpn", "h2,http/1.1"])
        res = self.client(port, "-v", "--alpn", "x-unknown,http/1.1", "--send", "a")
        self.assertExit(res, 0)
        self.assertIn(", ALPN http/1.1\n", res.err)

    def test_none_in_common(self):
        echo, port = self.start_tls_echo(extra=["--alpn", "h2"])
        res = self.client(port, "-v", "--alpn", "http/1.1", "--send", "a")
        self.assertExit(res, 0)
        self.assertIn(", ALPN none\n", res.err)


class ClientCertificateTest(TlsTestCase):

    def verify_args(self):
        return ["--verify-client", "--cafile", cert("ca")]

    def test_required_and_missing(self):
        server = self.start_tls_listen(extra=self.verify_args())
        res = self.client(server.port, "--send", SECRET.decode())
        self.assertRegex(self.assertFailure(res, 1), r"requires a client certificate")
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertIn("the client sent no certificate", server.err_text())
        self.assertEqual(server.out_bytes(), b"")

    def test_required_and_given(self):
        server = self.start_tls_listen(extra=self.verify_args() + ["-v"])
        res = self.client(server.port, "--cert", cert("client"), "--key", key("client"),
                          "--send", "with cert")
        self.assertExit(res, 0)
        self.assertEqual(server.wait(), 0, server.err_text())
        self.assertEqual(server.out_bytes(), b"with cert")
        self.assertIn("subject:  CN=tcpc test client,O=tcpc test", server.err_text())
        self.assertIn("verified: yes", server.err_text())

    def test_echo_server_requires_it(self):
        echo, port = self.start_tls_echo(extra=self.verify_args())
        res = self.client(port, "--send", SECRET.decode())
        self.assertRegex(self.assertFailure(res, 1), r"requires a client certificate")
        echo.wait_stderr(r"closed: .*the client sent no certificate")
        res = self.client(port, "--cert", cert("client"), "--key", key("client"),
                          "--send", "echoed")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"echoed")

    def test_certificate_from_an_unknown_ca(self):
        server = self.start_tls_listen(extra=self.verify_args())
        res = self.client(server.port, "--cert", cert("unknown-ca"), "--key", key("unknown-ca"),
                          "--send", SECRET.decode())
        self.assertFailure(res, 1)
        self.assertEqual(server.wait(), 1, server.err_text())
        self.assertIn("the client's certificate was issued by an unknown CA", server.err_text())
        self.assertEqual(server.out_bytes(), b"")


class BulkTest(TlsTestCase):

    def test_64_mib_through_tls_echo(self):
        echo, port = self.start_tls_echo()
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = os.path.join(tmp, "in.bin"), os.path.join(tmp, "out.bin")
            with open(src, "wb") as f:
                for _ in range(64):
                    f.write(os.urandom(1 << 20))
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                res = run_tcpc(["--tls", "--cafile", cert("ca"), "127.0.0.1", str(port)],
                               stdin=fin, stdout=fout, timeout=120)
            self.assertExit(res, 0)
            digest = [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in (src, dst)]
            self.assertEqual(os.path.getsize(dst), 64 << 20)
            self.assertEqual(digest[0], digest[1])


class ListenRelayTest(TlsTestCase):

    def test_both_ways_and_close_notify(self):
        server = self.start_tls_listen(stdin=subprocess.PIPE)
        client = tcpctest.TcpcProcess(["--tls", "--cafile", cert("ca"), "127.0.0.1",
                                       str(server.port)], stdin=subprocess.PIPE,
                                      capture_stdout=True)
        self.addCleanup(client.stop)
        client.proc.stdin.write(b"to server\n")
        client.proc.stdin.flush()
        self.assertEqual(server.wait_stdout(b"to server\n"), b"to server\n")
        server.proc.stdin.write(b"to client\n")
        server.proc.stdin.close()  # the server half-closes: close_notify
        self.assertEqual(client.wait_stdout(b"to client\n"), b"to client\n")
        client.proc.stdin.write(b"after half-close\n")
        client.proc.stdin.close()
        self.assertEqual(server.wait(), 0, server.err_text())
        self.assertEqual(client.wait(), 0, client.err_text())
        self.assertEqual(server.out_bytes(), b"to server\nafter half-close\n")
        self.assertEqual(client.out_bytes(), b"to client\n")


    def test_keep_listening_after_a_failed_handshake(self):
        server = self.start_tcpc(["-k", "-l", "127.0.0.1", "0"] + server_args("server"),
                                 capture_stdout=True)
        plain = self.connect("127.0.0.1", server.port)
        plain.sendall(b"not a ClientHello\r\n\r\n")
        server.wait_stderr(r"tcpc: TLS handshake with .*does not speak TLS")
        plain.close()
        res = self.client(server.port, "--send", "second client")
        self.assertExit(res, 0)
        self.assertEqual(server.wait_stdout(b"second client"), b"second client")
        self.assertTrue(server.running(), server.err_text())


class ErrorTest(TlsTestCase):

    def test_options_need_tls(self):
        for args in (["--cafile", "x"], ["--insecure"], ["--alpn", "h2"], ["--servername", "a"]):
            res = run_tcpc(["127.0.0.1", "1"] + args)
            self.assertRegex(self.assertFailure(res, 2), r"needs --tls")

    def test_bad_values_before_connecting(self):
        port = tcpctest.free_port()
        for args, pattern in ((["--tls-min", "1.1"], r"--tls-min must be 1\.2 or 1\.3"),
                              (["--cafile", "/nonexistent/ca.pem"], r"--cafile .*No such file"),
                              (["--alpn", "h2,,x"], r"--alpn"),
                              (["--key", key("client")], r"--key needs --cert")):
            res = run_tcpc(["--tls"] + args + ["127.0.0.1", str(port)])
            self.assertRegex(self.assertFailure(res, 2), pattern)

    def test_server_option_checks(self):
        for args, pattern in ((["--insecure"], r"for clients"),
                              (["--verify-client"], r"needs --cafile"),
                              (["--cert", cert("server"), "--key", key("client")],
                               r"does not match")):
            res = run_tcpc(["-l", "127.0.0.1", "0", "--tls"] + args)
            self.assertRegex(self.assertFailure(res, 2), pattern)

    def test_plain_server(self):
        def handler(server, conn):
            server.received.append(conn.recv(4096))
            conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nplain text, not TLS\r\n")
        srv = self.start_pyserver(handler)
        res = self.client(srv.port, "--send", SECRET.decode())
        self.assertRegex(self.assertFailure(res, 1), r"does not speak TLS")
        srv.join()
        self.assertNotIn(SECRET, b"".join(srv.received))

    def test_handshake_timeout(self):
        def silent(server, conn):
            recv_exact(conn, 1 << 20)  # until the client gives up and closes
        srv = self.start_pyserver(silent)
        res = self.client(srv.port, "-w", "1", "--send", "x")
        self.assertRegex(self.assertFailure(res, 1), r"TLS handshake with .*timed out")


class OpensslInteropTest(TlsTestCase):

    def start_s_server(self, args):
        """openssl s_server on a port that was free; retried if it was taken meanwhile."""
        for _ in range(5):
            port = tcpctest.free_port()
            proc = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
                                     "-naccept", "1"] + args, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out = tcpctest._Drain(proc.stdout)

            def cleanup(proc=proc, out=out):
                if proc.poll() is None:
                    proc.kill()
                proc.wait(tcpctest.STOP_TIMEOUT)
                out.thread.join(tcpctest.STOP_TIMEOUT)
                proc.stdin.close()
                proc.stdout.close()
            self.addCleanup(cleanup)
            ready = out.wait_for(lambda d: b"ACCEPT" in d or b"rror" in d,
                                 tcpctest.START_TIMEOUT)
            if ready and b"ACCEPT" in out.snapshot():
                return proc, out, port
        self.fail("openssl s_server did not start: %r" % out.snapshot())

    def test_tcpc_client_with_s_server(self):
        proc, out, port = self.start_s_server(["-cert", cert("server"), "-key", key("server"),
                                               "-rev", "-alpn", "h2"])
        res = self.client(port, "-v", "--alpn", "h2", "--send", r"hello s_server\n",
                          host="localhost")
        self.assertExit(res, 0)
        self.assertIn(b"revres_s olleh", res.stdout)
        self.assertIn(", ALPN h2\n", res.err)
        self.assertIn("verified: yes", res.err)

    def test_s_server_tls12_only(self):
        proc, out, port = self.start_s_server(["-cert", cert("server"), "-key", key("server"),
                                               "-rev", "-tls1_2"])
        res = self.client(port, "-v", "--send", r"twelve\n")
        self.assertExit(res, 0)
        self.assertIn(b"evlewt", res.stdout)
        self.assertIn("TLS: TLSv1.2", res.err)
        proc2, out2, port2 = self.start_s_server(["-cert", cert("server"), "-key",
                                                  key("server"), "-tls1_2"])
        res = self.client(port2, "--tls-min", "1.3", "--send", SECRET.decode())
        self.assertRegex(self.assertFailure(res, 1), r"no TLS version in common")

    def test_s_server_requires_client_certificate(self):
        proc, out, port = self.start_s_server(["-cert", cert("server"), "-key", key("server"),
                                               "-rev", "-Verify", "1", "-CAfile", cert("ca"),
                                               "-verify_return_error"])
        res = self.client(port, "--cert", cert("client"), "--key", key("client"),
                          "--send", r"with a client certificate\n")
        self.assertExit(res, 0)
        self.assertIn(b"etacifitrec tneilc a htiw", res.stdout)

    def s_client(self, port, extra=()):
        proc = subprocess.Popen(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
                                 "-CAfile", cert("ca"), "-verify_return_error", "-quiet",
                                 "-servername", "localhost"] + list(extra),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        out = tcpctest._Drain(proc.stdout)
        err = tcpctest._Drain(proc.stderr)

        def cleanup():
            if proc.poll() is None:
                proc.kill()
            proc.wait(tcpctest.STOP_TIMEOUT)
            for drain, pipe in ((out, proc.stdout), (err, proc.stderr)):
                drain.thread.join(tcpctest.STOP_TIMEOUT)
                pipe.close()
            proc.stdin.close()
        self.addCleanup(cleanup)
        return proc, out, err

    def test_s_client_with_tcpc_listen(self):
        server = self.start_tls_listen(stdin=subprocess.PIPE)
        proc, out, err = self.s_client(server.port)
        proc.stdin.write(b"from s_client\n")
        proc.stdin.flush()
        self.assertEqual(server.wait_stdout(b"from s_client\n"), b"from s_client\n")
        server.proc.stdin.write(b"from tcpc\n")
        server.proc.stdin.close()  # close_notify: s_client prints what came and ends
        got = out.wait_for(lambda d: d if b"from tcpc\n" in d else None, tcpctest.SOCK_TIMEOUT)
        self.assertTrue(got, "s_client got %r; stderr %r" % (out.snapshot(), err.snapshot()))
        self.assertEqual(proc.wait(tcpctest.RUN_TIMEOUT), 0, err.snapshot())
        self.assertEqual(server.wait(), 0, server.err_text())
        self.assertEqual(server.out_bytes(), b"from s_client\n")

    def test_s_client_with_tcpc_echo(self):
        echo, port = self.start_tls_echo(extra=["--alpn", "echo"])
        proc, out, err = self.s_client(port, ["-alpn", "echo"])
        proc.stdin.write(b"echo me\n")
        proc.stdin.flush()
        got = out.wait_for(lambda d: d if b"echo me\n" in d else None, tcpctest.SOCK_TIMEOUT)
        self.assertTrue(got, "s_client got %r; stderr %r" % (out.snapshot(), err.snapshot()))
        proc.stdin.close()


if __name__ == "__main__":
    tcpctest.main()
