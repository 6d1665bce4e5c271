#include "report/json/timeline.hpp"

#include "report/json/bytes.hpp"
#include "report/text/utf8_text.hpp"

namespace wsconform::report {

std::string_view event_kind_name(scenario::Event::Kind kind) {
  using Kind = scenario::Event::Kind;
  switch (kind) {
    case Kind::connected:
      return "connected";
    case Kind::bytes_sent:
      return "bytes-sent";
    case Kind::handshake_response:
      return "handshake-response";
    case Kind::frame_sent:
      return "frame-sent";
    case Kind::frame_received:
      return "frame-received";
    case Kind::message_received:
      return "message-received";
    case Kind::server_violation:
      return "server-violation";
    case Kind::tcp_end:
      return "tcp-end";
    case Kind::timeout:
      return "timeout";
    case Kind::note:
      return "note";
  }
  return "unknown";
}

Json timeline_json(const std::vector<scenario::Event>& events) {
  Json out = Json::array();
  for (const auto& event : events) {
    Json entry = bytes_json(event.bytes, event.size);
    entry["t_us"] = event.at_us;
    entry["kind"] = std::string(event_kind_name(event.kind));
    entry["summary"] = replace_invalid_utf8(event.summary);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace wsconform::report
