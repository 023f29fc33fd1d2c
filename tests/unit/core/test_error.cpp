// SPDX-License-Identifier: MIT
#include "tcpc/error.hpp"

#include <gtest/gtest.h>
#include <netdb.h>

#include <cerrno>

#include "tcpc/result.hpp"

namespace tcpc {
namespace {

TEST(Error, MessageJoinsContextAndCodeText) {
  Error error = system_error(ECONNREFUSED, "connect to 127.0.0.1:9");
  EXPECT_EQ(error.message(), "connect to 127.0.0.1:9: Connection refused");
  EXPECT_STREQ(error.what(), "connect to 127.0.0.1:9: Connection refused");
  EXPECT_EQ(error.code(), std::errc::connection_refused);
}

TEST(Error, DetailReplacesGenericText) {
  Error error(errc::invalid_port, "invalid port '70000'", "must be from 1 to 65535");
  EXPECT_EQ(error.message(), "invalid port '70000': must be from 1 to 65535");
  EXPECT_TRUE(is_input_error(error.code()));
}

TEST(Error, ResolveCategoryUsesGaiStrerror) {
  Error error(std::error_code(EAI_NONAME, resolve_category()), "resolve nosuch.invalid");
  EXPECT_EQ(error.message(), std::string("resolve nosuch.invalid: ") + gai_strerror(EAI_NONAME));
  EXPECT_FALSE(is_input_error(error.code()));
}

TEST(Error, NetworkErrorsAreNotInputErrors) {
  EXPECT_FALSE(is_input_error(std::make_error_code(std::errc::connection_reset)));
  EXPECT_FALSE(is_input_error(make_error_code(errc::no_address)));
  EXPECT_TRUE(is_input_error(make_error_code(errc::invalid_hex)));
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
