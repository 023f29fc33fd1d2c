// SPDX-License-Identifier: MIT
// One error model for all of libtcpc: a std::error_code plus the operation
// and peer it concerns, rendered as one line such as
//   "connect to 127.0.0.1:9: Connection refused".
#pragma once

#include <exception>
#include <string>
#include <system_error>

namespace tcpc {

// Failures that come from what the user gave us rather than from the
// network. The CLI maps these to the "usage" exit code.
enum class errc {
  invalid_port = 1,  // not 1-65535 and not a service name
  invalid_host,      // empty or malformed host
  invalid_hex,       // malformed hex text
  invalid_escape,    // malformed C-style escape
  unknown_encoding,  // encoding name we do not support
  unencodable,       // text that the target encoding cannot represent
  invalid_argument,  // any other bad value
  no_address,        // resolution returned nothing usable
};

const std::error_category& tcpc_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

// getaddrinfo's EAI_* codes; messages come from gai_strerror.
const std::error_category& resolve_category() noexcept;

// True when the error means "the input was wrong", not "the network failed".
bool is_input_error(const std::error_code& code) noexcept;

// The error type of the library. It is also the exception that
// Result<T>::value() throws, so callers pick checking or throwing per call.
class Error : public std::exception {
 public:
  // context names the operation and its subject ("connect to 1.2.3.4:80");
  // detail replaces the code's generic text when there is more to say.
  Error(std::error_code code, std::string context, std::string detail = {});

  const std::error_code& code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::error_code code_;
  std::string message_;
};

// The error for a failed system call: errno with its operation and subject.
Error system_error(int errnum, std::string context);

}  // namespace tcpc

template <>
struct std::is_error_code_enum<tcpc::errc> : std::true_type {};
