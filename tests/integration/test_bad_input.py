# SPDX-License-Identifier: MIT
"""docs/errors.md, run: every row of its bad-input table is one case. The
command is run, and its exit code and its one stderr line must be exactly
what the table says, so the document and tcpc cannot drift apart.

Placeholders in the table (replaced both in the command and in the message):
  $CLOSED   a port on 127.0.0.1 where nothing listens (connection refused)
  $ECHO     a tcpc echo server on 127.0.0.1 (also: a port already in use)
  $SILENT   a server that accepts and reads but never answers
  $RESET    a server that reads the request, then resets the connection
  $GARBAGE  a server that answers with bytes that are not UTF-8, then closes
  $DIR      an existing directory
  $FILE     an existing, empty regular file
  $MISSING  a path that does not exist
A message of "…" inside matches any text (e.g. the resolver's own words); a
message of "—" means nothing at all on stderr.

`python3 test_bad_input.py --update` rewrites the Exit and Message columns
from what tcpc does now: review the diff before committing it.
"""

import os
import re
import shlex
import shutil
import socket
import struct
import sys
import tempfile
import threading
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc

DOC = os.path.join(tcpctest.ROOT, "docs", "errors.md")
ROW = re.compile(r"^\|(?P<what>[^|]+)\|\s*`(?P<command>[^`]+)`\s*\|\s*(?P<exit>\d+)\s*\|"
                 r"\s*(?P<message>`[^`]*`|—)\s*\|\s*$")


def table_rows(text):
    """(line index, description, command, exit code, message) for every case."""
    rows = []
    for index, line in enumerate(text.splitlines()):
        m = ROW.match(line)
        if m:
            message = m.group("message")
            rows.append((index, m.group("what").strip(), m.group("command"),
                         int(m.group("exit")), None if message == "—" else message[1:-1]))
    return rows


class Servers:
    """The peers the placeholders name, each on 127.0.0.1 port 0, in threads."""

    def __init__(self):
        self.sockets = []
        self.stopping = threading.Event()
        self.closed = tcpctest.free_port()
        self.silent = self._serve(self._silent)
        self.reset = self._serve(self._reset)
        self.garbage = self._serve(self._garbage)

    def _serve(self, handler):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        self.sockets.append(listener)
        threading.Thread(target=self._accept, args=(listener, handler), daemon=True).start()
        return listener.getsockname()[1]

    def _accept(self, listener, handler):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed at the end of the tests
            conn.settimeout(tcpctest.SOCK_TIMEOUT)
            threading.Thread(target=self._run, args=(conn, handler), daemon=True).start()

    @staticmethod
    def _run(conn, handler):
        try:
            handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def _silent(self, conn):
        tcpctest.recv_all(conn)  # the request, up to tcpc's half-close
        self.stopping.wait(60)   # then the connection stays open, unanswered

    @staticmethod
    def _reset(conn):
        tcpctest.recv_all(conn)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    @staticmethod
    def _garbage(conn):
        conn.sendall(b"ok \xff\xfe\n")
        conn.shutdown(socket.SHUT_WR)
        tcpctest.recv_all(conn)

    def close(self):
        self.stopping.set()
        for s in self.sockets:
            s.close()


class BadInputTable(TcpcTestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tcpc-bad-input-")
        cls.servers = Servers()
        open(os.path.join(cls.tmp, "empty"), "wb").close()

    @classmethod
    def tearDownClass(cls):
        cls.servers.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        echo, port = self.start_echo()
        # Longest first: $ECHO must not eat the start of a longer name.
        self.values = {
            "$CLOSED": str(self.servers.closed),
            "$ECHO": str(port),
            "$SILENT": str(self.servers.silent),
            "$RESET": str(self.servers.reset),
            "$GARBAGE": str(self.servers.garbage),
            "$MISSING": os.path.join(self.tmp, "missing"),
            "$FILE": os.path.join(self.tmp, "empty"),
            "$DIR": self.tmp,
        }

    def expand(self, text):
        for name, value in self.values.items():
            text = text.replace(name, value)
        return text

    def placeholders(self, text):
        """The reverse of expand(), for --update: real values back to names."""
        for name, value in sorted(self.values.items(), key=lambda kv: -len(kv[1])):
            text = text.replace(value, name)
        return text

    def run_case(self, command):
        """Runs one table command (`tcpc ARGS [< PATH]`) and returns the Result."""
        words = shlex.split(command)
        self.assertEqual(words[0], "tcpc", command)
        stdin_path = None
        if len(words) >= 3 and words[-2] == "<":
            stdin_path = self.expand(words[-1])
            words = words[:-2]
        args = [self.expand(w) for w in words[1:]]
        if stdin_path is None:
            return run_tcpc(args)
        fd = os.open(stdin_path, os.O_RDONLY)
        try:
            return run_tcpc(args, stdin=fd)
        finally:
            os.close(fd)

    def matches(self, expected, line):
        if expected is None:
            return line is None
        if line is None:
            return False
        pattern = ".*".join(re.escape(part) for part in self.expand(expected).split("…"))
        return re.fullmatch(pattern, line) is not None

    def test_every_row(self):
        with open(DOC, encoding="utf-8") as f:
            rows = table_rows(f.read())
        self.assertGreater(len(rows), 40, "the table in docs/errors.md was not found")
        for _, what, command, code, message in rows:
            with self.subTest(what=what, command=command):
                res = self.run_case(command)
                self.assertExit(res, code)
                lines = res.err.splitlines()
                self.assertLessEqual(len(lines), 1, "more than one stderr line: %r" % (res,))
                line = lines[0] if lines else None
                self.assertTrue(self.matches(message, line),
                                "stderr %r, docs/errors.md says %r" % (line, message))

    def update(self):
        """Rewrites the Exit and Message columns of docs/errors.md from real runs."""
        with open(DOC, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for index, what, command, code, message in table_rows("\n".join(lines)):
            res = self.run_case(command)
            err = res.err.splitlines()
            line = err[0] if len(err) == 1 else None
            if len(err) > 1:
                print("MORE THAN ONE LINE: %s: %r" % (command, res.err), file=sys.stderr)
            if res.returncode == code and self.matches(message, line):
                continue
            new_message = "—" if line is None else "`%s`" % self.placeholders(line)
            cells = lines[index].split("|")
            cells[3] = " %d " % res.returncode
            cells[4] = " %s " % new_message
            lines[index] = "|".join(cells)
            print("updated: %s -> %d %s" % (command, res.returncode, new_message))
        with open(DOC, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    if "--update" in sys.argv:
        case = BadInputTable("update")
        BadInputTable.setUpClass()
        try:
            case.setUp()
            case.update()
        finally:
            case.doCleanups()
            BadInputTable.tearDownClass()
    else:
        tcpctest.main()
