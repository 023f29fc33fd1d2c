// SPDX-License-Identifier: MIT
#include "error_text.hpp"

#include <netdb.h>

#include <cerrno>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "i18n.hpp"

namespace tcpc::cli {
namespace {

// The tool's words for each operation, with a subject ({} is where it
// goes) and without. They are msgids, so a translator sees the line as it
// reads in English; the library's own English may change without touching
// them. The TLS files are named by the flag that gave them.
struct OperationWords {
  Operation operation;
  const char* with_subject;
  const char* bare;
};
constexpr OperationWords kOperations[] = {
    // none and system_call have no words: the subject (a name, such as
    // "poll" or the caller's own context) is shown as it is.
    {Operation::none, nullptr, nullptr},
    {Operation::system_call, nullptr, nullptr},
    {Operation::connect, tr_noop("connect to {}"), tr_noop("connect")},
    {Operation::resolve, tr_noop("resolve {}"), tr_noop("resolve")},
    {Operation::bind, tr_noop("bind {}"), tr_noop("bind")},
    {Operation::listen, tr_noop("listen on {}"), tr_noop("listen")},
    {Operation::accept, tr_noop("accept on {}"), tr_noop("accept")},
    {Operation::send, tr_noop("send to {}"), tr_noop("send")},
    {Operation::receive, tr_noop("recv from {}"), tr_noop("recv")},
    {Operation::echo, tr_noop("echo to {}"), tr_noop("echo")},
    {Operation::close, tr_noop("close {}"), tr_noop("close")},
    {Operation::read_input, tr_noop("read input {}"), tr_noop("read input")},
    {Operation::write_output, tr_noop("write output {}"), tr_noop("write output")},
    {Operation::open_file, tr_noop("open {}"), tr_noop("open")},
    {Operation::read_file, tr_noop("read {}"), tr_noop("read")},
    {Operation::write_file, tr_noop("write {}"), tr_noop("write")},
    {Operation::parse_port, tr_noop("invalid port {}"), tr_noop("invalid port")},
    {Operation::parse_ports, tr_noop("invalid port list {}"), tr_noop("invalid port list")},
    {Operation::parse_address, tr_noop("invalid address {}"), tr_noop("invalid address")},
    {Operation::port_check, tr_noop("port check {}"), tr_noop("port check")},
    {Operation::parse_hex, tr_noop("invalid hex at position {}"), tr_noop("invalid hex")},
    {Operation::parse_escape, tr_noop("invalid escape at position {}"), tr_noop("invalid escape")},
    {Operation::find_encoding, tr_noop("encoding {}"), tr_noop("encoding")},
    {Operation::encode, tr_noop("encode to {}"), tr_noop("encode")},
    {Operation::unix_path, tr_noop("unix socket path {}"), tr_noop("unix socket path")},
    {Operation::tls_setup, tr_noop("TLS {}"), tr_noop("TLS")},
    {Operation::tls_handshake, tr_noop("TLS handshake with {}"), tr_noop("TLS handshake")},
    {Operation::tls_close, tr_noop("close_notify to {}"), tr_noop("close_notify")},
    {Operation::load_ca_file, "--cafile {}", "--cafile"},
    {Operation::load_ca_dir, "--capath {}", "--capath"},
    {Operation::load_cert, "--cert {}", "--cert"},
    {Operation::load_key, "--key {}", "--key"},
    {Operation::set_alpn, "--alpn {}", "--alpn"},
    {Operation::bench, tr_noop("bench {}"), tr_noop("bench")},
    {Operation::proxy_connect, tr_noop("connect to proxy {}"), tr_noop("connect to proxy")},
    {Operation::proxy, tr_noop("proxy {}"), tr_noop("proxy")},
    {Operation::run_program, tr_noop("run {}"), tr_noop("run")},
};
static_assert(std::size(kOperations) == kOperationCount);
// Looked up by index: the rows must be in the enum's order.
constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kOperations); ++i) {
    if (static_cast<std::size_t>(kOperations[i].operation) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order());

const OperationWords& words_for(Operation operation) {
  const auto index = static_cast<std::size_t>(operation);
  return index < std::size(kOperations) ? kOperations[index] : kOperations[0];
}

// Causes with a shape (Error::reason()): the values fill the fields.
constexpr const char* kReasons[] = {
    nullptr,                                                      // none
    tr_noop("timed out after {} s"),                              // timed_out
    tr_noop("must be from {} to 65535"),                          // port_range
    tr_noop("must be from {} to 65535 or a known service name"),  // port_or_service
    tr_noop("empty"),                                             // empty
    tr_noop("empty host"),                                        // empty_host
    // TRANSLATORS: a code point (hex), a byte offset, an encoding name.
    tr_noop("U+{} at byte {} has no {} form"),              // no_form
    tr_noop("unknown encoding {} (supported: {})"),         // unknown_encoding
    tr_noop("no reply within {} s"),                        // no_reply
    tr_noop("wants a username and password"),               // proxy_wants_auth
    tr_noop("accepts none of our authentication methods"),  // proxy_no_method
    // TRANSLATORS: a SOCKS5 method number such as 0x01.
    tr_noop("chose authentication method {} that we did not offer"),  // proxy_other_method
    // TRANSLATORS: the username, the proxy's status byte.
    tr_noop("rejected the username {} (status {})"),  // proxy_auth_failed
    // TRANSLATORS: the target HOST:PORT, what the reply means, the SOCKS version (4 or 5), the
    // code.
    tr_noop("cannot reach {}: {} (SOCKS{} reply {})"),  // socks_reply
    // TRANSLATORS: the target HOST:PORT, the proxy's status code and reason ("403 Forbidden").
    tr_noop("cannot reach {}: HTTP {}"),                       // http_status
    tr_noop("sent a malformed {} reply"),                      // proxy_malformed
    tr_noop("closed the connection during the {} handshake"),  // proxy_closed
    tr_noop("SOCKS4 reaches IPv4 addresses only, not {}"),     // socks4_ipv4_only
    // TRANSLATORS: what is too long: a host name, a username or a password.
    tr_noop("{} longer than 255 bytes"),  // too_long
};
static_assert(std::size(kReasons) == kReasonCount);

// What the user can do, in the tool's flags.
constexpr const char* kHints[] = {
    tr_noop("--cafile FILE trusts its CA"),               // trust_ca
    tr_noop("--insecure skips the check"),                // skip_verification
    tr_noop("--servername NAME checks another"),          // other_server_name
    tr_noop("--cert FILE --key FILE gives one"),          // client_certificate
    tr_noop("a plain TCP port? try without --tls"),       // without_tls
    tr_noop("--tls-min sets the oldest version to use"),  // tls_version
    tr_noop("-P USER gives one"),                         // proxy_user
};
static_assert(std::size(kHints) == kHintCount);

struct CodeText {
  int value;
  const char* msgid;  // the English text of strerror / gai_strerror
};
constexpr CodeText kSystemReasons[] = {
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
constexpr CodeText kResolveReasons[] = {
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

// `pattern` with each {} (or {N}, as translations reorder) replaced by a
// value. Not fmt: the values are data, braces in them stay as they are.
// Nullopt when the pattern asks for a value that is not there.
std::optional<std::string> fill(std::string_view pattern, const std::vector<std::string>& values) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    const std::size_t close = pattern.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    std::size_t index = next++;
    const std::string_view inside = pattern.substr(i + 1, close - i - 1);
    if (!inside.empty()) {
      if (inside.size() > 2 || inside.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
      index = std::stoul(std::string(inside));
    }
    if (index >= values.size()) return std::nullopt;
    out += values[index];
    i = close;
  }
  return out;
}

// The translation of `msgid` filled with `values`, or the English when the
// translation's fields do not fit.
std::string translate(const char* msgid, const std::vector<std::string>& values) {
  if (auto text = fill(tr(msgid), values)) return *text;
  return fill(msgid, values).value_or(msgid);
}

const char* find_reason(const CodeText* begin, const CodeText* end, int value) {
  for (const CodeText* reason = begin; reason != end; ++reason) {
    if (reason->value == value) return reason->msgid;
  }
  return nullptr;
}

bool is_translated(const char* msgid) {
  return std::string_view(tr(msgid)) != msgid;
}

// The operation and its subject: "connect to 127.0.0.1:9". Untranslated,
// the library's own English, so English lines follow the library's wording.
std::string operation_line(const Error& error) {
  const OperationWords& words = words_for(error.operation());
  if (words.with_subject == nullptr) return error.subject();
  const bool with_subject = !error.subject().empty();
  const char* msgid = with_subject ? words.with_subject : words.bare;
  const bool flag = std::string_view(msgid).starts_with("--");  // the tool's spelling, always
  if (!flag && !is_translated(msgid)) {
    return fill(operation_text(error.operation(), with_subject), {error.subject()})
        .value_or(error.subject());
  }
  return translate(msgid, {error.subject()});
}

// Words the library puts into a reason's values: a SOCKS reply's meaning,
// what was too long. Each is a msgid, so the value reads in the user's language.
constexpr const char* kValueWords[] = {
    tr_noop("general SOCKS server failure"),
    tr_noop("connection not allowed by ruleset"),
    tr_noop("network unreachable"),
    tr_noop("host unreachable"),
    tr_noop("connection refused"),
    tr_noop("TTL expired"),
    tr_noop("command not supported"),
    tr_noop("address type not supported"),
    tr_noop("unknown reply"),
    tr_noop("request rejected or failed"),
    tr_noop("no identd on the client"),
    tr_noop("identd reported another user"),
    tr_noop("host name"),
    tr_noop("username"),
    tr_noop("password"),
};

std::vector<std::string> translated_values(const Error& error) {
  std::vector<std::string> values = error.values();
  if (error.reason() != Reason::socks_reply && error.reason() != Reason::too_long) return values;
  for (std::string& value : values) {
    for (const char* word : kValueWords) {
      if (value == word) {
        value = tr(word);
        break;
      }
    }
  }
  return values;
}

// Why: a shaped cause from its values, the code's text, or the library's
// detail (its own words: there is no translation for free text).
std::string cause_line(const Error& error) {
  if (error.reason() != Reason::none) {
    const char* msgid = reason_msgid(error.reason());
    if (msgid != nullptr && is_translated(msgid)) return translate(msgid, translated_values(error));
  }
  if (!error.detail().empty()) return error.detail();
  const std::error_code& code = error.code();
  const char* msgid = nullptr;
  if (code.category() == std::generic_category() || code.category() == std::system_category()) {
    msgid = find_reason(std::begin(kSystemReasons), std::end(kSystemReasons), code.value());
  } else if (code.category() == resolve_category()) {
    msgid = find_reason(std::begin(kResolveReasons), std::end(kResolveReasons), code.value());
  }
  // Only a real translation replaces the code's text, which the C library
  // may have translated already.
  if (msgid != nullptr && is_translated(msgid)) return tr(msgid);
  return code.message();
}

}  // namespace

const char* operation_msgid(Operation operation, bool with_subject) {
  const OperationWords& words = words_for(operation);
  return with_subject ? words.with_subject : words.bare;
}

const char* reason_msgid(Reason reason) {
  const auto index = static_cast<std::size_t>(reason);
  return index < std::size(kReasons) ? kReasons[index] : nullptr;
}

const char* hint_msgid(Hint hint) {
  const auto index = static_cast<std::size_t>(hint);
  return index < std::size(kHints) ? kHints[index] : nullptr;
}

Error usage_error(std::string line) {
  return Error(errc::invalid_argument, "", std::move(line));
}

std::string localized_cause(const Error& error) {
  return cause_line(error);
}

std::string localized_message(const Error& error) {
  const std::string operation = operation_line(error);
  const std::string cause = cause_line(error);
  // TRANSLATORS: an error line, "OPERATION: REASON" ("connect to 127.0.0.1:9: Connection refused").
  std::string line = operation.empty() ? cause : trf("{}: {}", operation, cause);
  std::string hints;
  for (Hint hint : error.hints()) {
    const char* msgid = hint_msgid(hint);
    if (msgid == nullptr) continue;  // a hint newer than this tool: nothing to say
    // TRANSLATORS: hints after an error line, "HINT, HINT".
    hints = hints.empty() ? std::string(tr(msgid)) : trf("{}, {}", hints, tr(msgid));
  }
  // What a refusal means, in every language alike: a learner's first
  // connect fails this way, and the bare "Connection refused" says nothing
  // about why (TCP answered the SYN with RST: no program has that port open).
  if (error.code() == std::errc::connection_refused) {
    // A Unix socket's subject is its path (HOST:PORT otherwise).
    const bool path = error.subject().starts_with('/') || error.subject().starts_with('.');
    const char* meaning =
        path ? tr("nothing is listening at that path") : tr("nothing is listening on that port");
    hints = hints.empty() ? std::string(meaning) : trf("{}, {}", meaning, hints);
  }
  // TRANSLATORS: an error line and what to do about it ("...; --insecure skips the check").
  if (!hints.empty()) line = trf("{}; {}", line, hints);
  return line;
}

}  // namespace tcpc::cli
