// SPDX-License-Identifier: MIT
// The servers' log lines (`tcpc -l --mode`, `tcpc -u -l --mode`) in the
// user's language, worded from the library's events. In English they are
// describe()'s lines, but for the hints an error line spells as flags.
#pragma once

#include <string>

#include "tcpc/listener.hpp"
#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/udp_server.hpp"

namespace tcpc::cli {

std::string server_log_line(const ServerEvent& event);
std::string server_log_line(const UdpServerEvent& event);

// -l's "Connection from ADDR" on stderr (-U: "Connection received on PATH").
void log_connection(const Socket& client, const Listener& listener);

}  // namespace tcpc::cli
