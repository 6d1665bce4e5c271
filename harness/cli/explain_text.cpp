#include "cli/explain_text.hpp"

#include <fmt/format.h>

#include <sstream>

#include "wire/semantics.hpp"

namespace wsconform::cli {

namespace {

constexpr std::size_t kWidth = 100;
constexpr std::size_t kLabelWidth = 18;

// Word-wraps `text` to kWidth columns; continuation lines are indented by `indent`.
std::string wrap(std::string_view text, std::size_t indent, std::size_t first_column) {
  std::string out;
  std::size_t column = first_column;
  std::istringstream words{std::string(text)};
  bool first = true;
  for (std::string word; words >> word;) {
    if (!first && column + 1 + word.size() > kWidth) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first = false;
  }
  return out;
}

std::string field(std::string_view label, std::string_view text) {
  if (text.empty()) return {};
  const std::string head = fmt::format("  {:<{}}", std::string(label) + ":", kLabelWidth);
  return head + wrap(text, head.size(), head.size()) + "\n";
}

std::string seconds(std::chrono::milliseconds duration) {
  return fmt::format("{:g} s", static_cast<double>(duration.count()) / 1000.0);
}

// The advice's structured part: whether and when to reconnect.
std::string advice_text(const wire::ClientAdvice& advice) {
  using Reconnect = wire::ClientAdvice::Reconnect;
  std::string what;
  switch (advice.reconnect) {
    case Reconnect::not_applicable:
      what = "nothing to do: this never reaches a client as a reason to act.";
      break;
    case Reconnect::no:
      what = "do not retry blindly: fix the sender or the request first.";
      break;
    case Reconnect::yes:
      what = "reconnecting is fine.";
      break;
    case Reconnect::after_delay:
      what = advice.max_delay.count() > 0
                 ? fmt::format("reconnect after a short delay ({} to {}).",
                               seconds(advice.first_delay), seconds(advice.max_delay))
                 : fmt::format("reconnect after a short delay ({}).", seconds(advice.first_delay));
      break;
    case Reconnect::with_backoff:
      what = "reconnect with exponential backoff";
      if (advice.first_delay.count() > 0) what += " from " + seconds(advice.first_delay);
      if (advice.doubling) what += ", doubling the delay each attempt";
      what += ".";
      break;
  }
  return what;
}

std::string semantics_fields(const wire::Semantics& semantics) {
  return field("Meaning", semantics.meaning) + field("When you see it", semantics.when_you_see_it) +
         field("How to fix", semantics.how_to_fix) +
         field("A client should", semantics.advice.text) +
         field("Retry", advice_text(semantics.advice)) + field("Reference", semantics.reference);
}

std::string subject_name(const wire::Subject& subject) {
  return subject.kind == wire::Subject::Kind::close_code ? fmt::format("close {}", subject.value)
                                                         : fmt::format("HTTP {}", subject.value);
}

std::string comparisons(const wire::Subject& subject) {
  const auto found = wire::comparisons_for(subject);
  if (found.empty()) return {};
  std::string out = "\nCompared with its neighbours:\n";
  for (const wire::Comparison* comparison : found) {
    out += fmt::format("\n  {} vs {}\n", subject_name(comparison->a), subject_name(comparison->b));
    out += "    " + wrap(comparison->key_difference, 4, 4) + "\n";
    out += "    " + wrap("Which when: " + std::string(comparison->which_when), 4, 4) + "\n";
  }
  return out;
}

std::string_view range_text(wire::CloseCodeRange range) {
  switch (range) {
    case wire::CloseCodeRange::unused:
      return "0-999: not used (RFC 6455 §7.4.2)";
    case wire::CloseCodeRange::protocol:
      return "1000-2999: this protocol, its revisions and extensions (RFC 6455 §7.4.2)";
    case wire::CloseCodeRange::libraries:
      return "3000-3999: registered with IANA by libraries and frameworks (RFC 6455 §7.4.2)";
    case wire::CloseCodeRange::private_use:
      return "4000-4999: private use by applications (RFC 6455 §7.4.2)";
    case wire::CloseCodeRange::out_of_range:
      return "5000-65535: no range covers it; not a close code at all";
  }
  return "";
}

std::string wire_text(const wire::CloseCodeInfo& info) {
  if (info.local_sentinel) {
    return "never. It is a local sentinel: an endpoint reports it to its application but MUST "
           "NOT send it in a Close frame (RFC 6455 §7.4.1). A Close frame carrying it is a "
           "protocol error.";
  }
  if (!info.sendable) {
    return "never. An endpoint may not send it in a Close frame (RFC 6455 §7.4); a receiver "
           "fails the connection with 1002 when it arrives.";
  }
  return "yes: an endpoint may send it in a Close frame, and a receiver must accept it.";
}

}  // namespace

std::string explain_close_code(std::uint16_t code) {
  const wire::CloseCodeInfo info = wire::close_code_info(code);
  std::string out = fmt::format("Close code {}: {}\n", code, info.semantics.name);
  out += field("Range", range_text(info.range));
  out += field("On the wire", wire_text(info));
  out += semantics_fields(info.semantics);
  out += comparisons({wire::Subject::Kind::close_code, code});
  return out;
}

std::string explain_http_status(int status) {
  const wire::HttpStatusInfo info = wire::http_status_info(status);
  std::string out = fmt::format("HTTP status {}: {}\n", status, info.semantics.name);
  out += field("On the wire",
               "as the status line of the server's answer to the opening handshake, before any "
               "WebSocket frame; it is never a close code.");
  out += field("Judged",
               info.judged ? "yes: the harness has rules for this status in the opening handshake."
                           : "no: the harness has no rule specific to this status.");
  if (!info.required_header.empty()) {
    out += field("Comes with", fmt::format("the {} header", info.required_header));
  }
  out += semantics_fields(info.semantics);
  out += comparisons({wire::Subject::Kind::http_status, status});
  return out;
}

}  // namespace wsconform::cli
