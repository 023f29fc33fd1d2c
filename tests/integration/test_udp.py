# SPDX-License-Identifier: MIT
"""UDP (-u): the client (one-shot and pipe mode), -u -l and -u -l --mode echo."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import SOCK_TIMEOUT, TcpcTestCase, run_tcpc


class UdpPeer:
    """A Python UDP socket on 127.0.0.1:0 that records datagrams and, with
    `reply`, answers each with reply(data) from a thread."""

    def __init__(self, reply=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(SOCK_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.datagrams = []
        self.senders = []
        self.reply = reply
        self.thread = None
        if reply is not None:
            self.thread = threading.Thread(target=self._serve, daemon=True)
            self.thread.start()

    def _serve(self):
        while True:
            try:
                data, sender = self.sock.recvfrom(65536)
            except OSError:
                return
            if data == b"\0stop":
                return
            self.datagrams.append(data)
            self.senders.append(sender)
            answer = self.reply(data)
            if answer is not None:
                self.sock.sendto(answer, sender)

    def recv(self):
        data, sender = self.sock.recvfrom(65536)
        self.datagrams.append(data)
        self.senders.append(sender)
        return data

    def close(self):
        if self.thread:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(b"\0stop", ("127.0.0.1", self.port))
            self.thread.join(SOCK_TIMEOUT)
        self.sock.close()


class UdpTestCase(TcpcTestCase):

    def peer(self, reply=None):
        p = UdpPeer(reply)
        self.addCleanup(p.close)
        return p

    def start_udp_echo(self, extra=()):
        p = self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "--mode", "echo"] + list(extra))
        return p, p.port


class UdpClientTest(UdpTestCase):

    def test_oneshot_against_tcpc_echo(self):
        echo, port = self.start_udp_echo()
        res = run_tcpc(["-u", "-v", "127.0.0.1", str(port), "--send", "hello\\n"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"hello\n")
        # -v names the sender of each datagram.
        self.assertIn("6 bytes from 127.0.0.1:%d" % port, res.err)

    def test_oneshot_hex_is_one_datagram(self):
        peer = self.peer(reply=lambda data: b"got %d" % len(data))
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--hex", "00 01 02 ff"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"got 4")
        self.assertEqual(peer.datagrams, [b"\x00\x01\x02\xff"])

    def test_encoding_both_ways(self):
        peer = self.peer(reply=lambda data: data)
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--encoding", "gbk",
                        "--send", "你好"])
        self.assertExit(res, 0)
        self.assertEqual(peer.datagrams, ["你好".encode("gbk")])
        self.assertEqual(res.out, "你好")

    def test_no_reply_times_out(self):
        silent = self.peer()  # receives, never answers
        res = run_tcpc(["-u", "-w", "1", "127.0.0.1", str(silent.port), "--send", "x"])
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: recv from 127.0.0.1:%d: no reply within 1 s" % silent.port)

    def test_nobody_listening_is_refused(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        res = run_tcpc(["-u", "127.0.0.1", str(port), "--send", "x"])
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: recv from 127.0.0.1:%d: Connection refused" % port)

    def test_pipe_sends_one_datagram_per_line(self):
        peer = self.peer(reply=lambda data: b"[" + data + b"]")
        res = run_tcpc(["-u", "-q", "2", "127.0.0.1", str(peer.port)],
                       input=b"a\nbb\n\nccc")
        self.assertExit(res, 0)
        self.assertEqual(peer.datagrams, [b"a\n", b"bb\n", b"\n", b"ccc"])
        self.assertEqual(res.stdout, b"[a\n][bb\n][\n][ccc]")

    def test_crlf(self):
        peer = self.peer(reply=lambda data: data)
        res = run_tcpc(["-u", "-C", "-q", "1", "127.0.0.1", str(peer.port)],
                       input=b"one\ntwo\r\n")
        self.assertExit(res, 0)
        self.assertEqual(peer.datagrams, [b"one\r\n", b"two\r\n"])

    def test_file_lines_then_replies(self):
        peer = self.peer(reply=lambda data: data.upper())
        path = self.tempfile(b"x\ny\n")
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--file", path])
        self.assertExit(res, 0)
        self.assertEqual(peer.datagrams, [b"x\n", b"y\n"])
        self.assertEqual(res.stdout, b"X\nY\n")

    def test_idle_timeout_ends_a_silent_client(self):
        silent = self.peer()
        res = run_tcpc(["-u", "-w", "1", "127.0.0.1", str(silent.port)], input=b"hi\n")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"")
        self.assertEqual(silent.recv(), b"hi\n")

    def tempfile(self, content):
        f = tempfile.NamedTemporaryFile(delete=False)
        self.addCleanup(os.unlink, f.name)
        f.write(content)
        f.close()
        return f.name


class UdpListenTest(UdpTestCase):

    def test_receives_from_anyone_and_answers_the_latest_sender(self):
        p = self.start_tcpc(["-u", "-l", "-v", "127.0.0.1", "0"], stdin=subprocess.PIPE,
                            capture_stdout=True)
        alice, bob = self.peer(), self.peer()
        alice.sock.sendto(b"from alice\n", ("127.0.0.1", p.port))
        p.wait_stdout(b"from alice\n")
        bob.sock.sendto(b"from bob\n", ("127.0.0.1", p.port))
        self.assertEqual(p.wait_stdout(b"from alice\nfrom bob\n"), b"from alice\nfrom bob\n")
        p.wait_stderr(r"9 bytes from 127\.0\.0\.1:%d$" % bob.port)
        p.proc.stdin.write(b"to the latest\n")
        p.proc.stdin.flush()
        self.assertEqual(bob.recv(), b"to the latest\n")

    def test_echo_mode_serves_everyone(self):
        echo, port = self.start_udp_echo(["-v"])
        alice, bob = self.peer(), self.peer()
        alice.sock.sendto(b"a", ("127.0.0.1", port))
        bob.sock.sendto(b"bb", ("127.0.0.1", port))
        self.assertEqual(bob.recv(), b"bb")
        self.assertEqual(alice.recv(), b"a")
        echo.wait_stderr(r"2 bytes from 127\.0\.0\.1:%d echoed" % bob.port)
        echo.proc.send_signal(signal.SIGTERM)
        self.assertEqual(echo.wait(), 143)
        self.assertIn("2 datagrams (3 bytes) echoed", echo.err_text())

    def test_echo_once(self):
        echo, port = self.start_udp_echo(["--once"])
        peer = self.peer()
        peer.sock.sendto(b"only", ("127.0.0.1", port))
        self.assertEqual(peer.recv(), b"only")
        self.assertEqual(echo.wait(), 0, echo.err_text())


class UdpUsageTest(UdpTestCase):

    def test_conflicts(self):
        for args, words in (
                (["-u", "-N", "127.0.0.1", "9"], "-N is not available with -u"),
                (["-u", "--keep-open", "127.0.0.1", "9", "--send", "x"], "--keep-open"),
                (["-u", "-l", "127.0.0.1", "0", "--mode", "echo", "--max-clients", "2"],
                 "--max-clients"),
                (["-u", "-U", "/tmp/x.sock"], "-U is not available with -u"),
                (["-u"], "-u needs HOST PORT")):
            with self.subTest(args=args):
                line = self.assertFailure(run_tcpc(args), 2)
                self.assertIn(words, line)


if __name__ == "__main__":
    tcpctest.main()
