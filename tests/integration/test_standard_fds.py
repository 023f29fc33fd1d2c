# SPDX-License-Identifier: MIT
"""tcpc started with stdin or stdout closed: the socket must not take
descriptor 0 or 1, or the server's bytes would go back to the server."""

import os
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all  # noqa: E402

GREETING = b"greeting from the server\n"


def greet_then_record(server, conn):
    conn.sendall(GREETING)
    server.received.append(recv_all(conn))


class StandardFdsTest(TcpcTestCase):
    def run_with_closed(self, fd, port, **kwargs):
        return subprocess.run(
            [tcpctest.tcpc_path(), "127.0.0.1", str(port)],
            stderr=subprocess.PIPE, timeout=tcpctest.RUN_TIMEOUT,
            preexec_fn=lambda: os.close(fd), **kwargs)

    def test_closed_stdout_sends_nothing_back_and_says_so(self):
        server = self.start_pyserver(greet_then_record)
        res = self.run_with_closed(1, server.port, stdin=subprocess.DEVNULL)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b""])  # not the greeting, echoed
        self.assertIn(b"standard output is closed", res.stderr)

    def test_closed_stdin_is_empty_input(self):
        server = self.start_pyserver(greet_then_record)
        res = self.run_with_closed(0, server.port, stdout=subprocess.PIPE)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertTrue(server.join())
        self.assertEqual(server.received, [b""])
        self.assertEqual(res.stdout, GREETING)
        self.assertEqual(res.stderr, b"")


if __name__ == "__main__":
    unittest.main()
