// SPDX-License-Identifier: MIT
#include "server/server_modes.hpp"

#include "server/rule_reply.hpp"

#include <algorithm>
#include <string>

namespace tcpc {
namespace {

// RFC 864 chargen: 72 printable characters per line, each line starting one
// character further along, then CRLF.
constexpr std::size_t kLineChars = 72;
constexpr std::size_t kLineLength = kLineChars + 2;
constexpr unsigned kPrintable = 95;  // ' ' to '~'

char pattern_byte(std::uint64_t offset) noexcept {
  const std::uint64_t line = offset / kLineLength;
  const std::uint64_t column = offset % kLineLength;
  if (column == kLineChars) return '\r';
  if (column == kLineChars + 1) return '\n';
  return static_cast<char>(' ' + (line + column) % kPrintable);
}

class Echo final : public detail::ClientMode {
 public:
  bool echoes() const override { return true; }
};

// Discard and print: print's output is ServerOptions::on_data, which every
// mode but echo calls.
class Discard final : public detail::ClientMode {};

class Reply final : public detail::ClientMode {
 public:
  explicit Reply(std::string reply) : reply_(std::move(reply)) {}
  void on_data(std::string_view, detail::ByteBuffer& outbox) override { outbox.append(reply_); }

 private:
  std::string reply_;
};

class Source final : public detail::ClientMode {
 public:
  explicit Source(std::uint64_t size) : size_(size) {}
  void refill(detail::ByteBuffer& outbox) override {
    while (queued_ < size_ && !outbox.full()) {
      std::span<char> space = outbox.writable();
      const std::size_t n =
          static_cast<std::size_t>(std::min<std::uint64_t>(space.size(), size_ - queued_));
      if (n == 0) return;
      for (std::size_t i = 0; i < n; ++i)
        space[i] = pattern_byte(queued_ + i);
      outbox.commit(n);
      queued_ += n;
    }
  }
  bool done_sending() const override { return queued_ == size_; }
  bool half_close_when_done() const override { return true; }

 private:
  std::uint64_t size_;
  std::uint64_t queued_ = 0;
};

}  // namespace

std::string source_pattern(std::uint64_t offset, std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i)
    bytes[i] = pattern_byte(offset + i);
  return bytes;
}

namespace detail {

std::unique_ptr<ClientMode> make_client_mode(const ServerOptions& options, ClientInfo client) {
  switch (options.mode) {
    case ServerMode::echo:
      return std::make_unique<Echo>();
    case ServerMode::reply:
      if (options.rules) return std::make_unique<RuleReply>(options, client);
      return std::make_unique<Reply>(options.reply);
    case ServerMode::source:
      return std::make_unique<Source>(options.source_bytes);
    case ServerMode::discard:
    case ServerMode::print:
      break;
  }
  return std::make_unique<Discard>();
}

}  // namespace detail
}  // namespace tcpc
