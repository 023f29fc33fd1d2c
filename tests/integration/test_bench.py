# SPDX-License-Identifier: MIT
"""`tcpc bench ...` against `tcpc -l 127.0.0.1 0 --mode echo`: every
subcommand with tiny sizes, as a table and as JSON, and its usage errors.
Figures are checked for consistency, never for speed."""

import json
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, run_tcpc


class BenchTest(TcpcTestCase):

    def setUp(self):
        self.echo, self.port = self.start_echo()

    def bench(self, *args):
        return run_tcpc(["bench"] + [str(a) for a in args], timeout=60)

    def bench_json(self, *args):
        res = self.bench(*args, "--json")
        self.assertExit(res, 0)
        return json.loads(res.out)

    def test_throughput_send_by_bytes(self):
        doc = self.bench_json("throughput", "127.0.0.1", self.port, "--bytes", "8M")
        self.assertEqual(doc["test"], "throughput")
        self.assertEqual(doc["direction"], "send")
        self.assertEqual(doc["server"], "127.0.0.1:%d" % self.port)
        self.assertEqual(doc["sent"]["bytes"], 8 << 20)
        self.assertGreater(doc["sent"]["bits_per_second"], 0)
        self.assertNotIn("received", doc)
        # The default block, as --help, the man page and completions say.
        self.assertEqual(doc["block_size"], 1 << 20)

    def test_throughput_length_sets_the_block(self):
        doc = self.bench_json("throughput", "127.0.0.1", self.port, "--bytes", "1M",
                              "--length", "64K")
        self.assertEqual(doc["block_size"], 64 << 10)
        self.assertEqual(doc["sent"]["bytes"], 1 << 20)

    def test_throughput_both_parallel(self):
        doc = self.bench_json("throughput", "127.0.0.1", self.port, "--bytes", "1M",
                              "--direction", "both", "--parallel", "2")
        self.assertEqual(len(doc["streams"]), 2)
        self.assertEqual(doc["sent"]["bytes"], 2 << 20)
        self.assertEqual(doc["received"]["bytes"], 2 << 20)

    def test_throughput_table(self):
        res = self.bench("throughput", "127.0.0.1", self.port, "--time", "0.2")
        self.assertExit(res, 0)
        self.assertIn("throughput with 127.0.0.1:%d: 1 stream, direction send" % self.port,
                      res.out)
        self.assertRegex(res.out, r"(?m)^sent\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+$")

    def test_rr(self):
        doc = self.bench_json("rr", "127.0.0.1", self.port, "--size", "64", "--time", "0.2")
        self.assertEqual(doc["size"], 64)
        rt = doc["round_trip"]
        self.assertGreater(rt["count"], 0)
        self.assertEqual(rt["count"], doc["round_trips"])
        self.assertLessEqual(rt["min_us"], rt["p50_us"])
        self.assertLessEqual(rt["p50_us"], rt["p99_9_us"])
        self.assertLessEqual(rt["p99_9_us"], rt["max_us"])
        res = self.bench("rr", "127.0.0.1", self.port, "--time", "0.1")
        self.assertExit(res, 0)
        self.assertRegex(res.out, r"round trip\s+min\s+p50\s+p90\s+p99\s+p99\.9\s+max")

    def test_connect(self):
        doc = self.bench_json("connect", "127.0.0.1", self.port, "--time", "0.3",
                              "--concurrency", "2")
        self.assertGreater(doc["completed"], 0)
        self.assertEqual(doc["failed"], 0, doc)
        self.assertEqual(doc["connection"]["count"], doc["completed"])
        # Each of those connections reached the server.
        self.echo.wait_stderr(r"connection from", count=doc["completed"], flags=re.I)

    def test_conns_with_ping(self):
        doc = self.bench_json("conns", "127.0.0.1", self.port, "-n", "500", "--hold", "0",
                              "--ping")
        self.assertEqual(doc["opened"], 500)
        self.assertEqual(doc["alive_after_hold"], 500)
        self.assertEqual(doc["answered_ping"], 500)
        self.assertEqual(doc["stopped_because"], "reached 500")
        self.assertGreaterEqual(doc["fd_limit"], 500)

    def test_nobody_listening(self):
        port = tcpctest.free_port()
        res = self.bench("rr", "127.0.0.1", port, "--time", "0.1")
        self.assertExit(res, 1)
        self.assertEqual(res.err.strip(),
                         "tcpc bench: connect to 127.0.0.1:%d: Connection refused; nothing is listening on that port" % port)

    def test_usage_errors(self):
        for args in (["throughput", "127.0.0.1"],
                     ["throughput", "127.0.0.1", str(self.port), "--direction", "sideways"],
                     ["throughput", "127.0.0.1", str(self.port), "--bytes", "1M", "--time", "1"],
                     ["rr", "127.0.0.1", "70000"],
                     ["rr", "127.0.0.1", str(self.port), "--time", "0"],
                     ["nosuchtest", "127.0.0.1", str(self.port)],
                     []):
            res = self.bench(*args)
            self.assertExit(res, 2)
            self.assertTrue(res.err.startswith("tcpc bench: "), res)

    def test_help(self):
        res = self.bench("--help")
        self.assertExit(res, 0)
        for name in ("throughput", "rr", "connect", "conns"):
            self.assertIn(name, res.out)


if __name__ == "__main__":
    tcpctest.main()
