// SPDX-License-Identifier: MIT
// The files the TLS options name, checked before OpenSSL reads them: a typo
// then says "No such file or directory" and a directory "is a directory",
// not OpenSSL's "PEM lib" or, for --capath (read only during the
// handshake), a failed handshake after connecting.
#pragma once

#include <string>

#include "tcpc/result.hpp"

namespace tcpc::cli {

// Empty names are skipped. Failures are usage errors naming the option.
Result<void> check_tls_files(const std::string& ca_file, const std::string& ca_path,
                             const std::string& cert_file, const std::string& key_file);

}  // namespace tcpc::cli
