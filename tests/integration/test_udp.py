# SPDX-License-Identifier: MIT
"""UDP (-u): the client (one-shot and pipe mode), -u -l and -u -l --mode
echo|reply|discard|print|source, with the shared parts: -o, --view/--time,
--repeat, --stats."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
import schema_check  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402
import tcpctest  # noqa: E402
from tcpctest import chargen  # noqa: E402
from tcpctest import SOCK_TIMEOUT, TcpcTestCase, run_tcpc  # noqa: E402

SCHEMA = schema_check.load(os.path.join(tcpctest.ROOT, "docs", "stats.schema.json"))
TIMESTAMP = r"\[\d\d:\d\d:\d\d\.\d{3}\]"


def json_reports(stderr_text):
    return [json.loads(line) for line in stderr_text.splitlines() if line.startswith("{")]


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

    def start_udp_server(self, mode_args, extra=(), capture_stdout=False):
        return self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "--mode"] + list(mode_args) +
                               list(extra), capture_stdout=capture_stdout)

    def tempfile(self, content):
        f = tempfile.NamedTemporaryFile(delete=False)
        self.addCleanup(os.unlink, f.name)
        f.write(content)
        f.close()
        return f.name

    def temppath(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        return os.path.join(tmp.name, "received.bin")

    def assertMatchesSchema(self, report):
        problems = schema_check.errors(report, SCHEMA)
        self.assertEqual(problems, [], "does not match docs/stats.schema.json: %r" % report)

    def assertNothingArrives(self, peer):
        """Nothing is waiting for `peer` (call once tcpc has exited)."""
        peer.sock.setblocking(False)
        with self.assertRaises(BlockingIOError):
            peer.sock.recvfrom(65536)


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
        self.assertEqual(line, "tcpc: recv from 127.0.0.1:%d: Connection refused; nothing is listening on that port" % port)

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
        self.assertIn("2 senders, received 3 bytes in 2 datagrams, sent 3 bytes in 2 datagrams",
                      echo.err_text())

    def test_echo_once(self):
        echo, port = self.start_udp_echo(["--once"])
        peer = self.peer()
        peer.sock.sendto(b"only", ("127.0.0.1", port))
        self.assertEqual(peer.recv(), b"only")
        self.assertEqual(echo.wait(), 0, echo.err_text())


class UdpClientPartsTest(UdpTestCase):
    """-o, --view/--time, --repeat and --stats reach the UDP client."""

    def numbered_replies(self):
        """A peer that answers the n-th datagram with binary bytes and n."""
        count = []

        def reply(data):
            count.append(data)
            return bytes(range(256)) + b"\x00\r\n" + str(len(count)).encode()
        return self.peer(reply=reply)

    def test_output_file_holds_every_datagram_exactly(self):
        peer = self.numbered_replies()
        path = self.temppath()
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--hex", "00 ff", "--repeat", "3",
                        "--interval", "0", "-o", path])
        self.assertExit(res, 0)
        want = b"".join(bytes(range(256)) + b"\x00\r\n" + n for n in (b"1", b"2", b"3"))
        with open(path, "rb") as f:
            self.assertEqual(f.read(), want)
        self.assertEqual(res.stdout, want)  # without a view stdout has the same bytes

    def test_output_file_stays_exact_under_the_hex_view(self):
        peer = self.numbered_replies()
        path = self.temppath()
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--send", "x", "-o", path,
                        "--view", "hex"])
        self.assertExit(res, 0)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), bytes(range(256)) + b"\x00\r\n1")
        self.assertIn("|................|", res.out)

    def test_pipe_mode_output_file(self):
        peer = self.peer(reply=lambda data: b"\x00" + data)
        path = self.temppath()
        res = run_tcpc(["-u", "-q", "2", "127.0.0.1", str(peer.port), "-o", path],
                       input=b"a\nbb\n")
        self.assertExit(res, 0)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"\x00a\n\x00bb\n")

    def test_hex_view_with_time_shows_each_datagram_as_a_chunk(self):
        peer = self.peer(reply=lambda data: b"\x01\x03\x02\x00\x2a")
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--hex", "01 03 00 00 00 01",
                        "--view", "hex", "--time"])
        self.assertExit(res, 0)
        self.assertRegex(res.out,
                         r"^%s > 6 bytes\n00000000: 01 03 00 00 00 01 +\|\.\.\.\.\.\.\|\n"
                         r"%s < 5 bytes\n00000000: 01 03 02 00 2a +\|\.\.\.\.\*\|\n$"
                         % (TIMESTAMP, TIMESTAMP))

    def test_pipe_mode_time_view_has_a_header_per_datagram(self):
        peer = self.peer(reply=lambda data: data.upper())
        res = run_tcpc(["-u", "-q", "2", "127.0.0.1", str(peer.port), "--time"],
                       input=b"one\ntwo\n")
        self.assertExit(res, 0)
        self.assertRegex(res.out, r"^%s < 4 bytes\nONE\n%s < 4 bytes\nTWO\n$"
                         % (TIMESTAMP, TIMESTAMP))

    def test_repeat_sends_the_datagram_n_times(self):
        peer = self.peer(reply=lambda data: b"ok")
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--send", "ping\\0", "--repeat",
                        "3", "--interval", "0.01"])
        self.assertExit(res, 0)
        self.assertEqual(peer.datagrams, [b"ping\x00"] * 3)
        self.assertEqual(res.stdout, b"ok" * 3)

    def test_repeat_a_file_sends_its_lines_each_time(self):
        peer = self.peer(reply=lambda data: b"")
        path = self.tempfile(b"x\ny")
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--file", path, "--repeat", "2",
                        "--interval", "0"])
        self.assertExit(res, 0)
        self.assertEqual(peer.datagrams, [b"x\n", b"y", b"x\n", b"y"])

    def test_stats_text(self):
        peer = self.peer(reply=lambda data: data + data)
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--send", "abc", "--repeat", "2",
                        "--interval", "0", "--stats"])
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"UDP statistics: client 127\.0\.0\.1:\d+ -> server "
                                  r"127\.0\.0\.1:%d\n" % peer.port)
        self.assertRegex(res.err, r"\n  sent +2 datagrams, 6 bytes")
        self.assertRegex(res.err, r"\n  received +2 datagrams, 12 bytes")
        self.assertRegex(res.err, r"\n  duration +\d")

    def test_stats_json_follows_the_schema(self):
        peer = self.peer(reply=lambda data: b"12345")
        res = run_tcpc(["-u", "127.0.0.1", str(peer.port), "--hex", "0102", "--repeat", "3",
                        "--interval", "0", "--json"])
        self.assertExit(res, 0)
        reports = json_reports(res.err)
        self.assertEqual(len(reports), 1, res.err)
        report = reports[0]
        self.assertMatchesSchema(report)
        self.assertEqual(report["type"], "datagrams")
        self.assertEqual(report["role"], "client")
        self.assertEqual(report["peer"], "127.0.0.1:%d" % peer.port)
        self.assertEqual((report["datagrams_sent"], report["bytes_sent"]), (3, 6))
        self.assertEqual((report["datagrams_received"], report["bytes_received"]), (3, 15))
        self.assertIsNone(report["senders"])
        self.assertIsInstance(report["resolve_us"], int)

    def test_stats_json_file_in_pipe_mode(self):
        peer = self.peer(reply=lambda data: data)
        path = self.temppath()
        res = run_tcpc(["-u", "-q", "2", "127.0.0.1", str(peer.port), "--json-file", path],
                       input=b"hello\n")
        self.assertExit(res, 0)
        with open(path) as f:
            report = json.loads(f.read())
        self.assertMatchesSchema(report)
        self.assertEqual((report["datagrams_sent"], report["datagrams_received"]), (1, 1))


    def test_sigterm_ends_the_client_with_its_report(self):
        peer = self.peer()
        p = self.start_tcpc(["-u", "127.0.0.1", str(peer.port), "--stats"],
                            stdin=subprocess.PIPE, wait_listening=False)
        p.proc.stdin.write(b"hello\n")
        p.proc.stdin.flush()
        self.assertEqual(peer.recv(), b"hello\n")
        p.proc.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(), 143)
        self.assertRegex(p.err_text(), r"\n  sent +1 datagram, 6 bytes")

    def test_repeat_until_stopped_is_not_idle_while_it_sends(self):
        # -w 1 (1.3 s with the 0.3 s interval): the sends keep it going although
        # nothing comes back; silence would have ended it before the 6th.
        peer = self.peer()
        p = self.start_tcpc(["-u", "-w", "1", "127.0.0.1", str(peer.port), "--send", "x",
                             "--repeat", "0", "--interval", "0.3"], wait_listening=False)
        for _ in range(10):
            self.assertEqual(peer.recv(), b"x")
        self.assertTrue(p.running(), p.err_text())
        p.proc.send_signal(signal.SIGINT)
        self.assertEqual(p.wait(), 130)


class UdpServerModesTest(UdpTestCase):
    """-u -l --mode: each mode does per datagram what its TCP counterpart does."""

    def test_reply_mode_answers_every_datagram(self):
        server = self.start_udp_server(["reply", "OK\\r\\n"])
        peer = self.peer()
        for data in (b"first", b"second"):
            peer.sock.sendto(data, ("127.0.0.1", server.port))
            self.assertEqual(peer.recv(), b"OK\r\n")

    def test_reply_hex(self):
        server = self.start_udp_server(["reply", "--reply-hex", "00 ff"])
        peer = self.peer()
        peer.sock.sendto(b"?", ("127.0.0.1", server.port))
        self.assertEqual(peer.recv(), b"\x00\xff")

    def test_discard_mode_counts_and_answers_nothing(self):
        server = self.start_udp_server(["discard"], ["-v"])
        peer = self.peer()
        peer.sock.sendto(b"a", ("127.0.0.1", server.port))
        peer.sock.sendto(b"bb", ("127.0.0.1", server.port))
        server.wait_stderr(r"^#1 2 bytes from 127\.0\.0\.1:%d discarded$" % peer.port)
        server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(server.wait(), 143)
        self.assertIn("1 sender, received 3 bytes in 2 datagrams, sent 0 bytes in 0 datagrams",
                      server.err_text())
        self.assertNothingArrives(peer)

    def test_print_mode_shows_each_datagram_with_its_sender(self):
        server = self.start_udp_server(["print"], capture_stdout=True)
        alice, bob = self.peer(), self.peer()
        alice.sock.sendto(b"hello\n", ("127.0.0.1", server.port))
        first = "%s #1 127.0.0.1:%d < 6 bytes\nhello\n" % ("[00:00:00.000]", alice.port)
        server.wait_stdout(first.encode())
        bob.sock.sendto(b"hi", ("127.0.0.1", server.port))
        server.wait_stdout((first + "[00:00:00.000] #2 127.0.0.1:%d < 2 bytes\nhi\n"
                            % bob.port).encode())
        self.assertRegex(server.out_bytes().decode(),
                         r"^%s #1 127\.0\.0\.1:%d < 6 bytes\nhello\n"
                         r"%s #2 127\.0\.0\.1:%d < 2 bytes\nhi\n$"
                         % (TIMESTAMP, alice.port, TIMESTAMP, bob.port))
        # Every sender is logged as it first sends, as the TCP server logs clients.
        server.wait_stderr(r"^#2 first datagram from 127\.0\.0\.1:%d$" % bob.port)
        self.assertIn("#1 first datagram from 127.0.0.1:%d" % alice.port, server.err_text())
        self.assertNothingArrives(alice)

    def test_print_mode_hex_view(self):
        server = self.start_udp_server(["print"], ["--view", "hex"], capture_stdout=True)
        peer = self.peer()
        peer.sock.sendto(b"\x00\x01*", ("127.0.0.1", server.port))
        header = "[00:00:00.000] #1 127.0.0.1:%d < 3 bytes\n" % peer.port
        line = "00000000: 00 01 2a" + " " * 42 + "|..*|\n"
        out = server.wait_stdout((header + line).encode()).decode()
        self.assertRegex(out, r"^%s #1 127\.0\.0\.1:%d < 3 bytes\n%s$"
                         % (TIMESTAMP, peer.port, re.escape(line)))

    def test_source_mode_sends_n_bytes_to_each_sender(self):
        server = self.start_udp_server(["source", "3000"])
        peer = self.peer()
        for _ in range(2):
            peer.sock.sendto(b"go", ("127.0.0.1", server.port))
            got, sizes = b"", []
            while len(got) < 3000:
                data = peer.recv()
                sizes.append(len(data))
                got += data
            self.assertEqual(got, chargen(0, 3000))
            self.assertEqual(sizes, [1024, 1024, 952])

    def test_oneshot_client_takes_all_of_a_source_answer_with_recv_size(self):
        server = self.start_udp_server(["source", "3000"])
        res = run_tcpc(["-u", "127.0.0.1", str(server.port), "--send", "go",
                        "--recv-size", "3000"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, chargen(0, 3000))

    def test_once_in_every_mode(self):
        for mode, answer in ((["echo"], b"x"), (["reply", "r"], b"r"), (["discard"], None),
                             (["print"], None), (["source", "10"], chargen(0, 10))):
            with self.subTest(mode=mode):
                server = self.start_udp_server(mode, ["--once"], capture_stdout=True)
                peer = self.peer()
                peer.sock.sendto(b"x", ("127.0.0.1", server.port))
                self.assertEqual(server.wait(), 0, server.err_text())
                if answer is None:
                    self.assertNothingArrives(peer)
                else:
                    self.assertEqual(peer.recv(), answer)
                if mode == ["print"]:
                    self.assertRegex(server.out_bytes().decode(), r"< 1 byte\nx\n$")

    def test_stats_report_at_the_end(self):
        server = self.start_udp_server(["echo"], ["--stats", "--json"])
        alice, bob = self.peer(), self.peer()
        alice.sock.sendto(b"abc", ("127.0.0.1", server.port))
        self.assertEqual(alice.recv(), b"abc")
        bob.sock.sendto(b"de", ("127.0.0.1", server.port))
        self.assertEqual(bob.recv(), b"de")
        server.proc.send_signal(signal.SIGINT)
        self.assertEqual(server.wait(), 130)
        reports = json_reports(server.err_text())
        self.assertEqual(len(reports), 1, server.err_text())
        report = reports[0]
        self.assertMatchesSchema(report)
        self.assertEqual((report["role"], report["peer"], report["senders"]), ("server", None, 2))
        self.assertEqual((report["datagrams_received"], report["bytes_received"]), (2, 5))
        self.assertEqual((report["datagrams_sent"], report["bytes_sent"]), (2, 5))
        self.assertIsNone(report["resolve_us"])

    def test_stats_text_on_the_server(self):
        server = self.start_udp_server(["discard"], ["--stats"])
        peer = self.peer()
        server_addr = ("127.0.0.1", server.port)
        peer.sock.sendto(b"1234", server_addr)
        server.wait_stderr(r"^#1 first datagram from")
        server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(server.wait(), 143)
        err = server.err_text()
        self.assertIn("UDP statistics: server 127.0.0.1:%d\n" % server.port, err)
        self.assertRegex(err, r"\n  senders +1\n")
        self.assertRegex(err, r"\n  received +1 datagram, 4 bytes")


class UdpListenPartsTest(UdpTestCase):
    """-u -l without --mode: the relay with -o, --view/--time and --stats."""

    def test_output_file_and_time_view(self):
        path = self.temppath()
        p = self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "-o", path, "--time", "--stats"],
                            capture_stdout=True)
        alice, bob = self.peer(), self.peer()
        alice.sock.sendto(b"\x00\xffa\n", ("127.0.0.1", p.port))
        p.wait_stdout(b"[00:00:00.000] < 4 bytes\n\x00\xffa\n")
        bob.sock.sendto(b"b", ("127.0.0.1", p.port))
        out = p.wait_stdout(b"[00:00:00.000] < 4 bytes\n\x00\xffa\n"
                            b"[00:00:00.000] < 1 byte\nb\n")
        self.assertRegex(out.decode("latin-1"),
                         r"^%s < 4 bytes\n\x00\xffa\n%s < 1 byte\nb\n$" % (TIMESTAMP, TIMESTAMP))
        p.proc.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(), 143)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"\x00\xffa\nb")
        self.assertIn("UDP statistics: server 127.0.0.1:%d <- latest sender 127.0.0.1:%d"
                      % (p.port, bob.port), p.err_text())


class UdpTerminalTest(UdpTestCase):

    def test_on_a_terminal_it_stays_udp(self):
        # The interactive session is TCP's: on a terminal -u must not start it.
        peer = self.peer(reply=lambda data: b"pong\n")
        term = PtyProcess([tcpctest.tcpc_path(), "-u", "127.0.0.1", str(peer.port)])
        self.addCleanup(term.close)
        term.type_line("ping")
        term.wait_screen(r"^pong$")
        self.assertEqual(peer.datagrams, [b"ping\n"])


class UdpUsageTest(UdpTestCase):

    def test_conflicts(self):
        for args, words in (
                (["-u", "-N", "127.0.0.1", "9"], "-N is not available with -u"),
                (["-u", "--no-shutdown", "127.0.0.1", "9", "--send", "x"], "--no-shutdown"),
                (["-u", "-l", "127.0.0.1", "0", "--mode", "echo", "--max-clients", "2"],
                 "--max-clients"),
                (["-u", "-U", "/tmp/x.sock"], "-U is not available with -u"),
                (["-u"], "-u needs HOST PORT"),
                (["-u", "--interactive", "127.0.0.1", "9"], "--interactive"),
                (["-u", "--stats-interval", "1", "127.0.0.1", "9"], "--stats-interval"),
                (["-u", "-l", "127.0.0.1", "0", "--mode", "print", "-o", "f"], "-o"),
                (["-u", "-l", "127.0.0.1", "0", "--mode", "echo", "--stats-interval", "1"],
                 "--stats-interval")):
            with self.subTest(args=args):
                line = self.assertFailure(run_tcpc(args), 2)
                self.assertIn(words, line)


if __name__ == "__main__":
    tcpctest.main()
