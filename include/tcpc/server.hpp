// SPDX-License-Identifier: MIT
// A server for many clients at once in one thread (epoll), the "network
// debugging assistant in TCP server mode" that learners and tests connect to.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/address_set.hpp"
#include "tcpc/framer.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/reply_rules.hpp"
#include "tcpc/result.hpp"
#include "tcpc/stream.hpp"

namespace tcpc {

enum class ServerMode {
  echo,     // send back every byte; close after the client half-closes
  discard,  // read and count, send nothing
  print,    // hand every chunk to ServerOptions::on_data; send what send_to() queues
  reply,    // answer every chunk received with ServerOptions::reply
  source,   // send ServerOptions::source_bytes bytes (source_pattern), then half-close
};

// What one client did, for ServerOptions::on_client_closed.
struct ClientSummary {
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::chrono::steady_clock::time_point accepted;
};

// A client connected now (Server::clients(): the print console's /clients).
struct ClientStatus {
  std::uint64_t id = 0;
  Endpoint peer;
  ClientSummary summary;  // so far
};

// One chunk received from a client (every mode but echo).
struct ClientData {
  std::uint64_t client;  // 1, 2, ... in order of arrival, as the log shows it ("#2")
  const Endpoint& peer;
  std::string_view bytes;
};

// One entry of the server's log, as data, so that a program can word it in
// its own language (tcpc's CLI translates it); describe() gives the English
// line that ServerOptions::log receives for it.
struct ServerEvent {
  enum class Kind {
    accepted,     // client #`client` connected from `peer`
    closed,       // client #`client` (`peer`) left: `end` says how, `summary` what it did
    turned_away,  // `peer` came while `connected` clients were, the most allowed
    failed,       // accepting or setting up a client failed (`error`); the server goes on
    denied,       // `peer` is not admitted by ServerOptions::access: closed unserved
    rule_fired,   // reply by rule: rule number `rule` (1-based) answered client #`client`
                  // with `bytes` bytes (sent after `delay`)
    no_rule,      // reply by rule: `bytes` bytes from client #`client` matched no rule
  };
  enum class End {
    finished,  // the client ended, or its mode had done its part
    failed,    // `error` ended it
    kicked,    // Server::close_client()
    stopped,   // Server::stop() or cancel_fd
  };
  Kind kind = Kind::accepted;
  std::uint64_t client = 0;
  Endpoint peer;
  End end = End::finished;
  ClientSummary summary;
  std::size_t connected = 0;
  std::optional<Error> error;
  // rule_fired and no_rule.
  std::size_t rule = 0;
  std::string rule_text;  // the rule as written: "PING => PONG\r\n"
  std::size_t bytes = 0;
  std::chrono::milliseconds delay{0};
};

// "#1 connection from 127.0.0.1:40000", "#1 127.0.0.1:40000 closed (5 bytes
// in, 5 out)", ...
std::string describe(const ServerEvent& event);

// What source mode sends: RFC 864 chargen lines (72 printable characters and
// CRLF, each line shifted by one), `size` bytes of it starting at `offset`.
std::string source_pattern(std::uint64_t offset, std::size_t size);

struct ServerOptions {
  ServerMode mode = ServerMode::echo;
  std::size_t max_clients = 0;  // 0: no limit; beyond it, new clients wait in the backlog
  // Set: a client beyond max_clients does not wait unseen in the backlog; it
  // is accepted, logged, sent these bytes (not over a wrapped stream: no
  // handshake was made) and closed.
  std::optional<std::string> busy_message;
  bool once = false;  // return after the first client leaves
  // Who may connect (--allow, --deny). A client it does not admit is closed
  // as soon as it is accepted, before a byte either way (no TLS handshake
  // either), with an RST so that it cannot mistake the close for an empty
  // answer; it is logged (Kind::denied) and neither numbered nor counted.
  AccessPolicy access;
  std::size_t buffer_size = 64 * 1024;
  // Receives one line per event ("#1 connection from ...", "#1 ... closed"):
  // describe() of what on_event receives. Either, both or neither may be set.
  std::function<void(std::string_view)> log;
  std::function<void(const ServerEvent&)> on_event;
  // Called as each client leaves, while its socket is still open (--stats
  // reads TCP_INFO from it).
  std::function<void(const Socket&, const ClientSummary&)> on_client_closed;

  // Mode parameters.
  std::string reply;  // reply: sent after every chunk received
  // reply: answer by rule instead (tcpc/reply_rules.hpp), each frame cut by
  // `frame` (unset: each chunk received) to the first rule that matches;
  // every rule that fires is a rule_fired event, a frame no rule matched a
  // no_rule event. Replies keep the order of the frames they answer, so a
  // delayed reply holds back those after it.
  std::shared_ptr<const ReplyRules> rules;
  std::optional<FrameSpec> frame;
  std::uint64_t source_bytes = 0;  // source: bytes each client gets
  // Every chunk received, in every mode but echo (print shows them).
  std::function<void(const ClientData&)> on_data;
  // After bytes queued by send_to() went out to client #id: how many are
  // still queued. send_to() may be called from it (the print console feeds
  // a file this way, a piece at a time, never all of it in memory).
  std::function<void(std::uint64_t client, std::size_t queued)> on_sent;
  // Turns each accepted socket into the stream served, in every mode (TLS
  // sessions: tls::TlsStream::server); empty: the plain socket. Handshakes run
  // in the event loop; a client whose handshake fails is logged and dropped.
  std::function<Result<std::unique_ptr<Stream>>(Socket)> wrap;
  // Called once a client's handshake is done (e.g. to log its certificate).
  std::function<void(Stream&)> on_ready;
  // Readable means stop (e.g. a self-pipe written by a SIGTERM handler): every
  // client is closed as if it had left (logged, on_client_closed, counted in
  // the totals) and run() returns. -1: none.
  int cancel_fd = -1;
};

struct ServerTotals {
  std::uint64_t clients = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_spliced = 0;  // of bytes_sent, echoed by splice() without a copy (Linux)
};

class Server {
 public:
  static Result<Server> create(Listener listener, ServerOptions options = {});
  Server(Server&&) noexcept;
  Server& operator=(Server&&) noexcept;
  ~Server();

  const Endpoint& local() const noexcept;

  // Serves until stop() (or, with `once`, until the first client leaves).
  Result<ServerTotals> run();
  // Makes run() close every client as cancel_fd does (logged,
  // on_client_closed, counted in the totals) and return. Safe from another
  // thread and from a signal handler.
  void stop() noexcept;

  // The calls below are for the thread in run() only: from the callbacks
  // (log, on_data, a watch).

  // Queues bytes for a client (0: the newest connected client) and returns
  // its number. Fails if there is no such client, or if it has stopped
  // reading and too much is queued already.
  Result<std::uint64_t> send_to(std::uint64_t client, std::string_view bytes);
  // The clients connected now, in order of arrival.
  std::vector<ClientStatus> clients() const;
  // Closes client #id as if it had left (logged "closed by the server",
  // counted); fails if there is no such client.
  Result<void> close_client(std::uint64_t id);
  // So far: clients accepted, and the bytes of those that have left.
  ServerTotals totals() const;
  // Calls on_ready whenever fd is readable (or hung up) while run() runs:
  // the print server's console reads the terminal this way.
  Result<void> watch(int fd, std::function<void()> on_ready);

 private:
  struct State;
  explicit Server(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tcpc
