#include "fuzz/live/oracle.hpp"

#include <fmt/format.h>

#include "fuzz/live/stream_analysis.hpp"
#include "fuzz/rfc_model.hpp"
#include "wire/frame.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::Alternative;
using scenario::CloseExpectation;
using scenario::Outcome;

constexpr int kMaxCompletionRounds = 6;

constexpr std::string_view kValidRequirement =
    "A valid message is delivered (an echo server sends it back unchanged, §5.6), a Ping is "
    "answered with a Pong carrying its payload (§5.5.2), a Close is answered with a Close "
    "(§5.5.1), and the server then closes the TCP connection (§7.1.1).";

CloseExpectation close_with(std::vector<std::uint16_t> codes, bool or_dropped,
                            std::chrono::milliseconds within) {
  CloseExpectation close;
  close.codes = std::move(codes);
  close.or_dropped = or_dropped;
  close.within = within;
  return close;
}

// The close codes the suite accepts in full for a rule, and the non-strict ones (as in
// scenarios/*.yaml: 1002 for a UTF-8 error is non-strict, any code for a non-minimal length).
struct RuleCodes {
  std::vector<std::uint16_t> pass;
  std::optional<std::vector<std::uint16_t>> non_strict;  // empty list: any sendable code
  std::string_view why;
};

RuleCodes codes_for(wire::Rule rule) {
  switch (rule) {
    case wire::Rule::invalid_utf8_text:
    case wire::Rule::invalid_utf8_close_reason:
      return {{1007},
              std::vector<std::uint16_t>{1002},
              "The connection was failed, but with 1002 rather than 1007, the code §7.4.1 defines "
              "for data inconsistent with the type of the message."};
    case wire::Rule::non_minimal_length:
      return {{1002},
              std::vector<std::uint16_t>{},
              "The frame was refused, but with a close code that names the wrong cause (1002 "
              "says the client broke the framing rules)."};
    case wire::Rule::length_top_bit_set:
      return {{1002, 1009}, std::nullopt, {}};  // both fit: the length is also over any limit
    case wire::Rule::message_too_big:
      return {{1009}, std::nullopt, {}};
    default:
      return {{1002}, std::nullopt, {}};
  }
}

Prediction predict_valid(const StreamAnalysis& a, const OracleOptions& options) {
  Prediction p;
  p.client_closes = a.client_close;

  p.label = a.client_close ? "valid-close" : "valid";
  p.section = a.client_close ? "5.5.1" : "5.6";
  p.requirement = std::string(kValidRequirement);
  p.title = fmt::format("fuzz: valid input, {} frames, {} messages{}", a.frames, a.messages.size(),
                        a.client_close ? ", closed by the client" : "");
  p.expect.messages = a.messages;
  // §5.5.2 lets a server answer only the latest of several pings: exact only for none or one.
  if (a.pings.size() <= 1) p.expect.pongs = a.pings;
  // §5.5.1: the reply typically echoes the code; 1000 is always a fair answer to a valid close.
  std::vector<std::uint16_t> codes = {1000};
  if (a.close_code && *a.close_code != 1000) codes.insert(codes.begin(), *a.close_code);
  p.expect.close = close_with(codes, false, options.timeout);
  p.expect.close->allow_empty_body = a.client_close && !a.close_code;
  if (a.client_close && a.bytes_after_close) {
    // The server answers the close and closes TCP with the client's later bytes unread, so its
    // TCP sends a reset (RFC 1122 §4.2.2.13: a close with received data pending), which may
    // discard what the server sent last before the harness read it: its close frame, and echoes.
    // Echoes of what came after the close are still wrong (§5.5.1: nothing after it is processed).
    for (std::size_t kept = 0; kept <= a.messages.size(); ++kept) {
      Alternative lost;
      lost.grade = Alternative::Grade::pass;
      lost.outcome.why =
          "The client went on sending after its close; the server closed TCP with those bytes "
          "unread, and the reset that follows may discard its last frames before they are read.";
      lost.outcome.messages.emplace(a.messages.begin(), a.messages.begin() + kept);
      lost.outcome.close = close_with(codes, true, options.timeout);
      lost.outcome.close->allow_empty_body = p.expect.close->allow_empty_body;
      p.alternatives.push_back(std::move(lost));
    }
  }
  return p;
}

Prediction predict_invalid(const StreamAnalysis& a, const OracleOptions& options) {
  const wire::Violation& violation = *a.violation;
  const wire::RuleInfo& rule = wire::rule_info(violation.rule);
  const RuleCodes codes = codes_for(violation.rule);
  Prediction p;
  p.label = std::string(rule.id);
  p.section = std::string(rule.section);
  p.requirement = std::string(rule.summary) +
                  " A server that receives such a frame MUST _Fail the "
                  "WebSocket Connection_ (§7.1.7).";
  p.title = fmt::format("fuzz: {} in frame {} ({})", rule.id, a.frames + 1, violation.detail);
  p.expect.messages = a.messages;
  p.expect.close = close_with(codes.pass, true, options.timeout);
  // The server may fail before it echoes what came before the bad frame.
  for (std::size_t kept = 0; kept < a.messages.size(); ++kept) {
    Alternative fewer;
    fewer.grade = Alternative::Grade::pass;
    fewer.outcome.why =
        "The server failed the connection before echoing every message that came before the "
        "invalid frame; §7.1.7 requires it to stop processing, not to finish sending.";
    fewer.outcome.messages.emplace(a.messages.begin(), a.messages.begin() + kept);
    fewer.outcome.close = p.expect.close;
    p.alternatives.push_back(std::move(fewer));
  }
  if (codes.non_strict) {
    Alternative other;
    other.grade = Alternative::Grade::non_strict;
    other.outcome.why = std::string(codes.why);
    other.outcome.close = close_with(*codes.non_strict, false, options.timeout);
    p.alternatives.push_back(std::move(other));
  }
  if (a.late_utf8_possible) {
    Alternative late;
    late.grade = Alternative::Grade::non_strict;
    late.outcome.why =
        "The server would fail the connection only at the end of the message; the RFC requires "
        "failing, not failing fast (§8.1).";
    late.outcome.close = close_with(a.late_utf8_codes, true, options.timeout);
    p.alternatives.push_back(std::move(late));
  }
  return p;
}

}  // namespace

bool complete_input(LiveInput& input) {
  for (int round = 0; round < kMaxCompletionRounds; ++round) {
    const wire::Bytes bytes = client_bytes(input);
    const StreamAnalysis a = analyze_client_stream(bytes);
    std::optional<wire::Bytes> padding;
    if (a.violation) {
      if (a.violation->rule == wire::Rule::message_too_big) return false;  // our limit
      const std::vector<FrameExtent> frames = split_client_frames(bytes);
      const std::optional<std::size_t> index = frame_holding(frames, a.violation->offset);
      if (!index) return false;
      padding = padding_to_finish(bytes, frames[*index].start, needs_whole_frame(a.violation->rule),
                                  kMaxPadding);
      if (padding && padding->empty() && a.late_utf8_possible && !frames.back().complete) {
        // A server that checks UTF-8 at the end of the message reads on: leave it no frame open,
        // or it would wait for bytes (the case's close among them) it is right to wait for.
        padding = padding_to_finish(bytes, frames.back().start, true, kMaxPadding);
      }
    } else if (a.client_close) {
      return true;
    } else if (a.incomplete) {
      padding =
          padding_to_finish(bytes, split_client_frames(bytes).back().start, true, kMaxPadding);
    } else {
      return true;
    }
    if (!padding) return false;
    if (padding->empty()) return true;
    scenario::SendRawStep raw;
    raw.bytes = std::move(*padding);
    input.items.emplace_back(std::move(raw));
  }
  return false;
}

std::optional<Prediction> predict(const LiveInput& input, const OracleOptions& options) {
  const StreamAnalysis a = analyze_client_stream(client_bytes(input));
  if (a.violation) {
    if (a.violation->rule == wire::Rule::message_too_big) return std::nullopt;  // our limit
    return predict_invalid(a, options);
  }
  if (a.incomplete) return std::nullopt;
  return predict_valid(a, options);
}

scenario::Case make_case(const LiveInput& input, const Prediction& prediction, std::string id,
                         const OracleOptions& options) {
  scenario::Case c;
  c.id = std::move(id);
  c.title = prediction.title;
  c.requirement.section = prediction.section;
  c.requirement.text = prediction.requirement;
  c.requirement.level = scenario::Level::must;
  for (std::size_t i = 0; i < input.items.size(); ++i) {
    c.steps.push_back(
        {std::visit([](const auto& step) { return scenario::Step(step); }, input.items[i]), {}});
  }
  if (prediction.client_closes) {
    scenario::AwaitStep end;
    end.what = scenario::AwaitStep::What::end;
    c.steps.push_back({end, {}});
  } else {
    c.steps.push_back({scenario::CloseStep{}, {}});  // 1000, then the server's close and TCP end
  }
  c.expect = prediction.expect;
  c.alternatives = prediction.alternatives;
  // A guard only: a healthy exchange takes a millisecond, a hung server one step timeout.
  c.timeout = 10 * options.timeout;
  return c;
}

}  // namespace wsconform::fuzz::live
