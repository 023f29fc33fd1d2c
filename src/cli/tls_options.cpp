// SPDX-License-Identifier: MIT
#include "tls_options.hpp"

#include <CLI/CLI.hpp>

#include <utility>
#include <vector>

#include "error_text.hpp"
#include "help.hpp"
#include "i18n.hpp"

namespace tcpc::cli {
namespace {

Result<std::vector<std::string>> split_alpn(const std::string& list) {
  std::vector<std::string> protocols;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = list.find(',', start);
    std::string name = list.substr(start, comma - start);
    if (name.empty()) return usage("--alpn takes names separated by commas, like h2,http/1.1");
    protocols.push_back(std::move(name));
    if (comma == std::string::npos) return protocols;
    start = comma + 1;
  }
}

}  // namespace

void define_tls_options(CLI::App& app, RawTlsOptions& raw, bool with_server) {
  auto* group = help::kTls;
  app.add_flag("--tls", raw.tls,
               tr("Use TLS. Client: the server's certificate and host name are verified. "
                  "With -l: --cert/--key, or a temporary self-signed certificate"))
      ->group(group);
  app.add_option("--cafile", raw.ca_file,
                 tr("Trust the CA certificates in this PEM file instead of the system store"))
      ->type_name("FILE")
      ->group(group);
  app.add_option("--capath", raw.ca_path, tr("Trust the CA certificates in this hashed directory"))
      ->type_name("DIR")
      ->group(group);
  app.add_flag("--insecure", raw.insecure,
               tr("Client: do not verify the server's certificate (a warning is printed)"))
      ->group(group);
  app.add_option("--servername", raw.server_name,
                 tr("Client: the name sent as SNI and checked in the certificate "
                    "(default: the host connected to)"))
      ->type_name("NAME")
      ->group(group);
  app.add_option("--alpn", raw.alpn,
                 tr("ALPN protocols, comma-separated, preferred first: h2,http/1.1"))
      ->type_name("LIST")
      ->group(group);
  app.add_option("--cert", raw.cert_file,
                 tr("Certificate (PEM): the client's, or the server's with -l"))
      ->type_name("FILE")
      ->group(group);
  app.add_option("--key", raw.key_file,
                 tr("Private key (PEM) for --cert (default: in the --cert file)"))
      ->type_name("FILE")
      ->group(group);
  app.add_option("--tls-min", raw.min_version,
                 tr("Oldest TLS version allowed: 1.2 (default) or 1.3"))
      ->type_name("VERSION")
      ->group(group);
  if (!with_server) return;
  app.add_flag("--verify-client", raw.verify_client,
               tr("With -l: require a client certificate issued by --cafile/--capath"))
      ->group(group);
}

Result<TlsOptions> convert_tls_options(const RawTlsOptions& raw, bool listen) {
  TlsOptions options;
  const std::pair<bool, const char*> given[] = {
      {raw.insecure, "--insecure"},
      {raw.verify_client, "--verify-client"},
      {!raw.ca_file.empty(), "--cafile"},
      {!raw.ca_path.empty(), "--capath"},
      {!raw.server_name.empty(), "--servername"},
      {!raw.alpn.empty(), "--alpn"},
      {!raw.cert_file.empty(), "--cert"},
      {!raw.key_file.empty(), "--key"},
      {!raw.min_version.empty(), "--tls-min"},
  };
  if (!raw.tls) {
    for (const auto& [set, name] : given) {
      if (set) return usage("{} needs --tls", name);
    }
    return options;
  }
  options.enabled = true;

  tls::Version min_version = tls::Version::tls1_2;
  if (raw.min_version == "1.3") {
    min_version = tls::Version::tls1_3;
  } else if (!raw.min_version.empty() && raw.min_version != "1.2") {
    return usage("--tls-min must be 1.2 or 1.3, not '{}'", raw.min_version);
  }
  std::vector<std::string> alpn;
  if (!raw.alpn.empty()) {
    auto split = split_alpn(raw.alpn);
    if (!split) return split.error();
    alpn = std::move(*split);
  }
  if (!raw.key_file.empty() && raw.cert_file.empty()) return usage("--key needs --cert");

  if (listen) {
    if (raw.insecure)
      return usage("--insecure is for clients; a server does not verify by default");
    if (!raw.server_name.empty()) return usage("--servername is for clients");
    const bool has_ca = !raw.ca_file.empty() || !raw.ca_path.empty();
    if (raw.verify_client && !has_ca)
      return usage("--verify-client needs --cafile or --capath: the CA of the client certificates");
    if (has_ca && !raw.verify_client)
      return usage("--cafile and --capath with -l are for --verify-client");
    tls::ServerConfig& server = options.server;
    server.cert_file = raw.cert_file;
    server.key_file = raw.key_file;
    server.verify_client = raw.verify_client;
    server.ca_file = raw.ca_file;
    server.ca_path = raw.ca_path;
    server.alpn = std::move(alpn);
    server.min_version = min_version;
    return options;
  }
  if (raw.verify_client) return usage("--verify-client needs -l");
  tls::ClientConfig& client = options.client;
  client.verify = !raw.insecure;
  client.ca_file = raw.ca_file;
  client.ca_path = raw.ca_path;
  client.server_name = raw.server_name;
  client.alpn = std::move(alpn);
  client.cert_file = raw.cert_file;
  client.key_file = raw.key_file;
  client.min_version = min_version;
  return options;
}

}  // namespace tcpc::cli
