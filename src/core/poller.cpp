// SPDX-License-Identifier: MIT
#include "core/poller.hpp"

#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

#include "tcpc/fd.hpp"

#ifdef __linux__
#include <sys/epoll.h>
#endif

namespace tcpc::detail {
namespace {

#ifdef __linux__
class EpollPoller final : public Poller {
 public:
  explicit EpollPoller(Fd fd) : epoll_(std::move(fd)) {}

  Result<void> add(int fd, std::uint32_t interest) override {
    return control(EPOLL_CTL_ADD, fd, interest);
  }
  Result<void> modify(int fd, std::uint32_t interest) override {
    return control(EPOLL_CTL_MOD, fd, interest);
  }
  void remove(int fd) override { ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr); }

  Result<void> wait(std::vector<Ready>& ready, int timeout_ms) override {
    ready.clear();
    const int n = ::epoll_wait(epoll_.get(), events_, kBatch, timeout_ms);
    if (n < 0)
      return errno == EINTR
                 ? Result<void>()
                 : Result<void>(system_error(errno, Operation::system_call, "epoll_wait"));
    for (int i = 0; i < n; ++i) {
      std::uint32_t events = 0;
      if (events_[i].events & EPOLLIN) events |= kReadable;
      if (events_[i].events & EPOLLOUT) events |= kWritable;
      if (events_[i].events & (EPOLLHUP | EPOLLERR)) events |= kClosed;
      ready.push_back({events_[i].data.fd, events});
    }
    return {};
  }

 private:
  Result<void> control(int op, int fd, std::uint32_t interest) {
    epoll_event event{};
    if (interest & kReadable) event.events |= EPOLLIN | EPOLLRDHUP;
    if (interest & kWritable) event.events |= EPOLLOUT;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), op, fd, &event) != 0)
      return system_error(errno, Operation::system_call, "epoll_ctl");
    return {};
  }

  static constexpr int kBatch = 256;
  Fd epoll_;
  epoll_event events_[kBatch];
};
#endif

// Portable fallback: rebuilds the pollfd array on each wait.
class PollPoller final : public Poller {
 public:
  Result<void> add(int fd, std::uint32_t interest) override {
    interest_[fd] = interest;
    return {};
  }
  Result<void> modify(int fd, std::uint32_t interest) override { return add(fd, interest); }
  void remove(int fd) override { interest_.erase(fd); }

  Result<void> wait(std::vector<Ready>& ready, int timeout_ms) override {
    ready.clear();
    fds_.clear();
    for (auto [fd, interest] : interest_) {
      short events = 0;
      if (interest & kReadable) events |= POLLIN;
      if (interest & kWritable) events |= POLLOUT;
      fds_.push_back({fd, events, 0});
    }
    const int n = ::poll(fds_.data(), fds_.size(), timeout_ms);
    if (n < 0)
      return errno == EINTR ? Result<void>()
                            : Result<void>(system_error(errno, Operation::system_call, "poll"));
    for (const pollfd& entry : fds_) {
      std::uint32_t events = 0;
      if (entry.revents & POLLIN) events |= kReadable;
      if (entry.revents & POLLOUT) events |= kWritable;
      if (entry.revents & (POLLHUP | POLLERR | POLLNVAL)) events |= kClosed;
      if (events) ready.push_back({entry.fd, events});
    }
    return {};
  }

 private:
  std::unordered_map<int, std::uint32_t> interest_;
  std::vector<pollfd> fds_;
};

}  // namespace

Result<std::unique_ptr<Poller>> Poller::create() {
#ifdef __linux__
  // TCPC_POLLER=poll selects the portable fallback, so tests cover it on Linux too.
  if (const char* choice = std::getenv("TCPC_POLLER");
      choice && std::string_view(choice) == "poll") {
    return std::unique_ptr<Poller>(std::make_unique<PollPoller>());
  }
  Fd fd(::epoll_create1(EPOLL_CLOEXEC));
  if (!fd) return system_error(errno, Operation::system_call, "epoll_create1");
  return std::unique_ptr<Poller>(std::make_unique<EpollPoller>(std::move(fd)));
#else
  return std::unique_ptr<Poller>(std::make_unique<PollPoller>());
#endif
}

}  // namespace tcpc::detail
