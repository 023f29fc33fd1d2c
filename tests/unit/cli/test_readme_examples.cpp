// SPDX-License-Identifier: MIT
// Every tcpc command line in the shell examples of README.md and docs/*.md
// parses: an example that names an option tcpc no longer has, or a pair the
// option-by-mode table refuses, fails here instead of failing a reader.
// parse_options() is pure, so this needs no server; what the examples do on
// the wire is the integration tests' job.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "options.hpp"

namespace {

using tcpc::cli::parse_options;
using tcpc::cli::settle_terminal;

struct Example {
  std::string file;
  int line = 0;
  std::string text;
};

// The shell words of `text` up to its comment, redirection, pipe or `&`
// (what a shell would pass to tcpc); single and double quotes as sh reads
// them, enough for the examples' 'PING\r\n' and "a b".
std::vector<std::string> shell_words(const std::string& text) {
  std::vector<std::string> words;
  std::optional<std::string> word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = text.find(c, i + 1);
      word = word.value_or("") + text.substr(i + 1, end - i - 1);
      i = end == std::string::npos ? text.size() : end;
    } else if (c == ' ' || c == '\t') {
      if (word) words.push_back(*word);
      word.reset();
    } else if (!word && (c == '#' || c == '<' || c == '>' || c == '|' || c == '&')) {
      break;
    } else {
      word = word.value_or("") + c;
    }
  }
  if (word) words.push_back(*word);
  return words;
}

// Lines inside ```sh blocks that run tcpc: "tcpc ..." or "... | tcpc ...".
std::vector<Example> examples_in(const std::filesystem::path& path) {
  std::vector<Example> found;
  std::ifstream in(path);
  std::string line;
  bool in_sh = false;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.starts_with("```")) {
      in_sh = !in_sh && line == "```sh";
      continue;
    }
    if (!in_sh) continue;
    const std::size_t piped = line.find("| tcpc ");
    std::string command = piped == std::string::npos ? line : line.substr(piped + 2);
    if (command.starts_with("tcpc ") || command == "tcpc") {
      found.push_back({path.filename().string(), number, command});
    }
  }
  return found;
}

std::vector<Example> all_examples() {
  const std::filesystem::path root(TCPC_SOURCE_DIR);
  std::vector<Example> all = examples_in(root / "README.md");
  for (const auto& entry : std::filesystem::directory_iterator(root / "docs")) {
    if (entry.path().extension() != ".md") continue;
    std::vector<Example> more = examples_in(entry.path());
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

TEST(ReadmeExamples, EveryShellExampleParses) {
  const std::vector<Example> examples = all_examples();
  // The README alone has more than forty; fewer means the scan went wrong.
  ASSERT_GT(examples.size(), 40u);
  for (const Example& example : examples) {
    std::vector<std::string> words = shell_words(example.text);
    std::vector<char*> argv;
    for (std::string& word : words)
      argv.push_back(word.data());
    const std::string where =
        example.file + ":" + std::to_string(example.line) + ": " + example.text;
    // `tcpc checksum SPEC ...` is no connection: its SPEC must parse.
    if (words.size() >= 3 && words[1] == "checksum") {
      auto specs = tcpc::parse_checksum_specs(words[2]);
      EXPECT_TRUE(specs) << where << "\n  -> " << (specs ? "" : specs.error().message());
      continue;
    }
    const auto outcome = parse_options(static_cast<int>(argv.size()), argv.data());
    ASSERT_FALSE(outcome.error) << where << "\n  -> " << outcome.error->message();
    if (!outcome.options) continue;  // tcpc bench, --help
    // An example "on a terminal" becomes the session there; the rest are
    // run through pipes or are servers, where the terminal changes nothing.
    tcpc::cli::Options options = *outcome.options;
    const bool terminal = example.text.find("on a terminal") != std::string::npos;
    auto settled = settle_terminal(options, terminal);
    EXPECT_TRUE(settled) << where << "\n  -> " << (settled ? "" : settled.error().message());
  }
}

TEST(ReadmeExamples, ShellWordsAreWhatAShellPasses) {
  EXPECT_EQ(shell_words("tcpc 127.0.0.1 7000 --send 'PING\\r\\n'      # one-shot"),
            (std::vector<std::string>{"tcpc", "127.0.0.1", "7000", "--send", "PING\\r\\n"}));
  EXPECT_EQ(shell_words("tcpc example.org 80 < request.txt > reply.bin"),
            (std::vector<std::string>{"tcpc", "example.org", "80"}));
  EXPECT_EQ(shell_words("tcpc --hex \"01 03\" -l 0 &"),
            (std::vector<std::string>{"tcpc", "--hex", "01 03", "-l", "0"}));
}

}  // namespace
