#include "fuzz/live/oracle.hpp"

#include <fmt/format.h>

#include "fuzz/live/stream_analysis.hpp"
#include "fuzz/rfc_model.hpp"
#include "scenario/model/grading.hpp"
#include "wire/frame.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::Alternative;
using scenario::Expectation;

constexpr int kMaxCompletionRounds = 6;

constexpr std::string_view kValidRequirement =
    "A valid message is delivered (an echo server sends it back unchanged, §5.6), a Ping is "
    "answered with a Pong carrying its payload (§5.5.2), a Close is answered with a Close "
    "(§5.5.1), and the server then closes the TCP connection (§7.1.1).";

// How docs/grading.md grades the failure a rule calls for (scenario/model/grading.hpp builds it):
// the fitting codes, and what a server that reads on instead may do without a fail.
struct RuleGrading {
  std::vector<std::uint16_t> fitting;
  // A normal close reply instead of a failure: non-strict where the receiver's action is a
  // SHOULD (the reason's UTF-8, §5.5.1; invalid codes, §7.4 "left undefined").
  bool normal_reply_non_strict = false;
  // Accepting the frame is legal (§5.2's minimal length binds the sender): informational.
  bool acceptance_informational = false;
};

RuleGrading grading_for(wire::Rule rule) {
  switch (rule) {
    case wire::Rule::invalid_utf8_text:
      return {{1007}};
    case wire::Rule::invalid_utf8_close_reason:
      return {{1007}, true};
    case wire::Rule::invalid_close_code:
      return {{1002}, true};
    case wire::Rule::non_minimal_length:
      return {{1002}, false, true};
    case wire::Rule::length_top_bit_set:
      return {{1002, 1009}};  // both fit: the length is also over any limit
    case wire::Rule::message_too_big:
      return {{1009}};
    default:
      return {{1002}};
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
  // §5.5.3 lets a server answer only the latest of several pings, in order.
  p.expect.pongs = a.pings;
  p.expect.latest_pong_suffices = !a.pings.empty();
  // §5.5.1: any close frame answers a close (grading.hpp).
  p.expect.close = scenario::any_close_reply();
  p.expect.close->within = options.timeout;
  if (a.client_close && a.bytes_after_close) {
    // The server answers the close and closes TCP with the client's later bytes unread, so its
    // TCP sends a reset (RFC 1122 §4.2.2.13: a close with received data pending), which may
    // discard what the server sent last before the harness read it: its close frame, and echoes.
    // Echoes of what came after the close are still wrong (§5.5.1: nothing after it is processed).
    for (std::size_t kept = 0; kept <= a.messages.size(); ++kept) {
      Alternative lost;
      lost.grade = Alternative::Grade::pass;
      lost.expect.why =
          "The client went on sending after its close; the server closed TCP with those bytes "
          "unread, and the reset that follows may discard its last frames before they are read.";
      lost.expect.messages.emplace(a.messages.begin(), a.messages.begin() + kept);
      lost.expect.close = p.expect.close;
      lost.expect.close->or_dropped = true;
      p.alternatives.push_back(std::move(lost));
    }
  }
  return p;
}

Prediction predict_invalid(const StreamAnalysis& a, const OracleOptions& options) {
  const wire::Violation& violation = *a.violation;
  const wire::RuleInfo& rule = wire::rule_info(violation.rule);
  const RuleGrading grading = grading_for(violation.rule);
  Prediction p;
  p.label = std::string(rule.id);
  p.section = std::string(rule.section);
  // Where the receiver's action is a SHOULD, the case says so rather than claim a MUST.
  p.requirement = std::string(rule.summary) +
                  (grading.normal_reply_non_strict
                       ? " A server that answers normally misses that SHOULD (non-strict)."
                       : " A server that receives such a frame MUST _Fail the WebSocket "
                         "Connection_ (§7.1.7).");
  p.title = fmt::format("fuzz: {} in frame {} ({})", rule.id, a.frames + 1, violation.detail);
  // docs/grading.md: the fitting code, 1008 or a drop, before the harness's own close.
  Expectation conditions;
  conditions.messages = a.messages;
  p.expect = scenario::failing_the_connection(conditions, grading.fitting);
  p.expect.close->within = options.timeout;
  p.expect.close->before_harness_close = false;  // the case's close follows the input at once
  p.probe = true;
  const auto add_failing = [&](Expectation expectation, Alternative::Grade grade, std::string why) {
    expectation.why = std::move(why);
    p.alternatives.push_back(Alternative{expectation, grade});
    p.alternatives.push_back(scenario::failing_with_another_code(expectation, grade));
  };
  p.alternatives.push_back(scenario::failing_with_another_code(p.expect));
  // The server may fail before it echoes what came before the bad frame.
  for (std::size_t kept = 0; kept < a.messages.size(); ++kept) {
    Expectation fewer = p.expect;
    fewer.messages.emplace(a.messages.begin(), a.messages.begin() + kept);
    add_failing(std::move(fewer), Alternative::Grade::pass,
                "The server failed the connection before echoing every message that came before "
                "the invalid frame; §7.1.7 requires it to stop processing, not to finish sending.");
  }
  if (a.late_utf8_possible) {
    // §8.1 sets no time to notice: failing at the end of the message passes too (the pass
    // expectation's codes; the close may follow more of the input).
    Expectation late;
    late.close = p.expect.close;
    late.close->codes = a.late_utf8_codes;
    add_failing(std::move(late), Alternative::Grade::pass,
                "The server failed the connection at the end of the message: §8.1 requires "
                "failing, and sets no time to notice.");
  }
  if (grading.normal_reply_non_strict) {
    Alternative reply;
    reply.grade = Alternative::Grade::non_strict;
    reply.expect.close = scenario::any_close_reply();
    reply.expect.why =
        "The server answered normally: what a receiver does here is a SHOULD at most (§5.5.1 "
        "leaves the close reason's interpretation open; §7.4 the action on a code).";
    p.alternatives.push_back(std::move(reply));
  }
  if (grading.acceptance_informational) {
    Alternative accepted;
    accepted.grade = Alternative::Grade::informational;
    accepted.expect.close = scenario::any_close_reply();
    accepted.expect.close->or_dropped = true;
    accepted.expect.why =
        "The server accepted a non-minimal length: legal for a receiver, §5.2 binds the sender.";
    p.alternatives.push_back(std::move(accepted));
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
  if (prediction.probe && !c.steps.empty()) {
    std::visit(
        [](auto& step) {
          if constexpr (requires { step.probe; }) step.probe = true;
        },
        c.steps.back().step);
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
