# SPDX-License-Identifier: MIT
"""Messages through gettext: English by default, Simplified Chinese when the
locale asks for it (guided mode's prompts and narration, its error lines,
--help); pipe mode byte-exact in every locale; po/zh_CN.po complete."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
import localetest  # noqa: E402
from localetest import C_ENV, ZH_ENV  # noqa: E402
from ptyterm import PtyProcess  # noqa: E402

PO_DIR = os.path.join(tcpctest.ROOT, "po")
CLI_DIR = os.path.join(tcpctest.ROOT, "src", "cli")


def closed_port():
    return tcpctest.free_port()


class GuidedChineseTest(localetest.LocaleTestCase):

    def setUp(self):
        super().setUp()
        self.echo, self.port = self.start_echo()

    def pty(self, env):
        p = PtyProcess([tcpctest.tcpc_path()], env=env)
        self.addCleanup(p.close)
        return p

    def test_prompts_and_steps_in_chinese_on_a_terminal(self):
        p = self.pty(ZH_ENV)
        p.wait_screen(r"tcpc 引导模式：分六步完成一个 TCP 客户端。")
        p.wait_screen(r"^服务器 IP：")
        p.type_line("127.0.0.1")
        p.wait_screen(r"^服务器端口：")
        p.type_line("70000")  # explained in Chinese and asked again
        p.wait_screen(r"端口 '70000' 无效：必须是 1 到 65535 之间的数，请重新输入。")
        p.wait_screen(r"^服务器端口：", count=2)
        p.type_line(str(self.port))
        p.wait_screen(r"^第 3 步：connect\(\)：已从 127\.0\.0\.1:\d+ 连接到 127\.0\.0\.1:%d"
                      r"（三次握手用时 [\d.]+ 毫秒）。" % self.port)
        p.wait_screen(r"^要发送的文本：")
        p.type_line("你好")
        p.wait_screen(r"^编码 \[utf-8\]：")
        p.type_line("gbk")
        p.wait_screen(r"^ +已发送 4 字节（gbk）：c4 e3 ba c3$")
        p.wait_screen(r"^收到 4 字节：你好$")
        p.wait_screen(r"^第 6 步：close\(\)：连接已关闭。$")
        self.assertEqual(p.wait_exit(), 0, p.screen.text())
        self.assertNotIn("Server IP", p.screen.text())

    def test_c_locale_stays_english(self):
        p = self.pty(C_ENV)
        # (Screen lines lose their trailing spaces: "Server IP: " reads "Server IP:".)
        p.wait_screen(r"^Server IP:")
        p.type_line("127.0.0.1")
        p.wait_screen(r"^Server port:")
        p.type_line(str(self.port))
        p.wait_screen(r"^Text to send:")
        p.type_line("hi")
        p.wait_screen(r"^Encoding \[utf-8\]:")
        p.type_line("")
        p.wait_screen(r"^Received 2 bytes: hi$")
        p.wait_screen(r"^Step 6\. close\(\): connection closed\.$")
        self.assertEqual(p.wait_exit(), 0, p.screen.text())
        self.assertNotRegex(p.screen.text(), "[\u4e00-\u9fff]")

    def test_network_error_line_in_chinese(self):
        port = closed_port()
        answers = ("127.0.0.1\n%d\n" % port).encode()
        res = localetest.run_tcpc([], ZH_ENV, input=answers)
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: 连接 127.0.0.1:%d 失败：连接被拒绝；该端口上没有程序在监听"
                         % port)

    def test_network_error_line_in_english(self):
        port = closed_port()
        res = localetest.run_tcpc([], C_ENV, input=("127.0.0.1\n%d\n" % port).encode())
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: connect to 127.0.0.1:%d: Connection refused; nothing is listening on that port" % port)

    def test_input_ending_early_in_chinese(self):
        # End of input quits (exit 0), as the banner says, in Chinese too.
        res = localetest.run_tcpc([], ZH_ENV, input=b"127.0.0.1\n")
        self.assertExit(res, 0)
        self.assertIn("已退出（输入结束）。", res.out)

    def test_usage_error_in_chinese(self):
        res = localetest.run_tcpc(["127.0.0.1", "70000"], ZH_ENV)
        line = self.assertFailure(res, 2)
        self.assertEqual(line, "tcpc: 端口 '70000' 无效：必须是 1 到 65535 之间的数")


class ConsolePluralsTest(localetest.LocaleTestCase):
    """Counts in the session's messages take ngettext's form in both languages."""

    def run_session(self, env, script):
        _, port = self.start_echo()
        res = localetest.run_tcpc(["--interactive", "127.0.0.1", str(port)], env, input=script)
        self.assertExit(res, 0)
        return res.out

    def test_one_is_singular_in_english(self):
        out = self.run_session(C_ENV, b"/repeat 1 0 x\n/stats\n")
        self.assertIn("-- /repeat done: sent 1 time\n", out)
        self.assertIn("-- sent:     2 bytes in 1 chunk\n", out)
        self.assertRegex(out, r"-- connection closed by the server: 2 bytes sent, 2 bytes "
                              r"received in [0-9.]+ seconds\n$")

    def test_counts_in_chinese(self):
        out = self.run_session(ZH_ENV, b"/repeat 1 0 x\n/stats\n")
        self.assertIn("-- /repeat 完成：发送了 1 次\n", out)
        self.assertIn("-- 发出：2 字节，1 个数据块\n", out)
        self.assertRegex(out, r"-- 服务器关闭了连接：发出 2 字节，收到 2 字节，用时 [0-9.]+ 秒\n$")


class PipeModeInEveryLocaleTest(localetest.LocaleTestCase):

    def test_pipe_mode_is_byte_exact(self):
        _, port = self.start_echo()
        data = bytes(range(256)) * 64 + "你好\r\n".encode("gbk") + b"\xff\xfe\x00"
        for env in (ZH_ENV, dict(ZH_ENV, LC_ALL="zh_CN.UTF-8"), C_ENV):
            with self.subTest(env=env):
                res = localetest.run_tcpc(["127.0.0.1", str(port)], env, input=data)
                self.assertExit(res, 0)
                self.assertEqual(res.stdout, data)
                self.assertEqual(res.stderr, b"")


class ChineseLinesTest(localetest.LocaleTestCase):
    """The lines of -l, -v, -u and the usage errors in Chinese; "Listening
    on" stays English in every locale (scripts read the port from it)."""

    def test_listener_and_client_lines(self):
        server = self.start_tcpc(["-l", "-v", "127.0.0.1", "0"], env=localetest.environment(ZH_ENV))
        self.assertEqual(server.host, "127.0.0.1", server.err_text())
        res = localetest.run_tcpc(["-v", "127.0.0.1", str(server.port)], ZH_ENV, input=b"hi")
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"^已从 127\.0\.0\.1:\d+ 连接到 127\.0\.0\.1:%d，用时 [\d.]+ 毫秒\n"
                         % server.port)
        server.wait_stderr(r"^来自 127\.0\.0\.1:\d+ 的连接$")
        self.assertRegex(server.err_text(), r"^Listening on 127\.0\.0\.1:%d\n" % server.port)

    def test_server_log_lines(self):
        # The servers' own log (the library's events, worded by the CLI).
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo"],
                                 env=localetest.environment(ZH_ENV))
        res = localetest.run_tcpc(["127.0.0.1", str(server.port)], ZH_ENV, input=b"x")
        self.assertExit(res, 0)
        server.wait_stderr(r"^#1 来自 127\.0\.0\.1:\d+ 的连接$")
        server.wait_stderr(r"^#1 127\.0\.0\.1:\d+ 已关闭（收到 1 字节，发出 1 字节）$")
        udp = self.start_tcpc(["-u", "-l", "127.0.0.1", "0", "--mode", "echo", "-v"],
                              env=localetest.environment(ZH_ENV))
        localetest.run_tcpc(["-u", "-w", "1", "127.0.0.1", str(udp.port)], ZH_ENV, input=b"ab\n")
        udp.wait_stderr(r"^#1 来自 127\.0\.0\.1:\d+ 的第一个数据报$")
        udp.wait_stderr(r"^#1 来自 127\.0\.0\.1:\d+ 的 3 字节，已回显$")

    def test_udp_lines(self):
        server = self.start_tcpc(["-u", "-l", "127.0.0.1", "0"], env=localetest.environment(ZH_ENV))
        res = localetest.run_tcpc(["-u", "-v", "-w", "1", "127.0.0.1", str(server.port)], ZH_ENV,
                                  input=b"one\n")
        self.assertRegex(res.err, r"^UDP：从 127\.0\.0\.1:\d+ 发往 127\.0\.0\.1:%d\n" % server.port)
        self.assertIn("发出 1 个数据报（4 字节）", res.err)

    def test_usage_errors(self):
        cases = [
            (["-C", "--hex", "00", "127.0.0.1", "9"],
             "tcpc: -C 和 --hex 不能一起使用：十六进制字节按原样发送"),
            (["-l", "0", "--mode", "nope"],
             "tcpc: 未知的 --mode 'nope'（支持：echo、discard、print、reply、source）"),
            (["--alpn", "h2", "127.0.0.1", "9"], "tcpc: --alpn 需要 --tls"),
            (["127.0.0.1"], "tcpc: 缺少端口：tcpc 主机 端口"),
        ]
        for args, want in cases:
            with self.subTest(args=args):
                self.assertEqual(self.assertFailure(localetest.run_tcpc(args, ZH_ENV), 2), want)
                # The same error, English in the C locale.
                line = self.assertFailure(localetest.run_tcpc(args, C_ENV), 2)
                self.assertNotRegex(line, "[\u4e00-\u9fff]")


def display_columns(text):
    """Terminal columns of `text`: East Asian wide and fullwidth take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def description_columns(help_text):
    """(option, column) of where each option's description starts in --help."""
    lines = help_text.split("\n")
    found = []
    for i, line in enumerate(lines):
        if not line.startswith("  -"):
            continue
        m = re.search(r"\S  +(?=\S)", line)
        if m:
            found.append((line.split()[0], display_columns(line[:m.end()])))
        elif i + 1 < len(lines):  # a long name: the description on the next line
            nxt = lines[i + 1]
            found.append((line.split()[0], display_columns(nxt) - display_columns(nxt.lstrip())))
    return found


class HelpColumnsTest(localetest.LocaleTestCase):
    """Every option's description starts at the same terminal column, with
    Chinese text (two columns a character) as with English."""

    def test_descriptions_line_up(self):
        for env in (ZH_ENV, C_ENV):
            with self.subTest(env=env):
                res = localetest.run_tcpc(["--help"], env)
                self.assertExit(res, 0)
                columns = description_columns(res.out)
                self.assertGreater(len(columns), 30, res.out)
                self.assertEqual({c for _, c in columns}, {32},
                                 [(o, c) for o, c in columns if c != 32])

    def test_the_chinese_help_is_chinese(self):
        res = localetest.run_tcpc(["--help"], ZH_ENV)
        self.assertRegex(res.out, "[\u4e00-\u9fff]")


def parse_po(path):
    """msgid -> msgstr of a .po file (the header left out)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    entries = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr' not in block:
            raise AssertionError("fuzzy entry in %s:\n%s" % (path, block))
        def unquote(s):
            return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
        # ngettext's entries: each English form maps to zh_CN's one form.
        m = re.search(r'^msgid ((?:".*"\n?)+)msgid_plural ((?:".*"\n?)+)msgstr\[0\] ((?:".*"\n?)+)',
                      block, re.M)
        if m:
            entries[unquote(m.group(1))] = unquote(m.group(3))
            entries[unquote(m.group(2))] = unquote(m.group(3))
            continue
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if not m:
            continue
        msgid, msgstr = unquote(m.group(1)), unquote(m.group(2))
        if msgid:
            entries[msgid] = msgstr
    return entries


def fields(fmt):
    """The fmt fields of a format string, argument indexes dropped."""
    return sorted(re.sub(r"^\{\d+", "{", f) for f in re.findall(r"\{[^{}]*\}", fmt))


# Calls that put a string literal in front of the user (stdout, stderr or an
# error line). A literal inside tr(), trf(), trnf(), tr_noop() or as usage()'s
# message (xgettext --keyword=usage) is in the catalogue.
SHOWN_BY = ("fmt::print", "fmt::format", "std::fputs", "std::puts", "usage_error", "bad",
            "Error")
MARKED_BY = ("tr", "trf", "trnf", "tr_noop", "usage")
CALL_RE = re.compile(r"(?<![\w:])(?:(?:tcpc|cli|parsing)::)*(%s)\("
                     % "|".join(re.escape(c) for c in SHOWN_BY + MARKED_BY))
LITERAL_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
FIRST_LITERALS_RE = re.compile(r'\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)')

# Literals with English words that stay English, each with its reason. A
# new one belongs here only when no user reads it as prose.
UNTRANSLATED = {
    "Listening on {}\\n": "read by scripts for the port (listen.cpp says why), as nc's",
    "tcpc: {}\\n": "the program's name before a line that is already translated",
    "tcpc: {}{}\\n": "the program's name before a line that is already translated",
    "tcpc: busy: this server takes {} client{} at a time; try again later\\r\\n":
        "sent to the client (protocol bytes), whose language the server cannot know",
    "stdin": "the subject of an error line: the stream's name, as in the man page",
    "libedit": "the subject of an error line: the library's name",
    "GiB/s": "a unit in the bench table's heading",
    "Gbit/s": "a unit in the bench table's heading",
}
# Whole files whose text is not for the terminal.
UNTRANSLATED_FILES = {
    "option_docs.cpp": "renders docs/options.md, which is English (unit test OptionDocs)",
}


def blank_comments(text):
    """`text` with its comments blanked (string literals kept, lines kept)."""
    def blank(m):
        return m.group(0) if m.group(0).startswith('"') else re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', blank, text, flags=re.S)


def closing_paren(text, i):
    """The index of the ')' that closes the '(' at `i`."""
    depth = 0
    while i < len(text):
        if text[i] == '"':
            i = LITERAL_RE.match(text, i).end()
            continue
        if text[i] == "'" and not text[i - 1].isalnum():  # '"' or '(', not 86'400
            i = text.index("'", i + 2 + (text[i + 1] == "\\")) + 1
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
        i += 1
    return len(text)


def english_words(literal):
    """The English words of a C++ string literal's text: its fmt fields,
    escapes, option flags (--tls, -l) and console commands (/file) left out."""
    text = re.sub(r"\{[^{}]*\}|\\.", " ", literal)
    text = re.sub(r"(?<![A-Za-z0-9])(?:--?|/)[A-Za-z][-A-Za-z0-9_]*", " ", text)
    return re.findall(r"[A-Za-z]{3,}", text)


def untranslated_literals(path):
    """(line, literal) of each literal with English words that a call in
    SHOWN_BY shows and no call in MARKED_BY marks."""
    with open(path, encoding="utf-8") as f:
        text = blank_comments(f.read())
    calls = [(m.group(1), m.end() - 1, closing_paren(text, m.end() - 1))
             for m in CALL_RE.finditer(text)]
    marked = []
    for name, start, end in calls:
        if name == "usage":  # its first argument only: the message
            first = FIRST_LITERALS_RE.match(text, start + 1)
            if first:
                marked.append((first.start(1), first.end(1)))
        elif name in MARKED_BY:
            marked.append((start, end))
    found = {}
    for name, start, end in calls:
        if name in MARKED_BY:
            continue
        for m in LITERAL_RE.finditer(text, start, end):
            inside = any(a <= m.start() < b for a, b in marked)
            literal = m.group(0)[1:-1]
            if not inside and literal not in UNTRANSLATED and english_words(literal):
                found[m.start()] = (text.count("\n", 0, m.start()) + 1, literal)
    return sorted(found.values())


class UntranslatedLiteralTest(tcpctest.TcpcTestCase):
    """Every line a user reads goes through the catalogue: a literal with
    English words given straight to fmt::print, usage(), Error and the like
    is an untranslated message (or belongs in UNTRANSLATED, with why)."""

    def test_no_untranslated_literal_in_src_cli(self):
        problems = []
        for name in sorted(os.listdir(CLI_DIR)):
            if name.endswith(".cpp") and name not in UNTRANSLATED_FILES:
                problems += ["src/cli/%s:%d: \"%s\"" % (name, line, literal)
                             for line, literal in untranslated_literals(os.path.join(CLI_DIR, name))]
        self.assertEqual(problems, [], "mark them with tr()/trf()/trnf() (i18n.hpp), then "
                         "scripts/update-po.sh and translate:\n" + "\n".join(problems))

    def test_the_scan_finds_what_it_should(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "sample.cpp")
            with open(path, "w", encoding="utf-8") as f:
                f.write('fmt::print(stderr, "Connected to {}\\n", x);  // "not this"\n'
                        'fmt::print(stderr, "{}\\n", trf("Connection from {}", x));\n'
                        'return usage("--key needs --cert");\n'
                        'return usage(\n    "cannot use {} and {}", a, b);\n'
                        'return usage_error("raw " + x);\n'
                        'return Error(errc::invalid_argument, "--file " + p, "is a directory");\n'
                        'return bad(fmt::format(\n    "/time takes on, not \'{}\'", a));\n'
                        'fmt::print("tcpc: {}\\n", x);\n')
            self.assertEqual(untranslated_literals(path),
                             [(1, "Connected to {}\\n"), (6, "raw "), (7, "is a directory"),
                              (9, "/time takes on, not '{}'")])


class CatalogTest(tcpctest.TcpcTestCase):

    def test_every_message_in_the_sources_is_translated(self):
        xgettext, msgcmp = shutil.which("xgettext"), shutil.which("msgcmp")
        self.assertTrue(xgettext and msgcmp, "gettext tools missing: run scripts/setup.sh")
        sources = sorted(os.path.join(CLI_DIR, f) for f in os.listdir(CLI_DIR)
                         if f.endswith((".cpp", ".hpp")))
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, "tcpc.pot")
            subprocess.run([xgettext, "--language=C++", "--from-code=UTF-8", "--keyword=tr",
                            "--keyword=trf", "--keyword=trnf:1,2", "--keyword=tr_noop",
                            "--keyword=usage", "--output=" + pot] + sources,
                           check=True, capture_output=True, timeout=60)
            for po in os.listdir(PO_DIR):
                if po.endswith(".po"):
                    with self.subTest(po=po):
                        proc = subprocess.run([msgcmp, os.path.join(PO_DIR, po), pot],
                                              capture_output=True, text=True, timeout=60)
                        self.assertEqual(proc.returncode, 0,
                                         "untranslated messages (scripts/update-po.sh):\n"
                                         + proc.stderr)

    def test_translations_keep_the_format_fields(self):
        entries = parse_po(os.path.join(PO_DIR, "zh_CN.po"))
        self.assertGreater(len(entries), 100)
        for msgid, msgstr in entries.items():
            with self.subTest(msgid=msgid):
                self.assertTrue(msgstr, "untranslated")
                self.assertEqual(fields(msgstr), fields(msgid), msgstr)
                self.assertEqual(msgstr.endswith("\\n"), msgid.endswith("\\n"), msgstr)


if __name__ == "__main__":
    tcpctest.main()
