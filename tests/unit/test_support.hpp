// SPDX-License-Identifier: MIT
// Helpers shared by the socket, relay and server unit tests: pipes, random
// payloads, deadline-bounded reads and an echo server running in a thread.
// Everything binds 127.0.0.1 (or ::1) on port 0 and reads the port back.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "tcpc/fd.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/result.hpp"
#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Upper bound for anything that should happen "at once"; only reached when
// the library is broken, so a failing test fails instead of hanging.
inline constexpr std::chrono::milliseconds kPatience{10'000};

// A pipe whose ends close themselves.
struct Pipe {
  Fd read;
  Fd write;

  static Pipe make() {
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC) != 0) throw system_error(errno, "pipe2");
    return Pipe{Fd(fds[0]), Fd(fds[1])};
  }
};

// Reproducible bytes covering all 256 values, NUL included.
inline std::string random_bytes(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::string bytes(size, '\0');
  std::size_t i = 0;
  while (i < size) {
    std::uint64_t word = engine();
    for (int b = 0; b < 8 && i < size; ++b, ++i) {
      bytes[i] = static_cast<char>(word & 0xff);
      word >>= 8;
    }
  }
  return bytes;
}

// write() until everything is written; false on error (errno set).
inline bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// read() until end of file.
// Reads exactly `size` bytes from a pipe, giving up after kPatience.
inline std::string read_pipe(int fd, std::size_t size) {
  std::string data;
  const auto deadline = Clock::now() + kPatience;
  char chunk[256];
  while (data.size() < size && Clock::now() < deadline) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) continue;
    const ssize_t n = ::read(fd, chunk, std::min(sizeof chunk, size - data.size()));
    if (n <= 0) break;
    data.append(chunk, static_cast<std::size_t>(n));
  }
  return data;
}

inline std::string read_all(int fd) {
  std::string data;
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return data;
    data.append(chunk, static_cast<std::size_t>(n));
  }
}

// What arrived on a socket before EOF, an error or the deadline.
struct Received {
  std::string data;
  bool eof = false;
  std::optional<Error> error;  // a recv or poll failure
};

// Reads until the peer's end of stream, giving up after `patience`.
inline Received read_until_eof(Socket& socket, std::chrono::milliseconds patience = kPatience) {
  Received received;
  const auto deadline = Clock::now() + patience;
  std::string chunk(64 * 1024, '\0');
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return received;
    auto readable = socket.wait_readable(left);
    if (!readable) {
      received.error = readable.error();
      return received;
    }
    if (!*readable) return received;
    auto n = socket.recv_some(chunk);
    if (!n) {
      received.error = n.error();
      return received;
    }
    if (*n == 0) {
      received.eof = true;
      return received;
    }
    received.data.append(chunk.data(), *n);
  }
}

// Reads exactly `size` bytes (less on EOF, error or deadline).
inline Received read_exactly(Socket& socket, std::size_t size,
                             std::chrono::milliseconds patience = kPatience) {
  Received received;
  const auto deadline = Clock::now() + patience;
  std::string chunk(64 * 1024, '\0');
  while (received.data.size() < size) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return received;
    auto readable = socket.wait_readable(left);
    if (!readable) {
      received.error = readable.error();
      return received;
    }
    if (!*readable) return received;
    const std::size_t want = std::min(chunk.size(), size - received.data.size());
    auto n = socket.recv_some(std::span<char>(chunk.data(), want));
    if (!n) {
      received.error = n.error();
      return received;
    }
    if (*n == 0) {
      received.eof = true;
      return received;
    }
    received.data.append(chunk.data(), *n);
  }
  return received;
}

// Makes close() send RST instead of FIN.
inline bool set_linger_zero(int fd) {
  const linger option{1, 0};
  return ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof option) == 0;
}

// A connected pair over loopback: `client` from connect(), `server` from accept().
struct SocketPair {
  Socket client;
  Socket server;
};

inline Result<SocketPair> connected_pair(Listener& listener) {
  auto client = connect(listener.local());
  if (!client) return client.error();
  auto server = listener.accept();
  if (!server) return server.error();
  return SocketPair{std::move(*client), std::move(*server)};
}

// Writes `data` into a pipe's write end from its own thread, then closes it.
// SIGPIPE is blocked in that thread only, so if the reader goes away early
// the write fails with EPIPE instead of killing the test process.
class PipeWriter {
 public:
  PipeWriter(Fd fd, std::string data)
      : thread_([fd = std::move(fd), data = std::move(data), this]() mutable {
          sigset_t set;
          sigemptyset(&set);
          sigaddset(&set, SIGPIPE);
          pthread_sigmask(SIG_BLOCK, &set, nullptr);
          ok_ = write_all(fd.get(), data);
          fd.close().ok();
        }) {}
  ~PipeWriter() { join(); }
  PipeWriter(const PipeWriter&) = delete;
  PipeWriter& operator=(const PipeWriter&) = delete;

  // True if every byte was written.
  bool join() {
    if (thread_.joinable()) thread_.join();
    return ok_;
  }

 private:
  bool ok_ = false;
  std::thread thread_;
};

// Collects everything from a pipe's read end in its own thread until EOF.
class PipeReader {
 public:
  explicit PipeReader(Fd fd)
      : thread_([fd = std::move(fd), this] { data_ = read_all(fd.get()); }) {}
  ~PipeReader() {
    if (thread_.joinable()) thread_.join();
  }
  PipeReader(const PipeReader&) = delete;
  PipeReader& operator=(const PipeReader&) = delete;

  // Waits for EOF: every write end must be closed first.
  std::string join() {
    if (thread_.joinable()) thread_.join();
    return data_;
  }

 private:
  std::string data_;
  std::thread thread_;
};

// A tcpc::Server on 127.0.0.1:0 (or `host`) running in its own thread. The
// destructor stops it and joins, so a failing test never leaves it behind.
class ServerThread {
 public:
  explicit ServerThread(ServerOptions options = {}, std::string_view host = "127.0.0.1",
                        Family family = Family::any) {
    auto listener = Listener::bind(host, 0, family);
    if (!listener) {
      error_ = listener.error().message();
      return;
    }
    auto server = Server::create(std::move(*listener), std::move(options));
    if (!server) {
      error_ = server.error().message();
      return;
    }
    server_.emplace(std::move(*server));
    std::promise<Result<ServerTotals>> promise;
    done_ = promise.get_future();
    thread_ = std::thread(
        [this, promise = std::move(promise)]() mutable { promise.set_value(server_->run()); });
  }

  ~ServerThread() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }

  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  // Empty when the server started; otherwise why it did not.
  const std::string& error() const { return error_; }
  const Endpoint& local() const { return server_->local(); }
  void stop() { server_->stop(); }
  // For the server's own thread (callbacks calling send_to()).
  Server& server() { return *server_; }

  // run()'s result once it returns, or nothing if it is still running after `patience`.
  std::optional<Result<ServerTotals>> finish(std::chrono::milliseconds patience = kPatience) {
    if (!done_.valid() || done_.wait_for(patience) != std::future_status::ready) return {};
    auto result = done_.get();
    thread_.join();
    return result;
  }

 private:
  std::string error_;
  std::optional<Server> server_;
  std::future<Result<ServerTotals>> done_;
  std::thread thread_;
};

}  // namespace tcpc::test
