# SPDX-License-Identifier: MIT
"""Scripted exchanges (--script) and rule-based replies (--rule, --rules):
a script that passes, one that fails with exit 3 and the message, captures,
rules with captures and delays, syntax errors before any connection, and
the option-table cells of the script columns and the rule rows."""

import json
import os
import re
import socket
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, recv_exact, run_tcpc  # noqa: E402

EXPECTATION_FAILED = 3


class ScriptTest(TcpcTestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def fake_device(self, *extra):
        """A rule-based fake server: PING -> PONG, GET NAME -> NAME=42."""
        return self.start_tcpc(["-l", "127.0.0.1", "0",
                                "--rule", r"PING => PONG\r\n",
                                "--rule", r"/^GET (\w+)/ => {capture 1}=42 #{seq}\r\n",
                                "--rule", r"hex:^01 03 => hex:01 03 02 00 2a",
                                "--frame", "line"] + list(extra))

    # --- scripts ------------------------------------------------------
    def test_a_script_that_passes_exits_0_and_shows_each_step(self):
        server = self.fake_device()
        script = self.write("ok.tcpc", "# three steps\n"
                                       "send PING\\r\\n\n"
                                       "expect \"PONG\" within 2s\n"
                                       "print got it\n")
        res = run_tcpc(["127.0.0.1", str(server.port), "--script", script])
        self.assertExit(res, 0)
        lines = res.out.splitlines()
        self.assertRegex(lines[0], r"^\[\d+\.\d{3}s\] line 2: sent 6 bytes: PING\\r\\n$")
        self.assertRegex(lines[1], r"^\[\d+\.\d{3}s\] line 3: \"PONG\": matched in \d+ ms: PONG$")
        self.assertRegex(lines[2], r"^\[\d+\.\d{3}s\] line 4: got it$")
        self.assertRegex(lines[3], r"^passed: 3 steps in \d+\.\d{3} s$")
        server.wait_stderr(r"#1 rule 1 \(PING => PONG\\r\\n\) answered: 6 bytes")

    def test_a_script_that_fails_exits_3_naming_the_line_and_what_came(self):
        server = self.fake_device()
        script = self.write("fail.tcpc", "send PING\\r\\n\nexpect \"+PONG\" within 300ms\n")
        res = run_tcpc(["127.0.0.1", str(server.port), "--script", script])
        line = self.assertFailure(res, EXPECTATION_FAILED)
        self.assertRegex(line, r'^tcpc: %s:2: expect "\+PONG" within 300ms not met: nothing '
                               r'matched within \d+ ms; received 6 bytes: 50 4f 4e 47 0d 0a '
                               r'"PONG\\r\\n"$' % re.escape(script))

    def test_the_peer_closing_first_fails_at_once(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "source", "5", "--once"])
        script = self.write("closed.tcpc", "expect NEVER\n")
        res = run_tcpc(["127.0.0.1", str(server.port), "--script", script])
        line = self.assertFailure(res, EXPECTATION_FAILED)
        self.assertIn(":1: expect NEVER not met: the peer closed the connection after", line)
        self.assertIn("received 5 bytes: 20 21 22 23 24 \" !\"#$\"", line)

    def test_captures_go_into_later_sends_and_json_has_one_object_per_step(self):
        server = self.fake_device()
        script = self.write("capture.tcpc",
                            "send GET temp\\n\n"
                            "expect /(\\w+)=(\\d+) #(\\d+)/ capture name value seq\n"
                            "send GET {capture name}{capture value}\\n\n"
                            "expect /temp42=42 #2/\n"
                            "repeat 2\n"
                            "  send hex 01 03 0a\n"
                            "end\n")
        res = run_tcpc(["127.0.0.1", str(server.port), "--script", script, "--json"])
        self.assertExit(res, 0)
        steps = [json.loads(line) for line in res.out.splitlines()]
        self.assertEqual([s["step"] for s in steps],
                         ["send", "expect", "send", "expect", "repeat", "send", "repeat", "send"])
        self.assertEqual(steps[1]["captures"], {"name": "temp", "seq": "1", "value": "42"})
        self.assertEqual(steps[2]["data"], "GET temp42\n")
        self.assertEqual(steps[5]["hex"], "01 03 0a")
        self.assertTrue(all(s["line"] >= 1 and s["at_ms"] >= 0 for s in steps))

    def test_repeat_until_gives_up_after_its_rounds(self):
        server = self.fake_device()
        script = self.write("until.tcpc", "repeat until \"READY\" max 3\n  send PING\\n\n"
                                          "  expect PONG\nend\n")
        res = run_tcpc(["127.0.0.1", str(server.port), "--script", script])
        line = self.assertFailure(res, EXPECTATION_FAILED)
        self.assertIn(":1: repeat until \"READY\" max 3 not met: not seen in 3 rounds", line)

    def test_the_server_side_runs_the_script_with_its_first_client(self):
        script = self.write("greet.tcpc", "send HELLO {random:4}\\n\nexpect /^NAME (\\w+)/ "
                                          "capture who\nsend BYE {capture who}\\n\n")
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--script", script],
                                 capture_stdout=True)
        client = self.connect("127.0.0.1", server.port)
        greeting = recv_exact(client, 11)
        self.assertRegex(greeting, rb"^HELLO \d{4}\n$")
        client.sendall(b"NAME ada\n")
        self.assertEqual(recv_exact(client, 8), b"BYE ada\n")
        self.assertEqual(server.wait(), 0)

    def test_append_and_a_fake_device_with_the_right_crc(self):
        # The device answers a Modbus read by rule, its CRC added by --append;
        # the script sends the request with its CRC and expects the answer's.
        device = self.start_tcpc(["-l", "127.0.0.1", "0", "--rule",
                                  "hex:^01 03 00 00 00 01 84 0a => hex:01 03 02 00 2a",
                                  "--append", "crc16-modbus"])
        script = self.write("modbus.tcpc", "send hex 01 03 00 00 00 01 append crc16-modbus\n"
                                           "expect hex:^01 03 02 00 2a 39 9b within 2s\n")
        res = run_tcpc(["127.0.0.1", str(device.port), "--script", script])
        self.assertExit(res, 0)
        self.assertIn("passed: 2 steps", res.out)

    def test_syntax_errors_name_file_line_and_column_before_connecting(self):
        cases = [("send x\n  frob 1\n", ":2:3: unknown step 'frob'"),
                 ("expect /abc\n", ":1:8: the regular expression has no closing /"),
                 ("send {capture id}\n", ":1:6: {capture id}: no earlier expect captures id"),
                 ("repeat 2\nsend x\n", ":1:1: repeat without end"),
                 ("send hex 01 03 append crc99\n",
                  ":1: append crc99: checksum spec: unknown SPEC 'crc99'")]
        for text, message in cases:
            with self.subTest(text=text):
                script = self.write("bad.tcpc", text)
                # Port 1 on loopback: a connection would be refused (exit 1).
                res = run_tcpc(["127.0.0.1", "1", "--script", script])
                line = self.assertFailure(res, 2)
                self.assertTrue(line.startswith("tcpc: " + script + message), line)

    def test_client_options_in_script_mode(self):
        """-v -n -4 -w -s -p: the cells of the script column."""
        server = self.fake_device()
        script = self.write("opts.tcpc", "send PING\\n\nexpect PONG\n")
        source_port = tcpctest.free_port()
        res = run_tcpc(["-v", "-n", "-4", "-w", "5", "-s", "127.0.0.1", "-p", str(source_port),
                        "127.0.0.1", str(server.port), "--script", script])
        self.assertExit(res, 0)
        self.assertRegex(res.err, r"Connected to 127\.0\.0\.1:%d from 127\.0\.0\.1:%d"
                         % (server.port, source_port))
        server.wait_stderr(r"#1 connection from 127\.0\.0\.1:%d" % source_port)

    def test_ipv6_script(self):
        try:
            with socket.socket(socket.AF_INET6) as probe:
                probe.bind(("::1", 0))
        except OSError:
            self.skipTest("no IPv6 loopback")
        server = self.start_tcpc(["-l", "::1", "0", "--rule", "PING => PONG"])
        script = self.write("v6.tcpc", "send PING\nexpect PONG\n")
        self.assertExit(run_tcpc(["-6", "::1", str(server.port), "--script", script]), 0)
        listener = self.start_tcpc(["-6", "-n", "-l", "-s", "::1", "-p", "0", "--script", script])
        client = socket.create_connection(("::1", listener.port), timeout=5)
        self.addCleanup(client.close)
        self.assertEqual(recv_exact(client, 4), b"PING")
        client.sendall(b"PONG")
        self.assertEqual(listener.wait(), 0)

    # --- rules --------------------------------------------------------
    def test_rules_with_captures_a_delay_a_default_and_a_file(self):
        rules = self.write("device.rules", "# a fake device\n"
                                           "/^SET (\\w+)=(\\d+)/ =>+50ms OK {capture 1} {capture 2}\\n\n"
                                           "* => ERR\\n\n")
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "reply", "--rules", rules,
                                  "--rule", "PING => PONG\\n", "--frame", "line"])
        client = self.connect("127.0.0.1", server.port)
        client.sendall(b"SET speed=7\nPING\nwhat\n")
        # In order: the delayed answer holds back those after it.
        self.assertEqual(recv_exact(client, 20), b"OK speed 7\nPONG\nERR\n")
        server.wait_stderr(r"#1 rule 2 \(/\^SET .*\) answered: 11 bytes after 50 ms")
        server.wait_stderr(r"#1 rule 1 \(PING => PONG\\n\) answered: 5 bytes")
        server.wait_stderr(r"#1 rule 3 \(\* => ERR\\n\) answered: 4 bytes")

    def test_rule_delay_applies_to_every_rule(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--rule", "A => a",
                                  "--rule-delay", "40"])
        client = self.connect("127.0.0.1", server.port)
        client.sendall(b"A")
        self.assertEqual(recv_exact(client, 1), b"a")
        server.wait_stderr(r"#1 rule 1 \(A => a\) answered: 1 byte after 40 ms")

    def test_modbus_like_device_matched_by_hex_prefix(self):
        server = self.fake_device()
        client = self.connect("127.0.0.1", server.port)
        client.sendall(bytes.fromhex("01 03 00 00 00 01") + b"\n")
        self.assertEqual(recv_exact(client, 5), bytes.fromhex("01 03 02 00 2a"))

    def test_malformed_rules_are_one_line_and_exit_2_before_listening(self):
        cases = [(["--rule", "PING PONG"],
                  "tcpc: --rule: rule 'PING PONG' has no =>: write MATCH => REPLY"),
                 (["--rule", "/a(/ => x"], "tcpc: --rule: rule '/a(/ => x': /a(/: invalid regular "
                                           "expression"),
                 (["--rule", "x => {capture 1}"], "tcpc: --rule: rule 'x => {capture 1}': "
                                                  "{capture 1}: MATCH has 0 groups"),
                 (["--rules", "/nonexistent/rules"], "tcpc: --rules /nonexistent/rules: No such "
                                                     "file")]
        for args, message in cases:
            with self.subTest(args=args):
                res = run_tcpc(["-l", "127.0.0.1", "0"] + args)
                line = self.assertFailure(res, 2)
                self.assertTrue(line.startswith(message), line)
                self.assertNotIn("Listening", res.err)

    def test_macros_in_send_and_repeat(self):
        server = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "print", "--once"],
                                 capture_stdout=True)
        res = run_tcpc(["127.0.0.1", str(server.port), "--send", "#{seq} {{}\\n", "--repeat", "3",
                        "--interval", "0"])
        self.assertExit(res, 0)
        server.wait()
        self.assertEqual(re.findall(rb"#\d \{", server.out_bytes()), [b"#1 {", b"#2 {", b"#3 {"])


if __name__ == "__main__":
    tcpctest.main()
