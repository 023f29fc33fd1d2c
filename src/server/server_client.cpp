// SPDX-License-Identifier: MIT
#include "server/server_client.hpp"

#include <span>

#include "core/poller.hpp"

namespace tcpc::detail {
namespace {

std::uint32_t event_for(Want want) {
  return want == Want::write ? kWritable : kReadable;
}

// What a read or write waits for next: what it said, or its usual readiness.
Want next_want(Want said, Want usual) {
  return said == Want::nothing ? usual : said;
}

}  // namespace

ServerClient::ServerClient(std::uint64_t id, std::unique_ptr<Stream> stream,
                           const ServerOptions& options)
    : id_(id),
      stream_(std::move(stream)),
      options_(options),
      mode_(make_client_mode(options, {id, &stream_->peer()})),
      outbox_(options.buffer_size),
      ready_(!options.wrap),  // a plain socket has no handshake
      may_splice_(mode_->echoes() && dynamic_cast<SocketStream*>(stream_.get()) != nullptr) {
  summary_.accepted = std::chrono::steady_clock::now();
  mode_->refill(outbox_);
}

std::uint32_t ServerClient::interest() const {
  if (!ready_) return event_for(handshake_wants_);
  std::uint32_t wanted = 0;
  if (spliced_) {
    if (!peer_done_ && !spliced_->full()) wanted |= kReadable;
    if (spliced_->holding()) wanted |= kWritable;
    return wanted;
  }
  if (can_read()) wanted |= event_for(read_wants_);
  if (!outbox_.empty()) wanted |= event_for(write_wants_);
  if (half_close_due()) wanted |= event_for(next_want(shutdown_wants_, Want::write));
  return wanted;
}

Result<ServerClient::Progress> ServerClient::step(std::uint32_t events, std::string& scratch) {
  if (!ready_) {
    auto done = handshake();
    if (!done) return done.error();
    if (!*done) return Progress::serving;
    // Data may have come with the handshake's last message; source sends at once.
    events = kReadable | kWritable;
  }
  if (spliced_) return step_spliced(events);
  if (auto moved = transfer(events, scratch); !moved) return moved.error();
  if (half_close_due()) {
    if (auto shut = half_close(); !shut) return shut.error();
  }
  if (peer_done_ && sent_all()) return Progress::finished;
  if (bulk_ && outbox_.empty()) {
    bulk_ = false;
    spliced_ = SpliceEcho::create();  // stays empty where splice() cannot be had: keep copying
  }
  return Progress::serving;
}

void ServerClient::say_goodbye() {
  // A plain socket's FIN goes with close(); TLS sends close_notify first.
  if (ready_ && !write_shut_ && options_.wrap) (void)stream_->shutdown_write();
}

Result<bool> ServerClient::handshake() {
  auto wants = stream_->handshake();
  if (!wants) return wants.error();
  handshake_wants_ = *wants;
  if (*wants != Want::nothing) return false;
  ready_ = true;
  if (options_.on_ready) options_.on_ready(*stream_);
  return true;
}

Result<void> ServerClient::transfer(std::uint32_t events, std::string& scratch) {
  bool readable = (events & (event_for(read_wants_) | kClosed)) != 0;
  for (;;) {
    const bool reading = readable && can_read();
    const std::uint64_t before = summary_.bytes_received;
    if (reading) {
      if (auto received = receive(scratch); !received) return received;
    }
    mode_->refill(outbox_);
    if (!outbox_.empty()) {
      if (auto sent = send(); !sent) return sent;
      mode_->refill(outbox_);  // so that interest() asks to write what comes next
    }
    // Another round only for decrypted bytes waiting inside the stream (TLS),
    // which no readiness event would announce, and while reading them works.
    const bool stuck = reading && summary_.bytes_received == before;
    if (stuck || !can_read() || !stream_->has_pending()) return {};
    readable = true;
  }
}

Result<void> ServerClient::receive(std::string& scratch) {
  const bool echo = mode_->echoes();
  if (!echo) scratch.resize(options_.buffer_size);
  const std::span<char> space = echo ? outbox_.writable() : std::span<char>(scratch);
  auto received = stream_->read_some(space);
  if (!received) return received.error();
  read_wants_ = next_want(received->want, Want::read);
  if (received->want == Want::nothing && received->bytes == 0) {
    peer_done_ = true;
    return {};
  }
  if (received->bytes == 0) return {};
  summary_.bytes_received += received->bytes;
  if (echo) {
    outbox_.commit(received->bytes);
    if (may_splice_ && received->bytes == space.size()) bulk_ = true;
    return {};
  }
  const std::string_view bytes(space.data(), received->bytes);
  if (options_.on_data) options_.on_data({id_, stream_->peer(), bytes});
  mode_->on_data(bytes, outbox_);
  return {};
}

Result<void> ServerClient::send() {
  auto sent = stream_->write_some(outbox_.readable());
  if (!sent) return sent.error();
  outbox_.consume(sent->bytes);
  summary_.bytes_sent += sent->bytes;
  write_wants_ = next_want(sent->want, Want::write);
  if (options_.on_sent && sent->bytes > 0) options_.on_sent(id_, outbox_.size());
  return {};
}

Result<void> ServerClient::half_close() {
  auto shut = stream_->shutdown_write();
  if (!shut) return shut.error();
  shutdown_wants_ = *shut;
  write_shut_ = *shut == Want::nothing;
  return {};
}

// Echo without a copy: socket -> pipe -> socket.
Result<ServerClient::Progress> ServerClient::step_spliced(std::uint32_t events) {
  const bool readable = (events & (kReadable | kClosed)) != 0 && !peer_done_;
  const SpliceEcho::Moved moved = spliced_->step(stream_->fd(), readable);
  summary_.bytes_received += moved.in;
  summary_.bytes_sent += moved.out;
  bytes_spliced_ += moved.out;
  if (moved.error != 0) return system_error(moved.error, Operation::echo, peer().to_string());
  if (moved.peer_done) peer_done_ = true;
  if (peer_done_ && !spliced_->holding()) return Progress::finished;
  return Progress::serving;
}

}  // namespace tcpc::detail
