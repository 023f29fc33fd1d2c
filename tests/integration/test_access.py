# SPDX-License-Identifier: MIT
"""Who may connect: --allow, --deny, --allowfile, --denyfile with -l, the
--mode servers and UDP. A denied client is reset before a byte either way
and logged; an admitted one is served. 127.0.0.2 and 127.0.0.3 are loopback
addresses on Linux, bound by the test clients as distinct sources."""

import os
import socket
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import SOCK_TIMEOUT, TcpcTestCase, recv_all, run_tcpc  # noqa: E402


def client_from(source, port, server="127.0.0.1"):
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(SOCK_TIMEOUT)
    s.bind((source, 0))
    s.connect((server, port))
    return s


def received_by_denied(source, port, server="127.0.0.1", send=b""):
    """Everything a client from `source` gets before the end: for a denied
    one, nothing. tcpc's RST may come at any step, even as connect() returns
    (Python checks SO_ERROR then): that is nothing received too."""
    got = b""
    try:
        with client_from(source, port, server) as denied:
            if send:
                try:
                    denied.sendall(send)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            got = recv_all(denied)
    except ConnectionResetError:
        pass
    return got


def has_ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


class AccessTest(TcpcTestCase):

    def test_source_mode_sends_nothing_to_a_denied_client(self):
        # source mode starts sending at once: a check that is skipped shows.
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "source", "100",
                                  "--deny", "127.0.0.2"])
        self.assertEqual(received_by_denied("127.0.0.2", server.port), b"")
        server.wait_stderr(r"connection from 127\.0\.0\.2:\d+ denied: not allowed")
        allowed = client_from("127.0.0.1", server.port)
        self.addCleanup(allowed.close)
        self.assertEqual(len(recv_all(allowed)), 100)
        # The denied client was neither numbered nor counted.
        server.wait_stderr(r"^#1 connection from 127\.0\.0\.1:")

    def test_allow_list_with_cidr_admits_only_its_range(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo",
                                  "--allow", "127.0.0.0/31", "--allow", "192.0.2.1"])
        self.assertEqual(received_by_denied("127.0.0.3", server.port, send=b"let me in"), b"")
        server.wait_stderr(r"connection from 127\.0\.0\.3:\d+ denied")
        allowed = client_from("127.0.0.1", server.port)
        self.addCleanup(allowed.close)
        allowed.sendall(b"hello")
        allowed.shutdown(socket.SHUT_WR)
        self.assertEqual(recv_all(allowed), b"hello")

    def test_deny_wins_over_allow(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "source", "10",
                                  "--allow", "127.0.0.0/8", "--deny", "127.0.0.2"])
        self.assertEqual(received_by_denied("127.0.0.2", server.port), b"")
        server.wait_stderr(r"127\.0\.0\.2:\d+ denied")
        allowed = client_from("127.0.0.3", server.port)
        self.addCleanup(allowed.close)
        self.assertEqual(len(recv_all(allowed)), 10)

    def test_files_with_comments(self):
        with tempfile.TemporaryDirectory() as tmp:
            allow = os.path.join(tmp, "allow")
            deny = os.path.join(tmp, "deny")
            with open(allow, "w") as f:
                f.write("# the test's own\n127.0.0.0/8   # loopback\n\n")
            with open(deny, "w") as f:
                f.write("127.0.0.2\n")
            server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "source", "10",
                                      "--allowfile", allow, "--denyfile", deny])
            self.assertEqual(received_by_denied("127.0.0.2", server.port), b"")
            server.wait_stderr(r"127\.0\.0\.2:\d+ denied")
            allowed = client_from("127.0.0.1", server.port)
            self.addCleanup(allowed.close)
            self.assertEqual(len(recv_all(allowed)), 10)

    def test_a_full_server_tells_the_denied_nothing_not_even_busy(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo", "--max-clients", "1",
                                  "--deny", "127.0.0.2"])
        holder = client_from("127.0.0.1", server.port)
        self.addCleanup(holder.close)
        server.wait_stderr(r"#1 connection from 127\.0\.0\.1:")
        self.assertEqual(received_by_denied("127.0.0.2", server.port), b"")
        server.wait_stderr(r"127\.0\.0\.2:\d+ denied")
        busy = client_from("127.0.0.3", server.port)
        self.addCleanup(busy.close)
        self.assertIn(b"busy", recv_all(busy))  # an admitted client is told, as before

    def test_ipv6_loopback(self):
        if not has_ipv6_loopback():
            self.skipTest("no IPv6 loopback")
        server = self.start_tcpc(["-l", "::1", "0", "--mode", "source", "10",
                                  "--deny", "::1/128"])
        self.assertEqual(received_by_denied("::1", server.port, "::1"), b"")
        server.wait_stderr(r"connection from \[::1\]:\d+ denied")
        server = self.start_tcpc(["-l", "::1", "0", "--mode", "source", "10",
                                  "--allow", "::1", "--deny", "127.0.0.1"])
        allowed = client_from("::1", server.port, "::1")
        self.addCleanup(allowed.close)
        self.assertEqual(len(recv_all(allowed)), 10)

    def test_listen_relay_waits_for_an_admitted_client(self):
        # -l without -k: a denied client does not end the listener, and gets
        # none of stdin; the admitted one that follows gets all of it.
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--deny", "127.0.0.2"],
                                 stdin=subprocess.PIPE)
        server.proc.stdin.write(b"secret\n")
        server.proc.stdin.close()
        self.assertEqual(received_by_denied("127.0.0.2", server.port), b"")
        server.wait_stderr(r"127\.0\.0\.2:\d+ denied")
        self.assertTrue(server.running())
        allowed = client_from("127.0.0.1", server.port)
        self.addCleanup(allowed.close)
        allowed.shutdown(socket.SHUT_WR)
        self.assertEqual(recv_all(allowed), b"secret\n")
        self.assertEqual(server.wait(), 0)

    def test_udp_server_drops_denied_datagrams(self):
        server = self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "--mode", "echo",
                                  "--allow", "127.0.0.1"])
        denied = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(denied.close)
        denied.bind(("127.0.0.2", 0))
        denied.sendto(b"ping", ("127.0.0.1", server.port))
        server.wait_stderr(r"4 bytes from 127\.0\.0\.2:\d+ dropped: not allowed")
        allowed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(allowed.close)
        allowed.settimeout(SOCK_TIMEOUT)
        allowed.bind(("127.0.0.1", 0))
        allowed.sendto(b"pong", ("127.0.0.1", server.port))
        self.assertEqual(allowed.recv(100), b"pong")
        # The server answers in order: an echo to the denied sender would be here by now.
        denied.setblocking(False)
        with self.assertRaises(BlockingIOError):
            denied.recv(100)

    def test_udp_listen_relay_ignores_denied_senders(self):
        server = self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "-v", "--deny", "127.0.0.2"],
                                 capture_stdout=True)
        denied = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(denied.close)
        denied.bind(("127.0.0.2", 0))
        denied.sendto(b"from the denied\n", ("127.0.0.1", server.port))
        server.wait_stderr(r"16 bytes from 127\.0\.0\.2:\d+ dropped: not allowed")
        allowed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(allowed.close)
        allowed.bind(("127.0.0.1", 0))
        allowed.sendto(b"ok\n", ("127.0.0.1", server.port))
        self.assertEqual(server.wait_stdout(b"ok\n"), b"ok\n")

    def test_refused_in_client_modes_and_bad_entries(self):
        res = run_tcpc(["--allow", "127.0.0.1", "127.0.0.1", "9"])
        line = self.assertFailure(res, 2)
        self.assertIn("--allow", line)
        self.assertIn("need -l", line)
        res = run_tcpc(["-l", "127.0.0.1", "0", "--deny", "10.0.0.0/33"])
        line = self.assertFailure(res, 2)
        self.assertIn("invalid address '10.0.0.0/33'", line)
        res = run_tcpc(["-l", "127.0.0.1", "0", "-n", "--allow", "localhost"])
        self.assertFailure(res, 2)
        res = run_tcpc(["-l", "127.0.0.1", "0", "--allowfile", "/nonexistent/allow"])
        line = self.assertOneErrorLine(res)
        self.assertIn("/nonexistent/allow", line)
        self.assertNotEqual(res.returncode, 0)
        res = run_tcpc(["-l", "-U", "/tmp/tcpc-access-test.sock", "--deny", "127.0.0.1"])
        self.assertFailure(res, 2)


if __name__ == "__main__":
    tcpctest.main()
