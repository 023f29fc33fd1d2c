# SPDX-License-Identifier: MIT
"""Run tcpc on a pseudo-terminal and look at the screen it draws.

PtyProcess starts a command with a pty as its controlling terminal (so
isatty() is true and Ctrl-C is a real SIGINT), feeds everything it writes
into Screen, a small VT100/xterm emulator, and lets tests wait until the
screen shows what they expect. Waiting reads the pty with a deadline; nothing
sleeps to synchronise. Python standard library only.
"""

import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

import tcpctest

CSI_RE = re.compile(rb"\x1b\[([0-9;?]*)([@-~])")
INCOMPLETE_CSI_RE = re.compile(rb"\x1b\[[0-9;?]*")


class Screen:
    """Enough of a terminal for libedit: printable text with auto-wrap,
    CR, LF, BS, cursor movement (CUU/CUD/CUF/CUB/CHA/CUP) and erasing
    (ED/EL). Other escape sequences are ignored. Lines that scroll off the
    top are kept, so `lines` is the whole transcript."""

    def __init__(self, columns=160):
        self.columns = columns
        self.lines = [[]]
        self.row = 0
        self.col = 0
        self.pending = b""
        self.wrap_next = False

    def _line(self):
        while len(self.lines) <= self.row:
            self.lines.append([])
        return self.lines[self.row]

    def _put(self, ch):
        if self.wrap_next:
            self.row += 1
            self.col = 0
            self.wrap_next = False
        line = self._line()
        while len(line) < self.col:
            line.append(" ")
        if self.col < len(line):
            line[self.col] = ch
        else:
            line.append(ch)
        if self.col == self.columns - 1:
            self.wrap_next = True
        else:
            self.col += 1

    def feed(self, data):
        data = self.pending + data
        self.pending = b""
        i = 0
        while i < len(data):
            b = data[i]
            if b == 0x1b:
                if i + 1 >= len(data) or INCOMPLETE_CSI_RE.fullmatch(data, i):
                    self.pending = data[i:]  # the rest comes with the next read
                    return
                m = CSI_RE.match(data, i)
                if m:
                    self._csi(m.group(1).decode(), m.group(2).decode())
                    i = m.end()
                else:
                    i += 2  # ESC and one character (ESC =, ESC >, ESC 7, ...)
                continue
            if b == 0x0d:
                self.col = 0
                self.wrap_next = False
            elif b == 0x0a:
                self.row += 1
                self.wrap_next = False
                self._line()
            elif b == 0x08:
                self.col = max(0, self.col - 1)
                self.wrap_next = False
            elif b == 0x07 or b < 0x20:
                pass
            else:
                # A UTF-8 character: take all of its bytes.
                n = 1
                if b >= 0xf0:
                    n = 4
                elif b >= 0xe0:
                    n = 3
                elif b >= 0xc0:
                    n = 2
                if i + n > len(data):
                    self.pending = data[i:]
                    return
                ch = data[i:i + n].decode("utf-8", errors="replace")
                self._put(ch)
                if len(ch) == 1 and 0x1100 <= ord(ch) and _wide(ch):
                    self._put("")  # the second column of a wide character
                i += n
                continue
            i += 1

    def _csi(self, params, final):
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        n = nums[0] if nums and nums[0] > 0 else 1
        self.wrap_next = False
        if final == "A":
            self.row = max(0, self.row - n)
        elif final == "B":
            self.row += n
        elif final == "C":
            self.col = min(self.columns - 1, self.col + n)
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final == "G":
            self.col = min(self.columns - 1, n - 1)
        elif final in "Hf":
            # Absolute positions are relative to the visible screen; the tests
            # use a tall screen and libedit never homes the cursor.
            self.row = (nums[0] - 1) if nums else 0
            self.col = (nums[1] - 1) if len(nums) > 1 else 0
        elif final == "J":
            mode = nums[0] if nums else 0
            line = self._line()
            if mode == 0:
                del line[self.col:]
                del self.lines[self.row + 1:]
            elif mode == 2:
                self.lines = [[] for _ in self.lines]
        elif final == "K":
            mode = nums[0] if nums else 0
            line = self._line()
            if mode == 0:
                del line[self.col:]
            elif mode == 1:
                for k in range(min(self.col + 1, len(line))):
                    line[k] = " "
            else:
                line.clear()

    def text(self):
        return "\n".join("".join(line).rstrip() for line in self.lines)

    def cursor_line(self):
        return "".join(self._line()).rstrip()


def _wide(ch):
    import unicodedata
    return unicodedata.east_asian_width(ch) in ("W", "F")


class PtyProcess:
    """A command on a pseudo-terminal of `columns` x `rows`."""

    def __init__(self, argv, columns=160, rows=50, env=None):
        self.screen = Screen(columns)
        self.raw = b""
        self.returncode = None
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec at once, the terminal's size already set
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                environment = dict(os.environ)
                environment["TERM"] = "xterm"
                environment.setdefault("LC_ALL", "C.UTF-8")
                if env:
                    environment.update(env)
                os.execve(argv[0], argv, environment)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd

    def resize(self, columns, rows):
        """Change the terminal's size; the kernel sends SIGWINCH."""
        self.screen.columns = columns
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def _read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], max(0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno == errno.EIO:  # the child closed the terminal
                return None
            raise
        if not data:
            return None
        self.raw += data
        self.screen.feed(data)
        return True

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.fd, data)

    def type_line(self, text):
        self.send(text + "\r")

    def wait_screen(self, pattern, timeout=tcpctest.SOCK_TIMEOUT, count=1):
        """Wait until the screen text matches regex `pattern` `count` times;
        return the last match."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while True:
            found = list(rx.finditer(self.screen.text()))
            if len(found) >= count:
                return found[count - 1]
            left = deadline - time.monotonic()
            got = self._read(left) if left > 0 else False
            if got is None or (got is False and time.monotonic() >= deadline):
                raise AssertionError("screen never matched %r (x%d) within %ss; screen:\n%s" % (
                    pattern, count, timeout, self.screen.text()))

    def wait_exit(self, timeout=tcpctest.RUN_TIMEOUT):
        """Read until the child exits; return its exit code."""
        deadline = time.monotonic() + timeout
        while self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                break
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise AssertionError("did not exit within %ss; screen:\n%s" % (
                    timeout, self.screen.text()))
            if self._read(min(left, 0.2)) is None:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
        while self._read(0):  # whatever is still in the pty
            pass
        return self.returncode

    def kill(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            except ProcessLookupError:
                pass

    def close(self):
        self.kill()
        try:
            os.close(self.fd)
        except OSError:
            pass
