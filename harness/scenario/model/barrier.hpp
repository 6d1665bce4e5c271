// Barrier pings: the runner proves "the server sent nothing else so far" with a ping whose payload
// starts with this prefix and waits for its pong. The judge ignores those pongs.
#pragma once

#include <algorithm>
#include <string_view>

#include "wire/bytes.hpp"

namespace wsconform::scenario {

inline constexpr std::string_view kBarrierPingPrefix = "wsconform-barrier:";

// The payload of the probe ping written right behind a frame that must fail the connection
// (SendFrameStep::probe): a pong to it shows the server went on as if nothing happened.
inline constexpr std::string_view kProbePingPayload = "wsconform-probe";

// True if `payload` is the answer to one of the harness's own barrier pings.
inline bool is_barrier_pong(wire::ByteView payload) {
  return payload.size() >= kBarrierPingPrefix.size() &&
         std::equal(kBarrierPingPrefix.begin(), kBarrierPingPrefix.end(), payload.begin());
}

}  // namespace wsconform::scenario
