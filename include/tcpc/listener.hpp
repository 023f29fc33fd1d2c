// SPDX-License-Identifier: MIT
// The server side of the tutorial: bind, listen, accept. Port 0 picks a free
// port; local() reads back the real one.
#pragma once

#include <cstdint>
#include <string_view>

#include "tcpc/address.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

struct ListenOptions {
  int backlog = 128;
  bool reuse_address = true;  // restart a server without waiting out TIME_WAIT
};

class Listener {
 public:
  Listener() = default;

  // Binds the first address that works, like nc -l.
  static Result<Listener> bind(const std::vector<Endpoint>& endpoints,
                               const ListenOptions& options = {});
  // Resolves host (empty: any address) and binds; Family selects -4/-6.
  static Result<Listener> bind(std::string_view host, std::uint16_t port,
                               Family family = Family::any, const ListenOptions& options = {});

  int fd() const noexcept { return fd_.get(); }
  const Endpoint& local() const noexcept { return local_; }

  // Waits for the next client. A non-blocking listener returns an empty
  // Socket when nobody is waiting.
  Result<Socket> accept();
  Result<void> set_nonblocking(bool on) { return tcpc::set_nonblocking(fd(), on); }

 private:
  Listener(Fd fd, Endpoint local) : fd_(std::move(fd)), local_(local) {}

  Fd fd_;
  Endpoint local_;
};

}  // namespace tcpc
