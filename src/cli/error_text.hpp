// SPDX-License-Identifier: MIT
// Error lines in the user's language. The library writes English
// ("connect to 127.0.0.1:9: Connection refused"); the CLI translates the
// operation and the reason separately, and keeps what it has no translation
// for exactly as the library wrote it (so English output never changes).
#pragma once

#include <string>

#include "tcpc/error.hpp"

namespace tcpc::cli {

std::string localized_message(const Error& error);

}  // namespace tcpc::cli
