// SPDX-License-Identifier: MIT
// The UDP server's modes (tcpc/udp_server.hpp), each over loopback.
#include "tcpc/udp_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "udp_test_support.hpp"

namespace tcpc {
namespace {

using test::bind_loopback;
using test::receive;

// A UdpServer running in a thread on 127.0.0.1:0.
class ServerThread {
 public:
  explicit ServerThread(UdpServerOptions options = {}) {
    auto server = UdpServer::create(bind_loopback(), std::move(options));
    if (!server) throw server.error();
    server_.emplace(std::move(*server));
    local_ = test::local_of(server_->socket());
    done_ = std::async(std::launch::async, [this] { return server_->run(); });
  }
  ~ServerThread() {
    if (done_.valid()) {
      server_->stop();
      done_.wait();
    }
  }
  const Endpoint& local() const { return local_; }
  void stop() { server_->stop(); }
  // run()'s result, or nothing if it did not return in time.
  std::optional<Result<UdpServerTotals>> finish() {
    if (done_.wait_for(test::kPatience) != std::future_status::ready) return {};
    return done_.get();
  }
  // Stops the server and returns its totals, failing the test if it does not end.
  UdpServerTotals stop_and_total() {
    stop();
    auto totals = finish();
    EXPECT_TRUE(totals.has_value()) << "run() did not return after stop()";
    if (!totals || !totals->ok()) return {};
    return **totals;
  }

 private:
  std::optional<UdpServer> server_;
  Endpoint local_;
  std::future<Result<UdpServerTotals>> done_;
};

// What on_data saw, from the server's thread; wait_for() lets the test
// step in lock with it.
class Arrivals {
 public:
  struct Seen {
    std::uint64_t sender;
    std::string peer;
    std::string bytes;
  };
  std::function<void(const SenderData&)> callback() {
    return [this](const SenderData& data) {
      std::lock_guard lock(mutex_);
      seen_.push_back({data.sender, data.peer.to_string(), std::string(data.bytes)});
      changed_.notify_all();
    };
  }
  // True once `count` datagrams were seen.
  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, test::kPatience, [&] { return seen_.size() >= count; });
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Seen> seen_;
};

UdpSocket client() {
  auto socket = UdpSocket::open(AF_INET);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

std::string port_of(const UdpSocket& socket) {
  return std::to_string(test::local_of(socket).port());
}

UdpServerOptions with_mode(ServerMode mode) {
  UdpServerOptions options;
  options.mode = mode;
  return options;
}

TEST(UdpServerTest, EchoSendsEachDatagramBackToItsSender) {
  ServerThread echo;
  UdpSocket alice = client(), bob = client();
  ASSERT_TRUE(alice.send_to("from alice", echo.local()).ok());
  ASSERT_TRUE(bob.send_to("from bob", echo.local()).ok());
  ASSERT_TRUE(alice.send_to("again", echo.local()).ok());
  EXPECT_EQ(receive(bob).data, "from bob");
  EXPECT_EQ(receive(alice).data, "from alice");
  EXPECT_EQ(receive(alice).data, "again");

  const UdpServerTotals totals = echo.stop_and_total();
  EXPECT_EQ(totals.senders, 2u);
  EXPECT_EQ(totals.datagrams_received, 3u);
  EXPECT_EQ(totals.bytes_received, 10u + 8u + 5u);
  EXPECT_EQ(totals.datagrams_sent, 3u);
  EXPECT_EQ(totals.bytes_sent, 10u + 8u + 5u);
}

TEST(UdpServerTest, ReplyAnswersEveryDatagramWithTheReply) {
  UdpServerOptions options = with_mode(ServerMode::reply);
  options.reply = "OK\r\n";
  ServerThread server(std::move(options));
  UdpSocket peer = client();
  ASSERT_TRUE(peer.send_to("first", server.local()).ok());
  ASSERT_TRUE(peer.send_to("", server.local()).ok());  // an empty datagram asks too
  EXPECT_EQ(receive(peer).data, "OK\r\n");
  EXPECT_EQ(receive(peer).data, "OK\r\n");
  const UdpServerTotals totals = server.stop_and_total();
  EXPECT_EQ(totals.datagrams_received, 2u);
  EXPECT_EQ(totals.datagrams_sent, 2u);
  EXPECT_EQ(totals.bytes_sent, 8u);
}

TEST(UdpServerTest, DiscardCountsAndSendsNothing) {
  Arrivals arrivals;
  UdpServerOptions options = with_mode(ServerMode::discard);
  options.on_data = arrivals.callback();
  ServerThread server(std::move(options));
  UdpSocket peer = client();
  ASSERT_TRUE(peer.send_to("dropped", server.local()).ok());
  ASSERT_TRUE(arrivals.wait_for(1));
  ASSERT_TRUE(peer.send_to("too", server.local()).ok());
  // The server sends an answer before it reads the next datagram: once it
  // has seen the second, an answer to the first would be on its way.
  ASSERT_TRUE(arrivals.wait_for(2));

  const UdpServerTotals totals = server.stop_and_total();
  EXPECT_EQ(totals.datagrams_received, 2u);
  EXPECT_EQ(totals.bytes_received, 10u);
  EXPECT_EQ(totals.datagrams_sent, 0u);
  auto more = peer.wait_readable(Milliseconds(0));
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more) << "the discard server sent something";
}

TEST(UdpServerTest, PrintNumbersSendersInOrderOfTheirFirstDatagram) {
  Arrivals arrivals;
  std::vector<std::string> log;
  UdpServerOptions options = with_mode(ServerMode::print);
  options.on_data = arrivals.callback();
  options.log = [&log](std::string_view line) { log.emplace_back(line); };
  ServerThread server(std::move(options));
  UdpSocket alice = client(), bob = client();
  ASSERT_TRUE(alice.send_to("a1", server.local()).ok());
  ASSERT_TRUE(arrivals.wait_for(1));
  ASSERT_TRUE(bob.send_to("b1", server.local()).ok());
  ASSERT_TRUE(arrivals.wait_for(2));
  ASSERT_TRUE(alice.send_to("a2", server.local()).ok());
  ASSERT_TRUE(arrivals.wait_for(3));

  const UdpServerTotals totals = server.stop_and_total();  // `log` is ours again
  const std::vector<Arrivals::Seen> seen = arrivals.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].sender, 1u);
  EXPECT_EQ(seen[1].sender, 2u);
  EXPECT_EQ(seen[2].sender, 1u);
  EXPECT_EQ(seen[0].peer, "127.0.0.1:" + port_of(alice));
  EXPECT_EQ(seen[1].peer, "127.0.0.1:" + port_of(bob));
  EXPECT_EQ(seen[2].bytes, "a2");
  EXPECT_EQ(totals.senders, 2u);
  EXPECT_EQ(totals.datagrams_sent, 0u);
  // Each sender is logged once, when it first sends.
  EXPECT_EQ(log, (std::vector<std::string>{"#1 first datagram from 127.0.0.1:" + port_of(alice),
                                           "#2 first datagram from 127.0.0.1:" + port_of(bob)}));
}

TEST(UdpServerTest, SourceAnswersEachDatagramWithThePatternInDatagrams) {
  UdpServerOptions options = with_mode(ServerMode::source);
  options.source_bytes = 2 * kSourceDatagram + 452;
  ServerThread server(std::move(options));
  UdpSocket peer = client();
  for (int request = 0; request < 2; ++request) {
    ASSERT_TRUE(peer.send_to("go", server.local()).ok());
    std::string received;
    std::vector<std::size_t> sizes;
    while (received.size() < 2 * kSourceDatagram + 452) {
      Datagram datagram = receive(peer);
      if (datagram.data.empty()) break;  // nothing arrived: receive() failed the test
      sizes.push_back(datagram.data.size());
      received += datagram.data;
    }
    // Every request gets the pattern from its start.
    EXPECT_EQ(received, source_pattern(0, 2 * kSourceDatagram + 452));
    EXPECT_EQ(sizes, (std::vector<std::size_t>{kSourceDatagram, kSourceDatagram, 452}));
  }
  const UdpServerTotals totals = server.stop_and_total();
  EXPECT_EQ(totals.datagrams_sent, 6u);
  EXPECT_EQ(totals.bytes_sent, 2u * (2 * kSourceDatagram + 452));
}

TEST(UdpServerTest, OnceReturnsWhenTheFirstAnswerIsSent) {
  std::vector<std::string> lines;
  UdpServerOptions options = with_mode(ServerMode::source);
  options.source_bytes = 3000;
  options.once = true;
  options.log_datagrams = true;
  options.log = [&lines](std::string_view line) { lines.emplace_back(line); };
  ServerThread server(std::move(options));
  UdpSocket peer = client();
  ASSERT_TRUE(peer.send_to("only", server.local()).ok());
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after the first answer";
  ASSERT_TRUE(totals->ok());
  EXPECT_EQ((*totals)->datagrams_received, 1u);
  EXPECT_EQ((*totals)->bytes_sent, 3000u);  // all of it, not just the first datagram
  const std::string from = "127.0.0.1:" + port_of(peer);
  EXPECT_EQ(lines,
            (std::vector<std::string>{"#1 first datagram from " + from,
                                      "#1 4 bytes from " + from + " answered with 3000 bytes"}));
}

TEST(UdpServerTest, OnceWithoutAnswerReturnsAfterTheFirstDatagram) {
  UdpServerOptions options = with_mode(ServerMode::discard);
  options.once = true;
  ServerThread server(std::move(options));
  UdpSocket peer = client();
  ASSERT_TRUE(peer.send_to("x", server.local()).ok());
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after one datagram";
  ASSERT_TRUE(totals->ok());
  EXPECT_EQ((*totals)->datagrams_received, 1u);
}

TEST(UdpServerTest, CancelDescriptorStopsIt) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  Fd read_end(fds[0]), write_end(fds[1]);
  UdpServerOptions options;
  options.cancel_fd = read_end.get();
  ServerThread server(std::move(options));
  ASSERT_EQ(::write(write_end.get(), "x", 1), 1);
  auto totals = server.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return when cancel_fd became readable";
  EXPECT_TRUE(totals->ok());
}

}  // namespace
}  // namespace tcpc
