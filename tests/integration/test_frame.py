# SPDX-License-Identifier: MIT
"""--frame: the received stream cut into frames, whatever pieces TCP delivers.

A Python server sends the same bytes one byte at a time and all at once; the
frames tcpc reports (--json, one object per frame) must be the same. The idle
framer must show a frame when the gap ends, not when the next bytes arrive:
the server sends its second burst only after the test has seen the first
frame, so a tcpc that waits for more bytes hangs and the test fails.
"""

import json
import os
import queue
import socket
import subprocess
import tempfile
import threading
import time

from tcpctest import (SOCK_TIMEOUT, TcpcTestCase, main, recv_all, run_tcpc,
                      tcpc_path)


def sender(pieces, gap=0.02):
    """Handler: send each piece as its own segment, then close."""
    def handler(server, conn):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for piece in pieces:
            conn.sendall(piece)
            time.sleep(gap)
    return handler


def frames(stdout):
    """The frame objects of a --json run, in order (the connection report
    and other records are left out)."""
    out = []
    for line in stdout.decode("utf-8").splitlines():
        obj = json.loads(line)
        if "frame" in obj:
            out.append(obj)
    return out


class FrameTest(TcpcTestCase):
    def frames_of(self, pieces, spec, extra=()):
        server = self.start_pyserver(sender(pieces))
        res = run_tcpc(["-d", "127.0.0.1", str(server.port), "--frame", spec,
                        "--json"] + list(extra))
        self.assertExit(res, 0)
        self.assertTrue(server.join(), "server did not finish")
        self.assertEqual(server.errors, [])
        return [(f["hex"], f["complete"]) for f in frames(res.stdout)]

    def assertSameFramesWholeAndSplit(self, data, spec, want):
        whole = self.frames_of([data], spec)
        one_by_one = self.frames_of([data[i:i + 1] for i in range(len(data))], spec,)
        self.assertEqual(whole, want)
        self.assertEqual(one_by_one, want)

    def test_line_frames_join_pieces_and_split_coalesced_lines(self):
        data = b"temp=21.5\r\ntemp=21.6\r\ntemp=21.7\r\n"
        want = [(b"temp=21.5\r\n".hex(), True), (b"temp=21.6\r\n".hex(), True),
                (b"temp=21.7\r\n".hex(), True)]
        self.assertSameFramesWholeAndSplit(data, "line", want)

    def test_length_prefixed_frames_are_the_same_whole_and_one_byte_at_a_time(self):
        data = b"\x00\x03abc\x00\x01z\x00\x00\x00\x02hi"
        want = [("0003616263", True), ("00017a", True), ("0000", True),
                ("00026869", True)]
        self.assertSameFramesWholeAndSplit(data, "length:u16be", want)

    def test_delimiter_and_fixed_frames(self):
        data = bytes.fromhex("7e0102037e7e047e")
        self.assertSameFramesWholeAndSplit(
            data, "delim:7e", [("7e", True), ("0102037e", True), ("7e", True),
                               ("047e", True)])
        self.assertSameFramesWholeAndSplit(
            b"abcdefgh", "fixed:3", [("616263", True), ("646566", True),
                                    ("6768", False)])

    def test_idle_frame_is_shown_when_the_gap_ends(self):
        seen_first = threading.Event()

        def handler(server, conn):
            conn.sendall(b"first burst")
            if not seen_first.wait(SOCK_TIMEOUT):
                server.errors.append("the first frame never appeared")
            conn.sendall(b"second")
            recv_all(conn)

        server = self.start_pyserver(handler)
        proc = subprocess.Popen(
            [tcpc_path(), "-d", "127.0.0.1", str(server.port), "--frame",
             "idle:100", "--json"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self.addCleanup(proc.kill)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.stderr.close)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout],
                         daemon=True).start()
        first = json.loads(lines.get(timeout=SOCK_TIMEOUT))
        seen_first.set()
        second = json.loads(lines.get(timeout=SOCK_TIMEOUT))
        proc.kill()
        proc.wait(SOCK_TIMEOUT)
        self.assertEqual(first["hex"], b"first burst".hex())
        self.assertEqual(second["hex"], b"second".hex())
        self.assertEqual((first["frame"], second["frame"]), (1, 2))

    def test_output_file_gets_the_bytes_exactly_whatever_the_frames(self):
        data = bytes(range(256)) * 4
        server = self.start_pyserver(sender([data[:100], data[100:]]))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rx.bin")
            res = run_tcpc(["-d", "127.0.0.1", str(server.port), "--frame",
                            "fixed:7", "--view", "hex", "-o", path])
            self.assertExit(res, 0)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), data)
        self.assertIn(b"< frame 147: 2 bytes", res.stdout)

    def test_bad_spec_is_refused_before_connecting(self):
        accepted = []
        lsock = socket.socket()
        self.addCleanup(lsock.close)
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(1)
        lsock.settimeout(0.5)
        for spec in ["bogus", "fixed:0", "length:u24", "delim:zz", "idle:-1"]:
            with self.subTest(spec=spec):
                res = run_tcpc(["127.0.0.1", str(lsock.getsockname()[1]),
                                "--frame", spec])
                line = self.assertFailure(res, 2)
                self.assertIn("--frame", line)
                try:
                    accepted.append(lsock.accept())
                except socket.timeout:
                    pass
        self.assertEqual(accepted, [], "a bad --frame must not connect")


if __name__ == "__main__":
    main()
