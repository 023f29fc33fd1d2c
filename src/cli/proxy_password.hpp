// SPDX-License-Identifier: MIT
// The proxy password for -P USER, as nc gets it: asked on the terminal
// (/dev/tty, not echoed), so ssh's ProxyCommand can still ask while its
// stdin and stdout are the tunnel. $TCPC_PROXY_PASSWORD, when set, is used
// instead, for scripts.
#pragma once

#include <string>

#include "tcpc/result.hpp"

namespace tcpc::cli {

inline constexpr const char* kProxyPasswordVariable = "TCPC_PROXY_PASSWORD";

// `prompt` is shown on the terminal; fails when there is no terminal to ask.
Result<std::string> proxy_password(const std::string& prompt);

}  // namespace tcpc::cli
