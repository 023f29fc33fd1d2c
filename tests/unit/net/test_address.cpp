// SPDX-License-Identifier: MIT
#include "tcpc/address.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tcpc/error.hpp"

namespace tcpc {
namespace {

// ---- parse_port ------------------------------------------------------------

std::uint16_t port_of(std::string_view text, bool allow_zero = false) {
  auto port = parse_port(text, allow_zero);
  EXPECT_TRUE(port.ok()) << "'" << text << "': " << port.error().message();
  return port.ok() ? *port : 0;
}

TEST(AddressParsePort, AcceptsNumbersInRange) {
  EXPECT_EQ(port_of("1"), 1);
  EXPECT_EQ(port_of("80"), 80);
  EXPECT_EQ(port_of("8080"), 8080);
  EXPECT_EQ(port_of("65535"), 65535);
  EXPECT_EQ(port_of("00080"), 80);  // leading zeros are still a number
}

TEST(AddressParsePort, AcceptsServiceNames) {
  EXPECT_EQ(port_of("http"), 80);
  EXPECT_EQ(port_of("ssh"), 22);
}

TEST(AddressParsePort, ZeroOnlyWithAllowZero) {
  EXPECT_EQ(port_of("0", true), 0);
  EXPECT_EQ(port_of("65535", true), 65535);

  auto zero = parse_port("0");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code(), errc::invalid_port);
  EXPECT_EQ(zero.error().message(), "invalid port '0': must be from 1 to 65535");
}

TEST(AddressParsePort, RejectsOutOfRangeWithExactMessage) {
  auto big = parse_port("70000");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code(), errc::invalid_port);
  EXPECT_EQ(big.error().message(), "invalid port '70000': must be from 1 to 65535");

  auto just_over = parse_port("65536", true);
  ASSERT_FALSE(just_over.ok());
  EXPECT_EQ(just_over.error().message(), "invalid port '65536': must be from 0 to 65535");

  // Too big even for from_chars must not wrap around.
  auto huge = parse_port("18446744073709551696");  // 2^64 + 80
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code(), errc::invalid_port);
}

TEST(AddressParsePort, RejectsUnknownServiceNameWithExactMessage) {
  auto port = parse_port("abc");
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().code(), errc::invalid_port);
  EXPECT_EQ(port.error().message(),
            "invalid port 'abc': must be from 1 to 65535 or a known service name");
}

TEST(AddressParsePort, RejectsEmpty) {
  auto port = parse_port("");
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().code(), errc::invalid_port);
  EXPECT_EQ(port.error().message(), "invalid port: empty");
}

TEST(AddressParsePort, RejectsMalformedText) {
  // Each of these must fail: not a plain number and not a service name.
  // (getaddrinfo's own service parsing uses strtoul, which would read
  // "-1" as 65535 and " 80" as 80.)
  for (std::string_view text :
       {"0", "65536", "70000", "abc", "", "-1", " 80", "80 ", "+80", "8o", "0x50", "80.0", "-"}) {
    auto port = parse_port(text);
    EXPECT_FALSE(port.ok()) << "'" << text << "' parsed as " << (port.ok() ? *port : 0);
    if (!port.ok()) {
      EXPECT_EQ(port.error().code(), errc::invalid_port) << "'" << text << "'";
      EXPECT_TRUE(is_input_error(port.error().code()));
    }
  }
}

// ---- resolve ---------------------------------------------------------------

std::vector<std::string> to_strings(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> out;
  for (const Endpoint& e : endpoints)
    out.push_back(e.to_string());
  return out;
}

bool is_loopback(const Endpoint& endpoint) {
  if (endpoint.family() == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(endpoint.data());
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  if (endpoint.family() == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(endpoint.data());
    return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
  }
  return false;
}

TEST(AddressResolve, Ipv4LiteralNeedsNoDns) {
  ResolveOptions options;
  options.numeric_host = true;  // proves no name lookup is involved
  auto endpoints = resolve("127.0.0.1", 80, options);
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().message();
  ASSERT_EQ(endpoints->size(), 1u) << ::testing::PrintToString(to_strings(*endpoints));
  const Endpoint& e = endpoints->front();
  EXPECT_EQ(e.family(), AF_INET);
  EXPECT_EQ(e.size(), sizeof(sockaddr_in));
  EXPECT_EQ(e.host(), "127.0.0.1");
  EXPECT_EQ(e.port(), 80);
  EXPECT_EQ(e.to_string(), "127.0.0.1:80");
}

TEST(AddressResolve, Ipv6LiteralNeedsNoDns) {
  ResolveOptions options;
  options.numeric_host = true;
  auto endpoints = resolve("::1", 80, options);
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().message();
  ASSERT_EQ(endpoints->size(), 1u) << ::testing::PrintToString(to_strings(*endpoints));
  const Endpoint& e = endpoints->front();
  EXPECT_EQ(e.family(), AF_INET6);
  EXPECT_EQ(e.size(), sizeof(sockaddr_in6));
  EXPECT_EQ(e.host(), "::1");
  EXPECT_EQ(e.port(), 80);
  EXPECT_EQ(e.to_string(), "[::1]:80");
}

TEST(AddressResolve, LocalhostIsLoopback) {
  auto endpoints = resolve("localhost", 8080);
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().message();
  ASSERT_FALSE(endpoints->empty());
  for (const Endpoint& e : *endpoints) {
    EXPECT_TRUE(is_loopback(e)) << e.to_string();
    EXPECT_EQ(e.port(), 8080);
  }
}

TEST(AddressResolve, NoDuplicateEndpoints) {
  // getaddrinfo with socket_type 0 would list each address per socket type;
  // with SOCK_STREAM and the de-duplication each address appears once.
  auto endpoints = resolve("localhost", 80);
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().message();
  const auto names = to_strings(*endpoints);
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j)
      EXPECT_NE(names[i], names[j]);
  }
}

TEST(AddressResolve, NumericHostRejectsNames) {
  ResolveOptions options;
  options.numeric_host = true;
  auto endpoints = resolve("localhost", 80, options);
  ASSERT_FALSE(endpoints.ok());
  EXPECT_EQ(endpoints.error().code().category(), resolve_category());
  EXPECT_EQ(endpoints.error().code().value(), EAI_NONAME);
  EXPECT_EQ(endpoints.error().message(),
            std::string("resolve localhost: ") + gai_strerror(EAI_NONAME));
  EXPECT_FALSE(is_input_error(endpoints.error().code()));
}

TEST(AddressResolve, FamilyFilters) {
  ResolveOptions v4;
  v4.family = Family::ipv4;
  ResolveOptions v6;
  v6.family = Family::ipv6;

  auto only_v4 = resolve("localhost", 80, v4);
  ASSERT_TRUE(only_v4.ok()) << only_v4.error().message();
  ASSERT_FALSE(only_v4->empty());
  for (const Endpoint& e : *only_v4)
    EXPECT_EQ(e.family(), AF_INET) << e.to_string();

  auto literal_v6 = resolve("::1", 80, v6);
  ASSERT_TRUE(literal_v6.ok()) << literal_v6.error().message();
  for (const Endpoint& e : *literal_v6)
    EXPECT_EQ(e.family(), AF_INET6) << e.to_string();

  // A literal of the other family cannot satisfy the filter.
  auto v6_as_v4 = resolve("::1", 80, v4);
  EXPECT_FALSE(v6_as_v4.ok()) << ::testing::PrintToString(to_strings(*v6_as_v4));
  auto v4_as_v6 = resolve("127.0.0.1", 80, v6);
  EXPECT_FALSE(v4_as_v6.ok()) << ::testing::PrintToString(to_strings(*v4_as_v6));
  if (!v4_as_v6.ok()) {
    EXPECT_EQ(v4_as_v6.error().message().rfind("resolve 127.0.0.1: ", 0), 0u);
  }
}

TEST(AddressResolve, EmptyHostFailsUnlessPassive) {
  auto active = resolve("", 80);
  ASSERT_FALSE(active.ok());
  EXPECT_EQ(active.error().code(), errc::invalid_host);
  EXPECT_EQ(active.error().message(), "resolve: empty host");
  EXPECT_TRUE(is_input_error(active.error().code()));

  ResolveOptions passive;
  passive.passive = true;
  passive.family = Family::ipv4;
  auto any = resolve("", 8080, passive);
  ASSERT_TRUE(any.ok()) << any.error().message();
  ASSERT_EQ(any->size(), 1u) << ::testing::PrintToString(to_strings(*any));
  EXPECT_EQ(any->front().to_string(), "0.0.0.0:8080");
}

TEST(AddressResolve, UnknownHostFails) {
  // .invalid never reaches DNS (RFC 6761), so this is the same offline and online.
  auto endpoints = resolve("nosuch.invalid", 80);
  ASSERT_FALSE(endpoints.ok()) << ::testing::PrintToString(to_strings(*endpoints));
  EXPECT_EQ(endpoints.error().message().rfind("resolve nosuch.invalid: ", 0), 0u)
      << endpoints.error().message();
  EXPECT_GT(endpoints.error().message().size(), std::string("resolve nosuch.invalid: ").size());
  EXPECT_FALSE(is_input_error(endpoints.error().code()));
}

TEST(AddressResolve, InvalidDomainIsUnknownWithoutAskingDns) {
  // Through DNS, an offline machine would say EAI_AGAIN ("Temporary failure
  // in name resolution"); only the RFC 6761 answer is EAI_NONAME everywhere.
  for (const char* name : {"nosuch.invalid", "NoSuch.INVALID.", "invalid", "a.b.invalid"}) {
    auto endpoints = resolve(name, 80);
    ASSERT_FALSE(endpoints.ok()) << name;
    EXPECT_EQ(endpoints.error().code(), std::error_code(EAI_NONAME, resolve_category())) << name;
    EXPECT_EQ(endpoints.error().message(),
              std::string("resolve ") + name + ": " + gai_strerror(EAI_NONAME));
  }
}

TEST(AddressResolve, RefusesLegacyIpv4ShorthandNamingItsMeaning) {
  // inet_aton() would take each of these; the message says what it means.
  const std::pair<const char*, const char*> cases[] = {
      {"1.2.3", "1.2.0.3"},        {"127.1", "127.0.0.1"},      {"0x7f.1", "127.0.0.1"},
      {"0177.0.0.1", "127.0.0.1"}, {"2130706433", "127.0.0.1"}, {"0x7f000001", "127.0.0.1"},
  };
  for (const auto& [name, meaning] : cases) {
    auto endpoints = resolve(name, 80);
    ASSERT_FALSE(endpoints.ok()) << name;
    EXPECT_EQ(endpoints.error().code(), make_error_code(errc::invalid_host)) << name;
    EXPECT_EQ(endpoints.error().message(), std::string("resolve ") + name + ": '" + name +
                                               "' is a legacy IPv4 shorthand for " + meaning +
                                               "; write all four parts in decimal");
  }
  // The full form, and names that merely look hexadecimal, are untouched.
  EXPECT_TRUE(resolve("127.0.0.1", 80).ok());
  auto name = resolve("cafe.invalid", 80);
  ASSERT_FALSE(name.ok());
  EXPECT_NE(name.error().code(), make_error_code(errc::invalid_host));
}

// ---- Endpoint --------------------------------------------------------------

TEST(AddressEndpoint, LinkLocalV6KeepsItsZone) {
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  v6.sin6_port = htons(7);
  ASSERT_EQ(inet_pton(AF_INET6, "fe80::1", &v6.sin6_addr), 1);
  v6.sin6_scope_id = 1;  // the loopback interface is 1 on Linux
  char name[IF_NAMESIZE] = "";
  ASSERT_NE(if_indextoname(1, name), nullptr);
  Endpoint e6(reinterpret_cast<const sockaddr*>(&v6), sizeof v6);
  EXPECT_EQ(e6.host(), std::string("fe80::1%") + name);
  EXPECT_EQ(e6.to_string(), std::string("[fe80::1%") + name + "]:7");
  // And one that resolve() reads back with its zone.
  auto endpoints = resolve(std::string("fe80::1%") + name, 7);
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().message();
  EXPECT_EQ(endpoints->front().to_string(), std::string("[fe80::1%") + name + "]:7");
}

TEST(AddressEndpoint, ToStringV4AndV6) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  v4.sin_port = htons(80);
  ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr), 1);
  Endpoint e4(reinterpret_cast<const sockaddr*>(&v4), sizeof v4);
  EXPECT_FALSE(e4.empty());
  EXPECT_EQ(e4.family(), AF_INET);
  EXPECT_EQ(e4.port(), 80);
  EXPECT_EQ(e4.host(), "127.0.0.1");
  EXPECT_EQ(e4.to_string(), "127.0.0.1:80");

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  v6.sin6_port = htons(80);
  v6.sin6_addr = in6addr_loopback;
  Endpoint e6(reinterpret_cast<const sockaddr*>(&v6), sizeof v6);
  EXPECT_EQ(e6.family(), AF_INET6);
  EXPECT_EQ(e6.port(), 80);
  EXPECT_EQ(e6.host(), "::1");
  EXPECT_EQ(e6.to_string(), "[::1]:80");

  // Copies are independent values.
  Endpoint copy = e6;
  EXPECT_EQ(copy.to_string(), "[::1]:80");
  EXPECT_EQ(copy.size(), sizeof v6);
  EXPECT_EQ(std::memcmp(copy.data(), e6.data(), copy.size()), 0);
}

TEST(AddressEndpoint, DefaultIsEmpty) {
  Endpoint e;
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e.size(), 0u);
  EXPECT_EQ(e.port(), 0);
}

TEST(AddressEndpoint, UnixPath) {
  auto e = Endpoint::unix_path("/tmp/tcpc.sock");
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->family(), AF_UNIX);
  EXPECT_EQ(e->host(), "/tmp/tcpc.sock");
  EXPECT_EQ(e->to_string(), "/tmp/tcpc.sock");
  EXPECT_EQ(e->port(), 0);
  EXPECT_FALSE(e->empty());

  constexpr std::size_t kMax = sizeof(sockaddr_un{}.sun_path) - 1;  // room for the NUL
  const std::string longest(kMax, 'a');
  auto fits = Endpoint::unix_path(longest);
  ASSERT_TRUE(fits.ok()) << fits.error().message();
  EXPECT_EQ(fits->host(), longest);
}

TEST(AddressEndpoint, UnixPathTooLongOrEmpty) {
  constexpr std::size_t kMax = sizeof(sockaddr_un{}.sun_path) - 1;
  auto too_long = Endpoint::unix_path(std::string(kMax + 1, 'a'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code(), errc::invalid_argument);
  EXPECT_EQ(too_long.error().message(),
            "unix socket path: longer than " + std::to_string(kMax) + " bytes");

  auto empty = Endpoint::unix_path("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code(), errc::invalid_argument);
  EXPECT_EQ(empty.error().message(), "unix socket path: empty path");
}

}  // namespace
}  // namespace tcpc
