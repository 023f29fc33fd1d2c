// SPDX-License-Identifier: MIT
#include "received_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tcpc {

Result<ReceivedFile> ReceivedFile::open(const std::string& path, OpenMode mode) {
  const int flags =
      O_WRONLY | O_CREAT | O_CLOEXEC | (mode == OpenMode::append ? O_APPEND : O_TRUNC);
  Fd fd(::open(path.c_str(), flags, 0666));
  if (!fd) return Error(errc::invalid_argument, Operation::open_file, path, std::strerror(errno));
  return ReceivedFile(std::move(fd), path);
}

void ReceivedFile::on_received(std::string_view bytes) {
  while (!bytes.empty() && !error_) {
    const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = system_error(errno, Operation::write_file, path_);
      return;
    }
    written_ += static_cast<std::uint64_t>(n);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace tcpc
