// SPDX-License-Identifier: MIT
// The proxy reply parsers never crash, never ask for more bytes than a
// reply can have, and fail with a message. The first byte picks the parser;
// the rest is fed to it as a socket would, exactly as much as it asks for.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/proxy_handshake.hpp"

namespace {

// A SOCKS5 reply is at most 4 + 1 + 255 + 2 bytes; HTTP headers are capped at 16 KiB.
constexpr std::size_t kLongestReply = 16 * 1024 + 1;

template <class Parse>
void feed(std::string_view input, Parse parse) {
  std::size_t taken = 0;
  for (;;) {
    auto judged = parse(std::span<const char>(input.data(), taken));
    if (!judged) {
      FUZZ_CHECK(!judged.error().message().empty());
      return;
    }
    if (judged->missing == 0) return;
    FUZZ_CHECK(taken + judged->missing <= kLongestReply);
    if (taken + judged->missing > input.size()) return;
    taken += judged->missing;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const tcpc::proxy::Target target{"example.com", 22};
  switch (data[0] % 6) {
    case 0:
      feed(input, [](auto bytes) { return tcpc::proxy::socks5_method_reply(bytes, true, "p"); });
      break;
    case 1:
      feed(input, [](auto bytes) { return tcpc::proxy::socks5_method_reply(bytes, false, "p"); });
      break;
    case 2:
      feed(input, [](auto bytes) { return tcpc::proxy::socks5_password_reply(bytes, "u", "p"); });
      break;
    case 3:
      feed(input,
           [&](auto bytes) { return tcpc::proxy::socks5_connect_reply(bytes, target, "p"); });
      break;
    case 4:
      feed(input,
           [&](auto bytes) { return tcpc::proxy::socks4_connect_reply(bytes, target, "p"); });
      break;
    default:
      feed(input,
           [&](auto bytes) { return tcpc::proxy::http_connect_reply(bytes, target, false, "p"); });
      break;
  }
  // The request builders take any host the user might type.
  const std::string host(input.substr(0, 300));
  auto socks5 = tcpc::proxy::socks5_connect_request({host, 22});
  if (socks5) FUZZ_CHECK(socks5->size() <= 4 + 1 + 255 + 2);
  (void)tcpc::proxy::socks4_connect_request({host, 22}, "");
  FUZZ_CHECK(tcpc::proxy::http_connect_request({host, 22}, host, host).ends_with("\r\n\r\n"));
  return 0;
}
