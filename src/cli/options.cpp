// SPDX-License-Identifier: MIT
// parse_options(): CLI11 reads the command line (option_defs.cpp), the mode
// is decided and the table checked (option_checks.cpp, option_modes.cpp),
// the values converted (option_convert.cpp). No I/O on the way.
#include "options.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <sstream>

#include "bench_options.hpp"
#include "error_text.hpp"
#include "help.hpp"
#include "option_raw.hpp"
#include "tcpc/version.hpp"

namespace tcpc::cli {
namespace {

// What CLI11 prints for --help and --version, as text for main to print.
std::string help_text(CLI::App& app, const CLI::Error& e) {
  std::ostringstream out;
  std::ostringstream ignored;
  app.exit(e, out, ignored);
  return out.str();
}

// Pipe mode may still become the session on a terminal, where settle_terminal()
// checks again: until then, the options that only the session honours wait.
// Everything else (and -U, --tls) is checked at once.
std::vector<std::string> may_not_wait(std::vector<std::string> given, const ModeContext& context,
                                      const parsing::RawOptions& raw) {
  if (context.mode != RunMode::pipe || raw.raw_relay || raw.no_stdin || context.exec) return given;
  std::erase_if(given, [](const std::string& name) {
    const OptionRow* row = find_option_row(name);
    return row && support(*row, RunMode::pipe) != Support::works &&
           support(*row, RunMode::session) == Support::works;
  });
  return given;
}

}  // namespace

DisplayOptions display_options(const Options& options) {
  DisplayOptions display;
  display.view = options.view;
  display.time = options.show_time;
  display.framed = options.frame.has_value();
  display.json = options.json_frames;
  display.encoding = options.encoding;
  display.undecodable = options.undecodable;
  // What a peer sends must not take over the terminal; pipes stay byte-exact.
  display.terminal = !options.raw_relay && ::isatty(STDOUT_FILENO);
  return display;
}

ParseOutcome parse_options(int argc, char** argv, bool every_section) {
  if (argc > 1 && std::string_view(argv[1]) == "bench") return parse_bench(argc - 1, argv + 1);
  CLI::App app{"", "tcpc"};
  help::set_up(app, std::string("tcpc ") + kVersion);
  parsing::RawOptions raw;
  std::vector<std::string> expanded = parsing::expand_mode_words(argc, argv);
  parsing::define(app, raw, {expanded.begin() + std::min<std::ptrdiff_t>(1, argc), expanded.end()},
                  every_section);
  std::vector<char*> expanded_argv;
  for (std::string& arg : expanded)
    expanded_argv.push_back(arg.data());
  ParseOutcome outcome;
  try {
    app.parse(static_cast<int>(expanded_argv.size()), expanded_argv.data());
  } catch (const CLI::Success& e) {  // --help, --version
    outcome.text = help_text(app, e);
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.error = usage_error(e.what());
    return outcome;
  }
  auto context = parsing::decide_mode(raw);
  if (!context) {
    outcome.error = context.error();
    return outcome;
  }
  std::vector<std::string> given = parsing::given_options(app);
  if (auto allowed = check_option_modes(may_not_wait(given, *context, raw), *context); !allowed) {
    outcome.error = allowed.error();
    return outcome;
  }
  auto options = parsing::convert(raw, *context);
  if (!options) {
    outcome.error = options.error();
    return outcome;
  }
  options->given = std::move(given);
  outcome.options = std::move(*options);
  return outcome;
}

Result<void> settle_terminal(Options& options, bool on_terminal) {
  if (options.context.mode != RunMode::pipe) return {};
  if (options.session_on_terminal && on_terminal) {
    options.mode = Mode::session;
    options.context.mode = RunMode::session;
  }
  return check_option_modes(options.given, options.context);
}

}  // namespace tcpc::cli
