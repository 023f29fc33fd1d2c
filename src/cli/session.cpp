// SPDX-License-Identifier: MIT
// The interactive session: `tcpc HOST PORT` on a terminal. One poll loop
// over the terminal (libedit, one key at a time), the socket and a signal
// pipe. What arrives is shown above the prompt at once; typed lines and
// commands (session_command.hpp) queue data that goes out as the socket
// takes it, so a big /file or a fast /repeat never holds more than a bounded
// amount in memory. The socket is a Stream: plain TCP, or TLS with --tls.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <variant>

#include "chunk_view.hpp"
#include "exit_code.hpp"
#include "line_editor.hpp"
#include "modes.hpp"
#include "received_file.hpp"
#include "relay_display.hpp"
#include "session_command.hpp"
#include "session_stats.hpp"
#include "signal_pipe.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/stream.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadSize = 64 * 1024;
// Queued for the socket before files and repeats wait for it to drain.
constexpr std::size_t kWireLimit = 256 * 1024;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// One send waiting its turn: bytes ready to go, or a file read as it goes.
struct Queued {
  std::string bytes;
  Fd file;
  std::string path;
  bool repeated = false;  // queued by /repeat
};

struct RepeatState {
  Payload payload;
  std::string bytes;        // text and hex, converted once
  std::uint64_t count = 0;  // 0: until stopped
  std::uint64_t done = 0;
  Milliseconds interval{0};
  Clock::time_point next;
};

// How the session ended, and so the exit code.
enum class Ending { none, server_closed, reset, quit, interrupted, terminated };

Result<Fd> open_for_sending(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error(errc::invalid_argument, "/file " + path, std::strerror(errno));
  return fd;
}

class Session {
 public:
  Session(const Options& options, std::unique_ptr<Stream> stream)
      : options_(options),
        stream_(std::move(stream)),
        view_(display_options(options)),
        encoding_(options.encoding),
        eol_(options.eol) {}

  Result<int> run();

 private:
  // Output above the prompt.
  void notice(std::string_view text) { editor_->print(text); }
  void problem(std::string_view text) { editor_->print(fmt::format("tcpc: {}\n", text), stderr); }
  void show(Direction direction, std::string_view bytes);

  // Input.
  void on_line(const std::string& line);
  void input_ended();
  void on_signal(int signal);
  void execute(const Command& command);
  Result<std::string> to_bytes(const Payload& payload);
  Result<void> enqueue(const Payload& payload);

  // The socket.
  void pump();
  void receive();
  void transmit();
  void end(Ending ending, std::string detail = {});

  void start_repeat(const command::Repeat& repeat);
  void stop_sending();
  std::optional<Clock::time_point> repeat_due() const;
  void repeat_tick();

  std::string prompt() const { return stream_->peer().to_string() + "> "; }
  Socket& socket() { return stream_->socket(); }
  void shut_write();

  const Options& options_;
  std::unique_ptr<Stream> stream_;  // TLS may want the other readiness for a read or write
  ChunkView view_;
  std::optional<Encoding> encoding_;
  LineEnding eol_;
  std::unique_ptr<LineEditor> editor_;
  std::optional<ReceivedFile> save_;
  SessionStats stats_;

  std::deque<Queued> queue_;  // waiting, in order
  std::string wire_;          // taken from the queue, not yet in the socket
  std::size_t wire_sent_ = 0;
  std::optional<RepeatState> repeat_;

  bool input_done_ = false;  // input from a pipe ended: finish sending, then half-close
  bool write_shut_ = false;
  Want read_wants_ = Want::read;
  Want write_wants_ = Want::write;
  std::optional<Want> shutdown_wants_;  // a TLS close_notify still waiting to go out
  Ending ending_ = Ending::none;
  std::string ending_detail_;
};

void Session::show(Direction direction, std::string_view bytes) {
  // Plain text view shows what arrives, as nc does; typed lines are on the
  // screen already. With a header (time, hex) both directions are shown.
  if (direction == Direction::sent && !view_.has_header()) return;
  std::string text;
  view_.append(direction, bytes, WallClock::now(), text);
  editor_->print(text);
}

Result<std::string> Session::to_bytes(const Payload& payload) {
  if (payload.kind == Payload::Kind::bytes) return payload.value;
  std::string bytes;
  if (encoding_ && !encoding_->is_utf8()) {
    auto encoded = encode(*encoding_, payload.value);
    if (!encoded) return encoded.error();
    bytes = std::move(*encoded);
  } else {
    bytes = payload.value;
  }
  bytes += line_ending_bytes(eol_);
  return bytes;
}

Result<void> Session::enqueue(const Payload& payload) {
  if (payload.kind == Payload::Kind::file) {
    auto file = open_for_sending(payload.value);
    if (!file) return file.error();
    queue_.push_back(Queued{{}, std::move(*file), payload.value, false});
    return {};
  }
  auto bytes = to_bytes(payload);
  if (!bytes) return bytes.error();
  queue_.push_back(Queued{std::move(*bytes), Fd(), {}, false});
  return {};
}

void Session::pump() {
  while (wire_.size() - wire_sent_ < kWireLimit && !queue_.empty()) {
    Queued& next = queue_.front();
    if (!next.file) {
      show(Direction::sent, next.bytes);
      wire_ += next.bytes;
      ++stats_.chunks_sent;
      queue_.pop_front();
      continue;
    }
    char buffer[kReadSize];
    const ssize_t n = ::read(next.file.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) problem(system_error(errno, "read " + next.path).message());
    if (n <= 0) {
      queue_.pop_front();
      continue;
    }
    const std::string_view chunk(buffer, static_cast<std::size_t>(n));
    show(Direction::sent, chunk);
    wire_ += chunk;
    ++stats_.chunks_sent;
  }
}

void Session::transmit() {
  auto sent = stream_->write_some(std::string_view(wire_).substr(wire_sent_));
  if (!sent) return end(Ending::reset, sent.error().message());
  write_wants_ = sent->want == Want::nothing ? Want::write : sent->want;
  wire_sent_ += sent->bytes;
  stats_.bytes_sent += sent->bytes;
  if (wire_sent_ == wire_.size()) {
    wire_.clear();
    wire_sent_ = 0;
  } else if (wire_sent_ > kWireLimit) {
    wire_.erase(0, wire_sent_);
    wire_sent_ = 0;
  }
}

void Session::receive() {
  char buffer[kReadSize];
  auto received = stream_->read_some(buffer);
  if (!received) return end(Ending::reset, received.error().message());
  if (received->want != Want::nothing) {
    read_wants_ = received->want;
    return;
  }
  read_wants_ = Want::read;
  if (received->bytes == 0) return end(Ending::server_closed);
  const std::string_view bytes(buffer, received->bytes);
  stats_.bytes_received += bytes.size();
  ++stats_.chunks_received;
  if (save_) {
    save_->on_received(bytes);
    if (save_->error()) {
      problem(save_->error()->message() + "; saving stopped");
      save_.reset();
    }
  }
  show(Direction::received, bytes);
}

void Session::shut_write() {
  auto shut = stream_->shutdown_write();
  if (!shut) {
    shutdown_wants_.reset();
    return end(Ending::reset, shut.error().message());
  }
  if (*shut == Want::nothing) {
    shutdown_wants_.reset();
  } else {
    shutdown_wants_ = *shut;
  }
}

void Session::end(Ending ending, std::string detail) {
  if (ending_ != Ending::none) return;
  ending_ = ending;
  ending_detail_ = std::move(detail);
}

void Session::start_repeat(const command::Repeat& repeat) {
  if (repeat_) return problem("a /repeat is running already; Ctrl-C stops it");
  RepeatState state;
  state.payload = repeat.payload;
  state.count = repeat.count;
  state.interval = repeat.interval;
  state.next = Clock::now();
  if (repeat.payload.kind != Payload::Kind::file) {
    auto bytes = to_bytes(repeat.payload);
    if (!bytes) return problem(bytes.error().message());
    state.bytes = std::move(*bytes);
  } else if (auto file = open_for_sending(repeat.payload.value); !file) {
    return problem(file.error().message());  // checked once up front
  }
  repeat_ = std::move(state);
}

std::optional<Clock::time_point> Session::repeat_due() const {
  // A repeat waits while earlier sends are still queued: it never outruns
  // the socket.
  if (!repeat_ || !queue_.empty() || wire_.size() - wire_sent_ >= kWireLimit) return std::nullopt;
  return repeat_->next;
}

void Session::repeat_tick() {
  auto due = repeat_due();
  if (!due || Clock::now() < *due) return;
  RepeatState& repeat = *repeat_;
  if (repeat.payload.kind == Payload::Kind::file) {
    if (auto queued = enqueue(repeat.payload); !queued) {
      problem(queued.error().message());
      repeat_.reset();
      return;
    }
    queue_.back().repeated = true;
  } else {
    queue_.push_back(Queued{repeat.bytes, Fd(), {}, true});
  }
  ++repeat.done;
  repeat.next = Clock::now() + repeat.interval;
  pump();  // shown before the notice that it was the last
  if (repeat.count != 0 && repeat.done == repeat.count) {
    notice(fmt::format("-- /repeat done: sent {} times", repeat.done));
    repeat_.reset();
  }
}

void Session::stop_sending() {
  // What never left the queue was not sent: the count says what was.
  for (const Queued& queued : queue_) {
    if (queued.repeated && repeat_ && repeat_->done > 0) --repeat_->done;
  }
  if (repeat_) {
    if (repeat_->count == 0) {
      notice(fmt::format("-- /repeat stopped: sent {} times", repeat_->done));
    } else {
      notice(fmt::format("-- /repeat stopped: sent {} of {} times", repeat_->done, repeat_->count));
    }
    repeat_.reset();
  }
  for (const Queued& queued : queue_) {
    if (queued.file && !queued.repeated) notice("-- stopped sending " + queued.path);
  }
  queue_.clear();
}

void Session::on_signal(int signal) {
  switch (signal) {
    case SIGINT:
      // Ctrl-C stops what is being sent, else clears the line, else quits.
      if (repeat_ || !queue_.empty()) {
        stop_sending();
      } else if (!editor_->line_empty()) {
        editor_->clear_line();
      } else {
        end(Ending::interrupted);
      }
      break;
    case SIGWINCH:
      editor_->resize();
      break;
    case SIGCONT:
      editor_->redraw();
      break;
    default:  // SIGTERM, SIGHUP
      end(Ending::terminated);
      break;
  }
}

void Session::input_ended() {
  // Ctrl-D at the prompt quits; the end of piped commands lets them finish.
  if (editor_->is_terminal()) return end(Ending::quit);
  input_done_ = true;
}

void Session::on_line(const std::string& line) {
  auto command = parse_command(line);
  if (!command) return problem(command.error().message());
  execute(*command);
}

void Session::execute(const Command& command) {
  std::visit(Overloaded{
                 [&](const command::Send& send) {
                   if (auto queued = enqueue(send.payload); !queued)
                     problem(queued.error().message());
                 },
                 [&](const command::Repeat& repeat) { start_repeat(repeat); },
                 [&](const command::SetView& set) {
                   if (set.view) view_.set_view(*set.view);
                   notice(fmt::format("-- view: {}", view_name(view_.options().view)));
                 },
                 [&](const command::SetTime& set) {
                   if (set.on) view_.set_time(*set.on);
                   notice(fmt::format("-- time: {}", view_.options().time ? "on" : "off"));
                 },
                 [&](const command::SetEncoding& set) {
                   if (!set.show) {
                     std::string flushed;
                     view_.set_encoding(set.encoding, flushed);
                     if (!flushed.empty()) editor_->print(flushed);
                     encoding_ = set.encoding;
                   }
                   notice(fmt::format("-- encoding: {}",
                                      encoding_ ? encoding_->name()
                                                : std::string_view("raw (bytes as they are)")));
                 },
                 [&](const command::SetEol& set) {
                   if (set.eol) eol_ = *set.eol;
                   notice(fmt::format("-- eol: {}", line_ending_name(eol_)));
                 },
                 [&](const command::Save& save) {
                   if (save.action == command::Save::Action::start) {
                     auto file = ReceivedFile::open(save.path, ReceivedFile::OpenMode::append);
                     if (!file) return problem(file.error().message());
                     save_.emplace(std::move(*file));
                   } else if (save.action == command::Save::Action::stop) {
                     save_.reset();
                   }
                   notice(save_ ? fmt::format("-- saving received bytes to {} ({} so far)",
                                              save_->path(), save_->bytes_written())
                                : std::string("-- not saving received bytes"));
                 },
                 [&](const command::SelectClient&) {
                   problem("/to is for the print server's console (tcpc -l PORT --mode print)");
                 },
                 [&](const command::Stats&) { notice(describe_stats(stats_, socket())); },
                 [&](const command::Help&) { notice(command_help()); },
                 [&](const command::Quit&) { end(Ending::quit); },
             },
             command);
}

Result<int> Session::run() {
  auto signals = SignalPipe::install({SIGINT, SIGWINCH, SIGCONT, SIGTERM, SIGHUP});
  if (!signals) return signals.error();
  if (options_.output_file) {
    auto file = ReceivedFile::open(*options_.output_file, ReceivedFile::OpenMode::truncate);
    if (!file) return file.error();
    save_.emplace(std::move(*file));
  }
  auto editor = LineEditor::open([this] { return prompt(); });
  if (!editor) return editor.error();
  editor_ = std::move(*editor);

  auto local = socket().local_endpoint();
  notice(fmt::format("-- connected to {} from {}{}. Type /help for commands, Ctrl-D to quit.",
                     stream_->peer().to_string(), local ? local->to_string() : std::string("?"),
                     options_.tls.enabled ? " over TLS" : ""));

  while (ending_ == Ending::none) {
    pump();
    enum { kTerminal, kSocket, kSignals };
    pollfd fds[3] = {{input_done_ ? -1 : editor_->fd(), POLLIN, 0},
                     {stream_->fd(), poll_events_for(read_wants_), 0},
                     {signals->fd(), POLLIN, 0}};
    if (wire_sent_ < wire_.size()) fds[kSocket].events |= poll_events_for(write_wants_);
    if (shutdown_wants_) fds[kSocket].events |= poll_events_for(*shutdown_wants_);
    int timeout = -1;
    if (auto due = repeat_due()) {
      const auto left = std::chrono::ceil<Milliseconds>(*due - Clock::now()).count();
      timeout = left > 0 ? static_cast<int>(std::min<long>(left, 1'000'000)) : 0;
    }
    // Decrypted bytes already inside a TLS stream are ready whatever poll() says.
    const bool pending = stream_->has_pending();
    if (pending) timeout = 0;
    const int ready = ::poll(fds, 3, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, "poll");
    }
    if (fds[kSignals].revents) {
      for (int signal : signals->take())
        on_signal(signal);
    }
    const short trouble = POLLHUP | POLLERR;
    const short socket_events = fds[kSocket].revents;
    if (pending || socket_events & (poll_events_for(read_wants_) | trouble)) receive();
    if (ending_ == Ending::none && wire_sent_ < wire_.size() &&
        socket_events & (poll_events_for(write_wants_) | trouble))
      transmit();
    if (ending_ == Ending::none && shutdown_wants_ &&
        socket_events & (poll_events_for(*shutdown_wants_) | trouble))
      shut_write();
    if (ending_ == Ending::none && fds[kTerminal].revents & POLLIN) {
      LineEditor::Input input = editor_->read();
      if (input.kind == LineEditor::Input::Kind::line) on_line(input.text);
      if (input.kind == LineEditor::Input::Kind::end) input_ended();
    } else if (fds[kTerminal].revents & (POLLHUP | POLLERR)) {
      input_ended();
    }
    if (ending_ == Ending::none) repeat_tick();
    if (input_done_ && !repeat_ && queue_.empty() && wire_sent_ == wire_.size() && !write_shut_) {
      // Like the relay: everything sent, so the server sees the end, and
      // what it still sends is shown until it closes.
      write_shut_ = true;
      shut_write();
    }
  }

  std::string ending_text;
  int code = kSuccess;
  const std::string totals =
      totals_line(stats_.bytes_sent, stats_.bytes_received, stats_.seconds_connected());
  switch (ending_) {
    case Ending::server_closed:
      ending_text = "-- connection closed by the server: " + totals;
      break;
    case Ending::reset:
      ending_text = fmt::format("-- connection lost: {}: {}", ending_detail_, totals);
      code = kNetworkFailure;
      break;
    case Ending::interrupted:
      code = kInterrupted;
      ending_text = "-- closed: " + totals;
      break;
    case Ending::terminated:
      code = kTerminated;
      ending_text = "-- closed: " + totals;
      break;
    default:
      ending_text = "-- closed: " + totals;
      break;
  }
  notice(ending_text);
  editor_.reset();  // the terminal as it was
  // TLS: close_notify if it can go at once, so the server sees a clean end.
  if (options_.tls.enabled && !write_shut_ && ending_ != Ending::reset)
    (void)stream_->shutdown_write();
  (void)socket().close();
  return code;
}

}  // namespace

Result<int> run_session(const Options& options) {
  auto tls_context = client_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  auto socket = connect_to(options);
  if (!socket) return socket.error();
  // A certificate that fails verification ends here, before the prompt.
  auto stream = start_client_stream(std::move(*socket), *tls_context, options.host, options);
  if (!stream) return stream.error();
  Session session(options, std::move(*stream));
  return session.run();
}

}  // namespace tcpc::cli
