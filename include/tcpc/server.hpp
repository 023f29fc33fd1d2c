// SPDX-License-Identifier: MIT
// A server for many clients at once in one thread (epoll), the "network
// debugging assistant in TCP server mode" that learners and tests connect to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "tcpc/listener.hpp"
#include "tcpc/result.hpp"
#include "tcpc/stream.hpp"

namespace tcpc {

enum class ServerMode {
  echo,  // send back every byte; close after the client half-closes
};

struct ServerOptions {
  ServerMode mode = ServerMode::echo;
  std::size_t max_clients = 0;  // 0: no limit; beyond it, new clients wait in the backlog
  bool once = false;            // return after the first client leaves
  std::size_t buffer_size = 64 * 1024;
  // Receives one line per event ("connection from ...", "... closed").
  std::function<void(std::string_view)> log;
  // Turns each accepted socket into the stream served (TLS sessions:
  // tls::TlsStream::server); empty: the plain socket. Handshakes run in the
  // event loop; a client whose handshake fails is logged and dropped.
  std::function<Result<std::unique_ptr<Stream>>(Socket)> wrap;
  // Called once a client's handshake is done (e.g. to log its certificate).
  std::function<void(Stream&)> on_ready;
};

struct ServerTotals {
  std::uint64_t clients = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
};

class Server {
 public:
  static Result<Server> create(Listener listener, ServerOptions options = {});
  Server(Server&&) noexcept;
  Server& operator=(Server&&) noexcept;
  ~Server();

  const Endpoint& local() const noexcept;

  // Serves until stop() (or, with `once`, until the first client leaves).
  Result<ServerTotals> run();
  // Safe from another thread and from a signal handler.
  void stop() noexcept;

 private:
  struct State;
  explicit Server(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tcpc
