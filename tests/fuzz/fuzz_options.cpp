// SPDX-License-Identifier: MIT
// Option parsing never crashes, whatever the arguments. The input is split
// into arguments at NUL bytes. "-n" is always added so that a fuzzed -s
// address is resolved numerically and fuzzing never asks DNS.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"tcpc", "-n"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (!current.empty()) args.push_back(current);

  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  auto outcome = tcpc::cli::parse_options(static_cast<int>(args.size()), argv.data());
  // Parsed options come with exit code 0; otherwise help/version (0) or a usage error (2).
  if (outcome.options) {
    FUZZ_CHECK(outcome.exit_code == 0);
  } else {
    FUZZ_CHECK(outcome.exit_code == 0 || outcome.exit_code == 2);
  }
  return 0;
}
