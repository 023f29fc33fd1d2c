// SPDX-License-Identifier: MIT
// -F: connect, hand the socket to whoever holds our stdout (ssh with
// ProxyUseFdpass=yes), and exit: the relay is then theirs, not ours.
#include <unistd.h>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "tcpc/fd_passing.hpp"

namespace tcpc::cli {

Result<int> pass_connection(const Options& options) {
  if (::isatty(STDOUT_FILENO))
    return usage("-F passes the connection to stdout, which must be a Unix socket, not a terminal");
  auto socket = connect_to(options);
  if (!socket) return socket.error();
  if (auto passed = send_descriptor(STDOUT_FILENO, socket->fd()); !passed) return passed.error();
  return kSuccess;
}

}  // namespace tcpc::cli
