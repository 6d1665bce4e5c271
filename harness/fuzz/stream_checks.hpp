// Shared by the targets that compare parsers: messages in one shape, a failure that says what
// disagreed (libFuzzer then saves the input), and the close code each rule calls for.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/rfc_model.hpp"
#include "fuzz/wspp_stream.hpp"
#include "wire/bytes.hpp"
#include "wire/rules.hpp"

namespace wsconform::fuzz {

// Both stream targets read [limit][piece control] then a client's stream.
inline constexpr std::size_t kStreamPrefixSize = 2;
// The message size limit from the first byte: 125..16445, never below a control frame's largest
// payload, so the limit only bites data messages (websocketpp does not limit control frames).
inline std::uint64_t message_limit_from(std::uint8_t byte) {
  return 125 + std::uint64_t{byte} * 64;
}

[[noreturn]] inline void disagreement(const std::string& what) {
  std::fprintf(stderr, "fuzz disagreement: %s\n", what.c_str());
  std::abort();
}

inline std::vector<ModelMessage> messages_of(const std::vector<wspp::Message>& messages) {
  std::vector<ModelMessage> out;
  for (const wspp::Message& message : messages) {
    out.push_back({message.opcode, wire::bytes_of(message.payload)});
  }
  return out;
}

inline bool same_message(const ModelMessage& a, const ModelMessage& b) {
  return a.opcode == b.opcode && a.payload == b.payload;
}

// `prefix` is the first messages of `all` (equal when as long).
inline bool starts_with(const std::vector<ModelMessage>& all,
                        const std::vector<ModelMessage>& prefix) {
  return prefix.size() <= all.size() &&
         std::equal(prefix.begin(), prefix.end(), all.begin(), same_message);
}

inline bool same_messages(const std::vector<ModelMessage>& a, const std::vector<ModelMessage>& b) {
  return a.size() == b.size() && starts_with(a, b);
}

inline bool shares_rule(const std::vector<wire::Rule>& a, const std::vector<wire::Rule>& b) {
  return std::any_of(a.begin(), a.end(), [&](wire::Rule rule) {
    return std::find(b.begin(), b.end(), rule) != b.end();
  });
}

// Whether `code` is the close code one of `rules` calls for (rules.hpp).
inline bool code_of_any(const std::vector<wire::Rule>& rules, std::uint16_t code) {
  return std::any_of(rules.begin(), rules.end(),
                     [&](wire::Rule rule) { return wire::rule_info(rule).close_code == code; });
}

inline std::string frame_name(std::optional<std::size_t> frame) {
  return frame ? "frame " + std::to_string(*frame) : "no frame";
}

}  // namespace wsconform::fuzz
