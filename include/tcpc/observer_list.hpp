// SPDX-License-Identifier: MIT
// Several relay observers at once (-o FILE and statistics, say): the relay
// takes one RelayObserver, this one passes every call on, in order.
#pragma once

#include <string_view>
#include <vector>

#include "tcpc/relay.hpp"

namespace tcpc {

class ObserverList final : public RelayObserver {
 public:
  void add(RelayObserver* observer) {
    if (observer) observers_.push_back(observer);
  }
  // What RelayOptions::observer should be: nullptr when nobody is watching.
  RelayObserver* get() noexcept { return observers_.empty() ? nullptr : this; }

  void on_received(std::string_view bytes) override {
    for (RelayObserver* observer : observers_)
      observer->on_received(bytes);
  }
  void on_sent(std::string_view bytes) override {
    for (RelayObserver* observer : observers_)
      observer->on_sent(bytes);
  }
  void on_tick() override {
    for (RelayObserver* observer : observers_)
      observer->on_tick();
  }

 private:
  std::vector<RelayObserver*> observers_;
};

}  // namespace tcpc
