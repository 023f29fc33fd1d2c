// SPDX-License-Identifier: MIT
// Error lines go through localized_message(); with no translation loaded
// (the C locale) each must come out exactly as the library wrote it, plus
// its hints in the tool's flags. In Chinese they are built from the fields.
#include <gtest/gtest.h>
#include <libintl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <string>
#include <string_view>

#include "error_text.hpp"
#include "i18n.hpp"
#include "tcpc/address.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/port_scan.hpp"
#include "tcpc/socket.hpp"

namespace {

using tcpc::Error;
using tcpc::Hint;
using tcpc::Operation;
using tcpc::Reason;
using tcpc::cli::localized_message;

void expect_unchanged(const Error& error) {
  EXPECT_EQ(localized_message(error), error.message());
}

TEST(ErrorText, PortErrorsUnchanged) {
  for (const char* text : {"70000", "", "abc", "-1", "0"}) {
    auto port = tcpc::parse_port(text);
    ASSERT_FALSE(port) << text;
    expect_unchanged(port.error());
  }
  for (const char* text : {"", "80-70000", "1,,2", "x-y"}) {
    auto list = tcpc::parse_port_list(text);
    ASSERT_FALSE(list) << text;
    expect_unchanged(list.error());
  }
  auto zero_allowed = tcpc::parse_port("65536", /*allow_zero=*/true);
  ASSERT_FALSE(zero_allowed);
  expect_unchanged(zero_allowed.error());
}

TEST(ErrorText, EncodingErrorsUnchanged) {
  auto unknown = tcpc::Encoding::find("no-such-encoding");
  ASSERT_FALSE(unknown);
  expect_unchanged(unknown.error());
  auto unencodable =
      tcpc::encode(tcpc::Encoding::find("gbk").value(), "caf\xc3\xa9 \xf0\x9f\x98\x80");
  ASSERT_FALSE(unencodable);
  expect_unchanged(unencodable.error());
}

TEST(ErrorText, ResolveErrorUnchanged) {
  auto empty = tcpc::resolve("", 80);
  ASSERT_FALSE(empty);
  expect_unchanged(empty.error());
  tcpc::ResolveOptions numeric;
  numeric.numeric_host = true;
  auto not_numeric = tcpc::resolve("not-an-address", 80, numeric);
  ASSERT_FALSE(not_numeric);
  expect_unchanged(not_numeric.error());
}

TEST(ErrorText, RefusedConnectionSaysWhatItMeans) {
  // A port bound but not listening: the kernel answers the SYN with a reset.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  auto endpoints = tcpc::resolve("127.0.0.1", ntohs(address.sin_port)).value();
  auto socket = tcpc::connect(endpoints);
  ::close(fd);
  ASSERT_FALSE(socket);
  EXPECT_EQ(socket.error().code(), std::errc::connection_refused);
  // The library's words, then what a refusal means, in English as in Chinese.
  EXPECT_EQ(localized_message(socket.error()),
            socket.error().message() + "; nothing is listening on that port");
}

TEST(ErrorText, MadeUpErrorsUnchanged) {
  expect_unchanged(Error(std::make_error_code(std::errc::timed_out), "connect to [::1]:7",
                         "timed out after 0.5 s"));
  expect_unchanged(Error(std::make_error_code(std::errc::timed_out), "recv from 127.0.0.1:7",
                         "no reply within 10 s"));
  // Braces in the text are data, never format fields.
  expect_unchanged(Error(tcpc::errc::invalid_argument, "connect to {}", "{0} {:x} }{"));
  expect_unchanged(Error(tcpc::errc::invalid_argument, "", "U+{} at byte {} has no {} form"));
  expect_unchanged(Error(tcpc::errc::invalid_argument, "", "a: b: c"));
  expect_unchanged(Error(tcpc::errc::invalid_argument, "", ""));
}

TEST(ErrorText, HintsSpelledAsFlags) {
  Error untrusted = Error(tcpc::errc::invalid_argument, Operation::tls_handshake, "127.0.0.1:4433",
                          "certificate verification failed: the server's certificate is "
                          "self-signed ('CN=x') and not trusted")
                        .with(Hint::trust_ca)
                        .with(Hint::skip_verification);
  EXPECT_EQ(localized_message(untrusted),
            untrusted.message() + "; --cafile FILE trusts its CA, --insecure skips the check");
  Error plain = Error(tcpc::errc::invalid_argument, Operation::tls_handshake, "127.0.0.1:80",
                      "the server does not speak TLS")
                    .with(Hint::without_tls);
  EXPECT_EQ(localized_message(plain),
            "TLS handshake with 127.0.0.1:80: the server does not speak TLS; "
            "a plain TCP port? try without --tls");
}

TEST(ErrorText, TlsFilesNamedByTheirFlag) {
  Error error(tcpc::errc::invalid_argument, Operation::load_ca_file, "/no/ca.pem",
              "No such file or directory");
  EXPECT_EQ(error.message(), "CA file /no/ca.pem: No such file or directory");
  EXPECT_EQ(localized_message(error), "--cafile /no/ca.pem: No such file or directory");
}

// The zh_CN catalog of the build tree (po/zh_CN.po through msgfmt).
class ChineseErrorText : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::setlocale(LC_MESSAGES, "zh_CN.UTF-8") == nullptr)
      GTEST_SKIP() << "the zh_CN.UTF-8 locale is missing: run scripts/setup.sh --test";
    ::setenv("LANGUAGE", "zh_CN", 1);
    ::bindtextdomain(tcpc::cli::kTextDomain, TCPC_TEST_LOCALEDIR);
    ::bind_textdomain_codeset(tcpc::cli::kTextDomain, "UTF-8");
    ASSERT_STRNE(tcpc::cli::tr("connect"), "connect") << "no catalog in " TCPC_TEST_LOCALEDIR;
  }
  void TearDown() override {
    ::unsetenv("LANGUAGE");
    std::setlocale(LC_MESSAGES, "C");
  }
  static bool translated(const char* msgid) {
    return std::string_view(tcpc::cli::tr(msgid)) != msgid;
  }
};

TEST_F(ChineseErrorText, BuiltFromTheFields) {
  EXPECT_EQ(localized_message(tcpc::system_error(ECONNREFUSED, Operation::connect, "127.0.0.1:9")),
            "连接 127.0.0.1:9 失败：连接被拒绝；该端口上没有程序在监听");
  auto port = tcpc::parse_port("70000");
  ASSERT_FALSE(port);
  EXPECT_EQ(localized_message(port.error()), "端口 '70000' 无效：必须是 1 到 65535 之间的数");
  auto list = tcpc::parse_port_list("80-70000");
  ASSERT_FALSE(list);
  EXPECT_EQ(localized_message(list.error()),
            "端口列表 '80-70000' 无效：必须是 1 到 65535 之间的数");
  auto unencodable =
      tcpc::encode(tcpc::Encoding::find("gbk").value(), "caf\xc3\xa9 \xf0\x9f\x98\x80");
  ASSERT_FALSE(unencodable);
  EXPECT_EQ(localized_message(unencodable.error()),
            "编码为 gbk 失败：第 6 字节处的字符 U+1F600 在 gbk 中没有对应的编码");
}

TEST_F(ChineseErrorText, RewordedLibraryMessageStillTranslated) {
  // The same cause in other English words: the translation comes from the
  // reason and its values, so it does not change.
  Error usual(std::make_error_code(std::errc::timed_out), Operation::connect, "[::1]:7",
              Reason::timed_out, {"0.5"});
  Error reworded(std::make_error_code(std::errc::timed_out), Operation::connect, "[::1]:7",
                 Reason::timed_out, {"0.5"}, "no SYN-ACK came back within half a second");
  ASSERT_NE(usual.message(), reworded.message());
  EXPECT_EQ(localized_message(usual), "连接 [::1]:7 失败：0.5 秒后超时");
  EXPECT_EQ(localized_message(reworded), localized_message(usual));
  // A subject that looks like English text or holds ": " is only data.
  Error odd = tcpc::system_error(ECONNRESET, Operation::receive, "recv from x: y {}");
  EXPECT_EQ(localized_message(odd), "从 recv from x: y {} 接收数据失败：连接被对方重置");
}

TEST_F(ChineseErrorText, HintsTranslated) {
  Error error = Error(tcpc::errc::invalid_argument, Operation::tls_handshake, "127.0.0.1:4433",
                      "certificate verification failed")
                    .with(Hint::trust_ca)
                    .with(Hint::skip_verification);
  EXPECT_EQ(localized_message(error),
            "与 127.0.0.1:4433 的 TLS 握手失败：certificate verification failed；"
            "用 --cafile 文件 信任它的 CA，--insecure 跳过校验");
}

// Every operation, reason and hint of the library has words in the tool,
// and each is translated (a flag stays a flag).
TEST_F(ChineseErrorText, EveryOperationReasonAndHintIsTranslated) {
  for (int i = 0; i < tcpc::kOperationCount; ++i) {
    const auto operation = static_cast<Operation>(i);
    if (operation == Operation::none || operation == Operation::system_call) {
      EXPECT_EQ(tcpc::cli::operation_msgid(operation, true), nullptr) << i;
      continue;
    }
    for (bool with_subject : {true, false}) {
      const char* msgid = tcpc::cli::operation_msgid(operation, with_subject);
      ASSERT_NE(msgid, nullptr) << i;
      if (std::string_view(msgid).starts_with("--")) continue;
      EXPECT_TRUE(translated(msgid)) << "no translation for '" << msgid << "'";
      if (with_subject)
        EXPECT_NE(std::string_view(tcpc::cli::tr(msgid)).find('{'), std::string_view::npos)
            << msgid;
    }
    // The words the tool shows are the library's, so English lines stay the same.
    const std::string_view words = tcpc::cli::operation_msgid(operation, true);
    if (!words.starts_with("--")) EXPECT_EQ(words, tcpc::operation_text(operation, true)) << i;
  }
  for (int i = 1; i < tcpc::kReasonCount; ++i) {
    const char* msgid = tcpc::cli::reason_msgid(static_cast<Reason>(i));
    ASSERT_NE(msgid, nullptr) << i;
    EXPECT_TRUE(translated(msgid)) << "no translation for '" << msgid << "'";
  }
  for (int i = 0; i < tcpc::kHintCount; ++i) {
    const char* msgid = tcpc::cli::hint_msgid(static_cast<Hint>(i));
    ASSERT_NE(msgid, nullptr) << i;
    EXPECT_TRUE(translated(msgid)) << "no translation for '" << msgid << "'";
  }
}

}  // namespace
