// SPDX-License-Identifier: MIT
// The relay's entry points. Both run the one engine (relay_engine.hpp):
// relay(Socket&) over the socket seen as a plain stream, relay(Stream&)
// over whatever stream it is given (a plain socket, TLS).
#include "tcpc/relay.hpp"

#include <fcntl.h>

#include <cerrno>
#include <utility>

#include "net/borrowed_socket_stream.hpp"
#include "relay/relay_engine.hpp"
#include "tcpc/stream.hpp"

namespace tcpc {
namespace {

// Non-blocking while the relay runs, then back to the mode the socket came
// in, whichever way the relay ends: restore() where its failure matters, the
// destructor on every other path.
class NonblockingScope {
 public:
  static Result<NonblockingScope> enter(Socket& socket) {
    const int flags = ::fcntl(socket.fd(), F_GETFL);
    if (flags < 0) return system_error(errno, Operation::system_call, "fcntl(F_GETFL)");
    const bool was_nonblocking = (flags & O_NONBLOCK) != 0;
    if (!was_nonblocking) {
      if (auto nb = socket.set_nonblocking(true); !nb) return nb.error();
    }
    return NonblockingScope(socket, was_nonblocking);
  }
  NonblockingScope(NonblockingScope&& other) noexcept
      : socket_(other.socket_), restore_(std::exchange(other.restore_, false)) {}
  NonblockingScope& operator=(NonblockingScope&&) = delete;
  ~NonblockingScope() { (void)restore(); }

  Result<void> restore() {
    if (!std::exchange(restore_, false)) return {};
    return socket_.set_nonblocking(false);
  }

 private:
  NonblockingScope(Socket& socket, bool was_nonblocking) noexcept
      : socket_(socket), restore_(!was_nonblocking) {}
  Socket& socket_;
  bool restore_;  // the socket was blocking: make it so again
};

}  // namespace

Result<RelayTotals> relay(Stream& stream, const RelayOptions& options) {
  auto scope = NonblockingScope::enter(stream.socket());
  if (!scope) return scope.error();
  auto totals = detail::RelayEngine(stream, options).run();
  if (!totals) return totals;  // the scope restores the mode; the relay's error is the news
  if (auto restored = scope->restore(); !restored) return restored.error();
  return totals;
}

Result<RelayTotals> relay(Socket& socket, const RelayOptions& options) {
  detail::BorrowedSocketStream stream(socket);
  return relay(stream, options);
}

}  // namespace tcpc
