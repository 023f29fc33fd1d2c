# SPDX-License-Identifier: MIT
"""Shared helpers for the tcpc integration tests (Python standard library only).

Every blocking operation here has a deadline: a hung tcpc makes a test fail,
never hang CI. Servers are started on port 0 and the real port is read from
tcpc's "Listening on ADDR:PORT" line; nothing synchronises by sleeping.
"""

import os
import re
import signal
import socket
import subprocess
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Deadlines (seconds).
START_TIMEOUT = 10      # until "Listening on ..." appears
RUN_TIMEOUT = 20        # a short tcpc run
STOP_TIMEOUT = 5        # SIGTERM -> exit, before SIGKILL
SOCK_TIMEOUT = 10       # every socket operation in the tests

LISTENING_RE = re.compile(r"Listening on (\[[^\]]+\]|[^\s\[\]]+):(\d+)\s*$")


def _find_binary(env_name, candidates):
    path = os.environ.get(env_name)
    if path:
        return path
    for cand in candidates:
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


TCPC = _find_binary("TCPC", [os.path.join(ROOT, d, "tcpc")
                             for d in ("build-int", "build")])
TUTORIAL_CLIENT = _find_binary("TUTORIAL_CLIENT",
                               [os.path.join(ROOT, d, "examples", "tutorial_client")
                                for d in ("build-int", "build")])


def tcpc_path():
    if not TCPC or not os.path.isfile(TCPC):
        raise AssertionError("tcpc binary not found: set $TCPC (got %r)" % (TCPC,))
    return TCPC


def free_port():
    """A port on 127.0.0.1 that was free a moment ago and is now closed."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


class Result:
    def __init__(self, args, returncode, stdout, stderr):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    @property
    def out(self):
        return self.stdout.decode("utf-8", errors="replace")

    @property
    def err(self):
        return self.stderr.decode("utf-8", errors="replace")

    def __repr__(self):
        return "Result(args=%r, rc=%r, stdout=%r, stderr=%r)" % (
            self.args, self.returncode, self.stdout[:2000], self.stderr[:2000])


def run_tcpc(args, input=None, timeout=RUN_TIMEOUT, stdin=None, stdout=None):
    """Run tcpc to completion. input: bytes for stdin (default: empty stdin).

    stdin/stdout may be open files instead (then .stdout is b"").
    A run that exceeds timeout is killed and fails the test.
    """
    cmd = [tcpc_path()] + list(args)
    if input is not None and stdin is not None:
        raise ValueError("input and stdin are exclusive")
    if input is None and stdin is None:
        input = b""
    try:
        proc = subprocess.run(cmd, input=input, stdin=stdin,
                              stdout=stdout if stdout is not None else subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise AssertionError("tcpc timed out after %ss: %r\nstdout=%r\nstderr=%r" % (
            timeout, cmd, (e.stdout or b"")[:2000], (e.stderr or b"")[:2000])) from None
    return Result(cmd, proc.returncode, proc.stdout or b"", proc.stderr or b"")


class _Drain:
    """Reads a pipe in a thread into a buffer; callers wait on its content."""

    def __init__(self, pipe):
        self.pipe = pipe
        self.data = b""
        self.eof = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            while True:
                chunk = os.read(self.pipe.fileno(), 65536)
                if not chunk:
                    break
                with self.cond:
                    self.data += chunk
                    self.cond.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self.cond:
                self.eof = True
                self.cond.notify_all()

    def wait_for(self, predicate, timeout):
        """Wait until predicate(data) is truthy; return its value, or None on
        timeout or EOF without a match."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate(self.data)
                if value:
                    return value
                if self.eof:
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def snapshot(self):
        with self.cond:
            return self.data


class TcpcProcess:
    """A long-running tcpc (listen / echo / pipe mode) with drained output."""

    def __init__(self, args, stdin=subprocess.DEVNULL, capture_stdout=False, env=None):
        self.args = [tcpc_path()] + list(args)
        self.proc = subprocess.Popen(
            self.args, stdin=stdin,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE, env=env)
        self.stderr = _Drain(self.proc.stderr)
        self.stdout = _Drain(self.proc.stdout) if capture_stdout else None
        self.host = None
        self.port = None

    # --- output -------------------------------------------------------
    def err_text(self):
        return self.stderr.snapshot().decode("utf-8", errors="replace")

    def out_bytes(self):
        return self.stdout.snapshot() if self.stdout else b""

    def wait_stderr(self, regex, timeout=SOCK_TIMEOUT, count=1, flags=0):
        """Wait until regex matches count times in stderr; return the last match."""
        rx = re.compile(regex, flags | re.M)

        def pred(data):
            found = list(rx.finditer(data.decode("utf-8", errors="replace")))
            return found[count - 1] if len(found) >= count else None
        m = self.stderr.wait_for(pred, timeout)
        if m is None:
            raise AssertionError("tcpc stderr never matched %r (x%d) (timeout %ss or stderr closed); "
                                 "rc=%r stderr=%r" % (regex, count, timeout,
                                                      self.proc.poll(), self.err_text()))
        return m

    def wait_stdout(self, expected, timeout=SOCK_TIMEOUT):
        """Wait until stdout holds at least len(expected) bytes; return them all."""
        data = self.stdout.wait_for(lambda d: d if len(d) >= len(expected) else None,
                                    timeout)
        if data is None:
            raise AssertionError("tcpc stdout never reached %r within %ss; got %r, "
                                 "rc=%r stderr=%r" % (expected, timeout, self.out_bytes(),
                                                      self.proc.poll(), self.err_text()))
        return data

    def wait_listening(self, timeout=START_TIMEOUT):
        m = self.wait_stderr(LISTENING_RE.pattern, timeout)
        host = m.group(1)
        if host.startswith("["):
            host = host[1:-1]
        self.host, self.port = host, int(m.group(2))
        return self.host, self.port

    # --- lifetime -----------------------------------------------------
    def wait(self, timeout=RUN_TIMEOUT):
        """Wait for exit; fail (and kill) if it does not come in time."""
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError("tcpc did not exit within %ss: %r; stderr=%r" % (
                timeout, self.args, self.err_text())) from None
        self.stderr.thread.join(STOP_TIMEOUT)
        if self.stdout:
            self.stdout.thread.join(STOP_TIMEOUT)
        return rc

    def running(self):
        return self.proc.poll() is None

    def stop(self):
        """SIGTERM, then SIGKILL after a deadline. Returns the exit code."""
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT)
            except ProcessLookupError:
                pass
        for drain in (self.stderr, self.stdout):
            if drain:
                drain.thread.join(STOP_TIMEOUT)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe:
                try:
                    pipe.close()
                except OSError:
                    pass
        return self.proc.returncode


def connect(host, port, timeout=SOCK_TIMEOUT):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect((host, port))
    return s


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf


def recv_all(sock):
    """Read until the peer closes (subject to the socket's timeout)."""
    buf = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return buf
        buf += chunk


def chargen(offset, size):
    """What source mode sends (RFC 864 lines of 72 characters and CRLF)."""
    out = bytearray()
    for i in range(offset, offset + size):
        line, column = divmod(i, 74)
        if column == 72:
            out += b"\r"
        elif column == 73:
            out += b"\n"
        else:
            out.append(32 + (line + column) % 95)
    return bytes(out)


class PyServer:
    """A one-thread Python TCP server on 127.0.0.1:0 running handler(conn)
    for each accepted connection (sequentially). Records what handler stores
    in self.received; exceptions in the handler are kept in self.errors."""

    def __init__(self, handler, max_clients=1):
        self.handler = handler
        self.max_clients = max_clients
        self.received = []
        self.errors = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(SOCK_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            for _ in range(self.max_clients):
                try:
                    conn, _ = self.sock.accept()
                except (socket.timeout, OSError) as e:
                    self.errors.append(e)
                    return
                with conn:
                    conn.settimeout(SOCK_TIMEOUT)
                    try:
                        self.handler(self, conn)
                    except Exception as e:  # recorded for the test to report
                        self.errors.append(e)
        finally:
            self.done.set()

    def join(self, timeout=SOCK_TIMEOUT):
        self.done.wait(timeout)
        return self.done.is_set()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def echo_after_eof(server, conn):
    """Read everything until EOF, record it, send it back, close."""
    data = recv_all(conn)
    server.received.append(data)
    conn.sendall(data)


def echo_n_bytes(n):
    """Handler: read n bytes (or until EOF), record them, send them back, then
    wait for the client to close. For clients that do not half-close."""
    def handler(server, conn):
        data = recv_exact(conn, n)
        server.received.append(data)
        conn.sendall(data)
        recv_all(conn)
    return handler


class TcpcTestCase(unittest.TestCase):
    """Base class: start tcpc servers that are stopped in cleanup."""

    maxDiff = 4000

    def start_tcpc(self, args, stdin=subprocess.DEVNULL, capture_stdout=False,
                   wait_listening=True, env=None):
        """`env`: the whole environment (None: this process's)."""
        p = TcpcProcess(args, stdin=stdin, capture_stdout=capture_stdout, env=env)
        self.addCleanup(p.stop)
        if wait_listening:
            p.wait_listening()
        return p

    def start_echo(self, extra=()):
        """`tcpc -l 127.0.0.1 0 --mode echo`; returns (process, port)."""
        p = self.start_tcpc(["-l", "127.0.0.1", "0", "--mode", "echo"] + list(extra))
        self.assertEqual(p.host, "127.0.0.1", p.err_text())
        return p, p.port

    def start_pyserver(self, handler, max_clients=1):
        s = PyServer(handler, max_clients)
        self.addCleanup(s.close)
        return s

    def connect(self, host, port, timeout=SOCK_TIMEOUT):
        s = connect(host, port, timeout)
        self.addCleanup(s.close)
        return s

    def assertExit(self, res, code):
        self.assertEqual(res.returncode, code, "wrong exit code: %r" % (res,))

    def assertOneErrorLine(self, res):
        """Exactly one line on stderr and it starts with 'tcpc: '."""
        lines = res.err.splitlines()
        self.assertEqual(len(lines), 1, "want exactly one stderr line: %r" % (res,))
        self.assertTrue(lines[0].startswith("tcpc: "),
                        "stderr must start with 'tcpc: ': %r" % (res,))
        return lines[0]

    def assertFailure(self, res, code):
        self.assertExit(res, code)
        return self.assertOneErrorLine(res)


def main():
    unittest.main(verbosity=2)
