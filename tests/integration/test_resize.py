# SPDX-License-Identifier: MIT
"""Resizing the terminal while a wrapped line is being edited, in a real
terminal: tmux, which rewraps long lines to the new width as today's
terminals do (VTE, kitty, iTerm2, Windows Terminal). The prompt must be drawn
once, with nothing stale left above it, in the session and the print console."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, tcpc_path  # noqa: E402

TYPED = "x" * 100


class Tmux:
    """One tmux server of this test's own (-L), so no user session is touched."""
    started = 0

    def __init__(self, command, width, height):
        Tmux.started += 1
        self.socket = "tcpc-test-%d-%d" % (os.getpid(), Tmux.started)
        # Started a moment after the pane: a program that draws in the pane's
        # first milliseconds can leave its first line twice in tmux's history
        # (seen with the session's first prompt; not with a pane already up).
        self.run("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                 "sleep 0.3; exec " + " ".join(shlex.quote(word) for word in command))

    def run(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null"] + list(args),
                              capture_output=True, text=True, timeout=10, check=True).stdout

    def screen(self):
        """The window and its scrollback, empty lines dropped."""
        text = self.run("capture-pane", "-t", "t", "-p", "-S", "-100")
        return [line for line in text.splitlines() if line.strip()]

    def wait_for(self, regex, timeout=tcpctest.SOCK_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.screen()
            if any(re.search(regex, line) for line in lines):
                return lines
            time.sleep(0.05)  # polling the pane, not synchronising
        raise AssertionError("never on screen: %r\n%s" % (regex, "\n".join(self.screen())))

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


@unittest.skipUnless(shutil.which("tmux"), "tmux is not installed (scripts/setup.sh --test)")
class ResizeTest(TcpcTestCase):

    def resize_while_typing(self, command, prompt, banner_end):
        """Type a line that wraps, then resize: after the banner there must be
        one prompt and the typed text once, whatever the width."""
        term = Tmux(command, 60, 20)
        self.addCleanup(term.close)
        term.wait_for(re.escape(prompt))
        term.run("send-keys", "-t", "t", "-l", TYPED)
        term.wait_for("x" * 20 + "$")
        for width in (40, 25, 80, 33):
            term.run("resize-window", "-t", "t", "-x", str(width), "-y", "20")
            # The rows joined undo the wrapping. What the resize redraws is
            # after the banner (tmux's history sometimes keeps the very first
            # prompt above it, resize or not).
            deadline = time.monotonic() + tcpctest.SOCK_TIMEOUT
            while time.monotonic() < deadline:
                text = "".join(term.screen())
                after = text[text.rfind(banner_end) + len(banner_end):]
                if after.count(prompt) == 1 and after.count("x") == len(TYPED):
                    break
                time.sleep(0.05)  # polling the pane, not synchronising
            self.assertEqual((after.count(prompt), after.count("x")), (1, len(TYPED)),
                             "at width %d:\n%s" % (width, "\n".join(term.screen())))

    def test_session(self):
        echo, port = self.start_echo()
        self.resize_while_typing([tcpc_path(), "127.0.0.1", str(port)], "127.0.0.1:%d>" % port,
                                 "Ctrl-D to quit.")

    def test_print_console(self):
        # The console's prompt waits for a client; the typed line is kept.
        port = tcpctest.free_port()
        self.resize_while_typing([tcpc_path(), "-l", "127.0.0.1", str(port), "--mode", "print"],
                                 "reply>", "/help for commands")


if __name__ == "__main__":
    tcpctest.main()
