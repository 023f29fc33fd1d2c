// SPDX-License-Identifier: MIT
// Guided mode: the tutorial's six steps of a TCP client, narrated, with the
// user's answers read line by line (a terminal or a pipe, guided_prompt.hpp).
// Each step is explained before its question. A wrong answer is explained
// and asked again; end of input (Ctrl-D) at any question quits (exit 0),
// closing the connection if it is open; only the network can make it fail.
// `tcpc --tls` runs the same steps over TLS: no new question, one more line
// after connect() that tells what the handshake agreed and checked.
#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "guided_prompt.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "stats_output.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/stream.hpp"
#include "tcpc/terminal_text.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

constexpr std::uint64_t kTutorialRecvSize = 1024;
constexpr Milliseconds kReplyTimeout{10'000};
// After the first piece of the reply: how long recv() is called again for
// more, to show that TCP carries a stream, not messages.
constexpr Milliseconds kMoreWait{1'000};
// ... and how many recv() calls at most: a server that never stops sending
// (chargen, a log stream) must not keep the tutorial going for ever.
constexpr int kMaxPieces = 8;

void say(const std::string& text) {
  fmt::print("{}", text);
  std::fflush(stdout);
}

// A reason to ask again. It may quote what was typed: escaped, so an
// arrow key or a pasted escape sequence shows as ^[[D instead of running.
void retry(const std::string& reason) {
  say(trf("  {} - please try again.\n", escape_for_terminal(reason)));
}

const char* family_name(int family) {
  return family == AF_INET6 ? "AF_INET6" : "AF_INET";
}

// What a learner should know about the TLS session that now carries the data.
// The names come from the server's certificate: escaped like its data.
void narrate_tls(const tls::SessionInfo& info) {
  say(trf("        TLS handshake: {} with {}; the data is now encrypted.\n", info.version,
          info.cipher));
  if (!info.has_certificate) return;
  if (info.verified) {
    say(trf("        The server's certificate ({}, issued by {}) was verified.\n",
            escape_for_terminal(info.subject), escape_for_terminal(info.issuer)));
  } else {
    say(trf("        The server's certificate ({}) was NOT verified (--insecure).\n",
            escape_for_terminal(info.subject)));
  }
}

// A refused connect() is the first thing most learners meet.
void explain_refused(std::uint16_t port) {
  say(
      trf("        Connection refused: nothing listens on that port, so the server's system\n"
          "        answered the SYN with a reset (RST). For a server to try against, start\n"
          "        one in another terminal:\n"
          "            tcpc -l {} --mode echo\n"
          "        and run tcpc again with 127.0.0.1 as the server IP.\n",
          port));
}

int quit_code_for(PromptAnswer::Kind kind) {
  if (kind == PromptAnswer::Kind::interrupted) return kInterrupted;
  return kind == PromptAnswer::Kind::too_long ? kUsage : kSuccess;
}

class Guide {
 public:
  explicit Guide(const Options& options) : options_(options) {
    resolve_options_.family = options.family;
    resolve_options_.numeric_host = options.numeric;
  }
  Result<int> run();

 private:
  // Asks until `accept` gives a value; nullopt when the user quits.
  template <class T, class Accept>
  std::optional<T> ask_until(const std::string& question, Accept accept, bool trim = true);
  std::optional<std::string> ask_host();
  std::optional<std::uint16_t> ask_port();
  std::optional<std::string> ask_bytes(Encoding& encoding);
  std::optional<Encoding> ask_encoding(const std::string& text, std::string& bytes);
  Result<std::uint64_t> receive(Stream& stream, const Encoding& encoding);
  Result<int> quit(Stream* stream);

  const Options& options_;
  ResolveOptions resolve_options_;
  int quit_code_ = kSuccess;  // how the user quit: Ctrl-D 0, Ctrl-C 130, too long 2
};

template <class T, class Accept>
std::optional<T> Guide::ask_until(const std::string& question, Accept accept, bool trim) {
  for (;;) {
    // TRANSLATORS: a prompt, the question then the answer ("Server IP: ").
    PromptAnswer answer = ask_user(trf("{}: ", question), trim);
    if (answer.kind != PromptAnswer::Kind::text) {
      quit_code_ = quit_code_for(answer.kind);
      return std::nullopt;
    }
    Result<T> value = accept(answer.text);
    if (value) return std::move(*value);
    retry(localized_message(value.error()));
  }
}

std::optional<std::string> Guide::ask_host() {
  return ask_until<std::string>(
      tr("Server IP"), [&](const std::string& text) -> Result<std::string> {
        if (text.empty())
          return Error(errc::invalid_host, "", tr("an IP address or host name is needed"));
        auto resolved = resolve(text, 1, resolve_options_);
        if (!resolved) return resolved.error();
        return text;
      });
}

std::optional<std::uint16_t> Guide::ask_port() {
  return ask_until<std::uint16_t>(tr("Server port"),
                                  [](const std::string& text) { return parse_port(text); });
}

// The encoding for `text`. The default offered is always utf-8, which every
// text has: an answer that was refused never becomes the default.
std::optional<Encoding> Guide::ask_encoding(const std::string& text, std::string& bytes) {
  for (;;) {
    PromptAnswer answer = ask_user(trf("Encoding [{}]: ", Encoding::utf8().name()));
    if (answer.kind != PromptAnswer::Kind::text) {
      quit_code_ = quit_code_for(answer.kind);
      return std::nullopt;
    }
    auto found =
        answer.text.empty() ? Result<Encoding>(Encoding::utf8()) : Encoding::find(answer.text);
    if (!found) {
      retry(localized_message(found.error()));
      continue;
    }
    auto encoded = encode(*found, text);
    if (!encoded) {
      retry(localized_message(encoded.error()));
      continue;
    }
    bytes = std::move(*encoded);
    return *found;
  }
}

// Step 4's questions: the text (not empty, UTF-8) and its encoding
// (--encoding answers that one ahead). Returns the bytes to send.
std::optional<std::string> Guide::ask_bytes(Encoding& encoding) {
  for (;;) {
    auto text = ask_until<std::string>(
        tr("Text to send"),
        [](const std::string& typed) -> Result<std::string> {
          if (typed.empty())
            return Error(errc::invalid_argument, "", tr("type some text: 0 bytes make no message"));
          if (auto valid = encode(Encoding::utf8(), typed); !valid) return valid.error();
          return typed;
        },
        false);
    if (!text) return std::nullopt;
    std::string bytes;
    if (!options_.encoding) {
      auto chosen = ask_encoding(*text, bytes);
      if (!chosen) return std::nullopt;
      encoding = *chosen;
      return bytes;
    }
    encoding = *options_.encoding;
    auto encoded = encode(encoding, *text);
    if (encoded) return std::move(*encoded);
    retry(localized_message(encoded.error()));  // --encoding is fixed: ask for other text
  }
}

// Step 5: recv() once for the reply, then again while more comes within
// kMoreWait: TCP is a byte stream, one recv() is not one message.
Result<std::uint64_t> Guide::receive(Stream& stream, const Encoding& encoding) {
  const std::uint64_t recv_size = options_.recv_size != 0 ? options_.recv_size : kTutorialRecvSize;
  say(trf("Step 5. recv({}): waiting for the reply...\n", recv_size));
  const Milliseconds wait = options_.timeout.value_or(kReplyTimeout);
  Decoder decoder(encoding, options_.undecodable);
  std::string piece(recv_size, '\0');
  std::uint64_t total = 0;
  for (int calls = 0;; ++calls) {
    auto received = read_within(stream, piece, calls == 0 ? wait : kMoreWait);
    if (!received) return received.error();
    if (!*received && calls == 0) {
      return Error(std::make_error_code(std::errc::timed_out), Operation::receive,
                   stream.peer().to_string(), Reason::no_reply,
                   {fmt::format("{:g}", wait.count() / 1000.0)});
    }
    if (!*received || **received == 0) {
      if (calls == 0) {
        say(tr("Received 0 bytes: the server closed the connection without replying.\n"));
      } else if (!*received) {
        say(trf("        Nothing more within {:g} s.\n", kMoreWait.count() / 1000.0));
      } else {
        say(tr("        recv() returned 0: the server closed its side of the connection.\n"));
      }
      // calls >= 2 here: always a plural.
      if (calls > 1)
        say(trf("        The reply came in {} pieces, {} bytes in all.\n", calls, total));
      return total;
    }
    if (calls == kMaxPieces) {
      say(trf("        Stopped after {} pieces, {} bytes: the server may still be sending.\n",
              calls, total));
      return total;
    }
    const std::string_view bytes(piece.data(), **received);
    total += bytes.size();
    std::string text;
    decoder.feed(bytes, text);
    const std::string shown = escape_for_terminal(text);
    say(calls == 0 ? trf("Received {} bytes: {}\n", bytes.size(), shown)
                   : trf("Received {} more bytes: {}\n", bytes.size(), shown));
    say(trf("  as hex: {}\n", format_hex(bytes)));
    if (calls == 0) {
      say(
          trf("        TCP is a byte stream: recv() gives what has arrived so far, not a whole\n"
              "        message, and more may follow. recv() again, for up to {:g} s...\n",
              kMoreWait.count() / 1000.0));
    }
  }
}

// Ctrl-D or Ctrl-C at a question: close what is open and say so.
Result<int> Guide::quit(Stream* stream) {
  if (quit_code_ == kUsage) {
    return Error(errc::invalid_argument, "stdin",
                 trf("an answer longer than {} KiB: not a list of answers", kMaxAnswer / 1024));
  }
  say(quit_code_ == kInterrupted ? tr("Interrupted (Ctrl-C).\n") : tr("Quit (end of input).\n"));
  if (stream) {
    (void)stream->shutdown_write();
    (void)stream->socket().close();
    say(tr("Step 6. close(): connection closed.\n"));
  }
  return quit_code_;
}

// The six steps in order; one function, so the tutorial reads top to bottom
// like the program it teaches (hence longer than most).
Result<int> Guide::run() {
  auto stats = StatsOutput::open(options_.stats);
  if (!stats) return stats.error();
  auto tls_context = client_context(options_);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  say(tr("tcpc guided mode: a TCP client in six steps. Ctrl-D at any question quits.") +
      std::string("\n\n"));
  if (*tls_context)
    say(tr("With --tls: TLS runs over the TCP connection after step 3.") + std::string("\n\n"));

  say(
      tr("Step 1. socket(): a TCP socket is made for the server's address family,\n"
         "        AF_INET for an IPv4 address, AF_INET6 for IPv6. Which server?\n"));
  auto host = ask_host();
  if (!host) return quit(nullptr);
  const auto resolve_start = std::chrono::steady_clock::now();
  auto first = resolve(*host, 1, resolve_options_);
  if (!first) return first.error();
  say(trf("        socket({}, SOCK_STREAM): a TCP socket for this address.\n",
          family_name(first->front().family())));

  say(
      tr("Step 2. The server's address is its IP and a port, 1-65535: the number of the\n"
         "        program that listens there.\n"));
  auto port = ask_port();
  if (!port) return quit(nullptr);
  auto endpoints = resolve(*host, *port, resolve_options_);
  if (!endpoints) return endpoints.error();
  const auto resolve_time =
      std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() - resolve_start);
  say(trf("        The server's address is {}.\n", endpoints->front().to_string()));

  ConnectOptions connect_options;
  connect_options.timeout = options_.timeout.value_or(Milliseconds(10'000));
  const auto start = std::chrono::steady_clock::now();
  auto socket = connect(*endpoints, connect_options);
  if (!socket) {
    if (socket.error().code() == std::errc::connection_refused) explain_refused(*port);
    return socket.error();
  }
  const double handshake_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const auto connected = std::chrono::steady_clock::now();
  auto local = socket->local_endpoint();
  // TRANSLATORS: the fields are the server, the local address and the time
  // in ms; {1} {0} {2:.2f} reorders them.
  say(
      trf("Step 3. connect(): connected to {} from {} (the three-way handshake "
          "took {:.2f} ms).\n",
          socket->peer().to_string(), local ? local->to_string() : std::string("?"), handshake_ms));
  // With --tls a certificate that fails verification ends here, before any data.
  auto stream = start_client_stream(std::move(*socket), *tls_context, *host, options_);
  if (!stream) return stream.error();
  if (*tls_context) narrate_tls(static_cast<tls::TlsStream&>(**stream).info());

  say(tr("Step 4. send(): the text goes out as bytes; the encoding decides which bytes.\n"));
  Encoding encoding = Encoding::utf8();
  auto bytes = ask_bytes(encoding);
  if (!bytes) return quit(stream->get());
  if (auto sent = write_all(**stream, *bytes, Milliseconds(-1)); !sent) return sent.error();
  say(trf("        sent {} bytes ({}): {}\n", bytes->size(), encoding.name(), format_hex(*bytes)));

  auto received = receive(**stream, encoding);
  if (!received) return received.error();

  if (*stats) {
    // Read before close(): TCP_INFO belongs to the open socket.
    ConnectionReport report = report_for((*stream)->socket(), Role::client);
    report.resolve_time = resolve_time;
    report.connect_time = std::chrono::duration_cast<Microseconds>(connected - start);
    report.duration =
        std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() - connected);
    report.bytes_sent = bytes->size();
    report.bytes_received = *received;
    std::fflush(stdout);
    (*stats)->connection(report);
  }
  // TLS: close_notify first, so the server sees a clean end of the session.
  if (*tls_context) (void)(*stream)->shutdown_write();
  if (auto closed = (*stream)->socket().close(); !closed) return closed.error();
  say(tr("Step 6. close(): connection closed.\n"));
  return kSuccess;
}

}  // namespace

Result<int> run_guided(const Options& options) {
  if (auto checked = check_stdin(); !checked) return checked.error();  // the answers come from it
  return Guide(options).run();
}

}  // namespace tcpc::cli
