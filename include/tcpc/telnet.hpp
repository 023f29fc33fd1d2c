// SPDX-License-Identifier: MIT
// nc -t: answer a Telnet server's option negotiation (RFC 854) by refusing
// everything, so that servers which wait for an answer go on. Bytes in,
// answer bytes out; the caller sends them and shows what it received as it
// came (nc does not strip the negotiation either).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tcpc {

class TelnetRefuser {
 public:
  // The answers to the commands in `received`: IAC DO x -> IAC WONT x,
  // IAC WILL x -> IAC DONT x. WONT and DONT are not answered (RFC 854:
  // never acknowledge a refusal, or two refusers loop). A command split
  // across two calls is answered once it is whole.
  std::string answer(std::string_view received);

 private:
  enum class State : std::uint8_t { data, command, option };
  State state_ = State::data;
  unsigned char verb_ = 0;
};

}  // namespace tcpc
