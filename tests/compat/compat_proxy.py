# SPDX-License-Identifier: MIT
"""A scenario for -x/-X: the tool connects through a small Python proxy
(SOCKS4, SOCKS5 or HTTP CONNECT, whichever the tool speaks) to a server.
`proxy_asked` is what the proxy was asked for: "socks5 name localhost",
"socks5 ipv4 127.0.0.1", "socks4 127.0.0.1 user ''", "connect 127.0.0.1",
so the cases can compare how tcpc and nc address the target."""

import socket
import threading

from compat_fixtures import SOCK_TIMEOUT, StreamServer, formatted, run_tool


def recv_exact(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise OSError("the client closed during the handshake")
        data += chunk
    return data


def socks5_handshake(conn, first):
    methods = recv_exact(conn, first[1] if len(first) > 1 else recv_exact(conn, 1)[0])
    conn.sendall(b"\x05\x00" if 0 in methods else b"\x05\xff")
    version, command, _, kind = recv_exact(conn, 4)
    if kind == 1:
        asked = "socks5 ipv4 " + socket.inet_ntop(socket.AF_INET, recv_exact(conn, 4))
    elif kind == 4:
        asked = "socks5 ipv6 " + socket.inet_ntop(socket.AF_INET6, recv_exact(conn, 16))
    else:
        asked = "socks5 name " + recv_exact(conn, recv_exact(conn, 1)[0]).decode()
    recv_exact(conn, 2)
    return asked, b"\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00"


def socks4_handshake(conn, first):
    rest = recv_exact(conn, 6)  # command already in `first`: port and address
    user = b""
    while True:
        c = recv_exact(conn, 1)
        if c == b"\x00":
            break
        user += c
    asked = "socks4 %s user %r" % (socket.inet_ntop(socket.AF_INET, rest[2:6]), user.decode())
    return asked, b"\x00\x5a" + bytes(6)


def http_handshake(conn, first):
    head = first
    while not head.endswith(b"\r\n\r\n"):
        head += recv_exact(conn, 1)
    request_line = head.split(b"\r\n", 1)[0].decode()
    authority = request_line.split()[1]
    return "connect " + authority.rsplit(":", 1)[0], b"HTTP/1.0 200 Connection established\r\n\r\n"


def relay(a, b):
    """Copies both ways until both directions have ended."""
    def pump(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    other = threading.Thread(target=pump, args=(b, a), daemon=True)
    other.start()
    pump(a, b)
    other.join(SOCK_TIMEOUT)


class PythonProxy:
    """One client: reads its handshake, connects to 127.0.0.1:target_port
    whatever it asked for, and relays."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.asked = None
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(SOCK_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(SOCK_TIMEOUT)
            try:
                first = recv_exact(conn, 2)
                if first[0] == 5:
                    self.asked, reply = socks5_handshake(conn, first)
                elif first[0] == 4:
                    self.asked, reply = socks4_handshake(conn, first)
                else:
                    self.asked, reply = http_handshake(conn, first)
                with socket.create_connection(("127.0.0.1", self.target_port),
                                              timeout=SOCK_TIMEOUT) as target:
                    conn.sendall(reply)
                    relay(conn, target)
            except OSError:
                pass

    def finish(self):
        self.thread.join(SOCK_TIMEOUT)
        self.sock.close()


def through_proxy(handler):
    """The tool as a client of a Python server on {port}, through a Python
    proxy on {proxy}."""
    def scenario(tool, case):
        server = StreamServer(handler)
        proxy = PythonProxy(server.port)
        seen = {}
        try:
            seen = run_tool(tool, formatted(case.args, port=server.port, proxy=proxy.port),
                            case.stdin)
        finally:
            seen["server_got"] = server.finish()
            proxy.finish()
        seen["proxy_asked"] = proxy.asked
        return seen
    return scenario
