// SPDX-License-Identifier: MIT
// parse_hex never crashes; what it accepts survives format_hex and back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/hex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bytes = tcpc::parse_hex(text);
  if (!bytes) {
    FUZZ_CHECK(!bytes.error().message().empty());
    return 0;
  }
  FUZZ_CHECK(bytes->size() <= size / 2);
  for (char separator : {' ', '\0', ':'}) {
    auto again = tcpc::parse_hex(tcpc::format_hex(*bytes, separator));
    FUZZ_CHECK(again.ok() && *again == *bytes);
  }
  return 0;
}
