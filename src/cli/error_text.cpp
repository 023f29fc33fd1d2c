// SPDX-License-Identifier: MIT
#include "error_text.hpp"

#include <fmt/args.h>
#include <fmt/format.h>
#include <netdb.h>

#include <cerrno>
#include <optional>
#include <string_view>
#include <vector>

#include "i18n.hpp"

namespace tcpc::cli {
namespace {

// The library's English texts, as patterns: each {} stands for a field (a
// peer, a host, a number) that the translation puts where it belongs.
// The operation that failed: the part of the line before the first ": ".
constexpr const char* kOperations[] = {
    tr_noop("connect to {}"), tr_noop("recv from {}"),    tr_noop("send to {}"),
    tr_noop("resolve {}"),    tr_noop("invalid port {}"), tr_noop("bind {}"),
    tr_noop("encode to {}"),  tr_noop("invalid port"),    tr_noop("resolve"),
    tr_noop("connect"),       tr_noop("close"),
};
// Why: the rest of the line, or the whole line when it has no operation.
constexpr const char* kReasons[] = {
    tr_noop("timed out after {} s"),
    tr_noop("must be from 1 to 65535"),
    tr_noop("must be from 0 to 65535"),
    tr_noop("must be from 1 to 65535 or a known service name"),
    tr_noop("must be from 0 to 65535 or a known service name"),
    tr_noop("empty"),
    tr_noop("empty host"),
    tr_noop("U+{} at byte {} has no {} form"),
};
// Whole lines whose reason has a ": " of its own.
constexpr const char* kLines[] = {
    tr_noop("unknown encoding {} (supported: {})"),
};

struct Reason {
  int value;
  const char* msgid;  // the English text of strerror / gai_strerror
};
constexpr Reason kSystemReasons[] = {
    {ECONNREFUSED, tr_noop("Connection refused")},
    {ECONNRESET, tr_noop("Connection reset by peer")},
    {ETIMEDOUT, tr_noop("Connection timed out")},
    {EHOSTUNREACH, tr_noop("No route to host")},
    {ENETUNREACH, tr_noop("Network is unreachable")},
    {EADDRINUSE, tr_noop("Address already in use")},
    {EADDRNOTAVAIL, tr_noop("Cannot assign requested address")},
    {EPIPE, tr_noop("Broken pipe")},
    {EACCES, tr_noop("Permission denied")},
};
constexpr Reason kResolveReasons[] = {
    {EAI_NONAME, tr_noop("Name or service not known")},
    {EAI_AGAIN, tr_noop("Temporary failure in name resolution")},
    {EAI_FAIL, tr_noop("Non-recoverable failure in name resolution")},
#ifdef EAI_NODATA
    {EAI_NODATA, tr_noop("No address associated with hostname")},
#endif
#ifdef EAI_ADDRFAMILY
    {EAI_ADDRFAMILY, tr_noop("Address family for hostname not supported")},
#endif
};

// The fields of `text` when it matches `pattern` ("connect to {}" matches
// "connect to 127.0.0.1:9" with the field "127.0.0.1:9"); fields are not empty.
std::optional<std::vector<std::string_view>> match(std::string_view pattern,
                                                   std::string_view text) {
  std::vector<std::string_view> literals;
  for (std::size_t start = 0;;) {
    const std::size_t field = pattern.find("{}", start);
    literals.push_back(pattern.substr(start, field - start));
    if (field == std::string_view::npos) break;
    start = field + 2;
  }
  if (!text.starts_with(literals.front())) return std::nullopt;
  if (literals.size() == 1) {
    if (text != literals.front()) return std::nullopt;
    return std::vector<std::string_view>{};
  }
  std::vector<std::string_view> fields;
  std::size_t pos = literals.front().size();
  for (std::size_t i = 1; i < literals.size(); ++i) {
    const bool last = i + 1 == literals.size();
    std::size_t end;
    if (last) {
      if (!text.ends_with(literals[i]) || text.size() < pos + literals[i].size())
        return std::nullopt;
      end = text.size() - literals[i].size();
    } else {
      end = literals[i].empty() ? std::string_view::npos : text.find(literals[i], pos + 1);
      if (end == std::string_view::npos) return std::nullopt;
    }
    if (end <= pos) return std::nullopt;
    fields.push_back(text.substr(pos, end - pos));
    pos = end + literals[i].size();
  }
  return fields;
}

// The translation of the first pattern `text` matches, its fields filled
// in; nullopt when none matches or the translation's fields do not fit.
template <std::size_t N>
std::optional<std::string> translate(const char* const (&patterns)[N], std::string_view text) {
  for (const char* pattern : patterns) {
    auto fields = match(pattern, text);
    if (!fields) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (std::string_view field : *fields)
      args.push_back(std::string(field));
    try {
      return fmt::vformat(tr(pattern), args);
    } catch (const fmt::format_error&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

const char* find_reason(const Reason* begin, const Reason* end, int value) {
  for (const Reason* reason = begin; reason != end; ++reason) {
    if (reason->value == value) return reason->msgid;
  }
  return nullptr;
}

std::string translate_reason(const Error& error, std::string_view reason) {
  const std::error_code& code = error.code();
  // The code's own text (which the C library may have translated already).
  if (reason == code.message()) {
    const char* msgid = nullptr;
    if (code.category() == std::generic_category() || code.category() == std::system_category()) {
      msgid = find_reason(std::begin(kSystemReasons), std::end(kSystemReasons), code.value());
    } else if (code.category() == resolve_category()) {
      msgid = find_reason(std::begin(kResolveReasons), std::end(kResolveReasons), code.value());
    }
    // Only a real translation replaces it: untranslated, the text stays.
    if (msgid != nullptr && std::string_view(tr(msgid)) != msgid) return tr(msgid);
    return std::string(reason);
  }
  return translate(kReasons, reason).value_or(std::string(reason));
}

}  // namespace

std::string localized_message(const Error& error) {
  const std::string& message = error.message();
  if (auto line = translate(kLines, message)) return *line;
  // "OPERATION: REASON"; addresses hold ':' but never ": ".
  const std::size_t colon = message.find(": ");
  if (colon == std::string::npos) return translate_reason(error, message);
  const std::string_view whole(message);
  const std::string_view operation_text = whole.substr(0, colon);
  const std::string operation =
      translate(kOperations, operation_text).value_or(std::string(operation_text));
  const std::string reason = translate_reason(error, whole.substr(colon + 2));
  // TRANSLATORS: an error line, "OPERATION: REASON" ("connect to 127.0.0.1:9: Connection refused").
  return trf("{}: {}", operation, reason);
}

}  // namespace tcpc::cli
