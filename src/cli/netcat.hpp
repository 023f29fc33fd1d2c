// SPDX-License-Identifier: MIT
// The netcat modes and helpers: UDP (-u), port checks (-z) and -C. Unix
// sockets (-U) run through the TCP modes, since both are streams.
#pragma once

#include <memory>

#include "options.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/telnet.hpp"

namespace tcpc::cli {

Result<int> run_udp_client(const Options& options);  // -u HOST PORT
Result<int> run_udp_listen(const Options& options);  // -u -l [--mode echo]
Result<int> run_scan(const Options& options);        // -z HOST PORTS, -z -U PATH

// -C: LF becomes CRLF before `next` (the --encoding encoder, or nothing)
// sees the bytes.
std::unique_ptr<Transform> crlf_then(std::unique_ptr<Transform> next);

// -F: connect, pass the socket to stdout (SCM_RIGHTS), exit.
Result<int> pass_connection(const Options& options);

// -t: watches what the relay receives and sends the refusals to `fd` (set
// once connected) itself; what is received is shown unchanged, as nc does.
class TelnetAnswer final : public RelayObserver {
 public:
  int fd = -1;
  void on_received(std::string_view bytes) override;

 private:
  TelnetRefuser refuser_;
};

}  // namespace tcpc::cli
