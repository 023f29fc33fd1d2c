# SPDX-License-Identifier: MIT
"""The scenarios of the netcat compatibility suite (Python standard library).

A scenario sets up loopback peers (a Python server, a closed port, a port
that never answers, a Unix socket), runs one tool (tcpc or nc) against them
with a case's arguments and returns what it observed: exit code, stdout,
stderr, what the peer received. The same scenario runs for every tool, so
the table in compat_cases.py compares like with like.

Every blocking step has a deadline; nothing synchronises by sleeping.
Regular files are used as stdin: with a file, OpenBSD nc's handling of end
of input is deterministic (with a pipe it depends on timing).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
import tcpctest  # noqa: E402
from tcpctest import SOCK_TIMEOUT, free_port, recv_all  # noqa: E402

RUN_TIMEOUT = 20  # one tool run; exceeding it fails the case
# "Listening on 127.0.0.1:4000" (tcpc), "Listening on 127.0.0.1 4000" (nc -v -n),
# "Bound on 127.0.0.1 4000" (nc -u -v -n), "Listening on /tmp/x.sock" (both, -U).
LISTENING_RE = r"(?:Listening|Bound) on (\S+?)(?:[ :](\d+))?\s*$"


class Tool:
    def __init__(self, name, path):
        self.name = name
        self.path = path


def find_tools():
    """tcpc always; nc (OpenBSD) when installed. $TCPC and $NC_OPENBSD override."""
    tcpc = tcpctest.tcpc_path()
    nc = os.environ.get("NC_OPENBSD") or shutil.which("nc.openbsd")
    return Tool("tcpc", tcpc), (Tool("nc", nc) if nc else None)


def ipv6_localhost():
    """Whether 'localhost' has an IPv6 address here (so -6 localhost can work)."""
    try:
        return bool(socket.getaddrinfo("localhost", 80, socket.AF_INET6, socket.SOCK_STREAM))
    except socket.gaierror:
        return False


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


# --- running a tool ---------------------------------------------------------

def run_tool(tool, args, stdin=b"", new_session=False):
    """Runs the tool to completion with `stdin` in a regular file; with
    `new_session`, without a controlling terminal (nothing can ask on it)."""
    with tempfile.TemporaryFile() as f:
        f.write(stdin)
        f.seek(0)
        try:
            proc = subprocess.run([tool.path] + args, stdin=f, capture_output=True,
                                  timeout=RUN_TIMEOUT, start_new_session=new_session)
        except subprocess.TimeoutExpired as e:
            raise AssertionError("%s did not exit within %ss: %r; stderr=%r" % (
                tool.name, RUN_TIMEOUT, args, (e.stderr or b"")[:500])) from None
    return {"rc": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


class Background:
    """A tool running as a server, its stdout and stderr drained in threads."""

    def __init__(self, tool, args, stdin=subprocess.DEVNULL):
        self.tool = tool
        self.proc = subprocess.Popen([tool.path] + args, stdin=stdin,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = tcpctest._Drain(self.proc.stdout)
        self.err = tcpctest._Drain(self.proc.stderr)

    def wait_listening(self, unix=False):
        """The port (or None for a Unix path) from the tool's listening line.
        nc -U says "Bound on" before it listens: wait for "Listening on"."""
        rx = re.compile(LISTENING_RE.replace("Listening|Bound", "Listening") if unix
                        else LISTENING_RE, re.M)
        m = self.err.wait_for(lambda d: rx.search(d.decode("utf-8", "replace")), SOCK_TIMEOUT)
        if m is None:
            self.stop()
            raise AssertionError("%s never said it was listening; stderr=%r" % (
                self.tool.name, self.err.snapshot()))
        return int(m.group(2)) if m.group(2) else None

    def wait_stdout(self, expected):
        data = self.out.wait_for(lambda d: d if len(d) >= len(expected) else None, SOCK_TIMEOUT)
        if data is None:
            raise AssertionError("%s never printed %r; stdout=%r stderr=%r" % (
                self.tool.name, expected, self.out.snapshot(), self.err.snapshot()))
        return data

    def wait_exit(self):
        try:
            return self.proc.wait(RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError("%s did not exit; stderr=%r" % (
                self.tool.name, self.err.snapshot())) from None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for drain in (self.out, self.err):
            drain.thread.join(5)
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def observed(self, rc):
        return {"rc": rc, "stdout": self.out.snapshot(), "stderr": self.err.snapshot()}


def formatted(args, **values):
    return [a.format(**values) for a in args]


# --- peers --------------------------------------------------------------------

class StreamServer:
    """One client on a TCP (127.0.0.1:0) or Unix socket, served by handler(conn, server)."""

    def __init__(self, handler, family=socket.AF_INET, address=("127.0.0.1", 0)):
        self.handler = handler
        self.received = []
        self.errors = []
        self.client_port = None
        self.release = threading.Event()  # set once the tool has exited
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        if family != socket.AF_UNIX:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(address)
        self.sock.listen(8)
        self.sock.settimeout(SOCK_TIMEOUT)
        self.port = self.sock.getsockname()[1] if family != socket.AF_UNIX else None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            conn, address = self.sock.accept()
        except OSError as e:
            self.errors.append(e)
            return
        if isinstance(address, tuple):
            self.client_port = address[1]
        with conn:
            conn.settimeout(SOCK_TIMEOUT)
            try:
                self.handler(conn, self)
            except OSError as e:
                self.errors.append(e)

    def finish(self):
        self.release.set()
        self.thread.join(SOCK_TIMEOUT)
        self.sock.close()
        return b"".join(self.received)


def reply_after_eof(conn, server):
    """Reads the request up to end of stream, answers 'reply:' + it, closes."""
    data = recv_all(conn)
    server.received.append(data)
    conn.sendall(b"reply:" + data)


def greet_and_record(conn, server):
    """Says hello, ends its side, then records whatever the client sends."""
    conn.sendall(b"hello\n")
    conn.shutdown(socket.SHUT_WR)
    server.received.append(recv_all(conn))


def hold_after_eof(conn, server):
    """Reads up to end of stream, then keeps the connection open until the
    tool has exited: only the tool's own timer (-q) can end the session."""
    server.received.append(recv_all(conn))
    server.release.wait(RUN_TIMEOUT)


def reply_and_hold(conn, server):
    data = recv_all(conn)
    server.received.append(data)
    conn.sendall(b"reply:" + data)
    server.release.wait(RUN_TIMEOUT)


class StalledPort:
    """A loopback port whose listener never accepts and whose accept queue is
    full, so further SYNs are dropped and a connect times out. Loopback only,
    as in tests/integration/test_errors.py."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self.fillers = []
        for _ in range(4):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", self.port))
            self.fillers.append(filler)
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.settimeout(0.5)
        try:
            probe.connect(("127.0.0.1", self.port))
            self.works = False  # this kernel accepted beyond the backlog
        except OSError:
            self.works = True
        finally:
            probe.close()

    def close(self):
        for s in self.fillers + [self.listener]:
            s.close()


def pending_connections(listener):
    """How many connections wait in a listener's queue (it never accepted)."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


# --- scenarios: each returns what the tool did -------------------------------

def against_server(handler, family=socket.AF_INET):
    """The tool as a TCP client of a Python server on {port} (127.0.0.1, or
    ::1 for AF_INET6); {free} is a free port for -p, and `source_port_used`
    says whether the client came from it."""
    def scenario(tool, case):
        if family == socket.AF_INET6 and not ipv6_loopback():
            raise unittest.SkipTest("no IPv6 loopback here")
        host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        server = StreamServer(handler, family, (host, 0))
        free = free_port()
        seen = {}
        try:
            seen = run_tool(tool, formatted(case.args, port=server.port, free=free), case.stdin)
        finally:
            seen["server_got"] = server.finish()
        seen["source_port_used"] = server.client_port == free
        return seen
    return scenario


def against_unix_server(handler):
    """The tool as a client of a Python server on the Unix socket {path}."""
    def scenario(tool, case):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "server.sock")
            server = StreamServer(handler, socket.AF_UNIX, path)
            try:
                seen = run_tool(tool, formatted(case.args, path=path), case.stdin)
            finally:
                seen["server_got"] = server.finish()
        return seen
    return scenario


def ports(tool, case):
    """{open}: a listener (never accepting); {closed}: nothing listens;
    {stalled}: SYNs dropped. `connections` counts what reached {open}."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    stalled = StalledPort()
    try:
        if "{stalled}" in " ".join(case.args) and not stalled.works:
            raise unittest.SkipTest("this kernel accepts beyond a full backlog")
        values = dict(open=listener.getsockname()[1], closed=free_port(), stalled=stalled.port)
        # A key asked on the terminal (-S) must find none, wherever the suite runs.
        seen = run_tool(tool, formatted(case.args, **values), case.stdin,
                        new_session="-S" in case.args)
        seen["connections"] = pending_connections(listener)
        seen["values"] = values
    finally:
        stalled.close()
        listener.close()
    return seen


def unix_paths(tool, case):
    """{path}: a Unix socket with a listener (never accepting); {missing}:
    a path where nothing exists. `connections` counts what reached {path}."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "listening.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(8)
        try:
            seen = run_tool(tool, formatted(case.args, path=path,
                                            missing=os.path.join(tmp, "missing.sock")),
                            case.stdin)
            seen["connections"] = pending_connections(listener)
        finally:
            listener.close()
    return seen


def dual_stack(tool, case):
    """{port} answers 'v4' on 127.0.0.1 and, where IPv6 works, 'v6' on ::1."""
    listeners = []
    v4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    v4.bind(("127.0.0.1", 0))
    port = v4.getsockname()[1]
    listeners.append((v4, b"v4\n"))
    if ipv6_loopback():
        v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        try:
            v6.bind(("::1", port))
            listeners.append((v6, b"v6\n"))
        except OSError:
            v6.close()

    def serve(sock, tag):
        try:
            conn, _ = sock.accept()
            with conn:
                conn.sendall(tag)
        except OSError:
            pass
    threads = []
    for sock, tag in listeners:
        sock.listen(4)
        sock.settimeout(SOCK_TIMEOUT)
        threads.append(threading.Thread(target=serve, args=(sock, tag), daemon=True))
        threads[-1].start()
    try:
        return run_tool(tool, formatted(case.args, port=port), case.stdin)
    finally:
        for sock, _ in listeners:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        for t in threads:
            t.join(SOCK_TIMEOUT)


def listener_serving(clients, exits_by_itself=True):
    """The tool listening (its args bind port 0 and print it); `clients`
    messages are sent in turn, each by a new client that half-closes and
    reads until the tool ends the connection. A tool that keeps listening
    (-k) is stopped after the last client."""
    def scenario(tool, case):
        server = Background(tool, case.args)
        try:
            port = server.wait_listening()
            got = []
            expected = b""
            for message in clients:
                with socket.create_connection(("127.0.0.1", port), SOCK_TIMEOUT) as c:
                    c.settimeout(SOCK_TIMEOUT)
                    c.sendall(message)
                    c.shutdown(socket.SHUT_WR)
                    got.append(recv_all(c))
                expected += message
                server.wait_stdout(expected)
            rc = server.wait_exit() if exits_by_itself else None
        finally:
            server.stop()
        seen = server.observed(rc)
        seen["client_got"] = got
        return seen
    return scenario


def unix_listener(tool, case):
    """The tool listening on the Unix socket {path}; one client sends
    'hello' and half-closes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tool.sock")
        server = Background(tool, formatted(case.args, path=path))
        try:
            server.wait_listening(unix=True)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
                c.settimeout(SOCK_TIMEOUT)
                c.connect(path)
                c.sendall(b"hello\n")
                c.shutdown(socket.SHUT_WR)
                got = recv_all(c)
            rc = server.wait_exit()
        finally:
            server.stop()
        seen = server.observed(rc)
        seen["client_got"] = [got]
        return seen


def udp_echo_server(tool, case):
    """The tool as a UDP client of a Python server that answers each
    datagram with 'echo:' + it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(SOCK_TIMEOUT)
    received = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                data, sender = sock.recvfrom(65536)
            except OSError:
                return
            if stop.is_set():
                return
            received.append(data)
            sock.sendto(b"echo:" + data, sender)
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        seen = run_tool(tool, formatted(case.args, port=sock.getsockname()[1]), case.stdin)
    finally:
        stop.set()
        sock.sendto(b"", sock.getsockname())  # wake the thread
        thread.join(SOCK_TIMEOUT)
        sock.close()
    seen["server_got"] = b"".join(received)
    return seen


def udp_listener(tool, case):
    """The tool as a UDP listener: a Python peer sends 'ping', sees it on the
    tool's stdout, then the tool's stdin line 'pong' must come back to it."""
    server = Background(tool, case.args, stdin=subprocess.PIPE)
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.settimeout(SOCK_TIMEOUT)
    try:
        port = server.wait_listening()
        peer.sendto(b"ping\n", ("127.0.0.1", port))
        server.wait_stdout(b"ping\n")
        server.proc.stdin.write(b"pong\n")
        server.proc.stdin.flush()
        try:
            got = [peer.recvfrom(65536)[0]]
        except socket.timeout:
            got = []
    finally:
        server.stop()
        peer.close()
    seen = server.observed(None)
    seen["client_got"] = got
    return seen


def telnet_negotiation(conn, server):
    """A Telnet server that offers two options (IAC DO 24: terminal type,
    IAC WILL 3: suppress go-ahead), records the 6 bytes of answers (none
    within the deadline: what came), then says bye and closes."""
    conn.sendall(b"\xff\xfd\x18\xff\xfb\x03")
    got = b""
    try:
        while len(got) < 6:
            chunk = conn.recv(6 - len(got))
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        pass
    server.received.append(got)
    conn.sendall(b"bye\n")


# Linux's numbers, where Python's socket module lacks the names.
IP_TOS, IP_TTL, IP_RECVTOS, IP_RECVTTL = 1, 2, 13, 12
IPV6_HOPLIMIT, IPV6_RECVHOPLIMIT, IPV6_TCLASS, IPV6_RECVTCLASS = 52, 51, 67, 66


def udp_marks(family=socket.AF_INET):
    """The tool as a UDP client of a Python server that answers 'echo:' and
    records the first datagram's TOS (traffic class) and TTL (hop limit) as
    they arrived (server_tos, server_ttl)."""
    def scenario(tool, case):
        if family == socket.AF_INET6 and not ipv6_loopback():
            raise unittest.SkipTest("no IPv6 loopback here")
        host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        sock = socket.socket(family, socket.SOCK_DGRAM)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVTCLASS, 1)
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)
            wanted = {IPV6_TCLASS: "server_tos", IPV6_HOPLIMIT: "server_ttl"}
        else:
            sock.setsockopt(socket.IPPROTO_IP, IP_RECVTOS, 1)
            sock.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
            wanted = {IP_TOS: "server_tos", IP_TTL: "server_ttl"}
        sock.bind((host, 0))
        sock.settimeout(SOCK_TIMEOUT)
        marks = {}

        def serve():
            try:
                data, ancillary, _, sender = sock.recvmsg(65536, 256)
            except OSError:
                return
            for _, kind, value in ancillary:
                if kind in wanted:
                    marks[wanted[kind]] = value[0]  # one byte (TOS) or the low byte of an int
            sock.sendto(b"echo:" + data, sender)
        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            seen = run_tool(tool, formatted(case.args, port=sock.getsockname()[1]), case.stdin)
        finally:
            thread.join(SOCK_TIMEOUT)
            sock.close()
        seen["server_tos"] = marks.get("server_tos")
        seen["server_ttl"] = marks.get("server_ttl")
        return seen
    return scenario


def fd_receiver(tool, case):
    """The tool's stdout is a Unix socket; -F must pass it the connection it
    made to {port}, whose server says 'hello' and records what comes back
    over the passed descriptor (passed_got, server_got)."""
    server = StreamServer(lambda conn, srv: (conn.sendall(b"hello\n"),
                                             srv.received.append(recv_all(conn))))
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    ours.settimeout(SOCK_TIMEOUT)
    seen = {"passed_got": None}
    try:
        try:
            proc = subprocess.run([tool.path] + formatted(case.args, port=server.port),
                                  stdin=subprocess.DEVNULL, stdout=theirs,
                                  capture_output=False, stderr=subprocess.PIPE,
                                  timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError("%s -F did not exit" % tool.name) from None
        theirs.close()
        seen.update(rc=proc.returncode, stdout=b"", stderr=proc.stderr)
        try:
            _, fds, _, _ = socket.recv_fds(ours, 1, 1)
        except (OSError, socket.timeout):
            fds = []
        if fds:
            with socket.socket(fileno=fds[0]) as passed:
                passed.settimeout(SOCK_TIMEOUT)
                seen["passed_got"] = recv_exact_or_less(passed, 6)
                passed.sendall(b"thanks\n")
                passed.shutdown(socket.SHUT_WR)
    finally:
        ours.close()
        seen["server_got"] = server.finish()
    return seen


def recv_exact_or_less(sock, n):
    got = b""
    while len(got) < n:
        chunk = sock.recv(n - len(got))
        if not chunk:
            break
        got += chunk
    return got
