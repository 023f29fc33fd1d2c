// SPDX-License-Identifier: MIT
// Error lines in the user's language, built from the fields of a
// tcpc::Error (operation, subject, cause, hints), never from its English
// message(): the library may reword its English without breaking a
// translation. Without a translation the line is exactly the library's
// message(), plus the hints spelled as this tool's flags
// ("...; --cafile FILE trusts its CA, --insecure skips the check").
#pragma once

#include <string>

#include "tcpc/error.hpp"

namespace tcpc::cli {

std::string localized_message(const Error& error);

// The msgids behind the line, for tests: an operation's words (nullptr for
// Operation::none and system_call, whose subject is shown as it is; the
// TLS file operations are the flag, "--cafile {}"), a reason's (nullptr for
// Reason::none) and a hint's.
const char* operation_msgid(Operation operation, bool with_subject);
const char* reason_msgid(Reason reason);
const char* hint_msgid(Hint hint);

}  // namespace tcpc::cli
