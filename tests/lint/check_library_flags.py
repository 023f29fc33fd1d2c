# SPDX-License-Identifier: MIT
"""Fails when a string literal of the library (src/ outside src/cli, and
include/tcpc) names one of the tool's command-line flags. The library's
callers are C++ programs: hints are data (tcpc::Hint), and the CLI spells
the flag (src/cli/error_text.cpp). The flags are read from the CLI's own
add_option/add_flag calls, so a new option is covered without editing this.

Usage: check_library_flags.py [ROOT]"""

import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "src", "cli")
LIBRARY = [os.path.join(ROOT, "src"), os.path.join(ROOT, "include", "tcpc")]

# add_option("--cafile", ...), add_flag("-v,--verbose", ...)
OPTION_CALL = re.compile(r'\badd_(?:option|flag)\(\s*"([^"]+)"')
# A comment, a string literal or a character literal (so quotes inside
# comments and '"' do not start a string).
# Literals that are another program's flag, each with why.
NOT_OURS = {
    ("src/exec/child_process.cpp", '"-c"'): "/bin/sh -c COMMAND (--sh-exec): the shell's flag",
}
TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)


def cli_flags():
    flags = set()
    for name in sorted(os.listdir(CLI)):
        if not name.endswith((".cpp", ".hpp")):
            continue
        with open(os.path.join(CLI, name), encoding="utf-8") as f:
            for names in OPTION_CALL.findall(f.read()):
                flags.update(n for n in names.split(",") if n.startswith("-"))
    return flags


def flag_pattern(flags):
    # Long names anywhere in the text; a single letter only as a word of its
    # own ("needs -n >= 1"), never inside "-1" or "UTF-8" or "x-y".
    long_names = sorted((f for f in flags if f.startswith("--")), key=len, reverse=True)
    short = sorted(f[1] for f in flags if len(f) == 2 and f[1].isalpha())
    parts = [re.escape(n) + r"(?![\w-])" for n in long_names]
    if short:
        parts.append(r"(?:^|(?<=[\s(\[']))-[%s](?=$|[\s)\],.=':])" % "".join(short))
    return re.compile(r"(?<![\w-])(?:%s)" % "|".join(parts))


def library_files():
    for top in LIBRARY:
        for dirpath, dirnames, filenames in os.walk(top):
            if os.path.abspath(dirpath).startswith(CLI):
                dirnames[:] = []
                continue
            for name in sorted(filenames):
                if name.endswith((".cpp", ".hpp", ".h", ".cc")):
                    yield os.path.join(dirpath, name)


def main():
    flags = cli_flags()
    if len(flags) < 20:
        print("found only %d flags in %s: has option parsing moved?" % (len(flags), CLI))
        return 1
    pattern = flag_pattern(flags)
    problems = []
    for path in library_files():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for token in TOKEN.finditer(text):
            literal = token.group(0)
            if not literal.startswith('"'):
                continue
            found = pattern.search(literal[1:-1])
            if found and (os.path.relpath(path, ROOT), literal) not in NOT_OURS:
                line = text.count("\n", 0, token.start()) + 1
                problems.append("%s:%d: %s names the CLI flag %s" % (
                    os.path.relpath(path, ROOT), line, literal, found.group(0)))
    for problem in problems:
        print(problem)
    if problems:
        print("The library must not name CLI flags: return a tcpc::Hint and let src/cli "
              "spell the flag.")
        return 1
    print("%d CLI flags, none named by the library" % len(flags))
    return 0


if __name__ == "__main__":
    sys.exit(main())
