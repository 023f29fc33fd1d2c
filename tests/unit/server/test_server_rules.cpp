// SPDX-License-Identifier: MIT
// Reply mode by rule: frames (or chunks) answered by the first rule that
// matches, captures in replies, delays keeping the order, every rule that
// fires logged.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::ServerThread;

std::shared_ptr<const ReplyRules> rules_of(std::initializer_list<std::string_view> texts,
                                           std::chrono::milliseconds delay = 0ms) {
  auto rules = std::make_shared<ReplyRules>();
  rules->delay = delay;
  for (std::string_view text : texts) {
    auto rule = parse_reply_rule(text);
    if (!rule) throw rule.error();
    rules->rules.push_back(std::move(*rule));
  }
  return rules;
}

class Events {
 public:
  void attach(ServerOptions& options) {
    options.on_event = [this](const ServerEvent& event) {
      std::lock_guard lock(mutex_);
      if (event.kind == ServerEvent::Kind::rule_fired || event.kind == ServerEvent::Kind::no_rule)
        events_.push_back(event);
    };
  }
  std::vector<ServerEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<ServerEvent> events_;
};

Socket connected(const Endpoint& server) {
  auto socket = connect(server);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

TEST(ServerRules, LinesAnsweredByTheFirstMatchWithCapturesWhateverThePieces) {
  ServerOptions options;
  options.mode = ServerMode::reply;
  options.rules = rules_of({"PING => PONG\\r\\n", "/^GET (\\w+)/ => {capture 1}=#{seq}\\n"});
  options.frame = parse_frame_spec("line").value();
  Events events;
  events.attach(options);
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  Socket client = connected(server.local());
  // One byte at a time: the framer puts the lines back together.
  const std::string sent = "PING\r\nGET temp\nNOPE\nGET x\n";
  for (char c : sent)
    ASSERT_TRUE(client.send_all(std::string(1, c)).ok());
  ASSERT_TRUE(client.shutdown_write().ok());
  auto received = test::read_until_eof(client);
  EXPECT_EQ(received.data, "PONG\r\ntemp=#2\nx=#3\n");
  server.stop();
  (void)server.finish();
  const auto logged = events.events();
  ASSERT_EQ(logged.size(), 4u);
  EXPECT_EQ(logged[0].rule, 1u);
  EXPECT_EQ(logged[0].bytes, 6u);
  EXPECT_EQ(describe(logged[0]), "#1 rule 1 (PING => PONG\\r\\n) answered: 6 bytes");
  EXPECT_EQ(logged[2].kind, ServerEvent::Kind::no_rule);
  EXPECT_EQ(describe(logged[2]), "#1 no rule matched 5 bytes");
}

TEST(ServerRules, DelayedRepliesKeepTheirOrder) {
  ServerOptions options;
  options.mode = ServerMode::reply;
  options.rules = rules_of({"hex:^01 03 =>+30ms hex:01 03 02 00 2a", "* => ?"});
  options.frame = parse_frame_spec("fixed:2").value();
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  Socket client = connected(server.local());
  ASSERT_TRUE(client.send_all("\x01\x03zz"s).ok());
  ASSERT_TRUE(client.shutdown_write().ok());
  auto received = test::read_until_eof(client);
  // The default's answer waits behind the delayed one.
  EXPECT_EQ(received.data, "\x01\x03\x02\x00\x2a?"s);
  server.stop();
  (void)server.finish();
}

TEST(ServerRules, IdleFramesEndByTheServersClock) {
  ServerOptions options;
  options.mode = ServerMode::reply;
  options.rules = rules_of({"* => got {capture 0}\\n"});
  options.frame = parse_frame_spec("idle:20").value();
  ServerThread server(options);
  ASSERT_EQ(server.error(), "");
  Socket client = connected(server.local());
  ASSERT_TRUE(client.send_all("abc").ok());
  // No more bytes come: only the idle gap can end the frame.
  EXPECT_EQ(test::read_exactly(client, 8).data, "got abc\n");
  server.stop();
  (void)server.finish();
}

}  // namespace
}  // namespace tcpc
