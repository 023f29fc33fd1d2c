// SPDX-License-Identifier: MIT
// The interactive session: `tcpc HOST PORT` on a terminal. One poll loop
// over the terminal (libedit, one key at a time), the socket and a signal
// pipe. What arrives is shown above the prompt at once; typed lines and
// commands (console_commands.hpp, shared with the print console) queue data
// that goes out as the socket takes it, so a big /file or a fast /repeat
// never holds more than a bounded amount in memory. The socket is a Stream:
// plain TCP, or TLS with --tls. /script FILE runs a script (script_runner.hpp)
// over the connection, the loop waiting meanwhile: what arrives is the
// script's until it ends.
#include "session.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <deque>
#include <optional>
#include <string>

#include "chunk_view.hpp"
#include "console_commands.hpp"
#include "counts.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "line_editor.hpp"
#include "relay_display.hpp"
#include "script_load.hpp"
#include "script_report.hpp"
#include "script_runner.hpp"
#include "session_stats.hpp"
#include "signal_pipe.hpp"
#include "tcpc/deadline.hpp"
#include "tcpc/proxy_handshake.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadSize = 64 * 1024;
// Queued for the socket before files and repeats wait for it to drain.
constexpr std::size_t kWireLimit = 256 * 1024;
// A /file at least this big reports its progress (every tenth).
constexpr std::uint64_t kProgressFrom = 1024 * 1024;

// One send waiting its turn: bytes ready to go, or a file read as it goes.
struct Queued {
  std::string bytes;
  Fd file;
  std::string path;
  bool repeated = false;   // queued by /repeat
  std::uint64_t size = 0;  // of the file, when known
  std::uint64_t read = 0;  // of the file, taken for the socket so far
  unsigned tenths = 0;     // progress reported so far
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
enum class Ending { none, peer_closed, reset, quit, interrupted, terminated };

class Session final : public Console {
 public:
  Session(const Options& options, std::unique_ptr<Stream> stream, const SessionSetup& setup)
      : options_(options),
        setup_(setup),
        stream_(std::move(stream)),
        commands_(*this, spec(), display_options(options), options.eol, options.frame) {
    commands_.set_append(options.append);
    commands_.frames().set_check(options.check);
  }

  Result<SessionEnd> run();

  // Console.
  void print(std::string_view text, Text kind) override {
    editor_->print(text, kind == Text::problem ? stderr : stdout);
  }
  void send(Outgoing outgoing) override;
  void quit() override { end(Ending::quit); }
  void repeat(const command::Repeat& repeat, std::string bytes) override;
  std::string stats() override {
    return describe_stats(stats_, socket(), setup_.role, setup_.timing);
  }
  void run_script(const std::string& path) override;

 private:
  static ConsoleSpec spec();
  void notice(std::string_view text) { editor_->print(fmt::format("-- {}\n", text)); }
  void problem(std::string_view text) { editor_->print(fmt::format("tcpc: {}\n", text), stderr); }
  void show(Direction direction, std::string_view bytes);
  // idle:MS framing: the bytes held become a frame once the gap has passed.
  void show_idle_frame();

  // Input.
  void input_ended();
  void on_signal(int signal);
  // While a script runs: true when a signal in the pipe stops it.
  bool script_stopped();
  Result<void> setup();
  Result<bool> poll_once(SignalPipe& signals);
  SessionEnd finish();

  // The socket.
  void pump();
  bool pump_file(Queued& file);
  void receive();
  void transmit();
  void end(Ending ending, std::string detail = {});

  void stop_sending();
  std::optional<Clock::time_point> repeat_due() const;
  void repeat_tick();
  int poll_timeout() const;

  std::string prompt() const { return peer_name() + "> "; }
  // Through a proxy (-x) the socket's peer is the proxy; the user talks to HOST:PORT.
  std::string peer_name() const {
    if (options_.proxy && setup_.role == Role::client) {
      return proxy::to_string({options_.host, options_.port});
    }
    return stream_->peer().to_string();
  }
  Socket& socket() { return stream_->socket(); }
  void shut_write();

  const Options& options_;
  const SessionSetup& setup_;
  std::unique_ptr<Stream> stream_;  // TLS may want the other readiness for a read or write
  ConsoleCommands commands_;
  std::unique_ptr<LineEditor> editor_;
  SessionStats stats_;
  std::optional<StatsMeter> meter_;  // --stats
  Clock::time_point next_tick_;      // --stats-interval

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
  SignalPipe* signals_ = nullptr;  // while run() runs
};

ConsoleSpec Session::spec() {
  using C = ConsoleCommand;
  return ConsoleSpec{
      tr("the session"),
      {{C::hex},
       {C::file},
       {C::repeat},
       {C::view},
       {C::time},
       {C::frame},
       {C::append},
       {C::script},
       {C::encoding},
       {C::eol},
       {C::save},
       {C::stats},
       {C::help},
       {C::quit}},
      tr("Type text and press Enter to send it (with the line ending, /eol)."),
      tr("Ctrl-C stops a running /script, /repeat or /file, or clears the line; on an empty "
         "line it quits.")};
}

void Session::show(Direction direction, std::string_view bytes) {
  // Plain text view shows what arrives, as nc does; typed lines are on the
  // screen already. With a header (time, hex) both directions are shown.
  ChunkView& view = commands_.view();
  if (direction == Direction::sent && !view.has_header()) return;
  std::string text;
  if (direction == Direction::received) {
    commands_.frames().received(bytes, Clock::now(), WallClock::now(), view, text);
  } else {
    view.append(direction, bytes, WallClock::now(), text);
  }
  // Chunks of a stream join up: a line cut by a chunk boundary is one line.
  editor_->print_output(text);
}

void Session::show_idle_frame() {
  std::string text;
  commands_.frames().wake(Clock::now(), WallClock::now(), commands_.view(), text);
  if (!text.empty()) editor_->print_output(text);
}

void Session::send(Outgoing outgoing) {
  Queued queued;
  if (outgoing.file) {
    struct stat info {};
    if (::fstat(outgoing.file.get(), &info) == 0 && S_ISREG(info.st_mode))
      queued.size = static_cast<std::uint64_t>(info.st_size);
    queued.file = std::move(outgoing.file);
    queued.path = std::move(outgoing.path);
  } else {
    queued.bytes = std::move(outgoing.bytes);
  }
  queue_.push_back(std::move(queued));
}

// Takes one read of the file for the socket; false once the file is done.
bool Session::pump_file(Queued& next) {
  char buffer[kReadSize];
  ssize_t n;
  do {
    n = ::read(next.file.get(), buffer, sizeof buffer);
  } while (n < 0 && errno == EINTR);
  if (n < 0) problem(system_error(errno, Operation::read_file, next.path).message());
  if (n <= 0) {
    if (n == 0 && !next.repeated && next.size >= kProgressFrom)
      notice(trf("/file {}: all {} read for sending", next.path, bytes_text(next.read)));
    return false;
  }
  const std::string_view chunk(buffer, static_cast<std::size_t>(n));
  show(Direction::sent, chunk);
  wire_ += chunk;
  ++stats_.chunks_sent;
  next.read += chunk.size();
  if (!next.repeated && next.size >= kProgressFrom && next.read < next.size) {
    const auto tenths = static_cast<unsigned>(next.read * 10 / next.size);
    if (tenths > next.tenths) {
      next.tenths = tenths;
      notice(trf("/file {}: {}% ({} of {})", next.path, tenths * 10, bytes_text(next.read),
                 bytes_text(next.size)));
    }
  }
  return true;
}

void Session::pump() {
  while (wire_.size() - wire_sent_ < kWireLimit && !queue_.empty()) {
    Queued& next = queue_.front();
    if (!next.file) {
      show(Direction::sent, next.bytes);
      wire_ += next.bytes;
      ++stats_.chunks_sent;
      queue_.pop_front();
    } else if (!pump_file(next)) {
      queue_.pop_front();
    }
  }
}

void Session::transmit() {
  const std::string_view pending = std::string_view(wire_).substr(wire_sent_);
  auto sent = stream_->write_some(pending);
  if (!sent) return end(Ending::reset, sent.error().message());
  write_wants_ = sent->want == Want::nothing ? Want::write : sent->want;
  if (meter_ && sent->bytes > 0) meter_->on_sent(pending.substr(0, sent->bytes));
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
  if (received->bytes == 0) return end(Ending::peer_closed);
  const std::string_view bytes(buffer, received->bytes);
  stats_.bytes_received += bytes.size();
  ++stats_.chunks_received;
  if (meter_) meter_->on_received(bytes);
  commands_.saw_received(bytes);
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
  std::string rest;
  commands_.frames().finish(WallClock::now(), commands_.view(), rest);  // a frame cut short
  commands_.view().finish(rest);  // a character cut off at the end: shown, not dropped
  if (editor_ && !rest.empty()) editor_->print_output(rest);  // on the line it belongs to
  ending_ = ending;
  ending_detail_ = std::move(detail);
}

void Session::repeat(const command::Repeat& repeat, std::string bytes) {
  if (repeat_) return problem(tr("a /repeat is running already; Ctrl-C stops it"));
  RepeatState state;
  state.payload = repeat.payload;
  state.bytes = std::move(bytes);
  state.count = repeat.count;
  state.interval = repeat.interval;
  state.next = Clock::now();
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
    auto file = open_for_sending(repeat.payload.value);
    if (!file) {
      problem(file.error().message());
      repeat_.reset();
      return;
    }
    send(Outgoing{{}, std::move(*file), repeat.payload.value});
  } else {
    send(Outgoing{repeat.bytes, Fd(), {}});
  }
  queue_.back().repeated = true;
  ++repeat.done;
  repeat.next = Clock::now() + repeat.interval;
  pump();  // shown before the notice that it was the last
  if (repeat.count != 0 && repeat.done == repeat.count) {
    notice(trf("/repeat done: sent {}", times_text(repeat.done)));
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
      notice(trf("/repeat stopped: sent {}", times_text(repeat_->done)));
    } else {
      notice(trf("/repeat stopped: sent {} of {}", repeat_->done, times_text(repeat_->count)));
    }
    repeat_.reset();
  }
  for (const Queued& queued : queue_) {
    if (!queued.file || queued.repeated) continue;
    if (queued.size > 0) {
      notice(trf("stopped sending {} after {} of {}", queued.path, bytes_text(queued.read),
                 bytes_text(queued.size)));
    } else {
      notice(trf("stopped sending {} after {}", queued.path, bytes_text(queued.read)));
    }
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

bool Session::script_stopped() {
  bool stop = false;
  for (int signal : signals_->take()) {
    if (signal == SIGINT) {
      stop = true;  // the script's, not the session's
    } else {
      on_signal(signal);  // a resize is done; SIGTERM, SIGHUP end the session too
      stop = stop || ending_ != Ending::none;
    }
  }
  return stop;
}

void Session::run_script(const std::string& path) {
  // ScriptRunner reads and writes a plain socket; TLS records need the Stream.
  if (options_.tls.enabled) {
    return problem(tr("/script works over plain TCP only, not over TLS"));
  }
  if (repeat_ || !queue_.empty() || wire_sent_ < wire_.size()) {
    return problem(
        tr("a /repeat or /file is still being sent (Ctrl-C stops it); /script after it"));
  }
  auto script = load_script(path, "/script");
  if (!script) return problem(script.error().message());
  notice(trf("/script {}: running; Ctrl-C stops it", path));
  std::size_t steps = 0;
  ScriptRunner runner(
      socket(), signals_->fd(),
      [this, &steps](const StepReport& report) {
        ++steps;
        if (report.step->kind == ScriptStep::Kind::send) {
          stats_.bytes_sent += report.data.size();
          ++stats_.chunks_sent;
        }
        notice(step_line(report));
      },
      [this] { return script_stopped(); });
  const auto start = Clock::now();
  auto outcome = runner.run(*script);
  stats_.bytes_received += runner.bytes_received();
  stats_.chunks_received += runner.reads();
  if (!outcome) return end(Ending::reset, outcome.error().message());
  if (outcome->cancelled) {
    notice(trf("/script {}: stopped", path));
  } else if (outcome->failure) {
    problem(failure_line(path, *outcome->failure));
  } else {
    const std::chrono::duration<double> took = Clock::now() - start;
    notice(trf("/script {}: {}", path, passed_line(steps, took)));
  }
}

void Session::input_ended() {
  // Ctrl-D at the prompt quits; the end of piped commands lets them finish.
  if (editor_->is_terminal()) return end(Ending::quit);
  input_done_ = true;
}

int Session::poll_timeout() const {
  std::optional<Clock::time_point> wake = repeat_due();
  if (meter_ && options_.stats.interval.count() > 0)
    wake = wake ? std::min(*wake, next_tick_) : next_tick_;
  if (auto idle = commands_.frames().idle_due()) wake = wake ? std::min(*wake, *idle) : *idle;
  return poll_timeout_until(wake);
}

Result<void> Session::setup() {
  if (options_.output_file) {
    if (auto saving = commands_.save_from_start(*options_.output_file); !saving) return saving;
  }
  auto editor = LineEditor::open([this] { return prompt(); });
  if (!editor) return editor.error();
  editor_ = std::move(*editor);
  if (setup_.stats) {
    meter_.emplace(socket(), setup_.role, setup_.stats->interval_sink());
    next_tick_ = Clock::now() + options_.stats.interval;
  }
  auto local = socket().local_endpoint();
  const std::string here = local ? local->to_string() : std::string("?");
  const std::string peer = peer_name();
  const char* tls = options_.tls.enabled ? tr(" over TLS") : "";
  notice(setup_.role == Role::client
             ? trf("connected to {} from {}{}. Type /help for commands, Ctrl-D to quit.", peer,
                   here, tls)
             : trf("connection from {} to {}{}. Type /help for commands, Ctrl-D to quit.", peer,
                   here, tls));
  return {};
}

// One turn of the loop: false once the session has ended.
Result<bool> Session::poll_once(SignalPipe& signals) {
  pump();
  enum { kTerminal, kSocket, kSignals };
  pollfd fds[3] = {{input_done_ ? -1 : editor_->fd(), POLLIN, 0},
                   {stream_->fd(), poll_events_for(read_wants_), 0},
                   {signals.fd(), POLLIN, 0}};
  if (wire_sent_ < wire_.size()) fds[kSocket].events |= poll_events_for(write_wants_);
  if (shutdown_wants_) fds[kSocket].events |= poll_events_for(*shutdown_wants_);
  // Decrypted bytes already inside a TLS stream are ready whatever poll() says.
  const bool pending = stream_->has_pending();
  const int ready = ::poll(fds, 3, pending ? 0 : poll_timeout());
  if (ready < 0) {
    if (errno == EINTR) return true;
    return system_error(errno, Operation::system_call, "poll");
  }
  if (fds[kSignals].revents) {
    for (int signal : signals.take())
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
    if (input.kind == LineEditor::Input::Kind::line) commands_.on_line(input.text);
    if (input.kind == LineEditor::Input::Kind::end) input_ended();
  } else if (fds[kTerminal].revents & (POLLHUP | POLLERR)) {
    input_ended();
  }
  if (ending_ == Ending::none) repeat_tick();
  if (ending_ == Ending::none) show_idle_frame();
  if (meter_ && options_.stats.interval.count() > 0 && Clock::now() >= next_tick_) {
    meter_->on_tick();
    next_tick_ += options_.stats.interval;
  }
  if (input_done_ && !repeat_ && queue_.empty() && wire_sent_ == wire_.size() && !write_shut_) {
    // Like the relay: everything sent, so the peer sees the end, and what
    // it still sends is shown until it closes.
    write_shut_ = true;
    shut_write();
  }
  return ending_ == Ending::none;
}

SessionEnd Session::finish() {
  SessionEnd result;
  result.peer_closed = ending_ == Ending::peer_closed;
  const std::string totals =
      totals_line(stats_.bytes_sent, stats_.bytes_received, stats_.seconds_connected());
  std::string text;
  switch (ending_) {
    case Ending::peer_closed:
      text = setup_.role == Role::client ? trf("connection closed by the server: {}", totals)
                                         : trf("connection closed by the client: {}", totals);
      break;
    case Ending::reset:
      text = trf("connection lost: {}: {}", ending_detail_, totals);
      result.exit_code = kNetworkFailure;
      break;
    default:
      text = trf("closed: {}", totals);
      if (ending_ == Ending::interrupted) result.exit_code = kInterrupted;
      if (ending_ == Ending::terminated) result.exit_code = kTerminated;
      break;
  }
  // The terminal as it was first, then the last line: whoever sees it can
  // press Ctrl-C at once (tcpc -l -k waiting for the next client).
  const bool line_start = editor_->output_at_line_start();
  editor_.reset();
  fmt::print("{}-- {}\n", line_start ? "" : "\n", text);
  std::fflush(stdout);
  // TLS: close_notify if it can go at once, so the peer sees a clean end.
  if (options_.tls.enabled && !write_shut_ && ending_ != Ending::reset)
    (void)stream_->shutdown_write();
  // --stats: the report, as one-shot and pipe mode print it, after the terminal is back.
  if (meter_) {
    const bool clean = ending_ == Ending::peer_closed || ending_ == Ending::quit;
    setup_.stats->finish(*meter_, clean,
                         setup_.timing ? std::optional(setup_.timing->resolve) : std::nullopt,
                         setup_.timing ? std::optional(setup_.timing->connect) : std::nullopt);
  }
  (void)socket().close();
  return result;
}

Result<SessionEnd> Session::run() {
  {
    auto signals = SignalPipe::install({SIGINT, SIGWINCH, SIGCONT, SIGTERM, SIGHUP});
    if (!signals) return signals.error();
    signals_ = &*signals;
    if (auto ready = setup(); !ready) return ready.error();
    for (;;) {
      auto going = poll_once(*signals);
      if (!going) return going.error();
      if (!*going) break;
    }
    signals_ = nullptr;
  }
  // The signals go where they went before (tcpc -l: its stop signals).
  return finish();
}

}  // namespace

Result<SessionEnd> run_session_over(const Options& options, std::unique_ptr<Stream> stream,
                                    const SessionSetup& setup) {
  Session session(options, std::move(stream), setup);
  return session.run();
}

Result<int> run_session(const Options& options) {
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();
  auto tls_context = client_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  SessionSetup setup;
  setup.timing.emplace();
  auto socket = connect_to(options, &*setup.timing);
  if (!socket) return socket.error();
  // A certificate that fails verification ends here, before the prompt.
  auto stream = start_client_stream(std::move(*socket), *tls_context, options.host, options);
  if (!stream) return stream.error();
  if (*stats) setup.stats = &**stats;
  auto ended = run_session_over(options, std::move(*stream), setup);
  if (!ended) return ended.error();
  return ended->exit_code;
}

}  // namespace tcpc::cli
