// SPDX-License-Identifier: MIT
#include "tcpc/telnet.hpp"

namespace tcpc {
namespace {

constexpr unsigned char kIac = 255;
constexpr unsigned char kDont = 254;
constexpr unsigned char kDo = 253;
constexpr unsigned char kWont = 252;
constexpr unsigned char kWill = 251;

}  // namespace

std::string TelnetRefuser::answer(std::string_view received) {
  std::string out;
  for (const char c : received) {
    const auto byte = static_cast<unsigned char>(c);
    switch (state_) {
      case State::data:
        if (byte == kIac) state_ = State::command;
        break;
      case State::command:
        // IAC IAC is a data byte 255; other two-byte commands (NOP, GA...) need nothing.
        if (byte == kDo || byte == kDont || byte == kWill || byte == kWont) {
          verb_ = byte;
          state_ = State::option;
        } else {
          state_ = State::data;
        }
        break;
      case State::option:
        if (verb_ == kDo || verb_ == kWill) {
          out += static_cast<char>(kIac);
          out += static_cast<char>(verb_ == kDo ? kWont : kDont);
          out += c;
        }
        state_ = State::data;
        break;
    }
  }
  return out;
}

}  // namespace tcpc
