// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <charconv>
#include <set>

#include "tcpc/escape.hpp"
#include "tcpc/script.hpp"

namespace tcpc {
namespace {

using Kind = ScriptStep::Kind;

struct SyntaxError {
  std::size_t column;  // 1-based
  std::string message;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// One line being read, left to right; `at` is an index into `line`.
class LineReader {
 public:
  explicit LineReader(std::string_view line) : line_(line) {}

  void skip_spaces() {
    while (at_ < line_.size() && is_space(line_[at_]))
      ++at_;
  }
  bool done() {
    skip_spaces();
    return at_ == line_.size();
  }
  // Where the next word starts (1-based).
  std::size_t column() {
    skip_spaces();
    return at_ + 1;
  }
  std::string_view rest() {
    skip_spaces();
    std::string_view text = line_.substr(at_);
    while (!text.empty() && is_space(text.back()))
      text.remove_suffix(1);
    at_ = line_.size();
    return text;
  }
  std::string_view peek_word() {
    skip_spaces();
    std::size_t end = at_;
    while (end < line_.size() && !is_space(line_[end]))
      ++end;
    return line_.substr(at_, end - at_);
  }
  std::string_view word() {
    const std::string_view next = peek_word();
    at_ += next.size();
    return next;
  }
  char peek() {
    skip_spaces();
    return at_ < line_.size() ? line_[at_] : '\0';
  }
  // "..." with backslash escapes left in place (the template decodes them).
  std::optional<std::string_view> quoted() {
    skip_spaces();
    const std::size_t start = at_;
    for (std::size_t i = at_ + 1; i < line_.size(); ++i) {
      if (line_[i] == '\\') {
        ++i;
      } else if (line_[i] == '"') {
        at_ = i + 1;
        return line_.substr(start + 1, i - start - 1);
      }
    }
    return std::nullopt;
  }
  // A /regex/flags literal.
  std::string_view regex() {
    skip_spaces();
    const std::size_t length = regex_literal_length(line_.substr(at_));
    const std::string_view literal = line_.substr(at_, length);
    at_ += length;
    return literal;
  }
  // Words up to one of `stops` (or the end), joined by single spaces.
  std::string words_until(std::initializer_list<std::string_view> stops) {
    std::string joined;
    while (!done()) {
      const std::string_view next = peek_word();
      for (std::string_view stop : stops) {
        if (next == stop) return joined;
      }
      if (!joined.empty()) joined += ' ';
      joined += word();
    }
    return joined;
  }

 private:
  std::string_view line_;
  std::size_t at_ = 0;
};

// "250", "250ms", "2s".
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto parsed = std::from_chars(text.data(), end, value);
  if (parsed.ec != std::errc() || value < 0) return std::nullopt;
  const std::string_view unit(parsed.ptr, static_cast<std::size_t>(end - parsed.ptr));
  std::int64_t ms = 0;
  if (unit.empty() || unit == "ms") {
    ms = value;
  } else if (unit == "s") {
    if (value > kMaxScriptDuration.count() / 1000) return std::nullopt;
    ms = value * 1000;
  } else {
    return std::nullopt;
  }
  if (ms > kMaxScriptDuration.count()) return std::nullopt;
  return std::chrono::milliseconds(ms);
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto parsed = std::from_chars(text.data(), end, value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != end || value == 0 ||
      value > kMaxRepeat) {
    return std::nullopt;
  }
  return value;
}

bool is_capture_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

class ScriptParser {
 public:
  explicit ScriptParser(std::string_view text) : text_(text) {}

  Result<Script> parse() {
    Script script;
    std::vector<std::vector<ScriptStep>*> open{&script.steps};
    std::vector<std::size_t> open_lines;
    std::size_t number = 0;
    std::string_view text = text_;
    while (!text.empty()) {
      ++number;
      const std::size_t newline = text.find('\n');
      const std::string_view line = text.substr(0, newline);
      text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
      LineReader reader(line);
      if (reader.done() || reader.peek() == '#') continue;
      const std::size_t column = reader.column();
      if (reader.peek_word() == "end") {
        reader.word();
        if (!reader.done()) return fail(number, reader.column(), "unexpected text after end");
        if (open.size() == 1) return fail(number, column, "end without repeat");
        open.pop_back();
        open_lines.pop_back();
        continue;
      }
      auto step = parse_step(reader);
      if (!step) return fail(number, step.error.column, step.error.message);
      step->line = number;
      std::string_view written = line.substr(column - 1);
      while (!written.empty() && is_space(written.back()))
        written.remove_suffix(1);
      step->text = std::string(written);
      open.back()->push_back(std::move(*step));
      if (open.back()->back().kind == Kind::repeat) {
        if (open.size() > kMaxScriptDepth) {
          return fail(number, column,
                      fmt::format("repeats nested deeper than {}", kMaxScriptDepth));
        }
        open.push_back(&open.back()->back().body);
        open_lines.push_back(number);
      }
    }
    if (!open_lines.empty()) {
      return fail(open_lines.back(), 1, "repeat without end");
    }
    return script;
  }

 private:
  static Error fail(std::size_t line, std::size_t column, std::string_view message) {
    return Error(errc::invalid_argument, Operation::none, {},
                 fmt::format("{}:{}: {}", line, column, message));
  }

  struct Parsed {
    std::optional<ScriptStep> step;
    SyntaxError error{0, {}};
    explicit operator bool() const { return step.has_value(); }
    ScriptStep* operator->() { return &*step; }
    ScriptStep& operator*() { return *step; }
  };

  static Parsed error(std::size_t column, std::string message) {
    Parsed parsed;
    parsed.error = {column, std::move(message)};
    return parsed;
  }
  static Parsed ok(ScriptStep step) {
    Parsed parsed;
    parsed.step = std::move(step);
    return parsed;
  }

  Parsed parse_step(LineReader& reader) {
    const std::size_t column = reader.column();
    const std::string_view keyword = reader.word();
    ScriptStep step;
    if (keyword == "send") return parse_send(reader, std::move(step));
    if (keyword == "expect") {
      step.kind = Kind::expect;
      return parse_expect(reader, std::move(step), true);
    }
    if (keyword == "print") {
      step.kind = Kind::print;
      const std::size_t at = reader.column();
      auto data = parse_template(reader.rest());
      if (!data) return error(at, data.error().message());
      step.data = std::move(*data);
      return check_captures(at, std::move(step));
    }
    if (keyword == "sleep" || keyword == "timeout") {
      step.kind = keyword == "sleep" ? Kind::sleep : Kind::timeout;
      const std::size_t at = reader.column();
      const std::string_view value = reader.word();
      auto duration = parse_duration(value);
      if (!duration) {
        return error(at,
                     fmt::format("{} needs a duration: 250, 250ms or 2s (at most a day)", keyword));
      }
      if (!reader.done()) return error(reader.column(), "unexpected text after the duration");
      step.duration = *duration;
      return ok(std::move(step));
    }
    if (keyword == "repeat") return parse_repeat(reader, std::move(step));
    if (keyword.empty()) return error(column, "empty step");
    return error(column, fmt::format("unknown step '{}' (send, expect, sleep, timeout, print, "
                                     "repeat, end)",
                                     keyword));
  }

  Parsed parse_send(LineReader& reader, ScriptStep step) {
    step.kind = Kind::send;
    const std::size_t at = reader.column();
    std::string_view first = reader.peek_word();
    bool clauses = false;
    std::string body;
    TemplateSyntax syntax = TemplateSyntax::text;
    if (first.empty())
      return error(at, "send needs data: send TEXT, send \"TEXT\" or send hex BYTES");
    if (reader.peek() == '"') {
      auto quoted = reader.quoted();
      if (!quoted) return error(at, "the quoted text has no closing \"");
      body = std::string(*quoted);
      clauses = true;
    } else if (first == "hex" || first.starts_with("hex:")) {
      if (first == "hex") {
        reader.word();
      }
      body = reader.words_until({"append"});
      if (first != "hex") body.erase(0, 4);
      syntax = TemplateSyntax::hex;
      clauses = true;
      if (body.empty()) return error(at, "send hex needs bytes: send hex 01 03 00 00");
    } else {
      body = std::string(reader.rest());
    }
    auto data = parse_template(body, syntax);
    if (!data) return error(at, data.error().message());
    step.data = std::move(*data);
    while (clauses && !reader.done()) {
      const std::size_t clause = reader.column();
      if (reader.word() != "append") {
        return error(clause, "expected append SPEC or the end of the line");
      }
      const std::size_t spec_at = reader.column();
      const std::string_view spec = reader.word();
      if (spec.empty()) return error(spec_at, "append needs a checksum SPEC (append crc16-modbus)");
      step.append.emplace_back(spec);
    }
    return check_captures(at, std::move(step));
  }

  // expect PATTERN [within MS] [capture NAME...]; `clauses` false for
  // repeat until, which takes `max N` instead (parsed by the caller).
  Parsed parse_expect(LineReader& reader, ScriptStep step, bool clauses) {
    const std::size_t at = reader.column();
    std::string source;
    bool may_have_clauses = true;
    if (reader.peek() == '"') {
      auto quoted = reader.quoted();
      if (!quoted) return error(at, "the quoted text has no closing \"");
      source = std::string(*quoted);
      if (source.empty()) return error(at, "expect needs something to wait for");
      // Quoted: always text, whatever it looks like ("*", "/x/").
      auto bytes = parse_escapes(source);
      if (!bytes) return error(at, bytes.error().message());
      Pattern pattern;
      pattern.kind = Pattern::Kind::text;
      pattern.source = "\"" + source + "\"";
      pattern.bytes = std::move(*bytes);
      pattern.wild.assign(pattern.bytes.size(), '\0');
      step.pattern = std::move(pattern);
    } else {
      std::string_view first = reader.peek_word();
      if (first.empty()) return error(at, "expect needs text, \"text\", hex:BYTES or /REGEX/");
      if (first.front() == '/') {
        const std::string_view literal = reader.regex();
        if (literal.empty()) return error(at, "the regular expression has no closing /");
        source = std::string(literal);
      } else if (first == "hex" || first.starts_with("hex:")) {
        if (first == "hex") reader.word();
        source = "hex:" + reader.words_until({"within", "capture", "max"});
        if (first != "hex") source.erase(4, 4);
      } else {
        source = std::string(reader.rest());
        may_have_clauses = false;
      }
      auto pattern = parse_pattern(source);
      if (!pattern) return error(at, pattern.error().message());
      if (pattern->kind == Pattern::Kind::any) {
        return error(at, "expect * would match nothing in particular: expect \"*\" for the text");
      }
      step.pattern = std::move(*pattern);
    }
    while (clauses && may_have_clauses && !reader.done()) {
      const std::size_t clause = reader.column();
      const std::string_view word = reader.word();
      if (word == "within") {
        const std::size_t value_at = reader.column();
        auto duration = parse_duration(reader.word());
        if (!duration) return error(value_at, "within needs a duration: 250, 250ms or 2s");
        step.within = *duration;
      } else if (word == "capture") {
        while (!reader.done() && reader.peek_word() != "within") {
          const std::size_t name_at = reader.column();
          const std::string_view name = reader.word();
          if (!is_capture_name(name)) {
            return error(name_at, "a capture name is letters, digits, _ or -");
          }
          step.captures.emplace_back(name);
        }
        if (step.captures.empty()) return error(reader.column(), "capture needs a NAME");
        const std::size_t groups = step.pattern->kind == Pattern::Kind::regex
                                       ? std::max<std::size_t>(step.pattern->groups, 1)
                                       : 1;
        if (step.captures.size() > groups) {
          return error(clause, fmt::format("{} names for {} group{}", step.captures.size(), groups,
                                           groups == 1 ? "" : "s"));
        }
        for (const std::string& name : step.captures)
          captured_.insert(name);
      } else {
        return error(clause, fmt::format("unexpected '{}' (within MS, capture NAME)", word));
      }
    }
    return ok(std::move(step));
  }

  Parsed parse_repeat(LineReader& reader, ScriptStep step) {
    step.kind = Kind::repeat;
    const std::size_t at = reader.column();
    if (reader.peek_word() != "until") {
      auto count = parse_count(reader.word());
      if (!count)
        return error(at,
                     fmt::format("repeat needs a count from 1 to {} or until PATTERN", kMaxRepeat));
      if (!reader.done()) return error(reader.column(), "unexpected text after the count");
      step.count = *count;
      return ok(std::move(step));
    }
    reader.word();
    auto parsed = parse_expect(reader, std::move(step), false);
    if (!parsed) return parsed;
    parsed->count = kDefaultRepeatUntil;
    if (!reader.done()) {
      const std::size_t clause = reader.column();
      if (reader.word() != "max") return error(clause, "expected max N or the end of the line");
      const std::size_t value_at = reader.column();
      auto count = parse_count(reader.word());
      if (!count) return error(value_at, fmt::format("max needs a count from 1 to {}", kMaxRepeat));
      if (!reader.done()) return error(reader.column(), "unexpected text after max N");
      parsed->count = *count;
    }
    return parsed;
  }

  Parsed check_captures(std::size_t column, ScriptStep step) {
    for (const std::string& name : step.data.captures()) {
      if (!captured_.count(name)) {
        return error(column,
                     fmt::format("{{capture {}}}: no earlier expect captures {}", name, name));
      }
    }
    return ok(std::move(step));
  }

  std::string_view text_;
  std::set<std::string> captured_;
};

}  // namespace

Result<Script> parse_script(std::string_view text) {
  return ScriptParser(text).parse();
}

}  // namespace tcpc
