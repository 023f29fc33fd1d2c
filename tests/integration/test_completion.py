# SPDX-License-Identifier: MIT
"""The bash and zsh completion scripts (completions/): options, option
values and `bench` subcommands, and every option of `tcpc --help`."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402
from test_help import help_options  # noqa: E402

BASH_SCRIPT = os.path.join(tcpctest.ROOT, "completions", "tcpc.bash")
ZSH_DIR = os.path.join(tcpctest.ROOT, "completions")


def bash_complete(*words):
    """COMPREPLY of the bash completion for the command line `words`, the last
    word being completed (as bash would call it for `tcpc --enc<TAB>`)."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
              'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _tcpc; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash", BASH_SCRIPT]
                          + list(words), capture_output=True, text=True, timeout=30)
    if proc.returncode != 0 or proc.stderr:
        raise AssertionError("bash completion failed: %r" % (proc,))
    return [w for w in proc.stdout.split("\n") if w]


class BashCompletionTest(tcpctest.TcpcTestCase):

    def test_registers_for_tcpc(self):
        proc = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                               'source "$1" && complete -p tcpc', "bash", BASH_SCRIPT],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.stdout.strip(), "complete -F _tcpc tcpc")

    def test_option_names(self):
        self.assertEqual(bash_complete("tcpc", "--enc"), ["--encoding"])
        self.assertEqual(bash_complete("tcpc", "--tls-m"), ["--tls-min"])
        self.assertEqual(sorted(bash_complete("tcpc", "--stat")), ["--stats", "--stats-interval"])

    def test_option_values(self):
        self.assertEqual(sorted(bash_complete("tcpc", "--mode", "")),
                         ["discard", "echo", "print", "reply", "source"])
        self.assertEqual(sorted(bash_complete("tcpc", "-l", "7000", "--mode", "e")), ["echo"])
        self.assertEqual(sorted(bash_complete("tcpc", "--encoding", "gb")), ["gb18030", "gbk"])
        self.assertEqual(sorted(bash_complete("tcpc", "--encoding", "=", "")),
                         ["big5", "gb18030", "gbk", "latin1", "utf-8"])
        self.assertEqual(sorted(bash_complete("tcpc", "--view", "")), ["both", "hex", "text"])
        self.assertEqual(bash_complete("tcpc", "--send", "-"), [])  # free text: nothing offered

    def test_bench_subcommands_and_their_options(self):
        self.assertEqual(sorted(bash_complete("tcpc", "bench", "")),
                         ["connect", "conns", "rr", "throughput"])
        self.assertIn("bench", bash_complete("tcpc", "be"))
        self.assertEqual(bash_complete("tcpc", "bench", "throughput", "--dir"), ["--direction"])
        self.assertEqual(sorted(bash_complete("tcpc", "bench", "throughput", "--direction", "")),
                         ["both", "recv", "send"])
        self.assertIn("--ping", bash_complete("tcpc", "bench", "conns", "--"))
        self.assertNotIn("--ping", bash_complete("tcpc", "bench", "rr", "--"))

    def test_offers_every_option_of_help(self):
        offered = set(bash_complete("tcpc", "-"))
        options = help_options(tcpctest.run_tcpc(["--help"]).out)
        self.assertEqual(sorted(set(options) - offered), [])
        for sub in ("throughput", "rr", "connect", "conns"):
            with self.subTest(bench=sub):
                offered = set(bash_complete("tcpc", "bench", sub, "-"))
                options = help_options(tcpctest.run_tcpc(["bench", sub, "--help"]).out)
                self.assertEqual(sorted(set(options) - offered), [])


class ZshCompletionTest(tcpctest.TcpcTestCase):
    """zsh on a pseudo-terminal, with completions/ first in its fpath."""

    def setUp(self):
        self.zsh = shutil.which("zsh")
        if not self.zsh:
            self.skipTest("zsh is not installed (scripts/setup.sh --test installs it)")
        home = tempfile.TemporaryDirectory()
        self.addCleanup(home.cleanup)
        self.p = PtyProcess([self.zsh, "-f", "-i"], env={"HOME": home.name, "ZDOTDIR": home.name})
        self.addCleanup(self.p.close)
        self.p.type_line("fpath=(%s $fpath); autoload -Uz compinit; compinit -u -D; "
                         "PS1='READY> '" % ZSH_DIR)
        self.p.wait_screen(r"^READY>$")

    def test_script_defines_every_option_of_help(self):
        with open(os.path.join(ZSH_DIR, "_tcpc")) as f:
            script = f.read()
        options = help_options(tcpctest.run_tcpc(["--help"]).out)
        # An option in an _arguments spec: '-l[...]', -p+, --mode=, {-h,--help}.
        missing = [o for o in options
                   if not re.search(r"(?<![\w-])%s(?=[\[+=,}])" % re.escape(o), script)]
        self.assertEqual(missing, [])

    def test_completes_an_option_name(self):
        self.p.send("tcpc --enc\t")
        self.p.wait_screen(r"^READY> tcpc --encoding")

    def test_lists_mode_values(self):
        self.p.send("tcpc -l 7000 --mode \t")
        self.p.wait_screen(r"discard")
        self.p.wait_screen(r"source")

    def test_completes_a_bench_subcommand(self):
        self.p.send("tcpc bench thr\t")
        self.p.wait_screen(r"^READY> tcpc bench throughput")


if __name__ == "__main__":
    tcpctest.main()
