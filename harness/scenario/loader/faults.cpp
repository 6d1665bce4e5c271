#include "scenario/loader/faults.hpp"

#include <string>

#include "scenario/loader/expect.hpp"
#include "scenario/loader/steps.hpp"

namespace wsconform::scenario {
namespace {

constexpr std::uint64_t kMaxPeersPerGroup = 1000;
constexpr double kMaxCapacityFactor = 1000;
constexpr double kMaxRate = 1e7;

PeerGroup read_peer_group(const LoadContext& context, const yaml::Value& item) {
  const MapReader map(context, item, "peer",
                      {"name", "count", "when", "retry_within_ms", "steps", "expect"});
  PeerGroup group;
  group.name = read_string(context, map.required("name"), "name");
  if (const auto count = map.unsigned_integer("count", kMaxPeersPerGroup)) {
    if (*count == 0) context.fail(*map.get("count"), "'count' must be at least 1");
    group.count = static_cast<std::size_t>(*count);
  }
  if (const yaml::Value* when = map.get("when")) {
    const std::string text = read_string(context, *when, "when");
    if (text == "before") {
      group.when = PeerGroup::When::before;
    } else if (text == "after") {
      group.when = PeerGroup::When::after;
    } else {
      context.fail(*when, "expected before or after for 'when', got " + yaml::describe(*when));
    }
  }
  if (const yaml::Value* retry = map.get("retry_within_ms")) {
    if (group.when != PeerGroup::When::after) {
      context.fail(*retry, "'retry_within_ms' is for peers that connect 'after'");
    }
    if (retry->is_scalar() && retry->text == "profile") {
      group.reconnect_within_profile = true;
    } else {
      group.retry_within =
          milliseconds(read_unsigned(context, *retry, "retry_within_ms", kMaxMilliseconds));
    }
  }
  group.steps = read_steps(context, map.required("steps"));
  group.expect = read_expect(context, map.required("expect"));
  return group;
}

// A count written plainly, or {capacity_times: F} (then `factor` is set and the count left).
std::size_t read_scaled_count(const LoadContext& context, const MapReader& map,
                              std::string_view key, std::uint64_t max, std::size_t fallback,
                              double& factor) {
  const yaml::Value* value = map.get(key);
  if (value == nullptr) return fallback;
  if (value->is_map()) {
    const MapReader scaled(context, *value, std::string(key), {"capacity_times"});
    factor = read_number(context, scaled.required("capacity_times"), "capacity_times",
                         kMaxCapacityFactor);
    if (factor <= 0) context.fail(*value, "'capacity_times' must be above 0");
    return fallback;
  }
  return static_cast<std::size_t>(read_unsigned(context, *value, key, max));
}

}  // namespace

std::vector<PeerGroup> read_peers(const LoadContext& context, const yaml::Value& list) {
  std::vector<PeerGroup> peers;
  for (const yaml::Value& item : read_list(context, list, "peers")) {
    peers.push_back(read_peer_group(context, item));
  }
  if (peers.empty()) context.fail(list, "'peers' is empty (leave it out instead)");
  return peers;
}

BurstCase read_burst(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(
      context, value, "burst",
      {"connections", "concurrency", "connect_rate", "handshake", "messages", "message_size",
       "message_rate", "hold_ms", "duration_ms", "recover_within_ms"});
  BurstCase burst;
  BurstSpec& spec = burst.spec;
  spec.connections = read_scaled_count(context, map, "connections", kMaxBurstConnections,
                                       spec.connections, burst.connections_times_capacity);
  if (burst.connections_times_capacity == 0 && spec.connections == 0) {
    context.fail(*map.get("connections"), "'connections' must be at least 1");
  }
  burst.concurrency_written = map.get("concurrency") != nullptr;
  spec.concurrency = static_cast<std::size_t>(
      map.unsigned_integer("concurrency", kMaxBurstConnections).value_or(spec.connections));
  if (spec.concurrency == 0)
    context.fail(*map.get("concurrency"), "'concurrency' must be at least 1");
  if (const yaml::Value* rate = map.get("connect_rate")) {
    spec.connect_rate = read_number(context, *rate, "connect_rate", kMaxRate);
  }
  spec.handshake = map.boolean("handshake", true);
  spec.messages = read_scaled_count(context, map, "messages", kMaxBurstMessagesPerConnection,
                                    spec.messages, burst.messages_times_capacity);
  spec.message_size = static_cast<std::size_t>(
      map.unsigned_integer("message_size", kMaxBurstMessageSize).value_or(spec.message_size));
  // Each message carries its sequence number in its first 8 bytes, to check the echoes.
  if (spec.message_size < 8) {
    context.fail(*map.get("message_size"), "'message_size' must be at least 8");
  }
  if (const yaml::Value* rate = map.get("message_rate")) {
    spec.message_rate = read_number(context, *rate, "message_rate", kMaxRate);
  }
  spec.hold = milliseconds(map.unsigned_integer("hold_ms", kMaxMilliseconds).value_or(0));
  spec.duration = milliseconds(
      map.unsigned_integer("duration_ms", static_cast<std::uint64_t>(kMaxBurstDuration.count()))
          .value_or(static_cast<std::uint64_t>(spec.duration.count())));
  spec.recover_within =
      milliseconds(map.unsigned_integer("recover_within_ms", kMaxMilliseconds)
                       .value_or(static_cast<std::uint64_t>(spec.recover_within.count())));
  return burst;
}

}  // namespace wsconform::scenario
