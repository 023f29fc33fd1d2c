// SPDX-License-Identifier: MIT
#include "timestamp.hpp"

#include <fmt/format.h>

#include <ctime>

namespace tcpc {

std::string format_time_of_day(WallClock::time_point when) {
  using namespace std::chrono;
  // Floor, not round: 12:00:00.9999 is still in second 00.
  const auto since_epoch = when.time_since_epoch();
  const auto whole = floor<seconds>(since_epoch);
  const auto millis = duration_cast<milliseconds>(since_epoch - whole).count();
  const std::time_t t = static_cast<std::time_t>(whole.count());
  std::tm local{};
  ::localtime_r(&t, &local);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", local.tm_hour, local.tm_min, local.tm_sec, millis);
}

}  // namespace tcpc
