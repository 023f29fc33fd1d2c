// SPDX-License-Identifier: MIT
// The echo server's zero-copy path: a bulk client is echoed by splice()
// (socket -> pipe -> socket), byte-exact; small exchanges stay on the copy
// path; a client that resets mid-echo is dropped without harming the server.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <thread>

#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

#ifdef __linux__
constexpr bool kSpliceExpected = true;
#else
constexpr bool kSpliceExpected = false;
#endif

ServerOptions serve_once() {
  ServerOptions options;
  options.once = true;
  return options;
}

Socket connect_to(const Endpoint& endpoint) {
  auto socket = connect(endpoint);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

TEST(ServerSplice, BulkClientIsEchoedWithoutACopy) {
  test::ServerThread server(serve_once());
  ASSERT_EQ(server.error(), "");
  Socket client = connect_to(server.local());

  const std::string payload = test::random_bytes(16 << 20, 71);
  std::thread sender([&] {
    ASSERT_TRUE(client.send_all(payload).ok());
    ASSERT_TRUE(client.shutdown_write().ok());
  });
  auto echoed = test::read_until_eof(client);
  sender.join();
  EXPECT_TRUE(echoed.eof);
  ASSERT_EQ(echoed.data.size(), payload.size());
  EXPECT_TRUE(echoed.data == payload) << "echoed bytes differ";

  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "the server did not end after its one client";
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->bytes_received, payload.size());
  EXPECT_EQ((*totals)->bytes_sent, payload.size());
  if (kSpliceExpected) {
    EXPECT_GT((*totals)->bytes_spliced, 0u);
  } else {
    EXPECT_EQ((*totals)->bytes_spliced, 0u);
  }
}

TEST(ServerSplice, SmallExchangesAreCopied) {
  test::ServerThread server(serve_once());
  ASSERT_EQ(server.error(), "");
  Socket client = connect_to(server.local());
  for (int i = 0; i < 50; ++i) {
    const std::string message = "message " + std::to_string(i);
    ASSERT_TRUE(client.send_all(message).ok());
    EXPECT_EQ(test::read_exactly(client, message.size()).data, message);
  }
  ASSERT_TRUE(client.close().ok());
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value());
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->bytes_spliced, 0u);
}

TEST(ServerSplice, ResetDuringABulkEchoDropsOnlyThatClient) {
  ASSERT_EQ(::signal(SIGPIPE, SIG_DFL), SIG_DFL);  // a stray SIGPIPE would kill the test
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  {
    Socket greedy = connect_to(server.local());
    // Sends much more than the echo can hold back while never reading,
    // so the server is mid-echo, then resets.
    ASSERT_TRUE(greedy.set_nonblocking(true).ok());
    const std::string block(1 << 20, 'g');
    std::size_t sent = 0;
    for (int i = 0; i < 64; ++i) {
      auto n = greedy.send_some(block);
      ASSERT_TRUE(n.ok()) << n.error().message();
      sent += *n;
      if (*n == 0) break;  // both directions' buffers are full
    }
    EXPECT_GT(sent, 0u);
    ASSERT_TRUE(test::set_linger_zero(greedy.fd()));
  }  // closed: RST
  Socket next = connect_to(server.local());
  ASSERT_TRUE(next.send_all("still there?").ok());
  EXPECT_EQ(test::read_exactly(next, 12).data, "still there?");
}

}  // namespace
}  // namespace tcpc
