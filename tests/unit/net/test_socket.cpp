// SPDX-License-Identifier: MIT
#include "tcpc/socket.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tcpc/fd.hpp"
#include "tcpc/listener.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::read_exactly;
using test::read_until_eof;

bool is_open(int fd) {
  return ::fcntl(fd, F_GETFD) != -1;
}

Listener listen_loopback(const ListenOptions& options = {}) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4, options);
  if (!listener) throw listener.error();
  return std::move(*listener);
}

// A port on 127.0.0.1 that was free a moment ago and has no listener now.
std::uint16_t closed_port() {
  Listener listener = listen_loopback();
  return listener.local().port();
}

Endpoint loopback(std::uint16_t port) {
  auto endpoints = resolve("127.0.0.1", port);
  if (!endpoints) throw endpoints.error();
  return endpoints->front();
}

// ---- Fd --------------------------------------------------------------------

TEST(FdOwnership, DefaultIsEmpty) {
  Fd fd;
  EXPECT_FALSE(fd.valid());
  EXPECT_FALSE(static_cast<bool>(fd));
  EXPECT_EQ(fd.get(), -1);
  EXPECT_TRUE(fd.close().ok());
}

TEST(FdOwnership, DestructorCloses) {
  auto pipe = test::Pipe::make();
  const int r = pipe.read.get();
  ASSERT_TRUE(is_open(r));
  { Fd owner(pipe.read.release()); }
  EXPECT_FALSE(is_open(r));
}

TEST(FdOwnership, MoveLeavesSourceEmpty) {
  auto pipe = test::Pipe::make();
  const int r = pipe.read.get();

  Fd moved(std::move(pipe.read));
  EXPECT_FALSE(pipe.read.valid());  // NOLINT(bugprone-use-after-move): that is the point
  EXPECT_EQ(pipe.read.get(), -1);
  EXPECT_EQ(moved.get(), r);
  EXPECT_TRUE(is_open(r));

  Fd assigned;
  assigned = std::move(moved);
  EXPECT_EQ(moved.get(), -1);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(assigned.get(), r);
  EXPECT_TRUE(is_open(r));

  // Self-move keeps the descriptor.
  Fd& alias = assigned;
  assigned = std::move(alias);
  EXPECT_EQ(assigned.get(), r);
  EXPECT_TRUE(is_open(r));
}

TEST(FdOwnership, MoveAssignClosesThePreviousDescriptor) {
  auto first = test::Pipe::make();
  auto second = test::Pipe::make();
  const int old_fd = first.read.get();
  const int new_fd = second.read.get();
  first.read = std::move(second.read);
  EXPECT_FALSE(is_open(old_fd));
  EXPECT_TRUE(is_open(new_fd));
  EXPECT_EQ(first.read.get(), new_fd);
}

TEST(FdOwnership, ClosesExactlyOnce) {
  // If a moved-from or already-closed Fd closed its number again, it would
  // close whatever unrelated descriptor reused that number meanwhile.
  auto pipe = test::Pipe::make();
  const int r = pipe.read.get();
  Fd moved(std::move(pipe.read));
  ASSERT_TRUE(moved.close().ok());
  EXPECT_FALSE(moved.valid());
  EXPECT_FALSE(is_open(r));
  EXPECT_TRUE(moved.close().ok());  // second close is a no-op

  // The lowest free number is reused by the next descriptor.
  auto reuse = test::Pipe::make();
  ASSERT_EQ(reuse.read.get(), r) << "descriptor number not reused; cannot check close-once";
  {
    Fd empty_after_move = std::move(moved);
    (void)empty_after_move;
  }
  pipe = test::Pipe{};  // destroys the moved-from read end and closes the write end
  EXPECT_TRUE(is_open(r)) << "an emptied Fd closed a descriptor it no longer owned";
}

TEST(FdOwnership, ReleaseLeavesDescriptorOpen) {
  auto pipe = test::Pipe::make();
  const int r = pipe.read.get();
  int raw = -1;
  {
    Fd owner(std::move(pipe.read));
    raw = owner.release();
    EXPECT_FALSE(owner.valid());
  }
  EXPECT_EQ(raw, r);
  EXPECT_TRUE(is_open(raw));
  ::close(raw);
}

TEST(FdOwnership, SetNonblocking) {
  auto pipe = test::Pipe::make();
  const int r = pipe.read.get();
  ASSERT_TRUE(set_nonblocking(r, true).ok());
  EXPECT_TRUE(::fcntl(r, F_GETFL) & O_NONBLOCK);
  char byte;
  EXPECT_EQ(::read(r, &byte, 1), -1);
  EXPECT_EQ(errno, EAGAIN);
  ASSERT_TRUE(set_nonblocking(r, false).ok());
  EXPECT_FALSE(::fcntl(r, F_GETFL) & O_NONBLOCK);

  auto bad = set_nonblocking(-1, true);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), std::errc::bad_file_descriptor);
}

// ---- Listener --------------------------------------------------------------

TEST(SocketListener, BindPortZeroReadsBackRealPort) {
  auto listener = Listener::bind("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok()) << listener.error().message();
  EXPECT_NE(listener->local().port(), 0);
  EXPECT_EQ(listener->local().host(), "127.0.0.1");
  EXPECT_EQ(listener->local().to_string(), "127.0.0.1:" + std::to_string(listener->local().port()));
  EXPECT_GE(listener->fd(), 0);
}

TEST(SocketListener, BindFailsWhenPortTaken) {
  Listener first = listen_loopback();
  ListenOptions options;
  options.reuse_address = true;  // SO_REUSEADDR still forbids two listeners
  auto second = Listener::bind("127.0.0.1", first.local().port(), Family::ipv4, options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), std::errc::address_in_use);
  EXPECT_EQ(second.error().message(),
            "listen on " + first.local().to_string() + ": Address already in use");
}

TEST(SocketListener, NonBlockingAcceptReturnsEmptySocket) {
  Listener listener = listen_loopback();
  ASSERT_TRUE(listener.set_nonblocking(true).ok());
  auto none = listener.accept();
  ASSERT_TRUE(none.ok()) << none.error().message();
  EXPECT_FALSE(none->is_open());
}

// ---- connect, send, recv ---------------------------------------------------

TEST(SocketRoundTrip, SmallMessagesWithNulBytes) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;

  EXPECT_EQ(client.peer().to_string(), listener.local().to_string());
  auto local = client.local_endpoint();
  ASSERT_TRUE(local.ok()) << local.error().message();
  EXPECT_EQ(server.peer().to_string(), local->to_string());

  const std::string hello = "he\0llo\0"s;
  ASSERT_TRUE(client.send_all(hello).ok());
  auto got = read_exactly(server, hello.size());
  EXPECT_FALSE(got.error) << got.error->message();
  EXPECT_EQ(got.data, hello);

  const std::string reply = "\0\xff\x01 reply"s;
  ASSERT_TRUE(server.send_all(reply).ok());
  auto back = read_exactly(client, reply.size());
  EXPECT_EQ(back.data, reply);
}

TEST(SocketRoundTrip, RecvReturnsAtMostMaxBytes) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;

  ASSERT_TRUE(client.send_all("0123456789").ok());
  ASSERT_TRUE(client.shutdown_write().ok());
  std::string all;
  for (;;) {
    auto chunk = server.recv(4);
    ASSERT_TRUE(chunk.ok()) << chunk.error().message();
    EXPECT_LE(chunk->size(), 4u);
    if (chunk->empty()) break;
    all += *chunk;
  }
  EXPECT_EQ(all, "0123456789");
}

TEST(SocketRoundTrip, OneMebibyteFromAThread) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;

  const std::string payload = test::random_bytes(1 << 20, 1);
  std::optional<Error> send_error;
  std::thread sender([&] {
    if (auto sent = client.send_all(payload); !sent) send_error = sent.error();
    if (auto shut = client.shutdown_write(); !shut) send_error = shut.error();
  });
  auto got = read_until_eof(server);
  sender.join();
  EXPECT_FALSE(send_error) << send_error->message();
  EXPECT_FALSE(got.error) << got.error->message();
  EXPECT_TRUE(got.eof);
  ASSERT_EQ(got.data.size(), payload.size());
  EXPECT_TRUE(got.data == payload);
}

TEST(SocketRoundTrip, SendAllOnNonBlockingSocketWaitsForRoom) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;
  ASSERT_TRUE(client.set_nonblocking(true).ok());

  // Far more than the socket buffers hold: send_all must wait, not give up.
  const std::string payload = test::random_bytes(8 << 20, 2);
  std::optional<Error> send_error;
  std::thread sender([&] {
    if (auto sent = client.send_all(payload); !sent) send_error = sent.error();
    if (auto shut = client.shutdown_write(); !shut) send_error = shut.error();
  });
  auto got = read_until_eof(server);
  sender.join();
  EXPECT_FALSE(send_error) << send_error->message();
  EXPECT_TRUE(got.eof);
  ASSERT_EQ(got.data.size(), payload.size());
  EXPECT_TRUE(got.data == payload);
}

TEST(SocketRoundTrip, WaitReadableTimesOutThenSeesData) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;

  auto nothing = client.wait_readable(20ms);
  ASSERT_TRUE(nothing.ok());
  EXPECT_FALSE(*nothing);

  ASSERT_TRUE(server.send_all("x").ok());
  auto something = client.wait_readable(test::kPatience);
  ASSERT_TRUE(something.ok());
  EXPECT_TRUE(*something);
}

TEST(SocketHalfClose, PeerSeesEofAndCanStillReply) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;

  ASSERT_TRUE(client.send_all("request").ok());
  ASSERT_TRUE(client.shutdown_write().ok());

  auto request = read_until_eof(server);
  EXPECT_TRUE(request.eof);
  EXPECT_EQ(request.data, "request");
  auto again = server.recv(16);  // EOF stays EOF
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, "");

  // The other direction is still open.
  ASSERT_TRUE(server.send_all("response").ok());
  auto response = read_exactly(client, 8);
  EXPECT_EQ(response.data, "response");
  EXPECT_FALSE(response.eof);

  ASSERT_TRUE(server.close().ok());
  EXPECT_FALSE(server.is_open());
  auto rest = read_until_eof(client);
  EXPECT_TRUE(rest.eof);
  EXPECT_EQ(rest.data, "");
}

TEST(SocketConnect, RefusedHasExactMessage) {
  const std::uint16_t port = closed_port();
  auto socket = connect(loopback(port));
  ASSERT_FALSE(socket.ok()) << "something is listening on port " << port;
  EXPECT_EQ(socket.error().code(), std::errc::connection_refused);
  EXPECT_EQ(socket.error().message(),
            "connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST(SocketConnect, TriesNextEndpointAfterRefusal) {
  const std::uint16_t refused = closed_port();
  Listener listener = listen_loopback();
  auto socket = connect(std::vector<Endpoint>{loopback(refused), listener.local()});
  ASSERT_TRUE(socket.ok()) << socket.error().message();
  EXPECT_EQ(socket->peer().to_string(), listener.local().to_string());

  auto accepted = listener.accept();
  ASSERT_TRUE(accepted.ok()) << accepted.error().message();
  ASSERT_TRUE(socket->send_all("via second").ok());
  EXPECT_EQ(read_exactly(*accepted, 10).data, "via second");
}

TEST(SocketConnect, AllRefusedReportsTheLastError) {
  const std::uint16_t first = closed_port();
  const std::uint16_t second = closed_port();
  auto socket = connect(std::vector<Endpoint>{loopback(first), loopback(second)});
  ASSERT_FALSE(socket.ok());
  EXPECT_EQ(socket.error().code(), std::errc::connection_refused);
  EXPECT_EQ(socket.error().message(),
            "connect to 127.0.0.1:" + std::to_string(second) + ": Connection refused");
}

TEST(SocketConnect, EmptyEndpointListFails) {
  auto socket = connect(std::vector<Endpoint>{});
  ASSERT_FALSE(socket.ok());
  EXPECT_EQ(socket.error().code(), errc::no_address);
}

TEST(SocketConnect, TimesOutWhenTheAcceptQueueIsFull) {
  ListenOptions options;
  options.backlog = 1;
  Listener listener = listen_loopback(options);  // never accepts

  ConnectOptions quick;
  quick.timeout = 300ms;
  // Fill the accept queue: once it is full the kernel drops new SYNs and
  // connect() hangs until our timeout.
  std::vector<Socket> fillers;
  bool queue_full = false;
  for (int i = 0; i < 8 && !queue_full; ++i) {
    auto filler = connect(listener.local(), quick);
    if (filler) {
      fillers.push_back(std::move(*filler));
    } else {
      queue_full = filler.error().code() == std::errc::timed_out;
      ASSERT_TRUE(queue_full) << filler.error().message();
    }
  }
  if (!queue_full) GTEST_SKIP() << "the kernel accepted 8 connections on backlog 1";

  const auto start = test::Clock::now();
  auto socket = connect(listener.local(), quick);
  const auto elapsed = test::Clock::now() - start;
  if (socket.ok()) GTEST_SKIP() << "the kernel completed the connection despite a full queue";
  EXPECT_EQ(socket.error().code(), std::errc::timed_out) << socket.error().message();
  EXPECT_EQ(socket.error().message(),
            "connect to " + listener.local().to_string() + ": timed out after 0.3 s");
  EXPECT_LT(elapsed, 10s);
}

TEST(SocketConnect, BindsTheRequestedLocalAddress) {
  Listener listener = listen_loopback();
  ConnectOptions options;
  options.local = loopback(0);
  auto socket = connect(listener.local(), options);
  ASSERT_TRUE(socket.ok()) << socket.error().message();
  auto local = socket->local_endpoint();
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->host(), "127.0.0.1");
  EXPECT_NE(local->port(), 0);
}

TEST(SocketSend, AfterPeerClosedIsAnErrorNotSigpipe) {
  // SIGPIPE keeps its default action here: without MSG_NOSIGNAL the process
  // would die in send_all instead of getting EPIPE.
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;

  ASSERT_TRUE(server.close().ok());
  auto eof = read_until_eof(client);  // the FIN has arrived
  ASSERT_TRUE(eof.eof);

  // The first send may still be accepted; the closed peer answers it with
  // RST. Wait for that (POLLHUP/POLLERR) before sending again.
  (void)client.send_all("first");
  pollfd entry{client.fd(), 0, 0};
  ASSERT_EQ(::poll(&entry, 1, static_cast<int>(test::kPatience.count())), 1);

  for (int attempt = 0; attempt < 3; ++attempt) {
    auto sent = client.send_all("again");
    ASSERT_FALSE(sent.ok()) << "attempt " << attempt;
    const std::error_code code = sent.error().code();
    EXPECT_TRUE(code == std::errc::broken_pipe || code == std::errc::connection_reset)
        << sent.error().message();
    EXPECT_EQ(sent.error().message().rfind("send to " + listener.local().to_string() + ": ", 0), 0u)
        << sent.error().message();
  }
}

TEST(SocketIpv6, LoopbackRoundTrip) {
  auto listener = Listener::bind("::1", 0, Family::ipv6);
  if (!listener) GTEST_SKIP() << "no IPv6 loopback: " << listener.error().message();
  EXPECT_EQ(listener->local().family(), AF_INET6);
  EXPECT_NE(listener->local().port(), 0);
  EXPECT_EQ(listener->local().to_string(), "[::1]:" + std::to_string(listener->local().port()));

  auto pair = test::connected_pair(*listener);
  ASSERT_TRUE(pair.ok()) << pair.error().message();
  auto& [client, server] = *pair;
  EXPECT_EQ(server.peer().host(), "::1");

  const std::string payload = "v6\0payload"s;
  ASSERT_TRUE(client.send_all(payload).ok());
  ASSERT_TRUE(client.shutdown_write().ok());
  auto got = read_until_eof(server);
  EXPECT_TRUE(got.eof);
  EXPECT_EQ(got.data, payload);
}

}  // namespace
}  // namespace tcpc
