// SPDX-License-Identifier: MIT
// Two relay transforms in a row, e.g. CRLF line endings (-C) and then GBK
// (--encoding gbk) on the way out.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "tcpc/relay.hpp"

namespace tcpc {

class TransformChain final : public Transform {
 public:
  // Either may be null, and is then skipped.
  TransformChain(std::unique_ptr<Transform> first, std::unique_ptr<Transform> second)
      : first_(std::move(first)), second_(std::move(second)) {}

  Result<void> feed(std::string_view in, std::string& out) override {
    if (!first_) return pass(second_.get(), in, out);
    middle_.clear();
    if (auto fed = first_->feed(in, middle_); !fed) return fed;
    return pass(second_.get(), middle_, out);
  }

  Result<void> finish(std::string& out) override {
    middle_.clear();
    if (first_) {
      if (auto done = first_->finish(middle_); !done) return done;
    }
    if (auto fed = pass(second_.get(), middle_, out); !fed) return fed;
    return second_ ? second_->finish(out) : Result<void>();
  }

 private:
  // `bytes` through `transform`, or unchanged when there is none.
  static Result<void> pass(Transform* transform, std::string_view bytes, std::string& out) {
    if (transform) return transform->feed(bytes, out);
    out.append(bytes);
    return {};
  }

  std::unique_ptr<Transform> first_;
  std::unique_ptr<Transform> second_;
  std::string middle_;
};

}  // namespace tcpc
