// SPDX-License-Identifier: MIT
// The workloads of `tcpc bench`, against tcpc's own server or any echo
// server. Each returns raw figures; the CLI prints them as a table or JSON.
//   throughput: memory-to-memory bulk transfer, like iperf3
//   round_trips: request/response latency, like sockperf ping-pong
//   connect_rate: connections per second (connect, one exchange, close)
//   hold_connections: how many concurrent connections a server keeps open
// Each runs over plain TCP, or over TLS when given a StreamMaker.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/bench/histogram.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/stream.hpp"

namespace tcpc::bench {

using Seconds = std::chrono::duration<double>;

// Turns each connected socket into the stream a workload runs over, its
// handshake not yet done (the workload drives it, and counts it where the
// workload's figure includes it: connect_rate and hold_connections). Empty:
// plain TCP. For TLS: tls::TlsStream::client(socket, context, host).
using StreamMaker = std::function<Result<std::unique_ptr<Stream>>(Socket)>;

enum class Direction {
  send,  // we send; what comes back (an echo) is read and dropped
  recv,  // we only read what the server sends (a source server)
  both,  // we send and read the echo at once, both measured
};

struct ThroughputOptions {
  std::uint64_t bytes = 0;  // per stream; 0: run for `duration`
  Seconds duration{10};
  Direction direction = Direction::send;
  int parallel = 1;  // streams, each its own connection and thread
  // Bytes per send()/recv(), like iperf3 -l (whose default is 128 KiB). On
  // loopback the sending CPU saturates first; 1 MiB blocks spend 8 times
  // fewer system calls on it than 128 KiB ones (docs/BENCHMARKS.md).
  std::size_t block_size = 1024 * 1024;
};

struct StreamResult {
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  double send_seconds = 0;     // from the start to the last byte sent
  double receive_seconds = 0;  // from the start to the last byte received
};

struct ThroughputResult {
  std::vector<StreamResult> streams;
  std::uint64_t bytes_sent = 0;      // sum over streams
  std::uint64_t bytes_received = 0;  // counted only for recv and both
  double send_seconds = 0;           // the slowest stream's
  double receive_seconds = 0;
};

Result<ThroughputResult> throughput(const Endpoint& server, const ThroughputOptions& options,
                                    const StreamMaker& make_stream = {});

struct RoundTripOptions {
  std::size_t size = 64;  // bytes per request; the echo must return as many
  Seconds duration{5};
};

struct RoundTripResult {
  Histogram nanoseconds;  // one sample per round trip
  double seconds = 0;
};

Result<RoundTripResult> round_trips(const Endpoint& server, const RoundTripOptions& options,
                                    const StreamMaker& make_stream = {});

struct ConnectRateOptions {
  Seconds duration{5};
  int concurrency = 1;   // connections in progress at once
  std::size_t size = 5;  // bytes sent and expected back on each connection
};

struct ConnectRateResult {
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
  std::string first_failure;  // why the first failed one failed
  Histogram nanoseconds;      // connect to close, per completed connection
  double seconds = 0;
};

// Each connection: connect, send `size` bytes, half-close, read the echo
// until the server closes, close. The server closing first keeps the
// client's ports out of TIME_WAIT, so long runs do not run out of them.
// Over TLS the handshake is part of each connection's time.
Result<ConnectRateResult> connect_rate(const Endpoint& server, const ConnectRateOptions& options,
                                       const StreamMaker& make_stream = {});

struct HoldOptions {
  std::size_t count = 10'000;
  int in_flight = 64;  // handshakes in progress at once; below the server's backlog
  Seconds connect_timeout{5};
  Seconds hold{1};    // how long to keep them all open before checking them
  bool ping = false;  // then send one byte on each and wait for its echo
  // Local addresses to connect from, in turn. Empty: the system picks, and
  // towards an IPv4 loopback server with more connections than one source
  // address has local ports for (net.ipv4.ip_local_port_range), 127.0.0.1,
  // 127.0.0.2, ... as many as needed: all of 127/8 is loopback on Linux.
  std::vector<Endpoint> sources;
};

struct HoldResult {
  std::size_t opened = 0;
  std::size_t alive_after_hold = 0;  // not closed or reset by the server meanwhile
  std::size_t answered_ping = 0;     // with `ping`
  double open_seconds = 0;           // time to open them
  std::size_t sources = 1;           // local addresses they came from
  std::string stopped_because;       // "reached N", or the error that ended opening
};

// Over TLS a connection counts as opened once its handshake is done.
Result<HoldResult> hold_connections(const Endpoint& server, const HoldOptions& options,
                                    const StreamMaker& make_stream = {});

}  // namespace tcpc::bench
