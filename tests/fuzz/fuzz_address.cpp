// SPDX-License-Identifier: MIT
// Port and address parsing never crash. Hosts are resolved numerically only
// (AI_NUMERICHOST), so fuzzing never asks DNS.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto port = tcpc::parse_port(text);
  if (port) FUZZ_CHECK(*port != 0);
  auto any_port = tcpc::parse_port(text, /*allow_zero=*/true);
  FUZZ_CHECK(any_port.ok() || !any_port.error().message().empty());

  tcpc::ResolveOptions options;
  options.numeric_host = true;
  auto endpoints = tcpc::resolve(text, 80, options);
  if (endpoints) {
    for (const tcpc::Endpoint& endpoint : *endpoints) {
      FUZZ_CHECK(endpoint.port() == 80);
      FUZZ_CHECK(!endpoint.to_string().empty());
    }
  }

  auto unix_path = tcpc::Endpoint::unix_path(text);
  if (unix_path && text.find('\0') == std::string_view::npos) FUZZ_CHECK(unix_path->host() == text);
  return 0;
}
