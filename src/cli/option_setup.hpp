// SPDX-License-Identifier: MIT
// Between parsing (pure, options.hpp) and running a mode: what needs the
// system. Whether stdin and stdout are terminals (pipe mode or the session,
// then the table checked for it), -s/-p resolved into a source address, -n
// held to with -l. Still before any connection or file is opened.
#pragma once

#include "options.hpp"
#include "tcpc/result.hpp"

namespace tcpc::cli {

Result<void> prepare_to_run(Options& options);

}  // namespace tcpc::cli
