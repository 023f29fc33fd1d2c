// SPDX-License-Identifier: MIT
#include "i18n.hpp"

#include <langinfo.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdlib>
#include <string>
#include <string_view>

namespace tcpc::cli {
namespace {

bool is_directory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// The running executable's directory; empty where /proc is missing (macOS).
std::string executable_dir() {
  char path[4096];
  const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return {};
  const std::string exe(path, static_cast<std::size_t>(length));
  return exe.substr(0, exe.rfind('/'));
}

// Where the catalogs are: $TCPC_LOCALEDIR when set; else beside the
// executable, so an installed tcpc finds PREFIX/share/locale whatever PREFIX
// it was moved to (the .deb installs into /usr, not the configured
// /usr/local) and a build tree finds build/locale (tests run uninstalled);
// else the configured install directory.
std::string locale_dir() {
  if (const char* dir = std::getenv("TCPC_LOCALEDIR"); dir != nullptr && *dir != '\0') return dir;
  if (const std::string exe_dir = executable_dir(); !exe_dir.empty()) {
    for (const char* relative : {TCPC_LOCALEDIR_FROM_BINDIR, "locale"}) {
      std::string dir = exe_dir + "/" + relative;
      if (is_directory(dir)) return dir;
    }
  }
  return TCPC_INSTALL_LOCALEDIR;
}

// The character set of the user's LC_CTYPE, read without making it the
// process's: isprint() and friends stay "C" for the hex dump and codecs.
std::string locale_codeset() {
  const locale_t ctype = ::newlocale(LC_CTYPE_MASK, "", static_cast<locale_t>(nullptr));
  if (ctype == static_cast<locale_t>(nullptr)) return {};
  std::string codeset = ::nl_langinfo_l(CODESET, ctype);
  ::freelocale(ctype);
  return codeset;
}

// The languages of po/*.po.
constexpr std::string_view kCatalogLanguages[] = {"zh"};

// Whether the environment names a language tcpc has messages in: if not,
// everything stays English and start-up loads no locale at all (one-shot
// runs are timed against nc). gettext makes the real choice.
bool may_want_translation() {
  for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    const std::string_view list(value);
    for (std::size_t start = 0; start <= list.size();) {  // LANGUAGE is a list: "fr:zh_CN"
      const std::size_t end = std::min(list.find(':', start), list.size());
      const std::string_view entry = list.substr(start, end - start);
      for (std::string_view language : kCatalogLanguages) {
        if (entry.starts_with(language)) return true;
      }
      start = end + 1;
    }
  }
  return false;
}

}  // namespace

void init_messages() {
  if (!may_want_translation()) return;
  // Only LC_MESSAGES: the relay, number parsing and formatting never look
  // at it, so pipe mode stays byte-exact in every locale.
  if (std::setlocale(LC_MESSAGES, "") == nullptr) return;  // no such locale: English
  const std::string dir = locale_dir();
  ::bindtextdomain(kTextDomain, dir.c_str());
  if (const std::string codeset = locale_codeset(); !codeset.empty())
    ::bind_textdomain_codeset(kTextDomain, codeset.c_str());
}

}  // namespace tcpc::cli
