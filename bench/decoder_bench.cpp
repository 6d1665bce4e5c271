// Decoder throughput on masked client frames (what a server-side decoder sees): a mix of small
// frames, 64 KiB frames and one 16 MiB frame, as text (UTF-8 validated) and as binary.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <random>
#include <string_view>

#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"

using namespace wsconform::wire;

namespace {

// Mostly ASCII with some 2-, 3- and 4-byte characters, so the validator leaves its ASCII fast
// path regularly, as it would on real multilingual text.
Bytes text_payload(std::size_t size, std::mt19937_64& rng) {
  static constexpr std::string_view kPieces[] = {
      "the quick brown fox ", "jumps over ",      "the lazy dog ",
      "caf\xc3\xa9 ",         "12 \xe2\x82\xac ", "\xf0\x9f\x98\x80 ",
  };
  Bytes out;
  out.reserve(size + 32);
  while (out.size() < size) {
    const std::string_view piece = kPieces[rng() % std::size(kPieces)];
    if (out.size() + piece.size() > size) {
      out.resize(size, 'x');  // pad with ASCII so no character is cut
      break;
    }
    out.insert(out.end(), piece.begin(), piece.end());
  }
  return out;
}

Bytes binary_payload(std::size_t size, std::mt19937_64& rng) {
  Bytes out(size);
  for (auto& byte : out) byte = static_cast<std::uint8_t>(rng());
  return out;
}

// A stream of masked frames, one per size, each with its own mask key.
Bytes masked_stream(std::uint8_t op, const std::vector<std::size_t>& sizes) {
  std::mt19937_64 rng(6455);
  Bytes stream;
  for (std::size_t size : sizes) {
    const Bytes payload = op == opcode::text ? text_payload(size, rng) : binary_payload(size, rng);
    const MaskKey key{static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng()),
                      static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng())};
    encode_frame_into(make_frame(op, payload, key), stream);
  }
  return stream;
}

void decode_stream(benchmark::State& state, const Bytes& stream) {
  DecoderOptions options;
  options.sender = Sender::client;
  std::int64_t frames = 0;
  for (auto _ : state) {
    FrameDecoder decoder(options);
    ByteView input(stream);
    while (!input.empty()) {
      DecodeStep step = decoder.decode(input);
      if (step.kind != DecodeStep::Kind::frame) {
        state.SkipWithError("the benchmark stream did not decode cleanly");
        return;
      }
      benchmark::DoNotOptimize(step.frame.payload.data());
      ++frames;
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(stream.size()));
  state.SetItemsProcessed(frames);  // frames per second
}

// 4096 frames of 2-125 bytes, sizes drawn uniformly (the whole 7-bit-length range).
void BM_DecodeSmallMasked(benchmark::State& state, std::uint8_t op) {
  std::mt19937_64 rng(1);
  std::vector<std::size_t> sizes(4096);
  for (auto& size : sizes) size = 2 + rng() % 124;
  static const Bytes text = masked_stream(opcode::text, sizes);
  static const Bytes binary = masked_stream(opcode::binary, sizes);
  decode_stream(state, op == opcode::text ? text : binary);
}

// 16 frames of 64 KiB each.
void BM_Decode64KiBMasked(benchmark::State& state, std::uint8_t op) {
  static const Bytes text = masked_stream(opcode::text, std::vector<std::size_t>(16, 64 * 1024));
  static const Bytes binary =
      masked_stream(opcode::binary, std::vector<std::size_t>(16, 64 * 1024));
  decode_stream(state, op == opcode::text ? text : binary);
}

// One 16 MiB frame (the decoder's default max_frame_payload).
void BM_Decode16MiBMasked(benchmark::State& state, std::uint8_t op) {
  static const Bytes text = masked_stream(opcode::text, {16u << 20});
  static const Bytes binary = masked_stream(opcode::binary, {16u << 20});
  decode_stream(state, op == opcode::text ? text : binary);
}

}  // namespace

BENCHMARK_CAPTURE(BM_DecodeSmallMasked, text, opcode::text);
BENCHMARK_CAPTURE(BM_DecodeSmallMasked, binary, opcode::binary);
BENCHMARK_CAPTURE(BM_Decode64KiBMasked, text, opcode::text);
BENCHMARK_CAPTURE(BM_Decode64KiBMasked, binary, opcode::binary);
BENCHMARK_CAPTURE(BM_Decode16MiBMasked, text, opcode::text)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Decode16MiBMasked, binary, opcode::binary)->Unit(benchmark::kMillisecond);
