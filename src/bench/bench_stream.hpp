// SPDX-License-Identifier: MIT
// Internal: the stream each benchmark connection runs over, plain or made by
// the caller's StreamMaker (TLS).
#pragma once

#include <memory>

#include "tcpc/bench/workloads.hpp"
#include "tcpc/stream.hpp"

namespace tcpc::bench {

// make_stream's stream for `socket`, or the socket itself as a SocketStream;
// either way non-blocking, its handshake not yet done.
Result<std::unique_ptr<Stream>> wrap_stream(Socket socket, const StreamMaker& make_stream);
// Connects to `server` and wraps the socket, the handshake done within 10 s.
Result<std::unique_ptr<Stream>> open_stream(const Endpoint& server, const StreamMaker& make_stream);

}  // namespace tcpc::bench
