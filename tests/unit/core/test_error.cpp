// SPDX-License-Identifier: MIT
#include "tcpc/error.hpp"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {
namespace {

TEST(Error, MessageJoinsOperationSubjectAndCodeText) {
  Error error = system_error(ECONNREFUSED, Operation::connect, "127.0.0.1:9");
  EXPECT_EQ(error.message(), "connect to 127.0.0.1:9: Connection refused");
  EXPECT_STREQ(error.what(), "connect to 127.0.0.1:9: Connection refused");
  EXPECT_EQ(error.code(), std::errc::connection_refused);
}

TEST(Error, DetailReplacesGenericText) {
  Error error(errc::invalid_port, Operation::parse_port, "'70000'", "must be from 1 to 65535");
  EXPECT_EQ(error.message(), "invalid port '70000': must be from 1 to 65535");
  EXPECT_TRUE(is_input_error(error.code()));
}

TEST(Error, ResolveCategoryUsesGaiStrerror) {
  Error error(std::error_code(EAI_NONAME, resolve_category()), Operation::resolve,
              "nosuch.invalid");
  EXPECT_EQ(error.message(), std::string("resolve nosuch.invalid: ") + gai_strerror(EAI_NONAME));
  EXPECT_FALSE(is_input_error(error.code()));
}

TEST(Error, NetworkErrorsAreNotInputErrors) {
  EXPECT_FALSE(is_input_error(std::make_error_code(std::errc::connection_reset)));
  EXPECT_FALSE(is_input_error(make_error_code(errc::no_address)));
  EXPECT_TRUE(is_input_error(make_error_code(errc::invalid_hex)));
}

TEST(Error, KeepsItsFields) {
  Error error = system_error(ECONNREFUSED, Operation::connect, "127.0.0.1:9");
  EXPECT_EQ(error.operation(), Operation::connect);
  EXPECT_EQ(error.subject(), "127.0.0.1:9");
  EXPECT_EQ(error.code(), std::errc::connection_refused);
  EXPECT_EQ(error.detail(), "");
  EXPECT_EQ(error.reason(), Reason::none);
  EXPECT_TRUE(error.hints().empty());
  EXPECT_EQ(error.message(), "connect to 127.0.0.1:9: Connection refused");
}

TEST(Error, OperationWithoutSubject) {
  EXPECT_EQ(Error(errc::no_address, Operation::connect).message(), "connect: no usable address");
  EXPECT_EQ(Error(errc::invalid_argument, Operation::none, {}, "just this").message(), "just this");
  EXPECT_EQ(system_error(EBADF, Operation::system_call, "poll").message(),
            std::string("poll: ") + std::strerror(EBADF));
}

TEST(Error, ReasonFillsItsValues) {
  Error error(errc::invalid_port, Operation::parse_port, "'70000'", Reason::port_range, {"1"});
  EXPECT_EQ(error.message(), "invalid port '70000': must be from 1 to 65535");
  EXPECT_EQ(error.detail(), "must be from 1 to 65535");
  EXPECT_EQ(error.values(), std::vector<std::string>{"1"});
  // Braces in values are data.
  Error braces(errc::unencodable, Operation::encode, "gbk", Reason::no_form, {"{}", "{0}", "x"});
  EXPECT_EQ(braces.message(), "encode to gbk: U+{} at byte {0} has no x form");
  // Other words for the same cause keep the reason and values for translations.
  Error reworded(std::make_error_code(std::errc::timed_out), Operation::connect, "[::1]:7",
                 Reason::timed_out, {"0.5"}, "no answer in 0.5 s");
  EXPECT_EQ(reworded.message(), "connect to [::1]:7: no answer in 0.5 s");
  EXPECT_EQ(reworded.reason(), Reason::timed_out);
}

TEST(Error, HintsAreDataNotWords) {
  Error error = Error(std::make_error_code(std::errc::permission_denied), Operation::tls_handshake,
                      "127.0.0.1:443", "certificate verification failed: self-signed")
                    .with(Hint::trust_ca)
                    .with(Hint::skip_verification)
                    .with(Hint::trust_ca);
  EXPECT_EQ(error.hints(), (std::vector<Hint>{Hint::trust_ca, Hint::skip_verification}));
  EXPECT_TRUE(error.has(Hint::skip_verification));
  EXPECT_FALSE(error.has(Hint::without_tls));
  EXPECT_EQ(error.message(),
            "TLS handshake with 127.0.0.1:443: certificate verification failed: self-signed");
}

TEST(Error, IsAStdSystemError) {
  try {
    throw system_error(ECONNRESET, Operation::receive, "10.0.0.1:80");
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::connection_reset);
    EXPECT_STREQ(e.what(), "recv from 10.0.0.1:80: Connection reset by peer");
    return;
  }
  FAIL() << "not caught as std::system_error";
}

TEST(Error, EveryOperationHasEnglish) {
  for (int i = 0; i < kOperationCount; ++i) {
    const auto operation = static_cast<Operation>(i);
    EXPECT_NE(operation_text(operation, true).find("{}"), std::string_view::npos) << i;
    if (operation != Operation::none) EXPECT_FALSE(operation_text(operation, false).empty()) << i;
  }
  for (int i = 1; i < kReasonCount; ++i)
    EXPECT_FALSE(reason_text(static_cast<Reason>(i)).empty()) << i;
}

TEST(Error, OldFormsStillCompose) {
  // The one-string forms that code not yet converted uses.
  Error error = system_error(ECONNREFUSED, "connect to 127.0.0.1:9");
  EXPECT_EQ(error.message(), "connect to 127.0.0.1:9: Connection refused");
  EXPECT_EQ(error.operation(), Operation::none);
  EXPECT_EQ(Error(errc::invalid_argument, "", "alone").message(), "alone");
}

TEST(Result, ValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);

  Result<int> bad = Error(errc::invalid_argument, "parse", "not a number");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "parse: not a number");
  EXPECT_THROW(bad.value(), Error);
  try {
    (void)bad.value();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "parse: not a number");
  }
}

TEST(Result, VoidResult) {
  Result<void> good;
  EXPECT_TRUE(good.ok());
  EXPECT_NO_THROW(good.value());
  Result<void> bad = system_error(EPIPE, "send to [::1]:7");
  EXPECT_FALSE(bad.ok());
  EXPECT_THROW(bad.value(), Error);
  EXPECT_EQ(bad.error().message(), "send to [::1]:7: Broken pipe");
}

}  // namespace
}  // namespace tcpc
