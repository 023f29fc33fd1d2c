# SPDX-License-Identifier: MIT
"""Every supported cell of the option-by-mode table (docs/options.md, which
the unit test OptionDocs holds to src/cli/option_modes.cpp) shows an effect:
the real tcpc runs the mode once without the option and once with it, against
a server or client of this test on loopback, and something observable differs
the way the option promises. The refused cells are walked by the unit test
OptionTable.EveryCellThroughTheParser.

A cell is checked, or skipped with the reason named here (the branch that
makes it work, or why no check is written yet); a supported cell with neither
fails the test, so a new row or column needs its check."""

import concurrent.futures
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import tcpctest

DOC = os.path.join(tcpctest.ROOT, "docs", "options.md")
GEN_CERTS = os.path.join(tcpctest.ROOT, "tests", "tls", "gen-certs.sh")

# What the Python peers send: text, an undecodable byte and "你好" in GBK.
GBK_NIHAO = "你好".encode("gbk")
PEER_DATA = b"hello\xff" + GBK_NIHAO + b"\n"
STDIN_DATA = b"typed\n"
WINDOW = 1.5     # how long a Python server reads before it closes
PATIENCE = 3.0   # how long a run that should end by itself may take here
TIME_RE = re.compile(r"\d\d:\d\d:\d\d\.\d\d\d")
HEX_RE = re.compile(r"68 65 6c 6c 6f")
# The peer's one line as frame 1, its header naming its size.
FRAME_RE = re.compile(rb"< frame 1: %d bytes" % len(PEER_DATA))
INTERVAL_RE = re.compile(r"\[\s*\d+\.\d+-\s*\d+\.\d+ s\]")


def ends_with_its_sum8(data):
    """What --append sum8 sends: data whose last byte is the sum of the rest."""
    return len(data) >= 2 and data[-1] == sum(data[:-1]) & 0xFF

# Cells that other branches make work; the lead removes these at the merge.
# Cells whose effect another suite shows, with the test that does. They are
# not probed twice; the reason names the test, so a reader can find it.
SHOWN_ELSEWHERE = {}
for _opt, _test in (("-o", "test_output_file_holds_every_datagram_exactly"),
                    ("--view", "test_hex_view_with_time_shows_each_datagram_as_a_chunk"),
                    ("--time", "test_pipe_mode_time_view_has_a_header_per_datagram"),
                    ("--stats", "test_stats_text"),
                    ("--json", "test_stats_json_follows_the_schema"),
                    ("--json-file", "test_stats_json_file_in_pipe_mode")):
    for _col in ("-u", "-u --send", "-u -l"):
        SHOWN_ELSEWHERE[(_opt, _col)] = "test_udp.py " + _test
for _opt in ("--repeat", "--interval"):
    SHOWN_ELSEWHERE[(_opt, "-u --send")] = "test_udp.py test_repeat_sends_the_datagram_n_times"
for _opt, _test in (("--stats", "test_stats_option_prints_the_report_at_the_end"),
                    ("--json", "test_stats_option_prints_the_report_at_the_end"),
                    ("--json-file", "test_stats_option_prints_the_report_at_the_end")):
    SHOWN_ELSEWHERE[(_opt, "session")] = "test_session.py " + _test
for _opt in ("--stats", "--json", "--json-file"):
    SHOWN_ELSEWHERE[(_opt, "-u echo")] = "test_udp.py test_stats_report_at_the_end"
for _col in ("-u reply", "-u discard", "-u print", "-u source"):
    SHOWN_ELSEWHERE[("*", _col)] = ("test_udp.py (the UDP server modes: "
                                    "test_reply_mode_answers_every_datagram and the others)")

SHOWN_ELSEWHERE[("--raw", "print")] = ("test_server_modes.py "
                                      "test_raw_passes_what_clients_send_to_the_terminal_unchanged")
SHOWN_ELSEWHERE[("--eol", "print")] = ("test_server_modes.py "
                                      "test_eol_sets_the_line_ending_of_typed_replies")
SHOWN_ELSEWHERE[("--append", "print")] = ("test_server_modes.py "
                                         "test_append_adds_checksums_to_typed_replies")
SHOWN_ELSEWHERE[("--parallel", "-z")] = "test_scan.py test_parallel_bounds_the_connects_in_flight"
for _col in ("-U", "--tls"):
    SHOWN_ELSEWHERE[("-q", _col)] = "test_quit_after_input.py (-q over TCP, -U and --tls)"
# The proxy options need a proxy: test_proxy.py runs each client mode through real ones.
for _opt in ("-x", "-X", "-P"):
    for _col in ("pipe", "one-shot", "session", "-z", "--tls"):
        SHOWN_ELSEWHERE[(_opt, _col)] = ("test_proxy.py (pipe, one-shot, the session, --tls and "
                                         "-z through dante, microsocks and tinyproxy; -P with "
                                         "microsocks and tinyproxy)")
# Scripts and rules: test_script.py walks these cells.
for _opt in ("-p", "-s", "-w", "-v", "-n", "-4", "-6", "--json", "--script"):
    SHOWN_ELSEWHERE[(_opt, "script")] = "test_script.py (test_client_options_in_script_mode and others)"
for _opt in ("-p", "-s", "-n", "-4", "-6", "--json", "--script"):
    SHOWN_ELSEWHERE[(_opt, "-l script")] = "test_script.py (test_the_server_side_runs_the_script_...)"
for _opt in ("--rule", "--rules", "--rule-delay", "--frame"):
    SHOWN_ELSEWHERE[(_opt, "reply")] = "test_script.py (test_rules_with_captures_a_delay_...)"

# The TLS options imply --tls: each of their cells above is already a TLS run.
for _opt in ("--alpn", "--cafile", "--capath", "--cert", "--insecure", "--key", "--servername",
             "--tls-min"):
    SHOWN_ELSEWHERE[(_opt, "--tls")] = "its own row (every run of a TLS option is over TLS)"

# --exec on top of pipe mode and -l: the same relay with a program's pipes
# for stdin and stdout, so the probes (which drive stdin) cannot run there.
SHOWN_ELSEWHERE[("*", "--exec")] = ("test_exec.py (test_pipe_mode_options_keep_their_meaning, "
                                    "-q, -U, --tls, -k, -v)")
for _col in ("pipe", "-l"):
    for _opt in ("--exec", "--sh-exec"):
        SHOWN_ELSEWHERE[(_opt, _col)] = "test_exec.py (ExecClientTest, ExecListenTest)"

# Cells with no check yet, and why.
NOT_YET = {}
# Who may connect: one check in the Server, the UdpServer and the two relays.
for _opt in ("--allow", "--allowfile", "--deny", "--denyfile"):
    SHOWN_ELSEWHERE[(_opt, "*")] = ("test_access.py (-l, --mode source and echo, -u -l, "
                                    "-u -l --mode echo; every --mode shares the Server's check) "
                                    "and tests/compat/test_ncat_access.py")
# nc's socket options: set on the socket by the same connect() (or bind) in
# every mode of their row; the effect is read back from the packets.
SHOWN_ELSEWHERE[("-T", "*")] = "tests/compat cases tos_keyword, tos_number, tclass_ipv6"
SHOWN_ELSEWHERE[("-M", "*")] = "tests/compat cases ttl, hop_limit_ipv6"
SHOWN_ELSEWHERE[("-m", "*")] = "tests/compat cases min_ttl_drops, min_ttl_passes"
SHOWN_ELSEWHERE[("-I", "*")] = "test_socket_flags.py (the buffer sizes read back with ss)"
SHOWN_ELSEWHERE[("-O", "*")] = "test_socket_flags.py (the buffer sizes read back with ss)"
SHOWN_ELSEWHERE[("-D", "*")] = "tests/compat case debug (SO_DEBUG needs CAP_NET_ADMIN)"
SHOWN_ELSEWHERE[("-b", "*")] = "tests/compat case broadcast"
SHOWN_ELSEWHERE[("-r", "*")] = "tests/compat case random_ports"
SHOWN_ELSEWHERE[("-F", "*")] = "tests/compat case pass_fd (the descriptor received and used)"
SHOWN_ELSEWHERE[("-S", "*")] = ("test_socket_flags.py test_md5_signatures_between_two_tcpc (-l and "
                               "a client; --mode and -z set the same key the same way)")
SHOWN_ELSEWHERE[("-t", "*")] = "tests/compat case telnet and test_socket_flags.py (-l -t)"


def load_table():
    """{(option, column): '✓' | '✗' | '·'} and the column names."""
    with open(DOC, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    header = next(line for line in lines if line.startswith("| option |"))
    columns = [c.strip() for c in header.strip("|").split("|")][1:]
    cells = {}
    for line in lines:
        if not line.startswith("| `"):
            continue
        parts = [c.strip() for c in line.strip("|").split("|")]
        option = parts[0].strip("`")
        for column, mark in zip(columns, parts[1:]):
            cells[(option, column)] = mark
    return columns, cells


class Run:
    """What one tcpc run showed: exit, output, what its peer saw, files."""

    def __init__(self):
        self.rc = None
        self.timed_out = False
        self.out = b""
        self.err = ""
        self.peer_received = b""   # what the Python peer got from tcpc
        self.peer_addr = None      # tcpc's address as the Python peer saw it
        self.peer_eof = False      # the Python peer saw tcpc's end of data
        self.listen = None         # (host, port) tcpc listened on
        self.tls = {}              # sni, alpn, client_cert, ok
        self.files = {}
        self.transport = "tcp"
        self.connected = False     # the Python client reached tcpc
        self.exited_early = False  # tcpc ended while the Python peer still held on


def finish(proc, timeout, run):
    """Wait for tcpc (killing it after `timeout`) and collect its output.
    Its stdin is left as it is: open for the runs that must not see its end."""
    out, err = [], []
    readers = [threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True),
               threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)]
    for reader in readers:
        reader.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        run.timed_out = True
        proc.kill()
        proc.wait()
    for reader in readers:
        reader.join(tcpctest.STOP_TIMEOUT)
    if proc.stdin and not proc.stdin.closed:
        proc.stdin.close()
    run.rc = proc.returncode
    run.out = out[0] if out else b""
    run.err = (err[0] if err else b"").decode("utf-8", errors="replace")


def feed(proc, data):
    """stdin for tcpc, then its end; tcpc may have exited already (a refused run)."""
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass


def tcpc_popen(args, stdin_pipe=True):
    return subprocess.Popen([tcpctest.tcpc_path()] + args, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# --- Python peers -------------------------------------------------------------

class StreamServer:
    """One connection on host:0 (or a Unix path): `behaviour` is reply (send
    PEER_DATA, read for WINDOW), quiet (read, never answer, hold for PATIENCE
    + 2), blackhole (a full accept queue: connects never complete), tls."""

    def __init__(self, behaviour="reply", host="127.0.0.1", unix_path=None, tls=None):
        self.behaviour = behaviour
        self.received = b""
        self.peer = None
        self.eof = False
        self.tls = {}
        self.stop = threading.Event()  # set once tcpc is done: a quiet server stops holding
        if unix_path:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.bind(unix_path)
        else:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            self.sock = socket.socket(family, socket.SOCK_STREAM)
            self.sock.bind((host, 0))
        self.port = None if unix_path else self.sock.getsockname()[1]
        self.context = tls
        if behaviour == "blackhole":
            self.sock.listen(0)
            self.fillers = []
            for _ in range(3):  # the accept queue is full: SYNs are dropped
                s = socket.socket(self.sock.family, socket.SOCK_STREAM)
                s.setblocking(False)
                try:
                    s.connect(self.sock.getsockname())
                except (BlockingIOError, OSError):
                    pass
                self.fillers.append(s)
            return
        self.sock.listen(4)
        self.sock.settimeout(PATIENCE + 3)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, addr = self.sock.accept()
        except OSError:
            return
        self.peer = addr
        with conn:
            conn.settimeout(WINDOW)
            if self.context:
                try:
                    conn = self.context.wrap_socket(conn, server_side=True)
                    self.tls["sni"] = getattr(conn, "sni", None)
                    self.tls["alpn"] = conn.selected_alpn_protocol()
                    self.tls["client_cert"] = bool(conn.getpeercert())
                except (ssl.SSLError, OSError):
                    self.tls["failed"] = True
                    return
            if self.behaviour in ("reply", "tls"):
                try:
                    conn.sendall(PEER_DATA)
                except OSError:
                    return
            deadline = time.monotonic() + (WINDOW if self.behaviour != "quiet" else PATIENCE + 2)
            conn.settimeout(0.1)
            while time.monotonic() < deadline and not self.stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except socket.timeout:
                    continue
                except OSError:
                    break
                if not chunk:
                    self.eof = True
                    if self.behaviour != "quiet":
                        break
                    continue
                self.received += chunk

    def close(self):
        self.sock.close()
        for s in getattr(self, "fillers", []):
            s.close()


class DatagramServer:
    """Answers each datagram with PEER_DATA; records what came and from where."""

    def __init__(self, host="127.0.0.1", quiet=False):
        self.quiet = quiet
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.sock.settimeout(PATIENCE)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.peer = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                data, addr = self.sock.recvfrom(65536)
            except OSError:
                return
            self.received += data
            self.peer = addr
            if self.quiet:
                continue
            try:
                self.sock.sendto(PEER_DATA, addr)
            except OSError:
                return

    def close(self):
        self.sock.close()


# --- runners: one per family of columns ------------------------------------------

CLIENT_COLUMNS = ("pipe", "one-shot", "session", "guided")
SERVER_COLUMNS = ("-l", "echo", "reply", "discard", "print", "source")
MODE_WORDS = {"echo": ["--mode", "echo"], "reply": ["--mode", "reply", "pong"],
              "discard": ["--mode", "discard"], "print": ["--mode", "print"],
              "source": ["--mode", "source", "5"], "-l": []}


def run_client(column, args, server="reply", host="127.0.0.1", data_given=False,
               stdin_open=False, tls=None, unix=False, answers_host=None):
    """tcpc as a TCP client in `column` against a StreamServer."""
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "s.sock") if unix else None
    srv = StreamServer(server, host="::1" if host == "::1" else "127.0.0.1",
                       unix_path=path, tls=tls)
    where = ["-U", path] if unix else [host, str(srv.port)]
    stdin = STDIN_DATA
    if column == "pipe":
        argv = where + args
    elif column == "one-shot":
        argv = where + ([] if data_given else ["--send", "x\\n"]) + args
        stdin = b""
    elif column == "session":
        argv = where + ["--interactive"] + args
    else:  # guided: the answers come from stdin
        argv = args
        stdin = ("%s\n%d\nhello\n\n" % (answers_host or host, srv.port or 0)).encode()
    run = Run()
    proc = tcpc_popen(argv)
    try:
        if not stdin_open:
            feed(proc, stdin)
        finish(proc, PATIENCE, run)
        srv.stop.set()
    finally:
        if srv.behaviour != "blackhole":
            srv.thread.join(PATIENCE + 3)
        srv.close()
        shutil.rmtree(tmp, ignore_errors=True)
    run.peer_received, run.peer_addr, run.peer_eof, run.tls = (srv.received, srv.peer,
                                                               srv.eof, srv.tls)
    run.transport = "unix" if unix else "tcp"
    return run


LISTENING_ANY_RE = re.compile(r"Listening on (.+?)\s*$")


def run_on_terminal(args):
    """tcpc HOST PORT with stdin and stdout on a pseudo-terminal, against a
    reply server that closes after WINDOW; the terminal's output as out."""
    import pty
    srv = StreamServer("reply")
    master, slave = pty.openpty()
    run = Run()
    proc = subprocess.Popen([tcpctest.tcpc_path(), "127.0.0.1", str(srv.port)] + args,
                            stdin=slave, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + PATIENCE
    try:
        while time.monotonic() < deadline:
            import select
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other side is gone
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
        finish(proc, PATIENCE, run)
    finally:
        os.close(master)
        srv.stop.set()
        srv.close()
    run.out = out
    return run


def run_server(column, args, udp=False, client="send", tls=None, unix=False,
               listen_args=None, stdin_open=False, wait_exit=False, words=None):
    """tcpc -l in `column`, and one Python client that sends PEER_DATA
    (client="hold": and then holds the connection until tcpc ends or PATIENCE)."""
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "s.sock")
    where = listen_args if listen_args is not None else (
        ["-U", path] if unix else ["127.0.0.1", "0"])
    argv = (["-u"] if udp else []) + ["-l"] + where + (words or MODE_WORDS[column]) + args
    run = Run()
    run.transport = "unix" if unix else "udp" if udp else "tcp"
    proc = tcpc_popen(argv)
    drained = []
    lines = []

    def drain_err():
        for line in iter(proc.stderr.readline, b""):
            lines.append(line.decode("utf-8", errors="replace"))
    err_thread = threading.Thread(target=drain_err, daemon=True)
    err_thread.start()
    out_thread = threading.Thread(target=lambda: drained.append(proc.stdout.read()), daemon=True)
    out_thread.start()
    try:
        if not stdin_open:
            feed(proc, STDIN_DATA)
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline and proc.poll() is None and run.listen is None:
            for line in list(lines):
                m = tcpctest.LISTENING_RE.search(line)
                if unix and LISTENING_ANY_RE.search(line):
                    run.listen = (path, 0)
                elif m:
                    run.listen = (m.group(1).strip("[]"), int(m.group(2)))
            time.sleep(0.01)  # polling tcpc's stderr for its address, not synchronising
        if run.listen and client:
            talk(run, proc, udp, client, tls, path if unix else None)
        exits_by_itself = wait_exit or (column == "-l" and not udp)
        try:
            proc.wait(timeout=PATIENCE if exits_by_itself else 0.3)
        except subprocess.TimeoutExpired:
            run.timed_out = True
            proc.terminate()
            try:
                proc.wait(timeout=tcpctest.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        run.rc = proc.returncode
        err_thread.join(tcpctest.STOP_TIMEOUT)
        out_thread.join(tcpctest.STOP_TIMEOUT)
        run.out = drained[0] if drained else b""
        run.err = "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return run


def hold(run, proc):
    """Wait (up to PATIENCE) for tcpc to end while the peer still holds on."""
    try:
        proc.wait(timeout=PATIENCE)
        run.exited_early = True
    except subprocess.TimeoutExpired:
        pass


def talk(run, proc, udp, client, tls, unix_path):
    host, port = run.listen
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1" if host == "0.0.0.0" else "::1"
    if udp:
        s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1.0)
        with s:
            s.sendto(PEER_DATA, (host, port))
            try:
                run.peer_received, run.peer_addr = s.recvfrom(65536)
            except OSError:
                pass
            if client == "hold":
                hold(run, proc)
        return
    if client == "two":  # one client holds on while a second one talks
        with tcpctest.connect(host, port, timeout=WINDOW) as first:
            first.sendall(b"first\n")
            with tcpctest.connect(host, port, timeout=WINDOW) as second:
                second.settimeout(WINDOW)
                try:  # a server that turns it away may have closed it already
                    second.sendall(PEER_DATA)
                    second.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                try:
                    run.peer_received = tcpctest.recv_all(second)
                except OSError:
                    pass
        return
    if unix_path:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(WINDOW)
        s.connect(unix_path)
    else:
        s = tcpctest.connect(host, port, timeout=WINDOW)
    run.connected = True
    try:
        if tls:
            try:
                s = tls.wrap_socket(s, server_hostname="localhost")
                run.tls["alpn"] = s.selected_alpn_protocol()
            except (ssl.SSLError, OSError):
                run.tls["failed"] = True
                return
        try:
            s.sendall(PEER_DATA)
            if not tls and client != "hold":
                s.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + WINDOW
            while time.monotonic() < deadline:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    run.peer_eof = True
                    break
                run.peer_received += chunk
            if client == "hold":
                hold(run, proc)
        except ssl.SSLError:
            run.tls["failed"] = True
        except OSError:
            if tls:
                run.tls["failed"] = True
        run.tls["ok"] = not run.tls.get("failed")
    finally:
        s.close()


def run_udp_client(column, args, host="127.0.0.1", data_given=False, quiet=False):
    srv = DatagramServer("::1" if host == "::1" else "127.0.0.1", quiet=quiet)
    argv = ["-u", host, str(srv.port)]
    if column == "-u --send" and not data_given:
        argv += ["--send", "x\\n"]
    run = Run()
    proc = tcpc_popen(argv + args)
    try:
        feed(proc, STDIN_DATA if column == "-u" else b"")
        finish(proc, PATIENCE, run)
    finally:
        srv.close()
    run.peer_received, run.peer_addr = srv.received, srv.peer
    return run


def run_scan(args, behaviour="accept", host="127.0.0.1", ports=None, unix=False, nofile=None):
    tmp = tempfile.mkdtemp()
    peers = []
    if behaviour == "blackhole":
        srv = StreamServer("blackhole")
        sock = None
        port = srv.port
    else:
        srv = None
        if unix:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(os.path.join(tmp, "s.sock"))
        else:
            sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
            sock.bind(("::1" if host == "::1" else "127.0.0.1", 0))
        sock.listen(64)
        sock.settimeout(PATIENCE)
        port = None if unix else sock.getsockname()[1]

        def accept():
            try:
                while True:
                    conn, addr = sock.accept()
                    peers.append(addr)
                    conn.close()
            except OSError:
                pass
        threading.Thread(target=accept, daemon=True).start()
    where = ["-U", os.path.join(tmp, "s.sock")] if unix else [host, (ports or "{port}").format(port=port)]

    def limit():
        if nofile:
            import resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
    run = Run()
    proc = subprocess.Popen([tcpctest.tcpc_path(), "-z"] + where + args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)
    try:
        finish(proc, PATIENCE, run)
    finally:
        if sock:
            sock.close()
        if srv:
            srv.close()
        shutil.rmtree(tmp, ignore_errors=True)
    run.peer_addr = peers[0] if peers else None
    run.transport = "unix" if unix else "tcp"
    return run


# --- the checks ---------------------------------------------------------------------

class Probe:
    """Run without the option (base) and with it (probe); `shows(run)` is
    the effect, which must hold with the option and not without it (or, for
    a promise that the default already keeps, just with it)."""

    def __init__(self, base, probe, shows, promise=False, base_kw=None, **kw):
        self.base, self.probe, self.shows, self.promise, self.kw = base, probe, shows, promise, kw
        self.base_kw = base_kw or {}


def out_has(text):
    return lambda r: text.encode() in r.out or text in r.err


def ran_to_the_end(r):
    return not r.timed_out


def failed(r):
    return r.rc not in (0, None) and not r.timed_out


def address_refused(r):
    # Guided mode asks again after an address it cannot use, and ends with
    # exit 0 when the answers run out: the effect is the refusal it shows.
    return failed(r) or (b"please try again" in r.out and not r.peer_received)


def turned_away_while_full(r):
    # The second client is turned away (told it is busy and closed: the busy
    # line itself is checked in test_server_modes.py), and the log says so.
    return "turned away" in r.err


def client_probes(option, column, env):
    """Probes for the TCP client columns (pipe, one-shot, session, guided)."""
    p = env["free_port"]
    ca = env.get("ca")
    tls_ok = lambda r: not r.tls.get("failed") and bool(r.peer_received)
    table = {
        "-p": Probe([], ["-p", str(p)], lambda r: r.peer_addr and r.peer_addr[1] == p),
        "-s": Probe([], ["-s", "127.0.0.2"], lambda r: r.peer_addr and r.peer_addr[0] == "127.0.0.2"),
        "-w": Probe([], ["-w", "1"], ran_to_the_end,
                    server="blackhole" if column == "session" else "quiet",
                    stdin_open=column in ("pipe", "session")),
        "-v": Probe([], ["-v"], lambda r: "Connected to" in r.err),
        "-n": Probe([], ["-n"], address_refused, host="localhost"),
        "-4": Probe([], ["-4"], address_refused, host="::1"),
        "-6": Probe([], ["-6"], address_refused),
        "--recv-size": Probe([], ["--recv-size", "3"],
                             lambda r: (b"Received 3 bytes" in r.out) if column == "guided"
                             else r.out == PEER_DATA[:3]),
        "--interactive": Probe([], ["--interactive"], out_has("-- connected to"), column="pipe"),
        # On a terminal pipe mode is the session, unless --raw.
        "--raw": Probe([], ["--raw"], lambda r: b"-- connected to" not in r.out and PEER_DATA[:-1] in r.out,
                       terminal=True),
        "--send": Probe([], ["--send", "given"], lambda r: r.peer_received == b"given",
                        data_given=True),
        "--hex": Probe([], ["--hex", "41 42"], lambda r: r.peer_received == b"AB", data_given=True),
        "--file": Probe([], ["--file", env["file"]], lambda r: r.peer_received == b"from a file\n",
                        data_given=True),
        "--no-shutdown": Probe([], ["--no-shutdown"], lambda r: not r.peer_eof),
        "--repeat": Probe([], ["--repeat", "3", "--interval", "0"],
                          lambda r: r.peer_received == b"x\n" * 3),
        # The default interval (1 s) fits two sends in the server's window; 30 s only one.
        "--interval": Probe(["--repeat", "2"], ["--repeat", "2", "--interval", "30"],
                            lambda r: r.peer_received == b"x\n"),
        "--eol": Probe([], ["--eol", "crlf"], lambda r: r.peer_received == b"typed\r\n"),
        "--encoding": Probe([], ["--encoding", "gbk"],
                            lambda r: "你好".encode() in r.out or "[gbk]" in r.out.decode(errors="replace")),
        "--undecodable": Probe(["--encoding", "utf-8"], ["--encoding", "utf-8", "--undecodable", "escape"],
                               lambda r: b"\\xff" in r.out or b"\\xFF" in r.out),
        "--view": Probe([], ["--view", "hex"], lambda r: HEX_RE.search(r.out.decode(errors="replace"))),
        "--time": Probe([], ["--time"], lambda r: TIME_RE.search(r.out.decode(errors="replace"))),
        "--frame": Probe([], ["--frame", "line"], lambda r: FRAME_RE.search(r.out)),
        # The peer's line ends in "\n", not in its sum8: marked wrong.
        "--check": Probe(["--frame", "line"], ["--frame", "line", "--check", "sum8"],
                         lambda r: b"(checksum WRONG" in r.out),
        "--append": Probe([], ["--append", "sum8"], lambda r: ends_with_its_sum8(r.peer_received)),
        "-o": Probe([], ["-o", env["output"]], lambda r: r.files.get("output") == PEER_DATA),
        "--stats": Probe([], ["--stats"], lambda r: "TCP statistics" in r.err),
        "--stats-interval": Probe([], ["--stats-interval", "0.1"], lambda r: INTERVAL_RE.search(r.err)),
        "--json": Probe([], ["--json"], lambda r: re.search(r'^\{', r.err, re.M)),
        "--json-file": Probe([], ["--json-file", env["json"]],
                             lambda r: (r.files.get("json") or b"").startswith(b"{")),
        "-d": Probe([], ["-d"], lambda r: r.peer_received == b""),
        "-N": Probe([], ["-N"], lambda r: r.peer_eof, promise=True),
        "-q": Probe([], ["-q", "0"], ran_to_the_end, server="quiet"),
        "-C": Probe([], ["-C"], lambda r: r.peer_received.endswith(b"\r\n")),
        "-U": Probe([], [], lambda r: r.transport == "unix" and bool(r.peer_received),
                    unix=True, base_kw={"unix": False}),
        "--tls": Probe([], ["--tls", "--cafile", ca or ""], tls_ok, server="tls"),
        "--cafile": Probe(["--tls"], ["--tls", "--cafile", ca or ""], tls_ok, server="tls"),
        "--capath": Probe(["--tls"], ["--tls", "--capath", env.get("capath", "")], tls_ok, server="tls"),
        "--insecure": Probe(["--tls"], ["--tls", "--insecure"], tls_ok, server="tls"),
        "--servername": Probe(["--tls", "--insecure"],
                              ["--tls", "--insecure", "--servername", "sni.example"],
                              lambda r: r.tls.get("sni") == "sni.example", server="tls"),
        "--alpn": Probe(["--tls", "--cafile", ca or ""], ["--tls", "--cafile", ca or "", "--alpn", "h2"],
                        lambda r: r.tls.get("alpn") == "h2", server="tls"),
        "--cert": Probe(["--tls", "--cafile", ca or ""],
                        ["--tls", "--cafile", ca or "", "--cert", env.get("client_pem", ""),
                         "--key", env.get("client_key", "")],
                        lambda r: r.tls.get("client_cert"), server="tls"),
        "--key": Probe(["--tls", "--cafile", ca or "", "--cert", env.get("client_pem", "")],
                       ["--tls", "--cafile", ca or "", "--cert", env.get("client_pem", ""),
                        "--key", env.get("client_key", "")],
                       lambda r: r.tls.get("client_cert"), server="tls"),
        "--tls-min": Probe(["--tls", "--cafile", ca or ""], ["--tls", "--cafile", ca or "", "--tls-min", "1.3"],
                           lambda r: r.tls.get("failed") or failed(r), server="tls12"),
    }
    return table.get(option)


def server_probes(option, column, env):
    """Probes for -l and the --mode columns (TCP) and the UDP server columns."""
    p = env["free_port"]
    ca = env.get("ca")
    udp = column.startswith("-u")
    tls_ok = lambda r: bool(r.tls.get("ok"))
    at = lambda host, port="0": {"listen_args": [host, port]}
    table = {
        "-p": Probe([], ["-p", str(p)], lambda r: r.listen and r.listen[1] == p, listen_args=[]),
        "-s": Probe([], ["-s", "127.0.0.2"], lambda r: r.listen and r.listen[0] == "127.0.0.2",
                    listen_args=["0"]),
        "-w": Probe([], ["-w", "1"], lambda r: r.exited_early, client="hold", stdin_open=True),
        "-v": (Probe([], ["-v"], lambda r: ("bytes from" if udp else "closed:") in r.err)
               if column in ("-l", "-u -l") else
               Probe(["--once"], ["--once", "-v"],
                     # UDP: a line per datagram ("#1 5 bytes from ... echoed");
                     # TCP: the client's closing line.
                     lambda r: re.search(r"bytes from" if udp else r"client|datagram", r.err),
                     wait_exit=True)),
        "-n": Probe([], ["-n"], lambda r: r.listen is None, **at("localhost")),
        "-4": Probe([], ["-4"], lambda r: r.listen is None, **at("::1")),
        "-6": Probe([], ["-6"], lambda r: r.listen is None),
        "--recv-size": (Probe([], ["--recv-size", "3"], lambda r: r.exited_early, client="hold",
                              stdin_open=True) if udp else
                        Probe([], ["--recv-size", "3"], lambda r: r.out == PEER_DATA[:3])),
        "-k": Probe([], ["-k"], lambda r: r.timed_out),  # still waiting for the next client
        # The client holds its side open: without the option it sees tcpc's
        # end of data once stdin has ended, with it none.
        "--no-shutdown": Probe([], ["--no-shutdown"], lambda r: not r.peer_eof, client="hold"),
        "--reply": Probe([], [], None),  # replaced below: the mode needs its reply
        "--once": Probe([], ["--once"], lambda r: not r.timed_out, wait_exit=True),
        # While the first client stays, a second one waits: served only once the first left.
        "--max-clients": Probe([], ["--max-clients", "1"], turned_away_while_full, client="two"),
        "--eol": None,
        "--encoding": (Probe(["--reply", "你好"], ["--reply", "你好", "--encoding", "gbk"],
                             lambda r: r.peer_received == GBK_NIHAO, words=["--mode", "reply"])
                       if column == "reply" else
                       Probe([], ["--encoding", "gbk"], lambda r: "你好".encode() in r.out)),
        "--undecodable": Probe(["--encoding", "utf-8"], ["--encoding", "utf-8", "--undecodable", "escape"],
                               lambda r: b"\\xff" in r.out or b"\\xFF" in r.out),
        "--view": Probe([], ["--view", "hex"], lambda r: HEX_RE.search(r.out.decode(errors="replace"))),
        "--time": Probe([], ["--time"], lambda r: TIME_RE.search(r.out.decode(errors="replace"))),
        "--frame": Probe([], ["--frame", "line"], lambda r: FRAME_RE.search(r.out)),
        "--check": Probe(["--frame", "line"], ["--frame", "line", "--check", "sum8"],
                         lambda r: b"(checksum WRONG" in r.out),
        "--append": Probe([], ["--append", "sum8"], lambda r: ends_with_its_sum8(r.peer_received)),
        "-o": Probe([], ["-o", env["output"]], lambda r: r.files.get("output") == PEER_DATA),
        "--stats": Probe([], ["--stats"], lambda r: "TCP statistics" in r.err),
        "--stats-interval": Probe([], ["--stats-interval", "0.1"], lambda r: INTERVAL_RE.search(r.err),
                                  client="hold", stdin_open=False),
        "--json": Probe([], ["--json"], lambda r: re.search(r'^\{', r.err, re.M)),
        "--json-file": Probe([], ["--json-file", env["json"]],
                             lambda r: (r.files.get("json") or b"").startswith(b"{")),
        "-d": Probe([], ["-d"], lambda r: STDIN_DATA not in r.peer_received),
        "-N": Probe([], ["-N"], lambda r: r.peer_eof, promise=True),
        "-q": Probe([], ["-q", "0"], lambda r: r.exited_early, client="hold"),
        "-C": Probe([], ["-C"], lambda r: r.peer_received.endswith(b"\r\n")),
        "-U": Probe([], [], lambda r: r.transport == "unix" and r.connected,
                    unix=True, base_kw={"unix": False}),
        "--tls": Probe([], ["--tls"], tls_ok, tls="plain"),
        "--cert": Probe(["--tls"], ["--tls", "--cert", env.get("server_pem", ""), "--key",
                                    env.get("server_key", "")], tls_ok, tls="verify"),
        "--key": Probe(["--tls", "--cert", env.get("server_pem", "")],
                       ["--tls", "--cert", env.get("server_pem", ""), "--key", env.get("server_key", "")],
                       tls_ok, tls="verify"),
        "--alpn": Probe(["--tls"], ["--tls", "--alpn", "h2"], lambda r: r.tls.get("alpn") == "h2",
                        tls="alpn"),
        "--tls-min": Probe(["--tls"], ["--tls", "--tls-min", "1.3"], lambda r: not r.tls.get("ok"),
                           tls="tls12"),
        "--verify-client": Probe(["--tls"], ["--tls", "--verify-client", "--cafile", ca or ""],
                                 lambda r: not r.tls.get("ok"), tls="plain"),
        "--cafile": Probe(["--tls", "--verify-client", "--cafile", env.get("other_ca", "")],
                          ["--tls", "--verify-client", "--cafile", ca or ""], tls_ok, tls="client-cert"),
        "--capath": Probe(["--tls", "--verify-client", "--cafile", env.get("other_ca", "")],
                          ["--tls", "--verify-client", "--cafile", env.get("other_ca", ""),
                           "--capath", env.get("capath", "")], tls_ok, tls="client-cert"),
    }
    if option == "--reply":
        return Probe(["--reply-hex", "41"], ["--reply", "given"], lambda r: r.peer_received == b"given",
                     words=["--mode", "reply"])
    if option == "--reply-hex":
        return Probe(["--reply", "x"], ["--reply-hex", "41 42"], lambda r: r.peer_received == b"AB",
                     words=["--mode", "reply"])
    if option == "--append" and column == "reply":
        return Probe(["--reply", "given"], ["--reply", "given", "--append", "sum8"],
                     lambda r: r.peer_received == b"given" + bytes([sum(b"given") & 0xFF]),
                     words=["--mode", "reply"])
    if option == "--source-bytes":
        return Probe(["--source-bytes", "3"], ["--source-bytes", "7"], lambda r: len(r.peer_received) == 7,
                     words=["--mode", "source"])
    return table.get(option)


def udp_client_probe(option, column, env):
    """The client probes, where UDP shows them differently."""
    oneshot = column == "-u --send"
    if option == "-v":
        return Probe([], ["-v"], lambda r: "UDP to" in r.err)
    if option in ("-w", "-q") and oneshot:  # a server that never answers
        return Probe([], [option, "1" if option == "-w" else "0"], ran_to_the_end, quiet=True)
    if option in ("-w", "-q"):
        return Probe([], [option, "1" if option == "-w" else "0"], ran_to_the_end)
    if option == "--recv-size" and oneshot:  # two datagrams out; one answer is enough
        return Probe(["--file", env["two_lines"]], ["--file", env["two_lines"], "--recv-size", "3"],
                     lambda r: r.out.count(PEER_DATA) == 1, data_given=True)
    if option == "--recv-size":
        return Probe([], ["--recv-size", "3"], ran_to_the_end)
    return client_probes(option, "pipe", env)


def scan_probes(option, env):
    table = {
        "-s": Probe([], ["-s", "127.0.0.2"], lambda r: r.peer_addr and r.peer_addr[0] == "127.0.0.2"),
        "-w": Probe([], ["-w", "1"], ran_to_the_end, behaviour="blackhole"),
        "-v": Probe([], ["-v"], lambda r: re.search(r"\b1\b.*(refused|closed)", r.out.decode() + r.err),
                    ports="{port},1"),
        "-n": Probe([], ["-n"], failed, host="localhost"),
        "-4": Probe([], ["-4"], failed, host="::1"),
        "-6": Probe([], ["-6"], failed),
        "-U": Probe([], [], lambda r: r.transport == "unix" and r.rc == 0, unix=True,
                    base_kw={"unix": False}),
    }
    return table.get(option)


class OptionMatrixTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        env = {"output": os.path.join(cls.tmp, "out.bin"), "json": os.path.join(cls.tmp, "s.json"),
               "file": os.path.join(cls.tmp, "in.txt")}
        with open(env["file"], "wb") as f:
            f.write(b"from a file\n")
        env["two_lines"] = os.path.join(cls.tmp, "two.txt")
        with open(env["two_lines"], "wb") as f:
            f.write(b"one\ntwo\n")
        certs = os.path.join(cls.tmp, "certs")
        if subprocess.run([GEN_CERTS, certs], stdout=subprocess.DEVNULL).returncode == 0:
            env.update(ca=os.path.join(certs, "ca.pem"), other_ca=os.path.join(certs, "other-ca.pem"),
                       server_pem=os.path.join(certs, "server.pem"),
                       server_key=os.path.join(certs, "server.key"),
                       client_pem=os.path.join(certs, "client.pem"),
                       client_key=os.path.join(certs, "client.key"))
            capath = os.path.join(cls.tmp, "capath")
            os.mkdir(capath)
            h = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", env["ca"]],
                               capture_output=True, text=True).stdout.strip()
            shutil.copy(env["ca"], os.path.join(capath, h + ".0"))
            env["capath"] = capath
        cls.env = env
        cls.columns, cls.cells = load_table()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # TLS peers of this test.
    def server_context(self, kind):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.env["server_pem"], self.env["server_key"])
        ctx.set_alpn_protocols(["h2", "http/1.1"])
        ctx.load_verify_locations(self.env["ca"])
        ctx.verify_mode = ssl.CERT_OPTIONAL

        def sni(sock, name, _ctx):
            sock.sni = name
        ctx.sni_callback = sni
        if kind == "tls12":
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    def client_context(self, kind):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if kind == "verify":
            ctx.load_verify_locations(self.env["ca"])
        else:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if kind == "alpn":
            ctx.set_alpn_protocols(["h2"])
        if kind == "tls12":
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        if kind == "client-cert":
            ctx.load_cert_chain(self.env["client_pem"], self.env["client_key"])
        return ctx

    def probe_for(self, option, column, files_for=""):
        # Each cell its own files: cells run side by side.
        cell = re.sub(r"[^a-z0-9]+", "_", option + column + files_for)
        env = dict(self.env, free_port=tcpctest.free_port(),
                   output=os.path.join(self.tmp, cell + ".out"),
                   json=os.path.join(self.tmp, cell + ".json"))
        if column in CLIENT_COLUMNS:
            return client_probes(option, column, env), "client", env
        if column in SERVER_COLUMNS or column in ("-u -l", "-u echo"):
            return server_probes(option, column, env), "server", env
        if column == "-z":
            return scan_probes(option, env), "scan", env
        if column in ("-u", "-u --send"):
            return udp_client_probe(option, column, env), "udp-client", env
        return None, None, env

    def run_once(self, family, column, args, probe, files, for_base=False):
        kw = dict(probe.kw)
        if for_base:
            kw.update(probe.base_kw)
        column = kw.pop("column", column)
        for name in ("output", "json"):
            try:
                os.remove(files[name])
            except FileNotFoundError:
                pass
        if family == "client" and kw.pop("terminal", False):
            run = run_on_terminal(args)
        elif family == "client":
            server = kw.pop("server", "reply")
            tls = None
            if server in ("tls", "tls12"):
                tls = self.server_context(server)
                server = "tls"
            if column == "guided":
                kw.pop("stdin_open", None)
                kw.pop("data_given", None)
                if server == "blackhole":
                    server = "quiet"
            run = run_client(column, args, server=server, tls=tls, **kw)
        elif family == "server":
            udp = column.startswith("-u")
            mode = {"-u -l": "-l", "-u echo": "echo"}.get(column, column)
            tls_kind = kw.pop("tls", None)
            run = run_server(mode, args, udp=udp,
                             tls=self.client_context(tls_kind) if tls_kind else None, **kw)
        elif family == "scan":
            run = run_scan(args, **kw)
        else:
            for name in ("server", "stdin_open", "unix", "column"):
                kw.pop(name, None)
            run = run_udp_client(column, args, **kw)
        for name in ("output", "json"):
            try:
                with open(files[name], "rb") as f:
                    run.files[name] = f.read()
            except FileNotFoundError:
                pass
        return run

    def skip_reason(self, option, column):
        for key in ((option, column), ("*", column), (option, "*")):
            if key in SHOWN_ELSEWHERE:
                return "shown by %s" % SHOWN_ELSEWHERE[key]
            if key in NOT_YET:
                return NOT_YET[key]
        return None

    def transport_probe(self, option, transport):
        """The pipe-mode probe of `option`, over -U or --tls, or a reason why not."""
        probe, _, _ = self.probe_for(option, "pipe", files_for=transport)
        if probe is None or probe.shows is None:
            return None, "no pipe-mode check to run over %s" % transport
        if set(probe.kw) - {"stdin_open"} or probe.base_kw:
            return None, "its pipe-mode check needs its own peer (not written over %s)" % transport
        if transport == "--tls":
            if "ca" not in self.env:
                return None, "no openssl to make test certificates"
            tls = ["--tls", "--cafile", self.env["ca"]]
            return Probe(tls + probe.base, tls + probe.probe, probe.shows, probe.promise,
                         server="tls", **probe.kw), None
        return Probe(probe.base, probe.probe, probe.shows, probe.promise, unix=True, **probe.kw), None

    def check_cell(self, option, column):
        """None when the cell shows its effect, else what went wrong."""
        if column in ("-U", "--tls"):  # pipe mode over that transport
            probe, _ = self.transport_probe(option, column)
            env = self.probe_for(option, "pipe", files_for=column)[2]
            files = {"output": env["output"], "json": env["json"]}
            base = self.run_once("client", "pipe", probe.base, probe, files, for_base=True)
            run = self.run_once("client", "pipe", probe.probe, probe, files)
            return self.judge(option, column, probe, base, run)
        probe, family, env = self.probe_for(option, column)
        files = {"output": env["output"], "json": env["json"]}
        base = self.run_once(family, column, probe.base, probe, files, for_base=True)
        run = self.run_once(family, column, probe.probe, probe, files)
        return self.judge(option, column, probe, base, run)

    def judge(self, option, column, probe, base, run):
        if not probe.shows(run):
            return "%s in %s: no effect with %r: rc=%r timed_out=%r out=%r err=%r peer=%r %r tls=%r" % (
                option, column, probe.probe, run.rc, run.timed_out, run.out[:300], run.err[:500],
                run.peer_received[:100], run.peer_addr, run.tls)
        if not probe.promise and probe.shows(base):
            return "%s in %s: the effect shows without it too (%r): rc=%r out=%r err=%r" % (
                option, column, probe.base, base.rc, base.out[:300], base.err[:300])
        return None

    def test_every_supported_cell_shows_its_effect(self):
        cells, skipped, missing = [], [], []
        # OPTION_MATRIX_ONLY="--time -o": only those rows (while working on them).
        only = os.environ.get("OPTION_MATRIX_ONLY", "").split()
        for (option, column), mark in sorted(self.cells.items()):
            if mark != "✓" or (only and option not in only):
                continue
            if column in ("-U", "--tls"):
                # A transport on top of every mode: walked in pipe mode, for
                # the options that work there.
                reason = self.skip_reason(option, column)
                if reason:
                    skipped.append("%s with %s: %s" % (option, column, reason))
                    continue
                if self.cells.get((option, "pipe")) != "✓" or option in ("-U", "--tls"):
                    skipped.append("%s with %s: not a pipe-mode option" % (option, column))
                    continue
                _, reason = self.transport_probe(option, column)
                if reason:
                    skipped.append("%s with %s: %s" % (option, column, reason))
                else:
                    cells.append((option, column))
                continue
            reason = self.skip_reason(option, column)
            if reason:
                skipped.append("%s in %s: %s" % (option, column, reason))
                continue
            probe, _, _ = self.probe_for(option, column)
            if probe is None or probe.shows is None:
                missing.append("%s in %s" % (option, column))
                continue
            if (probe.kw.get("server") in ("tls", "tls12") or probe.kw.get("tls")) and \
                    "ca" not in self.env:
                skipped.append("%s in %s: no openssl to make test certificates" % (option, column))
                continue
            cells.append((option, column))
        # Most of a cell's time is waiting on its peers: four at once.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            problems = [p for p in pool.map(lambda cell: self.check_cell(*cell), cells) if p]
        sys.stderr.write("\n%d cells checked, %d skipped:\n  %s\n" % (
            len(cells), len(skipped), "\n  ".join(skipped)))
        self.assertEqual(missing, [], "supported cells with no effect check")
        self.assertEqual(problems, [], "cells that show no effect")


if __name__ == "__main__":
    tcpctest.main()
