// What the server sends back: echoes, pongs, close replies and failure codes, each bent the way
// the broken and liberal modes say.
#pragma once

#include <cstdint>
#include <optional>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "wire/bytes.hpp"
#include "wire/rules.hpp"

namespace wsconform::raw_server {

// The payload of the echo of a data message.
// `number`: the message's place on its connection, from 1.
wire::Bytes echo_payload(wire::ByteView received, std::size_t number, const BrokenModes& modes);

// The payload of the pong answering a ping (§5.5.3: identical application data).
wire::Bytes pong_payload(wire::ByteView ping, const BrokenModes& modes);

// The code of the close frame answering a client's close (nullopt: an empty body). §5.5.1: the
// endpoint typically echoes the status code it received.
std::optional<std::uint16_t> close_reply_code(std::optional<std::uint16_t> received,
                                              const BrokenModes& modes,
                                              const LiberalModes& liberties);

// The code of the close frame sent when failing the connection for breaking `rule` (§7.1.7).
std::uint16_t failure_close_code(wire::Rule rule, const BrokenModes& modes,
                                 const LiberalModes& liberties);

}  // namespace wsconform::raw_server
