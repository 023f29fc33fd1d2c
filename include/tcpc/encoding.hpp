// SPDX-License-Identifier: MIT
// Text encodings through iconv: what the user types (UTF-8) is encoded to the
// wire encoding, what arrives is decoded back to UTF-8 for display.
// Decoding never drops a byte silently: an undecodable byte becomes U+FFFD or
// a visible \xNN, as the caller chooses.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {

enum class Undecodable {
  replace,  // U+FFFD for each undecodable byte
  escape,   // "\xNN" (lowercase hex) for each undecodable byte
};

// A supported wire encoding. Names are case-insensitive and accept common
// aliases: "utf-8"/"utf8", "gbk"/"cp936", "gb18030", "big5", "latin1"/
// "iso-8859-1".
class Encoding {
 public:
  // Fails with errc::unknown_encoding listing the supported names, or when
  // iconv on this system cannot convert between it and UTF-8.
  static Result<Encoding> find(std::string_view name);
  // Canonical names: utf-8, gbk, gb18030, big5, latin1.
  static const std::vector<std::string_view>& supported();

  static Encoding utf8();

  std::string_view name() const noexcept { return name_; }
  bool is_utf8() const noexcept { return name_ == "utf-8"; }

  bool operator==(const Encoding&) const = default;

 private:
  explicit Encoding(std::string_view name) : name_(name) {}
  std::string_view name_;  // points into supported()
};

// Streaming UTF-8 -> `to`. A character split across feed() calls is kept
// until the rest arrives. A character that `to` cannot represent, or input
// that is not UTF-8 (strict: no overlongs, surrogates or values above
// U+10FFFF), fails with errc::unencodable naming the character and its
// 0-based byte offset in the whole stream:
//   "encode to gbk: U+1F600 at byte 6 has no gbk form".
// A failed feed() leaves `out` as it was and discards the rest of that input
// (and any held partial character); later feeds go on normally.
class Encoder {
 public:
  // Throws Error if iconv cannot open the converter (find() checks for that).
  explicit Encoder(Encoding to);
  ~Encoder();
  Encoder(Encoder&&) noexcept;
  Encoder& operator=(Encoder&&) noexcept;

  // Appends the encoded bytes of `utf8` to `out`.
  Result<void> feed(std::string_view utf8, std::string& out);
  // End of input: an incomplete trailing character is an error. Afterwards
  // the encoder starts a new stream (offsets count from 0 again).
  Result<void> finish(std::string& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Streaming `from` -> UTF-8. A character split across feed() calls is kept
// until the rest arrives. An undecodable byte is rendered by the policy and
// decoding resumes at the next byte, so a bad sequence of n bytes gives at
// most n markers and never swallows the valid text after it. finish() renders
// any incomplete tail the same way, one marker per byte, and starts a new
// stream. For utf-8 the input is validated strictly.
class Decoder {
 public:
  // Throws Error if iconv cannot open the converter (find() checks for that).
  Decoder(Encoding from, Undecodable policy);
  ~Decoder();
  Decoder(Decoder&&) noexcept;
  Decoder& operator=(Decoder&&) noexcept;

  void feed(std::string_view bytes, std::string& out);
  void finish(std::string& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whole-buffer helpers over the streaming classes.
Result<std::string> encode(Encoding to, std::string_view utf8);
std::string decode(Encoding from, std::string_view bytes,
                   Undecodable policy = Undecodable::replace);

}  // namespace tcpc
