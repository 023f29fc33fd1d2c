# SPDX-License-Identifier: MIT
"""Watch TCP recover from loss: `tcpc -l` and a tcpc client move 20 MiB of
random data over the loopback of a network namespace of the test's own, once
as it is and once with iptables dropping 5% of the packets. The data must
arrive intact both times, and the client's --json report must count
retransmissions exactly when packets were dropped.

Linux's tail loss probe (TLP) re-sends the last segment when its ACK is a
couple of milliseconds late, lost or not: on a busy machine's loopback that
happens in every 20 MiB transfer (the peer then reports the copy with a
D-SACK). It is switched off in the test's namespace
(net.ipv4.tcp_early_retrans=0, for both transfers) so that a clean link has
no reason to retransmit and the count reflects the dropped packets only.

Needs root (to create the namespace), iproute2 and iptables (scripts/setup.sh
--test installs both); without them the test is skipped and says why.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import schema_check  # noqa: E402
import tcpctest  # noqa: E402

SIZE = 20 * 1024 * 1024
DROP_RULE = ["-A", "INPUT", "-m", "statistic", "--mode", "random", "--probability", "0.05",
             "-j", "DROP"]
# Whichever works here: the nf_tables backend, or the legacy one.
IPTABLES = ("iptables", "iptables-nft", "iptables-legacy")
TRANSFER_TIMEOUT = 120  # seconds; 20 MiB take well under one, even with losses
SCHEMA = schema_check.load(os.path.join(tcpctest.ROOT, "docs", "stats.schema.json"))


def run(args, timeout=30):
    return subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Namespace:
    """A network namespace with only `lo`, up. Raises SkipTest if it cannot
    be made here; delete() always removes it."""

    def __init__(self):
        self.name = "tcpc-test-%d" % os.getpid()
        if shutil.which("ip") is None:
            raise unittest.SkipTest("iproute2's `ip` is not installed (scripts/setup.sh --test)")
        if os.geteuid() != 0:
            raise unittest.SkipTest("creating a network namespace needs root")
        made = run(["ip", "netns", "add", self.name])
        if made.returncode != 0:
            raise unittest.SkipTest("cannot create a network namespace: %s"
                                    % made.stderr.decode(errors="replace").strip())
        setup = [["ip", "link", "set", "lo", "up"],
                 # No tail loss probes (see the module's docstring).
                 ["sh", "-c", "echo 0 > /proc/sys/net/ipv4/tcp_early_retrans"]]
        for command in setup:
            done = run(self.exec(command))
            if done.returncode != 0:
                self.delete()
                raise AssertionError("%r failed in %s: %r" % (command, self.name, done.stderr))

    def exec(self, args):
        return ["ip", "netns", "exec", self.name] + list(args)

    def drop_packets(self):
        """Adds the 5% drop rule with the first iptables that works here."""
        reasons = []
        for tool in IPTABLES:
            if shutil.which(tool) is None:
                reasons.append("%s: not installed" % tool)
                continue
            added = run(self.exec([tool] + DROP_RULE))
            listed = run(self.exec([tool, "-S", "INPUT"]))
            if added.returncode == 0 and b"statistic" in listed.stdout:
                return tool
            reasons.append("%s: %s" % (tool, added.stderr.decode(errors="replace").strip()))
        raise unittest.SkipTest("no iptables can drop packets here (%s)" % "; ".join(reasons))

    def delete(self):
        run(["ip", "netns", "delete", self.name])


class LossyLinkTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "data.bin")
        with open(cls.data, "wb") as f:
            for _ in range(SIZE // (1 << 20)):
                f.write(os.urandom(1 << 20))
        cls.data_sha = sha256_of(cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def transfer(self, namespace):
        """`tcpc -l` receives, a tcpc client sends the data with --json;
        returns the client's report once the server has stored every byte."""
        received = os.path.join(self.tmp.name, "received.bin")
        with open(received, "wb") as sink:
            server = subprocess.Popen(namespace.exec([tcpctest.tcpc_path(), "-l", "127.0.0.1",
                                                      "0"]),
                                      stdin=subprocess.DEVNULL, stdout=sink,
                                      stderr=subprocess.PIPE)
        try:
            # tcpctest's pipe reader: the port is on the server's stderr.
            log = tcpctest._Drain(server.stderr)
            found = log.wait_for(lambda d: tcpctest.LISTENING_RE.search(d.decode()),
                                 tcpctest.START_TIMEOUT)
            self.assertIsNotNone(found, "the server did not start: %r" % log.snapshot())
            with open(self.data, "rb") as source:
                client = subprocess.run(
                    namespace.exec([tcpctest.tcpc_path(), "127.0.0.1", found.group(2), "--json"]),
                    stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                    timeout=TRANSFER_TIMEOUT)
            err = client.stderr.decode(errors="replace")
            self.assertEqual(client.returncode, 0, err)
            self.assertEqual(server.wait(TRANSFER_TIMEOUT), 0, log.snapshot())
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
            server.stderr.close()
        self.assertEqual(sha256_of(received), self.data_sha, "the data arrived altered")
        reports = [line for line in err.splitlines() if line.startswith("{")]
        self.assertEqual(len(reports), 1, err)
        report = json.loads(reports[0])
        self.assertEqual(schema_check.errors(report, SCHEMA), [])
        self.assertEqual(report["bytes_sent"], SIZE)
        return report

    def test_retransmissions_only_when_packets_are_dropped(self):
        namespace = Namespace()
        try:
            clean = self.transfer(namespace)
            tool = namespace.drop_packets()
            lossy = self.transfer(namespace)
        finally:
            namespace.delete()
        # A clean veth link can still retransmit: segments reordered between
        # the two CPUs look lost for a moment (the receiver's D-SACK later
        # shows most of them spurious). Dropping 5% must retransmit more than
        # that noise.
        clean_info = clean["tcp_info"]
        clean_real = clean_info["total_retrans"] - clean_info.get("dsack_dups", 0)
        self.assertLess(clean_real, lossy["tcp_info"]["total_retrans"], (clean, lossy))
        self.assertGreater(lossy["tcp_info"]["total_retrans"], 0,
                           "5%% of packets dropped (%s) but no retransmission: %r" % (tool, lossy))
        self.assertGreater(lossy["tcp_info"]["bytes_retrans"], 0, lossy)
        # Every byte is acknowledged in the end, SYN and FIN included.
        self.assertEqual(lossy["tcp_info"]["bytes_acked"], SIZE + 2, lossy)
        print("\nclean link: %d retransmissions; 5%% loss (%s): %d segments (%d bytes) "
              "retransmitted, %s timeouts"
              % (clean["tcp_info"]["total_retrans"], tool, lossy["tcp_info"]["total_retrans"],
                 lossy["tcp_info"]["bytes_retrans"], lossy["tcp_info"]["total_rto"]))


if __name__ == "__main__":
    tcpctest.main()
