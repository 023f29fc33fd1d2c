// SPDX-License-Identifier: MIT
// `tcpc checksum SPEC HEX... | --file PATH`: the checksum of some bytes and
// the frame with it appended, so a user can check a frame by hand. No
// network; exit 2 on a bad SPEC, bad hex or an unreadable file.
#pragma once

#include "tcpc/result.hpp"

namespace tcpc::cli {

// argv[0] is "checksum".
Result<int> run_checksum_command(int argc, char** argv);

}  // namespace tcpc::cli
