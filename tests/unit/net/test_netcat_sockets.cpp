// SPDX-License-Identifier: MIT
// What the netcat flags need from the stream layer: Unix domain sockets
// through Listener/connect (-U) and the relay's quit timer (-q).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>

#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using test::Pipe;
using test::PipeReader;

// A fresh directory for socket files, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/tcpc-test-XXXXXX";
    if (::mkdtemp(name) == nullptr) throw system_error(errno, "mkdtemp");
    path_ = name;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

Endpoint unix_endpoint(const std::string& path) {
  auto endpoint = Endpoint::unix_path(path);
  if (!endpoint) throw endpoint.error();
  return *endpoint;
}

TEST(UnixSocket, ListenConnectAndTalk) {
  TempDir dir;
  const Endpoint path = unix_endpoint(dir.file("s.sock"));
  auto listener = Listener::bind({path});
  ASSERT_TRUE(listener.ok()) << listener.error().message();
  EXPECT_EQ(listener->local().to_string(), dir.file("s.sock"));

  auto client = connect(path);
  ASSERT_TRUE(client.ok()) << client.error().message();
  auto server = listener->accept();
  ASSERT_TRUE(server.ok()) << server.error().message();
  // The client's end has no name; the server names the connection by its path.
  EXPECT_EQ(server->peer().to_string(), dir.file("s.sock"));
  EXPECT_EQ(client->local_endpoint().value().to_string(), "(unnamed unix socket)");

  ASSERT_TRUE(client->send_all("over unix").ok());
  ASSERT_TRUE(client->shutdown_write().ok());
  auto received = test::read_until_eof(*server);
  EXPECT_TRUE(received.eof);
  EXPECT_EQ(received.data, "over unix");
}

TEST(UnixSocket, MissingPathIsNamedInTheError) {
  TempDir dir;
  auto client = connect(unix_endpoint(dir.file("none.sock")));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().message(),
            "connect to " + dir.file("none.sock") + ": No such file or directory");
}

TEST(UnixSocket, StaleSocketFileIsReplaced) {
  TempDir dir;
  const Endpoint path = unix_endpoint(dir.file("s.sock"));
  {
    auto first = Listener::bind({path});
    ASSERT_TRUE(first.ok());
  }  // closed, but its file stays behind, as with nc -lU
  struct stat info {};
  ASSERT_EQ(::lstat(dir.file("s.sock").c_str(), &info), 0);
  auto second = Listener::bind({path});
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_TRUE(connect(path).ok());
}

TEST(UnixSocket, LiveSocketAndRegularFilesAreNeverReplaced) {
  TempDir dir;
  const Endpoint path = unix_endpoint(dir.file("s.sock"));
  auto live = Listener::bind({path});
  ASSERT_TRUE(live.ok());
  auto second = Listener::bind({path});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), std::errc::address_in_use);

  const std::string file = dir.file("notes.txt");
  ASSERT_TRUE(test::write_all(Fd(::creat(file.c_str(), 0600)).get(), ""));
  auto on_file = Listener::bind({unix_endpoint(file)});
  ASSERT_FALSE(on_file.ok());
  EXPECT_EQ(::access(file.c_str(), F_OK), 0) << "a regular file was removed";
}

// ---- source_for: -p without -s fits the peer's family ----------------------

Endpoint passive(std::string_view host, std::uint16_t port) {
  ResolveOptions options;
  options.passive = true;
  auto endpoints = resolve(host, port, options);
  if (!endpoints) throw endpoints.error();
  return endpoints->front();
}

TEST(SourceFor, WildcardTakesThePeersFamilyAndKeepsThePort) {
  const Endpoint v4_any = passive("0.0.0.0", 4000);
  const Endpoint v6_any = passive("::", 4000);
  const Endpoint v4_peer = passive("127.0.0.1", 80);
  const Endpoint v6_peer = passive("::1", 80);
  EXPECT_EQ(source_for(v4_any, v6_peer).to_string(), "[::]:4000");
  EXPECT_EQ(source_for(v6_any, v4_peer).to_string(), "0.0.0.0:4000");
  EXPECT_EQ(source_for(v4_any, v4_peer).to_string(), "0.0.0.0:4000");
  // A specific address (-s) is kept, even if it cannot reach the peer.
  EXPECT_EQ(source_for(passive("127.0.0.1", 0), v6_peer).to_string(), "127.0.0.1:0");
}

TEST(SourceFor, ConnectFromAnIpv4WildcardToIpv6) {
  auto listener = Listener::bind("::1", 0, Family::ipv6);
  if (!listener) GTEST_SKIP() << "no IPv6 loopback: " << listener.error().message();
  ConnectOptions options;
  options.local = passive("0.0.0.0", 0);
  auto client = connect(listener->local(), options);
  ASSERT_TRUE(client.ok()) << client.error().message();
  EXPECT_EQ(client->local_endpoint().value().host(), "::1");
}

// ---- relay: quit after input (-q) -------------------------------------------

struct Connected {
  Listener listener;
  Socket client;
  Socket server;
};

Connected connected_loopback() {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  if (!listener) throw listener.error();
  auto pair = test::connected_pair(*listener);
  if (!pair) throw pair.error();
  return {std::move(*listener), std::move(pair->client), std::move(pair->server)};
}

// Runs relay() with a deadline: a relay that does not end fails the test.
Result<RelayTotals> relay_with_patience(Socket& socket, const RelayOptions& options) {
  auto done = std::async(std::launch::async, [&] { return relay(socket, options); });
  if (done.wait_for(test::kPatience) != std::future_status::ready) {
    ::shutdown(socket.fd(), SHUT_RDWR);
    ADD_FAILURE() << "relay() did not end";
  }
  return done.get();
}

TEST(RelayQuit, ZeroEndsOnceInputIsSentThoughThePeerStaysOpen) {
  Connected c = connected_loopback();
  Pipe in = Pipe::make();
  ASSERT_TRUE(test::write_all(in.write.get(), "request"));
  ASSERT_TRUE(in.write.close().ok());
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  options.quit_after_input = 0ms;
  auto totals = relay_with_patience(c.client, options);
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 7u);
  EXPECT_FALSE(totals->timed_out);
  // The peer got everything and the half-close.
  auto received = test::read_until_eof(c.server);
  EXPECT_TRUE(received.eof);
  EXPECT_EQ(received.data, "request");
}

TEST(RelayQuit, WhatArrivesWithinTheWindowIsWrittenOut) {
  Connected c = connected_loopback();
  ASSERT_TRUE(c.server.send_all("early reply").ok());  // the peer never closes
  Pipe in = Pipe::make();
  ASSERT_TRUE(in.write.close().ok());  // no input at all
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.quit_after_input = 300ms;
  auto totals = relay_with_patience(c.client, options);
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 11u);
  EXPECT_EQ(reader.join(), "early reply");
}

TEST(RelayQuit, PeerClosingEndsItSooner) {
  Connected c = connected_loopback();
  ASSERT_TRUE(c.server.send_all("bye").ok());
  ASSERT_TRUE(c.server.close().ok());
  Pipe in = Pipe::make();
  ASSERT_TRUE(in.write.close().ok());
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = -1;
  options.quit_after_input = 1h;  // the test would time out if the peer's close were ignored
  auto totals = relay_with_patience(c.client, options);
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_received, 3u);
}

}  // namespace
}  // namespace tcpc
