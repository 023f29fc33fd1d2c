// SPDX-License-Identifier: MIT
#include "tcpc/server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/poller.hpp"
#include "relay/splice.hpp"
#include "server/server_client.hpp"
#include "tcpc/deadline.hpp"
#include "tcpc/socket_options.hpp"

namespace tcpc {
namespace {

using detail::ServerClient;

// A client that stopped reading may have this many times the buffer size
// queued by send_to() before more is refused.
constexpr std::size_t kSendToBacklog = 4;

// What the server's clients run over: the plain socket, or what wrap makes of it.
Result<std::unique_ptr<Stream>> transport_for(Socket socket, const ServerOptions& options) {
  if (options.wrap) {
    if (auto nb = socket.set_nonblocking(true); !nb) return nb.error();
    return options.wrap(std::move(socket));
  }
  auto plain = SocketStream::wrap(std::move(socket));
  if (!plain) return plain.error();
  return std::unique_ptr<Stream>(std::make_unique<SocketStream>(std::move(*plain)));
}

}  // namespace

std::string describe(const ServerEvent& event) {
  const std::string peer = event.peer.to_string();
  switch (event.kind) {
    case ServerEvent::Kind::accepted:
      return fmt::format("#{} connection from {}", event.client, peer);
    case ServerEvent::Kind::turned_away:
      return fmt::format("connection from {} turned away: {} client{} connected, the most allowed",
                         peer, event.connected, event.connected == 1 ? "" : "s");
    case ServerEvent::Kind::failed:
      return event.error ? event.error->message() : std::string("failed");
    case ServerEvent::Kind::denied:
      return fmt::format("connection from {} denied: not allowed", peer);
    case ServerEvent::Kind::rule_fired:
      return fmt::format("#{} rule {} ({}) answered: {} byte{}{}", event.client, event.rule,
                         event.rule_text, event.bytes, event.bytes == 1 ? "" : "s",
                         event.delay.count() > 0 ? fmt::format(" after {} ms", event.delay.count())
                                                 : std::string());
    case ServerEvent::Kind::no_rule:
      return fmt::format("#{} no rule matched {} byte{}", event.client, event.bytes,
                         event.bytes == 1 ? "" : "s");
    case ServerEvent::Kind::closed:
      break;
  }
  std::string how;
  switch (event.end) {
    case ServerEvent::End::finished:
      break;
    case ServerEvent::End::failed:
      how = ": " + (event.error ? event.error->message() : std::string("failed"));
      break;
    case ServerEvent::End::kicked:
      how = " by the server";
      break;
    case ServerEvent::End::stopped:
      how = " (server stopped)";
      break;
  }
  const std::uint64_t in = event.summary.bytes_received;
  return fmt::format("#{} {} closed{} ({} byte{} in, {} out)", event.client, peer, how, in,
                     in == 1 ? "" : "s", event.summary.bytes_sent);
}

struct Server::State {
  Listener listener;
  ServerOptions options;
  std::unique_ptr<detail::Poller> poller;
  Fd wake_read;  // stop() writes a byte to wake_write
  Fd wake_write;
  std::unordered_map<int, ServerClient> clients;
  bool accepting = true;
  ServerTotals totals;
  std::uint64_t last_id = 0;
  std::unordered_map<int, std::function<void()>> watches;
  std::string scratch;  // modes other than echo read here

  void report(const ServerEvent& event) const {
    if (options.on_event) options.on_event(event);
    if (options.log) options.log(describe(event));
  }

  void report_failure(Error error) const {
    ServerEvent event;
    event.kind = ServerEvent::Kind::failed;
    event.error = std::move(error);
    report(event);
  }

  void drop(int fd, ServerEvent::End end, std::optional<Error> error = std::nullopt) {
    auto it = clients.find(fd);
    ServerClient& client = it->second;
    const ClientSummary& summary = client.summary();
    ServerEvent event;
    event.kind = ServerEvent::Kind::closed;
    event.client = client.id();
    event.peer = client.peer();
    event.end = end;
    event.summary = summary;
    event.error = std::move(error);
    report(event);
    if (options.on_client_closed) options.on_client_closed(client.socket(), summary);
    // A clean end (TLS: close_notify) unless it failed or the server is stopping.
    if (end == ServerEvent::End::finished || end == ServerEvent::End::kicked) client.say_goodbye();
    totals.bytes_received += summary.bytes_received;
    totals.bytes_sent += summary.bytes_sent;
    totals.bytes_spliced += client.bytes_spliced();
    poller->remove(fd);
    clients.erase(it);
    if (!accepting && (options.max_clients == 0 || clients.size() < options.max_clients) &&
        !options.once) {
      accepting = poller->modify(listener.fd(), detail::kReadable).ok();
    }
  }

  // A client beyond max_clients, with busy_message set: told and closed.
  void turn_away(Socket client) {
    ServerEvent event;
    event.kind = ServerEvent::Kind::turned_away;
    event.peer = client.peer();
    event.connected = clients.size();
    report(event);
    if (!options.wrap && !options.busy_message->empty())
      (void)client.send_some(*options.busy_message);  // best effort: the socket is fresh
    (void)client.close();
  }

  bool admitted(const Socket& client) const {
    return !options.access.restricts() || options.access.admits(client.peer());
  }

  // A client --allow/--deny does not admit: reset, unread and unanswered.
  void deny(Socket client) {
    ServerEvent event;
    event.kind = ServerEvent::Kind::denied;
    event.peer = client.peer();
    report(event);
    (void)set_reset_on_close(client.fd());  // best effort: a plain close still serves nothing
    (void)client.close();
  }

  Result<void> accept_clients() {
    for (;;) {
      const bool full = options.max_clients != 0 && clients.size() >= options.max_clients;
      if (full && !options.busy_message) {
        accepting = false;
        return poller->modify(listener.fd(), 0);
      }
      if (full) {
        auto refused = listener.accept();
        if (!refused || !refused->is_open()) return {};
        // Not even the busy message for a client --deny keeps out.
        if (!admitted(*refused)) {
          deny(std::move(*refused));
        } else {
          turn_away(std::move(*refused));
        }
        continue;
      }
      auto accepted = listener.accept();
      if (!accepted) {
        // Out of descriptors or memory: keep serving those we have.
        report_failure(accepted.error());
        return {};
      }
      if (!accepted->is_open()) return {};
      if (!admitted(*accepted)) {
        deny(std::move(*accepted));
        continue;
      }
      const int fd = accepted->fd();
      ServerEvent event;
      event.kind = ServerEvent::Kind::accepted;
      event.client = last_id + 1;
      event.peer = accepted->peer();
      report(event);
      ++totals.clients;
      const std::uint64_t id = ++last_id;
      auto stream = transport_for(std::move(*accepted), options);
      if (!stream) {
        report_failure(stream.error());
        continue;
      }
      auto [it, inserted] = clients.try_emplace(fd, id, std::move(*stream), options);
      it->second.registered = it->second.interest();
      if (auto added = poller->add(fd, it->second.registered); !added) {
        clients.erase(it);
        report_failure(added.error());
      }
      if (options.once) {
        accepting = false;
        return poller->modify(listener.fd(), 0);
      }
    }
  }

  // Whatever the mode and the transport: let the client move what it can.
  void serve(int fd, std::uint32_t events) {
    ServerClient& client = clients.at(fd);
    auto progress = client.step(events, scratch);
    if (!progress) return drop(fd, ServerEvent::End::failed, progress.error());
    if (*progress == ServerClient::Progress::finished) return drop(fd, ServerEvent::End::finished);
    if (auto updated = update_interest(fd, client); !updated) {
      return drop(fd, ServerEvent::End::failed, updated.error());
    }
  }

  Result<void> update_interest(int fd, ServerClient& client) {
    const std::uint32_t wanted = client.interest();
    if (wanted == client.registered) return {};
    if (auto changed = poller->modify(fd, wanted); !changed) return changed;
    client.registered = wanted;
    return {};
  }

  // Modes with timed work (reply by rule's delays) only: the poll timeout
  // until the soonest, and a step for each client whose time has come.
  bool timed() const { return options.mode == ServerMode::reply && options.rules; }

  int next_timeout() const {
    if (!timed()) return -1;
    int timeout = -1;
    for (const auto& [fd, client] : clients) {
      if (auto due = client.due()) timeout = sooner_timeout(timeout, poll_timeout_until(*due));
    }
    return timeout;
  }

  void serve_due() {
    if (!timed()) return;
    const auto now = std::chrono::steady_clock::now();
    std::vector<int> due;
    for (const auto& [fd, client] : clients) {
      if (auto when = client.due(); when && *when <= now) due.push_back(fd);
    }
    for (int fd : due) {
      if (clients.count(fd)) serve(fd, 0);
    }
  }

  ServerClient* find(std::uint64_t id) {
    ServerClient* newest = nullptr;
    for (auto& [fd, client] : clients) {
      if (id != 0 && client.id() == id) return &client;
      if (id == 0 && (!newest || client.id() > newest->id())) newest = &client;
    }
    return newest;
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
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
    return system_error(errno, Operation::system_call, "pipe");
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
  ServerClient* client = s.find(id);
  if (!client) {
    return Error(errc::invalid_argument, Operation::none, {},
                 id == 0 ? std::string("no client is connected")
                         : fmt::format("no client #{} is connected", id));
  }
  if (client->queued() > kSendToBacklog * s.options.buffer_size) {
    return Error(errc::invalid_argument, Operation::none, {},
                 fmt::format("client #{} is not reading: {} bytes are still queued", client->id(),
                             client->queued()));
  }
  client->queue(bytes);
  if (auto updated = s.update_interest(client->socket().fd(), *client); !updated)
    return updated.error();
  return client->id();
}

std::vector<ClientStatus> Server::clients() const {
  std::vector<ClientStatus> list;
  for (const auto& [fd, client] : state_->clients)
    list.push_back(ClientStatus{client.id(), client.peer(), client.summary()});
  std::sort(list.begin(), list.end(),
            [](const ClientStatus& a, const ClientStatus& b) { return a.id < b.id; });
  return list;
}

Result<void> Server::close_client(std::uint64_t id) {
  State& s = *state_;
  ServerClient* client = id == 0 ? nullptr : s.find(id);
  if (!client)
    return Error(errc::invalid_argument, "", fmt::format("no client #{} is connected", id));
  s.drop(client->socket().fd(), ServerEvent::End::kicked);
  return {};
}

ServerTotals Server::totals() const {
  return state_->totals;
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
    if (auto waited = s.poller->wait(ready, s.next_timeout()); !waited) return waited.error();
    for (const detail::Ready& event : ready) {
      if (event.fd == s.wake_read.get() || event.fd == s.options.cancel_fd) {
        while (!s.clients.empty())
          s.drop(s.clients.begin()->first, ServerEvent::End::stopped);
        return s.totals;
      } else if (event.fd == s.listener.fd()) {
        if (auto accepted = s.accept_clients(); !accepted) return accepted.error();
      } else if (s.clients.count(event.fd)) {
        s.serve(event.fd, event.events);
      } else if (auto watched = s.watches.find(event.fd); watched != s.watches.end()) {
        watched->second();
      }
    }
    s.serve_due();
    if (s.options.once && !s.accepting && s.clients.empty()) return s.totals;
  }
}

}  // namespace tcpc
