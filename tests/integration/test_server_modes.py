# SPDX-License-Identifier: MIT
"""Server modes (`tcpc -l PORT --mode ...`): discard, print, reply, source,
several clients at once, one of them vanishing mid-message, NUL bytes
through every mode, and print mode's console on a terminal."""

import os
import re
import socket
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import chargen  # noqa: E402
from tcpctest import TcpcTestCase, recv_all, recv_exact, run_tcpc, tcpc_path  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402

TIMESTAMP = r"\[\d\d:\d\d:\d\d\.\d{3}\]"
BINARY = bytes(range(256)) + b"\x00\x00end\x00"


def rude_close(sock):
    """Close with a reset, as a client that crashes does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    sock.close()


class ServerModesTest(TcpcTestCase):

    def start_mode(self, mode_args, capture_stdout=False):
        return self.start_tcpc(["-l", "127.0.0.1", "0"] + mode_args,
                               capture_stdout=capture_stdout)

    def test_discard_counts_and_survives_a_vanishing_client(self):
        server = self.start_mode(["--mode", "discard"])
        clients = [self.connect("127.0.0.1", server.port) for _ in range(3)]
        names = [c.getsockname()[1] for c in clients]
        server.wait_stderr(r"#3 connection from")
        clients[1].sendall(b"half a mess")
        rude_close(clients[1])
        server.wait_stderr(r"#2 127\.0\.0\.1:%d closed" % names[1])
        for c in (clients[0], clients[2]):
            c.sendall(BINARY)
            c.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(c), b"")  # nothing comes back, then the end
        server.wait_stderr(r"#1 127\.0\.0\.1:%d closed \(%d bytes in, 0 out\)"
                           % (names[0], len(BINARY)))
        server.wait_stderr(r"#3 127\.0\.0\.1:%d closed \(%d bytes in, 0 out\)"
                           % (names[2], len(BINARY)))
        self.assertTrue(server.running())

    def test_print_shows_every_client_with_time_and_address(self):
        server = self.start_mode(["--mode", "print"], capture_stdout=True)
        a = self.connect("127.0.0.1", server.port)
        server.wait_stderr(r"#1 connection from")
        b = self.connect("127.0.0.1", server.port)
        server.wait_stderr(r"#2 connection from")
        rude = self.connect("127.0.0.1", server.port)
        server.wait_stderr(r"#3 connection from")
        a.sendall(BINARY)
        a.shutdown(socket.SHUT_WR)
        self.assertEqual(recv_all(a), b"")
        server.wait_stderr(r"#1 .* closed")
        rude.sendall(b"cut off in the mid")
        rude_close(rude)
        server.wait_stderr(r"#3 .* closed")
        b.sendall(b"second client\n")
        b.shutdown(socket.SHUT_WR)
        self.assertEqual(recv_all(b), b"")
        # stdout is its own pipe: wait for the last chunk to come through it.
        out = server.stdout.wait_for(lambda d: d if d.endswith(b"second client\n") else None,
                                     tcpctest.SOCK_TIMEOUT)
        self.assertIsNotNone(out, server.out_bytes())
        # Each chunk: a header line, then the bytes exactly (NULs too).
        ports = {b"1": a.getsockname()[1], b"2": b.getsockname()[1]}
        by_client = {}
        pos = 0
        header = re.compile(rb"\[\d\d:\d\d:\d\d\.\d{3}\] #(\d) 127\.0\.0\.1:(\d+) < (\d+) bytes\n")
        while pos < len(out):
            m = header.match(out, pos)
            self.assertIsNotNone(m, "no header at %d: %r" % (pos, out[pos:pos + 80]))
            if m.group(1) in ports:
                self.assertEqual(int(m.group(2)), ports[m.group(1)])
            size = int(m.group(3))
            body = out[m.end():m.end() + size]
            by_client[m.group(1)] = by_client.get(m.group(1), b"") + body
            pos = m.end() + size
            if not body.endswith(b"\n"):
                self.assertEqual(out[pos:pos + 1], b"\n")
                pos += 1
        self.assertEqual(by_client[b"1"], BINARY)
        self.assertEqual(by_client[b"2"], b"second client\n")
        self.assertTrue(b"cut off in the mid".startswith(by_client.get(b"3", b"")))

    def test_print_hex_view(self):
        server = self.start_mode(["--mode", "print", "--view", "hex"], capture_stdout=True)
        c = self.connect("127.0.0.1", server.port)
        c.sendall(b"\x00\x01A")
        c.shutdown(socket.SHUT_WR)
        self.assertEqual(recv_all(c), b"")
        out = server.stdout.wait_for(lambda d: d if d.endswith(b"|\n") else None,
                                     tcpctest.SOCK_TIMEOUT)
        self.assertRegex((out or b"").decode(),
                         r"^%s #1 127\.0\.0\.1:\d+ < 3 bytes\n00000000: 00 01 41 +\|\.\.A\|\n$"
                         % TIMESTAMP)

    def test_reply_text_answers_every_message(self):
        server = self.start_mode(["--mode", "reply", "OK\\r\\n"])
        clients = [self.connect("127.0.0.1", server.port) for _ in range(3)]
        for round_ in range(2):
            for c in clients:
                c.sendall(b"\x01\x03\x00\x00\x00\x0a")
                self.assertEqual(recv_exact(c, 4), b"OK\r\n")
        rude_close(clients[0])
        clients[1].sendall(b"more")
        self.assertEqual(recv_exact(clients[1], 4), b"OK\r\n")

    def test_reply_hex_with_nul_bytes(self):
        server = self.start_mode(["--mode", "reply", "--reply-hex", "00 ff 00 0d 0a"])
        c = self.connect("127.0.0.1", server.port)
        c.sendall(BINARY)
        self.assertEqual(recv_exact(c, 5), b"\x00\xff\x00\r\n")
        # --reply-hex alone also means reply mode.
        server2 = self.start_mode(["--reply-hex", "aa"])
        c2 = self.connect("127.0.0.1", server2.port)
        c2.sendall(b"?")
        self.assertEqual(recv_exact(c2, 1), b"\xaa")

    def test_source_sends_n_bytes_then_closes(self):
        server = self.start_mode(["--mode", "source", "100000"])
        clients = [self.connect("127.0.0.1", server.port) for _ in range(3)]
        clients[1].close()  # one leaves at once; the others get everything
        for c in (clients[0], clients[2]):
            self.assertEqual(recv_all(c), chargen(0, 100000))

    def test_once_with_a_mode(self):
        server = self.start_mode(["--mode", "reply", "pong", "--once"])
        c = self.connect("127.0.0.1", server.port)
        c.sendall(b"ping")
        self.assertEqual(recv_exact(c, 4), b"pong")
        c.close()
        self.assertEqual(server.wait(), 0, server.err_text())

    def test_max_clients_tells_the_client_beyond_it_and_logs_it(self):
        server = self.start_mode(["--mode", "echo", "--max-clients", "1"])
        first = self.connect("127.0.0.1", server.port)
        first.sendall(b"one")
        self.assertEqual(recv_exact(first, 3), b"one")
        second = self.connect("127.0.0.1", server.port)
        # Told at once and closed, not held in the backlog in silence.
        self.assertEqual(recv_all(second),
                         b"tcpc: busy: this server takes 1 client at a time; try again later\r\n")
        server.wait_stderr(r"connection from 127\.0\.0\.1:%d turned away: 1 client connected, "
                           r"the most allowed" % second.getsockname()[1])
        # The first is still served, and a client after it is too.
        first.sendall(b"two")
        self.assertEqual(recv_exact(first, 3), b"two")
        first.close()
        server.wait_stderr(r"#1 127\.0\.0\.1:\d+ closed")
        third = self.connect("127.0.0.1", server.port)
        third.sendall(b"three")
        self.assertEqual(recv_exact(third, 5), b"three")

    def test_usage_errors(self):
        for args, needle in (
                (["--mode", "reply"], "--mode reply needs the reply"),
                (["--mode", "source"], "--mode source needs a size"),
                (["--mode", "source", "x1"], "whole number"),
                (["--mode", "chargen"], "unknown --mode 'chargen'"),
                (["--mode", "echo", "--reply", "x"], "--reply and --reply-hex are for --mode reply"),
                (["--mode", "print", "-o", "f"], "-o is not available with --mode print"),
                (["--mode", "reply", "--reply-hex", "zz"], "invalid hex")):
            with self.subTest(args=args):
                res = run_tcpc(["-l", "127.0.0.1", "0"] + args)
                line = self.assertFailure(res, 2)
                self.assertIn(needle, line)


class PrintConsoleTest(TcpcTestCase):

    def start_console(self, extra=()):
        term = PtyProcess([tcpc_path(), "-l", "127.0.0.1", "0", "--mode", "print"] + list(extra))
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        term.wait_screen(r"^reply> ?$")
        return term, port

    def test_clients_all_and_kick(self):
        term, port = self.start_console()
        a = self.connect("127.0.0.1", port)
        term.wait_screen(r"^#1 connection from")
        b = self.connect("127.0.0.1", port)
        term.wait_screen(r"^#2 connection from")
        a.sendall(b"x" * 2000)
        term.wait_screen(r"#1 127\.0\.0\.1:\d+ < 2000 bytes")
        term.type_line("/clients")
        term.wait_screen(r"^-- #1 127\.0\.0\.1:%d  connected [0-9.]+ s  received 2000 bytes "
                         r"\(1\.95 KiB\)  sent 0 bytes$" % a.getsockname()[1])
        term.wait_screen(r"^-- #2 127\.0\.0\.1:%d  connected [0-9.]+ s  received 0 bytes  "
                         r"sent 0 bytes  <- typed text goes here$" % b.getsockname()[1])
        term.type_line("/all to all")
        self.assertEqual(recv_exact(a, 7), b"to all\n")
        self.assertEqual(recv_exact(b, 7), b"to all\n")
        term.wait_screen(r"^%s to 2 clients > 7 bytes$" % TIMESTAMP)
        term.type_line("/stats")
        term.wait_screen(r"^-- 2 clients connected now, 2 clients since the start$")
        term.wait_screen(r"^-- received: 2000 bytes \(1\.95 KiB\)$")
        term.wait_screen(r"^-- sent: +14 bytes$")
        term.type_line("/kick 1")
        term.wait_screen(r"^#1 127\.0\.0\.1:\d+ closed by the server")
        self.assertEqual(recv_all(a), b"")
        term.type_line("/kick 1")
        term.wait_screen(r"^tcpc: no client #1 is connected$")
        term.type_line("/clients")
        term.wait_screen(r"^-- #2 .*<- typed text goes here$", count=2)
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_eol_sets_the_line_ending_of_typed_replies(self):
        for eol, ending in ((None, b"\n"), ("crlf", b"\r\n"), ("cr", b"\r"), ("none", b"")):
            with self.subTest(eol=eol):
                term, port = self.start_console(["--eol", eol] if eol else [])
                a = self.connect("127.0.0.1", port)
                term.wait_screen(r"^#1 connection from")
                term.type_line("typed")
                self.assertEqual(recv_exact(a, 5 + len(ending)), b"typed" + ending)
                term.type_line("/quit")
                self.assertEqual(term.wait_exit(), 0, term.screen.text())
                term.close()

    def test_append_adds_checksums_to_typed_replies(self):
        term, port = self.start_console(["--append", "sum8", "--eol", "none"])
        a = self.connect("127.0.0.1", port)
        term.wait_screen(r"^#1 connection from")
        term.type_line("typed")
        self.assertEqual(recv_exact(a, 6), b"typed" + bytes([sum(b"typed") & 0xFF]))
        term.type_line("/append hex:0d0a")
        term.wait_screen(r"append: hex:0d0a")
        term.type_line("/hex 41")
        self.assertEqual(recv_exact(a, 3), b"A\r\n")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())
        term.close()

    def test_raw_passes_what_clients_send_to_the_terminal_unchanged(self):
        hostile = b"\x1b[31mred\x1b[0m\n"
        term, port = self.start_console()
        a = self.connect("127.0.0.1", port)
        a.sendall(hostile)
        term.wait_screen(r"red")
        self.assertNotIn(b"\x1b[31mred", term.raw)  # shown escaped (README, "What a peer sends")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())
        term.close()
        # --raw: no console, the bytes as they came (as through a pipe).
        term = PtyProcess([tcpc_path(), "-l", "127.0.0.1", "0", "--mode", "print", "--raw"])
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        a = self.connect("127.0.0.1", port)
        a.sendall(hostile)
        term.wait_screen(r"red")
        self.assertIn(hostile.rstrip(), term.raw)
        self.assertNotIn(b"reply>", term.raw)

    def test_help_lists_what_the_console_does_and_it_does_it(self):
        term, port = self.start_console()
        term.type_line("/help")
        term.wait_screen(r"^  /kick N ")
        term.wait_screen(r"^ +\(a file of up to 1 MiB\)$")
        screen = term.screen.text()
        for listed in ("/hex", "/file PATH", "/repeat N INTERVAL DATA", "/to [N|new]",
                       "/all DATA", "/clients", "/view", "/time", "/encoding", "/eol", "/save",
                       "/stats", "/quit"):
            self.assertRegex(screen, r"(?m)^  %s" % re.escape(listed))
        self.assertNotIn("not in the print server's console", screen)
        # What it lists, it does: /time off drops the time from the header.
        term.type_line("/time off")
        term.wait_screen(r"^-- time: off$")
        a = self.connect("127.0.0.1", port)
        a.sendall(b"untimed")
        term.wait_screen(r"^#1 127\.0\.0\.1:\d+ < 7 bytes\nuntimed$")
        term.type_line("/repeat 3 0 ping")
        self.assertEqual(recv_exact(a, 15), b"ping\n" * 3)
        term.wait_screen(r"^-- /repeat done: sent 3 times$")
        # Ctrl-C stops a running /repeat, not the server; then it stops the server.
        term.type_line("/repeat 0 10ms tick")
        self.assertEqual(recv_exact(a, 10), b"tick\n" * 2)
        term.send("\x03")
        term.wait_screen(r"^-- /repeat stopped: sent \d+ times$")
        term.type_line("still here")
        data = b""
        while not data.endswith(b"still here\n"):
            chunk = a.recv(65536)
            self.assertTrue(chunk)
            data += chunk
        term.send("\x03")
        term.wait_screen(r"^1 client, 7 bytes received, \d+ bytes sent$")
        self.assertEqual(term.wait_exit(), 130, term.screen.text())

    def test_totals_after_quit_and_after_ctrl_d(self):
        for how in ("/quit\r", "\x04"):
            with self.subTest(how=how):
                term, port = self.start_console()
                a = self.connect("127.0.0.1", port)
                a.sendall(b"abc")
                term.wait_screen(r"< 3 bytes")
                term.type_line("z")
                self.assertEqual(recv_exact(a, 2), b"z\n")
                term.send(how)
                term.wait_screen(r"^1 client, 3 bytes received, 2 bytes sent$")
                self.assertEqual(term.wait_exit(), 0, term.screen.text())
                term.close()

    def test_file_of_any_size_streams_with_progress(self):
        term, port = self.start_console()
        a = self.connect("127.0.0.1", port)
        term.wait_screen(r"^#1 connection from")
        with tempfile.TemporaryDirectory() as tmp:
            small = os.path.join(tmp, "small.txt")
            with open(small, "wb") as f:
                f.write(b"small file\n")
            term.type_line("/file " + small)
            self.assertEqual(recv_exact(a, 11), b"small file\n")
            term.wait_screen(r"^%s #1 > 11 bytes\nsmall file$" % TIMESTAMP)
            big = os.path.join(tmp, "big.bin")
            size = 3 * 1024 * 1024 + 5  # more than the old 1 MiB limit
            data = (bytes(range(256)) * (size // 256 + 1))[:size]
            with open(big, "wb") as f:
                f.write(data)
            term.type_line("/file " + big)
            term.wait_screen(r"^-- sending .*big\.bin \(3145733 bytes \(3\.00 MiB\)\) to #1$")
            self.assertEqual(recv_exact(a, size), data)
            term.wait_screen(r"^-- /file .*big\.bin: 50% \(\d+ bytes")
            term.wait_screen(r"^-- /file .*big\.bin: all 3145733 bytes \(3\.00 MiB\) sent to #1$")
            # A client that stops reading and is kicked: how far it got.
            huge = os.path.join(tmp, "huge.bin")
            with open(huge, "wb") as f:
                f.truncate(64 * 1024 * 1024)
            term.type_line("/file " + huge)
            self.assertEqual(recv_exact(a, 1000), b"\x00" * 1000)
            term.type_line("/kick 1")
            term.wait_screen(r"^-- stopped sending .*huge\.bin after \d+ bytes \([0-9.]+ [KM]iB\): "
                             r"client #1 left$")

    def test_typed_replies_go_to_the_newest_or_the_chosen_client(self):
        term = PtyProcess([tcpc_path(), "-l", "127.0.0.1", "0", "--mode", "print"])
        self.addCleanup(term.close)
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        term.wait_screen(r"^reply> ?$")
        a = self.connect("127.0.0.1", port)
        term.wait_screen(r"^#1 connection from 127\.0\.0\.1:%d$" % a.getsockname()[1])
        a.sendall(b"from a")
        term.wait_screen(r"^%s #1 127\.0\.0\.1:\d+ < 6 bytes\nfrom a$" % TIMESTAMP)
        b = self.connect("127.0.0.1", port)
        term.wait_screen(r"^#2 connection from")
        term.type_line("hello newest")
        self.assertEqual(recv_exact(b, 13), b"hello newest\n")
        term.type_line("/to 1")
        term.wait_screen(r"^reply to #1> ?$")
        term.type_line("/hex 00 ff 00")
        self.assertEqual(recv_exact(a, 3), b"\x00\xff\x00")
        # A client that does not exist is refused at once; the choice stays.
        term.type_line("/to 9")
        term.wait_screen(r"^tcpc: no client #9 is connected \(/clients lists them\); typed text "
                         r"still goes to #1$")
        term.type_line("still a")
        self.assertEqual(recv_exact(a, 8), b"still a\n")
        # Back to the newest.
        term.type_line("/to")
        term.wait_screen(r"^-- typed text goes to the newest client$")
        term.type_line("to b")
        self.assertEqual(recv_exact(b, 5), b"to b\n")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())


if __name__ == "__main__":
    tcpctest.main()
