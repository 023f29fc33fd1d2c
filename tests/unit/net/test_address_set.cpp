// SPDX-License-Identifier: MIT
#include "tcpc/address_set.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tcpc/error.hpp"

namespace tcpc {
namespace {

Endpoint at(const char* host) {
  ResolveOptions numeric;
  numeric.numeric_host = true;
  auto endpoints = resolve(host, 80, numeric);
  EXPECT_TRUE(endpoints.ok()) << host;
  return endpoints.ok() ? endpoints->front() : Endpoint();
}

AddressSet set_of(std::vector<const char*> entries) {
  AddressSet set;
  ResolveOptions numeric;
  numeric.numeric_host = true;
  for (const char* entry : entries)
    EXPECT_TRUE(set.add(entry, numeric).ok()) << entry;
  return set;
}

TEST(AddressSetParse, SingleAddressesAreWholeRanges) {
  auto v4 = parse_address_range("192.0.2.7");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->prefix, 128u);
  auto v6 = parse_address_range("[2001:db8::1]");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->prefix, 128u);
}

TEST(AddressSetParse, Ipv4LengthsCountFromTheMappedPrefix) {
  auto range = parse_address_range("10.0.0.0/8");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->prefix, 104u);
  // ::ffff:10.0.0.0/104 is the same range, written as IPv6.
  EXPECT_EQ(*range, *parse_address_range("::ffff:10.0.0.0/104"));
}

TEST(AddressSetParse, RefusesWhatIsNotARange) {
  for (const char* bad : {"", "/", "1.2.3.4/", "1.2.3.4/33", "::1/129", "1.2.3.4/x", "1.2.3",
                          "10.0.0.0/8/8", "example.com", "1.2.3.4-10", "[::1", "1.2.3.4/-1"}) {
    auto range = parse_address_range(bad);
    ASSERT_FALSE(range.ok()) << bad;
    EXPECT_EQ(range.error().code(), make_error_code(errc::invalid_host)) << bad;
    EXPECT_EQ(range.error().operation(), Operation::parse_address) << bad;
  }
  EXPECT_EQ(parse_address_range("1.2.3.4/33").error().message(),
            "invalid address '1.2.3.4/33': the prefix length must be a number from 0 to 32");
}

TEST(AddressSetMatch, CidrRangesHoldTheirAddressesOnly) {
  const AddressSet set = set_of({"10.0.0.0/8", "192.0.2.7", "2001:db8::/32"});
  EXPECT_TRUE(set.contains(at("10.255.1.2")));
  EXPECT_FALSE(set.contains(at("11.0.0.1")));
  EXPECT_TRUE(set.contains(at("192.0.2.7")));
  EXPECT_FALSE(set.contains(at("192.0.2.8")));
  EXPECT_TRUE(set.contains(at("2001:db8:ffff::1")));
  EXPECT_FALSE(set.contains(at("2001:db9::1")));
}

TEST(AddressSetMatch, OddPrefixLengthsMaskTheLastByte) {
  const AddressSet set = set_of({"192.0.2.64/27"});
  EXPECT_TRUE(set.contains(at("192.0.2.64")));
  EXPECT_TRUE(set.contains(at("192.0.2.95")));
  EXPECT_FALSE(set.contains(at("192.0.2.96")));
  EXPECT_FALSE(set.contains(at("192.0.2.63")));
}

TEST(AddressSetMatch, MappedIpv6ClientsMatchIpv4Entries) {
  // A dual-stack listener sees an IPv4 client as ::ffff:a.b.c.d.
  const AddressSet v4 = set_of({"127.0.0.0/8"});
  EXPECT_TRUE(v4.contains(at("::ffff:127.0.0.2")));
  EXPECT_FALSE(v4.contains(at("::1")));
  const AddressSet mapped = set_of({"::ffff:127.0.0.1"});
  EXPECT_TRUE(mapped.contains(at("127.0.0.1")));
}

TEST(AddressSetMatch, ZeroLengthMatchesEverything) {
  const AddressSet all = set_of({"::/0"});
  EXPECT_TRUE(all.contains(at("127.0.0.1")));
  EXPECT_TRUE(all.contains(at("::1")));
  const AddressSet all_v4 = set_of({"0.0.0.0/0"});
  EXPECT_TRUE(all_v4.contains(at("8.8.8.8")));
  EXPECT_FALSE(all_v4.contains(at("::1")));
}

TEST(AddressSetMatch, UnixPathsAreNeverContained) {
  const AddressSet all = set_of({"::/0"});
  EXPECT_FALSE(all.contains(*Endpoint::unix_path("/tmp/x.sock")));
}

TEST(AddressSetNames, NumericOnlyRefusesNames) {
  AddressSet set;
  ResolveOptions numeric;
  numeric.numeric_host = true;
  EXPECT_FALSE(set.add("localhost", numeric).ok());
  EXPECT_TRUE(set.empty());
}

TEST(AddressSetNames, NamesAreResolvedWhenAdded) {
  AddressSet set;
  ResolveOptions v4;
  v4.family = Family::ipv4;
  ASSERT_TRUE(set.add("localhost", v4).ok());  // /etc/hosts, no DNS
  EXPECT_TRUE(set.contains(at("127.0.0.1")));
  EXPECT_FALSE(set.add("bad/name", v4).ok());  // a '/' is a range, never a name
}

TEST(AddressListEntries, CommentsAndWhiteSpace) {
  EXPECT_EQ(address_list_entries("# trusted hosts\n127.0.0.1  # me\n\n\t::1\r\n10.0.0.0/8#x\n"),
            (std::vector<std::string>{"127.0.0.1", "::1", "10.0.0.0/8"}));
  EXPECT_TRUE(address_list_entries("").empty());
  EXPECT_TRUE(address_list_entries("#only a comment").empty());
}

TEST(AddressSetFile, ReadsEveryEntryAndNamesTheFileOnError) {
  const std::string path = ::testing::TempDir() + "tcpc_allow_test.txt";
  {
    std::ofstream file(path);
    file << "# ok\n192.0.2.0/24\n2001:db8::1\n";
  }
  AddressSet set;
  ResolveOptions numeric;
  numeric.numeric_host = true;
  ASSERT_TRUE(set.add_file(path, numeric).ok());
  EXPECT_TRUE(set.contains(at("192.0.2.200")));
  EXPECT_TRUE(set.contains(at("2001:db8::1")));
  {
    std::ofstream file(path);
    file << "192.0.2.0/24\n192.0.2.0/99\n";
  }
  auto bad = AddressSet().add_file(path, numeric);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find(path), std::string::npos) << bad.error().message();
  EXPECT_NE(bad.error().message().find("192.0.2.0/99"), std::string::npos);
  std::remove(path.c_str());
  EXPECT_FALSE(AddressSet().add_file(path, numeric).ok());
}

TEST(AccessPolicy, DenyWinsAndAnAllowListAdmitsOnlyItsOwn) {
  AccessPolicy open;
  EXPECT_FALSE(open.restricts());
  EXPECT_TRUE(open.admits(at("192.0.2.1")));

  AccessPolicy deny_one;
  deny_one.deny = set_of({"192.0.2.1"});
  EXPECT_TRUE(deny_one.restricts());
  EXPECT_FALSE(deny_one.admits(at("192.0.2.1")));
  EXPECT_TRUE(deny_one.admits(at("192.0.2.2")));

  AccessPolicy allow_net;
  allow_net.allow_listed = true;
  allow_net.allow = set_of({"192.0.2.0/24"});
  allow_net.deny = set_of({"192.0.2.9"});
  EXPECT_TRUE(allow_net.admits(at("192.0.2.1")));
  EXPECT_FALSE(allow_net.admits(at("192.0.2.9")));
  EXPECT_FALSE(allow_net.admits(at("198.51.100.1")));

  AccessPolicy empty_allow;  // an empty --allowfile admits nobody
  empty_allow.allow_listed = true;
  EXPECT_FALSE(empty_allow.admits(at("127.0.0.1")));
  EXPECT_FALSE(empty_allow.admits(*Endpoint::unix_path("/tmp/x.sock")));
  EXPECT_TRUE(deny_one.admits(*Endpoint::unix_path("/tmp/x.sock")));
}

}  // namespace
}  // namespace tcpc
