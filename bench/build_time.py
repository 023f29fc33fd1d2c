#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CPU-seconds per translation unit, from a configured build's compile_commands.json.

    bench/build_time.py BUILD_DIR [--only REGEX] [--top N] [--jobs N] [--json]

Compiles every translation unit of BUILD_DIR again (ccache bypassed, objects
to a temporary directory, the build tree untouched) and prints the user+system
CPU time of each compiler run, the largest first, and the total. CPU time, not
wall time: it barely changes with the machine's load, so a run on a busy
machine still compares with one on a quiet one. docs/BENCHMARKS.md ("Build
time") has the before and after of compiling fmt once and CLI11 in one
unit, measured with this.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor


def compile_once(entry, out_dir, index):
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    if os.path.basename(args[0]) == "ccache":
        args = args[1:]
    # No dependency files (Ninja's -MD -MF x.d would write into the build
    # tree), and the object elsewhere: the build tree stays as it was.
    kept = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-MF", "-MT", "-MQ"):
            skip = True
        elif arg not in ("-MD", "-MMD"):
            kept.append(arg)
    args = kept
    if "-o" in args:
        args[args.index("-o") + 1] = os.path.join(out_dir, "%d.o" % index)
    # The compiler's messages go to a file, not a pipe nobody reads while the
    # compiler runs (a pipe that fills up would block it).
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, cwd=entry["directory"], stdout=subprocess.DEVNULL,
                                stderr=err)
        # wait4 gives this child's own usage even when several run at once.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped above: Popen must not wait for it again
        if status != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")
            raise SystemExit("compile failed: %s\n%s" % (entry["file"], message[:2000]))
    return usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build_dir")
    ap.add_argument("--only", help="regex on the source path (e.g. 'src/')")
    ap.add_argument("--top", type=int, default=15, help="rows to print (default 15)")
    ap.add_argument("--jobs", type=int, default=1, help="compilers at once (default 1)")
    ap.add_argument("--json", action="store_true", help="every row as JSON, not the table")
    opts = ap.parse_args()

    with open(os.path.join(opts.build_dir, "compile_commands.json")) as f:
        entries = json.load(f)
    if opts.only:
        entries = [e for e in entries if re.search(opts.only, e["file"])]
    if not entries:
        raise SystemExit("no translation units matched")
    root = os.path.commonpath([e["file"] for e in entries])

    with tempfile.TemporaryDirectory() as out_dir:
        with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            times = list(pool.map(lambda ie: compile_once(ie[1], out_dir, ie[0]),
                                  enumerate(entries)))
    rows = sorted(zip(times, (os.path.relpath(e["file"], root) for e in entries)),
                  reverse=True)
    total = sum(times)
    if opts.json:
        json.dump({"build_dir": os.path.abspath(opts.build_dir), "units": len(rows),
                   "cpu_seconds": round(total, 2),
                   "rows": [{"file": path, "cpu_seconds": round(seconds, 2)}
                            for seconds, path in rows]}, sys.stdout, indent=1)
        print()
        return 0
    print("%d translation units, %.1f CPU-seconds in all" % (len(rows), total))
    for seconds, path in rows[:opts.top]:
        print("  %6.1f s  %s" % (seconds, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
