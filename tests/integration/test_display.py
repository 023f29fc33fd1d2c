# SPDX-License-Identifier: MIT
"""The display outside the session: --view, --time, -o, --repeat/--interval
and -v in one-shot, pipe and listen mode."""

import os
import re
import socket
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all, recv_exact, run_tcpc, tcpc_path  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402

TIMESTAMP = r"\[\d\d:\d\d:\d\d\.\d{3}\]"


def reply_with(data):
    """PyServer handler: read until EOF, record it, answer `data`, close."""
    def handler(server, conn):
        server.received.append(recv_all(conn))
        conn.sendall(data)
    return handler


class OneShotDisplayTest(TcpcTestCase):

    def test_hex_view_shows_both_directions(self):
        server = self.start_pyserver(reply_with(b"\x01\x03\x02\x00\x2a"))
        res = run_tcpc(["127.0.0.1", str(server.port), "--hex", "01 03 00 00 00 01",
                        "--view", "hex"])
        self.assertExit(res, 0)
        self.assertEqual(res.out,
                         "> 6 bytes\n"
                         "00000000: 01 03 00 00 00 01" + " " * 33 + "|......|\n"
                         "< 5 bytes\n"
                         "00000000: 01 03 02 00 2a" + " " * 36 + "|....*|\n")
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b"\x01\x03\x00\x00\x00\x01"])

    def test_both_view_with_time(self):
        server = self.start_pyserver(reply_with(b"OK\r\n"))
        res = run_tcpc(["127.0.0.1", str(server.port), "--send", "AT\\r\\n", "--view", "both",
                        "--time"])
        self.assertExit(res, 0)
        self.assertRegex(res.out,
                         r"^%s > 4 bytes\nAT\r\n00000000: 41 54 0d 0a +\|AT\.\.\|\n"
                         r"%s < 4 bytes\nOK\r\n00000000: 4f 4b 0d 0a +\|OK\.\.\|\n$"
                         % (TIMESTAMP, TIMESTAMP))

    def test_text_view_with_encoding_and_time(self):
        server = self.start_pyserver(reply_with("收到".encode("gbk")))
        res = run_tcpc(["127.0.0.1", str(server.port), "--send", "你好", "--encoding", "gbk",
                        "--time"])
        self.assertExit(res, 0)
        self.assertRegex(res.out, r"^%s > 4 bytes\n你好\n%s < 4 bytes\n收到\n$"
                         % (TIMESTAMP, TIMESTAMP))
        self.assertTrue(server.join())
        self.assertEqual(server.received, ["你好".encode("gbk")])

    def test_output_file_is_exact_while_the_view_is_hex(self):
        data = bytes(range(256)) * 40 + b"\x00"
        server = self.start_pyserver(reply_with(data))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reply.bin")
            res = run_tcpc(["127.0.0.1", str(server.port), "--send", "get", "-o", path,
                            "--view", "hex"])
            self.assertExit(res, 0)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), data)
        self.assertIn("|................|", res.out)

    def test_output_file_in_plain_mode_is_exact_and_stdout_too(self):
        data = b"\x00\xff\r\n" * 1000
        server = self.start_pyserver(reply_with(data))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reply.bin")
            res = run_tcpc(["127.0.0.1", str(server.port), "--hex", "00", "-o", path])
            self.assertExit(res, 0)
            self.assertEqual(res.stdout, data)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), data)

    def test_output_file_that_cannot_be_opened_is_a_usage_error(self):
        res = run_tcpc(["127.0.0.1", "9", "--send", "x", "-o", "/nonexistent/dir/f"])
        line = self.assertFailure(res, 2)
        self.assertIn("/nonexistent/dir/f", line)

    def test_repeat_sends_n_times(self):
        server = self.start_pyserver(reply_with(b"done"))
        res = run_tcpc(["127.0.0.1", str(server.port), "--send", "ping\\0", "--repeat", "4",
                        "--interval", "0.01", "--time"])
        self.assertExit(res, 0)
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b"ping\x00" * 4])
        # Each send is shown (chunks may merge when the machine is slow).
        sent = re.findall(r"^%s > (\d+) bytes$" % TIMESTAMP, res.out, re.M)
        self.assertEqual(sum(int(n) for n in sent), 20, res.out)
        self.assertRegex(res.out, r"%s < 4 bytes\ndone\n$" % TIMESTAMP)

    def test_repeat_a_file(self):
        server = self.start_pyserver(reply_with(b""))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.bin")
            with open(path, "wb") as f:
                f.write(b"\x00file\xff")
            res = run_tcpc(["127.0.0.1", str(server.port), "--file", path, "--repeat", "3",
                            "--interval", "0"])
            self.assertExit(res, 0)
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b"\x00file\xff" * 3])

    def test_verbose_lines(self):
        server = self.start_pyserver(reply_with(b"12345"))
        res = run_tcpc(["-v", "127.0.0.1", str(server.port), "--send", "abc"])
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"Connected to 127\.0\.0\.1:%d from 127\.0\.0\.1:\d+ in [0-9.]+ ms"
                         % server.port)
        self.assertRegex(res.err, r"3 bytes sent, 5 bytes received in [0-9.]+ seconds")

    def test_usage_errors(self):
        for args, needle in (
                (["127.0.0.1", "7", "--repeat", "3"], "--repeat needs --send"),
                (["127.0.0.1", "7", "--send", "x", "--interval", "1"], "--interval goes with"),
                (["127.0.0.1", "7", "--send", "x", "--repeat", "x"], "--repeat needs a whole"),
                (["127.0.0.1", "7", "--send", "x", "--repeat", "2", "--interval", "-1"],
                 "--interval needs seconds"),
                (["127.0.0.1", "7", "--view", "xxd"], "unknown view 'xxd'"),
                (["127.0.0.1", "7", "--eol", "lfcr"], "unknown line ending"),
                (["127.0.0.1", "7", "--interactive", "--send", "x"], "--interactive is not available with one-shot mode"),
                (["127.0.0.1", "7", "--interactive", "--raw"], "excludes"),
                (["127.0.0.1", "7", "--interactive", "-d"], "-d is not available with the interactive session")):
            with self.subTest(args=args):
                res = run_tcpc(args)
                line = self.assertFailure(res, 2)
                self.assertIn(needle, line)


class PipeDisplayTest(TcpcTestCase):

    def test_pipe_mode_hex_view_of_received_data(self):
        server = self.start_pyserver(reply_with(b"\x00\x01\x02"))
        res = run_tcpc(["127.0.0.1", str(server.port), "--view", "hex"], input=b"typed\n")
        self.assertExit(res, 0)
        # Only what arrives is shown; stdin goes out as it is.
        self.assertEqual(res.out, "< 3 bytes\n00000000: 00 01 02" + " " * 42 + "|...|\n")
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b"typed\n"])

    def test_pipe_mode_is_byte_exact_without_view_options(self):
        data = bytes(range(256)) * 100
        server = self.start_pyserver(reply_with(data))
        res = run_tcpc(["127.0.0.1", str(server.port)], input=b"\x00in\x00")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, data)

    def test_listen_mode_time_view_and_output(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "client.bin")
            p = self.start_tcpc(["-l", "127.0.0.1", "0", "--time", "-o", path],
                                capture_stdout=True)
            c = self.connect("127.0.0.1", p.port)
            c.sendall(b"from\x00client")
            c.close()
            self.assertEqual(p.wait(), 0, p.err_text())
            self.assertRegex(p.out_bytes().decode(), r"^%s < 11 bytes\nfrom\x00client\n$" % TIMESTAMP)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"from\x00client")


# What a hostile peer sends: clear the screen, red, set the title, write the
# clipboard (OSC 52), move the cursor home, overwrite with \r, NUL, DEL, a
# C1 CSI, GBK 你好 and 0xff undecodable as UTF-8.
HOSTILE = (b"\x1b[2J\x1b[31m\x1b]0;owned\x07\x1b]52;c;aGk=\x07\x1b[H"
           b"A\rB\x00C\x7f\xc2\x9b" + "你好".encode("gbk") + b"\xff|end\n")
SHOWN = r"^[[2J^[[31m^[]0;owned^G^[]52;c;aGk=^G^[[H" \
        r"A^MB^@C^?<U+009B>\xc4\xe3\xba\xc3\xff|end"
# Terminal commands that must never reach the terminal from the peer.
COMMANDS = (b"\x1b[2J", b"\x1b[31m", b"\x1b]", b"\x1b[H", b"\xc2\x9b", b"\x00", b"\x7f")


class TerminalSafetyTest(TcpcTestCase):
    """On a terminal a peer's bytes are shown, never run (terminal_text.hpp);
    pipes and --raw stay byte-exact."""

    def on_pty(self, args):
        term = PtyProcess([tcpc_path()] + list(args))
        self.addCleanup(term.close)
        return term

    def accept_pty_client(self, args):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(tcpctest.SOCK_TIMEOUT)
        term = self.on_pty(list(args) + ["127.0.0.1", str(listener.getsockname()[1])])
        conn, _ = listener.accept()
        self.addCleanup(conn.close)
        return term, conn

    def assertShownNotRun(self, term, shown=SHOWN):
        term.wait_screen(r"^" + re.escape(shown) + r"$")
        for command in COMMANDS:
            self.assertNotIn(command, term.raw, "a peer's %r reached the terminal" % command)

    def test_session(self):
        term, conn = self.accept_pty_client([])
        term.wait_screen(r"^127\.0\.0\.1:\d+> ?$")
        conn.sendall(HOSTILE)
        self.assertShownNotRun(term)
        term.wait_screen(r"^127\.0\.0\.1:\d+> ?$")  # the prompt is intact below

    def test_session_with_gbk_decodes_then_escapes(self):
        term, conn = self.accept_pty_client(["--encoding", "gbk"])
        term.wait_screen(r"^127\.0\.0\.1:\d+> ?$")
        conn.sendall("你好".encode("gbk") + b"\x1b[2J\x1b]0;t\x07\r\n")
        self.assertShownNotRun(term, "你好^[[2J^[]0;t^G")

    def test_session_timed_view(self):
        term, conn = self.accept_pty_client(["--time"])
        term.wait_screen(r"^127\.0\.0\.1:\d+> ?$")
        conn.sendall(HOSTILE)
        self.assertShownNotRun(term)

    def test_one_shot_on_a_terminal(self):
        server = self.start_pyserver(reply_with(HOSTILE))
        term = self.on_pty(["127.0.0.1", str(server.port), "--send", "x"])
        self.assertEqual(term.wait_exit(), 0)
        self.assertShownNotRun(term)

    def test_listen_on_a_terminal(self):
        term = self.on_pty(["-l", "127.0.0.1", "0"])
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        c = self.connect("127.0.0.1", port)
        c.sendall(HOSTILE)
        self.assertShownNotRun(term)

    def test_print_console(self):
        term = self.on_pty(["-l", "127.0.0.1", "0", "--mode", "print"])
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        term.wait_screen(r"^reply> ?$")
        c = self.connect("127.0.0.1", port)
        c.sendall(HOSTILE)
        self.assertShownNotRun(term)
        term.wait_screen(r"^reply> ?$")

    def test_a_character_cut_off_at_the_end_is_shown(self):
        term, conn = self.accept_pty_client([])
        term.wait_screen(r"^127\.0\.0\.1:\d+> ?$")
        conn.sendall(b"ok\xe4\xbd")
        term.wait_screen(r"^ok$")
        conn.close()
        term.wait_exit()
        # Shown where it arrived: on the line it cut, as the stream joins chunks.
        term.wait_screen(r"^ok\\xe4\\xbd$")

    def test_listen_shows_a_cut_off_character_at_the_end(self):
        term = self.on_pty(["-l", "127.0.0.1", "0"])
        port = int(term.wait_screen(r"Listening on 127\.0\.0\.1:(\d+)").group(1))
        c = self.connect("127.0.0.1", port)
        c.sendall("你好".encode() + b"\xe4")
        c.close()
        self.assertEqual(term.wait_exit(), 0)
        term.wait_screen(r"^你好\\xe4")

    def test_raw_on_a_terminal_is_byte_exact(self):
        term, conn = self.accept_pty_client(["--raw"])
        conn.sendall(b"\x1b[31mred\x1b[0m\n")
        term.wait_screen(r"^red$")
        self.assertIn(b"\x1b[31mred\x1b[0m", term.raw)

    def test_pipe_is_byte_exact(self):
        server = self.start_pyserver(reply_with(HOSTILE))
        res = run_tcpc(["127.0.0.1", str(server.port)], input=b"")
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, HOSTILE)


if __name__ == "__main__":
    tcpctest.main()
