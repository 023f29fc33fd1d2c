// SPDX-License-Identifier: MIT
#include "tcpc/stream.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>

#include "core/wait.hpp"
#include "net/borrowed_socket_stream.hpp"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0  // macOS: SO_NOSIGPIPE is set on the socket instead
#endif

namespace tcpc {
namespace {

using Clock = std::chrono::steady_clock;

std::string peer_of(Stream& stream) {
  return stream.peer().empty() ? std::string() : stream.peer().to_string();
}

Error stream_failure(Stream& stream, int errnum, Operation operation) {
  return system_error(errnum, operation, peer_of(stream));
}

// Waits until the stream can go on with what it wants. False on timeout.
Result<bool> wait_for(Stream& stream, Want want, Clock::time_point deadline, bool forever,
                      Operation operation) {
  const Milliseconds left(forever ? -1 : detail::poll_timeout_until(deadline));
  if (!forever && left.count() == 0) return false;
  const int revents = detail::wait_fd(stream.fd(), poll_events_for(want), left);
  if (revents < 0) return stream_failure(stream, errno, operation);
  return revents != 0;
}

std::string seconds_text(Milliseconds timeout) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(timeout.count()) / 1000.0);
  return text;
}

Error timed_out(Operation operation, std::string subject, Milliseconds timeout) {
  return Error(std::make_error_code(std::errc::timed_out), operation, std::move(subject),
               Reason::timed_out, {seconds_text(timeout)});
}

// The caller named the operation in its own words (complete_handshake's context).
Error timed_out(std::string context, Milliseconds timeout) {
  return Error(std::make_error_code(std::errc::timed_out), Operation::none, std::move(context),
               Reason::timed_out, {seconds_text(timeout)});
}

// recv/send on a plain socket's stream, EAGAIN as Want::read/write.
Result<IoStatus> plain_read_some(Stream& stream, std::span<char> buffer) {
  for (;;) {
    const ssize_t n = ::recv(stream.fd(), buffer.data(), buffer.size(), 0);
    if (n >= 0) return IoStatus{static_cast<std::size_t>(n), Want::nothing};
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus{0, Want::read};
    if (errno != EINTR) return stream_failure(stream, errno, Operation::receive);
  }
}

Result<IoStatus> plain_write_some(Stream& stream, std::string_view data) {
  for (;;) {
    const ssize_t n = ::send(stream.fd(), data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) return IoStatus{static_cast<std::size_t>(n), Want::nothing};
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus{0, Want::write};
    if (errno != EINTR) return stream_failure(stream, errno, Operation::send);
  }
}

Result<Want> plain_shutdown_write(Socket& socket) {
  if (auto shut = socket.shutdown_write(); !shut) return shut.error();
  return Want::nothing;
}

}  // namespace

Result<SocketStream> SocketStream::wrap(Socket socket) {
  if (auto nb = socket.set_nonblocking(true); !nb) return nb.error();
  return SocketStream(std::move(socket));
}

Result<IoStatus> SocketStream::read_some(std::span<char> buffer) {
  return plain_read_some(*this, buffer);
}

Result<IoStatus> SocketStream::write_some(std::string_view data) {
  return plain_write_some(*this, data);
}

Result<Want> SocketStream::shutdown_write() {
  return plain_shutdown_write(socket_);
}

namespace detail {

Result<IoStatus> BorrowedSocketStream::read_some(std::span<char> buffer) {
  return plain_read_some(*this, buffer);
}

Result<IoStatus> BorrowedSocketStream::write_some(std::string_view data) {
  return plain_write_some(*this, data);
}

Result<Want> BorrowedSocketStream::shutdown_write() {
  return plain_shutdown_write(socket_);
}

}  // namespace detail

Result<void> write_all(Stream& stream, std::string_view data, Milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!data.empty()) {
    auto written = stream.write_some(data);
    if (!written) return written.error();
    data.remove_prefix(written->bytes);
    if (written->want == Want::nothing) continue;
    auto ready = wait_for(stream, written->want, deadline, timeout.count() < 0, Operation::send);
    if (!ready) return ready.error();
    if (!*ready) return timed_out(Operation::send, stream.peer().to_string(), timeout);
  }
  return {};
}

Result<std::optional<std::size_t>> read_within(Stream& stream, std::span<char> buffer,
                                               Milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto read = stream.read_some(buffer);
    if (!read) return read.error();
    if (read->want == Want::nothing) return std::optional<std::size_t>(read->bytes);
    auto ready = wait_for(stream, read->want, deadline, timeout.count() < 0, Operation::receive);
    if (!ready) return ready.error();
    if (!*ready) return std::optional<std::size_t>();
  }
}

Result<void> complete_handshake(Stream& stream, Milliseconds timeout, std::string_view context) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto step = stream.handshake();
    if (!step) return step.error();
    if (*step == Want::nothing) return {};
    auto ready = wait_for(stream, *step, deadline, timeout.count() < 0, Operation::tls_handshake);
    if (!ready) return ready.error();
    if (!*ready) return timed_out(std::string(context), timeout);
  }
}

}  // namespace tcpc
