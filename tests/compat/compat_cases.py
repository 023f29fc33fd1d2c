# SPDX-License-Identifier: MIT
"""The netcat compatibility table: each case runs unchanged against tcpc and
OpenBSD nc (nc.openbsd). `expect` is what both must do. Where tcpc differs
on purpose, `why` says so and either `nc` gives what nc does instead (and is
checked) or `nc_skip` says why the case cannot run against nc at all.

Arguments are the same for both tools; {port}, {open}, {closed}, {stalled},
{path} and {missing} are filled in by the scenario (see compat_fixtures.py).
"""

import os
import socket

from compat_fixtures import (against_server, against_unix_server, dual_stack, fd_receiver,
                             greet_and_record, hold_after_eof, ipv6_localhost,
                             listener_serving, ports, reply_after_eof, reply_and_hold,
                             telnet_negotiation, udp_echo_server, udp_listener, udp_marks,
                             unix_listener, unix_paths)
from compat_proxy import through_proxy


class Case:
    def __init__(self, name, what, scenario, args, expect, stdin=b"", why=None, nc=None,
                 nc_skip=None):
        self.name = name
        self.what = what
        self.scenario = scenario
        self.args = args
        self.expect = expect
        self.stdin = stdin
        self.why = why
        self.nc = nc or {}
        self.nc_skip = nc_skip


USAGE_EXIT = ("tcpc exits 2 for usage errors and 1 for network failures, so a script can tell "
              "them apart; nc exits 1 for both.")

QUIT_TIMER = ("tcpc's -q follows Debian's manual: 'after EOF on stdin, wait the specified "
              "number of seconds and then quit', receiving meanwhile (and sooner if the server "
              "closes).")

NC_QUIT_TIMER = ("With input that is not a terminal, Debian's nc 1.219 starts its -q timer only "
                 "once the server has closed too, so against this server it never quits.")

CASES = [
    # --- end of input -------------------------------------------------------
    Case("half_close_N", "-N: end of stdin half-closes; the reply still arrives",
         against_server(reply_after_eof), ["-N", "127.0.0.1", "{port}"], stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n")),
    Case("eof_without_N", "no -N: tcpc half-closes at end of stdin anyway",
         against_server(reply_after_eof), ["127.0.0.1", "{port}"], stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n"),
         why="tcpc always half-closes at end of input (the foundation issue requires it, so a "
             "server sees where the request ends); -N is accepted and changes nothing.",
         nc_skip="nc without -N never shuts its side down, so this server would wait forever."),
    Case("quit_after_close", "-q 1: the reply is printed and the tool ends after the server",
         against_server(reply_after_eof), ["-q", "1", "127.0.0.1", "{port}"], stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n")),
    Case("quit_0", "-q 0: quit once stdin is sent, though the server keeps the connection",
         against_server(hold_after_eof), ["-q", "0", "127.0.0.1", "{port}"], stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"", server_got=b"hello\n"),
         why=QUIT_TIMER,
         nc_skip=NC_QUIT_TIMER),
    Case("quit_window", "-q 2: a reply within the -q window is printed, then the tool quits",
         against_server(reply_and_hold), ["-q", "2", "127.0.0.1", "{port}"], stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n"),
         why=QUIT_TIMER,
         nc_skip=NC_QUIT_TIMER),
    Case("no_stdin_d", "-d: stdin is not read; the server's greeting is printed",
         against_server(greet_and_record), ["-d", "127.0.0.1", "{port}"],
         stdin=b"must not be sent\n", expect=dict(rc=0, stdout=b"hello\n", server_got=b"")),

    # --- listening ------------------------------------------------------------
    Case("listen_once", "-l: one client relayed to stdout, then exit 0",
         listener_serving([b"only\n"]), ["-l", "-n", "-v", "127.0.0.1", "0"],
         expect=dict(rc=0, stdout=b"only\n", client_got=[b""])),
    Case("listen_k", "-l -k: three clients served in turn",
         listener_serving([b"one\n", b"two\n", b"three\n"], exits_by_itself=False),
         ["-l", "-k", "-n", "-v", "127.0.0.1", "0"],
         expect=dict(stdout=b"one\ntwo\nthree\n", client_got=[b"", b"", b""])),

    # --- UDP --------------------------------------------------------------------
    Case("udp_round_trip", "-u: a line goes out as a datagram, the reply is printed, -w 1 ends",
         udp_echo_server, ["-u", "-w", "1", "127.0.0.1", "{port}"], stdin=b"ping\n",
         expect=dict(rc=0, stdout=b"echo:ping\n", server_got=b"ping\n")),
    Case("udp_listen", "-u -l: a datagram is printed and a stdin line goes back to its sender",
         udp_listener, ["-u", "-l", "-n", "-v", "127.0.0.1", "0"],
         expect=dict(stdout=b"ping\n", client_got=[b"pong\n"])),

    # --- port checks ------------------------------------------------------------
    Case("scan_open", "-z on an open port: exit 0, one connection, nothing on stdout",
         ports, ["-z", "127.0.0.1", "{open}"], expect=dict(rc=0, stdout=b"", connections=1)),
    Case("scan_closed", "-z on a closed port: exit 1", ports, ["-z", "127.0.0.1", "{closed}"],
         expect=dict(rc=1, stdout=b"")),
    Case("scan_verbose", "-z -v: the open port is reported on stderr",
         ports, ["-z", "-v", "127.0.0.1", "{open}"],
         expect=dict(rc=0, stdout=b"", stderr_has="{open}")),
    Case("scan_several", "-z with a closed and an open port: exit 0",
         ports, ["-z", "127.0.0.1", "{closed}", "{open}"],
         expect=dict(rc=0, stdout=b"", connections=1)),
    Case("scan_timeout", "-z -w 1 on a port that never answers: exit 1",
         ports, ["-z", "-w", "1", "127.0.0.1", "{stalled}"], expect=dict(rc=1, stdout=b"")),

    # --- Unix sockets -----------------------------------------------------------
    Case("unix_client", "-U: a stream client on a Unix socket",
         against_unix_server(reply_after_eof), ["-N", "-U", "{path}"], stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n")),
    Case("unix_listen", "-l -U: a stream server on a Unix socket",
         unix_listener, ["-l", "-v", "-U", "{path}"],
         expect=dict(rc=0, stdout=b"hello\n", client_got=[b""])),
    Case("unix_missing", "-U to a path where nothing exists: exit 1",
         unix_paths, ["-U", "{missing}"], expect=dict(rc=1, stdout=b"")),

    # --- address families -------------------------------------------------------
    Case("ipv4_localhost", "-4 localhost reaches 127.0.0.1",
         dual_stack, ["-4", "localhost", "{port}"], expect=dict(rc=0, stdout=b"v4\n")),
    Case("ipv6_localhost", "-6 localhost reaches ::1 (exit 1 where localhost has no IPv6 "
         "address)", dual_stack, ["-6", "localhost", "{port}"],
         expect=dict(rc=0, stdout=b"v6\n") if ipv6_localhost() else dict(rc=1, stdout=b"")),
    Case("source_port", "-p: the connection comes from the given source port",
         against_server(reply_after_eof), ["-N", "-p", "{free}", "127.0.0.1", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", source_port_used=True)),
    Case("source_port_ipv6", "-p with an IPv6 server: the source fits the server's family",
         against_server(reply_after_eof, socket.AF_INET6), ["-N", "-p", "{free}", "::1", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", source_port_used=True)),
    Case("ipv4_with_ipv6_address", "-4 with an IPv6 address: exit 1",
         dual_stack, ["-4", "::1", "{port}"], expect=dict(rc=1, stdout=b"")),

    # --- failures -----------------------------------------------------------------
    Case("refused", "connection refused: exit 1", ports, ["127.0.0.1", "{closed}"],
         expect=dict(rc=1, stdout=b"")),
    Case("timed_out", "connect timeout (-w 1) on a port that never answers: exit 1",
         ports, ["-w", "1", "127.0.0.1", "{stalled}"], expect=dict(rc=1, stdout=b"")),

        # --- socket options and the other nc flags --------------------------------------
    Case("tos_keyword", "-T lowdelay: datagrams carry TOS 0x10",
         udp_marks(), ["-u", "-w", "1", "-T", "lowdelay", "127.0.0.1", "{port}"],
         stdin=b"ping\n", expect=dict(rc=0, stdout=b"echo:ping\n", server_tos=0x10)),
    Case("tos_number", "-T 0x28 (a number, in hex): TOS 0x28",
         udp_marks(), ["-u", "-w", "1", "-T", "0x28", "127.0.0.1", "{port}"],
         stdin=b"ping\n", expect=dict(rc=0, stdout=b"echo:ping\n", server_tos=0x28)),
    Case("tclass_ipv6", "-T ef over IPv6: traffic class 0xb8",
         udp_marks(socket.AF_INET6), ["-u", "-w", "1", "-T", "ef", "::1", "{port}"],
         stdin=b"ping\n", expect=dict(rc=0, stdout=b"echo:ping\n", server_tos=0xb8)),
    Case("tos_bad", "-T with an unknown keyword: refused",
         ports, ["-T", "fastest", "127.0.0.1", "{open}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1), why=USAGE_EXIT),
    Case("ttl", "-M 7: datagrams leave with TTL 7",
         udp_marks(), ["-u", "-w", "1", "-M", "7", "127.0.0.1", "{port}"],
         stdin=b"ping\n", expect=dict(rc=0, stdout=b"echo:ping\n", server_ttl=7)),
    Case("hop_limit_ipv6", "-M 9 over IPv6: hop limit 9",
         udp_marks(socket.AF_INET6), ["-u", "-w", "1", "-M", "9", "::1", "{port}"],
         stdin=b"ping\n", expect=dict(rc=0, stdout=b"echo:ping\n", server_ttl=9)),
    Case("min_ttl_drops", "-m 255: the server's answer (TTL 64 on loopback) is dropped, the "
         "connect times out", ports, ["-m", "255", "-w", "1", "127.0.0.1", "{open}"],
         expect=dict(rc=1, stdout=b"")),
    Case("min_ttl_passes", "-m 1: the connection works",
         against_server(reply_after_eof), ["-N", "-m", "1", "127.0.0.1", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n")),
    Case("buffers", "-I 8192 -O 8192: buffer sizes set, the exchange unchanged",
         against_server(reply_after_eof), ["-N", "-I", "8192", "-O", "8192", "127.0.0.1",
                                           "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n")),
    Case("debug", "-D: SO_DEBUG (root here, so it is allowed)" if os.geteuid() == 0 else
         "-D: SO_DEBUG needs CAP_NET_ADMIN, which this user lacks: exit 1",
         against_server(reply_after_eof), ["-N", "-D", "127.0.0.1", "{port}"],
         stdin=b"hello\n",
         expect=dict(rc=0, stdout=b"reply:hello\n") if os.geteuid() == 0 else
         dict(rc=1, stdout=b"")),
    Case("broadcast", "-b: a UDP client with SO_BROADCAST still talks to a unicast peer",
         udp_echo_server, ["-u", "-b", "-w", "1", "127.0.0.1", "{port}"], stdin=b"ping\n",
         expect=dict(rc=0, stdout=b"echo:ping\n", server_got=b"ping\n")),
    Case("random_ports", "-z -r: every port is still checked once, in some order",
         ports, ["-z", "-r", "127.0.0.1", "{closed}", "{open}"],
         expect=dict(rc=0, stdout=b"", connections=1)),
    Case("telnet", "-t: DO and WILL are refused (WONT, DONT); the bytes are shown as they came",
         against_server(telnet_negotiation), ["-t", "-d", "127.0.0.1", "{port}"],
         expect=dict(rc=0, stdout=b"\xff\xfd\x18\xff\xfb\x03bye\n",
                     server_got=b"\xff\xfc\x18\xff\xfe\x03")),
    Case("pass_fd", "-F: the connection is passed to stdout (SCM_RIGHTS) and works there",
         fd_receiver, ["-F", "127.0.0.1", "{port}"],
         expect=dict(rc=0, passed_got=b"hello\n", server_got=b"thanks\n")),
    Case("md5_without_key", "-S with no key to be had (no TCPC_MD5_KEY, no terminal): "
         "refused before connecting", ports, ["-S", "127.0.0.1", "{open}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1),
         why=USAGE_EXIT + " Both ask for the key on the terminal; tcpc also reads "
             "TCPC_MD5_KEY (tests/integration/test_socket_flags.py signs with it)."),

    # --- conflicting flags: refused before any I/O ----------------------------------
    Case("conflict_l_z", "-l with -z", ports, ["-l", "-z", "127.0.0.1", "{closed}"],
         expect=dict(rc=2, stdout=b""), nc=dict(rc=1), why=USAGE_EXIT),
    Case("conflict_k_without_l", "-k without -l: refused before connecting",
         ports, ["-k", "127.0.0.1", "{open}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1), why=USAGE_EXIT),
    Case("conflict_z_without_port", "-z without ports", ports, ["-z", "127.0.0.1"],
         expect=dict(rc=2, stdout=b""), nc=dict(rc=1), why=USAGE_EXIT),
    Case("conflict_l_address_twice", "-l with the address given as -s and as HOST",
         ports, ["-l", "-s", "127.0.0.1", "-p", "0", "127.0.0.1", "0"],
         expect=dict(rc=2, stdout=b""), nc=dict(rc=1), why=USAGE_EXIT),
    Case("conflict_U_p", "-U with -p: refused before connecting",
         unix_paths, ["-U", "-p", "5000", "{path}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1), why=USAGE_EXIT),
    Case("conflict_U_s", "-U with -s: refused before connecting",
         unix_paths, ["-U", "-s", "127.0.0.1", "{path}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1), why=USAGE_EXIT),
    Case("conflict_4_6", "-4 with -6: refused before connecting",
         ports, ["-4", "-6", "127.0.0.1", "{open}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1),
         why="tcpc refuses the contradiction as a usage error (exit 2); nc lets the last of "
             "-4/-6 win and then fails (exit 1) because -6 cannot reach 127.0.0.1."),
    Case("conflict_u_N", "-u with -N", ports, ["-u", "-N", "127.0.0.1", "{closed}"],
         expect=dict(rc=2, stdout=b""),
         why="UDP has no stream to shut down, so tcpc refuses -N with -u (exit 2).",
         nc_skip="nc accepts -N with -u, ignores it and waits for datagrams until killed."),

    # --- proxies (-x, -X) ---------------------------------------------------------
    Case("proxy_socks5_default", "-x without -X: SOCKS5, a numeric target sent as an address",
         through_proxy(reply_after_eof), ["-N", "-x", "127.0.0.1:{proxy}", "127.0.0.1", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n",
                                       proxy_asked="socks5 ipv4 127.0.0.1")),
    Case("proxy_socks5_name", "-X 5: a host name goes to the proxy to resolve",
         through_proxy(reply_after_eof),
         ["-N", "-X", "5", "-x", "127.0.0.1:{proxy}", "localhost", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n",
                                       proxy_asked="socks5 name localhost")),
    Case("proxy_socks4", "-X 4: the name is resolved by the tool, the proxy gets IPv4",
         through_proxy(reply_after_eof),
         ["-N", "-4", "-X", "4", "-x", "127.0.0.1:{proxy}", "localhost", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n",
                                       proxy_asked="socks4 127.0.0.1 user ''")),
    Case("proxy_http_connect", "-X connect: CONNECT host:port",
         through_proxy(reply_after_eof),
         ["-N", "-X", "connect", "-x", "127.0.0.1:{proxy}", "127.0.0.1", "{port}"],
         stdin=b"hello\n", expect=dict(rc=0, stdout=b"reply:hello\n", server_got=b"hello\n",
                                       proxy_asked="connect 127.0.0.1")),
    Case("proxy_refused", "-x to a port where nothing listens: exit 1",
         ports, ["-x", "127.0.0.1:{closed}", "127.0.0.1", "{open}"],
         expect=dict(rc=1, stdout=b"", connections=0)),
    Case("proxy_unknown_protocol", "-X 6: refused before connecting",
         ports, ["-X", "6", "-x", "127.0.0.1:{open}", "127.0.0.1", "{open}"],
         expect=dict(rc=2, stdout=b"", connections=0), nc=dict(rc=1), why=USAGE_EXIT),
]
