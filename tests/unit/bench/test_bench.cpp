// SPDX-License-Identifier: MIT
// tcpc bench's library part: the latency histogram, and each workload run
// briefly against the echo server on loopback (counts checked, never timings).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <fcntl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "tcpc/bench/histogram.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/listener.hpp"
#include "test_support.hpp"

namespace tcpc::bench {
namespace {

using namespace std::chrono_literals;

TEST(BenchHistogram, EmptyIsAllZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.percentile(50), 0u);
  EXPECT_EQ(h.mean(), 0.0);
}

TEST(BenchHistogram, SmallValuesAreExact) {
  Histogram h;
  for (std::uint64_t v = 1; v <= 100; ++v)
    h.record(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 100u);
  EXPECT_EQ(h.percentile(50), 50u);
  EXPECT_EQ(h.percentile(90), 90u);
  EXPECT_EQ(h.percentile(99), 99u);
  EXPECT_EQ(h.percentile(100), 100u);
  EXPECT_EQ(h.percentile(0), 1u);
  EXPECT_DOUBLE_EQ(h.mean(), 50.5);
}

TEST(BenchHistogram, LargeValuesWithinOnePercent) {
  // A shuffled spread from 1 µs to 100 ms: the percentiles must be within
  // the histogram's 1/128 precision of the exact ones.
  std::vector<std::uint64_t> values;
  for (std::uint64_t v = 1000; v <= 100'000'000; v = v * 1001 / 1000 + 1)
    values.push_back(v);
  std::mt19937_64 engine(5);
  std::shuffle(values.begin(), values.end(), engine);
  Histogram h;
  for (auto v : values)
    h.record(v);
  std::sort(values.begin(), values.end());
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * values.size()));
    const double exact = static_cast<double>(values[rank - 1]);
    const double got = static_cast<double>(h.percentile(p));
    EXPECT_GE(got, exact) << "p" << p;
    EXPECT_LE(got, exact * (1.0 + 1.0 / 128)) << "p" << p;
  }
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.max(), values.back());
}

TEST(BenchHistogram, MergeAddsSamplesAndExtremes) {
  Histogram a;
  Histogram b;
  a.record(10);
  a.record(20);
  b.record(5);
  b.record(1'000'000);
  a.merge(b);
  EXPECT_EQ(a.count(), 4u);
  EXPECT_EQ(a.min(), 5u);
  EXPECT_EQ(a.max(), 1'000'000u);
  EXPECT_EQ(a.percentile(50), 10u);
}

TEST(BenchHistogram, ExtremeValuesDoNotOverflow) {
  Histogram h;
  h.record(0);
  h.record(UINT64_MAX);
  EXPECT_EQ(h.percentile(100), UINT64_MAX);
  EXPECT_EQ(h.percentile(1), 0u);
}

// A server that sends `size` bytes to its first client, then closes.
class SourceThread {
 public:
  explicit SourceThread(std::size_t size) {
    auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
    if (!listener) throw listener.error();
    listener_ = std::move(*listener);
    thread_ = std::thread([this, size] {
      auto client = listener_.accept();
      if (client) (void)client->send_all(std::string(size, 's'));
    });
  }
  ~SourceThread() { thread_.join(); }
  const Endpoint& local() const { return listener_.local(); }

 private:
  Listener listener_;
  std::thread thread_;
};

TEST(BenchThroughput, SendCountsWhatWasSent) {
  test::ServerThread echo;
  ASSERT_EQ(echo.error(), "");
  ThroughputOptions options;
  options.bytes = 4 << 20;
  auto result = throughput(echo.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->bytes_sent, 4u << 20);
  EXPECT_EQ(result->bytes_received, 0u);  // the echo is drained, not measured
  ASSERT_EQ(result->streams.size(), 1u);
  EXPECT_GT(result->send_seconds, 0.0);
}

TEST(BenchThroughput, SendToAServerThatHalfClosesAtOnce) {
  // Like `tcpc -l > /dev/null` with no input: it ends its own stream first,
  // then reads everything. That is not the end of the test.
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok());
  std::size_t read = 0;
  std::thread server([&] {
    auto client = listener->accept();
    if (!client) return;
    (void)client->shutdown_write();
    read = test::read_until_eof(*client).data.size();
  });
  ThroughputOptions options;
  options.bytes = 2 << 20;
  auto result = throughput(listener->local(), options);
  server.join();
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->bytes_sent, 2u << 20);
  EXPECT_EQ(read, 2u << 20);
}

TEST(BenchThroughput, BothDirectionsInParallelStreams) {
  test::ServerThread echo;
  ASSERT_EQ(echo.error(), "");
  ThroughputOptions options;
  options.bytes = 1 << 20;
  options.direction = Direction::both;
  options.parallel = 3;
  options.block_size = 10'000;  // blocks that do not divide the total
  auto result = throughput(echo.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  ASSERT_EQ(result->streams.size(), 3u);
  for (const auto& stream : result->streams) {
    EXPECT_EQ(stream.bytes_sent, 1u << 20);
    EXPECT_EQ(stream.bytes_received, 1u << 20);
  }
  EXPECT_EQ(result->bytes_received, 3u << 20);
}

// A plain socket stream that remembers the largest write it was offered.
class WriteSizeRecorder final : public Stream {
 public:
  WriteSizeRecorder(SocketStream inner, std::size_t& largest)
      : inner_(std::move(inner)), largest_(largest) {}
  Socket& socket() noexcept override { return inner_.socket(); }
  Result<IoStatus> read_some(std::span<char> buffer) override { return inner_.read_some(buffer); }
  Result<IoStatus> write_some(std::string_view data) override {
    largest_ = std::max(largest_, data.size());
    return inner_.write_some(data);
  }
  Result<Want> shutdown_write() override { return inner_.shutdown_write(); }

 private:
  SocketStream inner_;
  std::size_t& largest_;
};

// The largest send() a run with `options` asks for.
std::size_t largest_write(ThroughputOptions options) {
  test::ServerThread echo;
  EXPECT_EQ(echo.error(), "");
  std::size_t largest = 0;
  const StreamMaker recording = [&](Socket socket) -> Result<std::unique_ptr<Stream>> {
    auto plain = SocketStream::wrap(std::move(socket));
    if (!plain) return plain.error();
    return std::unique_ptr<Stream>(std::make_unique<WriteSizeRecorder>(std::move(*plain), largest));
  };
  options.bytes = 4 << 20;
  auto result = throughput(echo.local(), options, recording);
  EXPECT_TRUE(result.ok()) << result.error().message();
  return largest;
}

TEST(BenchThroughput, SendsInBlocksOfTheBlockSize) {
  EXPECT_EQ(largest_write({}), 1u << 20);  // the default, as --help says
  ThroughputOptions small;
  small.block_size = 10'000;
  EXPECT_EQ(largest_write(small), 10'000u);
}

TEST(BenchThroughput, TimedRunStopsByItself) {
  test::ServerThread echo;
  ASSERT_EQ(echo.error(), "");
  ThroughputOptions options;
  options.duration = 200ms;
  auto result = throughput(echo.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_GT(result->bytes_sent, 0u);
}

TEST(BenchThroughput, ReceiveFromASourceUntilItCloses) {
  SourceThread source(3'000'000);
  ThroughputOptions options;
  options.direction = Direction::recv;
  options.duration = 10s;  // the source's end comes first
  auto result = throughput(source.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->bytes_received, 3'000'000u);
  EXPECT_EQ(result->bytes_sent, 0u);
}

TEST(BenchThroughput, ReceiveStopsAtTheByteCount) {
  SourceThread source(3'000'000);
  ThroughputOptions options;
  options.direction = Direction::recv;
  options.bytes = 1'000'000;
  auto result = throughput(source.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->bytes_received, 1'000'000u);
}

TEST(BenchRoundTrips, RecordsEveryRoundTrip) {
  test::ServerThread echo;
  ASSERT_EQ(echo.error(), "");
  RoundTripOptions options;
  options.size = 100;
  options.duration = 100ms;
  auto result = round_trips(echo.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const Histogram& h = result->nanoseconds;
  EXPECT_GT(h.count(), 0u);
  EXPECT_LE(h.min(), h.percentile(50));
  EXPECT_LE(h.percentile(50), h.percentile(99));
  EXPECT_LE(h.percentile(99), h.max());
}

TEST(BenchRoundTrips, ServerThatClosesIsAnError) {
  SourceThread closes_at_once(0);
  RoundTripOptions options;
  options.duration = 5s;
  auto result = round_trips(closes_at_once.local(), options);
  ASSERT_FALSE(result.ok());
  // Closed before or after our request arrived: an end of stream, or a reset.
  const std::string& message = result.error().message();
  EXPECT_TRUE(message.find("closed the connection") != std::string::npos ||
              result.error().code() == std::errc::connection_reset ||
              result.error().code() == std::errc::broken_pipe)
      << message;
}

TEST(BenchConnectRate, CompletesConnectionsWithoutFailures) {
  test::ServerThread echo;
  ASSERT_EQ(echo.error(), "");
  ConnectRateOptions options;
  options.duration = 200ms;
  options.concurrency = 3;
  auto result = connect_rate(echo.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_GT(result->completed, 0u);
  EXPECT_EQ(result->failed, 0u) << result->first_failure;
  EXPECT_EQ(result->nanoseconds.count(), result->completed);
}

TEST(BenchConnectRate, NobodyListeningIsAnError) {
  Endpoint closed;
  {
    auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
    ASSERT_TRUE(listener.ok());
    closed = listener->local();
  }  // closed again: connections are refused
  ConnectRateOptions options;
  options.duration = 5s;
  auto result = connect_rate(closed, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), std::errc::connection_refused) << result.error().message();
}

TEST(BenchHold, OpensHoldsAndPingsEveryConnection) {
  test::ServerThread echo;
  ASSERT_EQ(echo.error(), "");
  HoldOptions options;
  options.count = 300;
  options.hold = 0s;
  options.ping = true;
  auto result = hold_connections(echo.local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->opened, 300u);
  EXPECT_EQ(result->alive_after_hold, 300u);
  EXPECT_EQ(result->answered_ping, 300u);
  EXPECT_EQ(result->stopped_because, "reached 300");
}

// Beyond one address's local ports (100,000 connections), the client
// connects from several: here two chosen ones, in turn.
TEST(BenchHold, ConnectsFromTheGivenSourcesInTurn) {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  ASSERT_TRUE(listener.ok());
  HoldOptions options;
  options.count = 10;
  options.hold = 0s;
  for (const char* address : {"127.0.0.2", "127.0.0.3"}) {
    auto source = resolve(address, 0);
    ASSERT_TRUE(source.ok());
    options.sources.push_back(source->front());
  }
  auto result = hold_connections(listener->local(), options);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->opened, 10u);
  EXPECT_EQ(result->sources, 2u);
  // The backlog kept them (closed since, but still queued): count their sources.
  std::map<std::string, int> from;
  for (int i = 0; i < 10; ++i) {
    auto client = listener->accept();
    ASSERT_TRUE(client.ok()) << client.error().message();
    ++from[client->peer().host()];
  }
  EXPECT_EQ(from, (std::map<std::string, int>{{"127.0.0.2", 5}, {"127.0.0.3", 5}}));
}

// Lowers RLIMIT_NOFILE for one test, restoring it afterwards.
class FdLimit {
 public:
  explicit FdLimit(rlim_t soft) {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lower{soft, saved_.rlim_max};
    ok_ = ::setrlimit(RLIMIT_NOFILE, &lower) == 0;
  }
  ~FdLimit() { ::setrlimit(RLIMIT_NOFILE, &saved_); }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

TEST(BenchHold, SaysWhyItStoppedShort) {
  test::ServerThread echo;  // its own descriptors are opened before the limit drops
  ASSERT_EQ(echo.error(), "");
  HoldOptions options;
  options.count = 2000;
  options.hold = 0s;
  Result<HoldResult> result = Error(errc::invalid_argument, "not run");
  {
    // Room for the test's own descriptors and ~100 client sockets.
    int open_now = 0;
    for (int fd = 0; fd < 1024; ++fd)
      if (::fcntl(fd, F_GETFD) != -1) open_now = fd + 1;
    FdLimit limit(static_cast<rlim_t>(open_now + 100));
    ASSERT_TRUE(limit.ok());
    result = hold_connections(echo.local(), options);
  }
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_GT(result->opened, 0u);
  EXPECT_LT(result->opened, 2000u);
  EXPECT_NE(result->stopped_because.find("out of file descriptors"), std::string::npos)
      << result->stopped_because;
}

}  // namespace
}  // namespace tcpc::bench
