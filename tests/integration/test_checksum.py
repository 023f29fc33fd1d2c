# SPDX-License-Identifier: MIT
"""Checksums: --append on what is sent, --check on what is received,
`tcpc checksum` and the session's /append.

The expected bytes are computed here, independently of tcpc: a CRC-16/MODBUS
written in Python and a plain byte sum, so a wrong CRC in tcpc fails.
"""

import json
import os
import socket
import tempfile
import threading

from tcpctest import (SOCK_TIMEOUT, TcpcTestCase, echo_after_eof, main,
                      recv_exact, run_tcpc)

MODBUS_REQUEST = bytes.fromhex("010300 00000a")


def crc16_modbus(data):
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return bytes([crc & 0xFF, crc >> 8])  # low byte first


def sum8(data):
    return bytes([sum(data) & 0xFF])


def record_all(server, conn):
    """Handler: record everything until EOF, send nothing back."""
    data = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    server.received.append(data)


class ChecksumCommandTest(TcpcTestCase):
    def test_prints_value_and_frame(self):
        res = run_tcpc(["checksum", "crc16-modbus", "01 03 00 00 00 0a"])
        self.assertExit(res, 0)
        self.assertEqual(crc16_modbus(MODBUS_REQUEST), bytes.fromhex("c5cd"))
        self.assertEqual(res.out.splitlines(),
                         ["crc16-modbus: c5 cd (0xcdc5)", "01 03 00 00 00 0a c5 cd"])

    def test_check_value_of_a_file_and_a_list(self):
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(b"123456789")
        self.addCleanup(os.unlink, f.name)
        res = run_tcpc(["checksum", "crc32,hex:0d0a", "--file", f.name])
        self.assertExit(res, 0)
        self.assertEqual(res.out.splitlines()[:2],
                         ["crc32: cb f4 39 26 (0xcbf43926)", "hex:0d0a: 0d 0a"])
        self.assertTrue(res.out.splitlines()[2].endswith("cb f4 39 26 0d 0a"))

    def test_bad_spec_and_bad_hex_exit_2_with_one_line(self):
        for args in (["checksum", "crc17", "01"], ["checksum", "sum8", "0g"],
                     ["checksum", "crc:width=8,poly=7,check=0x12", "01"],
                     ["checksum", "sum8"]):
            res = run_tcpc(args)
            self.assertExit(res, 2)
            lines = res.err.splitlines()
            self.assertEqual(len(lines), 1, res)
            self.assertTrue(lines[0].startswith("tcpc checksum: "), res)
        res = run_tcpc(["checksum", "crc17", "01"])
        self.assertIn("crc16-modbus", res.err)  # names the valid SPECs


class AppendTest(TcpcTestCase):
    def sent_by(self, args, handler=echo_after_eof):
        server = self.start_pyserver(handler)
        res = run_tcpc(["127.0.0.1", str(server.port)] + args)
        self.assertTrue(server.join(), "server did not finish")
        self.assertEqual(server.errors, [])
        return res, server.received[0]

    def test_hex_gets_its_modbus_crc(self):
        res, sent = self.sent_by(["--hex", "01 03 00 00 00 0a", "--append", "crc16-modbus"])
        self.assertExit(res, 0)
        self.assertEqual(sent, bytes.fromhex("01030000000ac5cd"))

    def test_each_repeat_gets_it(self):
        res, sent = self.sent_by(["--send", "ab", "--append", "sum8,hex:0d0a", "--repeat", "3",
                                  "--interval", "0"], handler=record_all)
        self.assertExit(res, 0)
        self.assertEqual(sent, (b"ab" + sum8(b"ab") + b"\r\n") * 3)

    def test_a_file_is_one_message(self):
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(b"line one\nline two\n")
        self.addCleanup(os.unlink, f.name)
        res, sent = self.sent_by(["--file", f.name, "--append", "crc16-modbus"])
        self.assertExit(res, 0)
        body = b"line one\nline two\n"
        self.assertEqual(sent, body + crc16_modbus(body))
        # -C turns the file's LFs into CRLFs first; the CRC covers what is sent.
        res, sent = self.sent_by(["--file", f.name, "--append", "crc16-modbus", "-C"])
        self.assertExit(res, 0)
        crlf = b"line one\r\nline two\r\n"
        self.assertEqual(sent, crlf + crc16_modbus(crlf))

    def test_udp_lines_each_get_one(self):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(udp.close)
        udp.bind(("127.0.0.1", 0))
        udp.settimeout(SOCK_TIMEOUT)
        got = []

        def answer():
            for _ in range(2):
                data, peer = udp.recvfrom(65536)
                got.append(data)
                udp.sendto(b"ok", peer)
        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(b"ab\ncd\n")
        self.addCleanup(os.unlink, f.name)
        res = run_tcpc(["-u", "127.0.0.1", str(udp.getsockname()[1]), "--file", f.name,
                        "--append", "crc16-modbus"])
        thread.join(SOCK_TIMEOUT)
        self.assertExit(res, 0)
        self.assertEqual(got, [b"ab\n" + crc16_modbus(b"ab\n"), b"cd\n" + crc16_modbus(b"cd\n")])

    def test_reply_mode_answers_with_the_crc(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "reply", "--reply-hex",
                                  "01 03 02 00 2a", "--append", "crc16-modbus"])
        conn = self.connect("127.0.0.1", server.port)
        conn.sendall(MODBUS_REQUEST + crc16_modbus(MODBUS_REQUEST))
        reply = bytes.fromhex("0103 02002a")
        self.assertEqual(recv_exact(conn, 7), reply + crc16_modbus(reply))

    def test_udp_reply_mode_answers_with_the_sum(self):
        server = self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "--mode", "reply", "--reply-hex",
                                  "01 02", "--append", "sum8"])
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.addCleanup(udp.close)
        udp.settimeout(SOCK_TIMEOUT)
        udp.sendto(b"ping", ("127.0.0.1", server.port))
        self.assertEqual(udp.recvfrom(65536)[0], b"\x01\x02\x03")

    def test_session_append_command(self):
        server = self.start_pyserver(record_all)
        res = run_tcpc(["--interactive", "127.0.0.1", str(server.port)],
                       input=b"/append sum8\nhi\n/append off\nno\n/append bogus\n")
        self.assertTrue(server.join(), "server did not finish")
        self.assertEqual(server.received[0], b"hi\n" + sum8(b"hi\n") + b"no\n")
        self.assertIn("append: sum8", res.out + res.err)
        self.assertIn("unknown SPEC 'bogus'", res.out + res.err)

    def test_refused_where_there_are_no_messages(self):
        res = run_tcpc(["127.0.0.1", "9", "--append", "sum8"], input=b"")
        line = self.assertFailure(res, 2)
        self.assertIn("no message boundaries", line)
        line = self.assertFailure(run_tcpc(["127.0.0.1", "9", "--send", "x", "--append", "crc99"]), 2)
        self.assertIn("unknown SPEC 'crc99'", line)
        line = self.assertFailure(run_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo",
                                            "--append", "sum8"]), 2)
        self.assertIn("--append is not available with --mode echo", line)


class CheckTest(TcpcTestCase):
    def test_frames_marked_right_and_wrong(self):
        good = MODBUS_REQUEST + crc16_modbus(MODBUS_REQUEST)
        bad = MODBUS_REQUEST + b"\x00\x00"

        def send_frames(server, conn):
            conn.sendall(good + bad)
        server = self.start_pyserver(send_frames)
        res = run_tcpc(["-d", "127.0.0.1", str(server.port), "--frame", "fixed:8",
                        "--check", "crc16-modbus", "--json"])
        self.assertExit(res, 0)
        frames = [json.loads(line) for line in res.out.splitlines()]
        frames = [f for f in frames if "frame" in f]
        self.assertEqual([(f["hex"], f["checksum_ok"]) for f in frames],
                         [(good.hex(), True), (bad.hex(), False)])
        self.assertEqual(frames[1]["checksum_expected"], "c5 cd")
        # The text view says it in each frame's header.
        server = self.start_pyserver(send_frames)
        res = run_tcpc(["-d", "127.0.0.1", str(server.port), "--frame", "fixed:8",
                        "--check", "crc16-modbus", "--view", "hex"])
        self.assertIn("< frame 1: 8 bytes (checksum ok)", res.out)
        self.assertIn("< frame 2: 8 bytes (checksum WRONG: expected c5 cd)", res.out)

    def test_needs_frame(self):
        line = self.assertFailure(run_tcpc(["127.0.0.1", "9", "--send", "x", "--check", "sum8"]), 2)
        self.assertIn("--check needs --frame", line)


if __name__ == "__main__":
    main()
