// SPDX-License-Identifier: MIT
// Who may connect: sets of IPv4 and IPv6 addresses given as ncat's --allow
// and --deny take them (single addresses, CIDR ranges, host names, files of
// them), and the rule that combines an allow set with a deny set.
//
// Every address is kept as IPv6: an IPv4 address a.b.c.d is ::ffff:a.b.c.d
// and an IPv4 range /N is that range's /N+96. So "10.0.0.0/8" matches a
// client on an IPv4 socket and the same client seen as ::ffff:10.1.2.3 on a
// dual-stack IPv6 socket alike, with no special case.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

// One address range: the first `prefix` bits of `bytes` (an IPv6 address,
// IPv4 ones mapped) must match.
struct AddressRange {
  std::array<std::uint8_t, 16> bytes{};
  unsigned prefix = 128;  // 0-128

  bool contains(const std::array<std::uint8_t, 16>& address) const noexcept;
  friend bool operator==(const AddressRange&, const AddressRange&) = default;
};

// A numeric entry: "192.0.2.7", "10.0.0.0/8", "2001:db8::1", "2001:db8::/32",
// "::ffff:192.0.2.0/120", "[::1]". No DNS. Fails with errc::invalid_host
// ("invalid address 'TEXT': why") for anything else, host names included.
Result<AddressRange> parse_address_range(std::string_view text);

// The entries of an --allowfile/--denyfile, as ncat reads one: separated by
// white space (one a line, usually), '#' to the end of the line a comment.
std::vector<std::string> address_list_entries(std::string_view text);

// The 16 bytes an Endpoint's address is matched as; false for a Unix path.
bool address_bytes(const Endpoint& endpoint, std::array<std::uint8_t, 16>& bytes) noexcept;

class AddressSet {
 public:
  // A numeric entry (parse_address_range) or, unless options.numeric_host,
  // a host name resolved now: each of its addresses is added. Names are not
  // resolved again later, as with ncat.
  Result<void> add(std::string_view entry, const ResolveOptions& options = {});
  // Every entry of a file (address_list_entries); a bad one fails the whole
  // file, naming the file and the entry.
  Result<void> add_file(const std::string& path, const ResolveOptions& options = {});
  void add(const AddressRange& range) { ranges_.push_back(range); }

  bool contains(const Endpoint& address) const noexcept;  // never a Unix path
  bool empty() const noexcept { return ranges_.empty(); }
  const std::vector<AddressRange>& ranges() const noexcept { return ranges_; }

 private:
  std::vector<AddressRange> ranges_;
};

// --allow and --deny together, as ncat applies them: once an allow list is
// given (even an empty file), only its addresses are admitted; an address
// on the deny list is refused whatever the allow list says.
struct AccessPolicy {
  bool allow_listed = false;  // --allow or --allowfile given
  AddressSet allow;
  AddressSet deny;

  bool restricts() const noexcept { return allow_listed || !deny.empty(); }
  // A Unix socket's peer has no address: admitted unless an allow list is set.
  bool admits(const Endpoint& peer) const noexcept;
};

}  // namespace tcpc
