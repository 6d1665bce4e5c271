#include "reference/raw_server/replies.hpp"

namespace wsconform::raw_server {

namespace {
constexpr std::uint16_t kNormalClosure = 1000;
constexpr std::uint16_t kGoingAway = 1001;
constexpr std::uint16_t kProtocolError = 1002;
constexpr std::uint16_t kNoStatusReceived = 1005;  // a local sentinel, never sendable (§7.4.1)
constexpr std::uint16_t kAbnormalClosure = 1006;   // a local sentinel, never sendable (§7.4.1)
constexpr std::uint16_t kPolicyViolation = 1008;
}  // namespace

wire::Bytes echo_payload(wire::ByteView received, std::size_t number, const BrokenModes& modes) {
  wire::Bytes payload(received.begin(), received.end());
  if (modes.contains(BrokenMode::corrupt_echo)) payload.push_back('!');
  if (modes.contains(BrokenMode::corrupt_long_echo)) {
    if (payload.size() >= 64 * 1024) payload.back() ^= 0x01;  // stays printable ASCII for text
    if (number >= 500) payload.push_back('!');
  }
  return payload;
}

wire::Bytes pong_payload(wire::ByteView ping, const BrokenModes& modes) {
  wire::Bytes payload(ping.begin(), ping.end());
  if (modes.contains(BrokenMode::wrong_pong_payload)) {
    if (payload.empty()) {
      payload.push_back('x');
    } else {
      payload.front() ^= 0x01;
    }
  }
  return payload;
}

std::optional<std::uint16_t> close_reply_code(std::optional<std::uint16_t> received,
                                              const BrokenModes& modes,
                                              const LiberalModes& liberties) {
  // §5.5.1: the reply's body is optional, and echoing the code is only what is typical.
  if (liberties.contains(LiberalMode::empty_close_reply)) return std::nullopt;
  if (liberties.contains(LiberalMode::close_1001_reply)) return kGoingAway;
  if (!received) {
    if (modes.contains(BrokenMode::send_unsendable_codes)) return kNoStatusReceived;
    return std::nullopt;
  }
  if (modes.contains(BrokenMode::reject_valid_close_codes) && *received != kNormalClosure) {
    return kProtocolError;
  }
  return received;
}

std::uint16_t failure_close_code(wire::Rule rule, const BrokenModes& modes,
                                 const LiberalModes& liberties) {
  // §7.4.1: 1008 is the generic code that hides the details.
  if (liberties.contains(LiberalMode::fail_with_1008)) return kPolicyViolation;
  if (modes.contains(BrokenMode::send_unsendable_codes)) return kAbnormalClosure;
  return wire::rule_info(rule).close_code;
}

}  // namespace wsconform::raw_server
