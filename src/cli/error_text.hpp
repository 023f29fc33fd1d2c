// SPDX-License-Identifier: MIT
// Error lines in the user's language, built from the fields of a
// tcpc::Error (operation, subject, cause, hints), never from its English
// message(): the library may reword its English without breaking a
// translation. Without a translation the line is exactly the library's
// message(), plus the hints spelled as this tool's flags
// ("...; --cafile FILE trusts its CA, --insecure skips the check").
#pragma once

#include <string>

#include "i18n.hpp"
#include "tcpc/error.hpp"

namespace tcpc::cli {

std::string localized_message(const Error& error);
// Only the cause, without the operation and the hints ("host unreachable (SOCKS5 reply 4)").
std::string localized_cause(const Error& error);

// A usage error (exit 2) whose line is already in the user's language
// (CLI11's own parse errors, a line built with trf()).
Error usage_error(std::string line);

// A usage error (exit 2): `msgid` in the user's language, formatted with
// `args`. xgettext finds the msgids with --keyword=usage
// (scripts/update-po.sh), so the argument must be a string literal.
template <class... Args>
Error usage(const char* msgid, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    return usage_error(tr(msgid));
  } else {
    return usage_error(trf(msgid, args...));
  }
}

// The msgids behind the line, for tests: an operation's words (nullptr for
// Operation::none and system_call, whose subject is shown as it is; the
// TLS file operations are the flag, "--cafile {}"), a reason's (nullptr for
// Reason::none) and a hint's.
const char* operation_msgid(Operation operation, bool with_subject);
const char* reason_msgid(Reason reason);
const char* hint_msgid(Hint hint);

}  // namespace tcpc::cli
