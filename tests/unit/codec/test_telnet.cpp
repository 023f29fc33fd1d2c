// SPDX-License-Identifier: MIT
#include "tcpc/telnet.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tcpc {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values)
    out += static_cast<char>(v);
  return out;
}

TEST(TelnetRefuser, RefusesDoAndWill) {
  TelnetRefuser refuser;
  // DO TERMINAL-TYPE, WILL SUPPRESS-GO-AHEAD, in the middle of text.
  EXPECT_EQ(refuser.answer("login" + bytes({255, 253, 24}) + "x" + bytes({255, 251, 3})),
            bytes({255, 252, 24, 255, 254, 3}));
}

TEST(TelnetRefuser, NeverAnswersRefusals) {
  TelnetRefuser refuser;
  EXPECT_EQ(refuser.answer(bytes({255, 252, 1, 255, 254, 1})), "");
}

TEST(TelnetRefuser, EscapedIacAndOtherCommandsAreData) {
  TelnetRefuser refuser;
  // IAC IAC (a 255 data byte) then 253 24 is text, not a command; IAC NOP needs nothing.
  EXPECT_EQ(refuser.answer(bytes({255, 255, 253, 24, 255, 241})), "");
}

TEST(TelnetRefuser, CommandsSplitAcrossReads) {
  TelnetRefuser refuser;
  EXPECT_EQ(refuser.answer(bytes({'a', 255})), "");
  EXPECT_EQ(refuser.answer(bytes({253})), "");
  EXPECT_EQ(refuser.answer(bytes({31, 'b'})), bytes({255, 252, 31}));
}

}  // namespace
}  // namespace tcpc
