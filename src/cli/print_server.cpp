// SPDX-License-Identifier: MIT
#include "print_server.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/timerfd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>

#include "counts.hpp"
#include "i18n.hpp"

namespace tcpc::cli {
namespace {

// /all /file reads the file whole and queues it for every client: keep it
// to a size that cannot hurt. /file to one client streams any size.
constexpr std::size_t kMaxConsoleFile = 1024 * 1024;
// A streamed /file: read this much at a time, when less is queued.
constexpr std::size_t kFilePiece = 64 * 1024;
// From this size on a /file reports every tenth sent.
constexpr std::uint64_t kProgressFrom = 1024 * 1024;

// One piece of a file; empty at its end.
Result<std::string> read_piece(const Fd& fd, const std::string& path) {
  std::string piece(kFilePiece, '\0');
  ssize_t n;
  do {
    n = ::read(fd.get(), piece.data(), piece.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return system_error(errno, Operation::read_file, path);
  piece.resize(static_cast<std::size_t>(n));
  return piece;
}

Result<std::string> read_small_file(const Fd& fd, const std::string& path) {
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error(errno, Operation::read_file, path);
    if (n == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxConsoleFile) {
      return Error(errc::invalid_argument, "/file " + path,
                   trf("larger than {}; /all sends files up to 1 MiB (/file streams any size)",
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
#ifdef __linux__  // its timer is a timerfd
       {C::repeat, tr_noop("send DATA N times (0: until Ctrl-C) to the chosen client,\n"
                           "INTERVAL seconds apart; DATA: text, /hex BYTES or /file PATH")},
#endif
       {C::file},
       {C::to},
       {C::all, tr_noop("send DATA to every client; DATA: text, /hex BYTES or /file PATH\n"
                        "(a file of up to 1 MiB)")},
       {C::clients},
       {C::kick},
       {C::view},
       {C::time},
       {C::encoding},
       {C::eol},
       {C::append},
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
      console_wanted_(!options.raw_relay && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)) {
  commands_.set_append(options.append);
}

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
  server_options.on_sent = [this](std::uint64_t client, std::size_t queued) {
    feed(client, queued);
  };
}

std::string PrintServer::prompt() const {
  return target_ == 0 ? std::string(tr("reply> ")) : trf("reply to #{}> ", target_);
}

Result<void> PrintServer::start(Server& server) {
  server_ = &server;
  if (!console_wanted_) return {};
  // SIGINT here too: Ctrl-C stops a /repeat first, as in the session.
  auto signals = SignalPipe::install({SIGWINCH, SIGCONT, SIGINT});
  if (!signals) return signals.error();
  signals_.emplace(std::move(*signals));
  auto editor = LineEditor::open([this] { return prompt(); });
  if (!editor) return editor.error();
  editor_ = std::move(*editor);
  notice(tr("type a reply for the newest client (/to N picks client #N), /help for commands"));
  if (auto watched = server.watch(editor_->fd(), [this] { on_terminal(); }); !watched)
    return watched;
#ifdef __linux__
  timer_ = Fd(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!timer_) return system_error(errno, Operation::system_call, "timerfd_create");
  if (auto watched = server.watch(timer_.get(), [this] { repeat_tick(); }); !watched)
    return watched;
#endif
  return server.watch(signals_->fd(), [this] { on_signals(); });
}

void PrintServer::on_signals() {
  for (int signal : signals_->take()) {
    if (signal == SIGWINCH) editor_->resize();
    if (signal == SIGCONT) editor_->redraw();
    if (signal != SIGINT) continue;
    if (repeat_) {
      stop_repeat();
    } else {
      interrupted_ = true;
      server_->stop();
    }
  }
}

void PrintServer::repeat(const command::Repeat& repeat, std::string bytes) {
#ifdef __linux__
  if (repeat_) return problem(tr("a /repeat is running already; Ctrl-C stops it"));
  Outgoing outgoing;
  if (repeat.payload.kind == Payload::Kind::file) {
    auto file = open_for_sending(repeat.payload.value);
    if (!file) return problem(file.error().message());
    outgoing = Outgoing{{}, std::move(*file), repeat.payload.value};
  } else {
    outgoing.bytes = std::move(bytes);
  }
  auto data = bytes_of(outgoing);  // a file: read once, up to 1 MiB
  if (!data) return problem(data.error().message());
  repeat_ = RepeatState{std::move(*data), repeat.count, 0};
  const auto ms = repeat.interval.count();
  itimerspec spec{};
  spec.it_value.tv_nsec = 1;  // the first at once
  spec.it_interval.tv_sec = ms / 1000;
  spec.it_interval.tv_nsec = (ms % 1000) * 1'000'000;
  if (ms == 0) spec.it_interval.tv_nsec = 1'000'000;  // "0": as fast as a millisecond timer goes
  if (::timerfd_settime(timer_.get(), 0, &spec, nullptr) != 0) {
    repeat_.reset();
    return problem(system_error(errno, Operation::system_call, "timerfd_settime").message());
  }
#else
  (void)repeat;
  (void)bytes;
#endif
}

void PrintServer::repeat_tick() {
#ifdef __linux__
  std::uint64_t expirations = 0;
  [[maybe_unused]] ssize_t n = ::read(timer_.get(), &expirations, sizeof expirations);
  if (!repeat_) return;
  auto sent = server_->send_to(target_, repeat_->bytes);
  if (!sent) {
    problem(sent.error().message());
    return stop_repeat();
  }
  ++repeat_->done;
  show_sent(repeat_->bytes, fmt::format("#{}", *sent));
  if (repeat_->count != 0 && repeat_->done == repeat_->count) {
    notice(trf("/repeat done: sent {}", times_text(repeat_->done)));
    itimerspec off{};
    ::timerfd_settime(timer_.get(), 0, &off, nullptr);
    repeat_.reset();
  }
#endif
}

void PrintServer::stop_repeat() {
#ifdef __linux__
  itimerspec off{};
  ::timerfd_settime(timer_.get(), 0, &off, nullptr);
#endif
  if (!repeat_) return;
  if (repeat_->count == 0) {
    notice(trf("/repeat stopped: sent {}", times_text(repeat_->done)));
  } else {
    notice(trf("/repeat stopped: sent {} of {}", repeat_->done, times_text(repeat_->count)));
  }
  repeat_.reset();
}

void PrintServer::on_terminal() {
  LineEditor::Input input = editor_->read();
  forget_departed_files();
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
  if (outgoing.file) return start_file(std::move(outgoing));
  auto bytes = bytes_of(outgoing);
  if (!bytes) return problem(bytes.error().message());
  auto sent = server_->send_to(target_, *bytes);
  if (!sent) return problem(sent.error().message());
  show_sent(*bytes, fmt::format("#{}", *sent));
}

void PrintServer::start_file(Outgoing outgoing) {
  forget_departed_files();
  FileSend file;
  struct stat info {};
  if (::fstat(outgoing.file.get(), &info) == 0 && S_ISREG(info.st_mode))
    file.size = static_cast<std::uint64_t>(info.st_size);
  std::uint64_t client = target_;
  if (client == 0) {
    const std::vector<ClientStatus> clients = server_->clients();
    if (clients.empty()) return problem(tr("no client is connected"));
    client = clients.back().id;
  }
  if (files_.count(client)) return problem(trf("a /file is being sent to #{} already", client));
  auto first = read_piece(outgoing.file, outgoing.path);
  if (!first) return problem(first.error().message());
  auto sent = server_->send_to(client, *first);
  if (!sent) return problem(sent.error().message());
  file.file = std::move(outgoing.file);
  file.path = std::move(outgoing.path);
  file.sent = first->size();
  if (file.size != 0 && file.size <= kFilePiece && file.sent == file.size) {
    return show_sent(*first, fmt::format("#{}", *sent));  // small: shown like typed data
  }
  notice(file.size != 0 ? trf("sending {} ({}) to #{}", file.path, bytes_text(file.size), *sent)
                        : trf("sending {} to #{}", file.path, *sent));
  files_.emplace(*sent, std::move(file));
}

void PrintServer::feed(std::uint64_t client, std::size_t queued) {
  auto it = files_.find(client);
  if (it == files_.end() || queued >= kFilePiece) return;
  FileSend& file = it->second;
  auto piece = read_piece(file.file, file.path);
  if (!piece) {
    problem(piece.error().message());
    files_.erase(it);
    return;
  }
  if (piece->empty()) {
    notice(trf("/file {}: all {} sent to #{}", file.path, bytes_text(file.sent), client));
    files_.erase(it);
    return;
  }
  if (auto sent = server_->send_to(client, *piece); !sent) {
    problem(sent.error().message());
    files_.erase(it);
    return;
  }
  file.sent += piece->size();
  if (file.size >= kProgressFrom && file.sent < file.size) {
    const auto tenths = static_cast<unsigned>(file.sent * 10 / file.size);
    if (tenths > file.tenths) {
      file.tenths = tenths;
      notice(trf("/file {}: {}% ({} of {})", file.path, tenths * 10, bytes_text(file.sent),
                 bytes_text(file.size)));
    }
  }
}

// A client that left takes its /file with it: say how far it got.
void PrintServer::forget_departed_files() {
  const std::vector<ClientStatus> clients = server_->clients();
  for (auto it = files_.begin(); it != files_.end();) {
    const bool here = std::any_of(clients.begin(), clients.end(),
                                  [&](const ClientStatus& c) { return c.id == it->first; });
    if (here) {
      ++it;
      continue;
    }
    notice(trf("stopped sending {} after {}: client #{} left", it->second.path,
               bytes_text(it->second.sent), it->first));
    it = files_.erase(it);
  }
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
  forget_departed_files();
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
