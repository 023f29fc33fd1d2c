// SPDX-License-Identifier: MIT
// Any script text parses or fails cleanly with "LINE:COLUMN: message",
// the line within the text; a script that parses has steps whose lines
// are in the text and whose sends expand (captures aside).
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/script.hpp"

namespace {

void check_steps(const std::vector<tcpc::ScriptStep>& steps, std::size_t lines) {
  for (const tcpc::ScriptStep& step : steps) {
    FUZZ_CHECK(step.line >= 1 && step.line <= lines);
    if (step.kind == tcpc::ScriptStep::Kind::send && step.data.captures().empty()) {
      FUZZ_CHECK(tcpc::expand(step.data, {}));
    }
    check_steps(step.body, lines);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t lines =
      static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n')) + 1;
  auto script = tcpc::parse_script(input);
  if (!script) {
    const std::string& detail = script.error().detail();
    std::size_t line = 0;
    auto parsed = std::from_chars(detail.data(), detail.data() + detail.size(), line);
    FUZZ_CHECK(parsed.ec == std::errc() && *parsed.ptr == ':');
    FUZZ_CHECK(line >= 1 && line <= lines);
    return 0;
  }
  check_steps(script->steps, lines);
  return 0;
}
