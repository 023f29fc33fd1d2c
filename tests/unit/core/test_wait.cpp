// SPDX-License-Identifier: MIT
// The one deadline helper for poll(): rounded up, never early, -1 for none.
#include "core/wait.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <optional>

namespace tcpc::detail {
namespace {

using namespace std::chrono_literals;

const SteadyClock::time_point kNow = SteadyClock::now();

TEST(PollTimeout, RoundsUpSoPollNeverWakesEarly) {
  EXPECT_EQ(poll_timeout_until(kNow + 1ns, kNow), 1);
  EXPECT_EQ(poll_timeout_until(kNow + 999us, kNow), 1);
  EXPECT_EQ(poll_timeout_until(kNow + 1ms, kNow), 1);
  EXPECT_EQ(poll_timeout_until(kNow + 1001us, kNow), 2);
  EXPECT_EQ(poll_timeout_until(kNow + 1500ms, kNow), 1500);
}

TEST(PollTimeout, ZeroOnceTheDeadlineHasPassed) {
  EXPECT_EQ(poll_timeout_until(kNow, kNow), 0);
  EXPECT_EQ(poll_timeout_until(kNow - 1ns, kNow), 0);
  EXPECT_EQ(poll_timeout_until(kNow - 1h, kNow), 0);
}

TEST(PollTimeout, FarDeadlinesFitAnInt) {
  EXPECT_EQ(poll_timeout_until(kNow + std::chrono::hours(24 * 365 * 100), kNow), INT_MAX);
}

TEST(PollTimeout, NoDeadlineWaitsForever) {
  EXPECT_EQ(poll_timeout_until(std::nullopt, kNow), -1);
  EXPECT_EQ(poll_timeout_until(std::optional(kNow + 2500us), kNow), 3);
}

TEST(PollTimeout, SoonerOfTwoWhereMinusOneIsNone) {
  EXPECT_EQ(sooner_timeout(-1, -1), -1);
  EXPECT_EQ(sooner_timeout(-1, 5), 5);
  EXPECT_EQ(sooner_timeout(7, -1), 7);
  EXPECT_EQ(sooner_timeout(7, 5), 5);
  EXPECT_EQ(sooner_timeout(0, 5), 0);
}

}  // namespace
}  // namespace tcpc::detail
