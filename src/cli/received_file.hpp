// SPDX-License-Identifier: MIT
// A copy of the received bytes in a file, exactly as they came off the
// socket (before any decoding or hex view): -o FILE and the session's /save.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tcpc/fd.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

class ReceivedFile final : public RelayObserver {
 public:
  enum class OpenMode { truncate, append };
  // Creates the file if needed (mode 0666 before the umask). A path that
  // cannot be opened fails with errc::invalid_argument naming it.
  static Result<ReceivedFile> open(const std::string& path, OpenMode mode);

  const std::string& path() const noexcept { return path_; }
  std::uint64_t bytes_written() const noexcept { return written_; }
  // The first write failure; after one, nothing more is written.
  const std::optional<Error>& error() const noexcept { return error_; }

  // Writes every byte (short writes and EINTR handled).
  void on_received(std::string_view bytes) override;

 private:
  ReceivedFile(Fd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  Fd fd_;
  std::string path_;
  std::uint64_t written_ = 0;
  std::optional<Error> error_;
};

}  // namespace tcpc
