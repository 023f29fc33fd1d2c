// SPDX-License-Identifier: MIT
// parse_options() defines only the --help sections that the command line
// names (options.cpp, kSections). These tests hold that shortcut to what it
// promises: each section's list of names is exactly what it defines, and
// every command line parses to the same result, message and exit code as
// with every section defined.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "options.hpp"

namespace {

using tcpc::cli::parse_options;

TEST(OptionSections, EachListNamesExactlyWhatItsSectionDefines) {
  const auto sections = tcpc::cli::section_names();
  ASSERT_EQ(sections.size(), 7u);
  for (const auto& section : sections) {
    EXPECT_EQ(section.listed, section.defined) << section.label;
  }
}

struct Outcome {
  bool parsed;
  std::string error;  // the usage error's message, if any
  std::string text;   // --help, --version
};

Outcome parse(std::vector<std::string> args, bool every_section) {
  args.insert(args.begin(), "tcpc");
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  auto outcome = parse_options(static_cast<int>(argv.size()), argv.data(), every_section);
  return {outcome.options.has_value(), outcome.error ? outcome.error->message() : "", outcome.text};
}

TEST(OptionSections, CommandLinesParseAsWithEverySectionDefined) {
  const std::vector<std::vector<std::string>> lines = {
      {},
      {"127.0.0.1", "7000"},
      {"127.0.0.1", "7000", "--send", "hello"},
      {"127.0.0.1", "7000", "--send=hello", "--view", "hex", "--time"},
      {"127.0.0.1", "7000", "--hex", "48 65", "--encoding", "gbk", "-o", "out.bin"},
      {"127.0.0.1", "7000", "--send", "a", "--hex", "41"},
      {"127.0.0.1", "7000", "--send"},
      {"127.0.0.1", "7000", "--send", "--view"},
      {"127.0.0.1", "7000", "--send", "-l"},
      {"-l", "7000"},
      {"-lk", "127.0.0.1", "7000"},
      {"-l", "0", "--mode", "reply", "pong"},
      {"-l", "0", "--mode=source", "100"},
      {"-l", "0", "--mode", "echo", "--once", "--max-clients", "3"},
      {"-l", "0", "--reply", "a", "--reply-hex", "41"},
      {"-vn", "-w5", "127.0.0.1", "7000"},
      {"-v", "-v", "-4", "127.0.0.1", "7000"},
      {"-6", "::1", "7000"},
      {"-z", "127.0.0.1", "20-30", "--parallel", "8"},
      {"-u", "127.0.0.1", "7000"},
      {"-U", "/tmp/socket"},
      {"-d", "-N", "-q", "1", "-C", "127.0.0.1", "7000"},
      {"-q1", "127.0.0.1", "7000"},
      {"127.0.0.1", "7000", "--stats", "--json", "--stats-interval", "0.5"},
      {"127.0.0.1", "7000", "--json-file", "/tmp/stats.json"},
      {"--tls", "--cafile", "ca.pem", "example.org", "443"},
      {"--cafile", "ca.pem", "127.0.0.1", "7000"},
      {"--insecure", "127.0.0.1", "7000"},
      {"127.0.0.1", "7000", "--interactive", "--raw"},
      {"127.0.0.1", "7000", "--repeat", "3", "--interval", "0.1", "--send", "x"},
      {"127.0.0.1", "7000", "--eol", "crlf"},
      {"127.0.0.1", "7000", "--recv-size", "1024", "--no-shutdown", "--send", "x"},
      {"-l", "--keep-open", "7000"},
      {"127.0.0.1", "70000", "--send", "x"},
      {"127.0.0.1", "-1", "--send", "x"},
      {"127.0.0.1", "abc"},
      {"--bogus"},
      {"--sendx", "hello"},
      {"-x", "127.0.0.1", "7000"},
      {"-", "7000"},
      {"--", "-host", "7000"},
      {"--version"},
      {"-w", "abc", "127.0.0.1", "7000"},
      {"--undecodable", "escape", "--encoding", "big5", "127.0.0.1", "7000"},
  };
  for (const auto& line : lines) {
    std::string shown;
    for (const std::string& arg : line)
      shown += " " + arg;
    const Outcome lazy = parse(line, false);
    const Outcome every = parse(line, true);
    EXPECT_EQ(lazy.parsed, every.parsed) << "tcpc" << shown;
    EXPECT_EQ(lazy.error, every.error) << "tcpc" << shown;
    EXPECT_EQ(lazy.text, every.text) << "tcpc" << shown;
  }
}

}  // namespace
