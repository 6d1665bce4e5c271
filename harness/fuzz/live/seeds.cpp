// The inputs every live campaign starts from: correct traffic of each kind (so mutations start
// near the valid path) and one input per rule (so every refusal path is reached at once).
#include "fuzz/live/mutator.hpp"
#include "wire/close_payload.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::SendFrameStep;
using scenario::SendRawStep;
namespace op = wire::opcode;

constexpr wire::MaskKey kKey{0x37, 0xfa, 0x21, 0x3d};  // RFC 6455 §5.7
constexpr wire::MaskKey kOtherKey{0xa1, 0xb2, 0xc3, 0xd4};

SendFrameStep send(std::uint8_t opcode, std::string_view payload = {}, bool fin = true) {
  SendFrameStep step;
  step.frame.opcode = opcode;
  step.frame.fin = fin;
  step.frame.payload = wire::bytes_of(payload);
  step.frame.mask = kKey;
  return step;
}

SendFrameStep close_send(std::uint16_t code, std::string_view reason = {}) {
  SendFrameStep step = send(op::close);
  step.frame.payload = wire::encode_close_payload(code, reason);
  return step;
}

LiveInput of(std::vector<Item> items) {
  return LiveInput{std::move(items)};
}

}  // namespace

std::vector<LiveInput> seed_inputs() {
  std::vector<LiveInput> seeds;
  // Correct traffic.
  seeds.push_back(of({send(op::text, "Hello")}));
  seeds.push_back(of({send(op::binary, std::string("\x00\x01\x02\xfe\xff", 5))}));
  seeds.push_back(
      of({send(op::text, "Hel", false), send(op::ping, "p"), send(op::continuation, "lo")}));
  // "κόσμε" cut inside its second character, across two fragments.
  seeds.push_back(of({send(op::text, "\xce\xba\xe1", false),
                      send(op::continuation, "\xbd\xb9\xcf\x83\xce\xbc\xce\xb5")}));
  seeds.push_back(of({send(op::ping, "ping"), send(op::text, "after the ping")}));
  seeds.push_back(of({send(op::pong, "unsolicited"), send(op::text, "x")}));
  seeds.push_back(of({send(op::text), send(op::binary)}));
  seeds.push_back(of({send(op::text, std::string(126, '*'))}));
  seeds.push_back(of({send(op::binary, std::string(65536, '\xfe'))}));
  seeds.push_back(of({send(op::text, "bye"), close_send(1000, "normal")}));
  seeds.push_back(of({send(op::close)}));
  seeds.push_back(of({close_send(4000)}));
  SendFrameStep chopped = send(op::text, "one byte per segment");
  chopped.segmentation.chop = 1;
  seeds.push_back(of({chopped}));
  SendRawStep two_in_one;  // two frames in one TCP write
  two_in_one.bytes = wire::encode_frame(send(op::text, "first").frame);
  const wire::Bytes second = wire::encode_frame(send(op::binary, "second").frame);
  two_in_one.bytes.insert(two_in_one.bytes.end(), second.begin(), second.end());
  seeds.push_back(of({two_in_one}));
  // One per rule.
  SendFrameStep rsv = send(op::text, "rsv");
  rsv.frame.rsv1 = true;
  seeds.push_back(of({send(op::text, "valid"), rsv}));
  seeds.push_back(of({send(0x3, "reserved")}));
  seeds.push_back(of({send(op::ping, "fragmented", false)}));
  seeds.push_back(of({send(op::continuation, "orphan")}));
  seeds.push_back(of({send(op::text, "a", false), send(op::text, "b")}));
  seeds.push_back(of({send(op::ping, std::string(126, 'p'))}));
  SendFrameStep unmasked = send(op::text, "unmasked");
  unmasked.unmasked = true;
  unmasked.frame.mask.reset();
  seeds.push_back(of({unmasked}));
  SendFrameStep non_minimal = send(op::text, "short");
  non_minimal.frame.length_form = wire::LengthForm::medium16;
  seeds.push_back(of({non_minimal}));
  SendFrameStep top_bit = send(op::binary, "top");
  top_bit.frame.length_form = wire::LengthForm::long64;
  top_bit.frame.declared_length = (std::uint64_t{1} << 63) | 3;
  seeds.push_back(of({top_bit}));
  seeds.push_back(of({send(op::text,
                           "ab\xc0\x80"
                           "cd")}));
  SendFrameStep cut_character = send(op::continuation, "\xe2\x82");
  cut_character.frame.mask = kOtherKey;
  seeds.push_back(of({send(op::text, "complete part ", false), cut_character}));
  seeds.push_back(of({close_send(1005)}));
  seeds.push_back(of({close_send(1000, "\xc0\xaf")}));
  SendFrameStep one_byte = send(op::close, "\x03");
  seeds.push_back(of({one_byte}));
  return seeds;
}

}  // namespace wsconform::fuzz::live
