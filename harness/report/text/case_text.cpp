#include "report/text/case_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "report/json/fields.hpp"

namespace wsconform::report {

namespace {

std::string handshake_summary(const Json& handshake) {
  const Json& response = object_field(handshake, "response");
  std::string out;
  if (response.is_object()) {
    out = fmt::format("HTTP {} {}", static_cast<long long>(number_field(response, "status")),
                      string_field(response, "reason"));
  } else if (const std::string error = string_field(handshake, "response_error"); !error.empty()) {
    out = "malformed HTTP response: " + error;
  } else {
    out = "no HTTP response";
  }
  std::vector<std::string> problems;
  for (const auto& problem : array_field(handshake, "upgrade_problems")) {
    if (problem.is_string()) problems.push_back(problem.get<std::string>());
  }
  if (!problems.empty()) out += fmt::format(" (upgrade problems: {})", fmt::join(problems, "; "));
  return out;
}

std::string close_summary(const Json& close) {
  if (!close.is_object()) return "no close frame from the server";
  const Json& code = object_field(close, "code");
  if (!code.is_number()) return "server close with an empty body";
  const std::string reason = string_field(object_field(close, "reason"), "text");
  std::string out =
      fmt::format("server close {} ({})", code.get<long long>(), string_field(close, "code_name"));
  if (!reason.empty()) out += fmt::format(" reason \"{}\"", reason);
  return out;
}

}  // namespace

std::string observed_summary(const Json& test_case) {
  const Json& observed = object_field(test_case, "observed");
  std::vector<std::string> parts;
  if (const std::string error = string_field(observed, "harness_error"); !error.empty()) {
    parts.push_back("harness error: " + error);
  }
  parts.push_back(handshake_summary(object_field(observed, "handshake")));
  parts.push_back(fmt::format("{} data messages", array_field(observed, "messages").size()));
  if (const auto pongs = array_field(observed, "pongs").size(); pongs != 0) {
    parts.push_back(fmt::format("{} pongs", pongs));
  }
  parts.push_back(close_summary(object_field(observed, "server_close")));
  if (bool_field(observed, "data_after_server_close")) {
    parts.push_back("data frames after the server's close");
  }
  const Json& violation = object_field(observed, "server_violation");
  if (violation.is_object()) {
    parts.push_back(fmt::format("server broke §{} {}: {}", string_field(violation, "section"),
                                string_field(violation, "rule"),
                                string_field(violation, "detail")));
  }
  parts.push_back("TCP " + string_field(observed, "tcp_end"));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string_view event_direction(std::string_view kind) {
  if (kind == "bytes-sent" || kind == "frame-sent") return "sent";
  if (kind == "handshake-response" || kind == "frame-received" || kind == "message-received" ||
      kind == "server-violation") {
    return "received";
  }
  return "";
}

std::string verdict_details(const Json& test_case) {
  std::string out;
  for (const auto& reason : array_field(test_case, "reasons")) {
    if (reason.is_string()) out += reason.get<std::string>() + "\n";
  }
  out += fmt::format("requirement: §{} {}: {}\n", string_field(test_case, "section"),
                     string_field(test_case, "level"), string_field(test_case, "requirement"));
  const Json& expected = object_field(test_case, "expected");
  out += fmt::format("expected: {}\n", string_field(expected, "summary"));
  for (const auto& alternative : array_field(expected, "alternatives")) {
    out += fmt::format("  or ({}): {}", string_field(alternative, "grade"),
                       string_field(alternative, "summary"));
    if (const std::string why = string_field(alternative, "why"); !why.empty()) {
      out += fmt::format(" [{}]", why);
    }
    out += "\n";
  }
  out += fmt::format("observed: {}\n", observed_summary(test_case));
  return out;
}

}  // namespace wsconform::report
