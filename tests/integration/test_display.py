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
from tcpctest import TcpcTestCase, recv_all, recv_exact, run_tcpc  # noqa: E402

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
                                stdin=subprocess.PIPE, capture_stdout=True)
            c = self.connect("127.0.0.1", p.port)
            c.sendall(b"from\x00client")
            c.close()
            self.assertEqual(p.wait(), 0, p.err_text())
            self.assertRegex(p.out_bytes().decode(), r"^%s < 11 bytes\nfrom\x00client\n$" % TIMESTAMP)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"from\x00client")


if __name__ == "__main__":
    tcpctest.main()
