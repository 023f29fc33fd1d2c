// SPDX-License-Identifier: MIT
#include "tls_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "i18n.hpp"

namespace tcpc::cli {
namespace {

Result<void> check(const char* option, const std::string& path, bool directory) {
  if (path.empty()) return {};
  const std::string context = std::string(option) + " " + path;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || ::access(path.c_str(), R_OK) != 0) {
    return Error(errc::invalid_argument, context, std::strerror(errno));
  }
  if (directory && !S_ISDIR(info.st_mode)) {
    return Error(errc::invalid_argument, context, tr("is not a directory"));
  }
  if (!directory && S_ISDIR(info.st_mode)) {
    return Error(errc::invalid_argument, context, tr("is a directory"));
  }
  return {};
}

}  // namespace

Result<void> check_tls_files(const std::string& ca_file, const std::string& ca_path,
                             const std::string& cert_file, const std::string& key_file) {
  if (auto ok = check("--cafile", ca_file, false); !ok) return ok;
  if (auto ok = check("--capath", ca_path, true); !ok) return ok;
  if (auto ok = check("--cert", cert_file, false); !ok) return ok;
  return check("--key", key_file, false);
}

}  // namespace tcpc::cli
