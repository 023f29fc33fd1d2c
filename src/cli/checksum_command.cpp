// SPDX-License-Identifier: MIT
#include "checksum_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/hex.hpp"

namespace tcpc::cli {
namespace {

// Larger inputs get their checksums but not the frame in hex (three
// characters a byte would flood the terminal).
constexpr std::size_t kMaxShownFrame = 64 * 1024;

constexpr const char* kChecksumUsage = tr_noop(
    "usage: tcpc checksum SPEC[,SPEC...] HEX...\n"
    "       tcpc checksum SPEC[,SPEC...] --file PATH\n"
    "Prints each checksum (in the SPEC's byte order), then the bytes with\n"
    "them appended. SPEC: crc16-modbus, crc16-ccitt, crc16-xmodem, crc8,\n"
    "crc32, sum8, xor8, lrc, hex:HEX or crc:width=W,poly=P[,init=I,refin=0|1,\n"
    "refout=0|1,xorout=X]; :le or :be sets the byte order, @N starts at\n"
    "byte N (docs/protocols.md).\n"
    "Example: tcpc checksum crc16-modbus 01 03 00 00 00 0a\n");

Result<std::string> read_file(const std::string& path) {
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file) return Error(errc::invalid_argument, Operation::open_file, path, std::strerror(errno));
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    // EISDIR and the like are the user's to fix: exit 2, as a bad --file is.
    if (n < 0)
      return Error(errc::invalid_argument, Operation::read_file, path, std::strerror(errno));
    if (n == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Result<int> run_checksum_command(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    fmt::print("{}", tr(kChecksumUsage));
    return kSuccess;
  }
  if (args.empty()) return usage("missing SPEC: tcpc checksum SPEC HEX... (--help for more)");
  auto specs = parse_checksum_specs(args[0]);
  if (!specs) return usage_error(specs.error().message());
  std::string data;
  if (args.size() >= 2 && (args[1] == "--file" || args[1].starts_with("--file="))) {
    const bool joined = args[1].starts_with("--file=");
    if ((joined && args.size() != 2) || (!joined && args.size() != 3))
      return usage("--file takes one PATH and no hex: tcpc checksum SPEC --file PATH");
    auto bytes = read_file(std::string(joined ? args[1].substr(7) : args[2]));
    if (!bytes) return bytes.error();
    data = std::move(*bytes);
  } else {
    if (args.size() < 2) return usage("missing data: tcpc checksum SPEC HEX... or --file PATH");
    std::string hex;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i].starts_with("-") && args[i].size() > 1)
        return usage("unknown option '{}' (tcpc checksum takes --file PATH)", args[i]);
      if (!hex.empty()) hex += ' ';
      hex += args[i];
    }
    auto bytes = parse_hex(hex);
    if (!bytes) return bytes.error();
    data = std::move(*bytes);
  }
  // Each value over what comes before it, as --append sends them.
  std::string frame = data;
  for (const ChecksumSpec& spec : *specs) {
    const std::string value = checksum_bytes(spec, frame);
    if (spec.kind == ChecksumSpec::Kind::fixed) {
      fmt::print("{}: {}\n", checksum_spec_text(spec), format_hex(value));
    } else {
      fmt::print("{}: {} (0x{:0{}x})\n", checksum_spec_text(spec), format_hex(value),
                 checksum_value(spec, frame), spec.size() * 2);
    }
    frame += value;
  }
  if (frame.size() <= kMaxShownFrame) {
    fmt::print("{}\n", format_hex(frame));
  } else {
    fmt::print("{}\n", trf("({} bytes with the checksums; too long to show in hex)", frame.size()));
  }
  return kSuccess;
}

}  // namespace tcpc::cli
