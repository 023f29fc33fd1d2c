# SPDX-License-Identifier: MIT
"""Pipe mode: `tcpc HOST PORT` relaying stdin/stdout both ways, half-close."""

import sys
import hashlib
import os
import subprocess
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, TcpcProcess, run_tcpc

BIG = 64 << 20  # 64 MiB


class PipeTest(TcpcTestCase):

    def test_64mib_through_echo(self):
        echo, port = self.start_echo()
        tmp = tempfile.TemporaryDirectory(prefix="tcpc-pipe-")
        self.addCleanup(tmp.cleanup)
        src = os.path.join(tmp.name, "in.bin")
        dst = os.path.join(tmp.name, "out.bin")
        want = hashlib.sha256()
        with open(src, "wb") as f:
            left = BIG
            while left:
                chunk = os.urandom(min(left, 1 << 20))
                want.update(chunk)
                f.write(chunk)
                left -= len(chunk)
        with open(src, "rb") as fin, open(dst, "wb") as fout:
            res = run_tcpc(["127.0.0.1", str(port)], stdin=fin, stdout=fout, timeout=120)
        self.assertExit(res, 0)
        self.assertEqual(os.path.getsize(dst), BIG, res)
        got = hashlib.sha256()
        with open(dst, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                got.update(chunk)
        self.assertEqual(got.hexdigest(), want.hexdigest(), "64 MiB round trip differs")

    def test_half_close(self):
        # Answers only after EOF: tcpc must half-close on stdin EOF and keep reading.
        def handler(server, conn):
            data = tcpctest.recv_all(conn)
            server.received.append(data)
            conn.sendall(b"got %d bytes" % len(data))
        srv = self.start_pyserver(handler)
        res = run_tcpc(["127.0.0.1", str(srv.port)], input=b"data")
        self.assertTrue(srv.join())
        self.assertEqual(srv.errors, [])
        self.assertEqual(srv.received, [b"data"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"got 4 bytes")

    def test_empty_stdin(self):
        srv = self.start_pyserver(lambda server, conn: (
            server.received.append(tcpctest.recv_all(conn)), conn.sendall(b"nothing?")))
        res = run_tcpc(["127.0.0.1", str(srv.port)], input=b"")
        self.assertTrue(srv.join())
        self.assertEqual(srv.errors, [])
        self.assertEqual(srv.received, [b""])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"nothing?")

    def test_both_directions_at_once(self):
        # The server speaks first while tcpc's stdin is still open and silent;
        # the greeting must reach stdout before we write anything.
        def handler(server, conn):
            conn.sendall(b"hello from server\n")
            line = b""
            while not line.endswith(b"\n"):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                line += chunk
            server.received.append(line)
            conn.sendall(b"echo:" + line)
            server.received.append(tcpctest.recv_all(conn))
            conn.sendall(b"done")
        srv = self.start_pyserver(handler)
        p = TcpcProcess(["127.0.0.1", str(srv.port)], stdin=subprocess.PIPE,
                        capture_stdout=True)
        self.addCleanup(p.stop)
        self.assertEqual(p.wait_stdout(b"hello from server\n"), b"hello from server\n")
        p.proc.stdin.write(b"ping\n")
        p.proc.stdin.flush()
        want = b"hello from server\necho:ping\n"
        self.assertEqual(p.wait_stdout(want), want)
        p.proc.stdin.write(b"tail")
        p.proc.stdin.close()
        rc = p.wait()
        self.assertEqual(rc, 0, p.err_text())
        self.assertTrue(srv.join())
        self.assertEqual(srv.errors, [])
        self.assertEqual(srv.received, [b"ping\n", b"tail"])
        self.assertEqual(p.out_bytes(), want + b"done")


if __name__ == "__main__":
    tcpctest.main()
