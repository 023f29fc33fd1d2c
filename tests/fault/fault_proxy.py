# SPDX-License-Identifier: MIT
"""A test-only TCP proxy that misbehaves on purpose.

It listens on 127.0.0.1 port 0 and, for each client, either talks to an
upstream server or plays the server itself, with one fault:

  reset N        forward, then once N bytes have reached the client, reset both
                 sides (RST)
  stall          accept, read and discard, never answer, never close
  no_read        accept and never read (the client's sends fill the buffers)
  trickle        forward both ways in 1-byte segments (TCP_NODELAY)
  close_write N  forward N bytes towards the client, then shut down writing to it
                 while still reading what the client sends
  refuse         nothing listens: connections are refused (use .port of a closed socket)

Only loopback is ever used.
"""
import fcntl
import socket
import struct
import termios
import threading
import time


def _rst_close(sock):
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def _wait_until_acknowledged(sock, patience=10.0):
    """Until the peer has acknowledged all that was sent to it (SIOCOUTQ,
    unsent plus unacknowledged bytes, is 0), or `patience` seconds. A reset
    discards whatever is still queued, so without this a client slow to read
    (a sanitizer build) would get fewer bytes than the fault promises."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        queued = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, struct.pack("i", 0))
        if struct.unpack("i", queued)[0] == 0:
            return
        time.sleep(0.001)  # polling a kernel figure: there is no event to wait on


class FaultProxy:
    def __init__(self, fault, upstream=None, n=0):
        self.fault = fault
        self.upstream = upstream
        self.n = n
        self.connections = 0
        self.received = bytearray()  # what clients sent (stall / close_write)
        self._lock = threading.Lock()
        self._threads = []
        self._open = []
        self._stopping = threading.Event()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        if fault == "refuse":
            # Bound but never listening: connects are refused.
            self.port = self.listener.getsockname()[1]
            return
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self._spawn(self._accept_loop)

    def _spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._open.append(client)
            self._spawn(self._serve, client)

    def _connect_upstream(self):
        up = socket.create_connection(self.upstream, timeout=10)
        up.settimeout(None)
        with self._lock:
            self._open.append(up)
        return up

    def _serve(self, client):
        try:
            if self.fault == "stall":
                while True:
                    data = client.recv(65536)
                    if not data:
                        self._stopping.wait()
                        return
                    with self._lock:
                        self.received += data
            elif self.fault == "no_read":
                self._stopping.wait()
            elif self.fault == "reset":
                up = self._connect_upstream()
                self._spawn(self._pump, client, up, None, 65536)
                self._pump(up, client, self.n, 65536, reset_pair=(client, up))
            elif self.fault == "trickle":
                for s in (client,):
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                up = self._connect_upstream()
                up.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._spawn(self._pump, client, up, None, 1)
                self._pump(up, client, None, 1)
            elif self.fault == "close_write":
                up = self._connect_upstream()
                self._spawn(self._pump, client, up, None, 65536)
                self._pump(up, client, self.n, 65536, half_close=True)
            else:
                raise ValueError(self.fault)
        except OSError:
            pass

    def _pump(self, src, dst, limit, chunk, reset_pair=None, half_close=False):
        """Copies src to dst in chunk-sized sends until EOF or `limit` bytes."""
        sent = 0
        try:
            while limit is None or sent < limit:
                want = chunk if limit is None else min(chunk, limit - sent)
                data = src.recv(want)
                if not data:
                    dst.shutdown(socket.SHUT_WR)
                    return
                for i in range(0, len(data), chunk):
                    dst.sendall(data[i:i + chunk])
                sent += len(data)
            if reset_pair:
                _wait_until_acknowledged(dst)
                for s in reset_pair:
                    _rst_close(s)
            elif half_close:
                dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        self._stopping.set()
        self.listener.close()
        with self._lock:
            for s in self._open:
                try:
                    s.close()
                except OSError:
                    pass
        for thread in self._threads:
            thread.join(timeout=5)
