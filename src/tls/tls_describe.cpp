// SPDX-License-Identifier: MIT
// What -v prints about a TLS session: plain text from SessionInfo, no
// OpenSSL, so the plain tcpc (tls_absent.cpp) links it as it is.
#include <string>

#include "tcpc/tls/tls.hpp"

namespace tcpc::tls {

std::string describe(const SessionInfo& info) {
  std::string text = "TLS: " + info.version + ", " + info.cipher + ", ALPN " +
                     (info.alpn.empty() ? std::string("none") : info.alpn) + "\n";
  if (!info.has_certificate) return text + "  no peer certificate\n";
  auto line = [&](const char* label, const std::string& value) {
    text += std::string("  ") + label + value + "\n";
  };
  line("subject:  ", info.subject);
  line("issuer:   ", info.issuer);
  line("valid:    ", info.not_before + " to " + info.not_after);
  std::string names;
  for (const std::string& name : info.alt_names)
    names += (names.empty() ? "" : ", ") + name;
  line("SANs:     ", names.empty() ? std::string("none") : names);
  line("SHA-256:  ", info.sha256);
  line("verified: ", info.verified ? std::string("yes") : "no (" + info.verify_result + ")");
  return text;
}

}  // namespace tcpc::tls
