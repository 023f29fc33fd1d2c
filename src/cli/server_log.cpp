// SPDX-License-Identifier: MIT
#include "server_log.hpp"

#include <fmt/format.h>
#include <sys/socket.h>

#include <cstdio>

#include "error_text.hpp"
#include "i18n.hpp"

namespace tcpc::cli {
namespace {

std::string failure(const std::optional<Error>& error) {
  return error ? localized_message(*error) : std::string(tr("failed"));
}

// How a client's connection ended, as it follows "closed".
std::string how_it_ended(const ServerEvent& event) {
  switch (event.end) {
    case ServerEvent::End::finished:
      break;
    case ServerEvent::End::failed:
      // TRANSLATORS: after "#1 127.0.0.1:40000 closed": why.
      return trf(": {}", failure(event.error));
    case ServerEvent::End::kicked:
      return tr(" by the server");
    case ServerEvent::End::stopped:
      return tr(" (server stopped)");
  }
  return {};
}

// What the mode did with a datagram, as it follows "N bytes from ADDR".
std::string what_it_did(const UdpServerEvent& event) {
  switch (event.mode) {
    case ServerMode::echo:
      return tr(" echoed");
    case ServerMode::reply:
      return tr(" answered");
    case ServerMode::source:
      return trnf(" answered with {} byte", " answered with {} bytes", event.source_bytes,
                  event.source_bytes);
    case ServerMode::discard:
      return tr(" discarded");
    case ServerMode::print:
      break;
  }
  return tr(" printed");
}

}  // namespace

std::string server_log_line(const ServerEvent& event) {
  const std::string peer = event.peer.to_string();
  switch (event.kind) {
    case ServerEvent::Kind::accepted:
      return trf("#{} connection from {}", event.client, peer);
    case ServerEvent::Kind::turned_away:
      return trnf("connection from {} turned away: {} client connected, the most allowed",
                  "connection from {} turned away: {} clients connected, the most allowed",
                  event.connected, peer, event.connected);
    case ServerEvent::Kind::failed:
      return failure(event.error);
    case ServerEvent::Kind::denied:
      return trf("connection from {} denied: not allowed", peer);
    case ServerEvent::Kind::rule_fired: {
      // TRANSLATORS: "#1 rule 2 (PING => PONG\r\n) answered: 6 bytes"; the
      // last field is empty or " after 200 ms".
      const std::string after =
          event.delay.count() > 0 ? trf(" after {} ms", event.delay.count()) : std::string();
      return trnf("#{} rule {} ({}) answered: {} byte{}", "#{} rule {} ({}) answered: {} bytes{}",
                  event.bytes, event.client, event.rule, event.rule_text, event.bytes, after);
    }
    case ServerEvent::Kind::no_rule:
      return trnf("#{} no rule matched {} byte", "#{} no rule matched {} bytes", event.bytes,
                  event.client, event.bytes);
    case ServerEvent::Kind::closed:
      break;
  }
  const std::uint64_t in = event.summary.bytes_received;
  // TRANSLATORS: "#1 127.0.0.1:40000 closed (5 bytes in, 5 out)"; the third
  // field is empty or how it ended (" by the server", ": REASON").
  return trf("#{} {} closed{} ({}, {} out)", event.client, peer, how_it_ended(event),
             trnf("{} byte in", "{} bytes in", in, in), event.summary.bytes_sent);
}

std::string server_log_line(const UdpServerEvent& event) {
  switch (event.kind) {
    case UdpServerEvent::Kind::first_datagram:
      return trf("#{} first datagram from {}", event.sender, event.peer.to_string());
    case UdpServerEvent::Kind::datagram:
      // TRANSLATORS: "#1 5 bytes from 127.0.0.1:40000 echoed".
      return trnf("#{} {} byte from {}{}", "#{} {} bytes from {}{}", event.bytes, event.sender,
                  event.bytes, event.peer.to_string(), what_it_did(event));
    case UdpServerEvent::Kind::denied:
      return trnf("{} byte from {} dropped: not allowed", "{} bytes from {} dropped: not allowed",
                  event.bytes, event.bytes, event.peer.to_string());
    case UdpServerEvent::Kind::failed:
      break;
  }
  return failure(event.error);
}

// Unix clients are usually unnamed, and the library names such a connection
// by the server's own path (for error lines): the log must not present that
// path as the client's, so it says where the connection came in, as nc -v.
void log_connection(const Socket& client, const Listener& listener) {
  const Endpoint& peer = client.peer();
  if (peer.family() == AF_UNIX && peer.to_string() == listener.local().to_string()) {
    fmt::print(stderr, "{}\n", trf("Connection received on {}", peer.to_string()));
  } else {
    fmt::print(stderr, "{}\n", trf("Connection from {}", peer.to_string()));
  }
  std::fflush(stderr);
}

}  // namespace tcpc::cli
