// SPDX-License-Identifier: MIT
// The Stream transport and TLS sessions: relay(Stream&) over plain sockets
// and TLS, the echo server serving TLS clients, verification failures and
// session details. The server uses its temporary certificate, so no files
// are needed; the certificate-file cases are in tests/integration/test_tls.py.
// Also tls::connect(host, port) (tls_client.hpp) and the bench workloads over TLS.
#include "tcpc/tls/tls.hpp"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>

#include "tcpc/bench/workloads.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/server.hpp"
#include "tcpc/stream.hpp"
#include "tcpc/tls/client.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using test::Pipe;
using test::PipeReader;
using test::PipeWriter;

tls::Context server_context(tls::ServerConfig config = {}) {
  auto context = tls::Context::server(config);
  if (!context) throw context.error();
  return *context;
}

tls::Context client_context(bool verify) {
  tls::ClientConfig config;
  config.verify = verify;
  auto context = tls::Context::client(config);
  if (!context) throw context.error();
  return *context;
}

ServerOptions tls_server_options(const tls::Context& context, std::size_t buffer_size) {
  ServerOptions options;
  options.buffer_size = buffer_size;
  options.wrap = [context](Socket socket) -> Result<std::unique_ptr<Stream>> {
    auto stream = tls::TlsStream::server(std::move(socket), context);
    if (!stream) return stream.error();
    return std::unique_ptr<Stream>(std::move(*stream));
  };
  return options;
}

Socket connect_loopback(const Endpoint& endpoint) {
  auto socket = connect(endpoint);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

// Sends `payload` through the stream to an echo server and returns what came back.
std::string echo_through(Stream& stream, const std::string& payload, std::size_t buffer_size) {
  Pipe in = Pipe::make();
  Pipe out = Pipe::make();
  PipeWriter writer(std::move(in.write), payload);
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.input_fd = in.read.get();
  options.output_fd = out.write.get();
  options.buffer_size = buffer_size;
  options.idle_timeout = test::kPatience;  // a stalled relay fails the test, never hangs it
  auto totals = relay(stream, options);
  EXPECT_TRUE(out.write.close().ok());
  EXPECT_TRUE(in.read.close().ok());
  EXPECT_TRUE(writer.join());
  std::string echoed = reader.join();
  EXPECT_TRUE(totals.ok()) << totals.error().message();
  if (totals) {
    EXPECT_FALSE(totals->timed_out);
    EXPECT_EQ(totals->bytes_sent, payload.size());
    EXPECT_EQ(totals->bytes_received, payload.size());
  }
  return echoed;
}

TEST(StreamRelay, PlainSocketStreamEchoesEverything) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  auto stream = SocketStream::wrap(connect_loopback(server.local()));
  ASSERT_TRUE(stream.ok());
  const std::string payload = test::random_bytes(2 << 20, 7);
  EXPECT_TRUE(echo_through(*stream, payload, 64 * 1024) == payload);
}

TEST(StreamRelay, ZeroBufferSizeMeansADefault) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  auto stream = SocketStream::wrap(connect_loopback(server.local()));
  ASSERT_TRUE(stream.ok());
  const std::string payload = test::random_bytes(100'000, 5);
  EXPECT_TRUE(echo_through(*stream, payload, 0) == payload);
}

TEST(StreamRelay, PayloadAndReceiveLimit) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  auto stream = SocketStream::wrap(connect_loopback(server.local()));
  ASSERT_TRUE(stream.ok());
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  RelayOptions options;
  options.payload = "0123456789";
  options.input_fd = -1;
  options.output_fd = out.write.get();
  options.receive_limit = 4;
  auto totals = relay(*stream, options);
  ASSERT_TRUE(out.write.close().ok());
  ASSERT_TRUE(totals.ok()) << totals.error().message();
  EXPECT_EQ(totals->bytes_sent, 10u);
  EXPECT_EQ(totals->bytes_received, 4u);
  EXPECT_EQ(reader.join(), "0123");
}

TEST(TlsEcho, FourMebibytesThroughTheEchoServer) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  auto stream = tls::connect(connect_loopback(server.local()), client_context(false), "127.0.0.1",
                             test::kPatience);
  ASSERT_TRUE(stream.ok()) << stream.error().message();
  const std::string payload = test::random_bytes(4 << 20, 8);
  const std::string echoed = echo_through(**stream, payload, 256 * 1024);
  ASSERT_EQ(echoed.size(), payload.size());
  EXPECT_TRUE(echoed == payload);
}

// Buffers smaller than a TLS record leave decrypted bytes inside OpenSSL,
// where poll() cannot see them. The peer sends nothing more until it has its
// echo (no half-close), so a relay or server that forgets them stalls.
std::string request_response(std::size_t server_buffer, std::size_t relay_buffer) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, server_buffer));
  EXPECT_EQ(server.error(), "");
  auto stream = tls::connect(connect_loopback(server.local()), client_context(false), "localhost",
                             test::kPatience);
  if (!stream) return stream.error().message();
  Pipe out = Pipe::make();
  PipeReader reader(std::move(out.read));
  const std::string payload = test::random_bytes(40'000, 9);
  RelayOptions options;
  options.payload = payload;
  options.input_fd = -1;
  options.half_close = false;
  options.output_fd = out.write.get();
  options.receive_limit = payload.size();
  options.buffer_size = relay_buffer;
  options.idle_timeout = test::kPatience;
  auto totals = relay(**stream, options);
  EXPECT_TRUE(out.write.close().ok());
  if (!totals) return totals.error().message();
  EXPECT_FALSE(totals->timed_out);
  return reader.join() == payload ? "echoed" : "different";
}

TEST(TlsEcho, RelayBufferSmallerThanARecord) {
  EXPECT_EQ(request_response(64 * 1024, 777), "echoed");
}

TEST(TlsEcho, ServerBufferSmallerThanARecord) {
  EXPECT_EQ(request_response(1000, 256 * 1024), "echoed");
}

// OpenSSL's own socket BIO would write() and raise SIGPIPE, killing this
// test process; the session's writes must fail with an error instead.
TEST(TlsStreamWrite, PeerGoneIsAnErrorNotSigpipe) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok());
  const tls::Context server_tls = server_context();
  std::thread peer([&] {
    auto accepted = listener->accept();
    if (!accepted) return;
    // A plain close: the client's next writes meet a reset connection (EPIPE).
    auto session = tls::accept(std::move(*accepted), server_tls, test::kPatience);
  });
  auto stream = tls::connect(connect_loopback(listener->local()), client_context(false),
                             "127.0.0.1", test::kPatience);
  peer.join();
  ASSERT_TRUE(stream.ok()) << stream.error().message();
  const std::string chunk(16 * 1024, 'x');
  bool failed = false;
  for (int i = 0; i < 1000 && !failed; ++i) {
    failed = !write_all(**stream, chunk, test::kPatience).ok();
  }
  EXPECT_TRUE(failed);
}

TEST(TlsVerify, TemporaryCertificateIsRefusedByDefault) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  auto stream = tls::connect(connect_loopback(server.local()), client_context(true), "localhost",
                             test::kPatience);
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code(), tls::errc::self_signed);
  EXPECT_NE(stream.error().message().find("TLS handshake with 127.0.0.1:"), std::string::npos)
      << stream.error().message();
  EXPECT_NE(stream.error().message().find("self-signed"), std::string::npos);
  // What to do is data; the message names no flag of the tcpc tool.
  EXPECT_EQ(stream.error().operation(), Operation::tls_handshake);
  EXPECT_EQ(stream.error().hints(), (std::vector<Hint>{Hint::trust_ca, Hint::skip_verification}));
  EXPECT_EQ(stream.error().message().find("--"), std::string::npos) << stream.error().message();
}

TEST(TlsInfo, DescribesTheTemporaryCertificate) {
  const tls::Context server_tls = server_context();
  ASSERT_FALSE(server_tls.temporary_fingerprint().empty());
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  auto stream = tls::connect(connect_loopback(server.local()), client_context(false), "localhost",
                             test::kPatience);
  ASSERT_TRUE(stream.ok()) << stream.error().message();
  const tls::SessionInfo info = (*stream)->info();
  EXPECT_EQ(info.version, "TLSv1.3");
  EXPECT_TRUE(info.has_certificate);
  EXPECT_EQ(info.sha256, server_tls.temporary_fingerprint());
  EXPECT_EQ(info.subject, "CN=tcpc temporary certificate,O=tcpc");
  EXPECT_EQ(info.alt_names, (std::vector<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1"}));
  EXPECT_FALSE(info.verified);
  EXPECT_NE(info.verify_result.find("self-signed"), std::string::npos);
  const std::string text = tls::describe(info);
  EXPECT_NE(text.find("SHA-256:  " + info.sha256), std::string::npos) << text;
}

TEST(TlsConfig, BadInputIsAUsageError) {
  tls::ClientConfig config;
  config.ca_file = "/nonexistent/ca.pem";
  auto context = tls::Context::client(config);
  ASSERT_FALSE(context.ok());
  EXPECT_TRUE(is_input_error(context.error().code()));
  config = {};
  config.alpn = {std::string(256, 'x')};
  EXPECT_FALSE(tls::Context::client(config).ok());
}

TEST(TlsHandshake, PlainPeerIsNotTls) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok());
  std::thread peer([&] {
    auto accepted = listener->accept();
    if (!accepted) return;
    (void)accepted->send_all("HTTP/1.0 400 Bad Request\r\n\r\n");
    (void)test::read_until_eof(*accepted);
  });
  auto stream = tls::connect(connect_loopback(listener->local()), client_context(false),
                             "127.0.0.1", test::kPatience);
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code(), tls::errc::not_tls) << stream.error().message();
  EXPECT_TRUE(stream.error().has(Hint::without_tls));
  EXPECT_EQ(stream.error().message().find("--"), std::string::npos) << stream.error().message();
  peer.join();
}

// tls::connect(host, port, config): the tutorial's client over TLS.
TEST(TlsConnection, SendsReceivesAndCloses) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  tls::ClientConfig config;
  config.verify = false;  // the server's temporary certificate
  auto conn = tls::connect("127.0.0.1", server.local().port(), config, test::kPatience);
  ASSERT_TRUE(conn.ok()) << conn.error().message();
  EXPECT_EQ(conn->peer().to_string(), server.local().to_string());
  EXPECT_FALSE(conn->info().verified);
  ASSERT_TRUE(conn->send_all("hello over TLS").ok());
  auto reply = conn->recv(1024, test::kPatience);
  ASSERT_TRUE(reply.ok()) << reply.error().message();
  EXPECT_EQ(*reply, "hello over TLS");
  EXPECT_TRUE(conn->close().ok());
}

TEST(TlsConnection, VerifiesByDefault) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  auto conn = tls::connect("127.0.0.1", server.local().port());
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code(), tls::errc::self_signed) << conn.error().message();
}

TEST(TlsConnection, RecvGivesUpAfterItsTimeout) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  tls::ClientConfig config;
  config.verify = false;
  auto conn = tls::connect("127.0.0.1", server.local().port(), config, test::kPatience);
  ASSERT_TRUE(conn.ok()) << conn.error().message();
  auto reply = conn->recv(16, std::chrono::milliseconds(50));  // nothing was sent: no echo
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code(), std::errc::timed_out);
}

// The benchmark workloads over TLS, as `tcpc bench ... --tls` runs them.
bench::StreamMaker tls_streams(const tls::Context& context) {
  return [context](Socket socket) -> Result<std::unique_ptr<Stream>> {
    auto stream = tls::TlsStream::client(std::move(socket), context, "127.0.0.1");
    if (!stream) return stream.error();
    return std::unique_ptr<Stream>(std::move(*stream));
  };
}

TEST(TlsBench, EveryWorkloadRunsOverTls) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  const bench::StreamMaker streams = tls_streams(client_context(false));

  bench::ThroughputOptions throughput;
  throughput.bytes = 1 << 20;
  throughput.direction = bench::Direction::both;
  throughput.block_size = 10'000;  // not a multiple of a record
  auto moved = bench::throughput(server.local(), throughput, streams);
  ASSERT_TRUE(moved.ok()) << moved.error().message();
  EXPECT_EQ(moved->bytes_sent, 1u << 20);
  EXPECT_EQ(moved->bytes_received, 1u << 20);

  bench::RoundTripOptions rr;
  rr.size = 100;
  rr.duration = std::chrono::milliseconds(100);
  auto trips = bench::round_trips(server.local(), rr, streams);
  ASSERT_TRUE(trips.ok()) << trips.error().message();
  EXPECT_GT(trips->nanoseconds.count(), 0u);

  bench::ConnectRateOptions connects;
  connects.duration = std::chrono::milliseconds(100);
  connects.concurrency = 2;
  auto rate = bench::connect_rate(server.local(), connects, streams);
  ASSERT_TRUE(rate.ok()) << rate.error().message();
  EXPECT_GT(rate->completed, 0u);
  EXPECT_EQ(rate->failed, 0u) << rate->first_failure;

  bench::HoldOptions hold;
  hold.count = 8;
  hold.hold = std::chrono::milliseconds(0);
  hold.ping = true;
  auto held = bench::hold_connections(server.local(), hold, streams);
  ASSERT_TRUE(held.ok()) << held.error().message();
  EXPECT_EQ(held->opened, 8u);
  EXPECT_EQ(held->alive_after_hold, 8u);
  EXPECT_EQ(held->answered_ping, 8u);
}

TEST(TlsBench, UnverifiedCertificateStopsTheWorkload) {
  const tls::Context server_tls = server_context();
  test::ServerThread server(tls_server_options(server_tls, 64 * 1024));
  ASSERT_EQ(server.error(), "");
  bench::RoundTripOptions rr;
  rr.duration = std::chrono::milliseconds(100);
  auto trips = bench::round_trips(server.local(), rr, tls_streams(client_context(true)));
  ASSERT_FALSE(trips.ok());
  EXPECT_EQ(trips.error().code(), tls::errc::self_signed) << trips.error().message();
}

}  // namespace
}  // namespace tcpc
