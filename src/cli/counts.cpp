// SPDX-License-Identifier: MIT
#include "counts.hpp"

#include <fmt/format.h>

#include "i18n.hpp"

namespace tcpc::cli {

std::string bytes_text(std::uint64_t bytes) {
  std::string text = trnf("{} byte", "{} bytes", bytes, bytes);
  if (bytes < 1024) return text;
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{} ({:.2f} {})", text, value, units[unit]);
}

std::string chunks_text(std::uint64_t chunks) {
  return trnf("{} chunk", "{} chunks", chunks, chunks);
}

std::string clients_text(std::uint64_t clients) {
  return trnf("{} client", "{} clients", clients, clients);
}

std::string times_text(std::uint64_t times) {
  return trnf("{} time", "{} times", times, times);
}

std::string datagrams_text(std::uint64_t datagrams) {
  return trnf("{} datagram", "{} datagrams", datagrams, datagrams);
}

std::string senders_text(std::uint64_t senders) {
  return trnf("{} sender", "{} senders", senders, senders);
}

}  // namespace tcpc::cli
