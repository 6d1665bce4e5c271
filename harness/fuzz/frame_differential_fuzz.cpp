// Differential libFuzzer target: the harness's FrameDecoder and websocketpp's hybi13 processor
// (with its connection's close-body checks) read the same client stream, each in random pieces.
// Input: [limit][piece control] then the stream. They must agree on which frame is refused (if
// any), on the messages before it and on the close code. A disagreement is a crash unless the
// allow-list (wspp_deviations.hpp) names it, or RFC 6455 leaves room for both answers, which the
// plain model (rfc_model.hpp) settles: a frame that breaks several rules may be refused for any of
// them, and a cut-off frame whose bytes already prove a violation may be refused early or late.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz_check.hpp"
#include "fuzz/harness_stream.hpp"
#include "fuzz/pieces.hpp"
#include "fuzz/rfc_model.hpp"
#include "fuzz/stream_checks.hpp"
#include "fuzz/wspp_deviations.hpp"
#include "fuzz/wspp_stream.hpp"

namespace {

using namespace wsconform;
using namespace wsconform::fuzz;

struct Answers {
  const ModelVerdict& model;
  const HarnessOutcome& harness;
  const wspp::Outcome& wspp;
  std::optional<std::size_t> harness_frame;  // the frame each refused
  std::optional<std::size_t> wspp_frame;
};

std::string harness_says(const Answers& a) {
  return a.harness.violation ? std::string(wire::rule_info(a.harness.violation->rule).id)
                             : std::string("accepted");
}

// Both refused the same frame: for a rule it breaks, with a close code one of its rules calls
// for (or a listed websocketpp deviation from it).
void check_same_refusal(const Answers& a, std::size_t frame) {
  const wire::Rule rule = a.harness.violation->rule;
  const bool model_refuses = a.model.refused == frame;
  const bool same_rule =
      std::find(a.wspp.rules.begin(), a.wspp.rules.end(), rule) != a.wspp.rules.end();
  const bool both_broken =
      model_refuses && a.model.breaks(rule) && shares_rule(a.wspp.rules, a.model.rules);
  if (!same_rule && !both_broken) {
    disagreement("on " + frame_name(frame) + " the harness names " + harness_says(a) +
                 ", websocketpp " + a.wspp.error_name + " (" + describe_rules(a.wspp.rules) +
                 "); the frame breaks " + describe_rules(a.model.rules));
  }
  const std::uint16_t harness_code = wire::rule_info(rule).close_code;
  if (harness_code == a.wspp.close_code) return;
  const Deviation* deviation = close_code_deviation(a.wspp.rules, a.wspp.close_code);
  if (deviation != nullptr && deviation->rule == rule) return;
  if (model_refuses && code_of_any(a.model.rules, harness_code) &&
      code_of_any(a.model.rules, a.wspp.close_code)) {
    return;  // several rules broken, each side closing for a different one
  }
  disagreement("on " + frame_name(frame) + " the harness closes with " +
               std::to_string(harness_code) + ", websocketpp with " +
               std::to_string(a.wspp.close_code) + "; the frame breaks " +
               describe_rules(a.model.rules));
}

// One side refused frame `frame`, the other went past it (or stopped inside it).
void check_one_refusal(const Answers& a, std::size_t frame) {
  const bool harness_refused = a.harness_frame == frame;
  const bool provably_invalid = a.model.refused == frame;
  if (!a.model.frames[frame].complete) {
    // Cut off: one side saw enough to refuse it, the other waits for more bytes.
    if (provably_invalid) return;
  }
  disagreement(frame_name(frame) + ": the harness says " + harness_says(a) + ", websocketpp " +
               (harness_refused ? std::string("accepted it") : a.wspp.error_name) +
               "; the frame breaks " +
               (provably_invalid ? describe_rules(a.model.rules) : std::string("nothing")));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kStreamPrefixSize) return 0;
  const std::uint64_t limit = message_limit_from(data[0]);
  const wire::ByteView stream(data + kStreamPrefixSize, size - kStreamPrefixSize);
  Pieces harness_pieces(data[1]);
  Pieces wspp_pieces(static_cast<std::uint8_t>(data[1] ^ 0x5A));  // other cuts, same largest size

  const ModelVerdict model = model_client_stream(stream, limit);
  const HarnessOutcome harness = decode_client_stream(stream, limit, &harness_pieces);
  const wspp::Outcome wspp =
      wspp::parse_client_stream(stream.data(), stream.size(), limit, &wspp_pieces);

  Answers a{model, harness, wspp, std::nullopt, std::nullopt};
  if (harness.violation) {
    a.harness_frame = frame_holding(model.frames, harness.violation->offset);
    FUZZ_CHECK(a.harness_frame.has_value());
  }
  if (wspp.error != wspp::Outcome::Error::none) {
    a.wspp_frame = frame_taken_into(model.frames, wspp.error_offset);
    FUZZ_CHECK(a.wspp_frame.has_value());
  }
  const std::vector<ModelMessage> wspp_messages = messages_of(wspp.messages);

  if (model.refused && a.harness_frame == model.refused && acceptance_deviation(model) != nullptr &&
      a.wspp_frame.value_or(SIZE_MAX) >= *model.refused) {
    // The harness refuses the frame, websocketpp takes it under a listed deviation; what
    // websocketpp does from there on is the deviation's consequence.
    FUZZ_CHECK(model.breaks(a.harness.violation->rule));
    FUZZ_CHECK(starts_with(wspp_messages, harness.messages));
    return 0;
  }

  if (a.harness_frame == a.wspp_frame) {
    if (!same_messages(harness.messages, wspp_messages)) {
      disagreement("the harness and websocketpp decoded different messages (" +
                   std::to_string(harness.messages.size()) + " and " +
                   std::to_string(wspp_messages.size()) + ")");
    }
    FUZZ_CHECK(harness.closed == wspp.closed);
    if (a.harness_frame) check_same_refusal(a, *a.harness_frame);
    return 0;
  }
  // The first refusal decides; the side that went on delivered at least what the other did.
  const std::size_t first =
      std::min(a.harness_frame.value_or(SIZE_MAX), a.wspp_frame.value_or(SIZE_MAX));
  check_one_refusal(a, first);
  if (a.harness_frame == first) {
    FUZZ_CHECK(starts_with(wspp_messages, harness.messages));
  } else {
    FUZZ_CHECK(starts_with(harness.messages, wspp_messages));
  }
  return 0;
}
