// SPDX-License-Identifier: MIT
// What the proxy handshake codecs share: their errors and byte access.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/proxy_handshake.hpp"

namespace tcpc::proxy::detail {

inline std::uint8_t byte_at(std::span<const char> bytes, std::size_t index) {
  return static_cast<std::uint8_t>(bytes[index]);
}

// "0x5a": how reply bytes are named in errors.
std::string hex_byte(std::uint8_t value);

// A proxy's answer as an Error of Operation::proxy.
Error proxy_error(std::error_code code, std::string_view proxy, Reason reason,
                  std::vector<std::string> values);

// The reply of `protocol` ("SOCKS5") did not follow it.
Error malformed(std::string_view proxy, std::string_view protocol);

// Read `total` bytes of a fixed-size reply, `have` of which are there.
inline Reply need(std::size_t total, std::size_t have) {
  return Reply{total > have ? total - have : 0, 0};
}

}  // namespace tcpc::proxy::detail
