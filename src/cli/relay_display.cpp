// SPDX-License-Identifier: MIT
#include "relay_display.hpp"

#include <fmt/format.h>

#include "chunk_view.hpp"
#include "frame_view.hpp"
#include "i18n.hpp"
#include "tcpc/text_transform.hpp"

namespace tcpc::cli {
namespace {

// Shows each chunk as it goes into the socket. It writes to stdout itself:
// the reply to a chunk cannot arrive before the chunk is sent, so the two
// appear in order.
class SentView final : public RelayObserver {
 public:
  explicit SentView(DisplayOptions options) : view_(std::move(options)) {}
  void on_sent(std::string_view bytes) override {
    std::string text;
    view_.append(Direction::sent, bytes, WallClock::now(), text);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

 private:
  ChunkView view_;
};

}  // namespace

void RelayDisplay::attach(RelayOptions& relay_options) {
  relay_options.outgoing = outgoing.get();
  relay_options.incoming = incoming.get();
  if (output) observers.add(&*output);
  observers.add(sent.get());
  relay_options.observer = observers.get();
}

Result<void> make_relay_display(const Options& options, bool encode_input, bool show_sent,
                                RelayDisplay& display) {
  if (options.output_file) {
    auto file = ReceivedFile::open(*options.output_file, ReceivedFile::OpenMode::truncate);
    if (!file) return file.error();
    display.output.emplace(std::move(*file));
  }
  if (encode_input && options.encoding && !options.encoding->is_utf8()) {
    display.outgoing = std::make_unique<EncodeTransform>(*options.encoding);
  }
  const DisplayOptions view = display_options(options);
  const bool header = ChunkView(view).has_header();
  if (header || view.terminal) {  // on a terminal, escaped (terminal_text.hpp)
    if (show_sent && header) display.sent = std::make_unique<SentView>(view);
    if (options.frame) {
      display.incoming = std::make_unique<FramedViewTransform>(view, *options.frame, options.check);
    } else {
      display.incoming = std::make_unique<ChunkViewTransform>(view, Direction::received);
    }
  } else if (options.encoding) {
    display.incoming = std::make_unique<DecodeTransform>(*options.encoding, options.undecodable);
  }
  return {};
}

std::string totals_line(std::uint64_t sent, std::uint64_t received, double seconds) {
  return trf("{}, {} in {:.2f} seconds", trnf("{} byte sent", "{} bytes sent", sent, sent),
             trnf("{} byte received", "{} bytes received", received, received), seconds);
}

}  // namespace tcpc::cli
