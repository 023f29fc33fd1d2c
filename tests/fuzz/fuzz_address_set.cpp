// SPDX-License-Identifier: MIT
// --allow/--deny parsing never crashes: each entry of a file's text either
// parses into a range whose prefix fits, or fails with a message. Names are
// never resolved (numeric only), so fuzzing never asks DNS.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/address_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto whole = tcpc::parse_address_range(text);
  if (whole)
    FUZZ_CHECK(whole->prefix <= 128);
  else
    FUZZ_CHECK(!whole.error().message().empty());

  tcpc::ResolveOptions numeric;
  numeric.numeric_host = true;
  tcpc::AddressSet set;
  for (const std::string& entry : tcpc::address_list_entries(text)) {
    FUZZ_CHECK(!entry.empty());
    FUZZ_CHECK(entry.find('#') == std::string::npos);
    auto range = tcpc::parse_address_range(entry);
    if (!range) continue;
    FUZZ_CHECK(range->prefix <= 128);
    FUZZ_CHECK(range->contains(range->bytes));  // a range holds its own address
    (void)set.add(entry, numeric);
  }
  return 0;
}
