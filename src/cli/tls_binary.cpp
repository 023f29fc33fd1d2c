// SPDX-License-Identifier: MIT
#include "tls_binary.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "exit_code.hpp"
#include "i18n.hpp"

namespace tcpc::cli {
namespace {

constexpr const char* kTlsBinary = "tcpc-tls";

// The directory this program was started from: /proc/self/exe on Linux
// (symbolic links resolved), else the directory part of argv[0].
std::string own_directory(const char* argv0) {
  std::string path(4096, '\0');
  const ssize_t length = ::readlink("/proc/self/exe", path.data(), path.size());
  if (length > 0 && static_cast<std::size_t>(length) < path.size()) {
    path.resize(static_cast<std::size_t>(length));
  } else {
    path = argv0 ? argv0 : "";
  }
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

bool mentions_tls(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg == "--tls" || arg.starts_with("--tls=")) return true;
  }
  return false;
}

int exec_tls_binary(char** argv) {
  const std::string directory = own_directory(argv[0]);
  const std::string path = (directory.empty() ? std::string(".") : directory) + "/" + kTlsBinary;
  ::execv(path.c_str(), argv);
  // Every build makes both programs, so a missing tcpc-tls is an install
  // that left it out: name it, rather than blame the build.
  fmt::print(stderr, "tcpc: {}\n",
             trf("--tls runs {}, which cannot be started: {}", path, std::strerror(errno)));
  return kUsage;
}

}  // namespace tcpc::cli
