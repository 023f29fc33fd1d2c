// SPDX-License-Identifier: MIT
#include "bench_stream.hpp"

#include <chrono>

namespace tcpc::bench {
namespace {

constexpr Milliseconds kPatience{10'000};

}  // namespace

Result<std::unique_ptr<Stream>> wrap_stream(Socket socket, const StreamMaker& make_stream) {
  if (make_stream) return make_stream(std::move(socket));
  auto plain = SocketStream::wrap(std::move(socket));
  if (!plain) return plain.error();
  return std::unique_ptr<Stream>(std::make_unique<SocketStream>(std::move(*plain)));
}

Result<std::unique_ptr<Stream>> open_stream(const Endpoint& server,
                                            const StreamMaker& make_stream) {
  auto socket = connect(server, ConnectOptions{kPatience, {}, {}});
  if (!socket) return socket.error();
  auto stream = wrap_stream(std::move(*socket), make_stream);
  if (!stream) return stream.error();
  const std::string context = "TLS handshake with " + server.to_string();
  if (auto done = complete_handshake(**stream, kPatience, context); !done) return done.error();
  return stream;
}

}  // namespace tcpc::bench
