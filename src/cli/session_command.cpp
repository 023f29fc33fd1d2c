// SPDX-License-Identifier: MIT
#include "session_command.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "i18n.hpp"
#include "tcpc/hex.hpp"

namespace tcpc {
namespace {

using cli::tr;
using cli::trf;

// Longest /repeat interval: a day. Longer is surely a typo.
constexpr double kMaxIntervalSeconds = 86'400;

Error bad(std::string message) {
  return Error(errc::invalid_argument, Operation::none, {}, std::move(message));
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t';
}

std::string_view skip_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  return text;
}

std::string_view trim(std::string_view text) {
  text = skip_spaces(text);
  while (!text.empty() && (is_space(text.back()) || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// Splits off the first word; `rest` keeps what follows, leading spaces skipped.
std::string_view next_word(std::string_view& rest) {
  rest = skip_spaces(rest);
  std::size_t end = 0;
  while (end < rest.size() && !is_space(rest[end]))
    ++end;
  std::string_view word = rest.substr(0, end);
  rest = skip_spaces(rest.substr(end));
  return word;
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

Result<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return bad(trf("/repeat: N must be a whole number (0: until stopped), not '{}'", text));
  }
  return value;
}

// "1", "0.5", "0.5s" or "250ms".
Result<std::chrono::milliseconds> parse_interval(std::string_view text) {
  std::string_view number = text;
  double scale = 1000;
  if (number.ends_with("ms")) {
    number.remove_suffix(2);
    scale = 1;
  } else if (number.ends_with("s")) {
    number.remove_suffix(1);
  }
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value,
                                   std::chars_format::fixed);
  const double ms = value * scale;
  if (ec != std::errc() || end != number.data() + number.size() || number.empty() ||
      !std::isfinite(ms) || ms < 0 || ms > kMaxIntervalSeconds * 1000) {
    return bad(
        trf("/repeat: INTERVAL must be seconds from 0 to {:g} (\"0.5\", \"250ms\"), not '{}'",
            kMaxIntervalSeconds, text));
  }
  return std::chrono::milliseconds(std::llround(ms));
}

Result<Payload> parse_payload(std::string_view data, std::string_view command) {
  if (data.starts_with("//") || !data.starts_with("/")) {
    if (data.starts_with("//")) data.remove_prefix(1);
    return Payload{Payload::Kind::text, std::string(data)};
  }
  std::string_view rest = data.substr(1);
  const std::string_view name = next_word(rest);
  if (name == "hex") {
    auto bytes = parse_hex(rest);
    if (!bytes) return bytes.error();
    if (bytes->empty()) return bad(tr("/hex needs bytes, e.g. /hex 01 03 00 00 00 0a"));
    return Payload{Payload::Kind::bytes, std::move(*bytes)};
  }
  if (name == "file") {
    const std::string_view path = trim(rest);
    if (path.empty()) return bad(tr("/file needs a PATH"));
    return Payload{Payload::Kind::file, std::string(path)};
  }
  return bad(trf("{}: DATA is text, /hex BYTES or /file PATH, not '/{}'", command, name));
}

Result<Command> parse_repeat(std::string_view rest) {
  const std::string_view count_text = next_word(rest);
  const std::string_view interval_text = next_word(rest);
  if (rest.empty()) {
    return bad(tr("/repeat needs N INTERVAL DATA, e.g. /repeat 10 0.5 /hex 01 03 00 00 00 0a"));
  }
  auto count = parse_count(count_text);
  if (!count) return count.error();
  auto interval = parse_interval(interval_text);
  if (!interval) return interval.error();
  auto payload = parse_payload(rest, "/repeat");
  if (!payload) return payload.error();
  return Command{command::Repeat{*count, *interval, std::move(*payload)}};
}

Result<Command> parse_setting(std::string_view name, std::string_view arg) {
  if (name == "view") {
    if (arg.empty()) return Command{command::SetView{}};
    auto view = parse_view(arg);
    if (!view) return bad(trf("/view: {}", view.error().message()));
    return Command{command::SetView{*view}};
  }
  if (name == "encoding") {
    if (arg.empty()) return Command{command::SetEncoding{true, std::nullopt}};
    if (equals_ignoring_case(arg, "raw")) return Command{command::SetEncoding{false, std::nullopt}};
    auto encoding = Encoding::find(arg);
    if (!encoding) return encoding.error();
    return Command{command::SetEncoding{false, *encoding}};
  }
  if (name == "eol") {
    if (arg.empty()) return Command{command::SetEol{}};
    auto eol = parse_line_ending(arg);
    if (!eol) return bad(trf("/eol: {}", eol.error().message()));
    return Command{command::SetEol{*eol}};
  }
  // time
  if (arg.empty()) return Command{command::SetTime{}};
  if (equals_ignoring_case(arg, "on")) return Command{command::SetTime{true}};
  if (equals_ignoring_case(arg, "off")) return Command{command::SetTime{false}};
  return bad(trf("/time takes on or off, not '{}'", arg));
}

// A client number from the log: "3" or "#3".
Result<std::uint64_t> parse_client(std::string_view text, std::string_view command) {
  std::string_view digits = text;
  if (digits.starts_with("#")) digits.remove_prefix(1);
  std::uint64_t client = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), client);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || client == 0) {
    return bad(trf("{} needs a client number from the log (#1, #2, ...), not '{}'", command, text));
  }
  return client;
}

}  // namespace

Result<LineEnding> parse_line_ending(std::string_view name) {
  for (LineEnding eol : {LineEnding::none, LineEnding::lf, LineEnding::crlf, LineEnding::cr}) {
    if (equals_ignoring_case(name, line_ending_name(eol))) return eol;
  }
  return bad(trf("unknown line ending '{}' (use none, lf, crlf or cr)", name));
}

std::string_view line_ending_name(LineEnding eol) noexcept {
  switch (eol) {
    case LineEnding::none:
      return "none";
    case LineEnding::lf:
      return "lf";
    case LineEnding::crlf:
      return "crlf";
    case LineEnding::cr:
      return "cr";
  }
  return "lf";
}

std::string_view line_ending_bytes(LineEnding eol) noexcept {
  switch (eol) {
    case LineEnding::none:
      return "";
    case LineEnding::lf:
      return "\n";
    case LineEnding::crlf:
      return "\r\n";
    case LineEnding::cr:
      return "\r";
  }
  return "\n";
}

Result<Command> parse_command(std::string_view line) {
  if (!line.starts_with("/") || line.starts_with("//")) {
    auto payload = parse_payload(line, "");
    if (!payload) return payload.error();
    return Command{command::Send{std::move(*payload)}};
  }
  std::string_view rest = line.substr(1);
  if (rest.empty() || is_space(rest.front())) {
    return bad(tr("a command name must follow '/' (type /help; // sends a '/')"));
  }
  const std::string_view name = next_word(rest);
  const std::string_view arg = trim(rest);

  if (name == "hex" || name == "file") {
    auto payload = parse_payload(line, "");
    if (!payload) return payload.error();
    return Command{command::Send{std::move(*payload)}};
  }
  if (name == "repeat") return parse_repeat(rest);
  if (name == "view" || name == "encoding" || name == "eol" || name == "time") {
    return parse_setting(name, arg);
  }
  if (name == "frame") {
    if (arg.empty()) return Command{command::SetFrame{true, std::nullopt}};
    if (equals_ignoring_case(arg, "off")) return Command{command::SetFrame{false, std::nullopt}};
    auto frame = parse_frame_spec(arg);
    if (!frame) return bad(trf("/frame: {}", frame.error().message()));
    return Command{command::SetFrame{false, std::move(*frame)}};
  }
  if (name == "append") {
    if (arg.empty()) return Command{command::SetAppend{true, {}}};
    if (equals_ignoring_case(arg, "off")) return Command{command::SetAppend{false, {}}};
    auto specs = parse_checksum_specs(arg);
    if (!specs) return bad(trf("/append: {}", specs.error().message()));
    return Command{command::SetAppend{false, std::move(*specs)}};
  }
  if (name == "script") {
    if (arg.empty()) return bad(tr("/script needs a FILE, e.g. /script check.txt"));
    return Command{command::RunScript{std::string(arg)}};
  }
  if (name == "save") {
    if (arg.empty()) return Command{command::Save{}};
    if (arg == "off") return Command{command::Save{command::Save::Action::stop, {}}};
    return Command{command::Save{command::Save::Action::start, std::string(arg)}};
  }
  if (name == "to") {
    if (arg.empty() || arg == "new") return Command{command::SelectClient{}};
    auto client = parse_client(arg, "/to");
    if (!client) return client.error();
    return Command{command::SelectClient{*client}};
  }
  if (name == "kick") {
    auto client = parse_client(arg, "/kick");
    if (!client) return client.error();
    return Command{command::Kick{*client}};
  }
  if (name == "all") {
    if (rest.empty()) return bad(tr("/all needs DATA: text, /hex BYTES or /file PATH"));
    auto payload = parse_payload(rest, "/all");
    if (!payload) return payload.error();
    return Command{command::SendAll{std::move(*payload)}};
  }

  auto no_argument = [&](Command command) -> Result<Command> {
    if (!arg.empty()) return bad(trf("/{} takes no argument", name));
    return command;
  };
  if (name == "stats") return no_argument(command::Stats{});
  if (name == "clients") return no_argument(command::Clients{});
  if (name == "help") return no_argument(command::Help{});
  if (name == "quit" || name == "exit") return no_argument(command::Quit{});
  return bad(trf("unknown command '/{}' (type /help; // sends a '/')", name));
}

}  // namespace tcpc
