// SPDX-License-Identifier: MIT
// Guided mode: the tutorial's six steps of a TCP client, narrated, with the
// user's answers read line by line (a terminal or a pipe). A wrong answer is
// explained and asked again; only the network can make it fail.
// `tcpc --tls` runs the same steps over TLS: no new question, one more line
// after connect() that tells what the handshake agreed and checked.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <string>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "stats_output.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/stream.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

constexpr std::uint64_t kTutorialRecvSize = 1024;
constexpr Milliseconds kReplyTimeout{10'000};

const bool stdin_is_terminal = ::isatty(STDIN_FILENO);

// Prints the prompt and reads one answer; nullopt at end of input.
std::optional<std::string> ask(const std::string& prompt) {
  fmt::print("{}", prompt);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) {
    fmt::print("\n");
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // Answers from a pipe are not echoed by a terminal: show them, so the
  // transcript reads like a session.
  if (!stdin_is_terminal) fmt::print("{}\n", line);
  return line;
}

Error no_answer(const std::string& what) {
  return Error(errc::invalid_argument, "", trf("no answer for '{}': input ended", what));
}

void retry(const std::string& reason) {
  fmt::print("{}", trf("  {} - please try again.\n", reason));
}

// Asks until `accept` returns a value; `accept` explains what is wrong otherwise.
template <class T, class Accept>
Result<T> ask_until(const std::string& prompt, Accept accept) {
  for (;;) {
    // TRANSLATORS: a prompt, the question then the answer ("Server IP: ").
    auto answer = ask(trf("{}: ", prompt));
    if (!answer) return no_answer(prompt);
    Result<T> value = accept(*answer);
    if (value) return value;
    retry(localized_message(value.error()));
  }
}

const char* family_name(int family) {
  return family == AF_INET6 ? "AF_INET6" : "AF_INET";
}

// What a learner should know about the TLS session that now carries the data.
void narrate_tls(const tls::SessionInfo& info) {
  fmt::print("{}", trf("        TLS handshake: {} with {}; the data is now encrypted.\n",
                       info.version, info.cipher));
  if (!info.has_certificate) return;
  if (info.verified) {
    fmt::print("{}", trf("        The server's certificate ({}, issued by {}) was verified.\n",
                         info.subject, info.issuer));
  } else {
    fmt::print("{}", trf("        The server's certificate ({}) was NOT verified (--insecure).\n",
                         info.subject));
  }
}

}  // namespace

Result<int> run_guided(const Options& options) {
  if (auto checked = check_stdin(); !checked) return checked.error();  // the answers come from it
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();
  auto tls_context = client_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  fmt::print("{}\n\n",
             tr("tcpc guided mode: a TCP client in six steps. End input (Ctrl-D) to quit."));
  if (*tls_context)
    fmt::print("{}\n\n", tr("With --tls: TLS runs over the TCP connection after step 3."));

  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.numeric_host = options.numeric;

  // Step 2 comes first for the user: the socket's address family depends on
  // the address they give.
  auto host =
      ask_until<std::string>(tr("Server IP"), [&](const std::string& text) -> Result<std::string> {
        if (text.empty())
          return Error(errc::invalid_host, "", tr("an IP address or host name is needed"));
        auto resolved = resolve(text, 1, resolve_options);
        if (!resolved) return resolved.error();
        return text;
      });
  if (!host) return host.error();
  auto port = ask_until<std::uint16_t>(tr("Server port"),
                                       [](const std::string& text) { return parse_port(text); });
  if (!port) return port.error();

  const auto resolve_start = std::chrono::steady_clock::now();
  auto endpoints = resolve(*host, *port, resolve_options);
  if (!endpoints) return endpoints.error();
  const auto resolve_time =
      std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() - resolve_start);
  fmt::print("{}", trf("Step 1. socket({}, SOCK_STREAM): a TCP socket for the server's address "
                       "family.\n",
                       family_name(endpoints->front().family())));
  fmt::print("{}", trf("Step 2. The server's address is {}.\n", endpoints->front().to_string()));

  ConnectOptions connect_options;
  connect_options.timeout = options.timeout.value_or(Milliseconds(10'000));
  const auto start = std::chrono::steady_clock::now();
  auto socket = connect(*endpoints, connect_options);
  if (!socket) return socket.error();
  const double handshake_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const auto connected = std::chrono::steady_clock::now();
  auto local = socket->local_endpoint();
  // TRANSLATORS: the fields are the server, the local address and the time
  // in ms; {1} {0} {2:.2f} reorders them.
  fmt::print("{}", trf("Step 3. connect(): connected to {} from {} (the three-way handshake "
                       "took {:.2f} ms).\n",
                       socket->peer().to_string(), local ? local->to_string() : std::string("?"),
                       handshake_ms));
  // With --tls a certificate that fails verification ends here, before any data.
  auto stream = start_client_stream(std::move(*socket), *tls_context, *host, options);
  if (!stream) return stream.error();
  if (*tls_context) narrate_tls(static_cast<tls::TlsStream&>(**stream).info());

  auto text = ask(trf("{}: ", tr("Text to send")));
  if (!text) return no_answer(tr("Text to send"));

  // The encoding turns text into bytes; --encoding answers the question ahead.
  Encoding encoding = options.encoding.value_or(Encoding::utf8());
  std::string bytes;
  for (;;) {
    if (!options.encoding) {
      auto name = ask(trf("Encoding [{}]: ", encoding.name()));
      if (name && !name->empty()) {
        auto found = Encoding::find(*name);
        if (!found) {
          retry(localized_message(found.error()));
          continue;
        }
        encoding = *found;
      }
    }
    auto encoded = encode(encoding, *text);
    if (encoded) {
      bytes = std::move(*encoded);
      break;
    }
    if (options.encoding) return encoded.error();
    retry(localized_message(encoded.error()));
  }

  if (auto sent = write_all(**stream, bytes, Milliseconds(-1)); !sent) return sent.error();
  fmt::print("{}", trf("Step 4. send(): sent {} bytes ({}): {}\n", bytes.size(), encoding.name(),
                       format_hex(bytes)));

  const std::uint64_t recv_size = options.recv_size != 0 ? options.recv_size : kTutorialRecvSize;
  fmt::print("{}", trf("Step 5. recv({}): waiting for the reply...\n", recv_size));
  std::fflush(stdout);
  const Milliseconds wait = options.timeout.value_or(kReplyTimeout);
  std::string reply(recv_size, '\0');
  auto received = read_within(**stream, reply, wait);
  if (!received) return received.error();
  if (!*received) {
    return Error(std::make_error_code(std::errc::timed_out),
                 "recv from " + (*stream)->peer().to_string(),
                 trf("no reply within {:g} s", wait.count() / 1000.0));
  }
  reply.resize(**received);
  if (reply.empty()) {
    fmt::print("{}", tr("Received 0 bytes: the server closed the connection without replying.\n"));
  } else {
    fmt::print("{}", trf("Received {} bytes: {}\n", reply.size(),
                         decode(encoding, reply, options.undecodable)));
    fmt::print("{}", trf("  as hex: {}\n", format_hex(reply)));
  }

  if (*stats) {
    // Read before close(): TCP_INFO belongs to the open socket.
    ConnectionReport report = report_for((*stream)->socket(), Role::client);
    report.resolve_time = resolve_time;
    report.connect_time = std::chrono::duration_cast<Microseconds>(connected - start);
    report.duration =
        std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() - connected);
    report.bytes_sent = bytes.size();
    report.bytes_received = reply.size();
    std::fflush(stdout);
    (*stats)->connection(report);
  }
  // TLS: close_notify first, so the server sees a clean end of the session.
  if (*tls_context) (void)(*stream)->shutdown_write();
  if (auto closed = (*stream)->socket().close(); !closed) return closed.error();
  fmt::print("{}", tr("Step 6. close(): connection closed.\n"));
  return kSuccess;
}

}  // namespace tcpc::cli
