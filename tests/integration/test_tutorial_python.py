# SPDX-License-Identifier: MIT
"""The tutorial's clients against `tcpc -l 127.0.0.1 0 --mode echo`."""

import sys
import os
import re
import socket
import subprocess

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase


def tutorial_client(ip, port, data, encoding="utf-8"):
    """The tutorial's Python client, step by step (with a timeout added)."""
    client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client_socket.settimeout(tcpctest.SOCK_TIMEOUT)
    try:
        client_socket.connect((ip, port))
        client_socket.send(data.encode(encoding))
        response = client_socket.recv(1024)
    finally:
        client_socket.close()
    return response


class TutorialPythonTest(TcpcTestCase):

    def setUp(self):
        self.echo, self.port = self.start_echo()

    def test_utf8(self):
        self.assertEqual(tutorial_client("127.0.0.1", self.port, "hello"), b"hello")

    def test_utf8_non_ascii(self):
        text = "Hello, 世界"
        self.assertEqual(tutorial_client("127.0.0.1", self.port, text),
                         text.encode("utf-8"))

    def test_gbk(self):
        data = "你好".encode("gbk")
        self.assertEqual(data, b"\xc4\xe3\xba\xc3")
        got = tutorial_client("127.0.0.1", self.port, "你好", encoding="gbk")
        self.assertEqual(got, b"\xc4\xe3\xba\xc3")
        self.assertEqual(got.decode("gbk"), "你好")

    def test_repeated_runs(self):
        for i in range(10):
            msg = "message %d" % i
            self.assertEqual(tutorial_client("127.0.0.1", self.port, msg), msg.encode())
        self.echo.wait_stderr(r"connection from", count=10, flags=re.I)

    def test_cpp_example(self):
        exe = tcpctest.TUTORIAL_CLIENT
        if not exe or not os.path.isfile(exe):
            self.skipTest("$TUTORIAL_CLIENT is unset or missing (%r)" % (exe,))
        text = "tutorial-echo-42"
        try:
            proc = subprocess.run([exe], input=("127.0.0.1\n%d\n%s\n" % (self.port, text)).encode(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=tcpctest.RUN_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            self.fail("tutorial_client timed out; stdout=%r stderr=%r" % (e.stdout, e.stderr))
        self.assertEqual(proc.returncode, 0, proc)
        out = proc.stdout.decode("utf-8", errors="replace")
        lines = [l for l in out.splitlines() if text in l]
        self.assertTrue(lines, "echoed text not in tutorial_client stdout: %r" % (proc,))


if __name__ == "__main__":
    tcpctest.main()
