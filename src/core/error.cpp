// SPDX-License-Identifier: MIT
#include "tcpc/error.hpp"

#include <netdb.h>

namespace tcpc {
namespace {

class TcpcCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tcpc"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::invalid_port:
        return "invalid port";
      case errc::invalid_host:
        return "invalid host";
      case errc::invalid_hex:
        return "invalid hex";
      case errc::invalid_escape:
        return "invalid escape sequence";
      case errc::unknown_encoding:
        return "unknown encoding";
      case errc::unencodable:
        return "text cannot be encoded";
      case errc::invalid_argument:
        return "invalid argument";
      case errc::no_address:
        return "no usable address";
    }
    return "unknown tcpc error";
  }
};

class ResolveCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "resolve"; }
  std::string message(int value) const override { return gai_strerror(value); }
};

}  // namespace

const std::error_category& tcpc_category() noexcept {
  static const TcpcCategory category;
  return category;
}

const std::error_category& resolve_category() noexcept {
  static const ResolveCategory category;
  return category;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), tcpc_category()};
}

bool is_input_error(const std::error_code& code) noexcept {
  return code.category() == tcpc_category() && code != errc::no_address;
}

Error::Error(std::error_code code, std::string context, std::string detail) : code_(code) {
  std::string text = detail.empty() ? code.message() : std::move(detail);
  message_ = context.empty() ? std::move(text) : std::move(context) + ": " + text;
}

Error system_error(int errnum, std::string context) {
  return Error(std::error_code(errnum, std::generic_category()), std::move(context));
}

}  // namespace tcpc
