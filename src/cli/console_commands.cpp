// SPDX-License-Identifier: MIT
#include "console_commands.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <variant>

#include "i18n.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/encoding.hpp"

namespace tcpc::cli {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

struct HelpLine {
  ConsoleCommand command;
  const char* name;
  const char* usage;
  const char* text;  // lines after the first are indented under it
};

// /help's lines, in this order.
constexpr HelpLine kHelp[] = {
    {ConsoleCommand::hex, "/hex", "/hex 01 03 00 00 00 0a", tr_noop("send bytes given as hex")},
    {ConsoleCommand::file, "/file", "/file PATH", tr_noop("send a file")},
    {ConsoleCommand::repeat, "/repeat", "/repeat N INTERVAL DATA",
     tr_noop("send DATA N times (0: until Ctrl-C), INTERVAL seconds\n"
             "apart (\"0.5\", \"250ms\"); DATA: text, /hex BYTES or /file PATH")},
    {ConsoleCommand::to, "/to", "/to [N|new]",
     tr_noop("send typed text to client #N; /to or /to new: to the newest")},
    {ConsoleCommand::all, "/all", "/all DATA",
     tr_noop("send DATA to every client; DATA: text, /hex BYTES or /file PATH")},
    {ConsoleCommand::clients, "/clients", "/clients",
     tr_noop("the connected clients: address, time connected, bytes each way")},
    {ConsoleCommand::kick, "/kick", "/kick N", tr_noop("close the connection of client #N")},
    {ConsoleCommand::view, "/view", "/view [text|hex|both]", tr_noop("how data is shown")},
    {ConsoleCommand::time, "/time", "/time [on|off]", tr_noop("timestamps on each chunk")},
    {ConsoleCommand::frame, "/frame", "/frame [SPEC|off]",
     tr_noop("cut what is received into frames: line, idle:MS, delim:HEX,\n"
             "fixed:N, length:u16be[+ADJ][@OFFSET]; off: chunks as they come")},
    {ConsoleCommand::append, "/append", "/append [SPEC|off]",
     tr_noop("append checksums to each message sent: crc16-modbus, crc16-ccitt,\n"
             "crc16-xmodem, crc8, crc32, sum8, xor8, lrc, hex:HEX; SPEC,SPEC\n"
             "in order; after the line ending (/eol none to put it last)")},
    {ConsoleCommand::script, "/script", "/script FILE",
     tr_noop("run a script (docs/scripts.md) over the connection and show\n"
             "each step; Ctrl-C stops it")},
    {ConsoleCommand::encoding, "/encoding", "/encoding [NAME|raw]",
     tr_noop("text encoding: utf-8, gbk, gb18030, big5, latin1; raw: bytes as is")},
    {ConsoleCommand::eol, "/eol", "/eol [none|lf|crlf|cr]",
     tr_noop("line ending added to typed text")},
    {ConsoleCommand::save, "/save", "/save [PATH|off]",
     tr_noop("append received bytes to PATH from now on")},
    {ConsoleCommand::stats, "/stats", "/stats",
     tr_noop("bytes and chunks each way, time connected, TCP's figures")},
    {ConsoleCommand::help, "/help", "/help", tr_noop("this list")},
    {ConsoleCommand::quit, "/quit", "/quit",
     tr_noop("close the connection and exit (also Ctrl-D)")},
};

constexpr std::size_t kUsageWidth = 26;

const HelpLine& help_line(ConsoleCommand command) {
  for (const HelpLine& line : kHelp) {
    if (line.command == command) return line;
  }
  return kHelp[0];
}

void append_help(std::string& out, const char* usage, std::string_view text) {
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    fmt::format_to(std::back_inserter(out), "  {:<{}}{}\n", first ? usage : "", kUsageWidth,
                   text.substr(start, end - start));
    first = false;
    start = end + 1;
  }
}

}  // namespace

std::optional<ConsoleCommand> console_command_of(const Command& command) {
  using C = ConsoleCommand;
  return std::visit(Overloaded{
                        [](const command::Send& send) -> std::optional<C> {
                          if (send.payload.kind == Payload::Kind::bytes) return C::hex;
                          if (send.payload.kind == Payload::Kind::file) return C::file;
                          return std::nullopt;
                        },
                        [](const command::Repeat&) -> std::optional<C> { return C::repeat; },
                        [](const command::SetView&) -> std::optional<C> { return C::view; },
                        [](const command::SetEncoding&) -> std::optional<C> { return C::encoding; },
                        [](const command::SetEol&) -> std::optional<C> { return C::eol; },
                        [](const command::SetTime&) -> std::optional<C> { return C::time; },
                        [](const command::SetFrame&) -> std::optional<C> { return C::frame; },
                        [](const command::SetAppend&) -> std::optional<C> { return C::append; },
                        [](const command::RunScript&) -> std::optional<C> { return C::script; },
                        [](const command::Save&) -> std::optional<C> { return C::save; },
                        [](const command::SelectClient&) -> std::optional<C> { return C::to; },
                        [](const command::SendAll&) -> std::optional<C> { return C::all; },
                        [](const command::Clients&) -> std::optional<C> { return C::clients; },
                        [](const command::Kick&) -> std::optional<C> { return C::kick; },
                        [](const command::Stats&) -> std::optional<C> { return C::stats; },
                        [](const command::Help&) -> std::optional<C> { return C::help; },
                        [](const command::Quit&) -> std::optional<C> { return C::quit; },
                    },
                    command);
}

std::string_view console_command_name(ConsoleCommand command) {
  return help_line(command).name;
}

Result<Fd> open_for_sending(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error(errc::invalid_argument, "/file " + path, std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return Error(errc::invalid_argument, "/file " + path, tr("is a directory"));
  }
  return fd;
}

// The defaults of the commands a console does not offer: never called,
// since the handler refuses those commands first.
void Console::repeat(const command::Repeat&, std::string) {}
std::string Console::stats() {
  return {};
}
void Console::select_client(std::optional<std::uint64_t>) {}
void Console::list_clients() {}
void Console::send_to_all(Outgoing) {}
void Console::kick(std::uint64_t) {}
void Console::run_script(const std::string&) {}

ConsoleCommands::ConsoleCommands(Console& console, ConsoleSpec spec, DisplayOptions display,
                                 LineEnding eol, std::optional<FrameSpec> frame)
    : console_(console),
      spec_(std::move(spec)),
      view_(display),
      frames_(std::move(frame)),
      encoding_(display.encoding),
      eol_(eol) {}

bool ConsoleCommands::offers(ConsoleCommand command) const {
  return std::any_of(spec_.features.begin(), spec_.features.end(),
                     [&](const ConsoleFeature& feature) { return feature.command == command; });
}

std::string ConsoleCommands::help() const {
  std::string out = spec_.help_intro + "\n";
  for (const HelpLine& line : kHelp) {
    auto feature = std::find_if(spec_.features.begin(), spec_.features.end(),
                                [&](const ConsoleFeature& f) { return f.command == line.command; });
    if (feature == spec_.features.end()) continue;
    append_help(out, line.usage, tr(feature->help ? feature->help : line.text));
  }
  append_help(out, "//text", tr("send text that starts with '/'"));
  if (!spec_.help_outro.empty()) out += spec_.help_outro + "\n";
  return out;
}

void ConsoleCommands::problem(std::string_view text) {
  console_.print(fmt::format("tcpc: {}\n", text), Console::Text::problem);
}

void ConsoleCommands::notice(std::string_view text) {
  console_.print(fmt::format("-- {}\n", text), Console::Text::notice);
}

Result<Outgoing> ConsoleCommands::prepare(const Payload& payload) const {
  Outgoing outgoing;
  switch (payload.kind) {
    case Payload::Kind::bytes:
      outgoing.bytes = append_checksums(append_, payload.value);
      return outgoing;
    case Payload::Kind::file: {
      auto file = open_for_sending(payload.value);
      if (!file) return file.error();
      outgoing.file = std::move(*file);
      outgoing.path = payload.value;
      return outgoing;
    }
    case Payload::Kind::text:
      break;
  }
  if (encoding_ && !encoding_->is_utf8()) {
    auto encoded = encode(*encoding_, payload.value);
    if (!encoded) return encoded.error();
    outgoing.bytes = std::move(*encoded);
  } else {
    outgoing.bytes = payload.value;
  }
  outgoing.bytes += line_ending_bytes(eol_);
  outgoing.bytes = append_checksums(append_, outgoing.bytes);
  return outgoing;
}

void ConsoleCommands::on_line(std::string_view line) {
  auto command = parse_command(line);
  if (!command) return problem(command.error().message());
  execute(*command);
}

void ConsoleCommands::set_encoding(const command::SetEncoding& set) {
  if (!set.show) {
    // A character cut short by the switch is shown (as undecodable), never dropped.
    std::string flushed;
    view_.set_encoding(set.encoding, flushed);
    if (!flushed.empty()) {
      if (flushed.back() != '\n') flushed += '\n';
      console_.print(flushed, Console::Text::output);
    }
    encoding_ = set.encoding;
  }
  notice(trf("encoding: {}", encoding_ ? std::string(encoding_->name())
                                       : std::string(tr("raw (bytes as they are)"))));
}

void ConsoleCommands::set_frame(const command::SetFrame& set) {
  if (!set.show) {
    // What the old framer held is shown (as an incomplete frame), never dropped.
    std::string flushed;
    frames_.set_spec(set.frame, view_, WallClock::now(), flushed);
    if (!flushed.empty()) console_.print(flushed, Console::Text::output);
  }
  const auto frame = frames_.spec();
  notice(frame ? trf("frame: {}", frame_spec_text(*frame))
               : std::string(tr("frame: off (chunks as they arrive)")));
}

void ConsoleCommands::set_append(const command::SetAppend& set) {
  if (!set.show) append_ = set.specs;
  notice(append_.empty() ? std::string(tr("append: off (messages go as they are)"))
                         : trf("append: {}", checksum_specs_text(append_)));
}

void ConsoleCommands::save(const command::Save& save) {
  if (save.action == command::Save::Action::start) {
    auto file = ReceivedFile::open(save.path, ReceivedFile::OpenMode::append);
    if (!file) return problem(file.error().message());
    save_.emplace(std::move(*file));
  } else if (save.action == command::Save::Action::stop) {
    save_.reset();
  }
  notice(save_
             ? trf("saving received bytes to {} ({} so far)", save_->path(), save_->bytes_written())
             : std::string(tr("not saving received bytes")));
}

Result<void> ConsoleCommands::save_from_start(const std::string& path) {
  auto file = ReceivedFile::open(path, ReceivedFile::OpenMode::truncate);
  if (!file) return file.error();
  save_.emplace(std::move(*file));
  return {};
}

void ConsoleCommands::saw_received(std::string_view bytes) {
  if (!save_) return;
  save_->on_received(bytes);
  if (save_->error()) {
    problem(trf("{}; saving stopped", save_->error()->message()));
    save_.reset();
  }
}

void ConsoleCommands::execute(const Command& command) {
  if (auto which = console_command_of(command); which && !offers(*which)) {
    return problem(trf("{} has no {} (type /help for its commands)", spec_.name,
                       console_command_name(*which)));
  }
  auto send = [&](const Payload& payload, bool to_all) {
    auto outgoing = prepare(payload);
    if (!outgoing) return problem(outgoing.error().message());
    if (to_all) return console_.send_to_all(std::move(*outgoing));
    console_.send(std::move(*outgoing));
  };
  std::visit(
      Overloaded{
          [&](const command::Send& s) { send(s.payload, false); },
          [&](const command::SendAll& all) { send(all.payload, true); },
          [&](const command::Repeat& repeat) {
            // Checked once up front: a bad file or text fails now, not at each send.
            auto outgoing = prepare(repeat.payload);
            if (!outgoing) return problem(outgoing.error().message());
            console_.repeat(repeat, std::move(outgoing->bytes));
          },
          [&](const command::SetView& set) {
            if (set.view) view_.set_view(*set.view);
            notice(trf("view: {}", view_name(view_.options().view)));
          },
          [&](const command::SetTime& set) {
            if (set.on) view_.set_time(*set.on);
            notice(view_.options().time ? tr("time: on") : tr("time: off"));
          },
          [&](const command::SetFrame& set) { set_frame(set); },
          [&](const command::SetAppend& set) { set_append(set); },
          [&](const command::SetEncoding& set) { set_encoding(set); },
          [&](const command::SetEol& set) {
            if (set.eol) eol_ = *set.eol;
            notice(trf("eol: {}", line_ending_name(eol_)));
          },
          [&](const command::RunScript& run) { console_.run_script(run.path); },
          [&](const command::Save& s) { save(s); },
          [&](const command::SelectClient& select) { console_.select_client(select.client); },
          [&](const command::Clients&) { console_.list_clients(); },
          [&](const command::Kick& kick) { console_.kick(kick.client); },
          [&](const command::Stats&) { console_.print(console_.stats(), Console::Text::notice); },
          [&](const command::Help&) { console_.print(help(), Console::Text::notice); },
          [&](const command::Quit&) { console_.quit(); },
      },
      command);
}

}  // namespace tcpc::cli
