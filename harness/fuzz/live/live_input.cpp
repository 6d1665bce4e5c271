#include "fuzz/live/live_input.hpp"

#include <fmt/format.h>

namespace wsconform::fuzz::live {
namespace {

// FNV-1a, 64-bit: the same on every platform.
class Digest {
 public:
  void add(wire::ByteView bytes) {
    for (std::uint8_t byte : bytes) add_byte(byte);
  }
  void add(std::uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8) add_byte(static_cast<std::uint8_t>(value >> shift));
  }
  std::uint64_t value() const { return hash_; }

 private:
  void add_byte(std::uint8_t byte) {
    hash_ ^= byte;
    hash_ *= 0x100000001B3ull;
  }
  std::uint64_t hash_ = 0xCBF29CE484222325ull;
};

const scenario::Segmentation& segmentation_of(const Item& item) {
  return std::visit(
      [](const auto& step) -> const scenario::Segmentation& { return step.segmentation; }, item);
}

}  // namespace

wire::Bytes item_bytes(const Item& item) {
  if (const auto* raw = std::get_if<scenario::SendRawStep>(&item)) return raw->bytes;
  const auto& send = std::get<scenario::SendFrameStep>(item);
  if (!send.unmasked) return wire::encode_frame(send.frame);
  wire::FrameSpec unmasked = send.frame;
  unmasked.mask.reset();
  return wire::encode_frame(unmasked);
}

wire::Bytes client_bytes(const LiveInput& input) {
  wire::Bytes bytes;
  for (const Item& item : input.items) {
    const wire::Bytes more = item_bytes(item);
    bytes.insert(bytes.end(), more.begin(), more.end());
  }
  return bytes;
}

std::uint64_t input_digest(const LiveInput& input) {
  Digest digest;
  for (const Item& item : input.items) {
    const wire::Bytes bytes = item_bytes(item);
    digest.add(bytes.size());
    digest.add(bytes);
    const scenario::Segmentation& segmentation = segmentation_of(item);
    digest.add(segmentation.sizes.size());
    for (std::size_t size : segmentation.sizes) digest.add(size);
    digest.add(segmentation.chop);
    digest.add(static_cast<std::uint64_t>(segmentation.delay.count()));
  }
  return digest.value();
}

std::string digest_hex(std::uint64_t digest) {
  return fmt::format("{:016x}", digest);
}

LiveInput input_from_case(const scenario::Case& test_case) {
  LiveInput input;
  for (const scenario::LocatedStep& located : test_case.steps) {
    if (const auto* send = std::get_if<scenario::SendFrameStep>(&located.step)) {
      scenario::SendFrameStep explicit_send = *send;
      // The runner would pick a random key: fix one, so the bytes follow from the input.
      if (!explicit_send.unmasked && !explicit_send.frame.mask) {
        explicit_send.frame.mask = wire::MaskKey{0x37, 0xfa, 0x21, 0x3d};
      }
      input.items.emplace_back(std::move(explicit_send));
    } else if (const auto* raw = std::get_if<scenario::SendRawStep>(&located.step)) {
      input.items.emplace_back(*raw);
    }
  }
  return input;
}

}  // namespace wsconform::fuzz::live
