// SPDX-License-Identifier: MIT
#include "tcpc/address.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>

namespace tcpc {

Endpoint::Endpoint(const sockaddr* address, socklen_t length)
    : length_(std::min<socklen_t>(length, sizeof(storage_))) {
  std::memcpy(&storage_, address, length_);
}

Result<Endpoint> Endpoint::unix_path(std::string_view path) {
  sockaddr_un address{};
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return Error(errc::invalid_argument, Operation::unix_path, {},
                 path.empty()
                     ? "empty path"
                     : "longer than " + std::to_string(sizeof(address.sun_path) - 1) + " bytes");
  }
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return Endpoint(reinterpret_cast<const sockaddr*>(&address), length);
}

std::uint16_t Endpoint::port() const noexcept {
  switch (family()) {
    case AF_INET:
      return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
    case AF_INET6:
      return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
    default:
      return 0;
  }
}

std::string Endpoint::host() const {
  char text[INET6_ADDRSTRLEN] = "";
  switch (family()) {
    case AF_INET:
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, text,
                sizeof text);
      return text;
    case AF_INET6: {
      const auto* address = reinterpret_cast<const sockaddr_in6*>(&storage_);
      inet_ntop(AF_INET6, &address->sin6_addr, text, sizeof text);
      // A link-local address means nothing without its interface: fe80::1%lo.
      if (address->sin6_scope_id == 0) return text;
      char name[IF_NAMESIZE] = "";
      return std::string(text) + "%" +
             (if_indextoname(address->sin6_scope_id, name) != nullptr
                  ? std::string(name)
                  : std::to_string(address->sin6_scope_id));
    }
    case AF_UNIX: {
      const auto* address = reinterpret_cast<const sockaddr_un*>(&storage_);
      return std::string(address->sun_path, strnlen(address->sun_path, sizeof address->sun_path));
    }
    default:
      return "(unknown address)";
  }
}

std::string Endpoint::to_string() const {
  switch (family()) {
    case AF_INET:
      return host() + ":" + std::to_string(port());
    case AF_INET6:
      return "[" + host() + "]:" + std::to_string(port());
    case AF_UNIX:
      // A client's end of a Unix connection usually has no path.
      return host().empty() ? std::string("(unnamed unix socket)") : host();
    default:
      return host();
  }
}

Result<std::uint16_t> parse_port(std::string_view text, bool allow_zero) {
  const std::string quoted = "'" + std::string(text) + "'";
  const std::string lowest = allow_zero ? "0" : "1";
  if (text.empty()) return Error(errc::invalid_port, Operation::parse_port, {}, Reason::empty, {});

  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    unsigned long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > 65535 ||
        (value == 0 && !allow_zero)) {
      return Error(errc::invalid_port, Operation::parse_port, quoted, Reason::port_range, {lowest});
    }
    return static_cast<std::uint16_t>(value);
  }

  // A service name ("http", "ssh"), looked up in /etc/services through
  // getaddrinfo because getservbyname is not thread-safe. Only names that
  // look like one (letters, digits, '-', '_', '.', at least one letter, no
  // leading '-') get there: getaddrinfo parses the service with strtoul
  // first, which would take " 80" and "+80" as port 80.
  const auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  };
  const bool looks_like_name =
      text.front() != '-' && std::all_of(text.begin(), text.end(), is_name_char) &&
      std::any_of(text.begin(), text.end(),
                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string service(text);
  if (!looks_like_name || getaddrinfo(nullptr, service.c_str(), &hints, &list) != 0 ||
      list == nullptr) {
    return Error(errc::invalid_port, Operation::parse_port, quoted, Reason::port_or_service,
                 {lowest});
  }
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(list, freeaddrinfo);
  return Endpoint(list->ai_addr, list->ai_addrlen).port();
}

Endpoint source_for(const Endpoint& local, const Endpoint& peer) {
  if (local.family() == peer.family()) return local;
  const bool wildcard =
      (local.family() == AF_INET &&
       reinterpret_cast<const sockaddr_in*>(local.data())->sin_addr.s_addr == htonl(INADDR_ANY)) ||
      (local.family() == AF_INET6 &&
       IN6_IS_ADDR_UNSPECIFIED(&reinterpret_cast<const sockaddr_in6*>(local.data())->sin6_addr));
  if (!wildcard) return local;
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (peer.family() == AF_INET) {
    auto* address = reinterpret_cast<sockaddr_in*>(&storage);
    address->sin_family = AF_INET;
    address->sin_addr.s_addr = htonl(INADDR_ANY);
    address->sin_port = htons(local.port());
    length = sizeof(sockaddr_in);
  } else if (peer.family() == AF_INET6) {
    auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
    address->sin6_family = AF_INET6;
    address->sin6_addr = in6addr_any;
    address->sin6_port = htons(local.port());
    length = sizeof(sockaddr_in6);
  } else {
    return local;
  }
  return Endpoint(reinterpret_cast<const sockaddr*>(&storage), length);
}

namespace {

// "invalid", "x.invalid", "X.INVALID." (the reserved top-level domain).
bool in_invalid_domain(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  constexpr std::string_view kDomain = "invalid";
  if (name.size() < kDomain.size()) return false;
  const std::string_view last = name.substr(name.size() - kDomain.size());
  const bool matches = std::equal(last.begin(), last.end(), kDomain.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
  return matches &&
         (name.size() == kDomain.size() || name[name.size() - kDomain.size() - 1] == '.');
}

// inet_aton() (and so getaddrinfo) still reads the legacy IPv4 forms:
// "1.2.3" is 1.2.0.3, "0x7f.1" is 127.0.0.1, "0177.0.0.1" is octal. Two
// programs that disagree on such a name have made real SSRF holes, and a
// user who typed 1.2.3 meant something else: refuse, naming what it would be.
std::optional<std::string> legacy_ipv4_meaning(const std::string& name) {
  if (name.empty() || name.find_first_not_of("0123456789abcdefABCDEFxX.") != std::string::npos)
    return std::nullopt;
  in_addr strict{}, legacy{};
  if (inet_pton(AF_INET, name.c_str(), &strict) == 1) return std::nullopt;
  if (inet_aton(name.c_str(), &legacy) == 0) return std::nullopt;
  char text[INET_ADDRSTRLEN] = "";
  inet_ntop(AF_INET, &legacy, text, sizeof text);
  return std::string(text);
}

}  // namespace

Result<std::vector<Endpoint>> resolve(std::string_view host, std::uint16_t port,
                                      const ResolveOptions& options) {
  const std::string name(host);
  const std::string subject = name.empty() ? std::string("(any address)") : name;
  if (name.empty() && !options.passive)
    return Error(errc::invalid_host, Operation::resolve, {}, Reason::empty_host, {});
  // RFC 6761 6.4: resolvers should answer "no such name" for .invalid at
  // once. glibc asks the DNS server instead, which sends a query off the
  // machine (and, offline, fails as "temporary failure" rather than "unknown").
  if (in_invalid_domain(name))
    return Error(std::error_code(EAI_NONAME, resolve_category()), Operation::resolve, subject);
  if (const auto meaning = legacy_ipv4_meaning(name))
    return Error(errc::invalid_host, Operation::resolve, subject,
                 "'" + name + "' is a legacy IPv4 shorthand for " + *meaning +
                     "; write all four parts in decimal");

  addrinfo hints{};
  hints.ai_family = options.family == Family::ipv4   ? AF_INET
                    : options.family == Family::ipv6 ? AF_INET6
                                                     : AF_UNSPEC;
  hints.ai_socktype = options.socket_type;
  hints.ai_flags = AI_NUMERICSERV;
  if (options.numeric_host) hints.ai_flags |= AI_NUMERICHOST;
  if (options.passive) hints.ai_flags |= AI_PASSIVE;

  const std::string service = std::to_string(port);
  addrinfo* list = nullptr;
  const int status =
      getaddrinfo(name.empty() ? nullptr : name.c_str(), service.c_str(), &hints, &list);
  if (status == EAI_SYSTEM) return system_error(errno, Operation::resolve, subject);
  if (status != 0)
    return Error(std::error_code(status, resolve_category()), Operation::resolve, subject);
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(list, freeaddrinfo);

  std::vector<Endpoint> endpoints;
  for (const addrinfo* entry = list; entry != nullptr; entry = entry->ai_next) {
    Endpoint endpoint(entry->ai_addr, entry->ai_addrlen);
    if (std::find_if(endpoints.begin(), endpoints.end(), [&](const Endpoint& e) {
          return e.size() == endpoint.size() &&
                 std::memcmp(e.data(), endpoint.data(), e.size()) == 0;
        }) == endpoints.end()) {
      endpoints.push_back(endpoint);
    }
  }
  if (endpoints.empty()) return Error(errc::no_address, Operation::resolve, subject);
  return endpoints;
}

}  // namespace tcpc
