# SPDX-License-Identifier: MIT
"""--allow and --deny against ncat, whose options they are: the same command
line runs with tcpc and with ncat (when installed). A denied client gets no
byte (ncat closes it with a FIN, tcpc with an RST: both are "no data"); an
admitted one is served; a client mode refuses the options.

With -k: without it, ncat closes its listening socket as soon as it accepts
the first connection, a denied one too, and then waits for nothing (tcpc -l
goes on listening for a client it admits; tests/integration/test_access.py)."""

import re
import shutil
import socket
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
from compat_fixtures import RUN_TIMEOUT, Background, Tool, find_tools  # noqa: E402
from tcpctest import SOCK_TIMEOUT, free_port, recv_all  # noqa: E402

TCPC, _ = find_tools()
NCAT_PATH = shutil.which("ncat")
NCAT = Tool("ncat", NCAT_PATH) if NCAT_PATH else None


def from_source(source, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(SOCK_TIMEOUT)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def what_a_denied_client_gets(source, port):
    """Connects from `source`, sends a line, reads to the end. A reset may
    come at any of these steps (even as connect() returns): it means nothing
    was received."""
    got = b""
    try:
        with from_source(source, port) as denied:
            try:
                denied.sendall(b"let me in\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            got = recv_all(denied)
    except ConnectionResetError:
        pass
    return got


class NcatAccessTest(unittest.TestCase):

    def listen(self, tool, extra):
        port = free_port()
        server = Background(tool, ["-v", "-l", "-k", "127.0.0.1", str(port)] + extra)
        self.addCleanup(server.stop)
        rx = re.compile(r"Listening on", re.M)
        if server.err.wait_for(lambda d: rx.search(d.decode("utf-8", "replace")),
                               SOCK_TIMEOUT) is None:
            self.fail("%s never listened: %r" % (tool.name, server.err.snapshot()))
        return server, port

    def denied_then_admitted(self, tool, extra, denied_source, admitted_source):
        server, port = self.listen(tool, extra)
        self.assertEqual(what_a_denied_client_gets(denied_source, port), b"")
        with from_source(admitted_source, port) as admitted:
            admitted.sendall(b"hello\n")
            admitted.shutdown(socket.SHUT_WR)
            server.wait_stdout(b"hello\n")
        server.stop()
        self.assertEqual(server.out.snapshot(), b"hello\n")  # the denied bytes never shown

    def both(self, check):
        for tool in (TCPC, NCAT):
            with self.subTest(tool=tool.name if tool else "ncat"):
                if tool is None:
                    self.skipTest("ncat is not installed (apt-get install ncat)")
                check(tool)

    def test_deny(self):
        self.both(lambda tool: self.denied_then_admitted(
            tool, ["--deny", "127.0.0.2"], "127.0.0.2", "127.0.0.1"))

    def test_allow_cidr(self):
        self.both(lambda tool: self.denied_then_admitted(
            tool, ["--allow", "127.0.0.0/31"], "127.0.0.3", "127.0.0.1"))

    def test_deny_wins(self):
        self.both(lambda tool: self.denied_then_admitted(
            tool, ["--allow", "127.0.0.0/8", "--deny", "127.0.0.3"], "127.0.0.3", "127.0.0.2"))

    def test_client_mode_refuses(self):
        def check(tool):
            proc = subprocess.run([tool.path, "--allow", "127.0.0.1", "127.0.0.1", "9"],
                                  stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=RUN_TIMEOUT)
            self.assertEqual(proc.returncode, 2, proc)  # ncat's usage error is 2 as well
        self.both(check)


if __name__ == "__main__":
    unittest.main(verbosity=2)
