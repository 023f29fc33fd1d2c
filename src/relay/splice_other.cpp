// SPDX-License-Identifier: MIT
// Systems without splice() or Linux's sendfile(): every relay uses read()/write().
#include <cerrno>

#include "relay/splice.hpp"

namespace tcpc::detail {

bool splice_supported() noexcept {
  return false;
}

ssize_t splice_some(int, int, std::size_t) noexcept {
  errno = ENOSYS;
  return -1;
}

bool send_file_supported() noexcept {
  return false;
}

ssize_t send_file_some(int, int, std::size_t) noexcept {
  errno = ENOSYS;
  return -1;
}

int pipe_capacity(int) noexcept {
  return 0;
}

void grow_pipe(int, std::size_t) noexcept {}

std::optional<PipeEnds> make_splice_pipe(std::size_t) {
  return std::nullopt;
}

SigpipeBlock::SigpipeBlock() noexcept {
  sigemptyset(&old_mask_);
}
SigpipeBlock::~SigpipeBlock() = default;

}  // namespace tcpc::detail
