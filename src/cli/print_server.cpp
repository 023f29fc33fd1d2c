// SPDX-License-Identifier: MIT
#include "print_server.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>

#include "counts.hpp"
#include "i18n.hpp"

namespace tcpc::cli {
namespace {

// A /file typed at the console is read whole and queued in the server for
// its clients: keep it to a size that cannot hurt.
constexpr std::size_t kMaxConsoleFile = 1024 * 1024;

Result<std::string> read_small_file(const Fd& fd, const std::string& path) {
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error(errno, "read " + path);
    if (n == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxConsoleFile) {
      return Error(errc::invalid_argument, "/file " + path,
                   trf("larger than {}; the print console sends files up to 1 MiB",
                       bytes_text(kMaxConsoleFile)));
    }
  }
}

// What to send, as bytes: a file is read whole (it is small).
Result<std::string> bytes_of(Outgoing& outgoing) {
  if (!outgoing.file) return std::move(outgoing.bytes);
  return read_small_file(outgoing.file, outgoing.path);
}

std::string seconds_since(std::chrono::steady_clock::time_point start) {
  const std::chrono::duration<double> since = std::chrono::steady_clock::now() - start;
  return fmt::format("{:.1f}", since.count());
}

DisplayOptions print_view(const Options& options) {
  DisplayOptions display = display_options(options);
  display.time = true;  // a log of many clients: timed unless /time off
  return display;
}

}  // namespace

ConsoleSpec PrintServer::spec() {
  using C = ConsoleCommand;
  return ConsoleSpec{
      tr("the print console"),
      {{C::hex},
       {C::file, tr_noop("send a file of up to 1 MiB")},
       {C::to},
       {C::all},
       {C::clients},
       {C::kick},
       {C::view},
       {C::time},
       {C::encoding},
       {C::eol},
       {C::save, tr_noop("append every client's received bytes to PATH from now on")},
       {C::stats, tr_noop("clients now and served, bytes each way")},
       {C::help},
       {C::quit, tr_noop("stop the server and exit (also Ctrl-D)")}},
      tr("Type text and press Enter to send it to the newest client (or the one /to chose)."),
      {}};
}

PrintServer::PrintServer(const Options& options)
    : options_(options),
      commands_(*this, spec(), print_view(options), options.eol),
      console_wanted_(!options.raw_relay && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)) {}

PrintServer::~PrintServer() {
  editor_.reset();  // restores the terminal
}

void PrintServer::print(std::string_view text, Text kind) {
  std::FILE* stream = kind == Text::output ? stdout : stderr;
  if (editor_) {
    editor_->print(text, stream);
  } else {
    std::fwrite(text.data(), 1, text.size(), stream);
    std::fflush(stream);
  }
}

void PrintServer::problem(std::string_view text) {
  print(fmt::format("tcpc: {}\n", text), Text::problem);
}

void PrintServer::notice(std::string_view text) {
  print(fmt::format("-- {}\n", text), Text::notice);
}

void PrintServer::attach(ServerOptions& server_options) {
  server_options.on_data = [this](const ClientData& data) {
    commands_.saw_received(data.bytes);
    std::string text;
    commands_.view().append(Direction::received, data.bytes, WallClock::now(), text,
                            fmt::format("#{} {}", data.client, data.peer.to_string()));
    print(text, Text::output);
  };
  if (console_wanted_) {
    server_options.log = [this](std::string_view line) {
      print(std::string(line) + "\n", Text::notice);
    };
  }
}

std::string PrintServer::prompt() const {
  return target_ == 0 ? std::string("reply> ") : fmt::format("reply to #{}> ", target_);
}

Result<void> PrintServer::start(Server& server) {
  server_ = &server;
  if (!console_wanted_) return {};
  auto signals = SignalPipe::install({SIGWINCH, SIGCONT});
  if (!signals) return signals.error();
  signals_.emplace(std::move(*signals));
  auto editor = LineEditor::open([this] { return prompt(); });
  if (!editor) return editor.error();
  editor_ = std::move(*editor);
  notice(tr("type a reply for the newest client (/to N picks client #N), /help for commands"));
  if (auto watched = server.watch(editor_->fd(), [this] { on_terminal(); }); !watched)
    return watched;
  return server.watch(signals_->fd(), [this] {
    for (int signal : signals_->take()) {
      if (signal == SIGWINCH) editor_->resize();
      if (signal == SIGCONT) editor_->redraw();
    }
  });
}

void PrintServer::on_terminal() {
  LineEditor::Input input = editor_->read();
  if (input.kind == LineEditor::Input::Kind::line) commands_.on_line(input.text);
  if (input.kind == LineEditor::Input::Kind::end) server_->stop();
}

void PrintServer::quit() {
  server_->stop();
}

void PrintServer::show_sent(std::string_view bytes, std::string_view label) {
  std::string text;
  commands_.view().append(Direction::sent, bytes, WallClock::now(), text, label);
  print(text, Text::output);
}

void PrintServer::send(Outgoing outgoing) {
  auto bytes = bytes_of(outgoing);
  if (!bytes) return problem(bytes.error().message());
  auto sent = server_->send_to(target_, *bytes);
  if (!sent) return problem(sent.error().message());
  show_sent(*bytes, fmt::format("#{}", *sent));
}

void PrintServer::send_to_all(Outgoing outgoing) {
  auto bytes = bytes_of(outgoing);
  if (!bytes) return problem(bytes.error().message());
  const std::vector<ClientStatus> clients = server_->clients();
  if (clients.empty()) return problem(tr("no client is connected"));
  std::uint64_t reached = 0;
  for (const ClientStatus& client : clients) {
    auto sent = server_->send_to(client.id, *bytes);
    if (sent) {
      ++reached;
    } else {
      problem(sent.error().message());
    }
  }
  if (reached > 0) show_sent(*bytes, trf("to {}", clients_text(reached)));
}

void PrintServer::select_client(std::optional<std::uint64_t> client) {
  if (!client) {
    target_ = 0;
    return notice(tr("typed text goes to the newest client"));
  }
  for (const ClientStatus& status : server_->clients()) {
    if (status.id == *client) {
      target_ = *client;
      return notice(trf("typed text goes to client #{}", target_));
    }
  }
  problem(trf("no client #{} is connected (/clients lists them); typed text still goes to {}",
              *client,
              target_ == 0 ? std::string(tr("the newest client")) : fmt::format("#{}", target_)));
}

void PrintServer::list_clients() {
  const std::vector<ClientStatus> clients = server_->clients();
  if (clients.empty()) return notice(tr("no client is connected"));
  std::string text;
  const std::uint64_t chosen = target_ != 0 ? target_ : clients.back().id;
  for (const ClientStatus& client : clients) {
    text += "-- " +
            trf("#{} {}  connected {} s  received {}  sent {}{}", client.id,
                client.peer.to_string(), seconds_since(client.summary.accepted),
                bytes_text(client.summary.bytes_received), bytes_text(client.summary.bytes_sent),
                client.id == chosen ? tr("  <- typed text goes here") : "") +
            "\n";
  }
  print(text, Text::notice);
}

void PrintServer::kick(std::uint64_t client) {
  if (auto closed = server_->close_client(client); !closed)
    return problem(closed.error().message());
  if (target_ == client) {
    target_ = 0;
    notice(tr("typed text goes to the newest client"));
  }
}

std::string PrintServer::stats() {
  const std::vector<ClientStatus> clients = server_->clients();
  ServerTotals totals = server_->totals();
  for (const ClientStatus& client : clients) {
    totals.bytes_received += client.summary.bytes_received;
    totals.bytes_sent += client.summary.bytes_sent;
  }
  return "-- " +
         trf("{} connected now, {} since the start", clients_text(clients.size()),
             clients_text(totals.clients)) +
         "\n-- " + trf("received: {}", bytes_text(totals.bytes_received)) + "\n-- " +
         trf("sent:     {}", bytes_text(totals.bytes_sent)) + "\n";
}

}  // namespace tcpc::cli
