// SPDX-License-Identifier: MIT
// Option parsing never crashes, whatever the arguments. The input is split
// into arguments at NUL bytes. Parsing resolves no name (option_setup does),
// so fuzzing never asks DNS; "-n" stays first as in the checked-in corpus.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "exit_code.hpp"
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
  // Exactly one of: options, `tcpc bench`, help/version text, a usage error (exit 2).
  const int results = int(outcome.options.has_value()) + int(outcome.bench != nullptr) +
                      int(!outcome.text.empty()) + int(outcome.error.has_value());
  FUZZ_CHECK(results == 1);
  if (outcome.error) FUZZ_CHECK(tcpc::cli::exit_code_for(*outcome.error) == 2);
  // The terminal's decision keeps the options valid or refuses them, never crashes.
  if (outcome.options) {
    tcpc::cli::Options on_terminal = *outcome.options;
    (void)tcpc::cli::settle_terminal(on_terminal, true);
    (void)tcpc::cli::settle_terminal(*outcome.options, false);
  }
  return 0;
}
