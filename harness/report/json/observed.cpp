#include "report/json/observed.hpp"

#include "report/json/bytes.hpp"
#include "report/text/utf8_text.hpp"
#include "wire/frame.hpp"
#include "wire/semantics.hpp"

namespace wsconform::report {

namespace {

Json headers_json(const std::vector<wire::Header>& headers) {
  Json out = Json::array();
  for (const auto& header : headers) {
    out.push_back({{"name", replace_invalid_utf8(header.name)},
                   {"value", replace_invalid_utf8(header.value)}});
  }
  return out;
}

Json handshake_json(const scenario::Transcript& t) {
  Json response = nullptr;
  if (t.response) {
    response = {
        {"version", replace_invalid_utf8(t.response->version)},
        {"status", t.response->status},
        {"reason", replace_invalid_utf8(t.response->reason)},
        {"headers", headers_json(t.response->headers)},
        {"bare_lf", t.response->bare_lf},
    };
  }
  Json problems = Json::array();
  for (const auto& problem : t.upgrade_problems) problems.push_back(replace_invalid_utf8(problem));
  return {
      {"request", replace_invalid_utf8(t.request)},
      {"response", response},
      {"response_error",
       t.response_error.empty() ? Json(nullptr) : Json(replace_invalid_utf8(t.response_error))},
      {"upgraded", t.upgraded},
      {"upgrade_problems", problems},
  };
}

Json messages_json(const std::vector<scenario::ReceivedMessage>& messages) {
  Json out = Json::array();
  for (const auto& message : messages) {
    Json entry = bytes_json(message.payload);
    entry["opcode"] = std::string(wire::opcode_name(message.opcode));
    entry["at_us"] = message.at_us;
    out.push_back(std::move(entry));
  }
  return out;
}

Json pongs_json(const std::vector<wire::Bytes>& pongs) {
  Json out = Json::array();
  for (const auto& pong : pongs) out.push_back(bytes_json(pong));
  return out;
}

Json server_close_json(const std::optional<scenario::ReceivedClose>& close) {
  if (!close) return nullptr;
  Json code = nullptr;
  Json code_name = nullptr;
  Json code_sendable = nullptr;
  if (close->code) {
    const wire::CloseCodeInfo info = wire::close_code_info(*close->code);
    code = *close->code;
    code_name = std::string(info.semantics.name);
    code_sendable = info.sendable;
  }
  return {
      {"code", code},
      {"code_name", code_name},
      {"code_sendable", code_sendable},
      {"reason", bytes_json(close->reason)},
      {"body_size", close->body_size},
      {"at_us", close->at_us},
  };
}

Json violation_json(const std::optional<wire::Violation>& violation) {
  if (!violation) return nullptr;
  const wire::RuleInfo& rule = wire::rule_info(violation->rule);
  return {
      {"rule", std::string(rule.id)},
      {"section", std::string(rule.section)},
      {"summary", std::string(rule.summary)},
      {"expected_close_code", rule.close_code},
      {"detail", replace_invalid_utf8(violation->detail)},
      {"offset", violation->offset},
  };
}

}  // namespace

std::string_view tcp_end_name(scenario::TcpEnd end) {
  switch (end) {
    case scenario::TcpEnd::open:
      return "open";
    case scenario::TcpEnd::fin:
      return "fin";
    case scenario::TcpEnd::rst:
      return "rst";
    case scenario::TcpEnd::silence:
      return "silence";
    case scenario::TcpEnd::connect_failed:
      return "connect-failed";
    case scenario::TcpEnd::harness_closed:
      return "harness-closed";
  }
  return "unknown";
}

Json observed_json(const scenario::Transcript& t) {
  return {
      {"handshake", handshake_json(t)},
      {"messages", messages_json(t.messages)},
      {"pongs", pongs_json(t.pongs)},
      {"server_close", server_close_json(t.server_close)},
      {"client_sent_close", t.client_sent_close},
      {"data_after_server_close", t.data_after_server_close},
      {"tcp_end", std::string(tcp_end_name(t.tcp_end))},
      {"tcp_end_at_us", t.tcp_end_at_us},
      {"server_violation", violation_json(t.server_violation)},
      {"harness_error",
       t.harness_error ? Json(replace_invalid_utf8(*t.harness_error)) : Json(nullptr)},
      {"bytes_sent", t.bytes_sent},
      {"bytes_received", t.bytes_received},
  };
}

}  // namespace wsconform::report
