// SPDX-License-Identifier: MIT
#include "netcat.hpp"
#include "tcpc/line_endings.hpp"
#include "tcpc/transform_chain.hpp"

namespace tcpc::cli {

std::unique_ptr<Transform> crlf_then(std::unique_ptr<Transform> next) {
  return std::make_unique<TransformChain>(std::make_unique<CrlfTransform>(), std::move(next));
}

}  // namespace tcpc::cli
