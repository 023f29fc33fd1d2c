// SPDX-License-Identifier: MIT
// Counts as people read them, in the user's language with the right plural
// (ngettext): "1 byte", "2958819328 bytes (2.76 GiB)", "1 client".
#pragma once

#include <cstdint>
#include <string>

namespace tcpc::cli {

// "1 byte", "512 bytes"; from 1 KiB on with binary units too:
// "2958819328 bytes (2.76 GiB)".
std::string bytes_text(std::uint64_t bytes);
std::string chunks_text(std::uint64_t chunks);
std::string clients_text(std::uint64_t clients);
std::string times_text(std::uint64_t times);  // "1 time", "3 times"
std::string datagrams_text(std::uint64_t datagrams);
std::string senders_text(std::uint64_t senders);  // "1 sender", "2 senders"

}  // namespace tcpc::cli
