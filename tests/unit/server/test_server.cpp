// SPDX-License-Identifier: MIT
#include "tcpc/server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tcpc/listener.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::ServerThread;

// What one echo client saw.
struct EchoOutcome {
  std::string received;
  bool eof = false;
  std::string error;  // empty when every call succeeded
};

// Connects, sends `data` from a second thread (then half-closes) while
// reading the echo until the server closes. Sending and receiving at once is
// required: the echo comes back while we are still sending.
EchoOutcome echo_client(const Endpoint& server, const std::string& data) {
  EchoOutcome outcome;
  auto socket = connect(server);
  if (!socket) {
    outcome.error = socket.error().message();
    return outcome;
  }
  std::string send_error;
  std::thread sender([&] {
    if (auto sent = socket->send_all(data); !sent) send_error = sent.error().message();
    if (auto shut = socket->shutdown_write(); !shut) send_error = shut.error().message();
  });
  auto received = test::read_until_eof(*socket);
  sender.join();
  outcome.received = std::move(received.data);
  outcome.eof = received.eof;
  if (received.error) outcome.error = received.error->message();
  if (!send_error.empty()) outcome.error = send_error;
  return outcome;
}

void expect_echoed(const EchoOutcome& outcome, const std::string& sent, const std::string& who) {
  EXPECT_EQ(outcome.error, "") << who;
  EXPECT_TRUE(outcome.eof) << who << ": the server did not close after the echo";
  EXPECT_EQ(outcome.received.size(), sent.size()) << who;
  EXPECT_TRUE(outcome.received == sent) << who << ": echoed bytes differ";
}

// Thread-safe collection of the server's log lines.
class LogLines {
 public:
  std::function<void(std::string_view)> sink() {
    return [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    };
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  bool contains(std::string_view needle) const {
    std::lock_guard lock(mutex_);
    for (const std::string& line : lines_) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

TEST(ServerEcho, TwentyConcurrentClients) {
  ServerThread server;
  ASSERT_EQ(server.error(), "");
  EXPECT_EQ(server.local().host(), "127.0.0.1");
  EXPECT_NE(server.local().port(), 0);

  constexpr int kClients = 20;
  constexpr std::size_t kSize = 256 * 1024;
  std::vector<std::string> payloads;
  for (int i = 0; i < kClients; ++i)
    payloads.push_back(test::random_bytes(kSize, 100 + i));
  std::vector<EchoOutcome> outcomes(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] { outcomes[i] = echo_client(server.local(), payloads[i]); });
  }
  for (std::thread& client : clients)
    client.join();
  for (int i = 0; i < kClients; ++i) {
    expect_echoed(outcomes[i], payloads[i], "client " + std::to_string(i));
  }

  server.stop();
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after stop()";
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, static_cast<std::uint64_t>(kClients));
  EXPECT_EQ((*totals)->bytes_received, kClients * kSize);
  EXPECT_EQ((*totals)->bytes_sent, kClients * kSize);
}

TEST(ServerEcho, AbruptDisconnectDoesNotDisturbOthers) {
  LogLines log;
  ServerOptions options;
  options.log = log.sink();
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");

  constexpr int kClients = 4;
  constexpr std::size_t kSize = 256 * 1024;
  std::vector<std::string> payloads;
  for (int i = 0; i < kClients; ++i)
    payloads.push_back(test::random_bytes(kSize, 200 + i));
  std::vector<EchoOutcome> outcomes(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] { outcomes[i] = echo_client(server.local(), payloads[i]); });
  }

  // Meanwhile one client sends half a message and resets the connection.
  std::string rude_name;
  {
    auto rude = connect(server.local());
    ASSERT_TRUE(rude.ok()) << rude.error().message();
    rude_name = rude->local_endpoint().value().to_string();
    const std::string half = test::random_bytes(kSize / 2, 300);
    ASSERT_TRUE(rude->send_all(half).ok());
    ASSERT_TRUE(test::set_linger_zero(rude->fd()));
    ASSERT_TRUE(rude->close().ok());
  }

  for (std::thread& client : clients)
    client.join();
  for (int i = 0; i < kClients; ++i) {
    expect_echoed(outcomes[i], payloads[i], "client " + std::to_string(i));
  }

  // The server still serves newcomers, and it noticed the reset client leave.
  const std::string late = "still there?\0"s;
  expect_echoed(echo_client(server.local(), late), late, "late client");
  EXPECT_TRUE(log.contains(rude_name + " closed")) << ::testing::PrintToString(log.lines());

  server.stop();
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value());
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, static_cast<std::uint64_t>(kClients + 2));
}

TEST(ServerEcho, ClientThatNeverReadsDoesNotBlockOthers) {
  ServerThread server;
  ASSERT_EQ(server.error(), "");

  // This client sends until every buffer on the way is full and never reads.
  auto hog = connect(server.local());
  ASSERT_TRUE(hog.ok()) << hog.error().message();
  ASSERT_TRUE(hog->set_nonblocking(true).ok());
  const std::string chunk = test::random_bytes(64 * 1024, 400);
  std::size_t pushed = 0;
  for (int i = 0; i < 4096; ++i) {
    auto sent = hog->send_some(chunk);
    ASSERT_TRUE(sent.ok()) << sent.error().message();
    if (*sent == 0) break;
    pushed += *sent;
  }
  EXPECT_GT(pushed, 0u);

  const std::string payload = test::random_bytes(256 * 1024, 401);
  expect_echoed(echo_client(server.local(), payload), payload, "second client");

  ASSERT_TRUE(test::set_linger_zero(hog->fd()));
}

TEST(ServerOptions, OnceReturnsAfterTheFirstClientLeaves) {
  ServerOptions options;
  options.once = true;
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");

  const std::string data = "only once";
  expect_echoed(echo_client(server.local(), data), data, "client");

  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() kept going after the only client left";
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, 1u);
  EXPECT_EQ((*totals)->bytes_received, data.size());
  EXPECT_EQ((*totals)->bytes_sent, data.size());
}

TEST(ServerOptions, WithoutOnceRunKeepsServing) {
  ServerThread server;
  ASSERT_EQ(server.error(), "");
  expect_echoed(echo_client(server.local(), "one"), "one", "first client");
  EXPECT_FALSE(server.finish(50ms).has_value()) << "run() returned without stop() or once";
  expect_echoed(echo_client(server.local(), "two"), "two", "second client");
}

TEST(ServerOptions, MaxClientsMakesTheNextClientWait) {
  ServerOptions options;
  options.max_clients = 1;
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");

  // The first client is being served (its echo arrives) and stays connected.
  auto first = connect(server.local());
  ASSERT_TRUE(first.ok()) << first.error().message();
  ASSERT_TRUE(first->send_all("first").ok());
  EXPECT_EQ(test::read_exactly(*first, 5).data, "first");

  // The second connects (the kernel's backlog accepts it) but is not served.
  auto second = connect(server.local());
  ASSERT_TRUE(second.ok()) << second.error().message();
  ASSERT_TRUE(second->send_all("second").ok());
  auto early = second->wait_readable(300ms);
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(*early) << "the second client was served while the first was connected";

  // Once the first leaves, the second's data comes back.
  ASSERT_TRUE(first->shutdown_write().ok());
  EXPECT_TRUE(test::read_until_eof(*first).eof);
  ASSERT_TRUE(first->close().ok());
  EXPECT_EQ(test::read_exactly(*second, 6).data, "second");
  ASSERT_TRUE(second->shutdown_write().ok());
  EXPECT_TRUE(test::read_until_eof(*second).eof);

  server.stop();
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value());
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, 2u);
}

TEST(ServerOptions, BusyMessageTurnsTheClientBeyondMaxClientsAway) {
  LogLines log;
  ServerOptions options;
  options.max_clients = 1;
  options.busy_message = "busy\r\n";
  options.log = log.sink();
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");

  auto first = connect(server.local());
  ASSERT_TRUE(first.ok()) << first.error().message();
  ASSERT_TRUE(first->send_all("first").ok());
  EXPECT_EQ(test::read_exactly(*first, 5).data, "first");

  // Told and closed at once, not held in the backlog.
  auto second = connect(server.local());
  ASSERT_TRUE(second.ok()) << second.error().message();
  const std::string second_name = second->local_endpoint().value().to_string();
  auto told = test::read_until_eof(*second);
  EXPECT_EQ(told.data, "busy\r\n");
  EXPECT_TRUE(told.eof);
  EXPECT_TRUE(log.contains("connection from " + second_name + " turned away: 1 client connected"))
      << ::testing::PrintToString(log.lines());

  // The first is still served; once it leaves, the next one is too.
  ASSERT_TRUE(first->send_all("again").ok());
  EXPECT_EQ(test::read_exactly(*first, 5).data, "again");
  ASSERT_TRUE(first->shutdown_write().ok());
  EXPECT_TRUE(test::read_until_eof(*first).eof);
  ASSERT_TRUE(first->close().ok());
  server.stop();
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value());
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, 1u) << "a client turned away is not counted as served";
}

TEST(ServerLog, ReportsConnectionsAndCloses) {
  LogLines log;
  ServerOptions options;
  options.log = log.sink();
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");

  auto client = connect(server.local());
  ASSERT_TRUE(client.ok()) << client.error().message();
  const std::string me = client->local_endpoint().value().to_string();
  ASSERT_TRUE(client->send_all("abc").ok());
  ASSERT_TRUE(client->shutdown_write().ok());
  auto echo = test::read_until_eof(*client);
  EXPECT_EQ(echo.data, "abc");
  ASSERT_TRUE(echo.eof);

  // The server logs before it closes, so both lines are there once we see EOF.
  const auto lines = log.lines();
  EXPECT_TRUE(log.contains("connection from 127.0.0.1:")) << ::testing::PrintToString(lines);
  EXPECT_TRUE(log.contains("connection from " + me)) << ::testing::PrintToString(lines);
  EXPECT_TRUE(log.contains(" closed")) << ::testing::PrintToString(lines);
  EXPECT_TRUE(log.contains(me + " closed (3 bytes in, 3 out)")) << ::testing::PrintToString(lines);
}

TEST(ServerPoller, PollFallbackRoundTrip) {
  // The poller is chosen in Server::create, so the variable is only needed
  // around it.
  ASSERT_EQ(::setenv("TCPC_POLLER", "poll", 1), 0);
  ServerThread server;
  ::unsetenv("TCPC_POLLER");
  ASSERT_EQ(server.error(), "");

  constexpr int kClients = 3;
  std::vector<std::string> payloads;
  for (int i = 0; i < kClients; ++i)
    payloads.push_back(test::random_bytes(256 * 1024, 500 + i));
  std::vector<EchoOutcome> outcomes(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] { outcomes[i] = echo_client(server.local(), payloads[i]); });
  }
  for (std::thread& client : clients)
    client.join();
  for (int i = 0; i < kClients; ++i) {
    expect_echoed(outcomes[i], payloads[i], "client " + std::to_string(i));
  }

  server.stop();
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after stop()";
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, static_cast<std::uint64_t>(kClients));
}

TEST(ServerStop, FromAnotherThreadEndsRunAndClosesClients) {
  int closed = 0;  // written by the server's thread, read after it has ended
  ServerOptions options;
  options.on_client_closed = [&closed](const Socket&, const ClientSummary&) { ++closed; };
  ServerThread server(std::move(options));
  ASSERT_EQ(server.error(), "");

  // A client that is connected and being served when stop() comes.
  auto client = connect(server.local());
  ASSERT_TRUE(client.ok()) << client.error().message();
  ASSERT_TRUE(client->send_all("x").ok());
  EXPECT_EQ(test::read_exactly(*client, 1).data, "x");

  server.stop();  // this test's thread is not the one in run()
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after stop()";
  ASSERT_TRUE(totals->ok()) << totals->error().message();
  EXPECT_EQ((*totals)->clients, 1u);
  EXPECT_EQ((*totals)->bytes_sent, 1u);
  EXPECT_EQ(closed, 1);
  // The Server still exists, but its client has had an orderly end of
  // stream: stop() does not leave connections open behind it.
  const auto rest = test::read_until_eof(*client);
  EXPECT_TRUE(rest.eof);
  EXPECT_FALSE(rest.error.has_value());
}

TEST(ServerStop, BeforeRunMakesRunReturnAtOnce) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok()) << listener.error().message();
  auto server = Server::create(std::move(*listener));
  ASSERT_TRUE(server.ok()) << server.error().message();
  server->stop();
  auto totals = server->run();
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->clients, 0u);
}

}  // namespace
}  // namespace tcpc
