// SPDX-License-Identifier: MIT
// The TLS options (--tls, --cafile, --insecure, ...): their own block of
// long options, checked before any I/O like the rest.
#pragma once

#include <string>

#include "tcpc/result.hpp"
#include "tcpc/tls/tls.hpp"

namespace CLI {
class App;
}

namespace tcpc::cli {

struct TlsOptions {
  bool enabled = false;      // --tls
  tls::ClientConfig client;  // used by client modes
  tls::ServerConfig server;  // used with -l
};

// As CLI11 parsed them, before checking.
struct RawTlsOptions {
  bool tls = false;
  bool insecure = false;
  bool verify_client = false;
  std::string ca_file;
  std::string ca_path;
  std::string server_name;
  std::string alpn;
  std::string cert_file;
  std::string key_file;
  std::string min_version;
};

// with_server: also --verify-client, which only -l uses (bench is a client).
void define_tls_options(CLI::App& app, RawTlsOptions& raw, bool with_server = true);
// `listen`: -l was given, so the server-side options apply.
Result<TlsOptions> convert_tls_options(const RawTlsOptions& raw, bool listen);

}  // namespace tcpc::cli
