// SPDX-License-Identifier: MIT
#include "tcpc/port_scan.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <bitset>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>

#include "core/wait.hpp"
#include "tcpc/fd.hpp"

namespace tcpc {
namespace {

using Clock = std::chrono::steady_clock;

// The item's own error in its words; its reason and values stay, for translations.
Error port_list_error(std::string_view text, const Error& item) {
  return Error(errc::invalid_port, Operation::parse_ports, "'" + std::string(text) + "'",
               item.reason(), item.values(), item.message());
}

// The same address with another port.
Endpoint with_port(const Endpoint& endpoint, std::uint16_t port) {
  sockaddr_storage storage{};
  std::memcpy(&storage, endpoint.data(), endpoint.size());
  if (storage.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&storage)->sin_port = htons(port);
  } else if (storage.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port = htons(port);
  }
  return Endpoint(reinterpret_cast<const sockaddr*>(&storage), endpoint.size());
}

// One port being checked on one of the host's addresses.
struct Attempt {
  std::size_t index = 0;    // into `ports`
  std::size_t address = 0;  // into `addresses`
  Fd fd;
  Clock::time_point deadline;
};

class Scanner {
 public:
  Scanner(const std::vector<Endpoint>& addresses, const std::vector<std::uint16_t>& ports,
          const ScanOptions& options)
      : addresses_(addresses), ports_(ports), options_(options), results_(ports.size()) {
    for (std::size_t i = 0; i < ports.size(); ++i)
      queue_.push_back({i, 0});
  }

  Result<std::vector<PortReport>> run() {
    const std::size_t parallel = std::max<std::size_t>(options_.parallel, 1);
    while (reported_ < ports_.size()) {
      while (in_flight_.size() < parallel && !queue_.empty()) {
        auto [index, address] = queue_.front();
        queue_.pop_front();
        auto started = start(index, address);
        if (!started) {
          // Out of descriptors: wait for the checks in flight to free some.
          const auto& code = started.error().code();
          const bool out_of_fds = code == std::errc::too_many_files_open ||
                                  code == std::errc::too_many_files_open_in_system;
          if (!out_of_fds || in_flight_.empty()) return started.error();
          queue_.push_front({index, address});
          break;
        }
      }
      if (auto waited = wait(); !waited) return waited.error();
    }
    std::vector<PortReport> reports;
    reports.reserve(results_.size());
    for (auto& result : results_)
      reports.push_back(std::move(*result));
    return reports;
  }

 private:
  // Begins a non-blocking connect; a result known at once is recorded.
  Result<void> start(std::size_t index, std::size_t address) {
    const Endpoint target = with_port(addresses_[address], ports_[index]);
    Fd fd(::socket(target.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return system_error(errno, Operation::connect, target.to_string());
    // Options that cannot be set would fail every check the same way, too.
    if (auto set = apply(fd.get(), options_.settings); !set) return set.error();
    // A source address that cannot be used would fail every check the same way.
    if (options_.local) {
      const Endpoint local = source_for(*options_.local, target);
      if (::bind(fd.get(), local.data(), local.size()) != 0) {
        return system_error(errno, Operation::bind, local.to_string());
      }
    }
    if (::connect(fd.get(), target.data(), target.size()) == 0) {
      finish(index, address, 0);
    } else if (errno == EINPROGRESS || errno == EINTR) {
      const auto timeout =
          options_.timeout.count() > 0 ? options_.timeout : std::chrono::hours(24 * 365);
      in_flight_.push_back({index, address, std::move(fd), Clock::now() + timeout});
    } else {
      finish(index, address, errno);
    }
    return {};
  }

  // Polls the checks in flight until one finishes or the first deadline.
  Result<void> wait() {
    if (in_flight_.empty()) return {};
    std::vector<pollfd> fds;
    fds.reserve(in_flight_.size());
    Clock::time_point first_deadline = in_flight_.front().deadline;
    for (const Attempt& attempt : in_flight_) {
      fds.push_back({attempt.fd.get(), POLLOUT, 0});
      first_deadline = std::min(first_deadline, attempt.deadline);
    }
    const int timeout = std::min(detail::poll_timeout_until(first_deadline), 60'000);
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
      return system_error(errno, Operation::system_call, "poll");
    }

    const auto now = Clock::now();
    std::vector<Attempt> still;
    for (std::size_t i = 0; i < in_flight_.size(); ++i) {
      Attempt& attempt = in_flight_[i];
      if (fds[i].revents != 0) {
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(attempt.fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0)
          error = errno;
        finish(attempt.index, attempt.address, error);
      } else if (now >= attempt.deadline) {
        finish(attempt.index, attempt.address, ETIMEDOUT, /*ours=*/true);
      } else {
        still.push_back(std::move(attempt));
      }
    }
    in_flight_ = std::move(still);
    return {};
  }

  // Records how a check ended: a failure on one address moves on to the next.
  void finish(std::size_t index, std::size_t address, int error, bool our_timeout = false) {
    if (error != 0 && address + 1 < addresses_.size()) {
      queue_.push_front({index, address + 1});
      return;
    }
    PortReport report;
    report.port = ports_[index];
    report.address = addresses_[address];
    if (error == 0) {
      report.state = PortState::open;
    } else if (error == ECONNREFUSED) {
      report.state = PortState::closed;
      report.reason = std::strerror(error);
    } else if (error == ETIMEDOUT) {
      report.state = PortState::timeout;
      if (our_timeout) {
        char text[64];
        std::snprintf(text, sizeof text, "no answer within %g s",
                      static_cast<double>(options_.timeout.count()) / 1000.0);
        report.reason = text;
      } else {
        report.reason = std::strerror(error);
      }
    } else {
      report.state = PortState::failed;
      report.reason = std::strerror(error);
    }
    results_[index] = std::move(report);
    while (reported_ < results_.size() && results_[reported_]) {
      if (options_.on_report) options_.on_report(*results_[reported_]);
      ++reported_;
    }
  }

  struct Pending {
    std::size_t index;
    std::size_t address;
  };

  const std::vector<Endpoint>& addresses_;
  const std::vector<std::uint16_t>& ports_;
  const ScanOptions& options_;
  std::deque<Pending> queue_;  // checks not started yet
  std::vector<Attempt> in_flight_;
  std::vector<std::optional<PortReport>> results_;
  std::size_t reported_ = 0;  // results_[0, reported_) went to on_report
};

}  // namespace

Result<std::vector<std::uint16_t>> parse_port_list(std::string_view text) {
  if (text.empty()) return Error(errc::invalid_port, Operation::parse_ports, {}, Reason::empty, {});
  std::vector<std::uint16_t> ports;
  std::bitset<65536> seen;
  auto add = [&](std::uint16_t port) {
    if (!seen.test(port)) {
      seen.set(port);
      ports.push_back(port);
    }
  };
  const bool single = text.find_first_of(",-") == std::string_view::npos;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const std::string_view item = text.substr(begin, comma - begin);
    begin = comma + 1;
    if (item.empty()) {
      return Error(errc::invalid_port, Operation::parse_ports, "'" + std::string(text) + "'",
                   "empty item");
    }
    // A range starts with a digit ("ms-sql-s" is a service name, not a range).
    const std::size_t dash = item.find('-');
    if (dash != std::string_view::npos && item.front() >= '0' && item.front() <= '9') {
      auto low = parse_port(item.substr(0, dash));
      if (!low) return port_list_error(text, low.error());
      auto high = parse_port(item.substr(dash + 1));
      if (!high) return port_list_error(text, high.error());
      const auto [first, last] = std::minmax(*low, *high);
      for (unsigned port = first; port <= last; ++port)
        add(static_cast<std::uint16_t>(port));
      continue;
    }
    auto port = parse_port(item);
    if (!port) return single ? port.error() : port_list_error(text, port.error());
    add(*port);
  }
  return ports;
}

std::string_view to_string(PortState state) {
  switch (state) {
    case PortState::open:
      return "open";
    case PortState::closed:
      return "closed";
    case PortState::timeout:
      return "timeout";
    case PortState::failed:
      return "failed";
  }
  return "failed";
}

Result<std::vector<PortReport>> scan_ports(const std::vector<Endpoint>& addresses,
                                           const std::vector<std::uint16_t>& ports,
                                           const ScanOptions& options) {
  if (addresses.empty()) return Error(errc::no_address, Operation::port_check);
  return Scanner(addresses, ports, options).run();
}

}  // namespace tcpc
