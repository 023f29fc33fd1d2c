// SPDX-License-Identifier: MIT
// Connections per second: `concurrency` connections at a time, each one
// connect, send, half-close, read the echo until the server closes, close.
// One thread, non-blocking sockets, poll(). Over TLS each connection also
// runs its handshake, sends close_notify after the request and reads the echo
// until the server's close_notify (or close).
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "bench_clock.hpp"
#include "bench_stream.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/fd.hpp"

namespace tcpc::bench {
namespace {

// A connection that has not finished after this long counts as failed.
constexpr auto kPatience = std::chrono::seconds(5);

struct Slot {
  Fd fd;                           // until connected, and all along for plain TCP
  std::unique_ptr<Stream> stream;  // TLS, once connected
  bool connected = false;
  enum class Phase { handshake, request, shutdown, reply } phase = Phase::handshake;
  Want wants = Want::write;  // TLS: what the phase waits for
  std::size_t sent = 0;
  std::size_t received = 0;
  Clock::time_point started;

  int fd_number() const { return stream ? stream->fd() : fd.get(); }
  bool active() const { return fd || stream; }
  short events() const {
    if (!connected) return POLLOUT;
    if (!stream) return POLLIN;
    return poll_events_for(wants);
  }
};

class ConnectRate {
 public:
  ConnectRate(const Endpoint& server, const ConnectRateOptions& options,
              const StreamMaker& make_stream)
      : server_(server),
        options_(options),
        make_stream_(make_stream),
        message_(options.size, 'c'),
        slots_(options.concurrency) {}

  Result<ConnectRateResult> run() {
    const auto start = Clock::now();
    const auto deadline = start + to_clock(options_.duration);
    for (Slot& slot : slots_)
      begin(slot);
    if (failed_before_any())
      return Error(first_code_, Operation::connect, server_.to_string(), result_.first_failure);

    std::vector<pollfd> fds(slots_.size());
    for (;;) {
      const bool running = Clock::now() < deadline;
      std::size_t active = 0;
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        const Slot& slot = slots_[i];
        fds[i] = {slot.fd_number(), slot.events(), 0};
        if (slot.active()) ++active;
      }
      if (active == 0) break;
      const int ready = ::poll(fds.data(), fds.size(), 100);
      if (ready < 0 && errno != EINTR) return system_error(errno, Operation::system_call, "poll");
      const auto now = Clock::now();
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        Slot& slot = slots_[i];
        if (!slot.active()) continue;
        if (fds[i].revents) {
          step(slot);
        } else if (now - slot.started > kPatience) {
          fail(slot, ETIMEDOUT, "no answer within 5 s");
        }
        if (!slot.active() && running) begin(slot);
      }
      if (failed_before_any())
        return Error(first_code_, Operation::connect, server_.to_string(), result_.first_failure);
    }
    result_.seconds = seconds_between(start, Clock::now());
    return std::move(result_);
  }

 private:
  bool failed_before_any() const { return result_.failed > 0 && result_.completed == 0 && stop_; }

  void begin(Slot& slot) {
    slot = Slot{};
    slot.started = Clock::now();
    slot.fd = Fd(::socket(server_.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!slot.fd) return fail(slot, errno, std::strerror(errno));
    if (::connect(slot.fd.get(), server_.data(), server_.size()) == 0) return connected(slot);
    if (errno != EINPROGRESS) fail(slot, errno, std::strerror(errno));
  }

  void step(Slot& slot) {
    if (!slot.connected) {
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(slot.fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) return fail(slot, error, std::strerror(error));
      return connected(slot);
    }
    if (slot.stream) return step_stream(slot);
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(slot.fd.get(), buffer, sizeof buffer, 0);
      if (n > 0) {
        slot.received += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      if (n < 0) return fail(slot, errno, std::strerror(errno));
      break;  // the server closed: the exchange is over
    }
    complete(slot);
  }

  void connected(Slot& slot) {
    slot.connected = true;
    if (!make_stream_) return send_request(slot);
    auto stream = wrap_stream(Socket(std::move(slot.fd), server_), make_stream_);
    if (!stream) return fail(slot, stream.error());
    slot.stream = std::move(*stream);
    step_stream(slot);
  }

  // The echo has ended: right if it is the whole message.
  void complete(Slot& slot) {
    if (slot.received != message_.size()) {
      return fail(slot, EPROTO,
                  "echo of " + std::to_string(slot.received) + " bytes, expected " +
                      std::to_string(message_.size()));
    }
    ++result_.completed;
    result_.nanoseconds.record(nanoseconds_between(slot.started, Clock::now()));
    slot.fd = Fd();
    slot.stream.reset();
  }

  // One connection over a stream (TLS): each phase goes as far as it can and
  // says what it waits for.
  void step_stream(Slot& slot) {
    Stream& stream = *slot.stream;
    using Phase = Slot::Phase;
    for (;;) {
      switch (slot.phase) {
        case Phase::handshake: {
          auto step = stream.handshake();
          if (!step) return fail(slot, step.error());
          if (*step != Want::nothing) return wait(slot, *step);
          slot.phase = Phase::request;
          break;
        }
        case Phase::request: {
          auto written = stream.write_some(std::string_view(message_).substr(slot.sent));
          if (!written) return fail(slot, written.error());
          slot.sent += written->bytes;
          if (written->want != Want::nothing) return wait(slot, written->want);
          if (slot.sent == message_.size()) slot.phase = Phase::shutdown;
          break;
        }
        case Phase::shutdown: {
          auto shut = stream.shutdown_write();
          if (!shut) return fail(slot, shut.error());
          if (*shut != Want::nothing) return wait(slot, *shut);
          slot.phase = Phase::reply;
          break;
        }
        case Phase::reply: {
          char buffer[4096];
          auto read = stream.read_some(buffer);
          if (!read) return fail(slot, read.error());
          if (read->want != Want::nothing) return wait(slot, read->want);
          if (read->bytes == 0) return complete(slot);
          slot.received += read->bytes;
          break;
        }
      }
    }
  }

  static void wait(Slot& slot, Want want) { slot.wants = want; }

  void send_request(Slot& slot) {
    const ssize_t n = ::send(slot.fd.get(), message_.data(), message_.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(message_.size()))
      return fail(slot, n < 0 ? errno : EMSGSIZE, n < 0 ? std::strerror(errno) : "short send");
    ::shutdown(slot.fd.get(), SHUT_WR);
  }

  void fail(Slot& slot, const Error& error) {
    fail(slot, error.code().category() == std::generic_category() ? error.code().value() : EPROTO,
         error.message());
  }

  void fail(Slot& slot, int error, const std::string& why) {
    if (result_.failed++ == 0) {
      result_.first_failure = why;
      first_code_ = std::error_code(error, std::generic_category());
    }
    // Nothing has ever worked: the server is not there, do not hammer it.
    if (result_.completed == 0) stop_ = true;
    slot.fd = Fd();
    slot.stream.reset();
  }

  const Endpoint& server_;
  const ConnectRateOptions& options_;
  const StreamMaker& make_stream_;
  const std::string message_;
  std::vector<Slot> slots_;
  ConnectRateResult result_;
  std::error_code first_code_;
  bool stop_ = false;
};

}  // namespace

Result<ConnectRateResult> connect_rate(const Endpoint& server, const ConnectRateOptions& options,
                                       const StreamMaker& make_stream) {
  if (options.concurrency < 1 || options.size == 0)
    return Error(errc::invalid_argument, Operation::bench, "connect",
                 "needs concurrency and size >= 1");
  return ConnectRate(server, options, make_stream).run();
}

}  // namespace tcpc::bench
