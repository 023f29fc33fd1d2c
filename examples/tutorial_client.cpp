// SPDX-License-Identifier: MIT
// The tutorial's TCP client, step by step, with libtcpc:
//   1 create a socket, 2 ask for the server's IP and port, 3 connect,
//   4 send what the user typed (UTF-8 or GBK), 5 receive up to 1024 bytes
//   and print them decoded, 6 close.
#include <tcpc/tcpc.hpp>

#include <iostream>
#include <string>

int main() try {
  std::string ip, port, text, encoding_name;
  std::cout << "Server IP: " << std::flush;
  std::getline(std::cin, ip);
  std::cout << "Server port: " << std::flush;
  std::getline(std::cin, port);

  // Steps 1-3: resolve the address, create the socket and connect.
  auto endpoints = tcpc::resolve(ip, tcpc::parse_port(port).value()).value();
  tcpc::Socket sock = tcpc::connect(endpoints).value();

  std::cout << "Text to send: " << std::flush;
  std::getline(std::cin, text);
  std::cout << "Encoding [utf-8]: " << std::flush;
  std::getline(std::cin, encoding_name);
  auto encoding = tcpc::Encoding::find(encoding_name.empty() ? "utf-8" : encoding_name).value();

  // Step 4: send the text as bytes in the chosen encoding.
  sock.send_all(tcpc::encode(encoding, text).value()).value();

  // Step 5: receive up to 1024 bytes and decode them for display.
  std::string reply = sock.recv(1024).value();
  std::cout << "Received: " << tcpc::decode(encoding, reply) << "\n";

  // Step 6: close (the destructor would too).
  sock.close().value();
} catch (const tcpc::Error& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
