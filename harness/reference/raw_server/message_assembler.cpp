#include "reference/raw_server/message_assembler.hpp"

#include "wire/utf8.hpp"

namespace wsconform::raw_server {

MessageAssembler::MessageAssembler(const BrokenModes& modes, const LiberalModes& liberties,
                                   std::uint64_t buffer_cap)
    : modes_(modes),
      utf8_at_message_end_(liberties.contains(LiberalMode::utf8_at_message_end)),
      buffer_cap_(buffer_cap) {}

AssemblyResult MessageAssembler::on_data_frame(const wire::Frame& frame) {
  AssemblyResult result;
  if (frame.opcode == wire::opcode::continuation) {
    // Only reachable when the decoder does not enforce §5.4 (ignore-bad-continuation): a
    // continuation with no message to continue is ignored.
    if (message_opcode_ == 0) return result;
  } else {
    // A new message; with ignore-bad-continuation an unfinished one is dropped for it.
    message_opcode_ = frame.opcode;
    message_.clear();
  }
  if (message_.size() + frame.payload.size() > buffer_cap_) {
    result.over_capacity = true;
    return result;
  }
  message_.insert(message_.end(), frame.payload.begin(), frame.payload.end());
  const bool text = message_opcode_ == wire::opcode::text;
  if (text && has(BrokenMode::utf8_per_frame) && !wire::is_valid_utf8(frame.payload)) {
    // utf8-per-frame: each fragment is (wrongly) validated as if it were a whole message.
    result.violation = wire::Rule::invalid_utf8_text;
    return result;
  }
  if (has(BrokenMode::echo_fragments_separately)) {
    result.complete.push_back(DataMessage{message_opcode_, frame.payload});
  }
  if (!frame.fin) return result;
  if (text && utf8_at_message_end_ && !wire::is_valid_utf8(message_)) {
    // §8.1: a text message MUST be valid UTF-8; utf8-at-message-end looks once it is complete.
    result.violation = wire::Rule::invalid_utf8_text;
    return result;
  }
  if (!has(BrokenMode::echo_fragments_separately)) {
    result.complete.push_back(DataMessage{message_opcode_, std::move(message_)});
  }
  message_opcode_ = 0;
  message_.clear();
  return result;
}

}  // namespace wsconform::raw_server
