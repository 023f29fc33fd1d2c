// SPDX-License-Identifier: MIT
// parse_escapes never crashes; format_escapes of any bytes parses back to them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/escape.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bytes = tcpc::parse_escapes(text);
  if (bytes) {
    FUZZ_CHECK(bytes->size() <= size);
  } else {
    FUZZ_CHECK(!bytes.error().message().empty());
  }
  auto round_trip = tcpc::parse_escapes(tcpc::format_escapes(text));
  FUZZ_CHECK(round_trip.ok() && *round_trip == text);
  return 0;
}
