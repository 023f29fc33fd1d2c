# SPDX-License-Identifier: MIT
"""Runs every case of compat_cases.py against tcpc and, when it is installed,
OpenBSD nc: one test per case and tool, e.g. test_half_close_N__tcpc and
test_half_close_N__nc. A documented difference shows up as a skip that
says why."""

import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
from compat_cases import CASES  # noqa: E402
from compat_fixtures import find_tools  # noqa: E402

TCPC, NC = find_tools()


class CompatTest(unittest.TestCase):
    maxDiff = 4000

    def check(self, case, tool):
        if tool is None:
            self.skipTest("nc.openbsd is not installed (package netcat-openbsd)")
        expect = dict(case.expect)
        if tool.name == "nc":
            if case.nc_skip:
                self.skipTest("documented difference: %s %s" % (case.why, case.nc_skip))
            expect.update(case.nc)
        seen = case.scenario(tool, case)
        context = "%s %s: %s\nsaw %r" % (tool.name, " ".join(case.args), case.what, seen)
        for key, want in expect.items():
            if key == "stderr_has":
                want = want.format(**seen.get("values", {}))
                self.assertIn(want, seen["stderr"].decode("utf-8", "replace"), context)
            else:
                self.assertEqual(seen[key], want, "%s: %s" % (key, context))

    def test_table_is_documented(self):
        for case in CASES:
            if case.nc or case.nc_skip:
                self.assertTrue(case.why, "%s differs from nc but does not say why" % case.name)


def add_tests():
    names = set()
    for case in CASES:
        assert case.name not in names, "duplicate case " + case.name
        names.add(case.name)
        for tool_name, tool in (("tcpc", TCPC), ("nc", NC)):
            def test(self, case=case, tool=tool):
                self.check(case, tool)
            test.__doc__ = case.what
            setattr(CompatTest, "test_%s__%s" % (case.name, tool_name), test)


add_tests()

if __name__ == "__main__":
    unittest.main(verbosity=2)
