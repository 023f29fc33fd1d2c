// SPDX-License-Identifier: MIT
// Decoding any bytes in any encoding never crashes, always yields valid
// UTF-8, and chunking does not change the result. Encoding text and decoding
// it again gives the text back where the mapping is one-to-one.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/encoding.hpp"

namespace {

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xe  ? 3
                         : (lead >> 3) == 0x1e ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& names = tcpc::Encoding::supported();
  const tcpc::Encoding encoding = tcpc::Encoding::find(names[data[0] % names.size()]).value();
  const auto policy = (data[1] & 1) ? tcpc::Undecodable::escape : tcpc::Undecodable::replace;
  const std::size_t chunk = 1 + (data[1] >> 1);
  const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

  const std::string whole = tcpc::decode(encoding, bytes, policy);
  FUZZ_CHECK(valid_utf8(whole));

  tcpc::Decoder decoder(encoding, policy);
  std::string pieces;
  for (std::size_t at = 0; at < bytes.size(); at += chunk)
    decoder.feed(bytes.substr(at, chunk), pieces);
  decoder.finish(pieces);
  FUZZ_CHECK(pieces == whole);

  // The same bytes as UTF-8 text to send: when they are valid and encodable,
  // GB18030, UTF-8 and Latin-1 map them back exactly.
  auto encoded = tcpc::encode(encoding, bytes);
  const bool one_to_one =
      encoding.name() == "gb18030" || encoding.is_utf8() || encoding.name() == "latin1";
  if (encoded && one_to_one) FUZZ_CHECK(tcpc::decode(encoding, *encoded) == bytes);
  return 0;
}
