#include "report/html/semantics.hpp"

#include <fmt/format.h>

#include "report/html/charts.hpp"
#include "report/json/fields.hpp"
#include "report/text/escape.hpp"
#include "wire/semantics.hpp"

namespace wsconform::report {

namespace {

using wire::Subject;

void add_ints(const Json& array, std::set<int>& into) {
  for (const auto& value : array) {
    if (value.is_number_integer()) into.insert(value.get<int>());
  }
}

std::string subject_name(const Subject& subject) {
  return subject.kind == Subject::Kind::close_code ? fmt::format("close {}", subject.value)
                                                   : fmt::format("HTTP {}", subject.value);
}

std::string field(std::string_view label, std::string_view text) {
  if (text.empty()) return {};
  return fmt::format("<dt>{}</dt><dd>{}</dd>", html_escape(label), html_escape(text));
}

std::string wire_text(const wire::CloseCodeInfo& info) {
  if (info.local_sentinel) {
    return "Never: a local sentinel an endpoint reports to its application; it MUST NOT be sent "
           "in a Close frame (RFC 6455 §7.4.1).";
  }
  if (!info.sendable) return "Never: no endpoint may send it in a Close frame (RFC 6455 §7.4).";
  return "Yes: an endpoint may send it in a Close frame.";
}

std::string comparisons_html(const Subject& subject) {
  const auto found = wire::comparisons_for(subject);
  if (found.empty()) return {};
  std::string out = "<ul class=\"vs\">";
  for (const wire::Comparison* comparison : found) {
    out +=
        fmt::format("<li><strong>{} vs {}</strong>: {} <em>Which when:</em> {}</li>",
                    subject_name(comparison->a), subject_name(comparison->b),
                    html_escape(comparison->key_difference), html_escape(comparison->which_when));
  }
  return out + "</ul>";
}

std::string semantics_html(const Subject& subject, const wire::Semantics& semantics,
                           std::string_view on_the_wire) {
  std::string out = fmt::format("<div class=\"code\"><h5>{} <span>{}</span></h5><dl>",
                                subject_name(subject), html_escape(semantics.name));
  out += field("Meaning", semantics.meaning);
  out += field("When you see it", semantics.when_you_see_it);
  out += field("How to fix", semantics.how_to_fix);
  out += field("A client should", semantics.advice.text);
  out += field("On the wire", on_the_wire);
  out += field("Reference", semantics.reference);
  out += "</dl>" + comparisons_html(subject) + "</div>";
  return out;
}

}  // namespace

InvolvedCodes involved_codes(const Json& test_case) {
  InvolvedCodes codes;
  const Json& expected = object_field(test_case, "expected");
  add_ints(array_field(expected, "close_codes"), codes.close_codes);
  add_ints(array_field(expected, "http_statuses"), codes.http_statuses);
  const Json& observed = object_field(test_case, "observed");
  const Json& close_code = object_field(object_field(observed, "server_close"), "code");
  if (close_code.is_number_integer()) codes.close_codes.insert(close_code.get<int>());
  const Json& status =
      object_field(object_field(object_field(observed, "handshake"), "response"), "status");
  if (status.is_number_integer()) codes.http_statuses.insert(status.get<int>());
  const Json& violation_code =
      object_field(object_field(observed, "server_violation"), "expected_close_code");
  if (violation_code.is_number_integer() && violation_code.get<int>() > 0) {
    codes.close_codes.insert(violation_code.get<int>());
  }
  burst_codes(object_field(observed, "burst"), codes.close_codes, codes.http_statuses);
  // 101 is the one answer every upgraded case has; explaining it on every case is noise.
  codes.http_statuses.erase(101);
  return codes;
}

std::string codes_html(const InvolvedCodes& codes) {
  std::string out;
  for (const int code : codes.close_codes) {
    if (code < 0 || code > 65535) continue;
    const wire::CloseCodeInfo info = wire::close_code_info(static_cast<std::uint32_t>(code));
    out += semantics_html({Subject::Kind::close_code, code}, info.semantics, wire_text(info));
  }
  for (const int status : codes.http_statuses) {
    if (status < 100 || status > 599) continue;
    const wire::HttpStatusInfo info = wire::http_status_info(status);
    out += semantics_html({Subject::Kind::http_status, status}, info.semantics,
                          "In the status line of the answer to the opening handshake, before any "
                          "frame; never a close code.");
  }
  return out;
}

}  // namespace wsconform::report
