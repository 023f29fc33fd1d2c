# SPDX-License-Identifier: MIT
"""`tcpc --version` and `--help`, and the man page docs/tcpc.1 against them:
every option and every exit code documented, rendered without warnings."""

import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
import localetest  # noqa: E402

MAN_PAGE = os.path.join(tcpctest.ROOT, "docs", "tcpc.1")
EXIT_CODES = os.path.join(tcpctest.ROOT, "src", "cli", "exit_code.hpp")
BENCH_SUBCOMMANDS = ("throughput", "rr", "connect", "conns")

# Every option tcpc had before --help was regrouped: none may disappear.
KNOWN_OPTIONS = """-h --help --version -l -k -p -s -w -v -n -4 -6 -d -N -u -z -U -q -C
--parallel --send --hex --file --encoding --undecodable --recv-size --keep-open --repeat
--interval --view --time -o --output --eol --interactive --raw --mode --reply --reply-hex
--source-bytes --once --max-clients --stats --stats-interval --json --json-file --tls
--cafile --capath --insecure --servername --alpn --cert --key --tls-min
--verify-client""".split()

# An option at the start of a help line: "  -o,--output FILE  ..." gives -o and --output.
OPTION_LINE_RE = re.compile(r"^  (-[^\s]+)")


def help_options(text):
    options = []
    for line in text.splitlines():
        m = OPTION_LINE_RE.match(line)
        if m:
            options.extend(m.group(1).split(","))
    return options


def man_source_text():
    """The page's text with roff escapes for '-' and fonts undone."""
    with open(MAN_PAGE, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("\\-", "-")
    return re.sub(r"\\f[BIRP]", "", text)


def item_tags(text):
    """The tags of the page's .TP items (the line after .TP or .TQ): where an
    option is described, not just mentioned."""
    lines = text.splitlines()
    return "\n".join(lines[i + 1] for i, line in enumerate(lines[:-1])
                     if line in (".TP", ".TQ"))


def documented(option, text):
    """Whether `option` is the tag of an item in `text` (roff source)."""
    return re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(option), item_tags(text)) is not None


class VersionTest(tcpctest.TcpcTestCase):

    def test_version_is_the_cmake_project_version(self):
        version = os.environ.get("TCPC_PROJECT_VERSION")
        self.assertTrue(version, "CTest passes TCPC_PROJECT_VERSION from project(VERSION)")
        res = tcpctest.run_tcpc(["--version"])
        self.assertExit(res, 0)
        self.assertEqual(res.out, "tcpc %s\n" % version)

    def test_version_matches_the_cmake_package_version_file(self):
        build = os.environ.get("TCPC_BUILD_DIR", "")
        path = os.path.join(build, "tcpcConfigVersion.cmake")
        if not os.path.isfile(path):
            self.skipTest("no tcpcConfigVersion.cmake (TCPC_INSTALL=OFF)")
        with open(path) as f:
            m = re.search(r'set\(PACKAGE_VERSION "([^"]+)"\)', f.read())
        self.assertIsNotNone(m, path)
        res = tcpctest.run_tcpc(["--version"])
        self.assertEqual(res.out.strip(), "tcpc " + m.group(1))


class HelpTest(tcpctest.TcpcTestCase):

    def setUp(self):
        res = tcpctest.run_tcpc(["--help"])
        self.assertExit(res, 0)
        self.help = res.out

    def test_groups_in_order(self):
        groups = ["General:", "Connecting (client):", "Listening (server, with -l):",
                  "Sending:", "Display & encoding:",
                  "Statistics (what TCP did, from the kernel's TCP_INFO):", "TLS:",
                  "Netcat compatibility:", "Modes:", "Examples:"]
        positions = [self.help.find("\n" + g + "\n") for g in groups]
        self.assertNotIn(-1, positions, self.help)
        self.assertEqual(positions, sorted(positions), self.help)

    def test_options_sit_in_their_group(self):
        sections = re.split(r"\n(?=\S[^\n]*:\n)", self.help)
        by_group = {s.split(":\n", 1)[0]: s for s in sections}
        for group, options in {
                "Connecting (client)": ["-p", "-w", "-4", "-u", "-z", "-U", "--raw"],
                "Listening (server, with -l)": ["-l", "-k", "--mode", "--once"],
                "Sending": ["--send", "--hex", "--file", "--repeat"],
                "Display & encoding": ["--encoding", "--view", "--time", "-o"],
                "Netcat compatibility": ["-d", "-N", "-q", "-C"]}.items():
            with self.subTest(group=group):
                self.assertIn(group, by_group, self.help)
                self.assertTrue(set(options) <= set(help_options(by_group[group])),
                                by_group[group])

    def test_every_known_option_is_still_there(self):
        self.assertEqual(sorted(set(KNOWN_OPTIONS) - set(help_options(self.help))), [])

    def test_examples_cover_the_modes(self):
        examples = self.help.split("\nExamples:\n", 1)[1]
        for command in ("    tcpc\n", "--send", "< request.txt", "--mode echo",
                        "--view hex", "--stats", "--tls"):
            self.assertIn(command, examples)


class ManPageTest(tcpctest.TcpcTestCase):

    def setUp(self):
        self.man = man_source_text()

    def test_documents_every_option_of_help(self):
        res = tcpctest.run_tcpc(["--help"])
        options = help_options(res.out)
        self.assertGreater(len(options), 50, res.out)
        missing = [o for o in options if not documented(o, self.man)]
        self.assertEqual(missing, [], "options of --help missing from docs/tcpc.1")

    def test_documents_every_bench_option(self):
        bench = self.man.split("\n.SH BENCH\n", 1)[1].split("\n.SH ", 1)[0]
        for sub in BENCH_SUBCOMMANDS:
            with self.subTest(subcommand=sub):
                res = tcpctest.run_tcpc(["bench", sub, "--help"])
                self.assertExit(res, 0)
                self.assertIn(".B %s\n" % sub, bench)
                options = help_options(res.out)
                self.assertIn("--json", options)
                missing = [o for o in options if not documented(o, bench)]
                self.assertEqual(missing, [], "bench %s options missing from BENCH" % sub)

    def test_documents_every_exit_code(self):
        with open(EXIT_CODES) as f:
            codes = re.findall(r"^\s*k\w+ = (\d+),", f.read(), re.M)
        self.assertGreaterEqual(len(codes), 5)
        section = self.man.split("\n.SH EXIT STATUS\n", 1)[1].split("\n.SH ", 1)[0]
        for code in codes:
            self.assertIn("\n.B %s\n" % code, section)

    def test_has_the_sections_of_a_man_page(self):
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "MODES", "OPTIONS", "EXIT STATUS",
                        "ENVIRONMENT", "EXAMPLES", "SEE ALSO"):
            self.assertRegex(self.man, r"\n\.SH \"?%s\"?\n" % section)

    def test_renders_without_warnings(self):
        man = shutil.which("man")
        self.assertIsNotNone(man, "man is missing: run scripts/setup.sh --test")
        env = localetest.environment({"MANWIDTH": "80", "LC_ALL": "C.UTF-8", "MANPAGER": "cat",
                                      "PAGER": "cat"})
        proc = subprocess.run([man, "--warnings", "-l", MAN_PAGE], capture_output=True,
                              env=env, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr.decode(), "")
        text = proc.stdout.decode()
        self.assertIn("tcpc - TCP client and network debugging assistant", text)
        self.assertIn("--verify-client", text)
        # groff's own check as well: -ww turns on every warning.
        proc = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", MAN_PAGE],
                              capture_output=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stderr.decode()), (0, ""))


class ChineseHelpTest(localetest.LocaleTestCase):

    def test_help_summary_in_chinese(self):
        res = localetest.run_tcpc(["--help"], localetest.ZH_ENV)
        self.assertExit(res, 0)
        out = res.out
        self.assertIn("tcpc：TCP 客户端和网络调试助手", out)
        self.assertIn("\n连接（客户端）:\n", out)
        self.assertIn("\n示例:\n", out)
        self.assertIn("等待对方连入，而不是主动连接", out)
        # Option names and examples stay as they are typed.
        self.assertEqual(sorted(help_options(out)),
                         sorted(help_options(tcpctest.run_tcpc(["--help"]).out)))

    def test_help_stays_english_in_the_c_locale(self):
        res = localetest.run_tcpc(["--help"], localetest.C_ENV)
        self.assertIn("tcpc: a TCP client and network debugging assistant", res.out)
        for chinese in ("示例", "连接（客户端）", "等待对方连入"):
            self.assertNotIn(chinese, res.out)


if __name__ == "__main__":
    tcpctest.main()
