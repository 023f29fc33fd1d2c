// SPDX-License-Identifier: MIT
#include "tcpc/encoding.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace tcpc {
namespace {

struct Known {
  std::string_view name;  // canonical, as shown to users
  const char* iconv_name;
};

constexpr std::array<Known, 5> kKnown{{
    {"utf-8", "UTF-8"},
    {"gbk", "GBK"},
    {"gb18030", "GB18030"},
    {"big5", "BIG5"},
    {"latin1", "ISO-8859-1"},
}};

struct Alias {
  std::string_view name;
  std::size_t index;  // into kKnown
};

constexpr std::array<Alias, 11> kAliases{{
    {"utf-8", 0},
    {"utf8", 0},
    {"gbk", 1},
    {"cp936", 1},
    {"gb18030", 2},
    {"big5", 3},
    {"big-5", 3},
    {"latin1", 4},
    {"latin-1", 4},
    {"iso-8859-1", 4},
    {"iso8859-1", 4},
}};

std::size_t index_of(std::string_view canonical) noexcept {
  for (std::size_t i = 0; i < kKnown.size(); ++i) {
    if (kKnown[i].name == canonical) return i;
  }
  return 0;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// "\xe4\xbd" for display in messages.
std::string escaped_bytes(std::string_view bytes) {
  std::string text;
  for (char c : bytes)
    text += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  return text;
}

std::string printable_name(std::string_view name) {
  std::string text;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      text.push_back(c);
    } else {
      text += fmt::format("\\x{:02x}", byte);
    }
  }
  return text;
}

// One iconv conversion descriptor, closed once.
class Iconv {
 public:
  Iconv() = default;
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (!valid()) {
      int err = errno;
      throw system_error(err, Operation::system_call,
                         fmt::format("iconv_open from {} to {}", from, to));
    }
  }
  ~Iconv() {
    if (valid()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  bool valid() const noexcept { return cd_ != kNone; }
  iconv_t get() const noexcept { return cd_; }
  // Back to the initial shift state, e.g. after a conversion error.
  void reset() noexcept {
    if (valid()) iconv(cd_, nullptr, nullptr, nullptr, nullptr);
  }

 private:
  static inline const iconv_t kNone = reinterpret_cast<iconv_t>(-1);
  iconv_t cd_ = kNone;
};

// errno from opening the converters between UTF-8 and each known encoding,
// 0 when both directions open. Checked once per process.
int availability(std::size_t index) {
  static const std::array<int, kKnown.size()> errors = [] {
    std::array<int, kKnown.size()> result{};
    for (std::size_t i = 1; i < kKnown.size(); ++i) {  // utf-8 needs no iconv
      for (auto [to, from] :
           {std::pair{kKnown[i].iconv_name, "UTF-8"}, std::pair{"UTF-8", kKnown[i].iconv_name}}) {
        iconv_t cd = iconv_open(to, from);
        if (cd == reinterpret_cast<iconv_t>(-1)) {
          result[i] = errno;
        } else {
          iconv_close(cd);
        }
      }
    }
    return result;
  }();
  return errors[index];
}

// Appends to a caller's string through raw pointers, growing it
// geometrically; on destruction the string is trimmed to what was written.
class Sink {
 public:
  explicit Sink(std::string& out) : out_(out), used_(out.size()) {}
  ~Sink() { out_.resize(used_); }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  char* data() noexcept { return out_.data() + used_; }
  std::size_t room() const noexcept { return out_.size() - used_; }
  // Makes room for at least n more bytes.
  void reserve(std::size_t n) {
    if (room() < n) out_.resize(std::max(used_ + n, out_.size() + out_.size() / 2));
  }
  void commit(const char* end) noexcept { used_ = static_cast<std::size_t>(end - out_.data()); }
  void append(std::string_view bytes) {
    reserve(bytes.size());
    if (!bytes.empty()) std::memcpy(data(), bytes.data(), bytes.size());
    used_ += bytes.size();
  }
  void rollback(std::size_t size) noexcept { used_ = size; }

 private:
  std::string& out_;
  std::size_t used_;
};

enum class Stop { done, invalid, incomplete };

struct Step {
  std::size_t consumed;  // bytes fully handled
  Stop stop;             // why it stopped at `consumed`
};

// One UTF-8 character at the start of `s` (non-empty), by the strict rules of
// RFC 3629: no overlongs, surrogates or code points above U+10FFFF.
// Returns its length, 0 if `s` is a valid but incomplete prefix, -1 if invalid.
int utf8_sequence(std::string_view s, char32_t* code_point = nullptr) noexcept {
  auto lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) {
    if (code_point) *code_point = lead;
    return 1;
  }
  int length;
  char32_t value;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    value = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    value = lead & 0x0f;
    if (lead == 0xe0) low = 0xa0;   // overlong
    if (lead == 0xed) high = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xf0) low = 0x90;   // overlong
    if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
  } else {
    return -1;
  }
  for (int k = 1; k < length; ++k) {
    if (static_cast<std::size_t>(k) >= s.size()) return 0;
    auto byte = static_cast<unsigned char>(s[k]);
    if (byte < low || byte > high) return -1;
    low = 0x80;
    high = 0xbf;
    value = value << 6 | (byte & 0x3f);
  }
  if (code_point) *code_point = value;
  return length;
}

// The longest prefix of `in` made of complete, valid UTF-8 characters.
Step scan_utf8(std::string_view in) noexcept {
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (static_cast<unsigned char>(in[pos]) < 0x80) {
      ++pos;
      continue;
    }
    int length = utf8_sequence(in.substr(pos));
    if (length <= 0) return {pos, length == 0 ? Stop::incomplete : Stop::invalid};
    pos += static_cast<std::size_t>(length);
  }
  return {pos, Stop::done};
}

// Converts `in` into `sink` until all of it is consumed or iconv stops at an
// invalid (EILSEQ) or incomplete (EINVAL) sequence.
Step run_iconv(Iconv& cd, std::string_view in, Sink& sink) {
  char* in_ptr = const_cast<char*>(in.data());  // iconv does not write through it
  std::size_t in_left = in.size();
  sink.reserve(in_left * 2 + 16);
  while (in_left > 0) {
    char* out_ptr = sink.data();
    std::size_t out_left = sink.room();
    std::size_t rc = iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left);
    int err = errno;
    sink.commit(out_ptr);
    if (rc != static_cast<std::size_t>(-1)) break;
    if (err == E2BIG) {
      sink.reserve(sink.room() + in_left * 2 + 16);
      continue;
    }
    auto consumed = static_cast<std::size_t>(in_ptr - in.data());
    return {consumed, err == EINVAL ? Stop::incomplete : Stop::invalid};
  }
  return {in.size(), Stop::done};
}

// How many bytes from an incomplete character's start the decoder looks at
// before giving up on it; real characters are at most 4 bytes.
constexpr std::size_t kDecodeWindow = 16;

}  // namespace

// ---------------------------------------------------------------------------
// Encoding

Result<Encoding> Encoding::find(std::string_view name) {
  for (const Alias& alias : kAliases) {
    if (!equals_ignoring_case(name, alias.name)) continue;
    std::string_view canonical = supported()[alias.index];
    if (int err = availability(alias.index); err != 0) {
      return Error(errc::unknown_encoding, Operation::find_encoding, fmt::format("'{}'", canonical),
                   fmt::format("not available on this system (iconv: {})", std::strerror(err)));
    }
    return Encoding(canonical);
  }
  return Error(
      errc::unknown_encoding, Operation::none, {}, Reason::unknown_encoding,
      {fmt::format("'{}'", printable_name(name)), fmt::format("{}", fmt::join(supported(), ", "))});
}

const std::vector<std::string_view>& Encoding::supported() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> result;
    for (const Known& known : kKnown)
      result.push_back(known.name);
    return result;
  }();
  return names;
}

Encoding Encoding::utf8() {
  return Encoding(supported()[0]);
}

// ---------------------------------------------------------------------------
// Encoder

struct Encoder::State {
  explicit State(Encoding encoding) : to(encoding) {
    if (!to.is_utf8())
      cd = std::make_unique<Iconv>(kKnown[index_of(to.name())].iconv_name, "UTF-8");
  }

  Encoding to;
  std::unique_ptr<Iconv> cd;  // none for utf-8: validating is all it takes
  std::string tail;           // valid but incomplete UTF-8 character
  std::uint64_t fed = 0;      // stream bytes seen by feed(), tail included

  std::string target() const { return std::string(to.name()); }

  // `bytes` starts with an invalid sequence at stream byte `offset`.
  Error invalid_utf8(std::string_view bytes, std::uint64_t offset) const {
    std::size_t length = 1;
    while (length < bytes.size() && utf8_sequence(bytes.substr(0, length)) == 0)
      ++length;
    std::string_view bad = bytes.substr(0, length);
    return Error(errc::unencodable, Operation::encode, target(),
                 fmt::format("invalid UTF-8 {} {} at byte {}", length == 1 ? "byte" : "sequence",
                             escaped_bytes(bad), offset));
  }

  // Encodes `text`, complete valid UTF-8 starting at stream byte `offset`.
  Result<void> convert(std::string_view text, std::uint64_t offset, Sink& sink) {
    if (!cd) {
      sink.append(text);
      return {};
    }
    Step step = run_iconv(*cd, text, sink);
    if (step.stop == Stop::done) return {};
    cd->reset();
    std::string_view rest = text.substr(step.consumed);
    char32_t code_point = 0;
    if (rest.empty() || utf8_sequence(rest, &code_point) <= 0) {
      return invalid_utf8(rest.empty() ? text : rest, offset + step.consumed);
    }
    return Error(errc::unencodable, Operation::encode, target(), Reason::no_form,
                 {fmt::format("{:04X}", static_cast<std::uint32_t>(code_point)),
                  std::to_string(offset + step.consumed), target()});
  }

  // `utf8` starts at stream byte `start`; any tail comes right before it.
  Result<void> feed(std::string_view utf8, std::uint64_t start, Sink& sink) {
    if (!tail.empty()) {
      std::uint64_t tail_at = start - tail.size();
      std::size_t held = tail.size();
      tail.append(utf8.substr(0, std::min<std::size_t>(4 - held, utf8.size())));
      int length = utf8_sequence(tail);
      if (length < 0) return invalid_utf8(tail, tail_at);
      if (length == 0) return {};  // still incomplete, and all of utf8 is in tail now
      auto from_input = static_cast<std::size_t>(length) - held;
      tail.resize(static_cast<std::size_t>(length));
      if (auto result = convert(tail, tail_at, sink); !result) return result;
      tail.clear();
      utf8.remove_prefix(from_input);
      start += from_input;
    }
    Step step = scan_utf8(utf8);
    if (auto result = convert(utf8.substr(0, step.consumed), start, sink); !result) return result;
    if (step.stop == Stop::invalid) {
      return invalid_utf8(utf8.substr(step.consumed), start + step.consumed);
    }
    tail.assign(utf8.substr(step.consumed));  // empty unless Stop::incomplete
    return {};
  }

  // Forget the rest of the stream.
  void reset() {
    tail.clear();
    if (cd) cd->reset();
  }
};

Encoder::Encoder(Encoding to) : state_(std::make_unique<State>(to)) {}
Encoder::~Encoder() = default;
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&&) noexcept = default;

Result<void> Encoder::feed(std::string_view utf8, std::string& out) {
  State& state = *state_;
  std::uint64_t start = state.fed;
  state.fed += utf8.size();
  std::size_t original = out.size();
  Sink sink(out);
  Result<void> result = state.feed(utf8, start, sink);
  if (!result) {
    sink.rollback(original);
    state.reset();
  }
  return result;
}

Result<void> Encoder::finish(std::string& /*out*/) {
  // None of the supported encodings has shift states, so there is nothing
  // to flush; only a held partial character can be left over.
  State& state = *state_;
  Result<void> result;
  if (!state.tail.empty()) {
    result = Error(errc::unencodable, Operation::encode, state.target(),
                   fmt::format("input ends inside a UTF-8 character {} at byte {}",
                               escaped_bytes(state.tail), state.fed - state.tail.size()));
  }
  state.reset();
  state.fed = 0;
  return result;
}

// ---------------------------------------------------------------------------
// Decoder

struct Decoder::State {
  State(Encoding encoding, Undecodable undecodable) : from(encoding), policy(undecodable) {
    if (!from.is_utf8()) {
      cd = std::make_unique<Iconv>("UTF-8", kKnown[index_of(from.name())].iconv_name);
    }
  }

  Encoding from;
  Undecodable policy;
  std::unique_ptr<Iconv> cd;  // none for utf-8: validated and copied here
  std::string tail;           // start of a character whose rest has not arrived
  std::string window;         // tail plus the first bytes of the next feed

  void undecodable(char byte, Sink& sink) {
    if (policy == Undecodable::replace) {
      sink.append("\xEF\xBF\xBD");
    } else {
      constexpr char kDigits[] = "0123456789abcdef";
      auto value = static_cast<unsigned char>(byte);
      const char marker[] = {'\\', 'x', kDigits[value >> 4], kDigits[value & 0xf]};
      sink.append({marker, sizeof marker});
    }
  }

  // Decodes as much of `in` as it can; returns how many bytes that took.
  // What remains is the start of an incomplete character.
  std::size_t decode(std::string_view in, Sink& sink) {
    std::size_t pos = 0;
    while (pos < in.size()) {
      Step step;
      if (cd) {
        step = run_iconv(*cd, in.substr(pos), sink);
      } else {
        step = scan_utf8(in.substr(pos));
        sink.append(in.substr(pos, step.consumed));
      }
      pos += step.consumed;
      if (step.stop == Stop::done) break;
      if (step.stop == Stop::incomplete) return pos;
      undecodable(in[pos], sink);  // one byte, then try again right after it
      ++pos;
      if (cd) cd->reset();
    }
    return in.size();
  }

  void feed(std::string_view bytes, Sink& sink) {
    while (!tail.empty()) {
      std::size_t take = std::min(bytes.size(), kDecodeWindow);
      window.assign(tail);
      window.append(bytes.substr(0, take));
      std::size_t done = decode(window, sink);
      if (done >= tail.size()) {  // the held character is settled
        bytes.remove_prefix(done - tail.size());
        tail.clear();
        break;
      }
      if (take == bytes.size()) {  // all input seen, still incomplete
        tail.assign(window, done);
        return;
      }
      // Incomplete even with kDecodeWindow more bytes: no real character is
      // that long, so give up on its first byte.
      undecodable(tail[done], sink);
      if (cd) cd->reset();
      tail.erase(0, done + 1);
    }
    std::size_t done = decode(bytes, sink);
    tail.assign(bytes.substr(done));
  }

  void finish(Sink& sink) {
    for (char byte : tail)
      undecodable(byte, sink);
    tail.clear();
    if (cd) cd->reset();
  }
};

Decoder::Decoder(Encoding from, Undecodable policy)
    : state_(std::make_unique<State>(from, policy)) {}
Decoder::~Decoder() = default;
Decoder::Decoder(Decoder&&) noexcept = default;
Decoder& Decoder::operator=(Decoder&&) noexcept = default;

void Decoder::feed(std::string_view bytes, std::string& out) {
  Sink sink(out);
  state_->feed(bytes, sink);
}

void Decoder::finish(std::string& out) {
  Sink sink(out);
  state_->finish(sink);
}

// ---------------------------------------------------------------------------
// Whole buffers

Result<std::string> encode(Encoding to, std::string_view utf8) {
  Encoder encoder(to);
  std::string out;
  if (auto result = encoder.feed(utf8, out); !result) return result.error();
  if (auto result = encoder.finish(out); !result) return result.error();
  return out;
}

std::string decode(Encoding from, std::string_view bytes, Undecodable policy) {
  Decoder decoder(from, policy);
  std::string out;
  decoder.feed(bytes, out);
  decoder.finish(out);
  return out;
}

}  // namespace tcpc
