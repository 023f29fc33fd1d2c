// SPDX-License-Identifier: MIT
#include "udp_relay.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "i18n.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/deadline.hpp"

namespace tcpc::cli {

DatagramRelay::DatagramRelay(UdpSocket& socket, const Options& options, RelayDisplay& display)
    : socket_(socket), options_(options), datagram_(kMaxDatagram, '\0') {
  // The TCP relay's wiring of the display, read back as the parts to drive.
  RelayOptions parts;
  display.attach(parts);
  outgoing_ = parts.outgoing;
  incoming_ = parts.incoming;
  observer_ = parts.observer;
}

Result<void> DatagramRelay::send(std::string_view datagram) {
  if (auto sent = socket_.send_to(datagram, *peer); !sent) return sent;
  ++totals_.datagrams_sent;
  totals_.bytes_sent += datagram.size();
  last_activity_ = Clock::now();  // -w counts silence both ways, as over TCP
  if (observer_) observer_->on_sent(datagram);
  return {};
}

// An input line through the outgoing transform (-C, --encoding); `last`
// flushes what the transform holds back.
// --append adds its checksums to each datagram, after the transform: they
// cover the bytes as sent.
Result<void> DatagramRelay::send_frame(std::string_view frame, bool last) {
  if (!outgoing_ && options_.append.empty()) return send(frame);
  std::string wire;
  if (!outgoing_) {
    wire = frame;
  } else {
    if (auto fed = outgoing_->feed(frame, wire); !fed) return fed;
    if (last) {
      if (auto flushed = outgoing_->finish(wire); !flushed) return flushed;
    }
  }
  if (wire.empty()) return {};  // only part of a character so far
  if (!options_.append.empty()) wire = append_checksums(options_.append, wire);
  return send(wire);
}

bool DatagramRelay::write_out(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;  // EPIPE (`| head`): not an error, just the end
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// One received datagram: to the observers (-o) as it came, then on stdout
// through the view or decoder; -v names the sender on stderr. False once
// stdout's reader is gone.
bool DatagramRelay::show(std::string_view bytes, const Endpoint& sender) {
  if (options_.verbose > 0) {
    fmt::print(stderr, "{}\n",
               trnf("{} byte from {}", "{} bytes from {}", bytes.size(), bytes.size(),
                    sender.to_string()));
    std::fflush(stderr);
  }
  if (observer_) observer_->on_received(bytes);
  if (!incoming_) return write_out(bytes);
  std::string shown;
  if (auto fed = incoming_->feed(bytes, shown); !fed) return false;
  return write_out(shown);
}

// A round sends the payload, or starts reading the input's lines.
Result<void> DatagramRelay::start_round(Clock::time_point now) {
  next_round_at_.reset();
  if (input.payload) {
    if (auto sent = send(*input.payload); !sent) return sent;
    end_round(now);
  } else if (input.fd >= 0) {
    if (input.rewind && ::lseek(input.fd, 0, SEEK_SET) < 0)
      return system_error(errno, Operation::system_call, "lseek");
    reading_ = true;
  } else {
    input_done_ = true;
  }
  return {};
}

void DatagramRelay::end_round(Clock::time_point now) {
  reading_ = false;
  ++rounds_done_;
  if (input.rounds == 0 || rounds_done_ < input.rounds) {
    next_round_at_ = now + input.interval;
  } else {
    input_done_ = true;
  }
}

Result<void> DatagramRelay::read_input(std::string& chunk) {
  ssize_t n;
  do {
    n = ::read(input.fd, chunk.data(), chunk.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return system_error(errno, Operation::read_input, {});
  std::vector<std::string> lines;
  if (n == 0) {
    framer_.finish(lines);
  } else {
    framer_.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)), lines);
  }
  const bool last_round = n == 0 && input.rounds != 0 && rounds_done_ + 1 >= input.rounds;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (auto sent = send_frame(lines[i], last_round && i + 1 == lines.size()); !sent) return sent;
  }
  if (last_round && lines.empty() && outgoing_) {
    if (auto flushed = send_frame({}, true); !flushed) return flushed;  // what the encoder held
  }
  if (n == 0) end_round(Clock::now());
  return {};
}

// Receives and shows one datagram; false when the relay should end (stdout's
// reader is gone, or --recv-size bytes have arrived).
Result<bool> DatagramRelay::receive() {
  Endpoint sender;
  auto received = socket_.recv_from(datagram_, sender);
  if (!received) return received.error();
  // -u -l --allow/--deny: a datagram from anyone else is dropped unseen, and
  // its sender does not become the one input lines go to.
  if (options_.access.restricts() && !options_.access.admits(sender)) {
    if (options_.verbose > 0) {
      fmt::print(
          stderr, "{}\n",
          trnf("{} byte from {} dropped: not allowed", "{} bytes from {} dropped: not allowed",
               *received, *received, sender.to_string()));
      std::fflush(stderr);
    }
    return true;
  }
  if (!peer || options_.mode == Mode::listen) peer = sender;
  ++totals_.datagrams_received;
  totals_.bytes_received += *received;
  if (!show(std::string_view(datagram_.data(), *received), sender)) {
    output_closed_ = true;
    return false;
  }
  return options_.recv_size == 0 || totals_.bytes_received < options_.recv_size;
}

bool DatagramRelay::finished(Clock::time_point now) {
  if (input_done_ && !quit_at_ && options_.quit_after_eof)
    quit_at_ = now + *options_.quit_after_eof;
  if (quit_at_ && now >= *quit_at_) return true;
  if (idle_timeout.count() > 0 && now >= last_activity_ + idle_timeout) {
    totals_.timed_out = true;
    return true;
  }
  return stop_when_answered && input_done_ && totals_.datagrams_sent > 0 &&
         totals_.datagrams_received >= totals_.datagrams_sent;
}

int DatagramRelay::poll_timeout(Clock::time_point now) const {
  int timeout = -1;
  auto limit = [&](Clock::time_point deadline) {
    timeout = sooner_timeout(timeout, poll_timeout_until(deadline, now));
  };
  if (idle_timeout.count() > 0) limit(last_activity_ + idle_timeout);
  if (quit_at_) limit(*quit_at_);
  if (next_round_at_) limit(*next_round_at_);
  return timeout;
}

Result<DatagramTotals> DatagramRelay::run() {
  std::string chunk(64 * 1024, '\0');
  last_activity_ = Clock::now();
  bool first_round_due = true;  // -l: once the first sender is known
  for (;;) {
    auto now = Clock::now();
    if ((first_round_due && peer) || (next_round_at_ && now >= *next_round_at_)) {
      first_round_due = false;
      if (auto started = start_round(now); !started) return started.error();
    }
    if (finished(now)) break;
    // Input waits until there is someone to send it to.
    pollfd fds[3] = {{-1, POLLIN, 0}, {socket_.fd(), POLLIN, 0}, {cancel_fd, POLLIN, 0}};
    if (reading_ && peer) fds[0].fd = input.fd;
    const int ready = ::poll(fds, 3, poll_timeout(now));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, Operation::system_call, "poll");
    }
    if (fds[2].revents != 0) {
      totals_.cancelled = true;
      break;
    }
    if (ready == 0) continue;
    last_activity_ = Clock::now();
    if (fds[1].revents != 0) {
      auto going_on = receive();
      if (!going_on) return going_on.error();
      if (!*going_on) break;
    }
    if (fds[0].revents != 0) {
      if (auto read = read_input(chunk); !read) return read.error();
    }
  }
  if (incoming_ && !output_closed_) {
    std::string rest;  // a character the decoder still holds
    if (incoming_->finish(rest)) write_out(rest);
  }
  return totals_;
}

}  // namespace tcpc::cli
