// SPDX-License-Identifier: MIT
// The tutorial's client over TLS with libtcpc: connect (the certificate and
// host name are verified), send a line, print the reply, close.
//   tls_client HOST PORT [CA_FILE]
// CA_FILE: trust this CA (PEM) instead of the system store, e.g. for a test server.
#include <tcpc/tls/client.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: tls_client HOST PORT [CA_FILE]\n";
    return 2;
  }
  tcpc::tls::ClientConfig config;  // verification is on by default
  if (argc > 3) config.ca_file = argv[3];

  // Resolve, connect, TLS handshake, certificate checked: one call.
  tcpc::tls::Connection conn =
      tcpc::tls::connect(argv[1], tcpc::parse_port(argv[2]).value(), config).value();
  std::cout << "Connected over " << conn.info().version << " to " << conn.info().subject << "\n";

  std::string text;
  std::cout << "Text to send: " << std::flush;
  std::getline(std::cin, text);
  conn.send_all(text).value();

  // Up to 1024 bytes of the reply, decrypted.
  std::cout << "Received: " << conn.recv(1024).value() << "\n";

  conn.close().value();  // close_notify, then close (the destructor would too)
} catch (const tcpc::Error& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
