// SPDX-License-Identifier: MIT
#include "tcpc/relay.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "tcpc/listener.hpp"
#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace std::string_view_literals;
using test::Pipe;
using test::PipeReader;
using test::PipeWriter;

Listener listen_loopback() {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  if (!listener) throw listener.error();
  return std::move(*listener);
}

Socket connect_to(const Endpoint& endpoint) {
  auto socket = connect(endpoint);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

// relay() in its own thread, so the test thread can play the peer. If the
// relay does not finish in time, its socket is shut down to unblock it and
// the test fails instead of hanging.
class RelayThread {
 public:
  RelayThread(Socket& socket, RelayOptions options) : socket_(socket) {
    std::promise<Result<RelayTotals>> promise;
    done_ = promise.get_future();
    thread_ = std::thread([this, options, promise = std::move(promise)]() mutable {
      promise.set_value(relay(socket_, options));
    });
  }
  ~RelayThread() { unblock_and_join(); }

  Result<RelayTotals> finish(std::chrono::milliseconds patience = test::kPatience) {
    if (done_.wait_for(patience) != std::future_status::ready) {
      ADD_FAILURE() << "relay() still running after " << patience.count() << " ms";
      unblock_and_join();
      return Error(std::make_error_code(std::errc::timed_out), "relay did not finish");
    }
    thread_.join();
    return done_.get();
  }

 private:
  void unblock_and_join() {
    if (!thread_.joinable()) return;
    ::shutdown(socket_.fd(), SHUT_RDWR);
    thread_.join();
  }

  Socket& socket_;
  std::future<Result<RelayTotals>> done_;
  std::thread thread_;
};

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

TEST(RelayEcho, FourMebibytesThroughPipes) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to(server.local());

  const std::string payload = test::random_bytes(4 << 20, 42);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));

  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());  // the reader sees EOF now
  ASSERT_TRUE(in.read.close().ok());
  EXPECT_TRUE(writer.join());
  const std::string echoed = reader.join();

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, payload.size());
  EXPECT_EQ(totals->bytes_received, payload.size());
  EXPECT_FALSE(totals->timed_out);
  EXPECT_FALSE(totals->output_closed);
  ASSERT_EQ(echoed.size(), payload.size());
  EXPECT_TRUE(echoed == payload) << "echoed bytes differ from the input";
  // The socket is handed back in blocking mode.
  EXPECT_FALSE(::fcntl(socket.fd(), F_GETFL) & O_NONBLOCK);
}

TEST(RelayEcho, TinyBuffersStillCarryEverything) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to(server.local());

  const std::string payload = test::random_bytes(300'000, 7);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));

  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.buffer_size = 1000;  // many partial reads and writes, constant backpressure
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(in.read.close().ok());
  EXPECT_TRUE(writer.join());
  const std::string echoed = reader.join();

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, payload.size());
  EXPECT_EQ(totals->bytes_received, payload.size());
  EXPECT_TRUE(echoed == payload) << "got " << echoed.size() << " of " << payload.size();
}

TEST(RelayInput, NoneWhilePeerSendsAndCloses) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  const std::string greeting = "hello\0from the peer\n"s;
  ASSERT_TRUE(peer->send_all(greeting).ok());
  ASSERT_TRUE(peer->close().ok());

  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = out.write.get();
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 0u);
  EXPECT_EQ(totals->bytes_received, greeting.size());
  EXPECT_EQ(reader.join(), greeting);
}

TEST(RelayHalfClose, PeerSeesEndOfStreamAndCanStillAnswer) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "ping");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.half_close = true;
  RelayThread relaying(socket, options);

  auto request = test::read_until_eof(*peer);
  EXPECT_TRUE(request.eof) << "the relay did not shut down its sending side";
  EXPECT_EQ(request.data, "ping");
  ASSERT_TRUE(peer->send_all("pong").ok());
  ASSERT_TRUE(peer->close().ok());

  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 4u);
  EXPECT_EQ(totals->bytes_received, 4u);
  EXPECT_EQ(reader.join(), "pong");
}

TEST(RelayHalfClose, DisabledKeepsTheConnectionOpen) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "ping");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.half_close = false;
  RelayThread relaying(socket, options);

  // All of the input arrives, then no end of stream (a bounded check).
  auto request = test::read_exactly(*peer, 4);
  EXPECT_EQ(request.data, "ping");
  ASSERT_TRUE(writer.join());  // input has ended on the relay's side
  auto more = test::read_until_eof(*peer, 300ms);
  EXPECT_FALSE(more.eof) << "half_close=false must not shut down the sending side";
  EXPECT_EQ(more.data, "");

  ASSERT_TRUE(peer->close().ok());
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(reader.join(), "");
}

TEST(RelayStop, WhenPeerClosesEvenWithInputOpen) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();
  ASSERT_TRUE(peer->send_all("bye").ok());
  ASSERT_TRUE(peer->close().ok());

  Pipe in = Pipe::make();  // write end stays open: input never ends
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.stop_when_peer_closes = true;
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 3u);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(reader.join(), "bye");
}

TEST(RelayTimeout, IdleTimeoutEndsASilentRelay) {
  Listener listener = listen_loopback();  // accepts nothing, says nothing
  Socket socket = connect_to(listener.local());

  Pipe in = Pipe::make();  // write end stays open and silent
  Pipe out = Pipe::make();
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.idle_timeout = 200ms;
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->timed_out);
  EXPECT_FALSE(totals->output_closed);
  EXPECT_EQ(totals->bytes_sent, 0u);
  EXPECT_EQ(totals->bytes_received, 0u);
}

TEST(RelayTransform, AppliedToBothDirections) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

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
  RelayThread relaying(socket, options);

  auto request = test::read_until_eof(*peer);
  EXPECT_TRUE(request.eof);
  EXPECT_EQ(request.data, "HELLO, RELAY!");  // outgoing, flushed at input EOF
  ASSERT_TRUE(peer->send_all("world").ok());
  ASSERT_TRUE(peer->close().ok());

  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(reader.join(), "WORLD?");     // incoming, flushed at the peer's EOF
  EXPECT_EQ(totals->bytes_sent, 13u);     // after `outgoing`
  EXPECT_EQ(totals->bytes_received, 5u);  // before `incoming`
  EXPECT_EQ(outgoing.finished, 1);
  EXPECT_EQ(incoming.finished, 1);
}

TEST(RelayTransform, ErrorEndsTheRelay) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to(server.local());

  Rejecting rejecting;
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "abc");
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.outgoing = &rejecting;
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_FALSE(totals.ok());
  EXPECT_EQ(totals.error().code(), errc::unencodable);
  EXPECT_EQ(totals.error().message(), "encode: rejected by test");
}

TEST(RelayPayload, SentBeforeInput) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), "input");
  RelayOptions options;
  options.payload = "payload\0,"sv;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  RelayThread relaying(socket, options);

  auto request = test::read_until_eof(*peer);
  EXPECT_TRUE(request.eof);
  EXPECT_EQ(request.data, "payload\0,input"s);
  ASSERT_TRUE(peer->close().ok());
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 14u);
}

TEST(RelayPayload, AloneThenHalfClose) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.payload = "GET / HTTP/1.0\r\n\r\n";
  options.input_fd = -1;
  options.output_fd = out.write.get();
  RelayThread relaying(socket, options);

  auto request = test::read_until_eof(*peer);
  EXPECT_TRUE(request.eof) << "no end of stream after the payload";
  EXPECT_EQ(request.data, "GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(peer->send_all("HTTP/1.0 200 OK\r\n\r\n").ok());
  ASSERT_TRUE(peer->close().ok());
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(reader.join(), "HTTP/1.0 200 OK\r\n\r\n");
}

TEST(RelayLimit, StopsAfterReceiveLimit) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();
  ASSERT_TRUE(peer->send_all("0123456789").ok());  // and stays connected

  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = out.write.get();
  options.receive_limit = 4;
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 4u);
  EXPECT_EQ(reader.join(), "0123");
}

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

TEST(RelayObserverHook, SeesBytesOnTheWire) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  Recorder recorder;
  UpperCase outgoing;
  UpperCase incoming;
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), "hello");
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.outgoing = &outgoing;
  options.incoming = &incoming;
  options.observer = &recorder;
  RelayThread relaying(socket, options);

  EXPECT_EQ(test::read_until_eof(*peer).data, "HELLO");
  ASSERT_TRUE(peer->send_all("world").ok());
  ASSERT_TRUE(peer->close().ok());
  auto totals = relaying.finish();
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(reader.join(), "WORLD");
  EXPECT_EQ(recorder.sent, "HELLO");      // after the outgoing transform
  EXPECT_EQ(recorder.received, "world");  // before the incoming transform
}

TEST(RelayObserverHook, TicksDoNotResetTheIdleTimeout) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());

  Recorder recorder;
  Pipe in = Pipe::make();  // kept open and silent
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  options.observer = &recorder;
  options.tick_interval = 20ms;
  options.idle_timeout = 200ms;
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->timed_out);
  EXPECT_GE(recorder.ticks, 1);
}

// Restores SIGPIPE's previous disposition when the test ends.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() : previous_(::signal(SIGPIPE, SIG_IGN)) {}
  ~IgnoreSigpipe() { ::signal(SIGPIPE, previous_); }

 private:
  sighandler_t previous_;
};

TEST(RelayOutput, ReaderGoneEndsWithOutputClosed) {
  // Writing to a pipe nobody reads raises SIGPIPE, which kills the process
  // by default. The library does not touch signal dispositions (that is a
  // process-wide decision): the CLI ignores SIGPIPE, and so does this test,
  // so the relay sees EPIPE and reports output_closed.
  IgnoreSigpipe ignore;

  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to(server.local());

  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  ASSERT_TRUE(out.read.close().ok());  // the reader is gone before anything arrives
  PipeWriter writer(std::move(in.write), "echo me");
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->output_closed);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(totals->bytes_sent, 7u);
}

TEST(RelayOutput, ReaderGoneDuringALargeTransfer) {
  // As above, but the echo keeps coming after the output is gone: the relay
  // must neither crash nor stall with the peer blocked on a full socket.
  IgnoreSigpipe ignore;

  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to(server.local());

  const std::string payload = test::random_bytes(32 << 20, 9);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  ASSERT_TRUE(out.read.close().ok());
  PipeWriter writer(std::move(in.write), payload);
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(in.read.close().ok());
  writer.join();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->output_closed);
}

TEST(RelayOutput, NoneDropsWhatArrives) {
  // output_fd = -1: incoming bytes are read and dropped. An echo peer must
  // not stall the upload by filling the socket we never empty.
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to(server.local());

  const std::string payload = test::random_bytes(32 << 20, 10);
  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  RelayThread relaying(socket, options);
  auto totals = relaying.finish();
  ASSERT_TRUE(in.read.close().ok());
  EXPECT_TRUE(writer.join());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, payload.size());
  EXPECT_FALSE(totals->output_closed);
}

TEST(RelayErrors, PeerResetNamesThePeer) {
  Listener listener = listen_loopback();
  Socket socket = connect_to(listener.local());
  auto peer = listener.accept();
  ASSERT_TRUE(peer.ok()) << peer.error().message();

  Pipe in = Pipe::make();  // kept open: only the reset can end the relay
  Pipe out = Pipe::make();
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  RelayThread relaying(socket, options);

  ASSERT_TRUE(test::set_linger_zero(peer->fd()));
  ASSERT_TRUE(peer->close().ok());  // RST, not FIN

  auto totals = relaying.finish();
  ASSERT_FALSE(totals.ok()) << "relay ended normally after a reset";
  const std::string& message = totals.error().message();
  const std::string peer_name = listener.local().to_string();
  EXPECT_TRUE(message.rfind("recv from " + peer_name + ": ", 0) == 0 ||
              message.rfind("send to " + peer_name + ": ", 0) == 0)
      << message;
  const std::error_code code = totals.error().code();
  EXPECT_TRUE(code == std::errc::connection_reset || code == std::errc::broken_pipe) << message;
}

}  // namespace
}  // namespace tcpc
