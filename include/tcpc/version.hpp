// SPDX-License-Identifier: MIT
#pragma once

namespace tcpc {
inline constexpr const char* kVersion = "0.1.0";
}
