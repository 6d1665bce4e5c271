// The parts of a case that go beyond one connection (scenarios/README.md, "Faults and overload"):
// peer connections and bursts.
#pragma once

#include <vector>

#include "scenario/loader/context.hpp"
#include "scenario/model/case.hpp"

namespace wsconform::scenario {

// A non-empty list of peer groups ({name, count, when, retry_within_ms, steps, expect}).
std::vector<PeerGroup> read_peers(const LoadContext& context, const yaml::Value& list);
// {connections, concurrency, connect_rate, handshake, messages, message_size, message_rate,
// hold_ms, duration_ms, recover_within_ms}; connections and messages may be {capacity_times: F}.
BurstCase read_burst(const LoadContext& context, const yaml::Value& map);

}  // namespace wsconform::scenario
