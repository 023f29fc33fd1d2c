// SPDX-License-Identifier: MIT
// TLS for the CLI's modes: contexts made from the options before any I/O
// (a bad --cafile is a usage error), handshakes, -v reports and warnings.
// A new client mode needs two calls: client_context() before connecting and
// start_client_tls() on the connected socket; it then uses the Stream.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "options.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/server.hpp"
#include "tcpc/stream.hpp"
#include "tcpc/tls/tls.hpp"

namespace tcpc::cli {

// Without --tls: nullopt.
Result<std::optional<tls::Context>> client_context(const Options& options);
// The handshake, with -w (or 10 s) as its limit; `host` is what the user
// connected to (SNI and the name checked, unless --servername). -v prints the
// session and the server's certificate; --insecure prints a warning.
Result<std::unique_ptr<tls::TlsStream>> start_client_tls(Socket socket, const tls::Context& context,
                                                         std::string_view host,
                                                         const Options& options);

// What a client mode runs over: with a context, start_client_tls(); without,
// the plain socket as a non-blocking SocketStream.
Result<std::unique_ptr<Stream>> start_client_stream(Socket socket,
                                                    const std::optional<tls::Context>& context,
                                                    std::string_view host, const Options& options);

// Without --tls: nullopt. With a temporary certificate, prints its fingerprint.
Result<std::optional<tls::Context>> server_context(const Options& options);
Result<std::unique_ptr<tls::TlsStream>> start_server_tls(Socket socket, const tls::Context& context,
                                                         const Options& options);
// The server's clients, in every --mode, become TLS sessions (-v logs each
// one's details through log_line, where the server's log goes too).
void serve_tls(ServerOptions& server_options, const tls::Context& context, const Options& options,
               std::function<void(std::string_view)> log_line);

// relay() over a TLS session; -v notes a peer that ended without close_notify.
Result<RelayTotals> relay_tls(tls::TlsStream& stream, const RelayOptions& relay_options,
                              const Options& options);

}  // namespace tcpc::cli
