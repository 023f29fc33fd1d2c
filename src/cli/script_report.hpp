// SPDX-License-Identifier: MIT
// How a script's steps are shown: one line per step on stdout, with the
// time since the start (--json: one JSON object per line), and why it
// failed, if it did.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "script_runner.hpp"

namespace tcpc::cli {

// "[0.012s] line 3: sent 8 bytes: HELO x\r\n".
std::string step_line(const StepReport& report);
// {"line":3,"step":"send","at":0.012,"bytes":8,"data":"HELO x\r\n"}
std::string step_json(const StepReport& report);
// "FILE:4: expect /^250/ not met: timed out after 5000 ms; received 8 bytes:
// 35 30 30 ... \"500 no\\r\\n\"" (one line).
std::string failure_line(std::string_view file, const ScriptFailure& failure);
std::string failure_json(const ScriptFailure& failure);
// "passed: 3 steps in 0.012 s".
std::string passed_line(std::size_t steps, std::chrono::duration<double> took);
// Bytes on one line: \r \n \t \\ escaped, the rest as a terminal may show it.
std::string one_line_text(std::string_view bytes, std::size_t limit = 200);

}  // namespace tcpc::cli
