// SPDX-License-Identifier: MIT
// Error lines go through localized_message(); with no translation loaded
// (the C locale) each must come out exactly as the library wrote it.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "error_text.hpp"
#include "tcpc/address.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/socket.hpp"

namespace {

using tcpc::Error;
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

TEST(ErrorText, RefusedConnectionUnchanged) {
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
  expect_unchanged(socket.error());
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

}  // namespace
