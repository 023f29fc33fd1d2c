// SPDX-License-Identifier: MIT
#include "tls_session.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "i18n.hpp"
#include "tls_files.hpp"

namespace tcpc::cli {
namespace {

// Without -w, a peer that never finishes the handshake is given up on after this.
constexpr Milliseconds kDefaultHandshakeTimeout{10'000};

void print_session(const tls::TlsStream& stream) {
  fmt::print(stderr, "{}", tls::describe(stream.info()));
  std::fflush(stderr);
}

}  // namespace

Result<std::optional<tls::Context>> client_context(const Options& options) {
  if (!options.tls.enabled) return std::optional<tls::Context>();
  const tls::ClientConfig& config = options.tls.client;
  if (auto ok = check_tls_files(config.ca_file, config.ca_path, config.cert_file, config.key_file);
      !ok) {
    return ok.error();
  }
  auto context = tls::Context::client(options.tls.client);
  if (!context) return context.error();
  return std::optional<tls::Context>(std::move(*context));
}

Result<std::unique_ptr<tls::TlsStream>> start_client_tls(Socket socket, const tls::Context& context,
                                                         std::string_view host,
                                                         const Options& options) {
  auto stream = tls::connect(std::move(socket), context, host,
                             options.timeout.value_or(kDefaultHandshakeTimeout));
  if (!stream) return stream.error();
  if (!options.tls.client.verify) {
    const tls::SessionInfo info = (*stream)->info();
    // The reason in brackets is OpenSSL's, in English.
    fmt::print(stderr, "tcpc: {}{}\n",
               tr("warning: --insecure: the server's certificate is not verified"),
               info.verify_result.empty() || info.verified ? std::string()
                                                           : " (" + info.verify_result + ")");
  }
  if (options.verbose > 0) print_session(**stream);
  return stream;
}

Result<std::unique_ptr<Stream>> start_client_stream(Socket socket,
                                                    const std::optional<tls::Context>& context,
                                                    std::string_view host, const Options& options) {
  if (context) {
    auto stream = start_client_tls(std::move(socket), *context, host, options);
    if (!stream) return stream.error();
    return std::unique_ptr<Stream>(std::move(*stream));
  }
  auto plain = SocketStream::wrap(std::move(socket));
  if (!plain) return plain.error();
  return std::unique_ptr<Stream>(std::make_unique<SocketStream>(std::move(*plain)));
}

Result<std::optional<tls::Context>> server_context(const Options& options) {
  if (!options.tls.enabled) return std::optional<tls::Context>();
  const tls::ServerConfig& config = options.tls.server;
  if (auto ok = check_tls_files(config.ca_file, config.ca_path, config.cert_file, config.key_file);
      !ok) {
    return ok.error();
  }
  auto context = tls::Context::server(options.tls.server);
  if (!context) return context.error();
  if (!context->temporary_fingerprint().empty()) {
    fmt::print(stderr, "{}",
               trf("TLS: temporary self-signed certificate for localhost, 127.0.0.1 and ::1\n"
                   "  SHA-256: {}\n"
                   "  (clients need --insecure; compare this fingerprint with what tcpc -v "
                   "shows)\n",
                   context->temporary_fingerprint()));
    std::fflush(stderr);
  }
  return std::optional<tls::Context>(std::move(*context));
}

Result<std::unique_ptr<tls::TlsStream>> start_server_tls(Socket socket, const tls::Context& context,
                                                         const Options& options) {
  auto stream =
      tls::accept(std::move(socket), context, options.timeout.value_or(kDefaultHandshakeTimeout));
  if (!stream) return stream.error();
  if (options.verbose > 0) print_session(**stream);
  return stream;
}

void serve_tls(ServerOptions& server_options, const tls::Context& context, const Options& options,
               std::function<void(std::string_view)> log_line) {
  server_options.wrap = [context](Socket socket) -> Result<std::unique_ptr<Stream>> {
    auto stream = tls::TlsStream::server(std::move(socket), context);
    if (!stream) return stream.error();
    return std::unique_ptr<Stream>(std::move(*stream));
  };
  if (options.verbose > 0) {
    // Through the server's log when it has one: the print console keeps its
    // prompt below what it logs.
    server_options.on_ready = [log_line = std::move(log_line)](Stream& stream) {
      std::string text = fmt::format("{} {}", stream.peer().to_string(),
                                     tls::describe(static_cast<tls::TlsStream&>(stream).info()));
      if (!text.empty() && text.back() == '\n') text.pop_back();
      log_line(text);
    };
  }
}

Result<RelayTotals> relay_tls(tls::TlsStream& stream, const RelayOptions& relay_options,
                              const Options& options) {
  auto totals = relay(stream, relay_options);
  if (totals && options.verbose > 0 && stream.ended_without_close_notify()) {
    fmt::print(
        stderr, "{}\n",
        trf("TLS: {} closed the connection without close_notify", stream.peer().to_string()));
  }
  return totals;
}

}  // namespace tcpc::cli
