// SPDX-License-Identifier: MIT
// Reports as JSON for scripts, one object per line, in the schema of
// docs/stats.md. nlohmann-json does the escaping; it is a private
// dependency: the public API only hands out strings.
#include <nlohmann/json.hpp>

#include "stats/tcp_info_fields.hpp"
#include "tcpc/stats.hpp"
#include "tcpc/udp_stats.hpp"

namespace tcpc {
namespace {

// Keys keep the order of docs/stats.md, which is easier to read.
using Json = nlohmann::ordered_json;

template <class T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json or_null(const std::optional<Microseconds>& time) {
  return time ? Json(time->count()) : Json(nullptr);
}

Json address(const Endpoint& endpoint) {
  return endpoint.empty() ? Json(nullptr) : Json(endpoint.to_string());
}

Json tcp_info(const TcpInfo& tcp) {
  Json object = Json::object();
  for (const detail::TcpInfoField& field : detail::kTcpInfoFields) {
    const TcpInfo::Field& value = tcp.*field.member;
    if (value && field.name) {
      object[std::string(field.key)] = std::string(field.name(*value));
    } else {
      object[std::string(field.key)] = or_null(value);
    }
  }
  return object;
}

Json header(std::string_view type, Role role, const Endpoint& local, const Endpoint& peer) {
  return Json{{"schema_version", kStatsSchemaVersion},
              {"type", type},
              {"role", role == Role::client ? "client" : "server"},
              {"local", address(local)},
              {"peer", address(peer)}};
}

std::string dump(const Json& json) {
  // A Unix socket path need not be UTF-8: replace what is not, never throw.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string report_json(const ConnectionReport& report) {
  Json json = header("connection", report.role, report.local, report.peer);
  json["resolve_us"] = or_null(report.resolve_time);
  json["connect_us"] = or_null(report.connect_time);
  json["duration_us"] = report.duration.count();
  json["bytes_sent"] = report.bytes_sent;
  json["bytes_received"] = report.bytes_received;
  json["send_bits_per_second"] = or_null(bits_per_second(report.bytes_sent, report.duration));
  json["receive_bits_per_second"] =
      or_null(bits_per_second(report.bytes_received, report.duration));
  json["tcp_info"] = tcp_info(report.tcp);
  return dump(json);
}

std::string interval_json(const IntervalReport& report) {
  const Microseconds length = report.end - report.start;
  Json json = header("interval", report.role, report.local, report.peer);
  json["start_us"] = report.start.count();
  json["end_us"] = report.end.count();
  json["bytes_sent"] = report.bytes_sent;
  json["bytes_received"] = report.bytes_received;
  json["send_bits_per_second"] = or_null(bits_per_second(report.bytes_sent, length));
  json["receive_bits_per_second"] = or_null(bits_per_second(report.bytes_received, length));
  json["retransmits"] = or_null(report.retransmits);
  json["tcp_info"] = tcp_info(report.tcp);
  return dump(json);
}

}  // namespace tcpc

// ---- UDP (tcpc/udp_stats.hpp) --------------------------------------------
namespace tcpc {

std::string datagram_report_json(const DatagramReport& report) {
  Json json = header("datagrams", report.role, report.local, report.peer);
  json["resolve_us"] = or_null(report.resolve_time);
  json["duration_us"] = report.duration.count();
  json["senders"] = or_null(report.senders);
  json["datagrams_sent"] = report.datagrams_sent;
  json["bytes_sent"] = report.bytes_sent;
  json["datagrams_received"] = report.datagrams_received;
  json["bytes_received"] = report.bytes_received;
  json["send_bits_per_second"] = or_null(bits_per_second(report.bytes_sent, report.duration));
  json["receive_bits_per_second"] =
      or_null(bits_per_second(report.bytes_received, report.duration));
  return dump(json);
}

}  // namespace tcpc
