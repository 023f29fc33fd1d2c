// SPDX-License-Identifier: MIT
// The relay's zero-copy path: splice() when a local end is a pipe, sendfile()
// from a regular file, write() to one, transforms and observers, and no SIGPIPE death
// when the peer or the output goes away mid-splice.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using test::Pipe;
using test::PipeReader;
using test::PipeWriter;

#ifdef __linux__
constexpr bool kSpliceExpected = true;
#else
constexpr bool kSpliceExpected = false;
#endif

// The relay runs in the test thread; the idle timeout turns a stalled relay
// into a failed test instead of a hung one.
RelayOptions options_for(int input_fd, int output_fd) {
  RelayOptions options;
  options.input_fd = input_fd;
  options.output_fd = output_fd;
  options.idle_timeout = test::kPatience;
  return options;
}

Socket connect_to_echo(const test::ServerThread& server) {
  auto socket = connect(server.local());
  if (!socket) throw socket.error();
  return std::move(*socket);
}

// A regular file holding `content`, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(std::string_view content) {
    char path[] = "/tmp/tcpc-splice-XXXXXX";
    fd_ = Fd(::mkstemp(path));
    if (!fd_) throw system_error(errno, "mkstemp");
    path_ = path;
    if (!test::write_all(fd_.get(), content)) throw system_error(errno, "write");
    ::lseek(fd_.get(), 0, SEEK_SET);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  int fd() const { return fd_.get(); }
  std::string read_back() const {
    ::lseek(fd_.get(), 0, SEEK_SET);
    return test::read_all(fd_.get());
  }

 private:
  Fd fd_;
  std::string path_;
};

// A connected pair on 127.0.0.1: we play the peer on the accepted side.
Result<test::SocketPair> loopback_pair() {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  if (!listener) return listener.error();
  return test::connected_pair(*listener);
}

// The process's live threads, from /proc/self/status (Linux); -1 if unknown.
int thread_count() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  }
  return -1;
}

bool sigpipe_pending() {
  sigset_t pending;
  sigemptyset(&pending);
  ::sigpending(&pending);
  return sigismember(&pending, SIGPIPE) == 1;
}

TEST(RelaySplice, PipesBothWaysMoveEverythingWithoutACopy) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(8 << 20, 61);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));
  auto totals = relay(socket, options_for(in.read.get(), out.write.get()));
  ASSERT_TRUE(out.write.close().ok());
  EXPECT_TRUE(writer.join());
  const std::string echoed = reader.join();

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(totals->bytes_sent, payload.size());
  EXPECT_EQ(totals->bytes_received, payload.size());
  EXPECT_EQ(totals->bytes_spliced, kSpliceExpected ? 2 * payload.size() : 0);
  ASSERT_EQ(echoed.size(), payload.size());
  EXPECT_TRUE(echoed == payload) << "echoed bytes differ from the input";
}

TEST(RelaySplice, RegularFileInputIsSentWithSendfileAndOutputPipeSpliced) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(3 << 20, 62);
  TempFile input(payload);
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  auto totals = relay(socket, options_for(input.fd(), out.write.get()));
  ASSERT_TRUE(out.write.close().ok());
  const std::string echoed = reader.join();

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, payload.size());
  EXPECT_EQ(totals->bytes_received, payload.size());
  // sendfile() from the file, splice() into the output pipe.
  EXPECT_EQ(totals->bytes_spliced, kSpliceExpected ? 2 * payload.size() : 0);
  EXPECT_TRUE(echoed == payload) << "got " << echoed.size() << " of " << payload.size();
}

// `tcpc HOST PORT < file` after something already read part of the shared
// descriptor (a shell's `read`, `(head -c 10; tcpc ...) < file`): the relay
// starts at the file's offset, as read() would, not at its beginning.
TEST(RelaySplice, RegularFileInputStartsAtTheFilesOffset) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(1 << 20, 64);
  TempFile input(payload);
  ASSERT_EQ(::lseek(input.fd(), 1000, SEEK_SET), 1000);
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  auto totals = relay(socket, options_for(input.fd(), out.write.get()));
  ASSERT_TRUE(out.write.close().ok());
  const std::string echoed = reader.join();

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, payload.size() - 1000);
  EXPECT_TRUE(echoed == payload.substr(1000)) << "got " << echoed.size() << " bytes";
  EXPECT_EQ(::lseek(input.fd(), 0, SEEK_CUR), static_cast<off_t>(payload.size()));
}

TEST(RelaySplice, RegularFileOutputIsWrittenInputPipeStillSpliced) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(3 << 20, 63);
  TempFile output("");
  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  auto totals = relay(socket, options_for(in.read.get(), output.fd()));
  EXPECT_TRUE(writer.join());

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, payload.size());
  EXPECT_EQ(totals->bytes_spliced, kSpliceExpected ? payload.size() : 0);
  EXPECT_TRUE(output.read_back() == payload);
}

TEST(RelaySplice, ZeroCopyOffUsesReadAndWriteEvenWithTinyBuffers) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(300'000, 64);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));
  RelayOptions options = options_for(in.read.get(), out.write.get());
  options.zero_copy = false;
  options.buffer_size = 1000;  // many partial reads and writes, constant backpressure
  auto totals = relay(socket, options);
  ASSERT_TRUE(out.write.close().ok());
  EXPECT_TRUE(writer.join());

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_spliced, 0u);
  EXPECT_EQ(totals->bytes_received, payload.size());
  EXPECT_TRUE(reader.join() == payload);
}

// Counts what it sees: an observer needs the bytes in memory, so no splice.
class Counter final : public RelayObserver {
 public:
  void on_received(std::string_view bytes) override { received += bytes.size(); }
  void on_sent(std::string_view bytes) override { sent += bytes.size(); }
  std::size_t received = 0;
  std::size_t sent = 0;
};

TEST(RelaySplice, AnObserverSeesEveryByte) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(1 << 20, 65);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));
  Counter counter;
  RelayOptions options = options_for(in.read.get(), out.write.get());
  options.observer = &counter;
  auto totals = relay(socket, options);
  ASSERT_TRUE(out.write.close().ok());
  EXPECT_TRUE(writer.join());

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_spliced, 0u);
  EXPECT_EQ(counter.sent, payload.size());
  EXPECT_EQ(counter.received, payload.size());
  EXPECT_TRUE(reader.join() == payload);
}

TEST(RelaySplice, SendingIntoAResetConnectionFailsWithoutSigpipe) {
  // SIGPIPE keeps its default action here (kill the process): the relay must
  // neither die nor leave a SIGPIPE pending when splice() hits a dead peer.
  ASSERT_EQ(::signal(SIGPIPE, SIG_DFL), SIG_DFL);
  auto pair = loopback_pair();
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  ASSERT_TRUE(test::set_linger_zero(pair->server.fd()));
  ASSERT_TRUE(pair->server.close().ok());  // RST
  // The first send reports the reset; after it, the socket answers EPIPE,
  // which is what raises SIGPIPE.
  ASSERT_TRUE(test::read_until_eof(pair->client).error.has_value());
  ASSERT_FALSE(pair->client.send_some("x").ok());

  Pipe in = Pipe::make();
  ASSERT_TRUE(test::write_all(in.write.get(), std::string(4096, 'a')));
  ASSERT_TRUE(in.write.close().ok());
  RelayOptions options = options_for(in.read.get(), -1);
  auto totals = relay(pair->client, options);
  ASSERT_FALSE(totals.ok()) << "relay into a reset connection succeeded";
  EXPECT_EQ(totals.error().message().rfind("send to 127.0.0.1:", 0), 0u)
      << totals.error().message();
  EXPECT_FALSE(sigpipe_pending());
}

// Bulk input goes through the relay's pump thread (pipe_pump.hpp) after its
// first MiB; these two end the relay while the pump is busy, and the second
// checks that the pump was there.
constexpr std::size_t kPastThePump = 4 << 20;

TEST(RelaySplice, BulkInputIntoAPeerThatResetsFailsWithoutSigpipe) {
  ASSERT_EQ(::signal(SIGPIPE, SIG_DFL), SIG_DFL);
  auto pair = loopback_pair();
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  std::thread peer([&server = pair->server] {
    (void)test::read_exactly(server, kPastThePump);
    (void)test::set_linger_zero(server.fd());
    (void)server.close();  // RST, with the relay still sending
  });
  Pipe in = Pipe::make();
  PipeWriter writer(std::move(in.write), test::random_bytes(4 * kPastThePump, 67));
  auto totals = relay(pair->client, options_for(in.read.get(), -1));
  peer.join();
  ASSERT_TRUE(in.read.close().ok());
  EXPECT_FALSE(writer.join());

  ASSERT_FALSE(totals.ok()) << "relay into a reset connection succeeded";
  // The reset is seen by a send or by the read of the peer's side.
  EXPECT_NE(totals.error().message().find(" 127.0.0.1:"), std::string::npos)
      << totals.error().message();
  EXPECT_FALSE(sigpipe_pending());
}

TEST(RelaySplice, PeerEndingStopsTheRelayWhileBulkInputFlows) {
  auto pair = loopback_pair();
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  std::atomic<int> threads_mid_transfer{-1};
  std::thread peer([&server = pair->server, &threads_mid_transfer] {
    (void)test::read_exactly(server, kPastThePump);
    threads_mid_transfer = thread_count();
    (void)server.shutdown_write();       // the peer's stream ends...
    (void)test::read_until_eof(server);  // ...while it still takes what comes
  });
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  // More than the socket buffers and both pipes hold once the peer has read
  // kPastThePump, so the writer is still writing then.
  const std::size_t input_size = 8 * kPastThePump;
  PipeWriter writer(std::move(in.write), std::string(input_size, 'b'));
  PipeReader reader(std::move(out.read));
  RelayOptions options = options_for(in.read.get(), out.write.get());
  options.stop_when_peer_closes = true;
  const int threads_before = thread_count();  // this one, the peer, writer and reader
  auto totals = relay(pair->client, options);
  ASSERT_TRUE(out.write.close().ok());
  EXPECT_EQ(reader.join(), "");
  ASSERT_TRUE(pair->client.close().ok());
  peer.join();
  ASSERT_TRUE(in.read.close().ok());
  EXPECT_FALSE(writer.join());

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_GE(totals->bytes_sent, kPastThePump);
  EXPECT_LT(totals->bytes_sent, input_size);
  EXPECT_FALSE(totals->timed_out);
  // Past its first MiB the relay was pumping the input on a thread of its own.
  if (kSpliceExpected) EXPECT_EQ(threads_mid_transfer.load(), threads_before + 1);
}

TEST(RelaySplice, OutputReaderGoneEndsWithoutSigpipe) {
  ASSERT_EQ(::signal(SIGPIPE, SIG_DFL), SIG_DFL);
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  Socket socket = connect_to_echo(server);

  const std::string payload = test::random_bytes(4 << 20, 66);
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  ASSERT_TRUE(out.read.close().ok());  // nobody will read the output
  PipeWriter writer(std::move(in.write), payload);
  auto totals = relay(socket, options_for(in.read.get(), out.write.get()));
  ASSERT_TRUE(in.read.close().ok());
  writer.join();

  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->output_closed);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_FALSE(sigpipe_pending());
}

}  // namespace
}  // namespace tcpc
