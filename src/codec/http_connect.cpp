// SPDX-License-Identifier: MIT
// HTTP CONNECT: "CONNECT host:port HTTP/1.0", as OpenBSD nc sends it, and
// the proxy's status line and headers up to the blank line.
#include <cctype>

#include "codec/proxy_reply.hpp"

namespace tcpc::proxy {
namespace {

// A proxy that sends more header than this is not answering CONNECT.
constexpr std::size_t kMaxReplyHeader = 16 * 1024;
constexpr std::size_t kMaxReasonShown = 200;

bool header_complete(std::string_view text) {
  return text.ends_with("\r\n\r\n") || text.ends_with("\n\n");
}

// The status line's "403 Forbidden", printable and bounded: it goes into
// an error line on a terminal.
std::string status_words(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, kMaxReasonShown)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte >= 0x20 && byte != 0x7f) ? c : '?';
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

}  // namespace

std::string http_connect_request(const Target& target, std::string_view username,
                                 std::string_view password) {
  const std::string authority = to_string(target);
  std::string out = "CONNECT " + authority + " HTTP/1.0\r\nHost: " + authority + "\r\n";
  if (!username.empty()) {
    std::string credentials(username);
    credentials += ':';
    credentials += password;
    out += "Proxy-Authorization: Basic " + base64(credentials) + "\r\n";
  }
  out += "\r\n";
  return out;
}

Result<Reply> http_connect_reply(std::span<const char> bytes, const Target& target,
                                 bool sent_credentials, std::string_view proxy) {
  const std::string_view text(bytes.data(), bytes.size());
  // Byte by byte: the tunnel's first bytes may follow the blank line.
  if (!header_complete(text)) {
    if (text.size() >= kMaxReplyHeader) return detail::malformed(proxy, "HTTP CONNECT");
    return Reply{1, 0};
  }
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  // "HTTP/1.1 200 Connection established"
  if (!line.starts_with("HTTP/") || line.find(' ') == std::string_view::npos) {
    return detail::malformed(proxy, "HTTP CONNECT");
  }
  std::string_view status = line.substr(line.find(' ') + 1);
  while (status.starts_with(' '))
    status.remove_prefix(1);
  if (status.size() < 3 || !std::isdigit(static_cast<unsigned char>(status[0])) ||
      !std::isdigit(static_cast<unsigned char>(status[1])) ||
      !std::isdigit(static_cast<unsigned char>(status[2])) ||
      (status.size() > 3 && status[3] != ' ')) {
    return detail::malformed(proxy, "HTTP CONNECT");
  }
  const int code = (status[0] - '0') * 100 + (status[1] - '0') * 10 + (status[2] - '0');
  if (code >= 200 && code < 300) return Reply{};
  const bool denied = code == 401 || code == 403 || code == 407;
  auto error =
      detail::proxy_error(denied ? std::make_error_code(std::errc::permission_denied)
                                 : make_error_code(errc::proxy_failure),
                          proxy, Reason::http_status, {to_string(target), status_words(status)});
  if (code == 407 && !sent_credentials) error.with(Hint::proxy_user);
  return error;
}

}  // namespace tcpc::proxy
