// SPDX-License-Identifier: MIT
// Timestamps for the traffic display: the local time of day to the
// millisecond, "14:03:27.415", as the GUI assistants show them.
#pragma once

#include <chrono>
#include <string>

namespace tcpc {

using WallClock = std::chrono::system_clock;

// "HH:MM:SS.mmm" in local time (the TZ environment variable applies).
std::string format_time_of_day(WallClock::time_point when);

}  // namespace tcpc
