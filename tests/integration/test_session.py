# SPDX-License-Identifier: MIT
"""The interactive session (`tcpc HOST PORT` on a terminal), driven through a
pseudo-terminal: what is typed goes out exactly, and the screen shows what
arrives, in the chosen view, without mixing it into the line being typed."""

import os
import re
import socket
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_exact, tcpc_path  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402

PROMPT = r"^127\.0\.0\.1:\d+> ?"  # trailing spaces are not kept
TIMESTAMP = r"\[\d\d:\d\d:\d\d\.\d{3}\]"


class SessionTest(TcpcTestCase):

    def start_on_pty(self, args):
        """tcpc `args` HOST PORT on a pty, connected to a Python server socket."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(tcpctest.SOCK_TIMEOUT)
        port = listener.getsockname()[1]
        term = PtyProcess([tcpc_path()] + list(args) + ["127.0.0.1", str(port)])
        self.addCleanup(term.close)
        conn, _ = listener.accept()
        conn.settimeout(tcpctest.SOCK_TIMEOUT)
        self.addCleanup(conn.close)
        return term, conn, port

    def start_session(self, extra=()):
        """tcpc's session, at its prompt, and the server side of its connection."""
        term, conn, port = self.start_on_pty(extra)
        term.wait_screen(r"-- connected to 127\.0\.0\.1:%d from 127\.0\.0\.1:\d+" % port)
        term.wait_screen(PROMPT)
        return term, conn

    def last_line(self, term):
        return term.screen.text().rstrip("\n").split("\n")[-1]

    def test_typed_line_is_sent_and_the_reply_shown(self):
        term, conn = self.start_session()
        term.type_line("hello, server")
        self.assertEqual(recv_exact(conn, 14), b"hello, server\n")
        conn.sendall(b"hello, client\n")
        term.wait_screen(r"^hello, client$")
        # The prompt is back on its own line, last.
        term.wait_screen(PROMPT + r"$")
        self.assertRegex(self.last_line(term), PROMPT + "$")

    def test_data_arriving_while_typing_does_not_mix_into_the_line(self):
        term, conn = self.start_session()
        term.send("half a li")
        term.wait_screen(PROMPT + r"half a li$")
        conn.sendall(b"interruption without newline")
        term.wait_screen(r"^interruption without newline$")
        # The half-typed line is redrawn below the data, intact and editable.
        term.wait_screen(PROMPT + r"half a li$")
        self.assertRegex(self.last_line(term), PROMPT + "half a li$")
        term.type_line("ne")
        self.assertEqual(recv_exact(conn, 12), b"half a line\n")

    def test_hex_send_and_hex_view(self):
        term, conn = self.start_session()
        term.type_line("/hex 01 03 00 00 00 0a")
        self.assertEqual(recv_exact(conn, 6), b"\x01\x03\x00\x00\x00\x0a")
        term.type_line("/view hex")
        term.wait_screen(r"^-- view: hex$")
        # The sent chunk is shown now that chunks have headers.
        term.type_line("/hex ff 00")
        self.assertEqual(recv_exact(conn, 2), b"\xff\x00")
        term.wait_screen(r"^> 2 bytes\n00000000: ff 00 +\|\.\.\|$")
        conn.sendall(b"\x00\x01OK")
        term.wait_screen(r"^< 4 bytes\n00000000: 00 01 4f 4b +\|\.\.OK\|$")

    def test_view_switching(self):
        term, conn = self.start_session()
        for view, pattern in (
                ("both", r"^< 3 bytes\nabc\n00000000: 61 62 63 +\|abc\|$"),
                ("hex", r"^< 3 bytes\n00000000: 61 62 63 +\|abc\|$"),
                ("text", r"^abc$")):
            term.type_line("/view " + view)
            term.wait_screen(r"^-- view: %s$" % view)
            before = term.screen.text()
            conn.sendall(b"abc")
            term.wait_screen(pattern, count=len(re.findall(pattern, before, re.M)) + 1)
        term.type_line("/view")
        term.wait_screen(r"^-- view: text$", count=2)
        term.type_line("/view xxd")
        term.wait_screen(r"^tcpc: /view: unknown view 'xxd'")

    def test_timestamps(self):
        term, conn = self.start_session(["--time"])
        term.type_line("ping")
        self.assertEqual(recv_exact(conn, 5), b"ping\n")
        term.wait_screen(r"^%s > 5 bytes\nping$" % TIMESTAMP)
        conn.sendall(b"pong\n")
        term.wait_screen(r"^%s < 5 bytes\npong$" % TIMESTAMP)
        term.type_line("/time off")
        term.wait_screen(r"^-- time: off$")
        conn.sendall(b"plain\n")
        term.wait_screen(r"^plain$")
        self.assertNotRegex(term.screen.text(), r"< 6 bytes")

    def test_repeat_count(self):
        term, conn = self.start_session()
        term.type_line("/repeat 3 0 ping")
        self.assertEqual(recv_exact(conn, 15), b"ping\n" * 3)
        term.wait_screen(r"^-- /repeat done: sent 3 times$")
        term.type_line("/repeat 2 10ms /hex 00 01")
        self.assertEqual(recv_exact(conn, 4), b"\x00\x01\x00\x01")
        term.wait_screen(r"^-- /repeat done: sent 2 times$")

    def test_ctrl_c_stops_the_repeat_not_the_session(self):
        term, conn = self.start_session()
        term.type_line("/repeat 0 0.02 tick")
        self.assertEqual(recv_exact(conn, 10), b"tick\ntick\n")
        term.send("\x03")
        m = term.wait_screen(r"^-- /repeat stopped: sent (\d+) times$")
        sent = int(m.group(1))
        self.assertGreaterEqual(sent, 2)
        # Exactly that many arrive, then nothing more: the session goes on.
        term.type_line("after")
        expected = b"tick\n" * (sent - 2) + b"after\n"
        self.assertEqual(recv_exact(conn, len(expected)), expected)
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_server_close_is_reported_with_totals(self):
        term, conn = self.start_session()
        term.type_line("bye")
        self.assertEqual(recv_exact(conn, 4), b"bye\n")
        conn.sendall(b"ok\n")
        term.wait_screen(r"^ok$")
        conn.close()
        term.wait_screen(r"^-- connection closed by the server: 4 bytes sent, 3 bytes received "
                         r"in [0-9.]+ seconds$")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_server_reset_exits_1(self):
        term, conn = self.start_session()
        term.type_line("x")
        self.assertEqual(recv_exact(conn, 2), b"x\n")
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        conn.close()
        term.wait_screen(r"^-- connection lost: .*reset by peer: 2 bytes sent, 0 bytes received")
        self.assertEqual(term.wait_exit(), 1, term.screen.text())

    def test_binary_bytes_are_saved_exactly_and_sent_exactly(self):
        term, conn = self.start_session()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "saved.bin")
            term.type_line("/save " + path)
            term.wait_screen(r"^-- saving received bytes to .*saved\.bin \(0 so far\)$")
            data = bytes(range(256)) * 8 + b"\x00\x00"
            conn.sendall(data)
            term.type_line("/hex 00 00 ff 00")  # goes out after the data has been seen
            self.assertEqual(recv_exact(conn, 4), b"\x00\x00\xff\x00")
            term.type_line("/save")
            term.wait_screen(r"^-- saving received bytes to .*saved\.bin \(%d so far\)$" % len(data))
            term.type_line("/save off")
            term.wait_screen(r"^-- not saving received bytes$")
            conn.sendall(b"not saved")
            term.wait_screen(r"not saved")
            with open(path, "rb") as f:
                self.assertEqual(f.read(), data)

    def test_output_option_saves_from_the_start(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "o.bin")
            term, conn = self.start_session(["-o", path])
            conn.sendall(b"\x00first\x00")
            term.wait_screen(r"first")
            term.type_line("/quit")
            self.assertEqual(term.wait_exit(), 0)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"\x00first\x00")

    def test_file_send_streams_the_file_exactly(self):
        term, conn = self.start_session()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "data.bin")
            data = (bytes(range(256)) * 1200)[:300001]
            with open(path, "wb") as f:
                f.write(data)
            term.type_line("/file " + path)
            self.assertEqual(recv_exact(conn, len(data)), data)
            term.type_line("/file " + os.path.join(tmp, "missing"))
            term.wait_screen(r"^tcpc: /file .*missing: No such file or directory$")

    def test_eol_and_literal_slash(self):
        term, conn = self.start_session(["--eol", "crlf"])
        term.type_line("//etc/passwd")
        self.assertEqual(recv_exact(conn, 13), b"/etc/passwd\r\n")
        term.type_line("/eol none")
        term.wait_screen(r"^-- eol: none$")
        term.type_line("no ending")
        term.type_line("/eol cr")
        term.type_line("cr")
        self.assertEqual(recv_exact(conn, 12), b"no endingcr\r")

    def test_encoding_switch(self):
        term, conn = self.start_session()
        term.type_line("/encoding gbk")
        term.wait_screen(r"^-- encoding: gbk$")
        term.type_line("你好")
        self.assertEqual(recv_exact(conn, 5), "你好\n".encode("gbk"))
        conn.sendall("再见\n".encode("gbk"))
        term.wait_screen(r"^再见$")
        term.type_line("/encoding raw")
        term.wait_screen(r"^-- encoding: raw")

    def test_stats_help_and_unknown_commands(self):
        term, conn = self.start_session()
        term.type_line("abc")
        self.assertEqual(recv_exact(conn, 4), b"abc\n")
        conn.sendall(b"12345")
        term.wait_screen(r"^12345$")
        term.type_line("/stats")
        term.wait_screen(r"^-- sent: +4 bytes in 1 chunk$")
        term.wait_screen(r"^-- received: +5 bytes in 1 chunk$")
        term.wait_screen(r"connected for [0-9.]+ seconds")
        term.wait_screen(r"round-trip time \(RTT\)")  # the kernel's TCP_INFO figures
        term.type_line("/help")
        term.wait_screen(r"^  /repeat N INTERVAL DATA")
        term.type_line("/bogus")
        term.wait_screen(r"^tcpc: unknown command '/bogus'")
        # The print console's commands are not the session's: not listed, refused.
        self.assertNotRegex(term.screen.text(), r"(?m)^  /(to|all|kick|clients)\b")
        term.type_line("/kick 1")
        term.wait_screen(r"^tcpc: the session has no /kick \(type /help for its commands\)$")
        term.type_line("/hex 0g")
        term.wait_screen(r"^tcpc: invalid hex at position 2")

    def test_a_line_in_pieces_shows_as_one_line(self):
        term, conn = self.start_session()
        conn.sendall(b"login: ")
        term.wait_screen(r"^login:$")
        conn.sendall(b"part1 ")
        term.wait_screen(r"^login: part1$")
        conn.sendall(b"part2\nnext")
        term.wait_screen(r"^login: part1 part2\nnext\n" + PROMPT + r"$")
        self.assertNotRegex(term.screen.text(), r"(?m)^part1")
        # Timestamps show where the chunks were.
        term.type_line("/time on")
        term.wait_screen(r"^-- time: on$")
        conn.sendall(b"a")
        term.wait_screen(r"^%s < 1 byte\na$" % TIMESTAMP)
        conn.sendall(b"b")
        term.wait_screen(r"^%s < 1 byte\nb$" % TIMESTAMP)

    def test_a_wrapped_piece_continues_where_it_stopped(self):
        term, conn = self.start_session()  # 160 columns
        conn.sendall(b"x" * 200)
        term.wait_screen(r"^x{160}\nx{40}$")
        conn.sendall(b"y" * 10 + b"\n")
        term.wait_screen(r"^x{160}\nx{40}y{10}\n" + PROMPT + r"$")

    def test_stats_shows_the_resolve_and_connect_times(self):
        term, conn = self.start_session()
        term.type_line("/stats")
        term.wait_screen(r"^--   time to resolve the address +\d+\.\d{3} ms$")
        term.wait_screen(r"^--   time to connect \(handshake\) +\d+\.\d{3} ms$")
        self.assertNotRegex(term.screen.text(), r"time to (resolve|connect).*unavailable")

    def test_stats_option_prints_the_report_at_the_end(self):
        term, conn = self.start_session(["--stats"])
        term.type_line("hi")
        self.assertEqual(recv_exact(conn, 3), b"hi\n")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())
        text = term.screen.text()
        self.assertRegex(text, r"(?m)^-- closed: 3 bytes sent, 0 bytes received")
        self.assertRegex(text, r"(?m)^TCP statistics: client 127\.0\.0\.1:\d+ -> server "
                               r"127\.0\.0\.1:\d+$")
        self.assertRegex(text, r"(?m)^  time to connect \(handshake\) +\d+\.\d{3} ms$")
        self.assertRegex(text, r"(?m)^  sent +3 bytes")

    def test_a_long_file_shows_progress(self):
        term, conn = self.start_session()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "big.bin")
            size = 4 * 1024 * 1024
            with open(path, "wb") as f:
                f.write(b"z" * size)
            term.type_line("/file " + path)
            self.assertEqual(recv_exact(conn, size), b"z" * size)
            for percent in range(10, 100, 10):
                term.wait_screen(r"^-- /file .*big\.bin: %d%% \(\d+ bytes \([0-9.]+ [KM]iB\) of "
                                 r"4194304 bytes \(4\.00 MiB\)\)$" % percent)
            term.wait_screen(r"^-- /file .*big\.bin: all 4194304 bytes \(4\.00 MiB\) read for "
                             r"sending$")

    def test_stopping_a_file_says_how_much_was_sent(self):
        term, conn = self.start_session()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "huge.bin")
            size = 64 * 1024 * 1024  # more than the kernel's buffers take while nobody reads
            with open(path, "wb") as f:
                f.truncate(size)
            term.type_line("/file " + path)
            self.assertEqual(recv_exact(conn, 1000), b"\x00" * 1000)
            term.send("\x03")
            m = term.wait_screen(r"^-- stopped sending .*huge\.bin after (\d+) bytes.* of "
                                 r"67108864 bytes \(64\.00 MiB\)$")
            sent = int(m.group(1))
            self.assertLess(sent, size)
            term.type_line("END")
            # Exactly what it said went out, then the next line.
            data = b"\x00" * 1000
            while not data.endswith(b"END\n"):
                chunk = conn.recv(1 << 20)
                self.assertTrue(chunk, "connection ended early")
                data += chunk
            self.assertEqual(len(data) - 4, sent)

    def test_readme_stats_example_has_the_lines_stats_prints(self):
        term, conn = self.start_session()
        term.type_line("/stats")
        term.wait_screen(r"^--   time sending")

        def labels(text):
            return [re.split(r"\s{2,}|\d", line[3:].strip())[0].strip()
                    for line in text.split("\n") if line.startswith("--   ")]
        with open(os.path.join(tcpctest.ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        example = re.search(r"(?ms)^127\.0\.0\.1:7000> /stats\n(.*?)^127\.0\.0\.1:7000> ",
                            readme).group(1)
        shown = labels(term.screen.text())
        self.assertGreater(len(shown), 20)
        self.assertEqual(labels(example), shown)

    def test_history_recalls_the_previous_line(self):
        term, conn = self.start_session()
        term.type_line("first line")
        self.assertEqual(recv_exact(conn, 11), b"first line\n")
        term.send("\x1b[A")  # up arrow
        term.wait_screen(PROMPT + r"first line$")
        term.send("\r")
        self.assertEqual(recv_exact(conn, 11), b"first line\n")

    def test_terminal_resize_redraws_the_line_once(self):
        term, conn = self.start_session()
        term.send("still here")
        term.wait_screen(PROMPT + r"still here$")
        term.resize(100, 30)
        term.send("!")  # echoed after the resize has been handled
        term.wait_screen(r"still here!$")
        self.assertRegex(self.last_line(term), PROMPT + r"still here!$")
        self.assertEqual(len(re.findall(r"127\.0\.0\.1:\d+>", self.last_line(term))), 1,
                         term.screen.text())
        term.type_line("")
        self.assertEqual(recv_exact(conn, 12), b"still here!\n")

    def test_ctrl_d_quits_and_ctrl_c_on_an_empty_line_interrupts(self):
        term, conn = self.start_session()
        term.send("\x04")
        term.wait_screen(r"^-- closed: 0 bytes sent, 0 bytes received in")
        self.assertEqual(term.wait_exit(), 0)
        term, conn = self.start_session()
        term.send("typed")
        term.wait_screen(PROMPT + r"typed$")
        term.send("\x03")  # clears the line first
        term.wait_screen(PROMPT + r"$")
        self.assertRegex(self.last_line(term), PROMPT + "$")
        term.send("\x03")
        self.assertEqual(term.wait_exit(), 130)

    def test_raw_keeps_the_relay_on_a_terminal(self):
        term, conn, _ = self.start_on_pty(["--raw"])
        conn.sendall(b"relayed\n")
        term.wait_screen(r"^relayed$")
        self.assertNotRegex(term.screen.text(), r"-- connected")
        conn.close()
        self.assertEqual(term.wait_exit(), 0)


class PipedSessionTest(TcpcTestCase):
    """--interactive without a terminal: commands from a script."""

    def test_piped_commands_run_then_the_session_half_closes(self):
        echo, port = self.start_echo()
        res = tcpctest.run_tcpc(["--interactive", "--view", "both", "127.0.0.1", str(port)],
                                input=b"hello\r\n/hex 00 ff\n/repeat 2 0 r\n/bogus\n")
        self.assertExit(res, 0)
        out = res.out
        self.assertIn("-- /repeat done: sent 2 times", out)
        self.assertRegex(out, r"(?m)^> 6 bytes\nhello\n00000000: 68 65 6c 6c 6f 0a +\|hello\.\|$")
        self.assertIn(b"\n> 2 bytes\n\x00\xff\n00000000: 00 ff ", res.stdout)  # bytes as they are
        self.assertIn("tcpc: unknown command '/bogus'", res.err)
        # Everything sent came back before the echo server closed.
        received = re.findall(r"(?m)^< (\d+) bytes$", out)
        self.assertEqual(sum(int(n) for n in received), 6 + 2 + 4, out)
        self.assertRegex(out, r"-- connection closed by the server: 12 bytes sent, 12 bytes "
                              r"received in [0-9.]+ seconds\n$")

    def test_a_notice_after_a_piece_of_a_line_starts_its_own_line(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        p = self.start_tcpc(["--interactive", "127.0.0.1", str(port)], capture_stdout=True,
                            wait_listening=False)
        conn, _ = listener.accept()
        conn.sendall(b"no newline")
        conn.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertRegex(p.out_bytes().decode(),
                         r"^-- connected to .*\nno newline\n-- connection closed by the server: ")


if __name__ == "__main__":
    tcpctest.main()
