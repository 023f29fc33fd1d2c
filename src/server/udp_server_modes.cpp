// SPDX-License-Identifier: MIT
#include "server/udp_server_modes.hpp"

#include <algorithm>

namespace tcpc::detail {
namespace {

// One datagram, then nothing: echo and reply.
class Single final : public DatagramAnswer {
 public:
  explicit Single(std::string datagram) : datagram_(std::move(datagram)) {}
  bool next(std::string& out) override {
    if (sent_) return false;
    out = std::move(datagram_);
    sent_ = true;
    return true;
  }

 private:
  std::string datagram_;
  bool sent_ = false;
};

// `size` bytes of the chargen pattern from offset 0, kSourceDatagram at a time.
class Pattern final : public DatagramAnswer {
 public:
  explicit Pattern(std::uint64_t size) : size_(size) {}
  bool next(std::string& out) override {
    if (offset_ == size_) return false;
    const auto n =
        static_cast<std::size_t>(std::min<std::uint64_t>(kSourceDatagram, size_ - offset_));
    out = source_pattern(offset_, n);
    offset_ += n;
    return true;
  }

 private:
  std::uint64_t size_;
  std::uint64_t offset_ = 0;
};

class Echo final : public DatagramMode {
 public:
  std::unique_ptr<DatagramAnswer> answer(std::string_view datagram) override {
    return std::make_unique<Single>(std::string(datagram));
  }
};

class Reply final : public DatagramMode {
 public:
  explicit Reply(std::string reply) : reply_(std::move(reply)) {}
  std::unique_ptr<DatagramAnswer> answer(std::string_view) override {
    return std::make_unique<Single>(reply_);
  }

 private:
  std::string reply_;
};

// Discard and print: print's output is UdpServerOptions::on_data, which
// every mode calls.
class Silent final : public DatagramMode {
 public:
  std::unique_ptr<DatagramAnswer> answer(std::string_view) override { return nullptr; }
};

class Source final : public DatagramMode {
 public:
  explicit Source(std::uint64_t size) : size_(size) {}
  std::unique_ptr<DatagramAnswer> answer(std::string_view) override {
    if (size_ == 0) return nullptr;
    return std::make_unique<Pattern>(size_);
  }

 private:
  std::uint64_t size_;
};

}  // namespace

std::unique_ptr<DatagramMode> make_datagram_mode(const UdpServerOptions& options) {
  switch (options.mode) {
    case ServerMode::echo:
      return std::make_unique<Echo>();
    case ServerMode::reply:
      return std::make_unique<Reply>(options.reply);
    case ServerMode::source:
      return std::make_unique<Source>(options.source_bytes);
    case ServerMode::discard:
    case ServerMode::print:
      break;
  }
  return std::make_unique<Silent>();
}

}  // namespace tcpc::detail
