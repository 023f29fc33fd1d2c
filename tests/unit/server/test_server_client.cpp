// SPDX-License-Identifier: MIT
// Every server mode over TLS: one client behaviour (src/server/server_client.hpp)
// serves plain and TLS clients alike. Discard counts decrypted bytes, reply
// answers, source sends its pattern and ends with close_notify, print sees
// bytes that wait inside the TLS session, send_to reaches a TLS client; and
// source with nothing to send half-closes at once.
#include <gtest/gtest.h>
#include <poll.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "tcpc/server.hpp"
#include "tcpc/stream.hpp"
#include "tcpc/tls/tls.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

// A server in `mode` whose clients speak TLS (its temporary certificate).
ServerOptions tls_mode(ServerMode mode, std::size_t buffer_size = 64 * 1024) {
  auto context = tls::Context::server({});
  if (!context) throw context.error();
  ServerOptions options;
  options.mode = mode;
  options.buffer_size = buffer_size;
  options.wrap = [context = *context](Socket socket) -> Result<std::unique_ptr<Stream>> {
    auto stream = tls::TlsStream::server(std::move(socket), context);
    if (!stream) return stream.error();
    return std::unique_ptr<Stream>(std::move(*stream));
  };
  return options;
}

// A TLS client that trusts anything: these tests are about the server's loop.
std::unique_ptr<tls::TlsStream> tls_client(const Endpoint& server) {
  tls::ClientConfig config;
  config.verify = false;
  auto context = tls::Context::client(config);
  if (!context) throw context.error();
  auto socket = connect(server);
  if (!socket) throw socket.error();
  auto stream = tls::connect(std::move(*socket), *context, "127.0.0.1", test::kPatience);
  if (!stream) throw stream.error();
  return std::move(*stream);
}

// Sends close_notify (and the TCP FIN), waiting while the socket is full.
bool close_write(Stream& stream) {
  for (;;) {
    auto wants = stream.shutdown_write();
    if (!wants) return false;
    if (*wants == Want::nothing) return true;
    pollfd fd{stream.fd(), static_cast<short>(*wants == Want::read ? POLLIN : POLLOUT), 0};
    if (::poll(&fd, 1, static_cast<int>(test::kPatience.count())) != 1) return false;
  }
}

struct Read {
  std::string data;
  bool eof = false;  // the server ended its direction (not an error, not our patience)
};

// Reads `size` bytes, or until the end of the stream when size is 0.
Read read_from(Stream& stream, std::size_t size = 0) {
  Read read;
  char buffer[64 * 1024];
  while (size == 0 || read.data.size() < size) {
    auto n = read_within(stream, buffer, test::kPatience);
    if (!n || !*n) return read;
    if (**n == 0) {
      read.eof = true;
      return read;
    }
    read.data.append(buffer, **n);
  }
  return read;
}

TEST(ServerTlsModes, DiscardCountsTheDecryptedBytes) {
  test::ServerThread server(tls_mode(ServerMode::discard));
  ASSERT_EQ(server.error(), "");
  const std::string payload = test::random_bytes(1 << 20, 31);
  auto client = tls_client(server.local());
  ASSERT_TRUE(write_all(*client, payload, test::kPatience).ok());
  ASSERT_TRUE(close_write(*client));
  const Read answer = read_from(*client);
  EXPECT_TRUE(answer.eof);
  EXPECT_EQ(answer.data, "");
  EXPECT_FALSE(client->ended_without_close_notify());
  server.stop();
  auto totals = server.finish();
  ASSERT_TRUE(totals && totals->ok());
  EXPECT_EQ((*totals)->bytes_received, payload.size());
  EXPECT_EQ((*totals)->bytes_sent, 0u);
}

TEST(ServerTlsModes, ReplyAnswersEveryMessage) {
  ServerOptions options = tls_mode(ServerMode::reply);
  options.reply = "OK\r\n";
  test::ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  auto client = tls_client(server.local());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(write_all(*client, "question " + std::to_string(i), test::kPatience).ok());
    EXPECT_EQ(read_from(*client, 4).data, "OK\r\n");
  }
}

TEST(ServerTlsModes, SourceSendsThePatternThenCloseNotify) {
  ServerOptions options = tls_mode(ServerMode::source);
  options.source_bytes = 1'000'003;
  test::ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  auto client = tls_client(server.local());
  const Read got = read_from(*client);
  EXPECT_TRUE(got.eof);
  EXPECT_FALSE(client->ended_without_close_notify()) << "source must half-close with close_notify";
  ASSERT_EQ(got.data.size(), options.source_bytes);
  EXPECT_TRUE(got.data == source_pattern(0, options.source_bytes));
}

// Collects what print mode hands to on_data.
struct Printed {
  std::mutex mutex;
  std::condition_variable changed;
  std::string bytes;

  void attach(ServerOptions& options) {
    options.on_data = [this](const ClientData& data) {
      std::lock_guard lock(mutex);
      bytes += data.bytes;
      changed.notify_all();
    };
  }
  bool wait_for(std::size_t size) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, test::kPatience, [&] { return bytes.size() >= size; });
  }
};

// A server buffer smaller than a TLS record leaves decrypted bytes inside
// the session, where no readiness event announces them. The client sends
// nothing more, and does not close, until print has seen them all.
TEST(ServerTlsModes, PrintSeesBytesWaitingInsideTheSession) {
  ServerOptions options = tls_mode(ServerMode::print, 1000);
  Printed printed;
  printed.attach(options);
  test::ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  auto client = tls_client(server.local());
  const std::string payload = test::random_bytes(40'000, 32);
  ASSERT_TRUE(write_all(*client, payload, test::kPatience).ok());
  ASSERT_TRUE(printed.wait_for(payload.size())) << printed.bytes.size() << " bytes printed";
  std::lock_guard lock(printed.mutex);
  EXPECT_TRUE(printed.bytes == payload);
}

TEST(ServerTlsModes, SendToReachesATlsClient) {
  ServerOptions options = tls_mode(ServerMode::print);
  std::optional<test::ServerThread> server;
  options.on_data = [&](const ClientData& data) {
    (void)server->server().send_to(data.client, "answer to " + std::string(data.bytes));
  };
  server.emplace(options);
  ASSERT_EQ(server->error(), "");
  auto client = tls_client(server->local());
  ASSERT_TRUE(write_all(*client, "hi", test::kPatience).ok());
  EXPECT_EQ(read_from(*client, 12).data, "answer to hi");
}

// Nothing to send: the half-close comes at once, not when the client next
// sends something.
TEST(ServerSourceModes, NothingToSendHalfClosesAtOnce) {
  for (const bool tls : {false, true}) {
    ServerOptions options = tls ? tls_mode(ServerMode::source) : ServerOptions{};
    options.mode = ServerMode::source;
    test::ServerThread server(options);
    ASSERT_EQ(server.error(), "");
    if (tls) {
      auto client = tls_client(server.local());
      EXPECT_TRUE(read_from(*client).eof);
    } else {
      auto client = connect(server.local());
      ASSERT_TRUE(client.ok());
      EXPECT_TRUE(test::read_until_eof(*client).eof);
    }
  }
}

}  // namespace
}  // namespace tcpc
