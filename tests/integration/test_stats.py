# SPDX-License-Identifier: MIT
"""--stats, --stats-interval, --json and --json-file in every mode, and the
JSON checked against the documented schema (docs/stats.schema.json)."""

import copy
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import schema_check  # noqa: E402
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_all  # noqa: E402

SCHEMA = schema_check.load(os.path.join(tcpctest.ROOT, "docs", "stats.schema.json"))
STATS_DOC = os.path.join(tcpctest.ROOT, "docs", "stats.md")

try:  # a second opinion where the interpreter has the package
    import jsonschema
except ImportError:
    jsonschema = None

INTERVAL_LINE = r"^\[\s*\d+\.\d\d-\s*\d+\.\d\d s\]\s+sent .* received .* retransmits "


def json_lines(text):
    """The JSON objects among tcpc's stderr lines (the rest is text)."""
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def reset_after_eof(server, conn):
    """Handler: read to EOF, then close with RST (SO_LINGER 0)."""
    server.received.append(recv_all(conn))
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class StatsTestCase(TcpcTestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def data_file(self, size, name="data.bin"):
        data = os.urandom(size)
        with open(self.path(name), "wb") as f:
            f.write(data)
        return data, self.path(name)

    def assertValid(self, report):
        problems = schema_check.errors(report, SCHEMA)
        self.assertEqual(problems, [], "does not match docs/stats.schema.json: %r" % report)
        if jsonschema is not None:
            jsonschema.validate(report, SCHEMA)

    def read_json_file(self, path):
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f]


class ClientStatsTest(StatsTestCase):

    def test_oneshot_json_with_echo_server_json_file(self):
        echo, port = self.start_echo(["--once", "--stats", "--json-file", self.path("s.json")])
        data, path = self.data_file(200_000)
        res = tcpctest.run_tcpc(["127.0.0.1", str(port), "--file", path, "--json"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, data)
        self.assertNotIn("TCP statistics", res.err, "--json replaces the text")
        reports = json_lines(res.err)
        self.assertEqual(len(reports), 1, res.err)
        client = reports[0]
        self.assertValid(client)
        self.assertEqual((client["type"], client["role"]), ("connection", "client"))
        self.assertEqual(client["peer"], "127.0.0.1:%d" % port)
        self.assertEqual(client["bytes_sent"], len(data))
        self.assertEqual(client["bytes_received"], len(data))
        self.assertIsInstance(client["resolve_us"], int)
        self.assertIsInstance(client["connect_us"], int)
        tcp = client["tcp_info"]
        self.assertGreater(tcp["rtt_us"], 0)
        self.assertGreater(tcp["snd_mss"], 0)
        self.assertGreater(tcp["snd_cwnd"], 0)
        # Sequence space: data + SYN + FIN sent; data + the server's FIN received.
        self.assertEqual(tcp["bytes_acked"], len(data) + 2)
        self.assertEqual(tcp["bytes_received"], len(data) + 1)
        self.assertGreaterEqual(tcp["data_segs_out"], 1)

        self.assertEqual(echo.wait(), 0, echo.err_text())
        # --stats with --json-file: text on stderr, JSON in the file.
        self.assertIn("TCP statistics: server 127.0.0.1:%d <- client" % port, echo.err_text())
        self.assertEqual(json_lines(echo.err_text()), [])
        server_reports = self.read_json_file(self.path("s.json"))
        self.assertEqual(len(server_reports), 1)
        server = server_reports[0]
        self.assertValid(server)
        self.assertEqual(server["role"], "server")
        self.assertEqual(server["local"], "127.0.0.1:%d" % port)
        self.assertEqual(server["peer"], client["local"])
        self.assertIsNone(server["resolve_us"])
        self.assertIsNone(server["connect_us"])
        self.assertEqual(server["bytes_received"], len(data))
        self.assertEqual(server["bytes_sent"], len(data))
        self.assertEqual(server["tcp_info"]["bytes_received"], len(data) + 1)

    def test_pipe_text_report(self):
        server = self.start_pyserver(tcpctest.echo_after_eof)
        data = os.urandom(50_000)
        res = tcpctest.run_tcpc(["127.0.0.1", str(server.port), "--stats"], input=data)
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, data)
        err = res.err
        self.assertRegex(err, r"TCP statistics: client 127\.0\.0\.1:\d+ -> server 127\.0\.0\.1:%d"
                         % server.port)
        self.assertRegex(err, r"time to connect \(handshake\)\s+\d+\.\d{3} (ms|s)\n")
        self.assertRegex(err, r"\n  sent\s+50000 bytes \(48\.8 KiB\), [\d.]+ [kMG]?bit/s\n")
        self.assertRegex(err, r"round-trip time \(RTT\)\s+\d+\.\d{3} ms smoothed")
        self.assertRegex(err, r"maximum segment size \(MSS\)\s+\d+ bytes")
        self.assertRegex(err, r"congestion window \(cwnd\)\s+\d+ segments")
        self.assertRegex(err, r"retransmitted segments\s+\d+ in total")
        self.assertRegex(err, r"peer's receive window\s+\d+ bytes")

    def test_failed_connection_is_reported_before_the_error(self):
        server = self.start_pyserver(reset_after_eof)
        res = tcpctest.run_tcpc(["127.0.0.1", str(server.port), "--json"], input=b"doomed")
        self.assertExit(res, 1)
        lines = res.err.splitlines()
        self.assertTrue(lines[-1].startswith("tcpc: recv from 127.0.0.1:"), res)
        reports = json_lines(res.err)
        self.assertEqual(len(reports), 1, res)
        self.assertValid(reports[0])
        self.assertEqual(reports[0]["bytes_sent"], 6)

    def test_timeout_is_reported_before_the_error(self):
        server = self.start_pyserver(lambda srv, conn: srv.received.append(recv_all(conn)))
        res = tcpctest.run_tcpc(["127.0.0.1", str(server.port), "--send", "ping", "--no-shutdown",
                                 "-w", "0.5", "--json"])
        self.assertExit(res, 1)
        self.assertIn("no reply within 0.5 s", res.err.splitlines()[-1])
        reports = json_lines(res.err)
        self.assertEqual(len(reports), 1, res)
        self.assertValid(reports[0])
        self.assertEqual((reports[0]["bytes_sent"], reports[0]["bytes_received"]), (4, 0))
        self.assertEqual(reports[0]["tcp_info"]["state"], "ESTABLISHED")

    def test_guided_mode_stats(self):
        echo, port = self.start_echo(["--once"])
        answers = "127.0.0.1\n%d\nhello, stats\n\n" % port
        res = tcpctest.run_tcpc(["--json"], input=answers.encode())
        self.assertExit(res, 0)
        self.assertIn("Step 6. close()", res.out)
        reports = json_lines(res.err)
        self.assertEqual(len(reports), 1, res)
        self.assertValid(reports[0])
        self.assertEqual(reports[0]["bytes_sent"], len("hello, stats"))
        self.assertEqual(reports[0]["bytes_received"], len("hello, stats"))
        self.assertEqual(reports[0]["tcp_info"]["state"], "ESTABLISHED")  # read before close()

    def test_client_interval_lines_as_text(self):
        server = self.start_pyserver(tcpctest.echo_after_eof)
        p = self.start_tcpc(["127.0.0.1", str(server.port), "--stats-interval", "0.1"],
                            stdin=subprocess.PIPE, capture_stdout=True, wait_listening=False)
        p.proc.stdin.write(b"tick tock")
        p.proc.stdin.flush()
        p.wait_stderr(INTERVAL_LINE)
        p.proc.stdin.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        self.assertEqual(p.out_bytes(), b"tick tock")
        err = p.err_text()
        self.assertIn("TCP statistics: client", err)
        # Every interval line comes before the final report.
        last_interval = max(m.end() for m in re.finditer(INTERVAL_LINE, err, re.M))
        self.assertGreater(err.index("TCP statistics: client"), last_interval)


class ServerStatsTest(StatsTestCase):

    def test_listen_interval_lines_as_json(self):
        p = self.start_tcpc(["-l", "127.0.0.1", "0", "--stats-interval", "0.1", "--json"],
                            capture_stdout=True)
        c = self.connect("127.0.0.1", p.port)
        c.sendall(b"a" * 1000)
        p.wait_stderr(r'"type":"interval".*"bytes_received":[1-9]')
        c.sendall(b"b" * 500)
        c.close()
        self.assertEqual(p.wait(), 0, p.err_text())
        reports = json_lines(p.err_text())
        for report in reports:
            self.assertValid(report)
        intervals, final = reports[:-1], reports[-1]
        self.assertGreaterEqual(len(intervals), 1)
        self.assertTrue(all(r["type"] == "interval" for r in intervals), reports)
        self.assertEqual((final["type"], final["role"]), ("connection", "server"))
        # Intervals follow each other and add up to the whole connection.
        self.assertEqual(intervals[0]["start_us"], 0)
        for before, after in zip(intervals, intervals[1:]):
            self.assertEqual(after["start_us"], before["end_us"])
        self.assertEqual(sum(r["bytes_received"] for r in intervals), 1500)
        self.assertEqual(final["bytes_received"], 1500)
        self.assertEqual(p.out_bytes(), b"a" * 1000 + b"b" * 500)

    def test_keep_listening_reports_each_connection(self):
        p = self.start_tcpc(["-l", "-k", "127.0.0.1", "0", "--stats", "--json-file",
                             self.path("k.json")], capture_stdout=True)
        for n in (1, 2):
            c = self.connect("127.0.0.1", p.port)
            c.sendall(b"x" * n)
            c.close()
            # The JSON line is written before the text.
            p.wait_stderr(r"TCP statistics: server", count=n)
        p.stop()
        reports = self.read_json_file(self.path("k.json"))
        self.assertEqual([r["bytes_received"] for r in reports], [1, 2])
        for report in reports:
            self.assertValid(report)

    def test_echo_server_text_per_client(self):
        echo, port = self.start_echo(["--stats"])
        for text in (b"one", b"three"):
            c = self.connect("127.0.0.1", port)
            c.sendall(text)
            c.shutdown(socket.SHUT_WR)
            self.assertEqual(recv_all(c), text)
            c.close()
        echo.wait_stderr(r"TCP statistics: server 127\.0\.0\.1:%d <- client" % port, count=2)
        echo.wait_stderr(r"time sending", count=2)
        err = echo.err_text()
        self.assertRegex(err, r"\n  received\s+3 bytes")
        self.assertRegex(err, r"\n  received\s+5 bytes")
        self.assertIn("time to connect (handshake)     unavailable (measured by the client)", err)


class UsageTest(StatsTestCase):

    def test_bad_values_are_usage_errors_before_any_io(self):
        closed = str(tcpctest.free_port())
        for args in (["127.0.0.1", closed, "--stats-interval", "0.01"],
                     ["127.0.0.1", closed, "--stats-interval", "-1"],
                     ["127.0.0.1", closed, "--json-file", self.path("no/such/dir.json")],
                     ["-l", "0", "--mode", "echo", "--stats-interval", "1"],
                     ["--stats-interval", "1"]):
            with self.subTest(args=args):
                res = tcpctest.run_tcpc(args)
                # 2, not 1: nothing tried to connect to the closed port.
                self.assertFailure(res, 2)


class SchemaTest(StatsTestCase):
    """The checker itself: a test that cannot fail proves nothing."""

    def real_report(self):
        echo, port = self.start_echo(["--once"])
        res = tcpctest.run_tcpc(["127.0.0.1", str(port), "--send", "x", "--json"])
        self.assertExit(res, 0)
        return json_lines(res.err)[0]

    def test_broken_reports_are_rejected(self):
        good = self.real_report()
        self.assertValid(good)
        breakages = {
            "no schema_version": lambda r: r.pop("schema_version"),
            "another version": lambda r: r.update(schema_version=2),
            "unknown type": lambda r: r.update(type="summary"),
            "extra key": lambda r: r.update(surprise=1),
            "number as text": lambda r: r["tcp_info"].update(rtt_us="40"),
            "negative": lambda r: r["tcp_info"].update(total_retrans=-1),
            "bool for a count": lambda r: r["tcp_info"].update(lost=True),
            "missing kernel field": lambda r: r["tcp_info"].pop("snd_wnd"),
            "unknown state": lambda r: r["tcp_info"].update(state="DANCING"),
            "interval fields in a connection": lambda r: r.update(start_us=0),
        }
        for name, breakage in breakages.items():
            with self.subTest(name):
                bad = copy.deepcopy(good)
                breakage(bad)
                self.assertNotEqual(schema_check.errors(bad, SCHEMA), [])
                if jsonschema is not None:
                    with self.assertRaises(jsonschema.ValidationError):
                        jsonschema.validate(bad, SCHEMA)

    def test_every_field_is_documented(self):
        with open(STATS_DOC, encoding="utf-8") as f:
            doc = f.read()
        self.assertIn("schema_version", doc)
        for definition in SCHEMA["$defs"].values():
            for key in definition["properties"]:
                self.assertIn("`%s`" % key, doc, "docs/stats.md does not describe %r" % key)


if __name__ == "__main__":
    tcpctest.main()
