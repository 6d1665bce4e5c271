#include "report/html/case.hpp"

#include <fmt/format.h>

#include "report/html/charts.hpp"
#include "report/html/semantics.hpp"
#include "report/json/fields.hpp"
#include "report/text/case_text.hpp"
#include "report/text/escape.hpp"

namespace wsconform::report {

namespace {

std::string verdict_class(std::string_view verdict) {
  for (const auto name : kVerdictOrder) {
    if (verdict == name) return "v-" + std::string(name);
  }
  return "v-error";
}

// A bytes object: the text (invalid UTF-8 already replaced) and the exact hex.
std::string bytes_html(const Json& bytes) {
  if (!bytes.is_object()) return "—";
  const auto size = static_cast<long long>(number_field(bytes, "size"));
  std::string out =
      fmt::format("<span class=\"text\">{}</span>", html_escape(string_field(bytes, "text")));
  if (const std::string hex = string_field(bytes, "hex"); !hex.empty()) {
    out += fmt::format(" <code class=\"hex\">{}</code>", html_escape(hex));
  }
  out += fmt::format(" <span class=\"size\">{} B{}</span>", size,
                     bool_field(bytes, "truncated") ? ", cut" : "");
  return out;
}

std::string requirement_html(const Json& test_case) {
  const Json& source = object_field(test_case, "source");
  std::string where;
  if (source.is_object()) {
    where = fmt::format(" · <code>{}:{}</code>", html_escape(string_field(source, "file")),
                        static_cast<long long>(number_field(source, "line")));
  }
  return fmt::format(
      "<blockquote class=\"requirement\"><p class=\"meta\">§{} · <strong>{}</strong>{}</p>"
      "<p>“{}”</p></blockquote>",
      html_escape(string_field(test_case, "section")),
      html_escape(string_field(test_case, "level")), where,
      html_escape(string_field(test_case, "requirement")));
}

std::string reasons_html(const Json& test_case) {
  const Json& reasons = array_field(test_case, "reasons");
  if (reasons.empty()) return {};
  std::string out = "<ul class=\"reasons\">";
  for (const auto& reason : reasons) {
    if (reason.is_string()) out += "<li>" + html_escape(reason.get<std::string>()) + "</li>";
  }
  return out + "</ul>";
}

std::string expected_html(const Json& test_case) {
  const Json& expected = object_field(test_case, "expected");
  std::string out =
      "<div><h4>Expected</h4><p>" + html_escape(string_field(expected, "summary")) + "</p>";
  const Json& alternatives = array_field(expected, "alternatives");
  if (!alternatives.empty()) {
    out += "<ul>";
    for (const auto& alternative : alternatives) {
      out += fmt::format("<li>or, graded <em>{}</em>: {}",
                         html_escape(string_field(alternative, "grade")),
                         html_escape(string_field(alternative, "summary")));
      if (const std::string why = string_field(alternative, "why"); !why.empty()) {
        out += " <span class=\"why\">(" + html_escape(why) + ")</span>";
      }
      out += "</li>";
    }
    out += "</ul>";
  }
  return out + "</div>";
}

std::string observed_html(const Json& test_case) {
  const Json& observed = object_field(test_case, "observed");
  std::string out = "<div><h4>Observed</h4><ul>";
  if (const std::string error = string_field(observed, "harness_error"); !error.empty()) {
    out += "<li class=\"bad\">harness error: " + html_escape(error) + "</li>";
  }
  const Json& handshake = object_field(observed, "handshake");
  const Json& response = object_field(handshake, "response");
  if (response.is_object()) {
    out +=
        fmt::format("<li>HTTP {} {}</li>", static_cast<long long>(number_field(response, "status")),
                    html_escape(string_field(response, "reason")));
  } else if (const std::string error = string_field(handshake, "response_error"); !error.empty()) {
    out += "<li class=\"bad\">malformed HTTP response: " + html_escape(error) + "</li>";
  }
  for (const auto& problem : array_field(handshake, "upgrade_problems")) {
    if (problem.is_string())
      out += "<li class=\"bad\">" + html_escape(problem.get<std::string>()) + "</li>";
  }
  const Json& messages = array_field(observed, "messages");
  out +=
      fmt::format("<li>{} data message{}</li>", messages.size(), messages.size() == 1 ? "" : "s");
  for (const auto& message : messages) {
    out += fmt::format("<li class=\"sub\">{} at {}: {}</li>",
                       html_escape(string_field(message, "opcode")),
                       format_us(number_field(message, "at_us")), bytes_html(message));
  }
  for (const auto& pong : array_field(observed, "pongs")) {
    out += "<li class=\"sub\">pong: " + bytes_html(pong) + "</li>";
  }
  const Json& close = object_field(observed, "server_close");
  if (close.is_object()) {
    const Json& code = object_field(close, "code");
    if (code.is_number()) {
      out += fmt::format("<li>server close <strong>{}</strong> ({}) at {}, reason: {}</li>",
                         code.get<long long>(), html_escape(string_field(close, "code_name")),
                         format_us(number_field(close, "at_us")),
                         bytes_html(object_field(close, "reason")));
    } else {
      out +=
          fmt::format("<li>server close with {} at {}</li>",
                      number_field(close, "body_size") == 0
                          ? std::string("an empty body")
                          : fmt::format("a {}-byte body",
                                        static_cast<long long>(number_field(close, "body_size"))),
                      format_us(number_field(close, "at_us")));
    }
  } else {
    out += "<li>no close frame from the server</li>";
  }
  if (bool_field(observed, "data_after_server_close")) {
    out += "<li class=\"bad\">data frames after the server's close</li>";
  }
  const Json& violation = object_field(observed, "server_violation");
  if (violation.is_object()) {
    out += fmt::format("<li class=\"bad\">the server broke §{} {}: {} ({})</li>",
                       html_escape(string_field(violation, "section")),
                       html_escape(string_field(violation, "rule")),
                       html_escape(string_field(violation, "summary")),
                       html_escape(string_field(violation, "detail")));
  }
  out += fmt::format("<li>TCP: {}</li><li>{} bytes sent, {} received</li>",
                     html_escape(string_field(observed, "tcp_end")),
                     static_cast<long long>(number_field(observed, "bytes_sent")),
                     static_cast<long long>(number_field(observed, "bytes_received")));
  return out + "</ul></div>";
}

// The first event of `kind` whose summary starts with "close": its time, or -1.
double first_close_event(const Json& events, std::string_view kind) {
  for (const auto& event : events) {
    if (string_field(event, "kind") == kind &&
        string_field(event, "summary").starts_with("close")) {
      return number_field(event, "t_us");
    }
  }
  return -1;
}

std::string who_closed_html(const Json& test_case) {
  const Json& observed = object_field(test_case, "observed");
  const Json& events = array_field(test_case, "events");
  const std::string tcp_end = string_field(observed, "tcp_end");
  const double tcp_at = number_field(observed, "tcp_end_at_us");
  if (tcp_end == "connect-failed") return "<p class=\"who\">Never connected.</p>";
  const Json& server_close = object_field(observed, "server_close");
  const double server_at = server_close.is_object() ? number_field(server_close, "at_us") : -1;
  const double client_at = first_close_event(events, "frame-sent");
  std::string out = "<p class=\"who\">";
  if (server_at >= 0 && (client_at < 0 || server_at <= client_at)) {
    out += "The <strong>server</strong> started the close handshake at " + format_us(server_at);
    out += client_at >= 0 ? "; the harness answered at " + format_us(client_at) + ". "
                          : "; the harness sent no close. ";
  } else if (client_at >= 0) {
    out += "The <strong>harness</strong> started the close handshake at " + format_us(client_at);
    out += server_at >= 0 ? "; the server answered at " + format_us(server_at) + ". "
                          : "; the server never answered with a close frame. ";
  } else {
    out += "No close frame either way. ";
  }
  if (tcp_end == "fin") {
    out += "The <strong>server</strong> closed TCP (FIN) at " + format_us(tcp_at) + ".";
  } else if (tcp_end == "rst") {
    out += "TCP was <strong>reset</strong> (RST) at " + format_us(tcp_at) + ".";
  } else if (tcp_end == "silence") {
    out += "Nothing more arrived before the timeout.";
  } else if (tcp_end == "harness-closed") {
    out += "The <strong>harness</strong> closed TCP" +
           (tcp_at >= 0 ? " at " + format_us(tcp_at) : std::string()) + ".";
  } else if (tcp_end == "open") {
    out += "TCP was still open when the case ended; the harness closed it.";
  }
  return out + "</p>";
}

std::string handshake_html(const Json& test_case) {
  const Json& handshake = object_field(object_field(test_case, "observed"), "handshake");
  std::string out = "<h4>Handshake</h4><div class=\"cmp\"><div><h5>Request</h5><pre>" +
                    html_escape(string_field(handshake, "request")) +
                    "</pre></div><div><h5>Response</h5>";
  const Json& response = object_field(handshake, "response");
  if (response.is_object()) {
    out += fmt::format("<pre>{} {} {}\n", html_escape(string_field(response, "version")),
                       static_cast<long long>(number_field(response, "status")),
                       html_escape(string_field(response, "reason")));
    for (const auto& header : array_field(response, "headers")) {
      out += html_escape(string_field(header, "name")) + ": " +
             html_escape(string_field(header, "value")) + "\n";
    }
    out += "</pre>";
  } else {
    out += "<p>none parsed" +
           (string_field(handshake, "response_error").empty()
                ? std::string()
                : ": " + html_escape(string_field(handshake, "response_error"))) +
           "</p>";
  }
  return out + "</div></div>";
}

std::string_view direction(std::string_view kind) {
  const std::string_view way = event_direction(kind);
  return way == "sent" ? "→" : way == "received" ? "←" : "·";
}

std::string transcript_html(const Json& test_case) {
  const Json& events = array_field(test_case, "events");
  std::string out = fmt::format(
      "<h4>Wire transcript ({} events)</h4><table class=\"wire\"><thead><tr><th>t</th><th></th>"
      "<th>event</th><th>what</th><th>bytes</th></tr></thead><tbody>",
      events.size());
  for (const auto& event : events) {
    const std::string kind = string_field(event, "kind");
    const auto size = static_cast<long long>(number_field(event, "size"));
    out +=
        fmt::format("<tr class=\"k-{}\"><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
                    html_escape(kind), format_us(number_field(event, "t_us")), direction(kind),
                    html_escape(kind), html_escape(string_field(event, "summary")));
    if (size > 0) {
      out += fmt::format("<td><code class=\"hex\">{}</code>{}</td></tr>",
                         html_escape(string_field(event, "hex")),
                         bool_field(event, "truncated") ? fmt::format(" … ({} B)", size) : "");
    } else {
      out += "<td></td></tr>";
    }
  }
  return out + "</tbody></table>";
}

}  // namespace

std::string format_us(double microseconds) {
  if (microseconds < 0) return "—";
  return fmt::format("{:.3f} ms", microseconds / 1000.0);
}

// How a peer connection ended, briefly: "close 1012", "FIN, no close frame", "never connected".
std::string peer_end_text(const Json& observed) {
  const Json& close = object_field(observed, "server_close");
  if (close.is_object()) {
    const Json& code = object_field(close, "code");
    return code.is_number() ? fmt::format("close {}", code.get<long long>())
                            : std::string("close, no code");
  }
  const std::string end = string_field(observed, "tcp_end");
  if (end == "connect-failed") return "never connected";
  if (end == "fin" || end == "rst")
    return fmt::format("{}, no close frame", end == "fin" ? "FIN" : "RST");
  return end;
}

std::string peers_html(const Json& peers) {
  if (peers.empty()) return {};
  std::string out =
      "<h4>Other connections</h4><table class=\"peers\"><thead><tr><th>connection</th>"
      "<th>opened</th><th>HTTP</th><th>messages</th><th>how it ended</th><th>attempts</th>"
      "<th>connected after</th></tr></thead><tbody>";
  for (const auto& peer : peers) {
    const Json& observed = object_field(peer, "observed");
    const Json& response = object_field(object_field(observed, "handshake"), "response");
    const Json& after = object_field(peer, "upgraded_after_ms");
    out += fmt::format(
        "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        html_escape(string_field(peer, "group")),
        static_cast<long long>(number_field(peer, "index")) + 1,
        html_escape(string_field(peer, "when")) + " the fault",
        response.is_object()
            ? std::to_string(static_cast<long long>(number_field(response, "status")))
            : std::string("—"),
        array_field(observed, "messages").size(), html_escape(peer_end_text(observed)),
        static_cast<long long>(number_field(peer, "attempts")),
        after.is_number() ? fmt::format("{:.1f} ms", after.get<double>()) : std::string("—"));
  }
  return out + "</tbody></table>";
}

// One timing of a measurement: "412.3 MB/s, round trip p50 1.2 ms, p90 …, p99 …".
std::string timing_text(const Json& timing) {
  if (timing.contains("error"))
    return "not measured: " + html_escape(string_field(timing, "error"));
  const Json& rtt = object_field(timing, "round_trip_us");
  return fmt::format("{:.1f} MB/s; round trip p50 {}, p90 {}, p99 {}",
                     number_field(timing, "mb_per_s"), format_us(number_field(rtt, "p50")),
                     format_us(number_field(rtt, "p90")), format_us(number_field(rtt, "p99")));
}

// The echo_load figures, informational: the server beside the bare loop of the same run.
std::string measurements_html(const Json& measurements) {
  if (!measurements.is_array() || measurements.empty()) return {};
  std::string out =
      "<h4>Measurements (informational)</h4><table class=\"peers\"><thead><tr><th>message</th>"
      "<th>rounds echoed</th><th>server</th><th>bare TCP loop, same run</th><th>ratio</th>"
      "</tr></thead><tbody>";
  for (const Json& m : measurements) {
    std::string shape = fmt::format("{} bytes", static_cast<long long>(number_field(m, "size")));
    if (number_field(m, "fragment_size") > 0) {
      shape +=
          fmt::format(" in frames of {}", static_cast<long long>(number_field(m, "fragment_size")));
    }
    if (number_field(m, "chop") > 0) {
      shape += fmt::format(", writes of {}", static_cast<long long>(number_field(m, "chop")));
    }
    const Json& ratio = object_field(m, "ratio");
    out += fmt::format(
        "<tr><td>{}</td><td>{} of {}</td><td>{}</td><td>{}</td><td>{}</td></tr>", shape,
        static_cast<long long>(number_field(m, "rounds_echoed")),
        static_cast<long long>(number_field(m, "rounds_planned")),
        timing_text(object_field(m, "server")), timing_text(object_field(m, "bare_loop")),
        ratio.is_number() ? fmt::format("{:.2f}", ratio.get<double>()) : std::string("—"));
  }
  return out + "</tbody></table>";
}

std::string case_html(const Json& test_case, const CaseAnchor& anchor) {
  const std::string verdict = string_field(test_case, "verdict");
  const std::string vclass = verdict_class(verdict);
  std::string out = fmt::format(
      "<details class=\"case\" id=\"{}\" data-verdict=\"{}\" data-section=\"{}\"><summary>"
      "<span class=\"badge {}\">{}</span> <code class=\"id\">{}</code> <span class=\"title\">{}"
      "</span>",
      html_escape(anchor.id), html_escape(verdict), html_escape(string_field(test_case, "section")),
      vclass, html_escape(verdict), html_escape(string_field(test_case, "id")),
      html_escape(string_field(test_case, "title")));
  if (anchor.show_target) {
    out += " <span class=\"target\">" + html_escape(anchor.target) + "</span>";
  }
  if (verdict != "pass") {
    out += " <span class=\"headline\">" + html_escape(headline_reason(test_case)) + "</span>";
  }
  out += "</summary><div class=\"body\">";
  out += requirement_html(test_case);
  out += reasons_html(test_case);
  const Json& burst = object_field(object_field(test_case, "observed"), "burst");
  if (burst.is_object()) {
    // A burst case has no main connection: its record is everything there is to show.
    out += "<div class=\"cmp\">" + expected_html(test_case) + "</div>";
    out += burst_html(burst);
  } else {
    out += "<div class=\"cmp\">" + expected_html(test_case) + observed_html(test_case) + "</div>";
    out += "<h4>Who closed</h4>" + who_closed_html(test_case);
    out += peers_html(array_field(object_field(test_case, "observed"), "peers"));
    out += measurements_html(object_field(test_case, "measurements"));
    out += handshake_html(test_case);
    out += transcript_html(test_case);
  }
  const InvolvedCodes codes = involved_codes(test_case);
  if (!codes.empty())
    out += "<h4>What the codes mean</h4><div class=\"codes\">" + codes_html(codes) + "</div>";
  out += fmt::format("<p class=\"dur\">{:.3f} ms</p></div></details>\n",
                     number_field(test_case, "duration_ms"));
  return out;
}

}  // namespace wsconform::report
