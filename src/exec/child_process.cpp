// SPDX-License-Identifier: MIT
#include "tcpc/child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace tcpc {
namespace {

// A pipe whose ends are above 0-2, so that dup2() onto the program's stdin
// or stdout always moves them (dup2 of a descriptor onto itself would keep
// its close-on-exec flag and the program would start without it).
struct Pipe {
  Fd read;
  Fd write;
};

Result<Fd> above_standard(int fd) {
  Fd owned(fd);
  if (fd > STDERR_FILENO) return owned;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0) return system_error(errno, Operation::system_call, "fcntl");
  return Fd(moved);
}

Result<Pipe> make_pipe() {
  int fds[2];
#ifdef __linux__
  if (::pipe2(fds, O_CLOEXEC) != 0) return system_error(errno, Operation::system_call, "pipe");
#else
  if (::pipe(fds) != 0) return system_error(errno, Operation::system_call, "pipe");
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
  auto read = above_standard(fds[0]);
  auto write = above_standard(fds[1]);
  if (!read) return read.error();
  if (!write) return write.error();
  return Pipe{std::move(*read), std::move(*write)};
}

// environ with `extra` added ("NAME=value" replaces NAME).
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view current(*entry);
    const std::string_view name = current.substr(0, current.find('='));
    bool replaced = false;
    for (const std::string& added : extra) {
      if (added.compare(0, added.find('='), name) == 0) replaced = true;
    }
    if (!replaced) out.emplace_back(current);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

ExitStatus status_from(int raw) {
  ExitStatus status;
  if (WIFSIGNALED(raw)) {
    status.signal = WTERMSIG(raw);
  } else if (WIFEXITED(raw)) {
    status.code = WEXITSTATUS(raw);
  }
  return status;
}

// Frees a posix_spawn attribute or file-actions object on every path.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

std::string describe(const ExitStatus& status) {
  if (status.signal != 0) {
    return fmt::format("killed by signal {} ({})", status.signal, ::strsignal(status.signal));
  }
  return fmt::format("exited with status {}", status.code);
}

std::vector<std::string> shell_command(const std::string& command) {
  return {"/bin/sh", "-c", command};
}

std::vector<std::string> split_command(const std::string& command) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (true) {
    at = command.find_first_not_of(" \t\n", at);
    if (at == std::string::npos) break;
    const std::size_t end = command.find_first_of(" \t\n", at);
    words.push_back(command.substr(at, end - at));
    at = end;
  }
  return words;
}

Result<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv,
                                         const SpawnOptions& options) {
  if (argv.empty() || argv.front().empty())
    return Error(std::make_error_code(std::errc::invalid_argument), Operation::run_program, "",
                 "no program given");
  auto to_child = make_pipe();  // its stdin
  if (!to_child) return to_child.error();
  auto from_child = make_pipe();  // its stdout
  if (!from_child) return from_child.error();

  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, to_child->read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, from_child->write.get(), STDOUT_FILENO);
  // Signals we ignore or block (SIGPIPE while splicing, the stop signals
  // while a handler runs) must not be ignored or blocked in the program.
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGTTIN, SIGTTOU})
    sigaddset(&defaults, signal);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (options.own_process_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&setup.attr, 0);
  }
  posix_spawnattr_setflags(&setup.attr, flags);

  std::vector<std::string> args = argv;
  std::vector<std::string> env = environment_with(options.environment);
  std::vector<char*> arg_pointers = pointers(args);
  std::vector<char*> env_pointers = pointers(env);
  pid_t pid = -1;
  const int failed = ::posix_spawnp(&pid, args.front().c_str(), &setup.actions, &setup.attr,
                                    arg_pointers.data(), env_pointers.data());
  if (failed != 0) return system_error(failed, Operation::run_program, argv.front());
  // Our ends only: the program holds the others.
  ChildProcess child(pid, argv.front(), options.own_process_group, std::move(to_child->write),
                     std::move(from_child->read));
  // Non-blocking, so that the relay never waits on a program that is itself
  // waiting for us to read what it wrote.
  if (auto set = set_nonblocking(child.stdin_fd(), true); !set) return set.error();
  if (auto set = set_nonblocking(child.stdout_fd(), true); !set) return set.error();
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_),
      name_(std::move(other.name_)),
      group_(other.group_),
      stdin_(std::move(other.stdin_)),
      stdout_(std::move(other.stdout_)) {
  other.pid_ = -1;
}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0) return;
  close_stdin();
  close_stdout();
  (void)stop(SIGTERM, std::chrono::milliseconds(2000));
}

void ChildProcess::signal(int signal) const noexcept {
  if (pid_ <= 0) return;
  // The group may already be gone while the program itself is a zombie.
  if (!group_ || ::kill(-pid_, signal) != 0) ::kill(pid_, signal);
}

Result<ExitStatus> ChildProcess::wait() {
  if (pid_ <= 0)
    return Error(std::make_error_code(std::errc::no_child_process), Operation::run_program, name_);
  int raw = 0;
  pid_t done;
  do {
    done = ::waitpid(pid_, &raw, 0);
  } while (done < 0 && errno == EINTR);
  if (done < 0) return system_error(errno, Operation::run_program, name_);
  pid_ = -1;
  return status_from(raw);
}

Result<std::optional<ExitStatus>> ChildProcess::wait_for(std::chrono::milliseconds limit) {
  if (pid_ <= 0)
    return Error(std::make_error_code(std::errc::no_child_process), Operation::run_program, name_);
  // Polled: a SIGCHLD handler would be process-wide, which a library must not install.
  const auto until = std::chrono::steady_clock::now() + limit;
  for (auto pause = std::chrono::milliseconds(1);;
       pause = std::min(pause * 2, limit / 20 + pause)) {
    int raw = 0;
    const pid_t done = ::waitpid(pid_, &raw, WNOHANG);
    if (done < 0 && errno == EINTR) continue;
    if (done < 0) return system_error(errno, Operation::run_program, name_);
    if (done == pid_) {
      pid_ = -1;
      return std::optional<ExitStatus>(status_from(raw));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return std::optional<ExitStatus>();
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, until - now));
  }
}

Result<ExitStatus> ChildProcess::stop(int signal_number, std::chrono::milliseconds grace) {
  signal(signal_number);
  auto ended = wait_for(grace);
  if (!ended) return ended.error();
  if (*ended) return **ended;
  signal(SIGKILL);
  return wait();
}

}  // namespace tcpc
