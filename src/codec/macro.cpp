// SPDX-License-Identifier: MIT
#include "tcpc/macro.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <random>

#include "tcpc/escape.hpp"
#include "tcpc/hex.hpp"

namespace tcpc {
namespace {

using Part = MacroTemplate::Part;

Error bad(std::size_t column, std::string message) {
  return Error(errc::invalid_argument, Operation::none, {},
               fmt::format("column {}: {}", column, message));
}

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}

bool is_name(char c) {
  return is_lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

class TemplateParser {
 public:
  TemplateParser(std::string_view text, TemplateSyntax syntax) : text_(text), syntax_(syntax) {}

  Result<MacroTemplate> parse() {
    std::size_t at = 0;
    while (at < text_.size()) {
      const char c = text_[at];
      if (c != '{') {
        raw_ += c;
        ++at;
        continue;
      }
      if (at + 1 < text_.size() && text_[at + 1] == '{') {
        if (auto flushed = flush(); !flushed) return flushed.error();
        literal_ += '{';
        at += 2;
        continue;
      }
      auto macro = macro_at(at);
      if (!macro) return macro.error();
      if (*macro == 0) {  // not a macro: the brace is data
        raw_ += c;
        ++at;
        continue;
      }
      at += *macro;
    }
    if (auto flushed = flush(); !flushed) return flushed.error();
    close_literal();
    return std::move(result_);
  }

 private:
  // The raw text since the last macro or {{, decoded as text or hex.
  Result<void> flush() {
    if (raw_.empty()) return {};
    auto bytes = syntax_ == TemplateSyntax::hex ? parse_hex(raw_) : parse_escapes(raw_);
    if (!bytes) {
      return Error(errc::invalid_argument, Operation::none, {}, bytes.error().message());
    }
    literal_ += *bytes;
    raw_.clear();
    return {};
  }

  void close_literal() {
    if (literal_.empty()) return;
    result_.parts.push_back({Part::Kind::literal, std::move(literal_), 0});
    literal_.clear();
  }

  Result<void> push(Part part) {
    if (auto flushed = flush(); !flushed) return flushed.error();
    close_literal();
    result_.parts.push_back(std::move(part));
    return {};
  }

  // The length of the macro at `at` (text_[at] == '{'), once pushed; 0 if
  // the brace does not start one.
  Result<std::size_t> macro_at(std::size_t at) {
    const std::size_t column = at + 1;
    std::size_t end = at + 1;
    while (end < text_.size() && is_lower(text_[end]))
      ++end;
    const std::string_view word = text_.substr(at + 1, end - at - 1);
    if (word.empty()) return std::size_t{0};
    const char next = end < text_.size() ? text_[end] : '\0';
    if (word == "seq" || word == "time") {
      if (next != '}') return bad(column, fmt::format("{{{}}} takes nothing more", word));
      Part part{word == "seq" ? Part::Kind::seq : Part::Kind::time, {}, 0};
      if (auto pushed = push(std::move(part)); !pushed) return pushed.error();
      return end + 1 - at;
    }
    if (word == "random" || word == "randbytes") {
      const std::size_t close = text_.find('}', end);
      if (next != ':' || close == std::string_view::npos) {
        return bad(column, fmt::format("{{{}:N}} needs a count N", word));
      }
      const std::string_view digits = text_.substr(end + 1, close - end - 1);
      std::size_t count = 0;
      auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), count);
      if (digits.empty() || parsed.ec != std::errc() ||
          parsed.ptr != digits.data() + digits.size() || count == 0 || count > kMaxRandomMacro) {
        return bad(column, fmt::format("{{{}:N}}: N must be from 1 to {}", word, kMaxRandomMacro));
      }
      Part part{word == "random" ? Part::Kind::random_digits : Part::Kind::random_bytes, {}, count};
      if (auto pushed = push(std::move(part)); !pushed) return pushed.error();
      return close + 1 - at;
    }
    if (word == "capture") {
      std::size_t name_end = end + 1;
      while (name_end < text_.size() && is_name(text_[name_end]))
        ++name_end;
      if (next != ' ' || name_end == end + 1 || name_end >= text_.size() ||
          text_[name_end] != '}') {
        return bad(column, "{capture NAME} needs a name of letters, digits, _ or -");
      }
      Part part{Part::Kind::capture, std::string(text_.substr(end + 1, name_end - end - 1)), 0};
      if (auto pushed = push(std::move(part)); !pushed) return pushed.error();
      return name_end + 1 - at;
    }
    if (next == '}') {
      return bad(column, fmt::format("unknown macro {{{}}} (known: {{seq}}, {{time}}, "
                                     "{{random:N}}, {{randbytes:N}}, {{capture NAME}}; "
                                     "{{{{ is a literal {{)",
                                     word));
    }
    return std::size_t{0};
  }

  std::string_view text_;
  TemplateSyntax syntax_;
  std::string raw_;
  std::string literal_;
  MacroTemplate result_;
};

std::uint32_t default_random() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return static_cast<std::uint32_t>(generator());
}

}  // namespace

bool MacroTemplate::has_macros() const {
  for (const Part& part : parts) {
    if (part.kind != Part::Kind::literal) return true;
  }
  return false;
}

std::vector<std::string> MacroTemplate::captures() const {
  std::vector<std::string> names;
  for (const Part& part : parts) {
    if (part.kind == Part::Kind::capture) names.push_back(part.text);
  }
  return names;
}

Result<MacroTemplate> parse_template(std::string_view text, TemplateSyntax syntax) {
  return TemplateParser(text, syntax).parse();
}

std::string macro_time_text(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto since = time.time_since_epoch();
  const std::time_t seconds =
      static_cast<std::time_t>(duration_cast<std::chrono::seconds>(since).count());
  const auto millis = duration_cast<milliseconds>(since).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

Result<std::string> expand(const MacroTemplate& macros, const MacroContext& context) {
  const auto random = [&context] { return context.random ? context.random() : default_random(); };
  std::string out;
  for (const Part& part : macros.parts) {
    switch (part.kind) {
      case Part::Kind::literal:
        out += part.text;
        break;
      case Part::Kind::seq:
        out += std::to_string(context.seq);
        break;
      case Part::Kind::time:
        out += macro_time_text(context.now);
        break;
      case Part::Kind::random_digits:
        for (std::size_t i = 0; i < part.count; ++i)
          out += static_cast<char>('0' + random() % 10);
        break;
      case Part::Kind::random_bytes:
        for (std::size_t i = 0; i < part.count; ++i)
          out += static_cast<char>(random() & 0xff);
        break;
      case Part::Kind::capture: {
        const std::string* value = nullptr;
        if (context.captures) {
          const auto found = context.captures->find(part.text);
          if (found != context.captures->end()) value = &found->second;
        }
        if (!value) {
          return Error(
              errc::invalid_argument, Operation::none, {},
              fmt::format("{{capture {}}}: nothing was captured as {}", part.text, part.text));
        }
        out += *value;
        break;
      }
    }
  }
  return out;
}

}  // namespace tcpc
