// SPDX-License-Identifier: MIT
// ChildProcess (--exec, --sh-exec): a program on pipes, waited for, stopped.
#include "tcpc/child_process.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace {

using namespace std::chrono_literals;
using tcpc::ChildProcess;

// Everything the program writes, until it closes its stdout.
std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    pollfd entry{fd, POLLIN, 0};
    ::poll(&entry, 1, 10'000);
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) return out;
    if (n > 0) out.append(buffer, static_cast<std::size_t>(n));
  }
}

TEST(ChildProcess, SplitCommandAtWhitespaceWithoutAShell) {
  EXPECT_EQ(tcpc::split_command("  tr  a-z\tA-Z \n"),
            (std::vector<std::string>{"tr", "a-z", "A-Z"}));
  EXPECT_EQ(tcpc::split_command("printf '$HOME'"), (std::vector<std::string>{"printf", "'$HOME'"}));
  EXPECT_TRUE(tcpc::split_command(" \t ").empty());
  EXPECT_EQ(tcpc::shell_command("a | b"), (std::vector<std::string>{"/bin/sh", "-c", "a | b"}));
}

TEST(ChildProcess, StdinToStdoutThroughThePipes) {
  auto child = ChildProcess::spawn({"tr", "a-z", "A-Z"});
  ASSERT_TRUE(child) << child.error().message();
  const std::string text = "hello, program\n";
  ASSERT_EQ(::write(child->stdin_fd(), text.data(), text.size()),
            static_cast<ssize_t>(text.size()));
  child->close_stdin();
  EXPECT_EQ(read_all(child->stdout_fd()), "HELLO, PROGRAM\n");
  auto status = child->wait();
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->success());
  EXPECT_EQ(tcpc::describe(*status), "exited with status 0");
}

TEST(ChildProcess, ExitStatusAndSignalAreTold) {
  auto failing = ChildProcess::spawn(tcpc::shell_command("exit 3"));
  ASSERT_TRUE(failing);
  auto status = failing->wait();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 3);
  EXPECT_FALSE(status->success());

  auto killed = ChildProcess::spawn(tcpc::shell_command("kill -9 $$"));
  ASSERT_TRUE(killed);
  status = killed->wait();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->signal, SIGKILL);
  EXPECT_EQ(tcpc::describe(*status).rfind("killed by signal 9 (", 0), 0u);
}

TEST(ChildProcess, EnvironmentIsAddedAndOverrides) {
  ::setenv("TCPC_TEST_KEPT", "kept", 1);
  ::setenv("TCPC_TEST_REPLACED", "old", 1);
  tcpc::SpawnOptions options;
  options.environment = {"TCPC_TEST_REPLACED=new", "TCPC_TEST_ADDED=added"};
  auto child = ChildProcess::spawn(
      tcpc::shell_command("echo $TCPC_TEST_KEPT $TCPC_TEST_REPLACED $TCPC_TEST_ADDED"), options);
  ASSERT_TRUE(child);
  EXPECT_EQ(read_all(child->stdout_fd()), "kept new added\n");
  EXPECT_TRUE(child->wait());
}

#ifdef __linux__
TEST(ChildProcess, SignalsWeIgnoreOrBlockAreNotSoInTheProgram) {
  // tcpc ignores SIGPIPE around splice(); a program must still die of it.
  auto previous = std::signal(SIGPIPE, SIG_IGN);
  sigset_t blocked, old_mask;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &blocked, &old_mask);
  auto child = ChildProcess::spawn({"grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"});
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  std::signal(SIGPIPE, previous);
  ASSERT_TRUE(child);
  const std::string status = read_all(child->stdout_fd());
  // "SigBlk:\t<hex mask>\nSigIgn:\t<hex mask>\n"; signal N is bit N-1.
  const auto mask = [&status](std::string_view name) {
    const std::size_t at = status.find(name);
    return at == std::string::npos ? ~0ull
                                   : std::stoull(status.substr(at + name.size() + 2), nullptr, 16);
  };
  EXPECT_EQ(mask("SigIgn") & (1ull << (SIGPIPE - 1)), 0u) << status;
  EXPECT_EQ(mask("SigBlk") & (1ull << (SIGTERM - 1)), 0u) << status;
  EXPECT_TRUE(child->wait());
}
#endif

TEST(ChildProcess, MissingProgramFailsWithItsName) {
  auto child = ChildProcess::spawn({"/no/such/program"});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().message(), "run /no/such/program: No such file or directory");
  EXPECT_FALSE(ChildProcess::spawn({}));
}

TEST(ChildProcess, StopAsksThenKills) {
  auto polite = ChildProcess::spawn({"sleep", "30"});
  ASSERT_TRUE(polite);
  auto status = polite->stop(SIGTERM, 5s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->signal, SIGTERM);

  // Ignores SIGTERM: killed once the grace time is over.
  auto stubborn = ChildProcess::spawn(tcpc::shell_command("trap '' TERM; echo ready; sleep 30"));
  ASSERT_TRUE(stubborn);
  char ready[6];
  ASSERT_EQ(::read(stubborn->stdout_fd(), ready, 0), 0);
  pollfd entry{stubborn->stdout_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&entry, 1, 10'000), 1);
  ASSERT_EQ(::read(stubborn->stdout_fd(), ready, sizeof ready), 6);
  status = stubborn->stop(SIGTERM, 100ms);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->signal, SIGKILL);
}

TEST(ChildProcess, WaitForReturnsWhileItRuns) {
  auto child = ChildProcess::spawn({"sleep", "30"});
  ASSERT_TRUE(child);
  auto status = child->wait_for(20ms);
  ASSERT_TRUE(status);
  EXPECT_FALSE(*status);
  // The destructor stops it: no zombie, no wait for 30 s.
}

TEST(ChildProcess, OwnProcessGroupReachesWhatItStarted) {
  auto child = ChildProcess::spawn(tcpc::shell_command("sleep 30 & echo started; wait"));
  ASSERT_TRUE(child);
  char line[8];
  pollfd entry{child->stdout_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&entry, 1, 10'000), 1);
  ASSERT_EQ(::read(child->stdout_fd(), line, sizeof line), 8);
  child->signal(SIGTERM);
  // The shell and its sleep both got it: its stdout (held by sleep too) ends.
  EXPECT_EQ(read_all(child->stdout_fd()), "");
  auto status = child->wait();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->signal, SIGTERM);
}

}  // namespace
