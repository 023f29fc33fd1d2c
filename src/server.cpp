// SPDX-License-Identifier: MIT
#include "tcpc/server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "byte_buffer.hpp"
#include "poller.hpp"
#include "server_modes.hpp"
#include "splice.hpp"
#include "splice_echo.hpp"

namespace tcpc {
namespace {

struct Client {
  Client(Socket s, std::size_t capacity) : socket(std::move(s)), pending(capacity) {}
  Socket socket;
  detail::ByteBuffer pending;  // received, not yet echoed
  bool peer_done = false;      // the client half-closed
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::chrono::steady_clock::time_point accepted = std::chrono::steady_clock::now();
  std::uint64_t bytes_spliced = 0;
  std::uint32_t registered = 0;  // the interest the poller has, to skip needless epoll_ctl
  // Echo by splice() once the client proves to be a bulk sender (it filled
  // `pending` in one read); `bulk` asks for it as soon as `pending` is empty.
  std::optional<detail::SpliceEcho> spliced;
  bool bulk = false;
  std::uint64_t id = 0;                              // "#1" in the log
  std::unique_ptr<detail::ModeBehaviour> behaviour;  // every mode but echo
  bool write_shut = false;
  // Set when ServerOptions::wrap made the connection a stream (TLS); it then
  // owns the socket and serve_stream() runs the client.
  std::unique_ptr<Stream> stream;
  bool ready = false;  // the stream's handshake is done
  Want handshake_wants = Want::read;
  Want read_wants = Want::read;
  Want write_wants = Want::write;
};

// A client that stopped reading may have this many times the buffer size
// queued by send_to() before more is refused.
constexpr std::size_t kSendToBacklog = 4;

// The client's socket, wherever it lives.
Socket& socket_of(Client& client) {
  return client.stream ? client.stream->socket() : client.socket;
}
const Socket& socket_of(const Client& client) {
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
  std::uint64_t last_id = 0;
  std::unordered_map<int, std::function<void()>> watches;
  std::string scratch;  // modes other than echo read here

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }

  std::uint32_t interest(const Client& client) const {
    if (client.stream) return stream_interest(client);
    if (client.spliced) {
      std::uint32_t wanted = 0;
      if (!client.peer_done && !client.spliced->full()) wanted |= detail::kReadable;
      if (client.spliced->holding()) wanted |= detail::kWritable;
      return wanted;
    }
    std::uint32_t wanted = 0;
    if (!client.peer_done && !client.pending.full()) wanted |= detail::kReadable;
    if (!client.pending.empty()) wanted |= detail::kWritable;
    return wanted;
  }

  void drop(int fd, const std::string& reason) {
    auto it = clients.find(fd);
    Client& client = it->second;
    log(label(client) + " closed" + reason + " (" + std::to_string(client.bytes_in) +
        " bytes in, " + std::to_string(client.bytes_out) + " out)");
    if (options.on_client_closed) {
      options.on_client_closed(socket_of(client),
                               {client.bytes_in, client.bytes_out, client.accepted});
    }
    totals.bytes_received += client.bytes_in;
    totals.bytes_sent += client.bytes_out;
    totals.bytes_spliced += client.bytes_spliced;
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
      log(fmt::format("#{} connection from {}", last_id + 1, socket.peer().to_string()));
      ++totals.clients;
      auto [it, inserted] = clients.try_emplace(fd, std::move(socket), options.buffer_size);
      it->second.id = ++last_id;
      if (options.wrap) {
        if (auto wrapped = options.wrap(std::move(it->second.socket)); wrapped) {
          it->second.stream = std::move(*wrapped);
        } else {
          log(wrapped.error().message());
          clients.erase(it);
          continue;
        }
      }
      if (options.mode != ServerMode::echo) {
        it->second.behaviour = detail::make_behaviour(options);
        it->second.behaviour->refill(it->second.pending);
      }
      it->second.registered = interest(it->second);
      if (auto added = poller->add(fd, it->second.registered); !added) {
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
    if (options.mode != ServerMode::echo) return serve_mode(fd, events);
    Client& client = clients.at(fd);
    if (client.stream) return serve_stream(fd, client, events);
    if (client.spliced) return serve_spliced(fd, client, events);
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
        if (*received == space.size() && options.mode == ServerMode::echo) client.bulk = true;
      }
    }
    if (!client.pending.empty()) {
      auto sent = client.socket.send_some(client.pending.readable());
      if (!sent) return drop(fd, ": " + sent.error().message());
      client.pending.consume(*sent);
      client.bytes_out += *sent;
    }
    if (client.peer_done && client.pending.empty()) return drop(fd, "");
    if (client.bulk && client.pending.empty()) {
      client.bulk = false;
      client.spliced = detail::SpliceEcho::create();  // stays empty: keep copying
    }
    update_interest(fd, client);
  }

  // Echo without a copy: socket -> pipe -> socket.
  void serve_spliced(int fd, Client& client, std::uint32_t events) {
    const bool readable = events & (detail::kReadable | detail::kClosed) && !client.peer_done;
    const auto moved = client.spliced->step(fd, readable);
    client.bytes_in += moved.in;
    client.bytes_out += moved.out;
    client.bytes_spliced += moved.out;
    if (moved.error != 0) {
      const std::string context = "echo to " + client.socket.peer().to_string();
      return drop(fd, ": " + system_error(moved.error, context).message());
    }
    if (moved.peer_done) client.peer_done = true;
    if (client.peer_done && !client.spliced->holding()) return drop(fd, "");
    update_interest(fd, client);
  }

  void update_interest(int fd, Client& client) {
    const std::uint32_t wanted = interest(client);
    if (wanted == client.registered) return;
    if (auto changed = poller->modify(fd, wanted); !changed) {
      return drop(fd, ": " + changed.error().message());
    }
    client.registered = wanted;
  }

  static std::string label(const Client& client) {
    return fmt::format("#{} {}", client.id, socket_of(client).peer().to_string());
  }

  // Every mode but echo: read into scratch space and let the mode's
  // behaviour answer; send what is queued; half-close and close as it says.
  void serve_mode(int fd, std::uint32_t events) {
    Client& client = clients.at(fd);
    detail::ModeBehaviour& behaviour = *client.behaviour;
    if (events & (detail::kReadable | detail::kClosed) && !client.peer_done &&
        !client.pending.full()) {
      scratch.resize(options.buffer_size);
      auto received = client.socket.recv_some(scratch);
      if (!received) {
        if (received.error().code() != std::errc::resource_unavailable_try_again) {
          return drop(fd, ": " + received.error().message());
        }
      } else if (*received == 0) {
        client.peer_done = true;
      } else {
        const std::string_view bytes(scratch.data(), *received);
        client.bytes_in += *received;
        if (options.on_data) options.on_data({client.id, client.socket.peer(), bytes});
        behaviour.on_data(bytes, client.pending);
      }
    }
    behaviour.refill(client.pending);
    if (!client.pending.empty()) {
      auto sent = client.socket.send_some(client.pending.readable());
      if (!sent) return drop(fd, ": " + sent.error().message());
      client.pending.consume(*sent);
      client.bytes_out += *sent;
      behaviour.refill(client.pending);
    }
    const bool sent_all = client.pending.empty() && behaviour.done_sending();
    if (sent_all && behaviour.half_close_when_done() && !client.write_shut) {
      client.write_shut = true;
      if (auto shut = client.socket.shutdown_write(); !shut) {
        return drop(fd, ": " + shut.error().message());
      }
    }
    if (client.peer_done && sent_all) return drop(fd, "");
    update_interest(fd, client);
  }

  Client* find(std::uint64_t id) {
    Client* newest = nullptr;
    for (auto& [fd, client] : clients) {
      if (id != 0 && client.id == id) return &client;
      if (id == 0 && (!newest || client.id > newest->id)) newest = &client;
    }
    return newest;
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
  if (state->options.cancel_fd >= 0) {
    if (auto added = state->poller->add(state->options.cancel_fd, detail::kReadable); !added)
      return added.error();
  }
  return Server(std::move(state));
}

const Endpoint& Server::local() const noexcept {
  return state_->listener.local();
}

Result<std::uint64_t> Server::send_to(std::uint64_t id, std::string_view bytes) {
  State& s = *state_;
  Client* client = s.find(id);
  if (!client) {
    return Error(errc::invalid_argument, "",
                 id == 0 ? std::string("no client is connected")
                         : fmt::format("no client #{} is connected", id));
  }
  if (client->pending.size() > kSendToBacklog * s.options.buffer_size) {
    return Error(errc::invalid_argument, "",
                 fmt::format("client #{} is not reading: {} bytes are still queued", client->id,
                             client->pending.size()));
  }
  client->pending.append(bytes);
  const std::uint32_t wanted = s.interest(*client);
  if (wanted != client->registered) {
    if (auto changed = s.poller->modify(client->socket.fd(), wanted); !changed)
      return changed.error();
    client->registered = wanted;
  }
  return client->id;
}

Result<void> Server::watch(int fd, std::function<void()> on_ready) {
  State& s = *state_;
  if (auto added = s.poller->add(fd, detail::kReadable); !added) return added.error();
  s.watches[fd] = std::move(on_ready);
  return {};
}

void Server::stop() noexcept {
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(state_->wake_write.get(), &byte, 1);
}

Result<ServerTotals> Server::run() {
  State& s = *state_;
  std::vector<detail::Ready> ready;
  // splice() into a client that has gone raises SIGPIPE: keep it away.
  detail::SigpipeBlock no_sigpipe;
  for (;;) {
    if (auto waited = s.poller->wait(ready, -1); !waited) return waited.error();
    for (const detail::Ready& event : ready) {
      if (event.fd == s.wake_read.get()) {
        return s.totals;
      } else if (event.fd == s.options.cancel_fd) {
        while (!s.clients.empty())
          s.drop(s.clients.begin()->first, " (server stopped)");
        return s.totals;
      } else if (event.fd == s.listener.fd()) {
        if (auto accepted = s.accept_clients(); !accepted) return accepted.error();
      } else if (s.clients.count(event.fd)) {
        s.serve(event.fd, event.events);
      } else if (auto watched = s.watches.find(event.fd); watched != s.watches.end()) {
        watched->second();
      }
    }
    if (s.options.once && !s.accepting && s.clients.empty()) return s.totals;
  }
}

}  // namespace tcpc
