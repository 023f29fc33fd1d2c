# SPDX-License-Identifier: MIT
"""The plain `tcpc` carries no OpenSSL and hands TLS command lines to
`tcpc-tls` beside it (src/cli/tls_binary.hpp), so plain runs start without
mapping OpenSSL; without tcpc-tls, --tls fails in one clear line."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc

TCPC = tcpctest.tcpc_path()
TCPC_TLS = os.path.join(os.path.dirname(TCPC), "tcpc-tls")
# A function only OpenSSL's libssl defines; its name is in an unstripped
# binary's symbol table exactly when libssl was linked in.
OPENSSL_SYMBOL = b"SSL_CTX_new"


def run_binary(args):
    proc = subprocess.run(args, input=b"", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=tcpctest.RUN_TIMEOUT)
    return tcpctest.Result(args, proc.returncode, proc.stdout, proc.stderr)


def contents(path):
    with open(path, "rb") as f:
        return f.read()


class TlsBinaryTest(TcpcTestCase):
    def test_plain_tcpc_has_no_openssl_and_tcpc_tls_has(self):
        self.assertTrue(os.path.exists(TCPC_TLS), "tcpc-tls is built next to tcpc")
        self.assertIn(OPENSSL_SYMBOL, contents(TCPC_TLS))
        self.assertNotIn(OPENSSL_SYMBOL, contents(TCPC))

    def test_tls_through_plain_tcpc(self):
        # The server with a temporary certificate, the client with --insecure:
        # both started as `tcpc`, both served by tcpc-tls.
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo", "--tls"])
        res = run_tcpc(["--tls", "--insecure", "127.0.0.1", str(server.port), "--send", "hello"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"hello")
        self.assertIn("not verified", res.err)

    def test_without_tcpc_tls_tls_fails_in_one_line(self):
        lonely = tempfile.mkdtemp(prefix="tcpc-plain-")
        self.addCleanup(shutil.rmtree, lonely, True)
        alone = os.path.join(lonely, "tcpc")
        shutil.copy2(TCPC, alone)
        _, port = self.start_echo()
        res = run_binary([alone, "--tls", "127.0.0.1", str(port), "--send", "hello"])
        self.assertExit(res, 2)
        # It names the program that is missing, not "built without TLS".
        self.assertEqual(
            res.err,
            f"tcpc: --tls runs {lonely}/tcpc-tls, which cannot be started: "
            "No such file or directory\n",
        )
        self.assertEqual(res.stdout, b"")
        # Plain TCP does not need tcpc-tls.
        res = run_binary([alone, "127.0.0.1", str(port), "--send", "hello"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"hello")


if __name__ == "__main__":
    unittest.main()
