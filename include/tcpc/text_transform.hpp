// SPDX-License-Identifier: MIT
// Encodings as relay transforms: the terminal's UTF-8 becomes the wire
// encoding on the way out, and the wire encoding becomes UTF-8 on the way in.
#pragma once

#include "tcpc/encoding.hpp"
#include "tcpc/relay.hpp"

namespace tcpc {

class EncodeTransform final : public Transform {
 public:
  explicit EncodeTransform(Encoding to) : encoder_(to) {}
  Result<void> feed(std::string_view in, std::string& out) override {
    return encoder_.feed(in, out);
  }
  Result<void> finish(std::string& out) override { return encoder_.finish(out); }

 private:
  Encoder encoder_;
};

class DecodeTransform final : public Transform {
 public:
  DecodeTransform(Encoding from, Undecodable policy) : decoder_(from, policy) {}
  Result<void> feed(std::string_view in, std::string& out) override {
    decoder_.feed(in, out);
    return {};
  }
  Result<void> finish(std::string& out) override {
    decoder_.finish(out);
    return {};
  }

 private:
  Decoder decoder_;
};

}  // namespace tcpc
