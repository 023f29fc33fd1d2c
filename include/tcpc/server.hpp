// SPDX-License-Identifier: MIT
// A server for many clients at once in one thread (epoll), the "network
// debugging assistant in TCP server mode" that learners and tests connect to.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "tcpc/listener.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

enum class ServerMode {
  echo,  // send back every byte; close after the client half-closes
};

// What one client did, for ServerOptions::on_client_closed.
struct ClientSummary {
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::chrono::steady_clock::time_point accepted;
};

struct ServerOptions {
  ServerMode mode = ServerMode::echo;
  std::size_t max_clients = 0;  // 0: no limit; beyond it, new clients wait in the backlog
  bool once = false;            // return after the first client leaves
  std::size_t buffer_size = 64 * 1024;
  // Receives one line per event ("connection from ...", "... closed").
  std::function<void(std::string_view)> log;
  // Called as each client leaves, while its socket is still open (--stats
  // reads TCP_INFO from it).
  std::function<void(const Socket&, const ClientSummary&)> on_client_closed;
};

struct ServerTotals {
  std::uint64_t clients = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_spliced = 0;  // of bytes_sent, echoed by splice() without a copy (Linux)
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
