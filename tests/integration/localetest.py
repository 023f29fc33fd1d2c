# SPDX-License-Identifier: MIT
"""Running tcpc in a given locale, for the tests of translated messages."""

import os
import subprocess

import tcpctest

# Simplified Chinese: LANG as a user would set it, LANGUAGE too; an empty
# LC_ALL stands for "unset" (CTest pins LC_ALL=C.UTF-8 for the other tests).
ZH_ENV = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN", "LC_ALL": "", "LC_MESSAGES": ""}
C_ENV = {"LANG": "C", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def environment(extra):
    env = dict(os.environ)
    env.update(extra)
    return env


def zh_locale_available():
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    return any(name.lower() in ("zh_cn.utf8", "zh_cn.utf-8") for name in out.split())


def run_tcpc(args, locale_env, input=b"", timeout=tcpctest.RUN_TIMEOUT):
    cmd = [tcpctest.tcpc_path()] + list(args)
    proc = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout,
                          env=environment(locale_env))
    return tcpctest.Result(cmd, proc.returncode, proc.stdout, proc.stderr)


class LocaleTestCase(tcpctest.TcpcTestCase):
    """Fails (not skips) without the zh_CN.UTF-8 locale: scripts/setup.sh
    --test makes it, and a skipped test would hide a broken translation."""

    def setUp(self):
        self.assertTrue(zh_locale_available(),
                        "the zh_CN.UTF-8 locale is missing: run scripts/setup.sh --test")
