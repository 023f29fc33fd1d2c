// SPDX-License-Identifier: MIT
// The TLS API of tcpc/tls/tls.hpp without OpenSSL: every call that would start a
// session fails with one clear error. The plain `tcpc` tool links this instead
// of the OpenSSL files and hands TLS command lines to `tcpc-tls`
// (src/cli/tls_binary.hpp), so that plain runs never map OpenSSL.
#include <cstdlib>

#include "tcpc/tls/tls.hpp"

namespace tcpc::tls {
namespace {

Error unavailable() {
  return Error(std::make_error_code(std::errc::function_not_supported), Operation::tls_setup, {},
               "this program was built without TLS support");
}

}  // namespace

bool available() noexcept {
  return false;
}

Result<Context> Context::client(const ClientConfig&) {
  return unavailable();
}
Result<Context> Context::server(const ServerConfig&) {
  return unavailable();
}

const std::string& Context::temporary_fingerprint() const noexcept {
  static const std::string none;
  return none;
}

Result<std::unique_ptr<TlsStream>> TlsStream::client(Socket, const Context&, std::string_view) {
  return unavailable();
}
Result<std::unique_ptr<TlsStream>> TlsStream::server(Socket, const Context&) {
  return unavailable();
}

// No TlsStream can exist without a Context, and no Context without OpenSSL:
// the members below only complete the class for the linker.
struct detail::SessionState {};
TlsStream::~TlsStream() = default;
Result<Want> TlsStream::handshake() {
  return unavailable();
}
Result<IoStatus> TlsStream::read_some(std::span<char>) {
  return unavailable();
}
Result<IoStatus> TlsStream::write_some(std::string_view) {
  return unavailable();
}
Result<Want> TlsStream::shutdown_write() {
  return unavailable();
}
bool TlsStream::has_pending() const noexcept {
  return false;
}
SessionInfo TlsStream::info() const {
  return {};
}

Result<std::unique_ptr<TlsStream>> connect(Socket, const Context&, std::string_view, Milliseconds) {
  return unavailable();
}
Result<std::unique_ptr<TlsStream>> accept(Socket, const Context&, Milliseconds) {
  return unavailable();
}

}  // namespace tcpc::tls
