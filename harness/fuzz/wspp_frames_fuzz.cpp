// libFuzzer target for websocketpp's frame parser (the hybi13 processor the reference target runs,
// with its connection's close-body checks). Input: [limit][piece control] then a client's stream.
// The stream is parsed twice, all at once and in random pieces, and the two must agree; then
// websocketpp's answer is held against RFC 6455 (rfc_model.hpp): a frame it accepts that the RFC
// says must be refused, or one it refuses that the RFC allows, or a close code no rule the frame
// breaks calls for, is a crash, unless the allow-list (wspp_deviations.hpp) names it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz_check.hpp"
#include "fuzz/pieces.hpp"
#include "fuzz/rfc_model.hpp"
#include "fuzz/stream_checks.hpp"
#include "fuzz/wspp_deviations.hpp"
#include "fuzz/wspp_stream.hpp"

namespace {

using namespace wsconform;
using namespace wsconform::fuzz;

std::optional<std::size_t> refused_frame(const ModelVerdict& model, const wspp::Outcome& outcome) {
  if (outcome.error == wspp::Outcome::Error::none) return std::nullopt;
  const std::optional<std::size_t> frame = frame_taken_into(model.frames, outcome.error_offset);
  FUZZ_CHECK(frame.has_value());  // an error is reported inside the stream
  return frame;
}

// Pieces change nothing: the same messages, the same error, in the same frame.
void check_pieces_agree(const ModelVerdict& model, const wspp::Outcome& whole,
                        const wspp::Outcome& pieced) {
  FUZZ_CHECK(same_messages(messages_of(whole.messages), messages_of(pieced.messages)));
  FUZZ_CHECK(whole.closed == pieced.closed);
  FUZZ_CHECK(whole.error == pieced.error && whole.error_value == pieced.error_value);
  FUZZ_CHECK(refused_frame(model, whole) == refused_frame(model, pieced));
}

void check_refusal(const ModelVerdict& model, const wspp::Outcome& outcome, std::size_t frame) {
  if (!shares_rule(outcome.rules, model.rules)) {
    disagreement("websocketpp refused " + frame_name(frame) + " with " + outcome.error_name + " (" +
                 describe_rules(outcome.rules) + "), but the frame breaks only " +
                 describe_rules(model.rules));
  }
  if (code_of_any(model.rules, outcome.close_code)) return;
  const Deviation* deviation = close_code_deviation(outcome.rules, outcome.close_code);
  if (deviation != nullptr && model.breaks(deviation->rule)) return;
  disagreement("websocketpp closes with " + std::to_string(outcome.close_code) + " for " +
               frame_name(frame) + ", which breaks " + describe_rules(model.rules));
}

void check_against_rfc(const ModelVerdict& model, const wspp::Outcome& outcome) {
  const std::optional<std::size_t> refused = refused_frame(model, outcome);
  const std::vector<ModelMessage> delivered = messages_of(outcome.messages);
  if (refused && (!model.refused || *refused < *model.refused)) {
    disagreement("websocketpp refused " + frame_name(refused) + " with " + outcome.error_name +
                 ", which RFC 6455 allows");
  }
  if (model.refused && acceptance_deviation(model) != nullptr) {
    // websocketpp takes the frame under a listed deviation; what follows is its consequence.
    FUZZ_CHECK(starts_with(delivered, model.messages));
    return;
  }
  if (model.refused && (!refused || *model.refused < *refused)) {
    // websocketpp took the frame the RFC refuses: fine only while it lacks the bytes that prove
    // the violation.
    if (model.frames[*model.refused].complete) {
      disagreement("websocketpp accepted " + frame_name(model.refused) + ", which breaks " +
                   describe_rules(model.rules));
    }
    FUZZ_CHECK(starts_with(delivered, model.messages));
    return;
  }
  // The same frame refused, or none.
  FUZZ_CHECK(same_messages(delivered, model.messages));
  FUZZ_CHECK(outcome.closed == model.closed);
  if (refused) check_refusal(model, outcome, *refused);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kStreamPrefixSize) return 0;
  const std::uint64_t limit = message_limit_from(data[0]);
  Pieces pieces(data[1]);
  const wire::ByteView stream(data + kStreamPrefixSize, size - kStreamPrefixSize);

  const ModelVerdict model = model_client_stream(stream, limit);
  const wspp::Outcome whole =
      wspp::parse_client_stream(stream.data(), stream.size(), limit, nullptr);
  const wspp::Outcome pieced =
      wspp::parse_client_stream(stream.data(), stream.size(), limit, &pieces);
  check_pieces_agree(model, whole, pieced);
  check_against_rfc(model, whole);
  return 0;
}
