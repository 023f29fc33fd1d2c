# SPDX-License-Identifier: MIT
"""examples/port_check.sh, a script written for nc, runs unchanged with a
symlink named nc pointing to tcpc first on PATH, against a loopback echo
server and a closed port; and prints the same as with OpenBSD nc."""

import os
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
from compat_fixtures import RUN_TIMEOUT, find_tools, free_port  # noqa: E402
import tcpctest  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "examples", "port_check.sh")
TCPC, NC = find_tools()


class ExampleScriptTest(tcpctest.TcpcTestCase):

    def run_script(self, nc_target, *ports):
        """Runs the script with `nc` on PATH being a symlink to nc_target."""
        with tempfile.TemporaryDirectory() as bin_dir:
            os.symlink(nc_target, os.path.join(bin_dir, "nc"))
            env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
                       REQUEST="hello")
            proc = subprocess.run(["sh", SCRIPT, "127.0.0.1"] + [str(p) for p in ports],
                                  env=env, capture_output=True, timeout=RUN_TIMEOUT)
        return proc

    def expected(self, open_port, closed_port):
        return ("127.0.0.1:%d up\nhello\r\n127.0.0.1:%d down\n" % (open_port, closed_port)).encode()

    def test_with_tcpc_as_nc(self):
        _, port = self.start_echo()
        closed = free_port()
        proc = self.run_script(TCPC.path, port, closed)
        self.assertEqual(proc.returncode, 0, proc)
        self.assertEqual(proc.stdout, self.expected(port, closed), proc)

    def test_all_down_exits_1(self):
        closed = free_port()
        proc = self.run_script(TCPC.path, closed)
        self.assertEqual(proc.returncode, 1, proc)
        self.assertEqual(proc.stdout, b"127.0.0.1:%d down\n" % closed, proc)

    def test_same_output_with_openbsd_nc(self):
        if NC is None:
            self.skipTest("nc.openbsd is not installed (package netcat-openbsd)")
        _, port = self.start_echo()
        closed = free_port()
        with_nc = self.run_script(NC.path, port, closed)
        with_tcpc = self.run_script(TCPC.path, port, closed)
        self.assertEqual(with_nc.returncode, 0, with_nc)
        self.assertEqual(with_nc.stdout, self.expected(port, closed), with_nc)
        self.assertEqual(with_tcpc.stdout, with_nc.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
