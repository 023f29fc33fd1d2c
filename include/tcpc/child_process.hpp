// SPDX-License-Identifier: MIT
// A program put on the network (ncat's --exec and --sh-exec): started with
// its stdin and stdout on pipes, so a relay moves the bytes between it and
// a socket (with splice(): pipes on both sides), and waited for, so no
// zombie is left and its exit status can be told.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

// How a program ended.
struct ExitStatus {
  int code = 0;    // its exit status, when signal == 0
  int signal = 0;  // the signal that killed it, or 0
  bool success() const noexcept { return signal == 0 && code == 0; }
};

// "exited with status 3", "killed by signal 15 (Terminated)".
std::string describe(const ExitStatus& status);

// ["/bin/sh", "-c", command]: --sh-exec.
std::vector<std::string> shell_command(const std::string& command);
// "prog arg1 arg2" split at whitespace, with no shell (--exec, as ncat
// splits it); an empty list for a blank command.
std::vector<std::string> split_command(const std::string& command);

struct SpawnOptions {
  // Added to the program's environment ("NAME=value"), e.g. the peer's address.
  std::vector<std::string> environment;
  // The program gets a process group of its own, so that a signal meant for
  // it (ChildProcess::signal) also reaches what it started (a shell's
  // pipeline), and Ctrl-C at the terminal reaches tcpc, which passes it on
  // once, not twice.
  bool own_process_group = true;
};

class ChildProcess {
 public:
  // Starts argv[0] (looked up in PATH) with stdin and stdout on pipes and
  // stderr shared with ours. Fails with the program's name when it cannot
  // be started (not found, not executable).
  static Result<ChildProcess> spawn(const std::vector<std::string>& argv,
                                    const SpawnOptions& options = {});

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  // A program still running is sent SIGTERM (SIGKILL if it lingers) and
  // waited for: the destructor never leaves a zombie.
  ~ChildProcess();

  pid_t pid() const noexcept { return pid_; }
  const std::string& name() const noexcept { return name_; }
  // Our ends of its pipes: write to its stdin, read from its stdout.
  int stdin_fd() const noexcept { return stdin_.get(); }
  int stdout_fd() const noexcept { return stdout_.get(); }
  // The program sees the end of its input.
  void close_stdin() noexcept { (void)stdin_.close(); }
  void close_stdout() noexcept { (void)stdout_.close(); }

  // Sends `signal` to the program (and its process group, when it has one).
  void signal(int signal) const noexcept;
  // Waits for it to end; EINTR is retried.
  Result<ExitStatus> wait();
  // Waits at most `limit`; nullopt if it is still running then.
  Result<std::optional<ExitStatus>> wait_for(std::chrono::milliseconds limit);
  // Asks it to end (`signal`), waits `grace`, then kills it (SIGKILL).
  Result<ExitStatus> stop(int signal, std::chrono::milliseconds grace);

 private:
  ChildProcess(pid_t pid, std::string name, bool group, Fd stdin_fd, Fd stdout_fd)
      : pid_(pid),
        name_(std::move(name)),
        group_(group),
        stdin_(std::move(stdin_fd)),
        stdout_(std::move(stdout_fd)) {}

  pid_t pid_ = -1;  // -1 once waited for
  std::string name_;
  bool group_ = false;
  Fd stdin_;
  Fd stdout_;
};

}  // namespace tcpc
