// Reassembles data messages from the data frames the decoder yields (§5.4) and says which
// messages to echo, bent by the data and UTF-8 broken modes and utf8-at-message-end.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "wire/bytes.hpp"
#include "wire/frame.hpp"
#include "wire/rules.hpp"

namespace wsconform::raw_server {

struct DataMessage {
  std::uint8_t opcode = wire::opcode::text;
  wire::Bytes payload;
};

struct AssemblyResult {
  std::vector<DataMessage> complete;    // messages to echo, in order
  std::optional<wire::Rule> violation;  // a rule the session must fail the connection for
  bool over_capacity = false;           // the message outgrew `buffer_cap` (no-size-limit only)
};

class MessageAssembler {
 public:
  // `buffer_cap`: the most bytes one message may hold here; the decoder's limits keep a correct
  // server below it, so only a server without limits ever reaches it.
  MessageAssembler(const BrokenModes& modes, const LiberalModes& liberties,
                   std::uint64_t buffer_cap);

  // `frame` is a data frame (continuation, text, binary) the decoder accepted.
  AssemblyResult on_data_frame(const wire::Frame& frame);
  bool in_message() const { return message_opcode_ != 0; }

 private:
  bool has(BrokenMode mode) const { return modes_.contains(mode); }

  BrokenModes modes_;
  bool utf8_at_message_end_;
  std::uint64_t buffer_cap_;
  std::uint8_t message_opcode_ = 0;  // 0: no message open
  wire::Bytes message_;
};

}  // namespace wsconform::raw_server
