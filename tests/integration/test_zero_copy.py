# SPDX-License-Identifier: MIT
"""Pipe mode through real pipes (the splice() path on Linux) and through
regular files (sendfile() out, read/write in), byte-exact either way; `-v`
says how many bytes moved without a copy."""

import hashlib
import os
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase

SIZE = 16 << 20


def pattern(size, seed):
    """Reproducible bytes, every value included."""
    out = bytearray()
    block = hashlib.sha256(b"%d" % seed).digest()
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


class ZeroCopyTest(TcpcTestCase):

    def setUp(self):
        self.echo, self.port = self.start_echo()

    def test_pipes_both_ways(self):
        data = pattern(SIZE, 1)
        proc = subprocess.Popen([tcpctest.tcpc_path(), "-v", "127.0.0.1", str(self.port)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        got = []
        reader = threading.Thread(target=lambda: got.append(proc.stdout.read()))
        reader.start()
        try:
            proc.stdin.write(data)
            proc.stdin.close()
            reader.join(tcpctest.RUN_TIMEOUT)
            rc = proc.wait(tcpctest.RUN_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err = proc.stderr.read().decode()
        proc.stdout.close()
        proc.stderr.close()
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(got[0]), SIZE)
        self.assertTrue(got[0] == data, "echoed bytes differ")
        self.assertIn("%d bytes sent, %d bytes received" % (SIZE, SIZE), err)
        if sys.platform.startswith("linux"):
            self.assertIn("%d of them without a copy (splice or sendfile)" % (2 * SIZE), err)

    def test_regular_files_both_ways(self):
        data = pattern(SIZE, 2)
        tmp = tempfile.TemporaryDirectory(prefix="tcpc-zc-")
        self.addCleanup(tmp.cleanup)
        src = os.path.join(tmp.name, "in.bin")
        dst = os.path.join(tmp.name, "out.bin")
        with open(src, "wb") as f:
            f.write(data)
        with open(src, "rb") as fin, open(dst, "wb") as fout:
            res = tcpctest.run_tcpc(["-v", "127.0.0.1", str(self.port)], stdin=fin, stdout=fout)
        self.assertExit(res, 0)
        with open(dst, "rb") as f:
            self.assertTrue(f.read() == data, "echoed bytes differ")
        self.assertIn("%d bytes sent, %d bytes received" % (SIZE, SIZE), res.err)
        # The file goes out with sendfile(); what comes back is written to a
        # file, which splice() cannot take from a socket, so it is copied.
        if sys.platform.startswith("linux"):
            self.assertIn("%d of them without a copy (splice or sendfile)" % SIZE, res.err)


if __name__ == "__main__":
    tcpctest.main()
