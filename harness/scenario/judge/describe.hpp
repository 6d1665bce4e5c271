// Plain-words descriptions for the judge's reasons: payloads, messages, close codes, what a case
// expected and what the server did. Internal to the judge (judge*.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"
#include "wire/bytes.hpp"

namespace wsconform::scenario::judge_detail {

// At most this many payload bytes are shown in a reason.
inline constexpr std::size_t kShownPayloadBytes = 32;

// "a", "a or b", "a, b or c" (with `last` = " or ").
std::string join_list(const std::vector<std::string>& items, std::string_view last);

// "\"Hello\"" for printable UTF-8, "hex 00 ff (2 bytes)" otherwise, "(empty)"; first 32 bytes.
std::string describe_payload(wire::ByteView payload);
// "text \"Hello\"", "binary hex 00 01 (2 bytes)".
std::string describe_message(std::uint8_t opcode, wire::ByteView payload);
// "no message", "1 message: text \"a\"", "4 messages: text \"a\", ... and 1 more".
std::string describe_messages(const std::vector<ExpectedMessage>& messages);
std::string describe_messages(const std::vector<ReceivedMessage>& messages);
// "no pong", "1 pong: \"a\"".
std::string describe_pongs(const std::vector<wire::Bytes>& pongs);
// "400 or 426", "4xx or 501": statuses as a scenario lists them.
std::string describe_statuses(const std::vector<int>& statuses);
// "1002 (Protocol Error)", or "1002" while the registry has no name for it.
std::string describe_close_code(std::uint16_t code);
// "HTTP 400 Bad Request".
std::string describe_response_status(const wire::HttpResponse& response);

// The server's pongs without the answers to the harness's own barrier pings.
// Whether a pong payload answers one of the case's pings: one it sent, or one `expectation` expects
// answered (§5.5.3: any other pong is unsolicited, and allowed).
bool answers_a_ping(const Transcript& t, const wire::Bytes& payload,
                    const Expectation& expectation);
std::vector<wire::Bytes> application_pongs(const Transcript& t, const Expectation& expectation);
// Whether the server answered the probe ping (SendFrameStep::probe).
bool probe_answered(const Transcript& t);
// The data messages the case sent, with their opcodes.
std::vector<ExpectedMessage> sent_messages(const Transcript& t);
// True if the server's data messages are exactly `expected` (opcode and payload, in order).
bool same_messages(const std::vector<ReceivedMessage>& received,
                   const std::vector<ExpectedMessage>& expected);

// What a set of conditions asks for: "close 1002 (Protocol Error) or a dropped connection".
std::string describe_expectation(const Expectation& expectation);
std::string describe_close_expectation(const CloseExpectation& close);
// The first echo_load round whose echo is wrong or missing, in words ("the echo of message 1 of 1
// (text, 65536 bytes) differs from byte 40: ..."); empty if every round planned came back intact.
std::string load_mismatch(const LoadRecord& load);
// How the server ended the connection, as a noun phrase: "close 1000 (Normal Closure)", "no close
// frame: the server dropped the connection (FIN)".
std::string describe_close_seen(const Transcript& t);
// What the server did, as one clause: "the server echoed the message and closed with 1000 ...".
// `expectation` selects what is worth mentioning (e.g. "sent no message" only if messages
// mattered).
std::string describe_server(const Transcript& t, const Expectation& expectation);

}  // namespace wsconform::scenario::judge_detail
