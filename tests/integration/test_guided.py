# SPDX-License-Identifier: MIT
"""Guided (tutorial) mode: `tcpc` with no arguments, answers piped on stdin."""

import sys
import re

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc


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

    def test_encoding_end_of_input_means_utf8(self):
        # No answer at all for the encoding prompt: end of input -> utf-8.
        res = self.guided("127.0.0.1\n%d\nhello\n" % self.port)
        self.assertReceived(res, 5, "hello")

    def test_explicit_utf8(self):
        res = self.guided("127.0.0.1\n%d\nhé\nutf-8\n" % self.port)
        self.assertReceived(res, 3, "hé")

    def test_invalid_ports_are_asked_again(self):
        res = self.guided("127.0.0.1\n70000\nabc\n0\n%d\nhi\n" % self.port)
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

    def test_end_of_input_before_text(self):
        for answers in ("", "127.0.0.1\n", "127.0.0.1\n%d\n" % self.port,
                        "127.0.0.1\n70000\n"):
            with self.subTest(answers=answers):
                res = self.guided(answers)
                self.assertFailure(res, 2)
                self.assertNotIn("Received", res.out)


if __name__ == "__main__":
    tcpctest.main()
