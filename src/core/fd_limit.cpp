// SPDX-License-Identifier: MIT
#include "tcpc/fd_limit.hpp"

#include <sys/resource.h>

#include <climits>

namespace tcpc {

std::uint64_t raise_fd_limit() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  rlim_t wanted = limit.rlim_max;
#ifdef OPEN_MAX
  // macOS reports an unlimited hard limit but refuses more than OPEN_MAX.
  if (wanted == RLIM_INFINITY || wanted > OPEN_MAX) wanted = OPEN_MAX;
#endif
  if (limit.rlim_cur < wanted) {
    rlimit raised{wanted, limit.rlim_max};
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = wanted;
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

}  // namespace tcpc
