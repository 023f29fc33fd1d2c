// SPDX-License-Identifier: MIT
// TLS command lines run in tcpc-tls: the same program with OpenSSL linked in.
// The plain tcpc leaves OpenSSL out because mapping and relocating it made
// every plain run start twice as slowly (docs/BENCHMARKS.md); git keeps
// libcurl out of `git` the same way, in git-remote-https.
#pragma once

namespace tcpc::cli {

// True when an argument before "--" is spelled --tls or --tls=...; any other
// TLS option needs --tls too. A false positive only costs the second start.
bool mentions_tls(int argc, char** argv);

// Replaces this process with tcpc-tls from tcpc's own directory, same
// arguments. Returns only when that is not possible (tcpc-tls not installed
// beside tcpc), after saying so on stderr, with the exit code to end with.
int exec_tls_binary(char** argv);

}  // namespace tcpc::cli
