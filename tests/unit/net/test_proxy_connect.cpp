// SPDX-License-Identifier: MIT
// tcpc::connect through a proxy, against a scripted proxy in a thread.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "tcpc/listener.hpp"
#include "tcpc/proxy.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

// Accepts one client, reads each expected request, answers with the reply
// after it; records what it read so the test can check the requests.
class ScriptedProxy {
 public:
  struct Step {
    std::size_t request_size;
    std::string reply;
  };
  explicit ScriptedProxy(std::vector<Step> steps)
      : listener_(Listener::bind("127.0.0.1", 0).value()),
        thread_([this, steps = std::move(steps)] { run(steps); }) {}
  ~ScriptedProxy() { thread_.join(); }

  std::uint16_t port() const { return listener_.local().port(); }
  std::string received() {
    thread_.join();
    thread_ = std::thread([] {});
    return received_;
  }

 private:
  void run(const std::vector<Step>& steps) {
    auto client = listener_.accept();
    if (!client) return;
    for (const Step& step : steps) {
      auto request = test::read_exactly(*client, step.request_size);
      received_ += request.data;
      if (request.data.size() != step.request_size) return;
      if (!client->send_all(step.reply)) return;
    }
    // Hold the tunnel open until the client closes it.
    (void)test::read_until_eof(*client);
  }

  Listener listener_;
  std::string received_;
  std::thread thread_;
};

TEST(ProxyConnect, Socks5TunnelKeepsBytesThatFollowTheReply) {
  const std::string request = "\x05\x01\x00\x03\x09localhost\x00\x16"s;
  ScriptedProxy proxy({{3, "\x05\x00"s},
                       {request.size(), "\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38SSH-2.0-x\r\n"s}});
  auto socket = connect(Proxy{ProxyProtocol::socks5, "127.0.0.1", proxy.port()}, "localhost", 22,
                        ConnectOptions{5s, {}});
  ASSERT_TRUE(socket.ok()) << socket.error().message();
  auto banner = test::read_exactly(*socket, 11);
  EXPECT_EQ(banner.data, "SSH-2.0-x\r\n");
  ASSERT_TRUE(socket->close().ok());
  EXPECT_EQ(proxy.received(), "\x05\x01\x00"s + request);
}

TEST(ProxyConnect, Socks5WithPassword) {
  ScriptedProxy proxy({{4, "\x05\x02"s},
                       {1 + 1 + 3 + 1 + 2, "\x01\x00"s},
                       {10, "\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38"s}});
  Proxy description{ProxyProtocol::socks5, "127.0.0.1", proxy.port(), "ann", "pw"};
  auto socket = connect(description, "10.0.0.1", 7, ConnectOptions{5s, {}});
  ASSERT_TRUE(socket.ok()) << socket.error().message();
  ASSERT_TRUE(socket->close().ok());
  EXPECT_EQ(proxy.received(),
            "\x05\x02\x00\x02\x01\x03"
            "ann\x02pw\x05\x01\x00\x01\x0a\x00\x00\x01\x00\x07"s);
}

TEST(ProxyConnect, HttpConnectRefusalNamesTheStatus) {
  const std::string request = "CONNECT 127.0.0.1:22 HTTP/1.0\r\nHost: 127.0.0.1:22\r\n\r\n";
  ScriptedProxy proxy({{request.size(), "HTTP/1.1 403 Filtered\r\nX: y\r\n\r\n"}});
  const std::string name = "127.0.0.1:" + std::to_string(proxy.port());
  auto socket = connect(Proxy{ProxyProtocol::http_connect, "127.0.0.1", proxy.port()}, "127.0.0.1",
                        22, ConnectOptions{5s, {}});
  ASSERT_FALSE(socket.ok());
  EXPECT_EQ(socket.error().message(),
            "proxy " + name + ": cannot reach 127.0.0.1:22: HTTP 403 Filtered");
}

TEST(ProxyConnect, Socks4ResolvesTheTargetItself) {
  ScriptedProxy proxy({{9, "\x00\x5a\x00\x00\x00\x00\x00\x00"s}});
  auto socket = connect(Proxy{ProxyProtocol::socks4, "127.0.0.1", proxy.port()}, "127.0.0.1", 80,
                        ConnectOptions{5s, {}});
  ASSERT_TRUE(socket.ok()) << socket.error().message();
  ASSERT_TRUE(socket->close().ok());
  EXPECT_EQ(proxy.received(), "\x04\x01\x00\x50\x7f\x00\x00\x01\x00"s);
}

TEST(ProxyConnect, SilentProxyTimesOut) {
  ScriptedProxy proxy({{3, ""}});
  auto socket = connect(Proxy{ProxyProtocol::socks5, "127.0.0.1", proxy.port()}, "example.com", 1,
                        ConnectOptions{200ms, {}});
  ASSERT_FALSE(socket.ok());
  // With the proxy silent, the reply's wait ends the handshake.
  EXPECT_EQ(socket.error().reason(), Reason::no_reply);
  EXPECT_EQ(socket.error().operation(), Operation::proxy);
}

TEST(ProxyConnect, RefusedProxyIsTheFirstHop) {
  std::uint16_t port = 0;
  {
    auto listener = Listener::bind("127.0.0.1", 0);
    ASSERT_TRUE(listener.ok());
    port = listener->local().port();
  }
  auto socket = connect(Proxy{ProxyProtocol::socks5, "127.0.0.1", port}, "example.com", 22);
  ASSERT_FALSE(socket.ok());
  EXPECT_EQ(socket.error().message(),
            "connect to proxy 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST(ProxyConnect, DefaultPorts) {
  EXPECT_EQ(default_port(ProxyProtocol::socks5), 1080);
  EXPECT_EQ(default_port(ProxyProtocol::socks4), 1080);
  EXPECT_EQ(default_port(ProxyProtocol::http_connect), 3128);
}

}  // namespace
}  // namespace tcpc
