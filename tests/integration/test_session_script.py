# SPDX-License-Identifier: MIT
"""The session's /script FILE, on a pseudo-terminal against tcpc's own echo
server: a script that passes shows each step and "passed", one that fails
shows why and the session goes on, a syntax error is one line, and Ctrl-C
stops the script, not the session."""

import os
import re
import socket
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_exact, tcpc_path  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402

PROMPT = r"^127\.0\.0\.1:\d+> ?"
STEP = r"^-- \[\d+\.\d{3}s\] line "


class SessionScriptTest(TcpcTestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def session_to(self, port):
        term = PtyProcess([tcpc_path(), "127.0.0.1", str(port)])
        self.addCleanup(term.close)
        term.wait_screen(r"-- connected to 127\.0\.0\.1:%d" % port)
        term.wait_screen(PROMPT)
        return term

    def echo_session(self):
        _, port = self.start_echo()
        return self.session_to(port)

    def test_a_passing_script_shows_each_step_and_passed(self):
        term = self.echo_session()
        script = self.write("ok.tcpc", "send hello\\n\nexpect \"hello\" within 2s\nprint done\n")
        term.type_line("/script " + script)
        term.wait_screen(STEP + r"1: sent 6 bytes: hello\\n$")
        term.wait_screen(STEP + r"2: \"hello\": matched in \d+ ms: hello$")
        term.wait_screen(STEP + r"3: done$")
        term.wait_screen(r"^-- /script %s: passed: 3 steps in \d+\.\d{3} s$" % re.escape(script))
        # The echo of "hello\n" was the script's: the session shows only what follows.
        term.type_line("after")
        term.wait_screen(r"^after$")
        self.assertNotRegex(term.screen.text(), r"(?m)^hello$")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_a_failing_script_shows_why_and_the_session_goes_on(self):
        term = self.echo_session()
        script = self.write("fail.tcpc", "send x\\n\nexpect \"NEVER\" within 200ms\n")
        term.type_line("/script " + script)
        term.wait_screen(r"^tcpc: %s:2: expect \"NEVER\" within 200ms not met: nothing matched "
                         r"within \d+ ms; received 2 bytes: 78 0a \"x\\n\"$" % re.escape(script))
        term.type_line("still here")
        term.wait_screen(r"^still here$")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_syntax_error_missing_file_and_no_file_are_one_line_each(self):
        term = self.echo_session()
        script = self.write("bad.tcpc", "send x\n  frob 1\n")
        term.type_line("/script " + script)
        term.wait_screen(r"^tcpc: %s:2:3: unknown step 'frob' \(send, expect" % re.escape(script))
        missing = os.path.join(self.tmp.name, "missing.tcpc")
        term.type_line("/script " + missing)
        term.wait_screen(r"^tcpc: /script %s: No such file or directory$" % re.escape(missing))
        term.type_line("/script")
        term.wait_screen(r"^tcpc: /script needs a FILE, e\.g\. /script check\.txt$")
        term.type_line("/help")
        term.wait_screen(r"^  /script FILE +run a script")
        # Nothing was sent by the broken scripts; the session still echoes.
        term.type_line("ok")
        term.wait_screen(r"^ok$")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())

    def test_ctrl_c_stops_the_script_not_the_session(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(tcpctest.SOCK_TIMEOUT)
        port = listener.getsockname()[1]
        term = PtyProcess([tcpc_path(), "127.0.0.1", str(port)])
        self.addCleanup(term.close)
        conn, _ = listener.accept()
        conn.settimeout(tcpctest.SOCK_TIMEOUT)
        self.addCleanup(conn.close)
        term.wait_screen(PROMPT)
        script = self.write("wait.tcpc", "send go\\n\nexpect \"NEVER\" within 60s\n")
        term.type_line("/script " + script)
        self.assertEqual(recv_exact(conn, 3), b"go\n")
        term.wait_screen(STEP + r"1: sent 3 bytes: go\\n$")
        term.send("\x03")
        term.wait_screen(r"^-- /script %s: stopped$" % re.escape(script))
        term.type_line("after")
        self.assertEqual(recv_exact(conn, 6), b"after\n")
        conn.sendall(b"shown\n")
        term.wait_screen(r"^shown$")
        term.type_line("/quit")
        self.assertEqual(term.wait_exit(), 0, term.screen.text())


if __name__ == "__main__":
    tcpctest.main()
