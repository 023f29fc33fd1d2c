// SPDX-License-Identifier: MIT
// The server modes besides echo: discard, print, reply, source, and the
// calls the print console uses (send_to, watch).
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::ServerThread;

// What the print callback saw, per client number, and the log lines.
class Recorder {
 public:
  void attach(ServerOptions& options) {
    options.on_data = [this](const ClientData& data) {
      std::lock_guard lock(mutex_);
      data_[data.client] += data.bytes;
      peers_[data.client] = data.peer.to_string();
      changed_.notify_all();
    };
    options.log = [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      log_.emplace_back(line);
      changed_.notify_all();
    };
  }
  // Waits (at most test::kPatience) until client `client` has sent something.
  bool wait_for_data(std::uint64_t client) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, test::kPatience, [&] { return data_.count(client) != 0; });
  }
  // Waits until a log line contains `needle`.
  bool wait_for_log(std::string_view needle) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, test::kPatience, [&] {
      for (const std::string& line : log_) {
        if (line.find(needle) != std::string::npos) return true;
      }
      return false;
    });
  }
  std::string data(std::uint64_t client) const {
    std::lock_guard lock(mutex_);
    auto it = data_.find(client);
    return it == data_.end() ? std::string() : it->second;
  }
  std::string peer(std::uint64_t client) const {
    std::lock_guard lock(mutex_);
    auto it = peers_.find(client);
    return it == peers_.end() ? std::string() : it->second;
  }
  bool logged(std::string_view needle) const {
    std::lock_guard lock(mutex_);
    for (const std::string& line : log_) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  std::vector<std::string> log() const {
    std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::string> data_;
  std::map<std::uint64_t, std::string> peers_;
  std::vector<std::string> log_;
  std::condition_variable changed_;
};

Socket connected(const Endpoint& server) {
  auto socket = connect(server);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

// Sends, half-closes and reads until the server closes.
test::Received send_and_read(const Endpoint& server, const std::string& data) {
  Socket socket = connected(server);
  std::thread sender([&] {
    (void)socket.send_all(data);
    (void)socket.shutdown_write();
  });
  auto received = test::read_until_eof(socket);
  sender.join();
  return received;
}

Result<ServerTotals> stop_and_finish(ServerThread& server) {
  server.stop();
  auto totals = server.finish();
  if (!totals) return Error(errc::invalid_argument, "", "run() did not return");
  return *totals;
}

TEST(ServerDiscard, ReadsAndCountsAndSendsNothing) {
  ServerOptions options;
  options.mode = ServerMode::discard;
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  const std::string data = test::random_bytes(300 * 1024, 1) + "\0\0"s;
  for (int i = 0; i < 3; ++i) {
    auto received = send_and_read(server.local(), data);
    EXPECT_FALSE(received.error) << received.error->message();
    EXPECT_TRUE(received.eof);
    EXPECT_EQ(received.data, "");
  }
  auto totals = stop_and_finish(server);
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->clients, 3u);
  EXPECT_EQ(totals->bytes_received, 3 * data.size());
  EXPECT_EQ(totals->bytes_sent, 0u);
}

TEST(ServerPrint, EveryClientsBytesReachTheCallbackExactlyDespiteARudeOne) {
  Recorder recorder;
  ServerOptions options;
  options.mode = ServerMode::print;
  recorder.attach(options);
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");

  // Three clients connect in a known order, so they are #1, #2, #3.
  std::vector<Socket> clients;
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(connected(server.local()));
    names.push_back(clients.back().local_endpoint().value().to_string());
    ASSERT_TRUE(clients.back().send_all("hello " + std::to_string(i + 1)).ok());
    // Wait until the server has seen it, so the numbering follows our order.
    ASSERT_TRUE(recorder.wait_for_data(i + 1)) << "client " << i + 1 << " was not seen";
  }
  // #2 sends half a message, then resets its connection.
  const std::string half = test::random_bytes(100 * 1024, 7);
  ASSERT_TRUE(clients[1].send_all(half).ok());
  ASSERT_TRUE(test::set_linger_zero(clients[1].fd()));
  ASSERT_TRUE(clients[1].close().ok());
  // #1 and #3 go on sending binary data with NULs.
  const std::string binary1 = test::random_bytes(200 * 1024, 8) + "\0"s;
  const std::string binary3 = "\0\x01\x02\xff"s + test::random_bytes(50 * 1024, 9);
  ASSERT_TRUE(clients[0].send_all(binary1).ok());
  ASSERT_TRUE(clients[2].send_all(binary3).ok());
  for (int i : {0, 2}) {
    ASSERT_TRUE(clients[i].shutdown_write().ok());
    auto rest = test::read_until_eof(clients[i]);
    EXPECT_TRUE(rest.eof) << "client " << i + 1;
    EXPECT_EQ(rest.data, "") << "print mode sent something unasked";
  }

  EXPECT_TRUE(recorder.data(1) == "hello 1" + binary1) << "client #1's bytes differ";
  EXPECT_TRUE(recorder.data(3) == "hello 3" + binary3) << "client #3's bytes differ";
  // Whatever of #2's half message arrived is a prefix of it, unaltered.
  const std::string second = recorder.data(2);
  EXPECT_TRUE(second.starts_with("hello 2"));
  EXPECT_TRUE(half.starts_with(second.substr(7))) << "client #2's bytes were altered";
  EXPECT_EQ(recorder.peer(1), names[0]);
  EXPECT_EQ(recorder.peer(3), names[2]);

  auto totals = stop_and_finish(server);
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 0u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(recorder.logged("#" + std::to_string(i + 1) + " connection from " + names[i]))
        << ::testing::PrintToString(recorder.log());
  }
  EXPECT_TRUE(recorder.logged("#2 " + names[1] + " closed"))
      << ::testing::PrintToString(recorder.log());
}

TEST(ServerReply, AnswersEveryChunk) {
  ServerOptions options;
  options.mode = ServerMode::reply;
  options.reply = "OK\0\r\n"s;
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  Socket client = connected(server.local());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send_all("\x01\x03\x00\x00\x00\x0a"s).ok());
    EXPECT_EQ(test::read_exactly(client, options.reply.size()).data, options.reply);
  }
  ASSERT_TRUE(client.shutdown_write().ok());
  auto rest = test::read_until_eof(client);
  EXPECT_TRUE(rest.eof);
  EXPECT_EQ(rest.data, "");
  auto totals = stop_and_finish(server);
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 18u);
  EXPECT_EQ(totals->bytes_sent, 3 * options.reply.size());
}

TEST(ServerSource, SendsExactlyNBytesThenHalfCloses) {
  ServerOptions options;
  options.mode = ServerMode::source;
  options.source_bytes = 1'000'003;
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  const std::string expected = source_pattern(0, options.source_bytes);
  std::vector<test::Received> results(3);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&] {
      // Stays open until the end of the data, then closes itself.
      Socket client = connected(server.local());
      result = test::read_until_eof(client);
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  for (const auto& result : results) {
    EXPECT_TRUE(result.eof);
    EXPECT_EQ(result.data.size(), expected.size());
    EXPECT_TRUE(result.data == expected) << "source bytes differ from the pattern";
  }
}

TEST(ServerSource, ZeroBytesIsAnImmediateEnd) {
  ServerOptions options;
  options.mode = ServerMode::source;
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  auto received = send_and_read(server.local(), "ignored\0"s);
  EXPECT_TRUE(received.eof);
  EXPECT_EQ(received.data, "");
}

TEST(SourcePattern, IsChargen) {
  const std::string first = source_pattern(0, 74);
  EXPECT_EQ(first.substr(0, 10), " !\"#$%&'()");
  EXPECT_EQ(first.substr(72), "\r\n");
  EXPECT_EQ(source_pattern(74, 3), "!\"#");
  EXPECT_EQ(source_pattern(5, 10), first.substr(5, 10));
}

TEST(ServerSendTo, RepliesToTheNewestOrAChosenClient) {
  ServerOptions options;
  options.mode = ServerMode::print;
  Server* running = nullptr;
  std::vector<std::string> errors;
  // The callback runs on the server's thread, where send_to() may be called.
  options.on_data = [&](const ClientData& data) {
    if (data.bytes == "to newest") {
      (void)running->send_to(0, "newest");
    } else if (data.bytes == "to 1") {
      (void)running->send_to(1, "one");
    } else if (data.bytes == "to 9") {
      auto sent = running->send_to(9, "nine");
      errors.push_back(sent.ok() ? std::string("sent") : sent.error().message());
      (void)running->send_to(data.client, "done");
    }
  };
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok());
  auto server = Server::create(std::move(*listener), options);
  ASSERT_TRUE(server.ok()) << server.error().message();
  running = &*server;
  std::thread thread([&] { (void)server->run(); });

  Socket first = connected(server->local());
  ASSERT_TRUE(first.send_all("to 1").ok());
  EXPECT_EQ(test::read_exactly(first, 3).data, "one");
  Socket second = connected(server->local());
  ASSERT_TRUE(second.send_all("to 1").ok());
  EXPECT_EQ(test::read_exactly(first, 3).data, "one");
  ASSERT_TRUE(first.send_all("to newest").ok());
  EXPECT_EQ(test::read_exactly(second, 6).data, "newest");
  ASSERT_TRUE(first.send_all("to 9").ok());
  EXPECT_EQ(test::read_exactly(first, 4).data, "done");

  server->stop();
  thread.join();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "no client #9 is connected");
}

TEST(ServerWatch, CallsBackOnTheServerThread) {
  Recorder recorder;
  ServerOptions options;
  options.mode = ServerMode::print;
  recorder.attach(options);
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok());
  auto server = Server::create(std::move(*listener), options);
  ASSERT_TRUE(server.ok()) << server.error().message();
  auto pipe = test::Pipe::make();
  std::string typed;
  ASSERT_TRUE(server
                  ->watch(pipe.read.get(),
                          [&] {
                            char buffer[256];
                            const ssize_t n = ::read(pipe.read.get(), buffer, sizeof buffer);
                            if (n > 0) (void)server->send_to(0, std::string_view(buffer, n));
                          })
                  .ok());
  std::thread thread([&] { (void)server->run(); });

  Socket client = connected(server->local());
  // Once the server has logged the client, typed text reaches it.
  ASSERT_TRUE(recorder.wait_for_log("#1 connection from"));
  ASSERT_TRUE(test::write_all(pipe.write.get(), "typed\0"s));
  EXPECT_EQ(test::read_exactly(client, 6).data, "typed\0"s);
  server->stop();
  thread.join();
}

}  // namespace
}  // namespace tcpc
