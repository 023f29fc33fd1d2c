// SPDX-License-Identifier: MIT
#include "script_load.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "error_text.hpp"
#include "tcpc/checksum.hpp"

namespace tcpc::cli {
namespace {

Result<std::string> read_script_file(const std::string& path, std::string_view command) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return usage_error(fmt::format("{} {}: {}", command, path, std::strerror(errno)));
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return usage_error(fmt::format("{} {}: {}", command, path, std::strerror(errno)));
  return text.str();
}

// Checksums after `send` (append SPEC): checked before running, so a bad
// SPEC is a usage error with its line, not a failure halfway through.
Result<void> check_appends(const std::vector<ScriptStep>& steps, const std::string& path) {
  for (const ScriptStep& step : steps) {
    for (const std::string& spec : step.append) {
      if (auto parsed = parse_checksum_specs(spec); !parsed)
        return usage("{}:{}: append {}: {}", path, step.line, spec, parsed.error().message());
    }
    if (auto inner = check_appends(step.body, path); !inner) return inner;
  }
  return {};
}

}  // namespace

Result<Script> load_script(const std::string& path, std::string_view command) {
  auto text = read_script_file(path, command);
  if (!text) return text.error();
  auto script = parse_script(*text);
  if (!script) return usage_error(fmt::format("{}:{}", path, script.error().detail()));
  if (auto checked = check_appends(script->steps, path); !checked) return checked.error();
  return script;
}

}  // namespace tcpc::cli
