// SPDX-License-Identifier: MIT
// Translated messages through gettext (text domain "tcpc"; catalogs from
// po/*.po). English is the msgid itself, so without a catalog or with
// LANG=C every message is exactly the English text.
#pragma once

#include <fmt/format.h>
#include <libintl.h>

#include <string>

namespace tcpc::cli {

inline constexpr const char* kTextDomain = "tcpc";

// The message in the user's language (LC_MESSAGES / LANGUAGE).
inline const char* tr(const char* msgid) {
  return ::dgettext(kTextDomain, msgid);
}

// tr() of a fmt format string, formatted. A translation whose fields do not
// fit the arguments falls back to the English text instead of throwing.
template <class... Args>
std::string trf(const char* msgid, const Args&... args) {
  try {
    return fmt::format(fmt::runtime(tr(msgid)), args...);
  } catch (const fmt::format_error&) {
    return fmt::format(fmt::runtime(msgid), args...);
  }
}

// The singular or plural message for `n` in the user's language (gettext's
// ngettext: Chinese has one form, English two), formatted with `args`. The
// count is not passed implicitly: give it as an argument where the text shows it.
template <class... Args>
std::string trnf(const char* singular, const char* plural, unsigned long n, const Args&... args) {
  const char* msgid = n == 1 ? singular : plural;
  try {
    return fmt::format(fmt::runtime(::dngettext(kTextDomain, singular, plural, n)), args...);
  } catch (const fmt::format_error&) {
    return fmt::format(fmt::runtime(msgid), args...);
  }
}

// Marks a string for translation where tr() cannot be called yet (a table,
// a constant); tr() it where it is shown.
constexpr const char* tr_noop(const char* msgid) {
  return msgid;
}

// Once at start-up: follow the locale's LC_MESSAGES and find the catalogs
// (see i18n.cpp). Nothing else of the locale changes: character classes,
// numbers and the relay's bytes stay the same in every locale.
void init_messages();

}  // namespace tcpc::cli
