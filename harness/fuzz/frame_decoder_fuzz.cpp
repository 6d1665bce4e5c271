// libFuzzer target for FrameDecoder. Input: [flags][relaxations][frame limit][message limit]
// [piece control] then the stream. The stream is decoded twice, all at once and in random pieces,
// and the two runs must agree; every frame must obey the rules (FrameOracle) and re-encode to the
// bytes it came from.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz/frame_oracle.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/pieces.hpp"
#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"

namespace {

using namespace wsconform;
using wire::ByteView;
using wire::DecodeStep;

constexpr std::size_t kPrefixSize = 5;

// flags: bit 0 client sender, bits 1-3 allowed RSV3/RSV2/RSV1, bit 4 lenient lengths, bit 5 no
// UTF-8 checks, bit 6 no close-body checks, bit 7 small limits taken from bytes 2 and 3.
// relaxations (bit set: rule not enforced): bit 0 masking, 1 reserved opcodes, 2 control length,
// 3 control FIN, 4 continuation rules, 5 length top bit.
wire::DecoderOptions options_from(const std::uint8_t* prefix) {
  const std::uint8_t flags = prefix[0];
  wire::DecoderOptions options;
  options.sender = (flags & 0x01) ? wire::Sender::client : wire::Sender::server;
  options.allowed_rsv_mask = static_cast<std::uint8_t>((flags << 3) & 0x70);
  options.require_minimal_length = (flags & 0x10) == 0;
  options.check_utf8 = (flags & 0x20) == 0;
  options.check_close_payload = (flags & 0x40) == 0;
  const std::uint8_t relax = prefix[1];
  options.enforce_masking = (relax & 0x01) == 0;
  options.enforce_reserved_opcodes = (relax & 0x02) == 0;
  options.enforce_control_length = (relax & 0x04) == 0;
  options.enforce_control_fin = (relax & 0x08) == 0;
  options.enforce_continuation_rules = (relax & 0x10) == 0;
  options.enforce_length_top_bit = (relax & 0x20) == 0;
  if (flags & 0x80) {
    options.max_frame_payload = prefix[2];
    options.max_message_size = prefix[3] * 2u;
  }
  return options;
}

struct Outcome {
  std::vector<wire::Frame> frames;
  std::vector<std::uint64_t> frame_ends;  // bytes_consumed() after each frame
  std::optional<wire::Violation> violation;
  std::uint64_t consumed = 0;
};

bool same_violation(const wire::Violation& a, const wire::Violation& b) {
  return a.rule == b.rule && a.detail == b.detail && a.offset == b.offset;
}

bool same_frame(const wire::Frame& a, const wire::Frame& b) {
  return a.fin == b.fin && a.rsv1 == b.rsv1 && a.rsv2 == b.rsv2 && a.rsv3 == b.rsv3 &&
         a.opcode == b.opcode && a.masked == b.masked && a.mask_key == b.mask_key &&
         a.length_form == b.length_form && a.payload_length == b.payload_length &&
         a.payload == b.payload && a.header_size == b.header_size;
}

// A failed decoder keeps answering with the same violation and takes no more bytes.
void check_sticky(wire::FrameDecoder& decoder, const wire::Violation& violation, ByteView rest) {
  const std::uint64_t consumed = decoder.bytes_consumed();
  for (int attempt = 0; attempt < 2; ++attempt) {
    ByteView input = attempt == 0 ? rest : ByteView{};
    const std::size_t before = input.size();
    const DecodeStep again = decoder.decode(input);
    FUZZ_CHECK(again.kind == DecodeStep::Kind::violation);
    FUZZ_CHECK(same_violation(again.violation, violation));
    FUZZ_CHECK(input.size() == before && decoder.bytes_consumed() == consumed);
  }
}

// Decodes `stream` in pieces of the sizes `pieces` picks (all at once when null).
Outcome decode_stream(const wire::DecoderOptions& options, ByteView stream,
                      wsconform::fuzz::Pieces* pieces) {
  Outcome out;
  wire::FrameDecoder decoder(options);
  wsconform::fuzz::FrameOracle oracle(options);
  std::size_t fed = 0;
  while (fed < stream.size() && !out.violation) {
    const std::size_t size = pieces ? pieces->next(stream.size() - fed) : stream.size() - fed;
    ByteView piece = stream.subspan(fed, size);
    fed += size;
    for (;;) {
      const std::size_t before = piece.size();
      DecodeStep step = decoder.decode(piece);
      FUZZ_CHECK(piece.size() <= before);
      // Consumption is counted exactly, so it never exceeds the input.
      FUZZ_CHECK(decoder.bytes_consumed() == fed - piece.size());
      if (step.kind == DecodeStep::Kind::need_more) {
        FUZZ_CHECK(piece.empty() && !decoder.failed());  // need-more means the input ran out
        break;
      }
      if (step.kind == DecodeStep::Kind::frame) {
        FUZZ_CHECK(!decoder.failed());
        const std::uint64_t start = out.frame_ends.empty() ? 0 : out.frame_ends.back();
        oracle.check(step.frame, stream.subspan(start, decoder.bytes_consumed() - start));
        out.frames.push_back(std::move(step.frame));
        out.frame_ends.push_back(decoder.bytes_consumed());
        continue;
      }
      FUZZ_CHECK(decoder.failed());
      // The violation is proved by a byte already taken.
      FUZZ_CHECK(step.violation.offset < decoder.bytes_consumed());
      check_sticky(decoder, step.violation, piece);
      out.violation = step.violation;
      break;
    }
  }
  out.consumed = decoder.bytes_consumed();
  return out;
}

void check_same_outcome(const Outcome& a, const Outcome& b) {
  FUZZ_CHECK(a.frames.size() == b.frames.size());
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    FUZZ_CHECK(same_frame(a.frames[i], b.frames[i]));
    FUZZ_CHECK(a.frame_ends[i] == b.frame_ends[i]);
  }
  FUZZ_CHECK(a.violation.has_value() == b.violation.has_value());
  if (a.violation) FUZZ_CHECK(same_violation(*a.violation, *b.violation));
  FUZZ_CHECK(a.consumed == b.consumed);
}

// The spec that writes `frame` as `raw` was written.
wire::FrameSpec spec_of(const wire::Frame& frame, ByteView raw) {
  wire::FrameSpec spec;
  spec.fin = frame.fin;
  spec.rsv1 = frame.rsv1;
  spec.rsv2 = frame.rsv2;
  spec.rsv3 = frame.rsv3;
  spec.opcode = frame.opcode;
  if (frame.masked) spec.mask = frame.mask_key;
  spec.length_form = frame.length_form;
  spec.payload = frame.payload;
  if (frame.length_form == wire::LengthForm::long64 && (raw[2] & 0x80) != 0) {
    // A top bit the decoder dropped (enforce_length_top_bit off) is written back.
    spec.declared_length = frame.payload_length | (std::uint64_t{1} << 63);
  }
  return spec;
}

// Each frame re-encodes to exactly the bytes it was decoded from, and the re-encoded stream decodes
// to the same frames.
void check_round_trip(const wire::DecoderOptions& options, ByteView stream, const Outcome& out) {
  wire::Bytes encoded;
  std::uint64_t start = 0;
  for (std::size_t i = 0; i < out.frames.size(); ++i) {
    const std::size_t before = encoded.size();
    const ByteView original = stream.subspan(start, out.frame_ends[i] - start);
    wire::encode_frame_into(spec_of(out.frames[i], original), encoded);
    const ByteView again = ByteView(encoded).subspan(before);
    FUZZ_CHECK(std::equal(original.begin(), original.end(), again.begin(), again.end()));
    start = out.frame_ends[i];
  }
  const Outcome redecoded = decode_stream(options, encoded, nullptr);
  FUZZ_CHECK(!redecoded.violation && redecoded.consumed == encoded.size());
  FUZZ_CHECK(redecoded.frames.size() == out.frames.size());
  for (std::size_t i = 0; i < out.frames.size(); ++i) {
    FUZZ_CHECK(same_frame(redecoded.frames[i], out.frames[i]));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kPrefixSize) return 0;
  const wire::DecoderOptions options = options_from(data);
  wsconform::fuzz::Pieces pieces(data[4]);
  const ByteView stream(data + kPrefixSize, size - kPrefixSize);

  const Outcome whole = decode_stream(options, stream, nullptr);
  const Outcome pieced = decode_stream(options, stream, &pieces);
  check_same_outcome(whole, pieced);
  check_round_trip(options, stream, whole);
  return 0;
}
