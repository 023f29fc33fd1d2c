// SPDX-License-Identifier: MIT
#include "tcpc/server.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <unordered_map>
#include <vector>

#include "byte_buffer.hpp"
#include "poller.hpp"

namespace tcpc {
namespace {

struct Client {
  Client(Socket s, std::size_t capacity) : socket(std::move(s)), pending(capacity) {}
  Socket socket;
  detail::ByteBuffer pending;  // received, not yet echoed
  bool peer_done = false;      // the client half-closed
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  // Set when ServerOptions::wrap made the connection a stream (TLS); it then
  // owns the socket and serve_stream() runs the client.
  std::unique_ptr<Stream> stream;
  bool ready = false;  // the stream's handshake is done
  Want handshake_wants = Want::read;
  Want read_wants = Want::read;
  Want write_wants = Want::write;
};

// The client's socket, wherever it lives.
Socket& socket_of(Client& client) {
  return client.stream ? client.stream->socket() : client.socket;
}

std::uint32_t event_for(Want want) {
  return want == Want::write ? detail::kWritable : detail::kReadable;
}

// What a stream client waits for: its handshake, or reads and writes that
// may need the other readiness (TLS).
std::uint32_t stream_interest(const Client& client) {
  if (!client.ready) return event_for(client.handshake_wants);
  std::uint32_t wanted = 0;
  if (!client.peer_done && !client.pending.full()) wanted |= event_for(client.read_wants);
  if (!client.pending.empty()) wanted |= event_for(client.write_wants);
  return wanted;
}

}  // namespace

struct Server::State {
  Listener listener;
  ServerOptions options;
  std::unique_ptr<detail::Poller> poller;
  Fd wake_read;  // stop() writes a byte to wake_write
  Fd wake_write;
  std::unordered_map<int, Client> clients;
  bool accepting = true;
  ServerTotals totals;

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }

  std::uint32_t interest(const Client& client) const {
    if (client.stream) return stream_interest(client);
    std::uint32_t wanted = 0;
    if (!client.peer_done && !client.pending.full()) wanted |= detail::kReadable;
    if (!client.pending.empty()) wanted |= detail::kWritable;
    return wanted;
  }

  void drop(int fd, const std::string& reason) {
    auto it = clients.find(fd);
    Client& client = it->second;
    log(socket_of(client).peer().to_string() + " closed" + reason + " (" +
        std::to_string(client.bytes_in) + " bytes in, " + std::to_string(client.bytes_out) +
        " out)");
    totals.bytes_received += client.bytes_in;
    totals.bytes_sent += client.bytes_out;
    poller->remove(fd);
    clients.erase(it);
    if (!accepting && (options.max_clients == 0 || clients.size() < options.max_clients) &&
        !options.once) {
      accepting = poller->modify(listener.fd(), detail::kReadable).ok();
    }
  }

  Result<void> accept_clients() {
    for (;;) {
      if (options.max_clients != 0 && clients.size() >= options.max_clients) {
        accepting = false;
        return poller->modify(listener.fd(), 0);
      }
      auto accepted = listener.accept();
      if (!accepted) {
        // Out of descriptors or memory: keep serving those we have.
        log(accepted.error().message());
        return {};
      }
      if (!accepted->is_open()) return {};
      Socket socket = std::move(*accepted);
      if (auto nb = socket.set_nonblocking(true); !nb) {
        log(nb.error().message());
        continue;
      }
      const int fd = socket.fd();
      log("connection from " + socket.peer().to_string());
      ++totals.clients;
      auto [it, inserted] = clients.try_emplace(fd, std::move(socket), options.buffer_size);
      if (options.wrap) {
        if (auto wrapped = options.wrap(std::move(it->second.socket)); wrapped) {
          it->second.stream = std::move(*wrapped);
        } else {
          log(wrapped.error().message());
          clients.erase(it);
          continue;
        }
      }
      if (auto added = poller->add(fd, interest(it->second)); !added) {
        clients.erase(it);
        log(added.error().message());
      }
      if (options.once) {
        accepting = false;
        return poller->modify(listener.fd(), 0);
      }
    }
  }

  // Echo: read what fits, send back what we have. Returns false once the
  // client is finished (dropped).
  void serve(int fd, std::uint32_t events) {
    Client& client = clients.at(fd);
    if (client.stream) return serve_stream(fd, client, events);
    if (events & (detail::kReadable | detail::kClosed) && !client.peer_done &&
        !client.pending.full()) {
      std::span<char> space = client.pending.writable();
      auto received = client.socket.recv_some(space);
      if (!received) {
        if (received.error().code() != std::errc::resource_unavailable_try_again) {
          return drop(fd, ": " + received.error().message());
        }
      } else if (*received == 0) {
        client.peer_done = true;
      } else {
        client.pending.commit(*received);
        client.bytes_in += *received;
      }
    }
    if (!client.pending.empty()) {
      auto sent = client.socket.send_some(client.pending.readable());
      if (!sent) return drop(fd, ": " + sent.error().message());
      client.pending.consume(*sent);
      client.bytes_out += *sent;
    }
    if (client.peer_done && client.pending.empty()) return drop(fd, "");
    if (auto changed = poller->modify(fd, interest(client)); !changed) {
      return drop(fd, ": " + changed.error().message());
    }
  }

  // Echo over a stream: the handshake first, then as serve() does, with each
  // read and write saying which readiness it waits for.
  void serve_stream(int fd, Client& client, std::uint32_t events) {
    Stream& stream = *client.stream;
    if (!client.ready) {
      auto step = stream.handshake();
      if (!step) return drop(fd, ": " + step.error().message());
      client.handshake_wants = *step;
      client.ready = *step == Want::nothing;
      if (client.ready && options.on_ready) options.on_ready(stream);
      events = client.ready ? detail::kReadable | detail::kWritable : 0;
    }
    // More rounds only while decrypted bytes wait inside the stream, where
    // no readiness event would announce them.
    for (bool first = true; client.ready; first = false) {
      const bool readable = events & (event_for(client.read_wants) | detail::kClosed);
      if ((first ? readable : stream.has_pending()) && !client.peer_done &&
          !client.pending.full()) {
        auto received = stream.read_some(client.pending.writable());
        if (!received) return drop(fd, ": " + received.error().message());
        client.read_wants = received->want == Want::nothing ? Want::read : received->want;
        if (received->want == Want::nothing && received->bytes == 0) {
          client.peer_done = true;
        } else {
          client.pending.commit(received->bytes);
          client.bytes_in += received->bytes;
        }
      }
      if (!client.pending.empty()) {
        auto sent = stream.write_some(client.pending.readable());
        if (!sent) return drop(fd, ": " + sent.error().message());
        client.pending.consume(sent->bytes);
        client.bytes_out += sent->bytes;
        client.write_wants = sent->want == Want::nothing ? Want::write : sent->want;
      }
      if (!stream.has_pending() || client.peer_done || client.pending.full()) break;
    }
    if (client.ready && client.peer_done && client.pending.empty()) {
      (void)stream.shutdown_write();  // TLS: close_notify; best effort, we close anyway
      return drop(fd, "");
    }
    if (auto changed = poller->modify(fd, interest(client)); !changed) {
      return drop(fd, ": " + changed.error().message());
    }
  }
};

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}
Server::Server(Server&&) noexcept = default;
Server& Server::operator=(Server&&) noexcept = default;
Server::~Server() = default;

Result<Server> Server::create(Listener listener, ServerOptions options) {
  auto state = std::make_unique<State>();
  state->listener = std::move(listener);
  state->options = std::move(options);
  auto poller = detail::Poller::create();
  if (!poller) return poller.error();
  state->poller = std::move(*poller);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) return system_error(errno, "pipe");
  state->wake_read = Fd(pipe_fds[0]);
  state->wake_write = Fd(pipe_fds[1]);

  if (auto nb = state->listener.set_nonblocking(true); !nb) return nb.error();
  if (auto added = state->poller->add(state->listener.fd(), detail::kReadable); !added)
    return added.error();
  if (auto added = state->poller->add(state->wake_read.get(), detail::kReadable); !added)
    return added.error();
  return Server(std::move(state));
}

const Endpoint& Server::local() const noexcept {
  return state_->listener.local();
}

void Server::stop() noexcept {
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(state_->wake_write.get(), &byte, 1);
}

Result<ServerTotals> Server::run() {
  State& s = *state_;
  std::vector<detail::Ready> ready;
  for (;;) {
    if (auto waited = s.poller->wait(ready, -1); !waited) return waited.error();
    for (const detail::Ready& event : ready) {
      if (event.fd == s.wake_read.get()) {
        return s.totals;
      } else if (event.fd == s.listener.fd()) {
        if (auto accepted = s.accept_clients(); !accepted) return accepted.error();
      } else if (s.clients.count(event.fd)) {
        s.serve(event.fd, event.events);
      }
    }
    if (s.options.once && !s.accepting && s.clients.empty()) return s.totals;
  }
}

}  // namespace tcpc
