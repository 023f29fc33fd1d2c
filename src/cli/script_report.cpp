// SPDX-License-Identifier: MIT
#include "script_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "i18n.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/terminal_text.hpp"

namespace tcpc::cli {
namespace {

using Kind = ScriptStep::Kind;

constexpr std::size_t kHexShown = 64;  // bytes of a failure's hex

const char* step_name(Kind kind) {
  switch (kind) {
    case Kind::send:
      return "send";
    case Kind::expect:
      return "expect";
    case Kind::sleep:
      return "sleep";
    case Kind::timeout:
      return "timeout";
    case Kind::print:
      return "print";
    case Kind::repeat:
      break;
  }
  return "repeat";
}

std::string captures_text(const StepReport& report) {
  std::string out;
  for (const auto& [name, value] : report.captures)
    out += fmt::format(" {}={}", name, one_line_text(value, 60));
  return out;
}

std::string what_happened(const StepReport& report) {
  const ScriptStep& step = *report.step;
  switch (step.kind) {
    case Kind::send:
      return trnf("sent {} byte: {}", "sent {} bytes: {}", report.data.size(), report.data.size(),
                  one_line_text(report.data));
    case Kind::expect: {
      std::string line = trf("{}: matched in {} ms: {}", step.pattern->source, report.took.count(),
                             one_line_text(report.data));
      if (!report.captures.empty()) line += trf(" (captured:{})", captures_text(report));
      return line;
    }
    case Kind::sleep:
      return trf("slept {} ms", step.duration.count());
    case Kind::timeout:
      return trf("expect waits up to {} ms from here", step.duration.count());
    case Kind::print:
      return one_line_text(report.data, 1000);
    case Kind::repeat:
      break;
  }
  if (step.pattern) {
    return trf("repeat until {}, round {} of at most {}", step.pattern->source, report.round,
               step.count);
  }
  return trf("repeat, round {} of {}", report.round, step.count);
}

}  // namespace

std::string one_line_text(std::string_view bytes, std::size_t limit) {
  std::string escaped;
  for (char c : bytes.substr(0, limit)) {
    switch (c) {
      case '\r':
        escaped += "\\r";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\t':
        escaped += "\\t";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      default:
        escaped += c;
    }
  }
  std::string out;
  TerminalEscaper escaper;
  escaper.feed(escaped, out);
  escaper.finish(out);
  if (bytes.size() > limit) out += "...";
  return out;
}

std::string step_line(const StepReport& report) {
  return trf("[{:.3f}s] line {}: {}", report.at.count(), report.step->line, what_happened(report));
}

std::string step_json(const StepReport& report) {
  const ScriptStep& step = *report.step;
  nlohmann::ordered_json object;
  object["line"] = step.line;
  object["step"] = step_name(step.kind);
  object["at_ms"] = std::round(report.at.count() * 1e6) / 1e3;
  switch (step.kind) {
    case Kind::send:
      object["bytes"] = report.data.size();
      object["data"] = report.data;
      object["hex"] = format_hex(report.data);
      break;
    case Kind::expect:
      object["ok"] = true;
      object["expected"] = step.pattern->source;
      object["ms"] = report.took.count();
      object["matched"] = report.data;
      if (!report.captures.empty()) object["captures"] = report.captures;
      break;
    case Kind::sleep:
    case Kind::timeout:
      object["ms"] = step.duration.count();
      break;
    case Kind::print:
      object["text"] = report.data;
      break;
    case Kind::repeat:
      object["round"] = report.round;
      object["rounds"] = step.count;
      if (step.pattern) object["until"] = step.pattern->source;
      break;
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string failure_line(std::string_view file, const ScriptFailure& failure) {
  const ScriptStep& step = *failure.step;
  std::string why;
  switch (failure.why) {
    case ScriptFailure::Why::timed_out:
      why = trf("nothing matched within {} ms", failure.waited.count());
      break;
    case ScriptFailure::Why::closed:
      why = trf("the peer closed the connection after {} ms", failure.waited.count());
      break;
    case ScriptFailure::Why::rounds_used:
      why = trnf("not seen in {} round", "not seen in {} rounds", step.count, step.count);
      break;
  }
  const std::string_view received = failure.received;
  std::string got;
  if (received.empty()) {
    got = tr("nothing received");
  } else {
    std::string hex = format_hex(received.substr(0, kHexShown));
    if (received.size() > kHexShown) hex += " ...";
    got = trnf("received {} byte: {} \"{}\"", "received {} bytes: {} \"{}\"", received.size(),
               received.size(), hex, one_line_text(received));
  }
  // TRANSLATORS: "script.txt:4: expect /^250/ not met: nothing matched
  // within 5000 ms; received 8 bytes: 35 30 30 ... "500 no\r\n"".
  return trf("{}:{}: {} not met: {}; {}", file, step.line, step.text, why, got);
}

std::string failure_json(const ScriptFailure& failure) {
  const ScriptStep& step = *failure.step;
  nlohmann::ordered_json object;
  object["line"] = step.line;
  object["step"] = step_name(step.kind);
  object["ok"] = false;
  object["expected"] = step.pattern ? step.pattern->source : std::string();
  object["why"] = failure.why == ScriptFailure::Why::timed_out ? "timed_out"
                  : failure.why == ScriptFailure::Why::closed  ? "closed"
                                                               : "rounds_used";
  object["ms"] = failure.waited.count();
  object["received"] = failure.received;
  object["received_hex"] = format_hex(failure.received);
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string passed_line(std::size_t steps, std::chrono::duration<double> took) {
  return trnf("passed: {} step in {:.3f} s", "passed: {} steps in {:.3f} s", steps, steps,
              took.count());
}

}  // namespace tcpc::cli
