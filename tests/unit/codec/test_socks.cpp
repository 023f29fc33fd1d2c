// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tcpc/proxy_handshake.hpp"

using namespace std::string_literals;
using tcpc::proxy::Reply;
using tcpc::proxy::Target;

namespace {

std::span<const char> span_of(const std::string& bytes) {
  return {bytes.data(), bytes.size()};
}

// Feeds a reply the way a socket would: exactly what the parser asks for.
// Returns how many bytes it took and the last verdict.
template <class Parse>
std::pair<std::size_t, tcpc::Result<Reply>> feed(const std::string& reply, Parse parse) {
  std::string bytes;
  for (;;) {
    auto judged = parse(span_of(bytes));
    if (!judged || judged->missing == 0) return {bytes.size(), judged};
    if (bytes.size() + judged->missing > reply.size()) return {bytes.size(), judged};
    bytes += reply.substr(bytes.size(), judged->missing);
  }
}

const Target kTarget{"example.com", 22};

}  // namespace

TEST(Socks5, GreetingOffersPasswordOnlyWithCredentials) {
  EXPECT_EQ(tcpc::proxy::socks5_greeting(false), "\x05\x01\x00"s);
  EXPECT_EQ(tcpc::proxy::socks5_greeting(true), "\x05\x02\x00\x02"s);
}

TEST(Socks5, ConnectRequestSendsNamesForTheProxyToResolve) {
  auto request = tcpc::proxy::socks5_connect_request(kTarget);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(*request, "\x05\x01\x00\x03\x0b"s + "example.com" + "\x00\x16"s);
}

TEST(Socks5, ConnectRequestSendsNumericAddressesAsAddresses) {
  auto ipv4 = tcpc::proxy::socks5_connect_request({"192.0.2.7", 443});
  ASSERT_TRUE(ipv4.ok());
  EXPECT_EQ(*ipv4, "\x05\x01\x00\x01\xc0\x00\x02\x07\x01\xbb"s);
  auto ipv6 = tcpc::proxy::socks5_connect_request({"::1", 80});
  ASSERT_TRUE(ipv6.ok());
  EXPECT_EQ(*ipv6, "\x05\x01\x00\x04"s + std::string(15, '\0') + "\x01\x00\x50"s);
}

TEST(Socks5, ConnectRequestRefusesNamesLongerThan255) {
  auto request = tcpc::proxy::socks5_connect_request({std::string(256, 'a'), 80});
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().reason(), tcpc::Reason::too_long);
}

TEST(Socks5, MethodReplyAcceptsOnlyWhatWasOffered) {
  auto none = feed("\x05\x00"s, [](auto bytes) {
    return tcpc::proxy::socks5_method_reply(bytes, false, "proxy");
  });
  ASSERT_TRUE(none.second.ok());
  EXPECT_EQ(none.second->method, 0);

  auto password = feed("\x05\x02"s, [](auto bytes) {
    return tcpc::proxy::socks5_method_reply(bytes, true, "proxy");
  });
  ASSERT_TRUE(password.second.ok());
  EXPECT_EQ(password.second->method, 2);

  auto unoffered = feed("\x05\x02"s, [](auto bytes) {
    return tcpc::proxy::socks5_method_reply(bytes, false, "127.0.0.1:1080");
  });
  ASSERT_FALSE(unoffered.second.ok());
  EXPECT_EQ(unoffered.second.error().message(),
            "proxy 127.0.0.1:1080: chose authentication method 0x02 that we did not offer");
}

TEST(Socks5, NoAcceptableMethodSaysWhatTheProxyWants) {
  auto wants = feed("\x05\xff"s, [](auto bytes) {
    return tcpc::proxy::socks5_method_reply(bytes, false, "127.0.0.1:1080");
  });
  ASSERT_FALSE(wants.second.ok());
  EXPECT_EQ(wants.second.error().message(), "proxy 127.0.0.1:1080: wants a username and password");
  EXPECT_TRUE(wants.second.error().has(tcpc::Hint::proxy_user));

  auto neither = feed("\x05\xff"s, [](auto bytes) {
    return tcpc::proxy::socks5_method_reply(bytes, true, "127.0.0.1:1080");
  });
  ASSERT_FALSE(neither.second.ok());
  EXPECT_EQ(neither.second.error().reason(), tcpc::Reason::proxy_no_method);
}

TEST(Socks5, PasswordRequestAndReply) {
  auto request = tcpc::proxy::socks5_password_request("ann", "s3cret");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(*request,
            "\x01\x03"
            "ann"
            "\x06"
            "s3cret"s);
  EXPECT_FALSE(tcpc::proxy::socks5_password_request(std::string(256, 'u'), "p").ok());

  auto ok = feed("\x01\x00"s,
                 [](auto bytes) { return tcpc::proxy::socks5_password_reply(bytes, "ann", "p"); });
  EXPECT_TRUE(ok.second.ok());
  auto rejected = feed("\x01\x01"s, [](auto bytes) {
    return tcpc::proxy::socks5_password_reply(bytes, "ann", "127.0.0.1:1080");
  });
  ASSERT_FALSE(rejected.second.ok());
  EXPECT_EQ(rejected.second.error().message(),
            "proxy 127.0.0.1:1080: rejected the username ann (status 0x01)");
}

TEST(Socks5, ConnectReplyReadsExactlyTheReply) {
  const std::string tunnel_data = "SSH-2.0-x\r\n";
  const auto parse = [](auto bytes) {
    return tcpc::proxy::socks5_connect_reply(bytes, kTarget, "p");
  };
  auto ipv4 = feed("\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38"s + tunnel_data, parse);
  EXPECT_TRUE(ipv4.second.ok());
  EXPECT_EQ(ipv4.first, 10u);
  auto ipv6 = feed("\x05\x00\x00\x04"s + std::string(16, '\0') + "\x04\x38"s + tunnel_data, parse);
  EXPECT_TRUE(ipv6.second.ok());
  EXPECT_EQ(ipv6.first, 22u);
  auto name = feed(
      "\x05\x00\x00\x03\x03"
      "abc"
      "\x04\x38"s +
          tunnel_data,
      parse);
  EXPECT_TRUE(name.second.ok());
  EXPECT_EQ(name.first, 10u);
}

TEST(Socks5, ConnectReplyNamesTheReplyCode) {
  auto unreachable = feed("\x05\x04"s, [](auto bytes) {
    return tcpc::proxy::socks5_connect_reply(bytes, kTarget, "127.0.0.1:1080");
  });
  ASSERT_FALSE(unreachable.second.ok());
  EXPECT_EQ(unreachable.second.error().message(),
            "proxy 127.0.0.1:1080: cannot reach example.com:22: host unreachable (SOCKS5 reply 4)");
  EXPECT_EQ(unreachable.second.error().code(), std::errc::host_unreachable);

  auto refused = feed("\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00"s, [](auto bytes) {
    return tcpc::proxy::socks5_connect_reply(bytes, {"::1", 9}, "p");
  });
  ASSERT_FALSE(refused.second.ok());
  EXPECT_EQ(refused.second.error().code(), std::errc::connection_refused);
  EXPECT_EQ(refused.second.error().values().front(), "[::1]:9");
}

TEST(Socks5, ConnectReplyOfAnotherProtocolIsMalformed) {
  auto http = feed("HTTP/1.1 400 Bad Request\r\n\r\n"s, [](auto bytes) {
    return tcpc::proxy::socks5_connect_reply(bytes, kTarget, "p");
  });
  ASSERT_FALSE(http.second.ok());
  EXPECT_EQ(http.second.error().message(), "proxy p: sent a malformed SOCKS5 reply");
  auto bad_type = feed("\x05\x00\x00\x09\x00"s, [](auto bytes) {
    return tcpc::proxy::socks5_connect_reply(bytes, kTarget, "p");
  });
  EXPECT_FALSE(bad_type.second.ok());
}

TEST(Socks4, RequestCarriesAnIpv4AddressAndUserId) {
  auto request = tcpc::proxy::socks4_connect_request({"127.0.0.1", 22}, "");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(*request, "\x04\x01\x00\x16\x7f\x00\x00\x01\x00"s);
  auto named = tcpc::proxy::socks4_connect_request({"127.0.0.1", 22}, "ann");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(*named,
            "\x04\x01\x00\x16\x7f\x00\x00\x01"
            "ann\x00"s);
  auto ipv6 = tcpc::proxy::socks4_connect_request({"::1", 22}, "");
  ASSERT_FALSE(ipv6.ok());
  EXPECT_EQ(ipv6.error().message(), "proxy: SOCKS4 reaches IPv4 addresses only, not [::1]:22");
}

TEST(Socks4, Replies) {
  const Target target{"127.0.0.1", 22};
  auto granted = feed("\x00\x5a\x00\x00\x00\x00\x00\x00"s + "data", [&](auto bytes) {
    return tcpc::proxy::socks4_connect_reply(bytes, target, "p");
  });
  EXPECT_TRUE(granted.second.ok());
  EXPECT_EQ(granted.first, 8u);
  auto rejected = feed("\x00\x5b\x00\x00\x00\x00\x00\x00"s, [&](auto bytes) {
    return tcpc::proxy::socks4_connect_reply(bytes, target, "p");
  });
  ASSERT_FALSE(rejected.second.ok());
  EXPECT_EQ(rejected.second.error().message(),
            "proxy p: cannot reach 127.0.0.1:22: request rejected or failed (SOCKS4 reply 91)");
}

TEST(HttpConnect, Request) {
  EXPECT_EQ(tcpc::proxy::http_connect_request(kTarget, "", ""),
            "CONNECT example.com:22 HTTP/1.0\r\nHost: example.com:22\r\n\r\n");
  EXPECT_EQ(tcpc::proxy::http_connect_request({"::1", 22}, "Aladdin", "open sesame"),
            "CONNECT [::1]:22 HTTP/1.0\r\nHost: [::1]:22\r\n"
            "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n");
}

TEST(HttpConnect, ReplyEndsAtTheBlankLine) {
  const std::string reply = "HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n";
  auto granted = feed(reply + "SSH-2.0-x\r\n", [](auto bytes) {
    return tcpc::proxy::http_connect_reply(bytes, kTarget, false, "p");
  });
  EXPECT_TRUE(granted.second.ok());
  EXPECT_EQ(granted.first, reply.size());
}

TEST(HttpConnect, StatusAndReasonLineAreShown) {
  auto forbidden = feed("HTTP/1.0 403 Forbidden\r\n\r\n"s, [](auto bytes) {
    return tcpc::proxy::http_connect_reply(bytes, kTarget, false, "127.0.0.1:3128");
  });
  ASSERT_FALSE(forbidden.second.ok());
  EXPECT_EQ(forbidden.second.error().message(),
            "proxy 127.0.0.1:3128: cannot reach example.com:22: HTTP 403 Forbidden");
  EXPECT_FALSE(forbidden.second.error().has(tcpc::Hint::proxy_user));

  auto auth = feed("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"s, [](auto bytes) {
    return tcpc::proxy::http_connect_reply(bytes, kTarget, false, "p");
  });
  ASSERT_FALSE(auth.second.ok());
  EXPECT_TRUE(auth.second.error().has(tcpc::Hint::proxy_user));
}

TEST(HttpConnect, NotHttpIsMalformed) {
  auto socks = feed("\x05\x00\n\n"s, [](auto bytes) {
    return tcpc::proxy::http_connect_reply(bytes, kTarget, false, "p");
  });
  ASSERT_FALSE(socks.second.ok());
  EXPECT_EQ(socks.second.error().message(), "proxy p: sent a malformed HTTP CONNECT reply");
  auto endless = feed(std::string(20000, 'a'), [](auto bytes) {
    return tcpc::proxy::http_connect_reply(bytes, kTarget, false, "p");
  });
  EXPECT_FALSE(endless.second.ok());
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(tcpc::proxy::base64(""), "");
  EXPECT_EQ(tcpc::proxy::base64("f"), "Zg==");
  EXPECT_EQ(tcpc::proxy::base64("fo"), "Zm8=");
  EXPECT_EQ(tcpc::proxy::base64("foo"), "Zm9v");
  EXPECT_EQ(tcpc::proxy::base64("foobar"), "Zm9vYmFy");
}
