// SPDX-License-Identifier: MIT
// Any spec text parses or fails cleanly; a list that parses reads back from
// its text. Appending then checking any data always passes, and changing
// one byte of what was appended (other than a fixed tail) is noticed.
// Input: a spec line ("crc16-modbus,hex:0d0a\n"), then the data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/checksum.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  auto specs = tcpc::parse_checksum_specs(input.substr(0, newline));
  if (!specs) return 0;
  auto again = tcpc::parse_checksum_specs(tcpc::checksum_specs_text(*specs));
  FUZZ_CHECK(again && *again == *specs);
  if (newline == std::string_view::npos) return 0;

  const std::string_view body = input.substr(newline + 1);
  const std::string framed = tcpc::append_checksums(*specs, body);
  std::size_t added = 0;
  for (const tcpc::ChecksumSpec& spec : *specs)
    added += spec.size();
  FUZZ_CHECK(framed.size() == body.size() + added);
  FUZZ_CHECK(framed.starts_with(body));
  const tcpc::ChecksumCheck check = tcpc::check_checksums(*specs, framed);
  FUZZ_CHECK(check.ok == !body.empty());
  // The last spec's bytes, each changed in turn, fail the check: the value
  // the spec computes does not depend on its own bytes.
  const tcpc::ChecksumSpec& last = specs->back();
  if (body.empty() || last.kind == tcpc::ChecksumSpec::Kind::fixed) return 0;
  std::string broken = framed;
  for (std::size_t i = framed.size() - last.size(); i < framed.size(); ++i) {
    broken[i] = static_cast<char>(broken[i] ^ 0x01);
    // A CRC narrower than its bytes ignores the high bits of its top byte.
    const bool unused_bit = last.kind == tcpc::ChecksumSpec::Kind::crc && last.crc.width % 8 != 0;
    if (!unused_bit) FUZZ_CHECK(!tcpc::check_checksums(*specs, broken).ok);
    broken[i] = framed[i];
  }
  return 0;
}
