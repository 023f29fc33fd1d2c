// SPDX-License-Identifier: MIT
// The relay suite, run over every transport (relay_links.hpp): plain TCP
// and Unix sockets through relay(Socket&), a SocketStream and a TLS session
// through relay(Stream&). One engine serves them all, and each option must
// mean the same over each: a transport that drifts fails here.
#include "tcpc/relay.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <string>
#include <thread>

#include "relay_links.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace std::string_view_literals;
using test::Pipe;
using test::PipeReader;
using test::PipeWriter;
using test::RelayThread;
using test::Transport;

#ifdef __linux__
constexpr bool kSpliceExpected = true;
#else
constexpr bool kSpliceExpected = false;
#endif

// Uppercases ASCII letters; finish() appends `tail` and counts the calls.
class UpperCase final : public Transform {
 public:
  explicit UpperCase(std::string tail = {}) : tail_(std::move(tail)) {}
  Result<void> feed(std::string_view in, std::string& out) override {
    for (char c : in)
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return {};
  }
  Result<void> finish(std::string& out) override {
    ++finished;
    out += tail_;
    return {};
  }
  int finished = 0;

 private:
  std::string tail_;
};

// Fails on the first byte it sees.
class Rejecting final : public Transform {
 public:
  Result<void> feed(std::string_view, std::string&) override {
    return Error(errc::unencodable, "encode", "rejected by test");
  }
  Result<void> finish(std::string&) override { return {}; }
};

// Records what the relay reports.
class Recorder final : public RelayObserver {
 public:
  void on_received(std::string_view bytes) override { received.append(bytes); }
  void on_sent(std::string_view bytes) override { sent.append(bytes); }
  void on_tick() override { ++ticks; }
  std::string received;
  std::string sent;
  int ticks = 0;
};

// Restores SIGPIPE's previous disposition when the test ends. Writing to a
// pipe nobody reads raises SIGPIPE; the library leaves dispositions alone
// (the CLI ignores it), so tests that want EPIPE ignore it themselves.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() : previous_(::signal(SIGPIPE, SIG_IGN)) {}
  ~IgnoreSigpipe() { ::signal(SIGPIPE, previous_); }

 private:
  sighandler_t previous_;
};

bool is_nonblocking(int fd) {
  return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0;
}

class RelayOver : public testing::TestWithParam<Transport> {
 protected:
  void SetUp() override { link_ = test::make_link(GetParam(), unix_path_); }
  test::Link& link() { return *link_; }
  Stream& peer() { return link_->peer(); }

  test::UnixPath unix_path_;
  std::unique_ptr<test::Link> link_;
};

INSTANTIATE_TEST_SUITE_P(Transports, RelayOver,
                         testing::Values(Transport::tcp, Transport::unix_path,
                                         Transport::tcp_stream, Transport::tls),
                         test::transport_name);

TEST_P(RelayOver, PayloadThenInputThenHalfClose) {
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "ping");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.payload = "payload\0,"sv;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(link(), options);

  auto request = test::peer_read(peer());
  EXPECT_TRUE(request.eof) << "the relay did not shut down its sending side";
  EXPECT_EQ(request.data, "payload\0,ping"s);
  ASSERT_TRUE(test::peer_send(peer(), "pong"));  // the peer can still answer
  ASSERT_TRUE(test::peer_close(peer()));

  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 13u);
  EXPECT_EQ(totals->bytes_received, 4u);
  EXPECT_EQ(reader.join(), "pong");
}

TEST_P(RelayOver, HalfCloseDisabledKeepsTheConnectionOpen) {
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "ping");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.half_close = false;
  RelayThread relaying(link(), options);

  EXPECT_EQ(test::peer_read(peer(), 4).data, "ping");
  ASSERT_TRUE(writer.join());                            // input has ended on the relay's side
  auto more = test::peer_read(peer(), SIZE_MAX, 300ms);  // a bounded check
  EXPECT_FALSE(more.eof) << "half_close=false must not shut down the sending side";
  ASSERT_TRUE(test::peer_close(peer()));
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(reader.join(), "");
}

TEST_P(RelayOver, PeerClosingEndsARelayWithoutInput) {
  const std::string greeting = "hello\0from the peer\n"s;
  ASSERT_TRUE(test::peer_send(peer(), greeting));
  ASSERT_TRUE(test::peer_close(peer()));
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = out.write.get();
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 0u);
  EXPECT_EQ(totals->bytes_received, greeting.size());
  EXPECT_EQ(reader.join(), greeting);
}

TEST_P(RelayOver, StopWhenPeerClosesEvenWithInputOpen) {
  ASSERT_TRUE(test::peer_send(peer(), "bye"));
  ASSERT_TRUE(test::peer_close(peer()));
  Pipe in = Pipe::make();  // write end stays open: input never ends
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.stop_when_peer_closes = true;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 3u);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(reader.join(), "bye");
}

TEST_P(RelayOver, ReceiveLimitStopsAPeerThatStaysConnected) {
  ASSERT_TRUE(test::peer_send(peer(), "0123456789"));
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = out.write.get();
  options.receive_limit = 4;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 4u);
  EXPECT_EQ(reader.join(), "0123");
}

TEST_P(RelayOver, IdleTimeoutEndsASilentRelay) {
  Pipe in = Pipe::make();  // write end stays open and silent
  Pipe out = Pipe::make();
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.idle_timeout = 200ms;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->timed_out);
  EXPECT_FALSE(totals->output_closed);
  EXPECT_EQ(totals->bytes_sent, 0u);
  EXPECT_EQ(totals->bytes_received, 0u);
}

TEST_P(RelayOver, TicksDoNotResetTheIdleTimeout) {
  Recorder recorder;
  Pipe in = Pipe::make();  // kept open and silent
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  options.observer = &recorder;
  options.tick_interval = 20ms;
  options.idle_timeout = 200ms;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->timed_out);
  EXPECT_GE(recorder.ticks, 1);
}

// nc -q: the peer keeps the connection open and silent after reading our
// input; only quit_after_input can end these relays (no idle timeout).
TEST_P(RelayOver, QuitAfterInputZeroEndsOnceInputIsSent) {
  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), "ask");
  RelayOptions options;
  Pipe out = Pipe::make();  // with no output at all, the relay would end anyway
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.quit_after_input = 0ms;
  RelayThread relaying(link(), options);
  auto request = test::peer_read(peer());
  EXPECT_EQ(request.data, "ask");
  EXPECT_TRUE(request.eof);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_FALSE(totals->timed_out);
  EXPECT_FALSE(totals->cancelled);
  EXPECT_EQ(totals->bytes_sent, 3u);
}

TEST_P(RelayOver, QuitAfterInputDelayStillDeliversWhatArrives) {
  ASSERT_TRUE(test::peer_send(peer(), "early"));  // waiting before the relay starts
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "ask");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.quit_after_input = 300ms;
  RelayThread relaying(link(), options);
  EXPECT_EQ(test::peer_read(peer()).data, "ask");
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(totals->bytes_received, 5u);
  EXPECT_EQ(reader.join(), "early");
}

TEST_P(RelayOver, QuitAfterInputNegativeWaitsForThePeer) {
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();  // with no output at all, the relay ends once input is sent
  PipeWriter writer(std::move(in.write), "ask");
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.quit_after_input = Milliseconds(-1);
  options.idle_timeout = 300ms;  // what ends it instead
  RelayThread relaying(link(), options);
  EXPECT_EQ(test::peer_read(peer()).data, "ask");
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->timed_out);
}

TEST_P(RelayOver, CancelStopsAWaitingRelayAndKeepsWhatArrived) {
  Pipe in = Pipe::make();  // never written nor closed: only the cancel can end the relay
  Pipe out = Pipe::make();
  Pipe cancel = Pipe::make();
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.cancel_fd = cancel.read.get();
  RelayThread relaying(link(), options);
  ASSERT_TRUE(test::peer_send(peer(), "hello"));
  EXPECT_EQ(test::read_pipe(out.read.get(), 5), "hello");
  ASSERT_TRUE(test::write_all(cancel.write.get(), "x"));
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->cancelled);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(totals->bytes_received, 5u);
  EXPECT_EQ(totals->bytes_sent, 0u);
  // The peer is told the stream ended (TLS: close_notify), not left waiting.
  EXPECT_TRUE(test::peer_read(peer()).eof);
}

TEST_P(RelayOver, TransformsAndObserversSeeTheRightBytes) {
  Recorder recorder;
  UpperCase outgoing("!");
  UpperCase incoming("?");
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "hello, relay");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.outgoing = &outgoing;
  options.incoming = &incoming;
  options.observer = &recorder;
  RelayThread relaying(link(), options);

  auto request = test::peer_read(peer());
  EXPECT_TRUE(request.eof);
  EXPECT_EQ(request.data, "HELLO, RELAY!");  // outgoing, flushed at input EOF
  ASSERT_TRUE(test::peer_send(peer(), "world"));
  ASSERT_TRUE(test::peer_close(peer()));
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(reader.join(), "WORLD?");         // incoming, flushed at the peer's EOF
  EXPECT_EQ(totals->bytes_sent, 13u);         // after `outgoing`
  EXPECT_EQ(totals->bytes_received, 5u);      // before `incoming`
  EXPECT_EQ(recorder.sent, "HELLO, RELAY!");  // after the outgoing transform
  EXPECT_EQ(recorder.received, "world");      // before the incoming transform
  EXPECT_EQ(outgoing.finished, 1);
  EXPECT_EQ(incoming.finished, 1);
  EXPECT_EQ(totals->bytes_spliced, 0u);
}

TEST_P(RelayOver, TransformErrorEndsTheRelay) {
  test::PeerEcho echo(peer());
  Rejecting rejecting;
  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), "abc");
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  options.outgoing = &rejecting;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_FALSE(totals.ok());
  EXPECT_EQ(totals.error().code(), errc::unencodable);
  EXPECT_EQ(totals.error().message(), "encode: rejected by test");
  ::shutdown(link().socket().fd(), SHUT_RDWR);  // ends the echo
}

// Sends `payload` to an echoing peer and returns what came back.
std::string echo_through(test::Link& link, const std::string& payload, RelayOptions options,
                         RelayTotals* totals_out = nullptr) {
  test::PeerEcho echo(link.peer());
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(link, options);
  auto totals = relaying.finish();
  EXPECT_TRUE(out.write.close().ok());
  EXPECT_TRUE(writer.join());
  std::string echoed = reader.join();
  EXPECT_EQ(echo.join(), payload.size());
  EXPECT_TRUE(totals.ok()) << totals.error().message();
  if (totals) {
    EXPECT_FALSE(totals->timed_out);
    EXPECT_EQ(totals->bytes_sent, payload.size());
    EXPECT_EQ(totals->bytes_received, payload.size());
    if (totals_out) *totals_out = *totals;
  }
  return echoed;
}

TEST_P(RelayOver, EchoesMebibytesThroughPipes) {
  const std::string payload = test::random_bytes(4 << 20, 42);
  RelayTotals totals;
  const std::string echoed = echo_through(link(), payload, {}, &totals);
  ASSERT_EQ(echoed.size(), payload.size());
  EXPECT_TRUE(echoed == payload) << "echoed bytes differ from the input";
  // Pipes at both ends: splice() where the stream allows it, never over TLS.
  if (kSpliceExpected && link().plain()) {
    EXPECT_EQ(totals.bytes_spliced, 2 * payload.size());
  } else {
    EXPECT_EQ(totals.bytes_spliced, 0u);
  }
}

TEST_P(RelayOver, TinyBuffersStillCarryEverything) {
  const std::string payload = test::random_bytes(300'000, 7);
  RelayOptions options;
  options.buffer_size = 1000;  // many partial reads and writes, constant backpressure
  options.zero_copy = false;
  const std::string echoed = echo_through(link(), payload, options);
  EXPECT_TRUE(echoed == payload) << "got " << echoed.size() << " of " << payload.size();
}

TEST_P(RelayOver, OutputReaderGoneEndsWithOutputClosed) {
  IgnoreSigpipe ignore;
  test::PeerEcho echo(peer());
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  ASSERT_TRUE(out.read.close().ok());  // the reader is gone before anything arrives
  PipeWriter writer(std::move(in.write), "echo me");
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->output_closed);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(totals->bytes_sent, 7u);
  ::shutdown(link().socket().fd(), SHUT_RDWR);  // ends the echo
}

TEST_P(RelayOver, OutputReaderGoneDuringALargeTransfer) {
  // The echo keeps coming after the output is gone: the relay must neither
  // crash nor stall with the peer blocked on a full socket.
  IgnoreSigpipe ignore;
  test::PeerEcho echo(peer());
  const std::string payload = test::random_bytes(8 << 20, 9);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  ASSERT_TRUE(out.read.close().ok());
  PipeWriter writer(std::move(in.write), payload);
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(in.read.close().ok());
  writer.join();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->output_closed);
  ::shutdown(link().socket().fd(), SHUT_RDWR);  // ends the echo
}

TEST_P(RelayOver, NoOutputDropsWhatArrives) {
  // output_fd = -1: incoming bytes are read and dropped. An echo peer must
  // not stall the upload by filling the socket we never empty.
  test::PeerEcho echo(peer());
  const std::string payload = test::random_bytes(8 << 20, 10);
  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(in.read.close().ok());
  EXPECT_TRUE(writer.join());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, payload.size());
  EXPECT_FALSE(totals->output_closed);
  // With nowhere to write, the relay ends once all is sent, echo or not.
  ::shutdown(link().socket().fd(), SHUT_RDWR);  // ends the echo
}

TEST_P(RelayOver, BlockingModeIsRestoredAfterSuccess) {
  ASSERT_TRUE(link().socket().set_nonblocking(false).ok());
  ASSERT_TRUE(test::peer_send(peer(), "bye"));
  ASSERT_TRUE(test::peer_close(peer()));
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = -1;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_FALSE(is_nonblocking(link().socket().fd()));
}

TEST_P(RelayOver, NonBlockingModeIsKept) {
  ASSERT_TRUE(link().socket().set_nonblocking(true).ok());
  ASSERT_TRUE(test::peer_close(peer()));
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = -1;
  RelayThread relaying(link(), options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(is_nonblocking(link().socket().fd()));
}

TEST_P(RelayOver, PeerResetFailsNamesThePeerAndRestoresBlockingMode) {
  ASSERT_TRUE(link().socket().set_nonblocking(false).ok());
  Pipe in = Pipe::make();  // kept open: only the reset can end the relay
  Pipe out = Pipe::make();
  RelayOptions options;
  options.payload = "unread";
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  const std::string peer_name = link().socket().peer().to_string();
  RelayThread relaying(link(), options);
  ASSERT_TRUE(test::peer_has_data(peer()));
  ASSERT_TRUE(test::peer_reset(peer()));  // with bytes unread: a reset, not an end of stream
  auto totals = relaying.finish();
  ASSERT_FALSE(totals.ok()) << "relay ended normally after a reset";
  const std::string& message = totals.error().message();
  EXPECT_NE(message.find(peer_name), std::string::npos) << message;
  EXPECT_FALSE(is_nonblocking(link().socket().fd()));
}

// --exec: the output is a program's stdin. Only when it is closed does the
// program see the end of its input, answer, and close its output: without
// on_output_done the relay would wait for that answer forever.
TEST_P(RelayOver, OutputDoneLetsAProgramSeeTheEndOfItsInput) {
  Pipe to_program = Pipe::make();
  Pipe from_program = Pipe::make();
  std::thread program(
      [read = std::move(to_program.read), write = std::move(from_program.write)]() mutable {
        const std::string input = test::read_all(read.get());
        (void)test::write_all(write.get(), "got " + input);
        (void)write.close();
      });
  Fd program_stdin = std::move(to_program.write);
  int calls = 0;
  RelayOptions options;
  options.input_fd = from_program.read.get();
  options.output_fd = program_stdin.get();
  options.on_output_done = [&] {
    ++calls;
    (void)program_stdin.close();
  };
  RelayThread relaying(link(), options);

  ASSERT_TRUE(test::peer_send(peer(), "request"));
  for (auto step = peer().shutdown_write(); step && *step != Want::nothing;
       step = peer().shutdown_write()) {
    pollfd entry{peer().fd(), poll_events_for(*step), 0};
    ::poll(&entry, 1, 100);
  }
  auto answer = test::peer_read(peer());
  if (!answer.eof) (void)program_stdin.close();  // unblock the program, then fail
  program.join();
  EXPECT_EQ(answer.data, "got request");
  EXPECT_TRUE(answer.eof);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace tcpc
