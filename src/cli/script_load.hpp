// SPDX-License-Identifier: MIT
// A script file read and checked before it runs, for --script and the
// session's /script: a syntax error is "FILE:LINE:COLUMN: message", a bad
// `append SPEC` names its line, a file that cannot be read names the command.
#pragma once

#include <string>
#include <string_view>

#include "tcpc/result.hpp"
#include "tcpc/script.hpp"

namespace tcpc::cli {

// `command`: "--script" or "/script", for "--script FILE: No such file".
// Errors are usage errors (exit 2 before any connection for --script).
Result<Script> load_script(const std::string& path, std::string_view command);

}  // namespace tcpc::cli
