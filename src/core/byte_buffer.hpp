// SPDX-License-Identifier: MIT
// Internal: a byte queue for the relay and the server. Data is read straight
// into its free tail and written from its head, so the data path copies
// nothing extra. It has a soft capacity: callers stop reading once full()
// (backpressure); append() may grow past it for transformed data.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace tcpc::detail {

class ByteBuffer {
 public:
  explicit ByteBuffer(std::size_t capacity)
      : data_(std::make_unique_for_overwrite<char[]>(capacity)),
        capacity_(capacity),
        limit_(capacity) {}

  bool empty() const noexcept { return begin_ == end_; }
  bool full() const noexcept { return end_ - begin_ >= limit_; }
  std::size_t size() const noexcept { return end_ - begin_; }

  std::string_view readable() const noexcept { return {data_.get() + begin_, end_ - begin_}; }
  void consume(std::size_t n) noexcept {
    begin_ += n;
    if (begin_ == end_) begin_ = end_ = 0;
  }

  // Free space to read into, moving the data to the front first if the tail is short.
  std::span<char> writable() noexcept {
    if (begin_ > 0 && capacity_ - end_ < capacity_ / 2) compact();
    return {data_.get() + end_, capacity_ - end_};
  }
  void commit(std::size_t n) noexcept { end_ += n; }

  void append(std::string_view bytes) {
    if (bytes.empty()) return;  // an empty view may have a null data(): no memcpy
    if (capacity_ - end_ < bytes.size()) {
      compact();
      if (capacity_ - end_ < bytes.size()) grow(end_ + bytes.size());
    }
    std::memcpy(data_.get() + end_, bytes.data(), bytes.size());
    end_ += bytes.size();
  }

 private:
  void compact() noexcept {
    if (begin_ == 0) return;
    std::memmove(data_.get(), data_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  void grow(std::size_t needed) {
    std::size_t capacity = capacity_ * 2 > needed ? capacity_ * 2 : needed;
    auto data = std::make_unique_for_overwrite<char[]>(capacity);
    std::memcpy(data.get(), data_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    data_ = std::move(data);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  std::size_t capacity_;
  std::size_t limit_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace tcpc::detail
