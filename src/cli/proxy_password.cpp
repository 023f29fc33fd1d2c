// SPDX-License-Identifier: MIT
#include "proxy_password.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "error_text.hpp"
#include "tcpc/fd.hpp"

namespace tcpc::cli {
namespace {

// Restores the terminal's echo however the read ends.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ICANON;
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

// Ctrl-C at the prompt: the read ends, echo comes back, then the signal
// does what it would have done.
// The handler also writes to a pipe that the read waits on with the
// terminal, so a signal that comes just before read() is not missed.
volatile sig_atomic_t g_caught = 0;
int g_wake_fd = -1;

extern "C" void note_signal(int signal_number) {
  g_caught = signal_number;
  const int saved = errno;
  if (g_wake_fd >= 0) (void)!::write(g_wake_fd, "!", 1);
  errno = saved;
}

class CatchInterrupts {
 public:
  CatchInterrupts() {
    struct sigaction action {};
    action.sa_handler = note_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: read() returns EINTR
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
      wake_read_ = Fd(fds[0]);
      wake_write_ = Fd(fds[1]);
      g_wake_fd = wake_write_.get();
    }
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~CatchInterrupts() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    g_wake_fd = -1;
    if (g_caught != 0) ::raise(g_caught);
  }
  int wake_fd() const { return wake_read_.get(); }
  CatchInterrupts(const CatchInterrupts&) = delete;
  CatchInterrupts& operator=(const CatchInterrupts&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  Fd wake_read_;
  Fd wake_write_;
};

void write_text(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

Result<std::string> proxy_password(const std::string& prompt) {
  if (const char* given = std::getenv(kProxyPasswordVariable)) return std::string(given);
  Fd tty(::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY));
  if (!tty) {
    return usage("-P needs a password: set TCPC_PROXY_PASSWORD or run tcpc on a terminal");
  }
  std::string password;
  CatchInterrupts interrupts;  // declared first: re-raises after echo is back
  {
    EchoOff quiet(tty.get());
    write_text(tty.get(), prompt);
    char c = 0;
    for (;;) {
      pollfd fds[2] = {{tty.get(), POLLIN, 0}, {interrupts.wake_fd(), POLLIN, 0}};
      const int ready = ::poll(fds, interrupts.wake_fd() >= 0 ? 2 : 1, -1);
      if (g_caught != 0) break;
      if (ready < 0 && errno == EINTR) continue;
      const ssize_t n = ::read(tty.get(), &c, 1);
      if (n < 0 && errno == EINTR && g_caught == 0) continue;
      if (n <= 0 || c == '\n' || c == '\r') break;
      password += c;
    }
  }
  write_text(tty.get(), "\n");
  return password;
}

}  // namespace tcpc::cli
