// SPDX-License-Identifier: MIT
// parse_command (the interactive session's command line) never crashes, and
// what it returns keeps its promises: plain lines are sent exactly as typed,
// "//" sends one '/', limits hold, every error is the user's (an input error)
// and fits on one line, and what it parses survives being typed again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "chunk_view.hpp"
#include "fuzz_check.hpp"
#include "session_command.hpp"
#include "tcpc/error.hpp"
#include "tcpc/hex.hpp"

namespace {

using namespace tcpc;

// Typing the command that parse_command returned gives it back.
void check_round_trip(const Command& parsed) {
  std::string again;
  if (const auto* send = std::get_if<command::Send>(&parsed)) {
    if (send->payload.kind != Payload::Kind::bytes) return;
    again = "/hex " + format_hex(send->payload.value);
  } else if (const auto* view = std::get_if<command::SetView>(&parsed)) {
    again = view->view ? "/view " + std::string(view_name(*view->view)) : "/view";
  } else if (const auto* eol = std::get_if<command::SetEol>(&parsed)) {
    again = eol->eol ? "/eol " + std::string(line_ending_name(*eol->eol)) : "/eol";
  } else if (const auto* encoding = std::get_if<command::SetEncoding>(&parsed)) {
    if (encoding->show) return;
    again = "/encoding " + std::string(encoding->encoding ? encoding->encoding->name() : "raw");
  } else if (const auto* client = std::get_if<command::SelectClient>(&parsed)) {
    again = client->client ? "/to " + std::to_string(*client->client) : "/to";
  } else {
    return;
  }
  auto reparsed = parse_command(again);
  FUZZ_CHECK(reparsed.ok() && *reparsed == parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_command(line);

  if (!parsed) {
    const std::string& message = parsed.error().message();
    FUZZ_CHECK(!message.empty());
    FUZZ_CHECK(is_input_error(parsed.error().code()));  // exit code 2, never a "network" error
    // One line for the user, unless they typed the line break themselves.
    if (line.find('\n') == std::string_view::npos) {
      FUZZ_CHECK(message.find('\n') == std::string::npos);
    }
    // Only commands fail: anything else is text to send.
    FUZZ_CHECK(line.starts_with("/") && !line.starts_with("//"));
    return 0;
  }

  if (!line.starts_with("/")) {
    const auto* send = std::get_if<command::Send>(&*parsed);
    FUZZ_CHECK(send && send->payload.kind == Payload::Kind::text && send->payload.value == line);
  } else if (line.starts_with("//")) {
    const auto* send = std::get_if<command::Send>(&*parsed);
    FUZZ_CHECK(send && send->payload.kind == Payload::Kind::text &&
               send->payload.value == line.substr(1));
  }
  if (const auto* send = std::get_if<command::Send>(&*parsed)) {
    if (send->payload.kind == Payload::Kind::bytes) FUZZ_CHECK(!send->payload.value.empty());
    if (send->payload.kind == Payload::Kind::file) FUZZ_CHECK(!send->payload.value.empty());
  }
  if (const auto* repeat = std::get_if<command::Repeat>(&*parsed)) {
    FUZZ_CHECK(repeat->interval.count() >= 0 && repeat->interval.count() <= 86'400'000);
  }
  if (const auto* client = std::get_if<command::SelectClient>(&*parsed)) {
    FUZZ_CHECK(!client->client || *client->client != 0);
  }
  check_round_trip(*parsed);
  return 0;
}
