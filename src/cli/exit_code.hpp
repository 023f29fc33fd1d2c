// SPDX-License-Identifier: MIT
// The documented exit codes (README "Exit codes"). One place maps errors to them.
#pragma once

#include "tcpc/error.hpp"

namespace tcpc::cli {

enum ExitCode : int {
  kSuccess = 0,
  kNetworkFailure = 1,  // refused, reset, timed out, could not resolve
  kUsage = 2,           // bad option, port, hex, encoding, file
  kExpectationFailed =
      3,               // --script: an expect was not met (nothing matched in time, or the end came)
  kInterrupted = 130,  // SIGINT (128 + 2)
  kTerminated = 143,   // SIGTERM (128 + 15)
};

inline int exit_code_for(const Error& error) {
  return is_input_error(error.code()) ? kUsage : kNetworkFailure;
}

}  // namespace tcpc::cli
