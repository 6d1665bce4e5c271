#include "fuzz/live/mutator.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "wire/close_payload.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::SendFrameStep;
using scenario::SendRawStep;
namespace op = wire::opcode;

// UTF-8 edge sequences (RFC 3629 and the suite's §8.1 cases): valid multi-byte characters and
// their boundaries, and every way to be invalid (continuations alone, overlong forms, surrogates,
// beyond U+10FFFF, 5- and 6-byte forms, FE/FF, a character cut short).
constexpr std::array<std::string_view, 28> kUtf8Edges = {
    "\xc2\x80",
    "\xdf\xbf",
    "\xe0\xa0\x80",
    "\xef\xbf\xbf",
    "\xf0\x90\x80\x80",
    "\xf4\x8f\xbf\xbf",
    "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5",
    "\xe2\x82\xac",
    "\xf0\x9f\x98\x80",
    "\x80",
    "\xbf",
    "\xc0\x80",
    "\xc0\xaf",
    "\xc1\xbf",
    "\xe0\x80\xaf",
    "\xe0\x9f\xbf",
    "\xf0\x80\x80\xaf",
    "\xed\xa0\x80",
    "\xed\xbf\xbf",
    "\xf4\x90\x80\x80",
    "\xf5\x80\x80\x80",
    "\xf8\x88\x80\x80\x80",
    "\xfc\x84\x80\x80\x80\x80",
    "\xfe",
    "\xff",
    "\xe2\x82",
    "\xf0\x9f\x98",
    "\xc3"};

// Close codes at every boundary of §7.4: valid, reserved, sentinels, unassigned, out of range.
constexpr std::array<std::uint16_t, 26> kCloseCodes = {
    1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
    3999, 4000, 4999, 0,    999,  1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535};

constexpr std::array<std::size_t, 14> kSizes = {0,   1,   2,   3,   5,    16,    124,
                                                125, 126, 127, 128, 1000, 65535, 65536};

enum class Mutation : std::uint8_t {
  flip_fin,
  set_rsv,
  change_opcode,
  length_form,
  declared_length,
  truncate,
  mask,
  payload_utf8,
  payload_bytes,
  payload_size,
  segmentation,
  split_fragment,
  merge_fragments,
  insert_control,
  insert_data,
  insert_close,
  insert_random,
  remove_item,
  duplicate_item,
  swap_items,
  coalesce_items,
  split_raw,
  flip_raw_byte,
  splice,
  count,
};

// The mutations before `segmentation` change one frame's fields.
constexpr bool is_frame_level(Mutation m) {
  return m < Mutation::segmentation;
}

std::size_t input_size(const LiveInput& input) {
  return client_bytes(input).size();
}

}  // namespace

wire::MaskKey Mutator::mask_key() {
  if (percent(5)) return {0, 0, 0, 0};  // a zero key leaves the payload as it is
  const std::uint64_t bits = rng_();
  return {static_cast<std::uint8_t>(bits), static_cast<std::uint8_t>(bits >> 8),
          static_cast<std::uint8_t>(bits >> 16), static_cast<std::uint8_t>(bits >> 24)};
}

wire::Bytes Mutator::utf8_edge() {
  return wire::bytes_of(kUtf8Edges[below(kUtf8Edges.size())]);
}

wire::Bytes Mutator::text_payload() {
  static constexpr std::array<std::string_view, 6> kWords = {
      "Hello", "wsconform", "fuzz", "", " ", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"};
  wire::Bytes text;
  const std::size_t words = below(4);
  for (std::size_t i = 0; i < words; ++i) {
    const wire::Bytes word =
        percent(85) ? wire::bytes_of(kWords[below(kWords.size())]) : utf8_edge();
    text.insert(text.end(), word.begin(), word.end());
  }
  if (percent(10)) text.resize(kSizes[below(kSizes.size())], 'a');
  return text;
}

wire::Bytes Mutator::binary_payload(std::size_t max_size) {
  wire::Bytes bytes(std::min<std::size_t>(below(max_size + 1), max_size));
  for (auto& byte : bytes) byte = static_cast<std::uint8_t>(rng_());
  return bytes;
}

SendFrameStep Mutator::frame(std::uint8_t opcode, wire::Bytes payload, bool fin) {
  SendFrameStep send;
  send.frame.opcode = opcode;
  send.frame.fin = fin;
  send.frame.payload = std::move(payload);
  send.frame.mask = mask_key();
  return send;
}

SendFrameStep Mutator::close_frame() {
  if (percent(10)) return frame(op::close, {});                                // empty body
  if (percent(5)) return frame(op::close, {static_cast<std::uint8_t>(0x03)});  // 1 byte
  const std::uint16_t code =
      percent(75) ? kCloseCodes[below(16)] : kCloseCodes[below(kCloseCodes.size())];
  std::string reason;
  const std::uint64_t kind = below(20);
  if (kind < 8) {
    reason = "";
  } else if (kind < 14) {
    reason = "bye";
  } else if (kind < 16) {
    reason = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";
  } else if (kind < 18) {
    reason = "ok" + wire::string_of(utf8_edge());
  } else {
    reason.assign(122 + below(3), 'r');  // bodies of 124-126 bytes: the control limit is 125
  }
  return frame(op::close, wire::encode_close_payload(code, reason));
}

SendFrameStep Mutator::random_frame() {
  const std::uint64_t kind = below(100);
  if (kind < 35) return frame(op::text, text_payload());
  if (kind < 55) return frame(op::binary, binary_payload(percent(10) ? 2000 : 32));
  if (kind < 67) return frame(op::ping, binary_payload(percent(5) ? 130 : 16));
  if (kind < 74) return frame(op::pong, binary_payload(16));
  if (kind < 80) return close_frame();
  if (kind < 92) return frame(op::continuation, text_payload(), percent(60));
  static constexpr std::array<std::uint8_t, 10> kReserved = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15};
  return frame(kReserved[below(kReserved.size())], binary_payload(8));
}

scenario::Segmentation& Mutator::segmentation_of(Item& item) {
  return std::visit([](auto& step) -> scenario::Segmentation& { return step.segmentation; }, item);
}

SendRawStep Mutator::coalesce(const LiveInput& input, std::size_t first, std::size_t count) {
  SendRawStep raw;
  for (std::size_t i = first; i < first + count; ++i) {
    const wire::Bytes bytes = item_bytes(input.items[i]);
    raw.bytes.insert(raw.bytes.end(), bytes.begin(), bytes.end());
  }
  return raw;
}

void Mutator::mutate_frame(unsigned op_code, SendFrameStep& send) {
  wire::FrameSpec& f = send.frame;
  switch (static_cast<Mutation>(op_code)) {
    case Mutation::flip_fin:
      f.fin = !f.fin;
      break;
    case Mutation::set_rsv: {
      const std::uint64_t bit = below(3);
      bool& rsv = bit == 0 ? f.rsv1 : bit == 1 ? f.rsv2 : f.rsv3;
      rsv = !rsv;
      break;
    }
    case Mutation::change_opcode: {
      static constexpr std::array<std::uint8_t, 6> kCommon = {0, 1, 2, 8, 9, 10};
      f.opcode =
          percent(70) ? kCommon[below(kCommon.size())] : static_cast<std::uint8_t>(below(16));
      break;
    }
    case Mutation::length_form: {
      static constexpr std::array<wire::LengthForm, 4> kForms = {
          wire::LengthForm::minimal, wire::LengthForm::short7, wire::LengthForm::medium16,
          wire::LengthForm::long64};
      f.length_form = kForms[below(kForms.size())];
      break;
    }
    case Mutation::declared_length: {
      const std::uint64_t size = f.payload.size();
      const std::uint64_t kind = below(10);
      if (kind < 5) {
        f.declared_length = size + 1 + below(8);  // waits for bytes that follow
      } else if (kind < 7) {
        f.declared_length = size > 0 ? size - 1 - below(std::min<std::uint64_t>(size, 8)) : 0;
      } else if (kind < 9) {
        f.declared_length = (std::uint64_t{1} << 63) + below(16);  // the top bit (§5.2)
        f.length_form = wire::LengthForm::long64;
      } else {
        f.declared_length = ~std::uint64_t{0} - below(4);  // wraps a careless size check
        f.length_form = wire::LengthForm::long64;
      }
      break;
    }
    case Mutation::truncate:
      f.truncate_at = static_cast<std::size_t>(below(2 + 8 + 4 + f.payload.size()));
      break;
    case Mutation::mask: {
      const std::uint64_t kind = below(20);
      if (kind == 0) {
        send.unmasked = !send.unmasked;  // §5.1: a client MUST mask
        if (send.unmasked) f.mask.reset();
      } else if (kind == 1 && !send.unmasked) {
        f.apply_mask = !f.apply_mask;  // the key is written, the payload left as it is
      }
      if (!send.unmasked) f.mask = mask_key();
      break;
    }
    case Mutation::payload_utf8: {
      const wire::Bytes edge = utf8_edge();
      const std::uint64_t where = below(3);
      const std::size_t at = where == 0   ? 0
                             : where == 1 ? f.payload.size()
                                          : below(f.payload.size() + 1);
      f.payload.insert(f.payload.begin() + static_cast<std::ptrdiff_t>(at), edge.begin(),
                       edge.end());
      break;
    }
    case Mutation::payload_bytes: {
      if (f.payload.empty() || percent(30)) {
        const wire::Bytes more = binary_payload(8);
        const std::size_t at = below(f.payload.size() + 1);
        f.payload.insert(f.payload.begin() + static_cast<std::ptrdiff_t>(at), more.begin(),
                         more.end());
      } else if (percent(50)) {
        f.payload[below(f.payload.size())] ^= static_cast<std::uint8_t>(1u << below(8));
      } else {
        const std::size_t at = below(f.payload.size());
        const std::size_t count = 1 + below(std::min<std::size_t>(8, f.payload.size() - at));
        f.payload.erase(f.payload.begin() + static_cast<std::ptrdiff_t>(at),
                        f.payload.begin() + static_cast<std::ptrdiff_t>(at + count));
      }
      break;
    }
    case Mutation::payload_size: {
      const std::size_t size = kSizes[below(kSizes.size())];
      const std::uint8_t fill = f.payload.empty() ? 'a' : f.payload.back();
      f.payload.resize(size, fill);
      f.declared_length.reset();
      break;
    }
    default:
      break;
  }
}

void Mutator::apply(unsigned op_code, LiveInput& input, const LiveInput& donor) {
  auto& items = input.items;
  const auto mutation = static_cast<Mutation>(op_code);
  const auto at = [&](std::size_t bound) { return static_cast<std::ptrdiff_t>(below(bound)); };
  // Frame items, by index, for the mutations that need one.
  std::vector<std::size_t> frames;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (std::holds_alternative<SendFrameStep>(items[i])) frames.push_back(i);
  }
  std::vector<std::size_t> raws;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (std::holds_alternative<SendRawStep>(items[i])) raws.push_back(i);
  }

  if (is_frame_level(mutation)) {
    if (frames.empty()) return;
    mutate_frame(op_code, std::get<SendFrameStep>(items[frames[below(frames.size())]]));
    return;
  }
  switch (mutation) {
    case Mutation::segmentation: {
      if (items.empty()) return;
      scenario::Segmentation& segmentation = segmentation_of(items[below(items.size())]);
      const std::uint64_t kind = below(10);
      segmentation = {};
      if (kind < 3) {
        segmentation.chop = 1 + below(3);  // byte by byte, or in pairs and triples
      } else if (kind < 8) {
        const std::size_t cuts = 1 + below(3);
        for (std::size_t i = 0; i < cuts; ++i) segmentation.sizes.push_back(1 + below(9));
      }
      if (percent(5)) segmentation.delay = std::chrono::milliseconds(1 + below(2));  // a pause
      break;
    }
    case Mutation::split_fragment: {
      if (frames.empty()) return;
      const std::size_t index = frames[below(frames.size())];
      SendFrameStep first = std::get<SendFrameStep>(items[index]);
      if (wire::is_control_opcode(first.frame.opcode) || first.frame.payload.size() < 2) return;
      const std::size_t cut = 1 + below(first.frame.payload.size() - 1);  // may cut a character
      SendFrameStep second = frame(op::continuation, {}, first.frame.fin);
      second.frame.payload.assign(first.frame.payload.begin() + static_cast<std::ptrdiff_t>(cut),
                                  first.frame.payload.end());
      first.frame.payload.resize(cut);
      first.frame.fin = false;
      first.frame.declared_length.reset();
      items[index] = std::move(first);
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(second));
      break;
    }
    case Mutation::merge_fragments: {
      for (std::size_t i = 0; i + 1 < items.size(); ++i) {
        auto* a = std::get_if<SendFrameStep>(&items[i]);
        auto* b = std::get_if<SendFrameStep>(&items[i + 1]);
        if (a == nullptr || b == nullptr || a->frame.fin || b->frame.opcode != op::continuation)
          continue;
        a->frame.payload.insert(a->frame.payload.end(), b->frame.payload.begin(),
                                b->frame.payload.end());
        a->frame.fin = b->frame.fin;
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        break;
      }
      break;
    }
    case Mutation::insert_control:
      items.insert(items.begin() + at(items.size() + 1),
                   frame(percent(70) ? op::ping : op::pong, binary_payload(percent(5) ? 130 : 12)));
      break;
    case Mutation::insert_data:
      items.insert(
          items.begin() + at(items.size() + 1),
          percent(60) ? frame(op::text, text_payload()) : frame(op::binary, binary_payload(64)));
      break;
    case Mutation::insert_close:
      if (!items.empty() && percent(40)) {
        items[below(items.size())] = close_frame();
      } else {
        items.insert(items.begin() + at(items.size() + 1), close_frame());
      }
      break;
    case Mutation::insert_random:
      items.insert(items.begin() + at(items.size() + 1), random_frame());
      break;
    case Mutation::remove_item:
      if (!items.empty()) items.erase(items.begin() + at(items.size()));
      break;
    case Mutation::duplicate_item: {
      if (items.empty()) return;
      const std::size_t index = below(items.size());
      Item copy = items[index];
      if (auto* send = std::get_if<SendFrameStep>(&copy); send && !send->unmasked) {
        send->frame.mask = mask_key();  // §5.3: a fresh key per frame
      }
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(copy));
      break;
    }
    case Mutation::swap_items:
      if (items.size() >= 2) {
        const std::size_t index = below(items.size() - 1);
        std::swap(items[index], items[index + 1]);
      }
      break;
    case Mutation::coalesce_items: {
      if (items.size() < 2) return;
      const std::size_t count = 2 + below(std::min<std::size_t>(3, items.size() - 1));
      const std::size_t first = below(items.size() - count + 1);
      SendRawStep raw = coalesce(input, first, count);  // several frames in one TCP write
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(first),
                  items.begin() + static_cast<std::ptrdiff_t>(first + count));
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(first), std::move(raw));
      break;
    }
    case Mutation::split_raw: {
      if (raws.empty()) return;
      const std::size_t index = raws[below(raws.size())];
      SendRawStep& raw = std::get<SendRawStep>(items[index]);
      if (raw.bytes.size() < 2) return;
      SendRawStep tail;
      const std::size_t cut = 1 + below(raw.bytes.size() - 1);
      tail.bytes.assign(raw.bytes.begin() + static_cast<std::ptrdiff_t>(cut), raw.bytes.end());
      raw.bytes.resize(cut);
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(tail));
      break;
    }
    case Mutation::flip_raw_byte: {
      if (raws.empty()) return;
      SendRawStep& raw = std::get<SendRawStep>(items[raws[below(raws.size())]]);
      if (!raw.bytes.empty())
        raw.bytes[below(raw.bytes.size())] ^= static_cast<std::uint8_t>(1u << below(8));
      break;
    }
    case Mutation::splice: {
      if (donor.items.empty()) return;
      const std::size_t keep = below(items.size() + 1);
      const std::size_t from = below(donor.items.size());
      items.resize(keep);
      items.insert(items.end(), donor.items.begin() + static_cast<std::ptrdiff_t>(from),
                   donor.items.end());
      break;
    }
    default:
      break;
  }
}

// Bounds how long the case's own writes take, whatever the mutations did: at most kMaxPieces TCP
// writes for an item, and pauses only between a few of them (a server cannot be asked to answer
// before the client has finished sending).
void bound_segmentation(Item& item) {
  constexpr std::size_t kMaxPieces = 512;
  constexpr std::size_t kMaxPausedPieces = 8;
  const std::size_t size = item_bytes(item).size();
  auto& segmentation =
      std::visit([](auto& step) -> scenario::Segmentation& { return step.segmentation; }, item);
  if (segmentation.chop != 0 && size / segmentation.chop >= kMaxPieces) {
    segmentation.chop = size / kMaxPieces + 1;
  }
  const std::size_t pieces =
      segmentation.chop != 0 ? size / segmentation.chop + 1 : segmentation.sizes.size() + 1;
  if (pieces > kMaxPausedPieces) segmentation.delay = std::chrono::milliseconds(0);
}

LiveInput Mutator::mutate(const LiveInput& parent, const LiveInput& donor) {
  LiveInput child = parent;
  const std::size_t stacked = 1 + below(4);
  for (std::size_t i = 0; i < stacked; ++i) {
    apply(static_cast<unsigned>(below(static_cast<std::uint64_t>(Mutation::count))), child, donor);
  }
  if (child.items.empty()) child.items.emplace_back(random_frame());
  if (child.items.size() > kMaxItems) child.items.resize(kMaxItems);
  while (child.items.size() > 1 && input_size(child) > kMaxInputBytes) child.items.pop_back();
  for (Item& item : child.items) bound_segmentation(item);
  return child;
}

}  // namespace wsconform::fuzz::live
