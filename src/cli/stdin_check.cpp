// SPDX-License-Identifier: MIT
// `tcpc HOST PORT < dir` would only fail at the first read, after connecting,
// as a network-looking "read input: Is a directory". It is bad input: say so
// before any I/O, with the usage exit code, like --file DIR.
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.hpp"
#include "modes.hpp"

namespace tcpc::cli {

Result<void> check_stdin() {
  struct stat info {};
  if (::fstat(STDIN_FILENO, &info) == 0 && S_ISDIR(info.st_mode)) {
    return Error(errc::invalid_argument, "stdin", tr("is a directory"));
  }
  return {};
}

}  // namespace tcpc::cli
