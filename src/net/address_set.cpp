// SPDX-License-Identifier: MIT
#include "tcpc/address_set.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tcpc {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

Error invalid(std::string_view text, std::string why) {
  return Error(errc::invalid_host, Operation::parse_address, "'" + std::string(text) + "'",
               std::move(why));
}

std::array<std::uint8_t, 16> mapped(const in_addr& v4) {
  std::array<std::uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), kMappedPrefix.data(), kMappedPrefix.size());
  std::memcpy(bytes.data() + 12, &v4, 4);
  return bytes;
}

}  // namespace

bool AddressRange::contains(const std::array<std::uint8_t, 16>& address) const noexcept {
  const unsigned whole = prefix / 8;
  if (std::memcmp(address.data(), bytes.data(), whole) != 0) return false;
  const unsigned rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (address[whole] & mask) == (bytes[whole] & mask);
}

Result<AddressRange> parse_address_range(std::string_view text) {
  std::string_view address = text;
  std::string_view length;
  if (const std::size_t slash = text.find('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    length = text.substr(slash + 1);
    if (length.empty()) return invalid(text, "no prefix length after '/'");
  }
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);
  if (address.empty()) return invalid(text, "no address");
  if (address.size() >= INET6_ADDRSTRLEN) return invalid(text, "not an IPv4 or IPv6 address");

  const std::string owned(address);
  AddressRange range;
  unsigned most = 128;
  unsigned offset = 0;  // an IPv4 length counts from bit 96
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, owned.c_str(), &v4) == 1) {
    range.bytes = mapped(v4);
    most = 32;
    offset = 96;
  } else if (inet_pton(AF_INET6, owned.c_str(), &v6) == 1) {
    std::memcpy(range.bytes.data(), &v6, 16);
  } else {
    return invalid(text, "not an IPv4 or IPv6 address");
  }
  range.prefix = most + offset;
  if (!length.empty()) {
    unsigned bits = 0;
    const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), bits);
    if (ec != std::errc() || end != length.data() + length.size() || bits > most)
      return invalid(text, "the prefix length must be a number from 0 to " + std::to_string(most));
    range.prefix = bits + offset;
  }
  return range;
}

std::vector<std::string> address_list_entries(std::string_view text) {
  std::vector<std::string> entries;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      const std::size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else {
      const std::size_t end = text.find_first_of(" \t\n\r\f\v#", i);
      const std::size_t stop = end == std::string_view::npos ? text.size() : end;
      entries.emplace_back(text.substr(i, stop - i));
      i = stop;
    }
  }
  return entries;
}

bool address_bytes(const Endpoint& endpoint, std::array<std::uint8_t, 16>& bytes) noexcept {
  if (endpoint.family() == AF_INET) {
    bytes = mapped(reinterpret_cast<const sockaddr_in*>(endpoint.data())->sin_addr);
    return true;
  }
  if (endpoint.family() == AF_INET6) {
    std::memcpy(bytes.data(), &reinterpret_cast<const sockaddr_in6*>(endpoint.data())->sin6_addr,
                16);
    return true;
  }
  return false;
}

Result<void> AddressSet::add(std::string_view entry, const ResolveOptions& options) {
  auto range = parse_address_range(entry);
  if (range) {
    ranges_.push_back(*range);
    return {};
  }
  // Not numeric: a host name, unless names may not be looked up, or it has
  // a '/' (a range whose address or length is wrong, not a name).
  if (options.numeric_host || entry.find('/') != std::string_view::npos || entry.empty())
    return range.error();
  ResolveOptions lookup = options;
  lookup.passive = false;
  auto addresses = resolve(entry, 0, lookup);
  if (!addresses) return addresses.error();
  for (const Endpoint& address : *addresses) {
    AddressRange one;
    if (address_bytes(address, one.bytes)) ranges_.push_back(one);
  }
  return {};
}

Result<void> AddressSet::add_file(const std::string& path, const ResolveOptions& options) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return system_error(errno, Operation::open_file, path);
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return system_error(errno ? errno : EIO, Operation::read_file, path);
  for (const std::string& entry : address_list_entries(text.str())) {
    if (auto added = add(entry, options); !added) {
      const Error& error = added.error();
      return Error(error.code(), Operation::read_file, path, error.message());
    }
  }
  return {};
}

bool AddressSet::contains(const Endpoint& address) const noexcept {
  std::array<std::uint8_t, 16> bytes{};
  if (!address_bytes(address, bytes)) return false;
  for (const AddressRange& range : ranges_) {
    if (range.contains(bytes)) return true;
  }
  return false;
}

bool AccessPolicy::admits(const Endpoint& peer) const noexcept {
  if (deny.contains(peer)) return false;
  if (!allow_listed) return true;
  return allow.contains(peer);
}

}  // namespace tcpc
