// SPDX-License-Identifier: MIT
#include "repeat_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tcpc::cli {
namespace {

// write() everything; false once the reader is gone (EPIPE) or on error.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<RepeatSource>> RepeatSource::start(
    std::string payload, Fd file, std::uint64_t count, Milliseconds interval,
    std::function<std::string(std::uint64_t seq)> make_payload) {
  std::unique_ptr<RepeatSource> source(new RepeatSource());
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return system_error(errno, Operation::system_call, "pipe");
  source->read_ = Fd(fds[0]);
  source->write_ = Fd(fds[1]);
  source->payload_ = std::move(payload);
  source->make_payload_ = std::move(make_payload);
  source->file_ = std::move(file);
  source->thread_ =
      std::thread([raw = source.get(), count, interval] { raw->run(count, interval); });
  return source;
}

RepeatSource::~RepeatSource() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  // A writer blocked on a full pipe gets EPIPE (SIGPIPE is ignored by main).
  (void)read_.close();
  if (thread_.joinable()) thread_.join();
}

bool RepeatSource::write_once() {
  ++seq_;
  if (make_payload_) payload_ = make_payload_(seq_);
  if (!file_) return write_all(write_.get(), payload_.data(), payload_.size());
  if (::lseek(file_.get(), 0, SEEK_SET) < 0) return false;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(file_.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0;
    if (!write_all(write_.get(), buffer, static_cast<std::size_t>(n))) return false;
  }
}

void RepeatSource::run(std::uint64_t count, Milliseconds interval) {
  for (std::uint64_t sent = 0; count == 0 || sent < count; ++sent) {
    if (sent > 0) {
      // The interval is the feature here, not synchronisation: wait it out
      // unless the relay ends first.
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, interval, [this] { return stopping_; })) break;
    }
    if (!write_once()) break;
  }
  (void)write_.close();  // the relay sees end of input and half-closes
}

}  // namespace tcpc::cli
