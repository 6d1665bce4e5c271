// Payload forms of the scenario format (scenarios/README.md, "Payloads") and hex strings.
#pragma once

#include <cstdint>
#include <string_view>

#include "scenario/loader/context.hpp"
#include "wire/bytes.hpp"

namespace wsconform::scenario {

inline constexpr std::uint64_t kMaxPayloadSize = std::uint64_t{64} << 20;  // 64 MiB

// A plain string, {text}, {hex}, {repeat, count}, {repeat_hex, count}, {size, fill} or
// {concat: [...]}. The size is checked against kMaxPayloadSize before any byte is built.
wire::Bytes read_payload(const LoadContext& context, const yaml::Value& value,
                         std::string_view key);

// Hex digits; spaces, tabs, newlines and ':' between bytes are ignored.
wire::Bytes read_hex(const LoadContext& context, const yaml::Value& value, std::string_view key);

}  // namespace wsconform::scenario
