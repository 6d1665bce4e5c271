#include "report/text/expectation_text.hpp"

#include <fmt/format.h>

#include <vector>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

constexpr std::size_t kMaxPayloadPreview = 40;

// A payload as a quoted string when it is printable UTF-8, else as hex; long ones are cut.
std::string describe_payload(const wire::Bytes& payload) {
  const std::string text = wire::string_of(payload);
  bool printable = true;
  for (std::size_t pos = 0; pos < text.size() && printable;) {
    const DecodedChar decoded = decode_utf8_at(text, pos);
    printable = decoded.valid && decoded.code_point >= 0x20 && decoded.code_point != 0x7F;
    pos += decoded.length;
  }
  if (printable) {
    return fmt::format("\"{}\" ({} bytes)", truncate_utf8(text, kMaxPayloadPreview),
                       payload.size());
  }
  const std::size_t shown = std::min(payload.size(), kMaxPayloadPreview / 2);
  return fmt::format("hex {}{} ({} bytes)",
                     wire::to_hex(wire::ByteView(payload).first(shown), true),
                     shown < payload.size() ? " …" : "", payload.size());
}

std::string describe_message(const scenario::ExpectedMessage& message) {
  const char* kind = message.opcode == wire::opcode::binary ? "binary" : "text";
  return fmt::format("{} {}", kind, describe_payload(message.payload));
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out.append(separator);
    out.append(part);
  }
  return out;
}

template <typename Number>
std::string join_alternatives(const std::vector<Number>& values) {
  std::vector<std::string> parts;
  for (const auto value : values) parts.push_back(std::to_string(value));
  return join(parts, " or ");
}

std::string describe_close(const scenario::CloseExpectation& close) {
  std::string out = close.codes.empty()
                        ? std::string("a close frame with any valid code")
                        : fmt::format("a close frame with code {}", join_alternatives(close.codes));
  if (close.allow_empty_body) out += ", or a close frame with an empty body";
  if (close.or_dropped) out += ", or TCP ended without a close frame";
  if (close.within) out += fmt::format("; TCP ends within {} ms", close.within->count());
  return out;
}

}  // namespace

std::string describe_burst(const scenario::BurstExpectation& burst) {
  std::vector<std::string> codes;
  for (const std::uint16_t code : burst.shed_codes) codes.push_back(std::to_string(code));
  std::vector<std::string> parts = {
      fmt::format("a burst: live connections the server sheds get close {}", join(codes, " or ")),
      fmt::format("handshakes it refuses get HTTP {}{}", join_alternatives(burst.refusal_statuses),
                  burst.retry_after ? " with Retry-After" : "")};
  if (burst.no_silent_drops) parts.push_back("no connection dropped without a close frame");
  if (burst.no_lost_messages) parts.push_back("every accepted message echoed, in order");
  if (burst.recovers) parts.push_back("a fresh connection served after the burst");
  return join(parts, "; ");
}

std::string describe_expectation(const scenario::Expectation& outcome) {
  // A burst case has no main connection: the burst is the whole expectation.
  if (outcome.burst) return replace_invalid_utf8(describe_burst(*outcome.burst));
  std::vector<std::string> parts;
  parts.push_back(outcome.http_status.empty()
                      ? std::string("HTTP 101 (upgrade)")
                      : fmt::format("HTTP {}", join_alternatives(outcome.http_status)));
  for (const auto& header : outcome.http_headers) {
    parts.push_back(header.token
                        ? fmt::format("header {} containing \"{}\"", header.name, *header.token)
                        : fmt::format("header {}", header.name));
  }
  if (outcome.messages) {
    if (outcome.messages->empty()) {
      parts.push_back("no data messages");
    } else {
      std::vector<std::string> messages;
      for (const auto& message : *outcome.messages) messages.push_back(describe_message(message));
      parts.push_back(fmt::format("data messages: {}", join(messages, ", ")));
    }
  }
  if (outcome.echo) parts.push_back("the data messages sent, echoed in order");
  if (outcome.pongs) {
    if (outcome.pongs->empty()) {
      parts.push_back("no pongs");
    } else {
      std::vector<std::string> pongs;
      for (const auto& pong : *outcome.pongs) pongs.push_back(describe_payload(pong));
      parts.push_back(fmt::format("pongs: {}", join(pongs, ", ")));
    }
  }
  if (outcome.close) parts.push_back(describe_close(*outcome.close));
  // The case file is trusted more than the server, but a report stays valid UTF-8 regardless.
  return replace_invalid_utf8(join(parts, "; "));
}

std::string_view grade_name(scenario::Alternative::Grade grade) {
  switch (grade) {
    case scenario::Alternative::Grade::pass:
      return "pass";
    case scenario::Alternative::Grade::non_strict:
      return "non-strict";
    case scenario::Alternative::Grade::informational:
      return "informational";
  }
  return "unknown";
}

}  // namespace wsconform::report
