// One input of a live campaign: what a client sends after the handshake, as a sequence of sends
// (a frame built from its fields, or raw bytes), each with its own TCP segmentation. Masks are
// always explicit, so the bytes on the wire follow from the input alone: the oracle judges exactly
// what the server receives, and a saved finding replays byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "scenario/model/case.hpp"
#include "wire/bytes.hpp"

namespace wsconform::fuzz::live {

using Item = std::variant<scenario::SendFrameStep, scenario::SendRawStep>;

struct LiveInput {
  std::vector<Item> items;
};

// The bytes the items put on the wire, in order.
wire::Bytes client_bytes(const LiveInput& input);
// The bytes of one item.
wire::Bytes item_bytes(const Item& item);
// A stable 64-bit digest of the input (bytes and segmentation): names files, tells inputs apart.
std::uint64_t input_digest(const LiveInput& input);
std::string digest_hex(std::uint64_t digest);  // 16 lower-case hex digits

// The items of a case (its send and send_raw steps, in order; every other step is left out).
LiveInput input_from_case(const scenario::Case& test_case);

}  // namespace wsconform::fuzz::live
