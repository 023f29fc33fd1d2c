// SPDX-License-Identifier: MIT
// RelayOptions::cancel_fd and ServerOptions::cancel_fd: a readable
// descriptor (the CLI's Ctrl-C / SIGTERM pipe) stops the loop cleanly.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include "tcpc/relay.hpp"
#include "tcpc/server.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using test::Pipe;

void cancel_now(const Pipe& cancel) {
  ASSERT_TRUE(test::write_all(cancel.write.get(), "x"));
}

class RelayCancel : public testing::TestWithParam<bool> {};

TEST_P(RelayCancel, StopsAWaitingRelayAndKeepsWhatArrived) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok()) << listener.error().message();
  auto pair = test::connected_pair(*listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  Pipe input = Pipe::make();  // never written nor closed: only the cancel can end the relay
  Pipe output = Pipe::make();
  Pipe cancel = Pipe::make();

  RelayOptions options;
  options.input_fd = input.read.get();
  options.output_fd = output.write.get();
  options.cancel_fd = cancel.read.get();
  options.zero_copy = GetParam();  // spliced or buffered incoming direction
  auto done = std::async(std::launch::async, [&] { return relay(pair->client, options); });

  ASSERT_TRUE(pair->server.send_all("hello").ok());
  EXPECT_EQ(test::read_pipe(output.read.get(), 5), "hello");
  cancel_now(cancel);
  if (done.wait_for(test::kPatience) != std::future_status::ready) {
    ADD_FAILURE() << "relay() still running after the cancel";
    ::shutdown(pair->client.fd(), SHUT_RDWR);  // unblock it, so the test ends
    input.write.close().ok();
  }
  auto totals = done.get();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_TRUE(totals->cancelled);
  EXPECT_FALSE(totals->timed_out);
  EXPECT_EQ(totals->bytes_received, 5u);
  EXPECT_EQ(totals->bytes_sent, 0u);
}

INSTANTIATE_TEST_SUITE_P(ZeroCopy, RelayCancel, testing::Bool());

TEST(RelayWithoutCancel, RunsAsBefore) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok()) << listener.error().message();
  auto pair = test::connected_pair(*listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  ASSERT_TRUE(pair->server.send_all("bye").ok());
  ASSERT_TRUE(pair->server.shutdown_write().ok());
  Pipe output = Pipe::make();  // 3 bytes fit in the pipe: no reader thread needed
  RelayOptions options;
  options.input_fd = -1;
  options.output_fd = output.write.get();
  auto totals = relay(pair->client, options);
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_FALSE(totals->cancelled);
  EXPECT_EQ(totals->bytes_received, 3u);
  EXPECT_EQ(test::read_pipe(output.read.get(), 3), "bye");
}

TEST(ServerCancel, ClosesEveryClientAndCountsIt) {
  Pipe cancel = Pipe::make();
  int closed = 0;  // written by the server's thread, read after it has ended
  ServerOptions options;
  options.cancel_fd = cancel.read.get();
  options.on_client_closed = [&closed](const Socket&, const ClientSummary& summary) {
    ++closed;
    EXPECT_EQ(summary.bytes_received, 3u);
  };
  test::ServerThread server(std::move(options));
  ASSERT_EQ(server.error(), "");

  // A client that is connected and being served when the cancel comes.
  auto client = connect(server.local());
  ASSERT_TRUE(client.ok()) << client.error().message();
  ASSERT_TRUE(client->send_all("abc").ok());
  EXPECT_EQ(test::read_exactly(*client, 3).data, "abc");

  cancel_now(cancel);
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after the cancel";
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, 1u);
  EXPECT_EQ((*totals)->bytes_received, 3u);
  EXPECT_EQ((*totals)->bytes_sent, 3u);
  EXPECT_EQ(closed, 1);
  // The client sees an orderly end of stream, not a reset.
  const auto rest = test::read_until_eof(*client);
  EXPECT_TRUE(rest.eof);
  EXPECT_FALSE(rest.error.has_value());
}

}  // namespace
}  // namespace tcpc
