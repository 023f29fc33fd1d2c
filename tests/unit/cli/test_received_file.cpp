// SPDX-License-Identifier: MIT
#include "received_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "tcpc/observer_list.hpp"

using namespace std::string_literals;

namespace tcpc {
namespace {

// A fresh temporary directory, removed with its files at the end.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/tcpc-test-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ReceivedFile, WritesEveryByteExactly) {
  TempDir dir;
  auto file = ReceivedFile::open(dir.file("out.bin"), ReceivedFile::OpenMode::truncate);
  ASSERT_TRUE(file.ok()) << file.error().message();
  std::string all;
  for (int i = 0; i < 256; ++i)
    all += static_cast<char>(i);
  file->on_received(all.substr(0, 100));
  file->on_received(all.substr(100));
  file->on_sent("not saved");
  EXPECT_EQ(file->bytes_written(), 256u);
  EXPECT_FALSE(file->error());
  EXPECT_EQ(contents(dir.file("out.bin")), all);
}

TEST(ReceivedFile, TruncateOrAppend) {
  TempDir dir;
  const std::string path = dir.file("log.bin");
  {
    auto first = ReceivedFile::open(path, ReceivedFile::OpenMode::truncate);
    ASSERT_TRUE(first.ok());
    first->on_received("one\0"s);
  }
  {
    auto second = ReceivedFile::open(path, ReceivedFile::OpenMode::append);
    ASSERT_TRUE(second.ok());
    second->on_received("two");
  }
  EXPECT_EQ(contents(path), "one\0two"s);
  {
    auto third = ReceivedFile::open(path, ReceivedFile::OpenMode::truncate);
    ASSERT_TRUE(third.ok());
  }
  EXPECT_EQ(contents(path), "");
}

TEST(ReceivedFile, UnopenablePathIsAnInputError) {
  TempDir dir;
  auto missing = ReceivedFile::open(dir.file("no/such/dir/x"), ReceivedFile::OpenMode::truncate);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(is_input_error(missing.error().code()));
  EXPECT_NE(missing.error().message().find("no/such/dir/x"), std::string::npos);
  auto directory = ReceivedFile::open(dir.file(""), ReceivedFile::OpenMode::append);
  EXPECT_FALSE(directory.ok());
}

TEST(ReceivedFile, WriteFailureIsKept) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  auto full = ReceivedFile::open("/dev/full", ReceivedFile::OpenMode::append);
  ASSERT_TRUE(full.ok()) << full.error().message();
  full->on_received("x");
  ASSERT_TRUE(full->error().has_value());
  EXPECT_NE(full->error()->message().find("write /dev/full"), std::string::npos);
}

// Counts calls, to check the fan-out.
struct Counting : RelayObserver {
  int received = 0, sent = 0, ticks = 0;
  void on_received(std::string_view) override { ++received; }
  void on_sent(std::string_view) override { ++sent; }
  void on_tick() override { ++ticks; }
};

TEST(ObserverList, PassesEveryCallToEveryObserver) {
  ObserverList list;
  EXPECT_EQ(list.get(), nullptr);
  Counting a, b;
  list.add(&a);
  list.add(nullptr);
  list.add(&b);
  ASSERT_EQ(list.get(), &list);
  list.get()->on_received("x");
  list.get()->on_sent("y");
  list.get()->on_tick();
  for (const Counting* c : {&a, &b}) {
    EXPECT_EQ(c->received, 1);
    EXPECT_EQ(c->sent, 1);
    EXPECT_EQ(c->ticks, 1);
  }
}

}  // namespace
}  // namespace tcpc
