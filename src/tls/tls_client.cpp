// SPDX-License-Identifier: MIT
#include "tcpc/tls/client.hpp"

#include <chrono>
#include <string>

#include "core/wait.hpp"
#include "tcpc/address.hpp"

namespace tcpc::tls {
namespace {

// How long close() waits for the socket to take close_notify.
constexpr Milliseconds kCloseTimeout{5'000};

}  // namespace

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (stream_ && !closed_) (void)stream_->shutdown_write();
    stream_ = std::move(other.stream_);
    closed_ = other.closed_;
  }
  return *this;
}

Connection::~Connection() {
  // Best effort and never blocking: a session dropped without close() still
  // tells the server it ended on purpose when the socket can take it.
  if (stream_ && !closed_) (void)stream_->shutdown_write();
}

Result<void> Connection::send_all(std::string_view data) {
  return write_all(*stream_, data, Milliseconds(-1));
}

Result<std::string> Connection::recv(std::size_t max_bytes, Milliseconds timeout) {
  std::string data(max_bytes, '\0');
  auto read = read_within(*stream_, data, timeout);
  if (!read) return read.error();
  if (!*read) {
    return Error(std::make_error_code(std::errc::timed_out), Operation::receive, peer().to_string(),
                 "nothing within " + std::to_string(timeout.count()) + " ms");
  }
  data.resize(**read);
  return data;
}

Result<void> Connection::close() {
  if (closed_) return {};
  closed_ = true;
  const auto deadline = std::chrono::steady_clock::now() + kCloseTimeout;
  for (;;) {
    auto step = stream_->shutdown_write();
    if (!step) return step.error();
    if (*step == Want::nothing) break;
    const Milliseconds left(tcpc::detail::poll_timeout_until(deadline));
    if (left.count() == 0) break;  // the peer stopped reading; close anyway
    if (tcpc::detail::wait_fd(stream_->fd(), poll_events_for(*step), left) < 0) break;
  }
  return stream_->socket().close();
}

const Endpoint& Connection::peer() const noexcept {
  return stream_->socket().peer();
}

SessionInfo Connection::info() const {
  return stream_->info();
}

Result<Connection> connect(std::string_view host, std::uint16_t port, const ClientConfig& config,
                           Milliseconds timeout) {
  // The context first: a bad CA file is reported before any I/O.
  auto context = Context::client(config);
  if (!context) return context.error();
  const std::string name(host);
  auto endpoints = resolve(name, port);
  if (!endpoints) return endpoints.error();
  auto socket = tcpc::connect(*endpoints, ConnectOptions{timeout, {}, {}});
  if (!socket) return socket.error();
  auto stream = connect(std::move(*socket), *context, name, timeout);
  if (!stream) return stream.error();
  return Connection(std::move(*stream));
}

}  // namespace tcpc::tls
