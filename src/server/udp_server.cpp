// SPDX-License-Identifier: MIT
#include "tcpc/udp_server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <unordered_map>

#include "server/udp_server_modes.hpp"

namespace tcpc {
namespace {

// Senders are remembered by address to number them; past this many the
// oldest is forgotten (and numbered afresh if it comes back), so a flood of
// addresses cannot grow the table without bound.
constexpr std::size_t kRememberedSenders = 4096;
// Answers waiting to be sent; while this many wait, no datagram is read and
// the kernel drops what does not fit its buffer, as UDP does anyway.
constexpr std::size_t kMaxPendingAnswers = 64;

// The log's word for what the mode does with a datagram.
std::string verb(ServerMode mode, std::uint64_t source_bytes) {
  switch (mode) {
    case ServerMode::echo:
      return " echoed";
    case ServerMode::reply:
      return " answered";
    case ServerMode::source:
      return fmt::format(" answered with {} byte{}", source_bytes, source_bytes == 1 ? "" : "s");
    case ServerMode::discard:
      return " discarded";
    case ServerMode::print:
      break;
  }
  return " printed";
}

}  // namespace

std::string describe(const UdpServerEvent& event) {
  switch (event.kind) {
    case UdpServerEvent::Kind::first_datagram:
      return fmt::format("#{} first datagram from {}", event.sender, event.peer.to_string());
    case UdpServerEvent::Kind::datagram:
      return fmt::format("#{} {} byte{} from {}{}", event.sender, event.bytes,
                         event.bytes == 1 ? "" : "s", event.peer.to_string(),
                         verb(event.mode, event.source_bytes));
    case UdpServerEvent::Kind::denied:
      return fmt::format("{} byte{} from {} dropped: not allowed", event.bytes,
                         event.bytes == 1 ? "" : "s", event.peer.to_string());
    case UdpServerEvent::Kind::failed:
      break;
  }
  return event.error ? event.error->message() : std::string("failed");
}

struct UdpServer::State {
  // One sender's answer on its way, a datagram at a time.
  struct Pending {
    Endpoint peer;
    std::unique_ptr<detail::DatagramAnswer> answer;
    std::string datagram;  // the next one to send
    bool ends_once;        // the first datagram's answer: --once ends after it
  };

  UdpSocket socket;
  UdpServerOptions options;
  std::unique_ptr<detail::DatagramMode> mode;
  Fd wake_read;  // stop() writes a byte to wake_write
  Fd wake_write;
  std::unordered_map<std::string, std::uint64_t> numbers;
  std::deque<std::string> remembered;  // the keys of `numbers`, oldest first
  std::deque<Pending> pending;
  UdpServerTotals totals;
  bool once_done = false;

  void report(const UdpServerEvent& event) const {
    if (options.on_event) options.on_event(event);
    if (options.log) options.log(describe(event));
  }
  void report_failure(Error error) const {
    UdpServerEvent event;
    event.kind = UdpServerEvent::Kind::failed;
    event.error = std::move(error);
    report(event);
  }
  std::uint64_t number_of(const Endpoint& peer);
  void receive(std::string& buffer);
  void send_next();
};

std::uint64_t UdpServer::State::number_of(const Endpoint& peer) {
  std::string key = peer.to_string();
  if (auto known = numbers.find(key); known != numbers.end()) return known->second;
  const std::uint64_t number = ++totals.senders;
  UdpServerEvent event;
  event.kind = UdpServerEvent::Kind::first_datagram;
  event.sender = number;
  event.peer = peer;
  report(event);
  if (remembered.size() == kRememberedSenders) {
    numbers.erase(remembered.front());
    remembered.pop_front();
  }
  numbers.emplace(key, number);
  remembered.push_back(std::move(key));
  return number;
}

void UdpServer::State::receive(std::string& buffer) {
  Endpoint sender;
  auto received = socket.recv_from(buffer, sender);
  if (!received) {
    // An ICMP error left over from an earlier send: not fatal for a server.
    report_failure(received.error());
    return;
  }
  const std::string_view bytes(buffer.data(), *received);
  if (options.access.restricts() && !options.access.admits(sender)) {
    ++totals.datagrams_denied;
    UdpServerEvent event;
    event.kind = UdpServerEvent::Kind::denied;
    event.peer = sender;
    event.bytes = bytes.size();
    report(event);
    return;
  }
  const std::uint64_t number = number_of(sender);
  const bool first = totals.datagrams_received == 0;
  ++totals.datagrams_received;
  totals.bytes_received += bytes.size();
  if (options.log_datagrams) {
    UdpServerEvent event;
    event.kind = UdpServerEvent::Kind::datagram;
    event.sender = number;
    event.peer = sender;
    event.bytes = bytes.size();
    event.mode = options.mode;
    event.source_bytes = options.source_bytes;
    report(event);
  }
  if (options.on_data) options.on_data(SenderData{number, sender, bytes});
  Pending answer{sender, mode->answer(bytes), {}, first && options.once};
  if (answer.answer && answer.answer->next(answer.datagram)) {
    pending.push_back(std::move(answer));
  } else if (answer.ends_once) {
    once_done = true;  // nothing to send back (discard, print)
  }
}

// One datagram of the oldest answer; a long answer then waits behind the
// others (round robin), so one source request does not starve the rest.
void UdpServer::State::send_next() {
  Pending current = std::move(pending.front());
  pending.pop_front();
  auto sent = socket.send_to(current.datagram, current.peer);
  if (!sent) {
    report_failure(sent.error());  // this answer is abandoned, the server goes on
  } else {
    ++totals.datagrams_sent;
    totals.bytes_sent += current.datagram.size();
    if (current.answer->next(current.datagram)) {
      pending.push_back(std::move(current));
      return;
    }
  }
  if (current.ends_once) once_done = true;
}

Result<UdpServer> UdpServer::create(UdpSocket socket, UdpServerOptions options) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
    return system_error(errno, Operation::system_call, "pipe");
  auto state = std::make_unique<State>();
  state->socket = std::move(socket);
  state->mode = detail::make_datagram_mode(options);
  state->options = std::move(options);
  state->wake_read = Fd(pipe_fds[0]);
  state->wake_write = Fd(pipe_fds[1]);
  return UdpServer(std::move(state));
}

UdpServer::UdpServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
UdpServer::UdpServer(UdpServer&&) noexcept = default;
UdpServer& UdpServer::operator=(UdpServer&&) noexcept = default;
UdpServer::~UdpServer() = default;

const UdpSocket& UdpServer::socket() const noexcept {
  return state_->socket;
}

void UdpServer::stop() noexcept {
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(state_->wake_write.get(), &byte, 1);
}

Result<UdpServerTotals> UdpServer::run() {
  State& s = *state_;
  std::string buffer(kMaxDatagram, '\0');
  while (!s.once_done) {
    short events = s.pending.size() < kMaxPendingAnswers ? POLLIN : 0;
    if (!s.pending.empty()) events |= POLLOUT;
    pollfd fds[3] = {{s.socket.fd(), events, 0},
                     {s.wake_read.get(), POLLIN, 0},
                     {s.options.cancel_fd, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, Operation::system_call, "poll");
    }
    if (fds[1].revents != 0 || fds[2].revents != 0) break;
    if ((fds[0].revents & POLLOUT) != 0) s.send_next();
    if ((fds[0].revents & (POLLIN | POLLERR)) != 0) s.receive(buffer);
  }
  return s.totals;
}

}  // namespace tcpc
