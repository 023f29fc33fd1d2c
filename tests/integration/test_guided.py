# SPDX-License-Identifier: MIT
"""Guided (tutorial) mode: `tcpc` with no arguments, answers piped on stdin."""

import os
import re
import socket
import subprocess
import sys
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_exact, run_tcpc, tcpc_path  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402
import localetest  # noqa: E402


class GuidedTest(TcpcTestCase):

    def setUp(self):
        self.echo, self.port = self.start_echo()

    def guided(self, answers, args=()):
        return run_tcpc(list(args), input=answers.encode("utf-8"))

    def assertReceived(self, res, nbytes, text):
        self.assertExit(res, 0)
        out = res.out
        rx = re.compile(r"Received (\d+) bytes: (.*?)\r?$", re.M)
        found = rx.findall(out)
        self.assertEqual(found, [(str(nbytes), text)],
                         "want exactly one 'Received %d bytes: %s' line; stdout=%r"
                         % (nbytes, text, out))

    def assertPrompts(self, out, ip=1, port=1, text=1, enc=1):
        self.assertEqual(out.count("Server IP: "), ip, out)
        self.assertEqual(out.count("Server port: "), port, out)
        self.assertEqual(out.count("Text to send: "), text, out)
        self.assertEqual(out.count("Encoding [utf-8]: "), enc, out)

    def test_good_run(self):
        res = self.guided("127.0.0.1\n%d\nhello\n\n" % self.port)
        self.assertReceived(res, 5, "hello")
        self.assertPrompts(res.out)
        # Prompts come in order.
        out = res.out
        order = [out.find(p) for p in ("Server IP: ", "Server port: ",
                                       "Text to send: ", "Encoding [utf-8]: ")]
        self.assertEqual(order, sorted(order), out)
        # Narration: Step 1 ... Step 6, in order.
        pos = [out.find("Step %d" % i) for i in range(1, 7)]
        self.assertNotIn(-1, pos, "missing a 'Step N' line: %r" % out)
        self.assertEqual(pos, sorted(pos), out)
        # Lines start with "Step N" (a prompt left without newline may precede it).
        for i in range(1, 7):
            self.assertRegex(out, r"(?m)(^|: )Step %d" % i)

    def test_end_of_input_at_the_encoding_prompt_quits(self):
        # It used to send the text; now Ctrl-D / end of input quits everywhere.
        srv = self.start_pyserver(tcpctest.echo_after_eof)
        res = self.guided("127.0.0.1\n%d\nhello\n" % srv.port)
        self.assertExit(res, 0)
        self.assertNotIn("Received", res.out)
        self.assertIn("Quit (end of input).", res.out)
        self.assertRegex(res.out, r"Step 6\. close\(\)")
        self.assertTrue(srv.join(), "python server did not finish")
        self.assertEqual(srv.received, [b""])  # nothing was sent

    def test_explicit_utf8(self):
        res = self.guided("127.0.0.1\n%d\nhé\nutf-8\n" % self.port)
        self.assertReceived(res, 3, "hé")

    def test_invalid_ports_are_asked_again(self):
        res = self.guided("127.0.0.1\n70000\nabc\n0\n%d\nhi\n\n" % self.port)
        self.assertReceived(res, 2, "hi")
        out = res.out
        self.assertGreaterEqual(out.count("must be from 1 to 65535"), 2, out)
        self.assertPrompts(out, port=4, enc=1)
        # The result line is the last "Received" and comes after the reasons.
        self.assertLess(out.rfind("must be from 1 to 65535"), out.find("Received 2 bytes"))

    def test_empty_ip_is_asked_again(self):
        res = self.guided("\n127.0.0.1\n%d\nhi\n\n" % self.port)
        self.assertReceived(res, 2, "hi")
        self.assertPrompts(res.out, ip=2)

    def test_unresolvable_host_is_asked_again(self):
        res = self.guided("nosuch.invalid\n127.0.0.1\n%d\nhi\n\n" % self.port)
        self.assertReceived(res, 2, "hi")
        self.assertGreaterEqual(res.out.count("Server IP: "), 2, res.out)

    def test_gbk(self):
        res = self.guided("127.0.0.1\n%d\n你好\ngbk\n" % self.port)
        self.assertReceived(res, 4, "你好")

    def test_gbk_bytes_on_the_wire(self):
        srv = self.start_pyserver(tcpctest.echo_n_bytes(4))
        res = self.guided("127.0.0.1\n%d\n你好\ngbk\n" % srv.port)
        self.assertTrue(srv.join(), "python server did not finish")
        self.assertEqual(srv.errors, [])
        self.assertEqual(srv.received, [b"\xc4\xe3\xba\xc3"])
        self.assertReceived(res, 4, "你好")

    def test_recv_size(self):
        res = self.guided("127.0.0.1\n%d\nabcdefgh\n\n" % self.port, args=["--recv-size", "4"])
        self.assertReceived(res, 4, "abcd")

    def test_end_of_input_at_every_prompt_quits_with_exit_0(self):
        for answers in ("", "127.0.0.1\n", "127.0.0.1\n%d\n" % self.port,
                        "127.0.0.1\n70000\n", "127.0.0.1\n%d\n\n" % self.port,
                        "127.0.0.1\n%d\nhi\nnosuch\n" % self.port):
            with self.subTest(answers=answers):
                res = run_tcpc([], input=answers.encode(), timeout=20)
                self.assertExit(res, 0)
                self.assertIn("Quit (end of input).", res.out)
                self.assertNotIn("Received", res.out)
                self.assertEqual(res.err, "")

    def test_rejected_encoding_never_becomes_the_default(self):
        # It looped at full CPU: the refused gbk became the default.
        res = run_tcpc([], input=("127.0.0.1\n%d\nhi 😀\ngbk\n" % self.port).encode(),
                       timeout=20)
        self.assertExit(res, 0)
        self.assertIn("U+1F600", res.out)
        self.assertEqual(res.out.count("Encoding [utf-8]: "), 2, res.out)
        self.assertNotIn("Encoding [gbk]", res.out)
        self.assertLess(len(res.stdout), 4096, "output runs away")

    def test_rejected_encoding_then_utf8_is_sent(self):
        res = self.guided("127.0.0.1\n%d\nhi 😀\ngbk\n\n" % self.port)
        self.assertReceived(res, 7, "hi 😀")

    def test_fixed_encoding_asks_for_other_text(self):
        res = self.guided("127.0.0.1\n%d\nhi 😀\n你好\n" % self.port, args=["--encoding", "gbk"])
        self.assertReceived(res, 4, "你好")
        self.assertEqual(res.out.count("Text to send: "), 2, res.out)

    def test_empty_text_is_asked_again(self):
        srv = self.start_pyserver(tcpctest.echo_n_bytes(2))
        res = self.guided("127.0.0.1\n%d\n\nhi\n\n" % srv.port)
        self.assertReceived(res, 2, "hi")
        self.assertEqual(res.out.count("Text to send: "), 2, res.out)
        self.assertTrue(srv.join())
        self.assertEqual(srv.received, [b"hi"])

    def test_spaces_around_ip_and_port_are_trimmed(self):
        res = self.guided(" 127.0.0.1 \n\t%d \nhi\n gbk \n" % self.port)
        self.assertReceived(res, 2, "hi")
        self.assertPrompts(res.out)

    def test_each_step_is_explained_before_its_question(self):
        res = self.guided("127.0.0.1\n%d\nhi\n\n" % self.port)
        out = res.out
        self.assertLess(out.find("Step 1."), out.find("Server IP: "), out)
        self.assertLess(out.find("Server IP: "), out.find("Step 2."), out)
        self.assertLess(out.find("Step 2."), out.find("Server port: "), out)
        self.assertLess(out.find("Step 4."), out.find("Text to send: "), out)
        self.assertIn("socket(AF_INET, SOCK_STREAM)", out)

    def test_typed_escape_bytes_are_shown_escaped(self):
        res = self.guided("127.0.0.1\x1b[D\n127.0.0.1\n%d\nhi\n\n" % self.port)
        self.assertReceived(res, 2, "hi")
        self.assertIn("127.0.0.1^[[D", res.out)
        self.assertNotIn(b"\x1b", res.stdout)

    def test_refused_connection_is_explained(self):
        port = tcpctest.free_port()
        res = self.guided("127.0.0.1\n%d\n" % port)
        self.assertFailure(res, 1)
        self.assertIn("Connection refused", res.err)
        self.assertIn("tcpc -l %d --mode echo" % port, res.out)
        self.assertIn("RST", res.out)

    def test_a_hostile_reply_is_shown_not_run(self):
        def handler(server, conn):
            server.received.append(conn.recv(100))
            conn.sendall(b"\x1b[2J\x1b]0;t\x07\x1b]52;c;aGk=\x07ok\r\xc4\xe3\xff")
        srv = self.start_pyserver(handler)
        res = self.guided("127.0.0.1\n%d\nhi\n\n" % srv.port)
        self.assertExit(res, 0)
        self.assertIn("Received 28 bytes: ^[[2J^[]0;t^G^[]52;c;aGk=^Gok^M\ufffd\ufffd\ufffd",
                      res.out)
        self.assertNotIn(b"\x1b", res.stdout)
        self.assertNotIn(b"\r", res.stdout)

    def test_a_reply_in_two_pieces_shows_both_and_says_why(self):
        first_shown = threading.Event()

        def handler(server, conn):
            server.received.append(conn.recv(100))
            conn.sendall(b"part1")
            if first_shown.wait(tcpctest.SOCK_TIMEOUT):
                conn.sendall("第二".encode())
        srv = self.start_pyserver(handler)
        proc = subprocess.Popen([tcpc_path()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        self.addCleanup(proc.kill)
        proc.stdin.write(b"127.0.0.1\n%d\nhi\n\n" % srv.port)
        proc.stdin.close()
        lines = []
        for line in proc.stdout:
            lines.append(line.decode())
            if line.startswith(b"Received 5 bytes: part1"):
                first_shown.set()
        self.assertEqual(proc.wait(tcpctest.RUN_TIMEOUT), 0, "".join(lines))
        out = "".join(lines)
        self.assertIn("Received 6 more bytes: 第二", out)
        self.assertIn("TCP is a byte stream", out)
        self.assertIn("The reply came in 2 pieces, 11 bytes in all.", out)

    def test_a_server_that_never_stops_does_not_keep_it_going(self):
        srv = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "source", "100000000"])
        res = run_tcpc(["--recv-size", "100"],
                       input=b"127.0.0.1\n%d\nhi\n\n" % srv.port, timeout=30)
        self.assertExit(res, 0)
        self.assertRegex(res.out, r"Stopped after 8 pieces, \d+ bytes")
        self.assertEqual(len(re.findall(r"^Received \d+ more bytes", res.out, re.M)), 7, res.out)

    def test_an_endless_line_is_not_read_into_memory(self):
        with open("/dev/zero", "rb") as zero:
            res = run_tcpc([], stdin=zero, timeout=20)
        self.assertEqual(self.assertFailure(res, 2),
                         "tcpc: stdin: an answer longer than 64 KiB: not a list of answers")
        self.assertLess(len(res.stdout), 4096)

    def test_chinese_narration(self):
        res = localetest.run_tcpc([], localetest.ZH_ENV,
                                  input=("127.0.0.1\n%d\n你好\ngbk\n" % self.port).encode())
        self.assertExit(res, 0)
        for text in ("第 1 步", "第 2 步", "第 4 步", "收到 4 字节：你好", "字节流"):
            self.assertIn(text, res.out)
        res = localetest.run_tcpc([], localetest.ZH_ENV, input=b"127.0.0.1\n")
        self.assertExit(res, 0)
        self.assertIn("退出", res.out)

    def test_readme_example_matches(self):
        """README's guided session, run against a real echo server."""
        with open(os.path.join(tcpctest.ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        block = re.search(r"```console\n\$ printf '(.*?)' \| tcpc\n(.*?)```", readme, re.S)
        self.assertIsNotNone(block, "README lost its guided example")
        answers = block.group(1).encode().decode("unicode_escape").encode("latin-1")
        answers = answers.decode("utf-8").replace("7000", str(self.port))
        res = self.guided(answers)
        self.assertExit(res, 0)

        def normal(text):
            text = text.replace(str(self.port), "7000")
            text = re.sub(r"from 127\.0\.0\.1:\d+", "from 127.0.0.1:PORT", text)
            return re.sub(r"took [\d.]+ ms", "took T ms", text)
        self.assertEqual(normal(res.out), normal(block.group(2)))


class GuidedTerminalTest(TcpcTestCase):
    """Guided mode on a pseudo-terminal: the session's line editor."""

    PROMPT_IP = r"^Server IP: ?"

    def setUp(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(self.listener.close)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.listener.settimeout(tcpctest.SOCK_TIMEOUT)
        self.port = self.listener.getsockname()[1]
        self.term = PtyProcess([tcpc_path()])
        self.addCleanup(self.term.close)

    def connect_and_text_prompt(self):
        term = self.term
        term.wait_screen(self.PROMPT_IP + "$")
        term.type_line("127.0.0.1")
        term.wait_screen(r"^Server port: ?$")
        term.type_line(str(self.port))
        conn, _ = self.listener.accept()
        self.addCleanup(conn.close)
        conn.settimeout(tcpctest.SOCK_TIMEOUT)
        term.wait_screen(r"^Text to send: ?$")
        return conn

    def test_ctrl_d_at_the_first_question_quits_with_exit_0(self):
        self.term.wait_screen(self.PROMPT_IP + "$")
        self.term.send("\x04")
        self.assertEqual(self.term.wait_exit(), 0)
        self.term.wait_screen(r"^Quit \(end of input\)\.$")

    def test_arrow_keys_and_home_edit_the_answer(self):
        term = self.term
        term.wait_screen(self.PROMPT_IP + "$")
        # "127.0.01", Left, "." -> 127.0.0.1; a Home key then "" keeps it.
        term.send("127.0.01\x1b[D.")
        term.wait_screen(self.PROMPT_IP + r"127\.0\.0\.1$")
        term.send("\r")
        term.wait_screen(r"^Server port: ?$")
        self.assertNotIn("^[", term.screen.text())
        term.send("%d\x01 \r" % self.port)  # Ctrl-A, a space: trimmed
        conn, _ = self.listener.accept()
        self.addCleanup(conn.close)
        term.wait_screen(r"^Text to send: ?$")

    def test_backspace_over_chinese_removes_whole_characters(self):
        conn = self.connect_and_text_prompt()
        self.term.send("你好吗")
        self.term.wait_screen(r"^Text to send: 你好吗$")
        self.term.send("\x7f")
        self.term.wait_screen(r"^Text to send: 你好$")
        self.term.type_line("")
        self.term.wait_screen(r"^Encoding \[utf-8\]: ?$")
        self.term.type_line("gbk")
        self.assertEqual(recv_exact(conn, 4), "你好".encode("gbk"))
        conn.sendall("收到\x1b[2J".encode("gbk"))
        self.term.wait_screen(r"^Received 8 bytes: 收到\^\[\[2J$")
        conn.close()
        self.assertEqual(self.term.wait_exit(), 0)
        self.assertNotIn(b"\x1b[2J", self.term.raw)

    def test_ctrl_d_at_the_encoding_question_sends_nothing(self):
        conn = self.connect_and_text_prompt()
        self.term.type_line("hello")
        self.term.wait_screen(r"^Encoding \[utf-8\]: ?$")
        self.term.send("\x04")
        self.assertEqual(self.term.wait_exit(), 0)
        self.assertEqual(conn.recv(100), b"")  # closed, nothing sent

    def test_ctrl_c_at_a_question_interrupts(self):
        self.term.wait_screen(self.PROMPT_IP + "$")
        self.term.send("12\x03")
        self.assertEqual(self.term.wait_exit(), 130)


if __name__ == "__main__":
    tcpctest.main()
