// SPDX-License-Identifier: MIT
// The relay's input pump: a pipe's bytes arrive in order through the pump's
// own pipe, its end of stream follows the source's, and destroying it stops
// the thread whatever it waits for (input that never comes, or room in a
// pipe nobody reads).
#include <gtest/gtest.h>
#include <poll.h>

#include <string>

#include "relay/pipe_pump.hpp"
#include "relay/splice.hpp"
#include "test_support.hpp"

namespace tcpc::detail {
namespace {

using test::Pipe;
using test::PipeWriter;

// read_all() for the pump's non-blocking read end.
std::string read_to_end(int fd) {
  std::string data;
  std::string chunk(64 * 1024, '\0');
  for (;;) {
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(test::kPatience.count())) != 1) return data;
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n == 0) return data;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return data;
    if (n > 0) data.append(chunk.data(), static_cast<std::size_t>(n));
  }
}

class PipePumpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!splice_supported()) GTEST_SKIP() << "no splice() on this system; the relay never pumps";
  }
};

TEST_F(PipePumpTest, MovesEveryByteInOrderThenEnds) {
  const std::string payload = test::random_bytes(5 << 20, 71);
  Pipe source = Pipe::make();
  PipeWriter writer(std::move(source.write), payload);
  auto pump = PipePump::start(source.read.get());
  ASSERT_NE(pump, nullptr);

  const std::string moved = read_to_end(pump->read_fd());
  EXPECT_TRUE(writer.join());
  ASSERT_EQ(moved.size(), payload.size());
  EXPECT_TRUE(moved == payload) << "pumped bytes differ from the source";
  EXPECT_EQ(pump->error(), 0);
}

TEST_F(PipePumpTest, StopsWhileWaitingForInput) {
  Pipe source = Pipe::make();  // the write end stays open and silent
  auto pump = PipePump::start(source.read.get());
  ASSERT_NE(pump, nullptr);
  pump.reset();  // would hang if the thread kept waiting for input
  // The source was not touched: what comes now is still there to read.
  ASSERT_TRUE(test::write_all(source.write.get(), "after"));
  ASSERT_TRUE(source.write.close().ok());
  EXPECT_EQ(test::read_all(source.read.get()), "after");
}

TEST_F(PipePumpTest, StopsWhileWaitingForRoomInItsPipe) {
  // More than the pump's pipe holds, and nobody reads the pump: it fills
  // its pipe and waits for room that never comes.
  Pipe source = Pipe::make();
  PipeWriter writer(std::move(source.write), test::random_bytes(8 << 20, 72));
  auto pump = PipePump::start(source.read.get());
  ASSERT_NE(pump, nullptr);
  pollfd readable{pump->read_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&readable, 1, static_cast<int>(test::kPatience.count())), 1);
  pump.reset();
  ASSERT_TRUE(source.read.close().ok());  // the writer's next write fails: it ends
  EXPECT_FALSE(writer.join());
}

TEST_F(PipePumpTest, EndsWithTheSourceEvenWhenItHoldsNothing) {
  Pipe source = Pipe::make();
  ASSERT_TRUE(source.write.close().ok());
  auto pump = PipePump::start(source.read.get());
  ASSERT_NE(pump, nullptr);
  EXPECT_EQ(read_to_end(pump->read_fd()), "");
  EXPECT_EQ(pump->error(), 0);
}

}  // namespace
}  // namespace tcpc::detail
