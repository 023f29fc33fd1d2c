// SPDX-License-Identifier: MIT
#include "tcpc/fd_limit.hpp"

#include <sys/resource.h>

#include <climits>
#include <cstdio>

namespace tcpc {
namespace {

// The most a privileged process may set (Linux: fs.nr_open); 0 where unknown.
rlim_t privileged_ceiling() noexcept {
#ifdef __linux__
  unsigned long long most = 0;
  if (std::FILE* file = std::fopen("/proc/sys/fs/nr_open", "r")) {
    if (std::fscanf(file, "%llu", &most) != 1) most = 0;
    std::fclose(file);
  }
  return static_cast<rlim_t>(most);
#else
  return 0;
#endif
}

}  // namespace

std::uint64_t raise_fd_limit() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  // Only a privileged process may raise the hard limit; for others this fails
  // with EPERM and the hard limit stays what it was.
  const rlim_t ceiling = privileged_ceiling();
  if (ceiling > limit.rlim_max && limit.rlim_max != RLIM_INFINITY) {
    const rlimit both{ceiling, ceiling};
    if (::setrlimit(RLIMIT_NOFILE, &both) == 0) limit = both;
  }
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
