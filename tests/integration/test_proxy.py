# SPDX-License-Identifier: MIT
"""nc's proxy options -x/-X/-P against real proxies from Debian, started on
loopback by the tests: microsocks (SOCKS5, with and without a password),
dante (SOCKS4 and SOCKS5), tinyproxy (HTTP CONNECT, with and without Basic
credentials); then a real ssh through `ProxyCommand tcpc -X 5 -x ...` to a
local sshd, byte-exact; and a scripted in-test proxy for every failure
reply (refused, no acceptable method, host unreachable, HTTP 403 and 407)."""

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean
import tcpctest  # noqa: E402
from tcpctest import TcpcTestCase, free_port, recv_exact, run_tcpc

GEN_CERTS = os.path.join(tcpctest.ROOT, "tests", "tls", "gen-certs.sh")
DATA = tcpctest.chargen(0, 100_000)


def find_program(name):
    """A daemon's path: PATH, then /usr/sbin (not on a non-root PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def wait_accepting(port, proc, what):
    """Until 127.0.0.1:port accepts a connection. Daemons that take a fixed
    port print nothing when ready, so this asks the port itself; it fails
    as soon as the daemon exits."""
    deadline = time.monotonic() + tcpctest.START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("%s exited with %s: %s" % (what, proc.returncode,
                                                           proc.stderr.read().decode()[-2000:]))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)  # polling a port that is not open yet, not ordering events
    raise AssertionError("%s did not listen on port %d" % (what, port))


def echo_then_close(n):
    """Handler: read n bytes, send them back, close. For proxies that end the
    tunnel at a half-close (microsocks, tinyproxy), with tcpc --no-shutdown."""
    def handler(server, conn):
        data = recv_exact(conn, n)
        server.received.append(data)
        conn.sendall(data)
    return handler


def tcpctest_ipv6():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


class IPv6Echo:
    """One client on [::1]:0: reads n bytes, sends them back, closes."""

    def __init__(self, n):
        self.sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        self.sock.bind(("::1", 0))
        self.sock.listen(1)
        self.sock.settimeout(tcpctest.SOCK_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._run, args=(n,), daemon=True)
        self.thread.start()

    def _run(self, n):
        try:
            conn, _ = self.sock.accept()
            with conn:
                conn.settimeout(tcpctest.SOCK_TIMEOUT)
                conn.sendall(recv_exact(conn, n))
        except OSError:
            pass

    def close(self):
        self.sock.close()
        self.thread.join(tcpctest.SOCK_TIMEOUT)


class ProxyTestCase(TcpcTestCase):

    def start_daemon(self, args, port, what):
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

        def stop():
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stderr.close()
        self.addCleanup(stop)
        wait_accepting(port, proc, what)
        return proc

    def tempdir(self):
        path = tempfile.mkdtemp(prefix="tcpc-proxy-")
        self.addCleanup(shutil.rmtree, path, True)
        return path

    def assert_echoed(self, res, data=DATA):
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, data, res.err)


# ---- microsocks: SOCKS5 ----------------------------------------------------------------

MICROSOCKS = find_program("microsocks")


@unittest.skipUnless(MICROSOCKS, "microsocks is not installed (scripts/setup.sh --test)")
class MicrosocksTest(ProxyTestCase):

    def start_microsocks(self, *auth):
        port = free_port()
        self.start_daemon([MICROSOCKS, "-i", "127.0.0.1", "-p", str(port)] + list(auth), port,
                          "microsocks")
        return port

    def test_pipe_mode_by_name_resolved_by_the_proxy(self):
        # microsocks ends the tunnel when either side half-closes, as nc
        # without -N never does: --no-shutdown keeps tcpc's side open.
        proxy = self.start_microsocks()
        server = self.start_pyserver(echo_then_close(len(DATA)))
        res = run_tcpc(["--no-shutdown", "-x", "127.0.0.1:%d" % proxy, "localhost",
                        str(server.port)], input=DATA)
        self.assert_echoed(res)

    def test_port_check_through_the_proxy(self):
        proxy = self.start_microsocks()
        _, port = self.start_echo()
        closed = free_port()
        res = run_tcpc(["-v", "-z", "-x", "127.0.0.1:%d" % proxy, "localhost", str(port),
                        str(closed)])
        self.assertExit(res, 0)
        self.assertIn("localhost %d open" % port, res.err)
        self.assertIn("localhost %d closed (cannot reach localhost:%d: connection refused "
                      "(SOCKS5 reply 5))" % (closed, closed), res.err)
        res = run_tcpc(["-z", "-x", "127.0.0.1:%d" % proxy, "localhost", str(closed)])
        self.assertExit(res, 1)
        self.assertEqual(res.err, "")

    def test_ipv6_target(self):
        if not tcpctest_ipv6():
            self.skipTest("no IPv6 loopback here")
        proxy = self.start_microsocks()
        for host in ("::1", "[::1]"):
            with self.subTest(host=host):
                server = IPv6Echo(len(DATA))
                self.addCleanup(server.close)
                res = run_tcpc(["--no-shutdown", "-x", "127.0.0.1:%d" % proxy, host,
                                str(server.port)], input=DATA)
                self.assert_echoed(res)

    def test_username_and_password(self):
        proxy = self.start_microsocks("-u", "ann", "-P", "s3cret")
        server = self.start_pyserver(echo_then_close(len(DATA)))
        args = ["--no-shutdown", "-x", "127.0.0.1:%d" % proxy, "-P", "ann", "localhost",
                str(server.port)]
        env = dict(os.environ, TCPC_PROXY_PASSWORD="s3cret")
        res = run_with_env(args, DATA, env)
        self.assert_echoed(res)

        env["TCPC_PROXY_PASSWORD"] = "wrong"
        line = self.assertFailure(run_with_env(args, b"", env), 1)
        # RFC 1929: any status but 0 is a failure (microsocks sends 0x02).
        self.assertRegex(line, r"^tcpc: proxy 127\.0\.0\.1:%d: rejected the username ann "
                               r"\(status 0x[0-9a-f]{2}\)$" % proxy)

        res = run_tcpc(["-x", "127.0.0.1:%d" % proxy, "localhost", "1"])
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: proxy 127.0.0.1:%d: wants a username and password; "
                               "-P USER gives one" % proxy)

    def test_password_needed_without_a_terminal(self):
        env = {k: v for k, v in os.environ.items() if k != "TCPC_PROXY_PASSWORD"}
        proc = subprocess.run([tcpctest.tcpc_path(), "-x", "127.0.0.1:1", "-P", "ann",
                               "localhost", "1"], stdin=subprocess.DEVNULL,
                              capture_output=True, env=env, timeout=tcpctest.RUN_TIMEOUT,
                              start_new_session=True)  # no controlling terminal
        self.assertEqual(proc.returncode, 2, proc)
        self.assertIn(b"TCPC_PROXY_PASSWORD", proc.stderr)


    def test_password_asked_on_the_terminal_without_echo(self):
        import ptyterm
        proxy = self.start_microsocks("-u", "ann", "-P", "s3cret")
        _, port = self.start_echo()
        env = {k: v for k, v in os.environ.items() if k != "TCPC_PROXY_PASSWORD"}
        term = ptyterm.PtyProcess([tcpctest.tcpc_path(), "-x", "127.0.0.1:%d" % proxy, "-P",
                                   "ann", "localhost", str(port)], env=env)
        self.addCleanup(term.close)
        term.wait_screen(r"Proxy password for ann@127\.0\.0\.1:")
        term.type_line("s3cret")
        term.wait_screen(r"connected to localhost:%d" % port)
        self.assertNotIn("s3cret", term.screen.text())
        term.type_line("through the tunnel")
        term.wait_screen(r"through the tunnel", count=2)  # typed, then echoed back

    def test_ctrl_c_at_the_password_prompt(self):
        import ptyterm
        term = ptyterm.PtyProcess([tcpctest.tcpc_path(), "-x", "127.0.0.1:1", "-P", "ann",
                                   "localhost", "1"])
        self.addCleanup(term.close)
        term.wait_screen(r"Proxy password for ann@127\.0\.0\.1:")
        term.send("half\x03")
        # The echo comes back, then SIGINT does what it does: the shell sees 130.
        deadline = time.monotonic() + tcpctest.RUN_TIMEOUT
        status = (0, 0)
        while status[0] == 0 and time.monotonic() < deadline:
            term._read(0.2)
            status = os.waitpid(term.pid, os.WNOHANG)
        term.returncode = os.waitstatus_to_exitcode(status[1]) if status[0] else None
        self.assertEqual(term.returncode, -signal.SIGINT, term.screen.text())

def run_with_env(args, data, env):
    proc = subprocess.run([tcpctest.tcpc_path()] + args, input=data, capture_output=True,
                          env=env, timeout=tcpctest.RUN_TIMEOUT)
    return tcpctest.Result(args, proc.returncode, proc.stdout, proc.stderr)


# ---- dante: SOCKS4 and SOCKS5 ------------------------------------------------------------

DANTED = find_program("danted") or find_program("sockd")


@unittest.skipUnless(DANTED, "dante-server is not installed (scripts/setup.sh --test)")
class DanteTest(ProxyTestCase):

    def setUp(self):
        port = free_port()
        directory = self.tempdir()
        config = os.path.join(directory, "sockd.conf")
        lines = ["logoutput: stderr",
                 "internal: 127.0.0.1 port = %d" % port,
                 "external: 127.0.0.1",
                 "socksmethod: none",
                 "clientmethod: none"]
        if os.getuid() == 0:
            lines.append("user.unprivileged: nobody")  # dante will not serve as root
        # Settings first, then the rules: dante reads them in that order.
        lines += ["client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }",
                  "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }"]
        with open(config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.start_daemon([DANTED, "-f", config, "-N", "1", "-p",
                           os.path.join(directory, "danted.pid")], port, "danted")
        self.proxy = "127.0.0.1:%d" % port

    def test_pipe_mode_with_half_close(self):
        _, port = self.start_echo()
        res = run_tcpc(["-x", self.proxy, "localhost", str(port)], input=DATA)
        self.assert_echoed(res)

    def test_oneshot_and_verbose_names_both_hops(self):
        _, port = self.start_echo()
        res = run_tcpc(["-v", "-X", "5", "-x", self.proxy, "127.0.0.1", str(port),
                        "--send", "one-shot"])
        self.assert_echoed(res, b"one-shot")
        self.assertIn("Connected to 127.0.0.1:%d through SOCKS5 proxy %s from" % (port, self.proxy),
                      res.err)

    def test_session_through_the_proxy(self):
        _, port = self.start_echo()
        res = run_tcpc(["--interactive", "-x", self.proxy, "localhost", str(port)],
                       input="你好 proxy\n".encode())
        self.assertExit(res, 0)
        self.assertIn("你好 proxy", res.out)

    def test_tls_checks_the_targets_name_not_the_proxys(self):
        certs = self.tempdir()
        subprocess.run(["bash", GEN_CERTS, certs], check=True, stdout=subprocess.DEVNULL,
                       timeout=60)
        good = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo", "--tls", "--cert",
                                os.path.join(certs, "server.pem"), "--key",
                                os.path.join(certs, "server.key")])
        ca = os.path.join(certs, "ca.pem")
        res = run_tcpc(["--tls", "--cafile", ca, "-x", self.proxy, "localhost",
                        str(good.port), "--send", "over TLS"])
        self.assert_echoed(res, b"over TLS")
        # A certificate for another name: refused, naming the target.
        wrong = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo", "--tls", "--cert",
                                 os.path.join(certs, "wrong-name.pem"), "--key",
                                 os.path.join(certs, "wrong-name.key")])
        res = run_tcpc(["--tls", "--cafile", ca, "-x", self.proxy, "localhost",
                        str(wrong.port), "--send", "secret"])
        line = self.assertFailure(res, 1)
        self.assertIn("not for 'localhost'", line)


    def test_socks4_resolves_the_name_itself(self):
        _, port = self.start_echo()
        res = run_tcpc(["-X", "4", "-x", self.proxy, "localhost", str(port)], input=DATA)
        self.assert_echoed(res)

    def test_socks4_refuses_ipv6_before_connecting(self):
        res = run_tcpc(["-X", "4", "-x", self.proxy, "::1", "22"])
        line = self.assertFailure(res, 2)
        self.assertEqual(line, "tcpc: proxy %s: SOCKS4 reaches IPv4 addresses only, not [::1]:22"
                         % self.proxy)

    def test_socks5(self):
        _, port = self.start_echo()
        res = run_tcpc(["-X", "5", "-x", self.proxy, "127.0.0.1", str(port)], input=DATA)
        self.assert_echoed(res)


# ---- tinyproxy: HTTP CONNECT -----------------------------------------------------------

TINYPROXY = find_program("tinyproxy")


@unittest.skipUnless(TINYPROXY, "tinyproxy is not installed (scripts/setup.sh --test)")
class TinyproxyTest(ProxyTestCase):

    def start_tinyproxy(self, *extra):
        port = free_port()
        config = os.path.join(self.tempdir(), "tinyproxy.conf")
        with open(config, "w") as f:
            f.write("Port %d\nListen 127.0.0.1\nTimeout 60\nAllow 127.0.0.1\nMaxClients 20\n"
                    % port)
            for line in extra:
                f.write(line + "\n")
            if os.getuid() == 0:
                f.write("User nobody\nGroup nogroup\n")
        self.start_daemon([TINYPROXY, "-d", "-c", config], port, "tinyproxy")
        return port

    def test_connect_pipe_mode(self):
        # tinyproxy, like microsocks, ends the tunnel at a half-close.
        proxy = self.start_tinyproxy()
        server = self.start_pyserver(echo_then_close(len(DATA)))
        res = run_tcpc(["--no-shutdown", "-X", "connect", "-x", "127.0.0.1:%d" % proxy,
                        "localhost", str(server.port)], input=DATA)
        self.assert_echoed(res)

    def test_basic_credentials(self):
        proxy = self.start_tinyproxy("BasicAuth ann s3cret")
        server = self.start_pyserver(echo_then_close(len(DATA)))
        port = server.port
        env = dict(os.environ, TCPC_PROXY_PASSWORD="s3cret")
        res = run_with_env(["--no-shutdown", "-X", "connect", "-x", "127.0.0.1:%d" % proxy, "-P",
                            "ann", "127.0.0.1", str(port)], DATA, env)
        self.assert_echoed(res)
        res = run_tcpc(["-X", "connect", "-x", "127.0.0.1:%d" % proxy, "127.0.0.1", str(port)])
        line = self.assertFailure(res, 1)
        self.assertRegex(line, r"^tcpc: proxy 127\.0\.0\.1:%d: cannot reach 127\.0\.0\.1:%d: "
                               r"HTTP 407 .*; -P USER gives one$" % (proxy, port))


# ---- ssh ProxyCommand to a local sshd ----------------------------------------------------

SSHD = find_program("sshd")
SSH = shutil.which("ssh")


def can_log_in_as_myself():
    """sshd not run by root logs in only its own user, and only with a shell
    from /etc/shells (nobody's nologin is not)."""
    if os.getuid() == 0:
        return True
    import pwd
    shell = pwd.getpwuid(os.getuid()).pw_shell
    try:
        with open("/etc/shells") as f:
            return shell in (line.strip() for line in f)
    except OSError:
        return False


@unittest.skipUnless(SSHD and SSH and MICROSOCKS,
                     "needs sshd, ssh and microsocks (scripts/setup.sh --test)")
@unittest.skipUnless(can_log_in_as_myself(),
                     "sshd without root logs in only a user with a login shell; "
                     "ProxyCommandByteStreamTest covers the byte stream")
class SshProxyCommandTest(ProxyTestCase):

    def setUp(self):
        directory = self.tempdir()
        self.dir = directory
        for name in ("host", "client"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                            os.path.join(directory, name)], check=True, timeout=60)
        shutil.copy(os.path.join(directory, "client.pub"), os.path.join(directory, "authorized"))
        self.ssh_port = free_port()
        config = os.path.join(directory, "sshd_config")
        with open(config, "w") as f:
            f.write("Port %d\nListenAddress 127.0.0.1\nHostKey %s\nAuthorizedKeysFile %s\n"
                    "PidFile none\nUsePAM no\nStrictModes no\nPasswordAuthentication no\n"
                    "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
                    "LogLevel ERROR\n" % (self.ssh_port, os.path.join(directory, "host"),
                                          os.path.join(directory, "authorized")))
        if os.getuid() == 0:
            # What the openssh-server service makes at boot; sshd needs it as root.
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self.start_daemon([SSHD, "-D", "-e", "-f", config], self.ssh_port, "sshd")

    def ssh(self, proxy_command, data):
        args = [SSH, "-F", "/dev/null", "-i", os.path.join(self.dir, "client"),
                "-o", "UserKnownHostsFile=%s" % os.path.join(self.dir, "known_hosts"),
                "-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                "-o", "ProxyCommand=%s" % proxy_command, "-p", str(self.ssh_port),
                "%s@localhost" % getpass.getuser(), "cat"]
        return subprocess.run(args, input=data, capture_output=True, timeout=120)

    def test_socks5_proxy_command_is_byte_exact(self):
        proxy = free_port()
        self.start_daemon([MICROSOCKS, "-i", "127.0.0.1", "-p", str(proxy)], proxy, "microsocks")
        data = os.urandom(300_000)
        proc = self.ssh("%s -X 5 -x 127.0.0.1:%d %%h %%p" % (tcpctest.tcpc_path(), proxy), data)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        self.assertEqual(proc.stdout, data)

    @unittest.skipUnless(TINYPROXY, "tinyproxy is not installed")
    def test_http_connect_proxy_command(self):
        tiny = TinyproxyTest.start_tinyproxy(self)
        data = os.urandom(100_000)
        proc = self.ssh("%s -X connect -x 127.0.0.1:%d %%h %%p" % (tcpctest.tcpc_path(), tiny),
                        data)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        self.assertEqual(proc.stdout, data)


@unittest.skipUnless(MICROSOCKS, "microsocks is not installed (scripts/setup.sh --test)")
class ProxyCommandByteStreamTest(ProxyTestCase):
    """What ssh does with a ProxyCommand, without ssh: the command line with
    %h %p filled in, run by a shell, its stdin and stdout pipes kept open
    until the reply is in. The server speaks first (a banner), as sshd."""

    def test_banner_then_echo_byte_exact(self):
        proxy = self.start_microsocks_port()
        banner = b"SSH-2.0-OpenSSH_test\r\n"
        data = os.urandom(300_000)

        def handler(server, conn):
            conn.sendall(banner)
            conn.sendall(recv_exact(conn, len(data)))
        server = self.start_pyserver(handler)
        command = "%s -X 5 -x 127.0.0.1:%d %%h %%p" % (tcpctest.tcpc_path(), proxy)
        command = command.replace("%h", "localhost").replace("%p", str(server.port))
        proc = subprocess.Popen(["/bin/sh", "-c", command], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(proc.kill)
        writer = threading.Thread(target=proc.stdin.write, args=(data,), daemon=True)
        writer.start()
        got = recv_exact_pipe(proc.stdout, len(banner) + len(data))
        writer.join(tcpctest.SOCK_TIMEOUT)
        proc.stdin.close()
        self.assertEqual(proc.wait(timeout=tcpctest.RUN_TIMEOUT), 0, proc.stderr.read())
        proc.stdout.close()
        proc.stderr.close()
        self.assertEqual(got, banner + data)

    def start_microsocks_port(self):
        port = free_port()
        self.start_daemon([MICROSOCKS, "-i", "127.0.0.1", "-p", str(port)], port, "microsocks")
        return port


def recv_exact_pipe(pipe, size):
    data = b""
    while len(data) < size:
        chunk = pipe.read1(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


# ---- a scripted proxy for the failure replies --------------------------------------------

class ScriptedProxy:
    """Accepts one client; for each (request size, reply) reads that many
    bytes and sends the reply; then closes. `received` is what it read."""

    def __init__(self, steps, hang_up=False):
        self.steps = steps
        self.hang_up = hang_up  # close after the last reply instead of waiting for EOF
        self.received = b""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(tcpctest.SOCK_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(tcpctest.SOCK_TIMEOUT)
            try:
                for size, reply in self.steps:
                    self.received += recv_exact(conn, size)
                    conn.sendall(reply)
                if not self.hang_up:
                    tcpctest.recv_all(conn)
            except OSError:
                pass

    def close(self):
        self.sock.close()
        self.thread.join(tcpctest.SOCK_TIMEOUT)


class FailureTest(ProxyTestCase):

    def scripted(self, steps, hang_up=False):
        proxy = ScriptedProxy(steps, hang_up)
        self.addCleanup(proxy.close)
        return proxy

    def test_refused_proxy_is_named_as_the_first_hop(self):
        port = free_port()
        line = self.assertFailure(run_tcpc(["-x", "127.0.0.1:%d" % port, "example.com", "22"]), 1)
        self.assertEqual(line, "tcpc: connect to proxy 127.0.0.1:%d: Connection refused; "
                               "nothing is listening on that port" % port)

    def test_no_acceptable_method(self):
        proxy = self.scripted([(4, b"\x05\xff")])
        env = dict(os.environ, TCPC_PROXY_PASSWORD="pw")
        res = run_with_env(["-x", "127.0.0.1:%d" % proxy.port, "-P", "ann", "example.com", "22"],
                           b"", env)
        line = self.assertFailure(res, 1)
        self.assertEqual(line, "tcpc: proxy 127.0.0.1:%d: accepts none of our authentication "
                               "methods" % proxy.port)

    def test_host_unreachable_names_the_reply_code(self):
        proxy = self.scripted([(3, b"\x05\x00"), (4 + 1 + 11 + 2, b"\x05\x04\x00\x01" + bytes(6))])
        line = self.assertFailure(run_tcpc(["-x", "127.0.0.1:%d" % proxy.port, "example.com",
                                            "22"]), 1)
        self.assertEqual(line, "tcpc: proxy 127.0.0.1:%d: cannot reach example.com:22: host "
                               "unreachable (SOCKS5 reply 4)" % proxy.port)
        self.assertEqual(proxy.received,
                         b"\x05\x01\x00" + b"\x05\x01\x00\x03\x0bexample.com\x00\x16")

    def test_http_403_with_its_reason_line(self):
        request = b"CONNECT example.com:443 HTTP/1.0\r\nHost: example.com:443\r\n\r\n"
        proxy = self.scripted([(len(request), b"HTTP/1.1 403 Forbidden by policy\r\n\r\n")])
        line = self.assertFailure(run_tcpc(["-X", "connect", "-x", "127.0.0.1:%d" % proxy.port,
                                            "example.com", "443"]), 1)
        self.assertEqual(line, "tcpc: proxy 127.0.0.1:%d: cannot reach example.com:443: "
                               "HTTP 403 Forbidden by policy" % proxy.port)

    def test_http_407_hints_at_p(self):
        request = b"CONNECT 192.0.2.1:80 HTTP/1.0\r\nHost: 192.0.2.1:80\r\n\r\n"
        proxy = self.scripted([(len(request),
                                b"HTTP/1.0 407 Proxy Authentication Required\r\n\r\n")])
        line = self.assertFailure(run_tcpc(["-X", "connect", "-x", "127.0.0.1:%d" % proxy.port,
                                            "192.0.2.1", "80"]), 1)
        self.assertTrue(line.endswith("HTTP 407 Proxy Authentication Required; "
                                      "-P USER gives one"), line)

    def test_bytes_after_the_reply_belong_to_the_tunnel(self):
        proxy = self.scripted([(3, b"\x05\x00"),
                               (10, b"\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x16SSH-2.0-fake\r\n")])
        res = run_tcpc(["-x", "127.0.0.1:%d" % proxy.port, "127.0.0.1", "22"])
        self.assertExit(res, 0)
        self.assertEqual(res.stdout, b"SSH-2.0-fake\r\n")

    def test_proxy_that_closes_mid_handshake(self):
        proxy = self.scripted([(3, b"\x05")], hang_up=True)
        line = self.assertFailure(run_tcpc(["-x", "127.0.0.1:%d" % proxy.port, "example.com",
                                            "22"]), 1)
        self.assertEqual(line, "tcpc: proxy 127.0.0.1:%d: closed the connection during the "
                               "SOCKS5 handshake" % proxy.port)

    def test_silent_proxy_times_out(self):
        proxy = self.scripted([(3, b"")])
        line = self.assertFailure(run_tcpc(["-w", "1", "-x", "127.0.0.1:%d" % proxy.port,
                                            "example.com", "22"]), 1)
        self.assertEqual(line, "tcpc: proxy 127.0.0.1:%d: no reply within 1 s" % proxy.port)


class OptionTest(TcpcTestCase):

    def test_bad_values_are_usage_errors(self):
        cases = [
            (["-X", "6", "-x", "127.0.0.1", "h", "1"], "-X '6': the proxy protocol is 4"),
            (["-X", "5", "h", "1"], "-X needs -x"),
            (["-P", "ann", "h", "1"], "-P needs -x"),
            (["-x", "127.0.0.1:99999", "h", "1"], "invalid port '99999'"),
            (["-x", "[::1", "h", "1"], "missing ']'"),
            (["-l", "-x", "127.0.0.1", "0"], "-x"),
            (["-u", "-x", "127.0.0.1", "h", "1"], "SOCKS and HTTP CONNECT proxies carry TCP only"),
            (["-U", "-x", "127.0.0.1", "/tmp/x"], "not through a proxy"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                line = self.assertFailure(run_tcpc(args), 2)
                self.assertIn(expected, line)


if __name__ == "__main__":
    tcpctest.main()
