// SPDX-License-Identifier: MIT
// The transports the relay suite runs over, each a connected pair on
// loopback: the relay's side, run the way callers run it, and the peer's
// side as a Stream the test drives (plain or TLS alike). TLS uses the
// server's temporary self-signed certificate, so no files are needed.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <memory>
#include <string>

#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/stream.hpp"
#include "tcpc/tls/tls.hpp"
#include "test_support.hpp"

namespace tcpc::test {

enum class Transport {
  tcp,         // relay(Socket&) over TCP, as the CLI runs plain connections
  unix_path,   // relay(Socket&) over a Unix socket (-U)
  tcp_stream,  // relay(Stream&) over SocketStream
  tls,         // relay(Stream&) over a TLS session
};

inline std::string transport_name(const testing::TestParamInfo<Transport>& info) {
  switch (info.param) {
    case Transport::tcp:
      return "Tcp";
    case Transport::unix_path:
      return "Unix";
    case Transport::tcp_stream:
      return "TcpStream";
    case Transport::tls:
      return "Tls";
  }
  return "Unknown";
}

// The relay's side of a connection and the peer the test plays.
class Link {
 public:
  virtual ~Link() = default;
  virtual Result<RelayTotals> relay(const RelayOptions& options) = 0;
  // The relay side's socket: its blocking mode, and shutdown() to unblock a stuck relay.
  virtual Socket& socket() = 0;
  // True where the relay may splice (plain sockets).
  virtual bool plain() const { return true; }
  Stream& peer() { return *peer_; }

 protected:
  std::unique_ptr<Stream> peer_;
};

inline Socket must(Result<Socket> socket) {
  if (!socket) throw socket.error();
  return std::move(*socket);
}

inline std::unique_ptr<Stream> plain_peer(Socket socket) {
  auto stream = SocketStream::wrap(std::move(socket));
  if (!stream) throw stream.error();
  return std::make_unique<SocketStream>(std::move(*stream));
}

// relay(Socket&) over TCP or a Unix socket.
class SocketLink final : public Link {
 public:
  SocketLink(Socket relay_side, Socket peer_side) : socket_(std::move(relay_side)) {
    peer_ = plain_peer(std::move(peer_side));
  }
  Result<RelayTotals> relay(const RelayOptions& options) override {
    return tcpc::relay(socket_, options);
  }
  Socket& socket() override { return socket_; }

 private:
  Socket socket_;
};

// relay(Stream&) over a Stream the link owns.
class StreamLink final : public Link {
 public:
  StreamLink(std::unique_ptr<Stream> relay_side, std::unique_ptr<Stream> peer_side, bool plain)
      : stream_(std::move(relay_side)), plain_(plain) {
    peer_ = std::move(peer_side);
  }
  Result<RelayTotals> relay(const RelayOptions& options) override {
    return tcpc::relay(*stream_, options);
  }
  Socket& socket() override { return stream_->socket(); }
  bool plain() const override { return plain_; }

 private:
  std::unique_ptr<Stream> stream_;
  bool plain_;
};

// A Unix socket path in a fresh directory, both removed at the end.
class UnixPath {
 public:
  UnixPath() {
    char pattern[] = "/tmp/tcpc-relay-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw system_error(errno, "mkdtemp");
    directory_ = pattern;
    path_ = directory_ + "/socket";
  }
  ~UnixPath() {
    ::unlink(path_.c_str());
    ::rmdir(directory_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string directory_;
  std::string path_;
};

inline std::unique_ptr<Link> tls_link(Listener& listener) {
  auto server = tls::Context::server(tls::ServerConfig{});
  if (!server) throw server.error();
  tls::ClientConfig client_config;
  client_config.verify = false;  // the temporary certificate
  auto client = tls::Context::client(client_config);
  if (!client) throw client.error();
  Socket relay_side = must(connect(listener.local()));
  Socket peer_side = must(listener.accept());
  auto accepted = std::async(std::launch::async,
                             [&] { return tls::accept(std::move(peer_side), *server, kPatience); });
  auto connected = tls::connect(std::move(relay_side), *client, "127.0.0.1", kPatience);
  auto peer = accepted.get();
  if (!connected) throw connected.error();
  if (!peer) throw peer.error();
  return std::make_unique<StreamLink>(std::move(*connected), std::move(*peer), false);
}

inline std::unique_ptr<Link> make_link(Transport transport, const UnixPath& unix_path) {
  if (transport == Transport::unix_path) {
    auto endpoint = Endpoint::unix_path(unix_path.path());
    if (!endpoint) throw endpoint.error();
    auto listener = Listener::bind(std::vector<Endpoint>{*endpoint});
    if (!listener) throw listener.error();
    Socket relay_side = must(connect(*endpoint));
    return std::make_unique<SocketLink>(std::move(relay_side), must(listener->accept()));
  }
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  if (!listener) throw listener.error();
  if (transport == Transport::tls) return tls_link(*listener);
  Socket relay_side = must(connect(listener->local()));
  Socket peer_side = must(listener->accept());
  if (transport == Transport::tcp) {
    return std::make_unique<SocketLink>(std::move(relay_side), std::move(peer_side));
  }
  return std::make_unique<StreamLink>(plain_peer(std::move(relay_side)),
                                      plain_peer(std::move(peer_side)), true);
}

// The peer's side, driven step by step; each step gives up after kPatience.
inline bool peer_send(Stream& peer, std::string_view data) {
  return write_all(peer, data, kPatience).ok();
}

// Everything until end of stream, `size` bytes or `patience`, whichever is first.
inline Received peer_read(Stream& peer, std::size_t size = SIZE_MAX,
                          std::chrono::milliseconds patience = kPatience) {
  Received received;
  const auto deadline = Clock::now() + patience;
  std::string chunk(64 * 1024, '\0');
  while (received.data.size() < size) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return received;
    const std::size_t want = std::min(chunk.size(), size - received.data.size());
    auto n = read_within(peer, std::span<char>(chunk.data(), want), left);
    if (!n) {
      received.error = n.error();
      return received;
    }
    if (!*n) return received;  // nothing in time
    if (**n == 0) {
      received.eof = true;
      return received;
    }
    received.data.append(chunk.data(), **n);
  }
  return received;
}

// Our end of stream (TLS: close_notify first), then the socket closes.
inline bool peer_close(Stream& peer) {
  const auto deadline = Clock::now() + kPatience;
  for (;;) {
    auto step = peer.shutdown_write();
    if (!step) return false;
    if (*step == Want::nothing) break;
    pollfd entry{peer.fd(), poll_events_for(*step), 0};
    if (Clock::now() > deadline || ::poll(&entry, 1, 100) < 0) return false;
  }
  return peer.socket().close().ok();
}

// The connection fails: over TCP an RST instead of an orderly close; a Unix
// socket has no RST, but closing it with bytes unread fails the other end
// with ECONNRESET too, so callers make sure some have arrived first.
inline bool peer_reset(Stream& peer) {
  return set_linger_zero(peer.fd()) && peer.socket().close().ok();
}

// Echoes everything back in its own thread until end of stream, then ends
// its own direction too.
class PeerEcho {
 public:
  explicit PeerEcho(Stream& peer)
      : thread_([&peer, this] {
          std::string chunk(64 * 1024, '\0');
          for (;;) {
            auto n = read_within(peer, chunk, kPatience);
            if (!n || !*n) return;  // failure or silence: the test fails elsewhere
            if (**n == 0) break;
            if (!write_all(peer, std::string_view(chunk.data(), **n), kPatience)) return;
            echoed_ += **n;
          }
          (void)peer.shutdown_write();
        }) {}
  ~PeerEcho() { join(); }
  std::size_t join() {
    if (thread_.joinable()) thread_.join();
    return echoed_;
  }

 private:
  std::size_t echoed_ = 0;
  std::thread thread_;
};

// relay() in its own thread, so the test thread can play the peer. If the
// relay does not finish in time, it is cancelled (its own cancel pipe, when
// the test gave none) and its socket shut down, and the test fails instead
// of hanging.
class RelayThread {
 public:
  RelayThread(Link& link, RelayOptions options) : link_(link), stop_(Pipe::make()) {
    if (options.cancel_fd < 0) options.cancel_fd = stop_.read.get();
    std::promise<Result<RelayTotals>> promise;
    done_ = promise.get_future();
    thread_ = std::thread([this, options, promise = std::move(promise)]() mutable {
      promise.set_value(link_.relay(options));
    });
  }
  ~RelayThread() { unblock_and_join(); }

  Result<RelayTotals> finish(std::chrono::milliseconds patience = kPatience) {
    if (done_.wait_for(patience) != std::future_status::ready) {
      ADD_FAILURE() << "relay() still running after " << patience.count() << " ms";
      unblock_and_join();
      return Error(std::make_error_code(std::errc::timed_out), "relay did not finish");
    }
    thread_.join();
    return done_.get();
  }

 private:
  void unblock_and_join() {
    if (!thread_.joinable()) return;
    (void)write_all(stop_.write.get(), "x");
    ::shutdown(link_.socket().fd(), SHUT_RDWR);
    thread_.join();
  }

  Link& link_;
  Pipe stop_;
  std::future<Result<RelayTotals>> done_;
  std::thread thread_;
};

// Waits until bytes have arrived at the peer, without reading them.
inline bool peer_has_data(Stream& peer) {
  pollfd entry{peer.fd(), POLLIN, 0};
  return ::poll(&entry, 1, static_cast<int>(kPatience.count())) == 1;
}

}  // namespace tcpc::test
