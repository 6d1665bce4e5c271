// The session as a pure state machine: bytes in, bytes out. Every broken mode is shown to change
// one exchange, against the same exchange with the correct server; every liberal mode is shown
// doing what it does, against the same exchanges with the strict server.
#include "reference/raw_server/session.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "wire/close_payload.hpp"
#include "wire/frame.hpp"
#include "wire/http.hpp"

namespace wsconform::raw_server {

// GoogleTest prints a liberal mode by its name (the parameterized tests' parameter).
void PrintTo(LiberalMode mode, std::ostream* os) {
  *os << liberal_mode_name(mode);
}

namespace {

using wire::Bytes;
namespace opcode = wire::opcode;

constexpr std::string_view kUpgradeRequest =
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
constexpr wire::MaskKey kMask = {0x12, 0x34, 0x56, 0x78};

// ---- the client side -----------------------------------------------------------------------

wire::FrameSpec client_spec(std::uint8_t op, std::string_view payload, bool fin = true) {
  return wire::make_frame(op, wire::view_of(payload), kMask, fin);
}

Bytes encode(const wire::FrameSpec& spec) {
  return wire::encode_frame(spec);
}
Bytes client_frame(std::uint8_t op, std::string_view payload, bool fin = true) {
  return encode(client_spec(op, payload, fin));
}
Bytes client_close(std::optional<std::uint16_t> code, std::string_view reason = {}) {
  const Bytes body = wire::encode_close_payload(code, reason);
  return client_frame(opcode::close, wire::string_of(body));
}
Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const Bytes& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

// ---- the server side -----------------------------------------------------------------------

// A payload as a short readable string: 'text' when printable ASCII, hex otherwise, a size and
// the last byte when long.
std::string show_payload(const Bytes& payload) {
  if (payload.size() > 32) {
    return fmt::format("[{} bytes ending {:02x}]", payload.size(), payload.back());
  }
  const bool printable = std::all_of(payload.begin(), payload.end(),
                                     [](std::uint8_t byte) { return byte >= 0x20 && byte < 0x7f; });
  return printable ? fmt::format("'{}'", wire::string_of(payload)) : wire::to_hex(payload);
}

// Reads the unmasked frames a server wrote (a lenient test-only reader: a broken server may write
// frames the strict decoder refuses) and describes them with the rest of the output:
// "text 'Hi', close 1002, FIN".
// 64 KiB of 'a': corrupt-long-echo flips its last byte's low bit (0x61 becomes 0x60).
const std::string kLongText(64 * 1024, 'a');

std::string describe(const SessionOutput& output) {
  std::vector<std::string> parts;
  wire::ByteView bytes = output.bytes;
  while (bytes.size() >= 2) {
    const std::uint8_t op = bytes[0] & 0x0F;
    std::uint64_t length = bytes[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126 || length == 127) {
      const std::size_t extended = length == 126 ? 2 : 8;
      length = 0;
      for (std::size_t i = 0; i < extended; ++i) length = (length << 8) | bytes[2 + i];
      header += extended;
    }
    if ((bytes[1] & 0x80) != 0 || bytes.size() < header + length) return "unreadable output";
    const Bytes payload(bytes.begin() + header, bytes.begin() + header + length);
    bytes = bytes.subspan(header + length);
    if (op == opcode::close) {
      parts.push_back(payload.size() >= 2 ? fmt::format("close {}", (payload[0] << 8) | payload[1])
                                          : "close (empty)");
    } else {
      parts.push_back(fmt::format("{} {}", wire::opcode_name(op), show_payload(payload)));
    }
  }
  if (!bytes.empty()) return "unreadable output";
  if (output.wake_after) parts.push_back(fmt::format("wake {}ms", output.wake_after->count()));
  if (output.end_tcp) parts.push_back("FIN");
  return fmt::format("{}", fmt::join(parts, ", "));
}

Session open_session_with(SessionOptions options) {
  Session session(std::move(options));
  const SessionOutput output = session.on_receive(wire::view_of(kUpgradeRequest));
  EXPECT_EQ(wire::string_of(output.bytes).substr(0, 12), "HTTP/1.1 101");
  EXPECT_EQ(session.phase(), Session::Phase::open);
  return session;
}

Session open_session(BrokenModes modes = {}, std::uint64_t max_message_size = 16u << 20) {
  return open_session_with(
      SessionOptions{.modes = std::move(modes), .max_message_size = max_message_size});
}

Session open_liberal(LiberalModes liberties, std::uint64_t max_message_size = 16u << 20) {
  return open_session_with(
      SessionOptions{.liberties = std::move(liberties), .max_message_size = max_message_size});
}

std::string answer_to(Session& session, const Bytes& input) {
  return describe(session.on_receive(input));
}

// ---- the correct server --------------------------------------------------------------------

TEST(Session, HandshakeArrivingByteByByteIsAnswered101Once) {
  Session session(SessionOptions{});
  std::string answered;
  for (char byte : kUpgradeRequest) {
    answered +=
        wire::string_of(session.on_receive(wire::view_of(std::string_view(&byte, 1))).bytes);
  }
  EXPECT_EQ(answered.substr(0, 12), "HTTP/1.1 101");
  EXPECT_EQ(answered.find("HTTP/1.1", 1), std::string::npos);
  EXPECT_EQ(session.phase(), Session::Phase::open);
}

TEST(Session, FramesRightBehindTheRequestAreProcessed) {
  Session session(SessionOptions{});
  const Bytes input =
      concat({wire::bytes_of(kUpgradeRequest), client_frame(opcode::text, "early")});
  const SessionOutput output = session.on_receive(input);
  const std::string text = wire::string_of(output.bytes);
  const std::size_t head_end = text.find("\r\n\r\n") + 4;
  SessionOutput frames;
  frames.bytes = wire::bytes_of(text.substr(head_end));
  EXPECT_EQ(describe(frames), "text 'early'");
}

TEST(Session, AMalformedOrOversizedRequestGets400AndFin) {
  for (const std::string& request :
       {std::string("GARBAGE\r\n\r\n"), "GET / HTTP/1.1\r\nX: " + std::string(17000, 'a')}) {
    Session session(SessionOptions{});
    const SessionOutput output = session.on_receive(wire::view_of(request));
    EXPECT_EQ(wire::string_of(output.bytes).substr(0, 12), "HTTP/1.1 400");
    EXPECT_TRUE(output.end_tcp);
    EXPECT_EQ(session.phase(), Session::Phase::ended);
  }
}

TEST(Session, EchoesEachMessageWithItsOpcode) {
  Session session = open_session();
  EXPECT_EQ(answer_to(session, client_frame(opcode::text, "Hello")), "text 'Hello'");
  EXPECT_EQ(answer_to(session, client_frame(opcode::binary, "\x01\x02")), "binary 0102");
  EXPECT_EQ(answer_to(session, client_frame(opcode::text, "")), "text ''");
}

TEST(Session, ReassemblesFragmentsAndAnswersAPingBetweenThem) {
  Session session = open_session();
  EXPECT_EQ(answer_to(session, client_frame(opcode::text, "Hel", false)), "");
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "p")), "pong 'p'");
  EXPECT_EQ(answer_to(session, client_frame(opcode::continuation, "lo")), "text 'Hello'");
}

TEST(Session, ValidUtf8SplitAcrossFragmentsIsEchoedWhole) {
  Session session = open_session();
  EXPECT_EQ(answer_to(session, concat({client_frame(opcode::text, "\xce", false),
                                       client_frame(opcode::continuation, "\xba")})),
            "text ceba");
}

TEST(Session, PongsAreIgnored) {
  Session session = open_session();
  EXPECT_EQ(answer_to(session, client_frame(opcode::pong, "unsolicited")), "");
}

TEST(Session, CloseIsAnsweredWithItsCodeThenFinAndNothingBehindItIsProcessed) {
  Session session = open_session();
  EXPECT_EQ(
      answer_to(session, concat({client_close(3000, "bye"), client_frame(opcode::ping, "p")})),
      "close 3000, FIN");
  EXPECT_EQ(session.phase(), Session::Phase::ended);
  EXPECT_GT(session.discarded_bytes(), 0u);
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "p")), "");
}

TEST(Session, AnEmptyCloseIsAnsweredWithAnEmptyClose) {
  Session session = open_session();
  EXPECT_EQ(answer_to(session, client_close(std::nullopt)), "close (empty), FIN");
}

TEST(Session, AViolationFailsWithItsRuleCodeAndNothingBehindItIsProcessed) {
  Session session = open_session();
  wire::FrameSpec reserved = client_spec(3, "");
  EXPECT_EQ(answer_to(session, concat({encode(reserved), client_frame(opcode::ping, "p")})),
            "close 1002, FIN");
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "p")), "");

  Session utf8 = open_session();
  EXPECT_EQ(answer_to(utf8, client_frame(opcode::text, "\xff")), "close 1007, FIN");
  Session close_reason = open_session();
  EXPECT_EQ(answer_to(close_reason, client_close(1000, "\xff")), "close 1007, FIN");
  Session close_code = open_session();
  EXPECT_EQ(answer_to(close_code, client_close(1005)), "close 1002, FIN");
}

TEST(Session, FramesAndMessagesOverTheLimitFailWith1009) {
  Session big_frame = open_session({}, 1024);
  EXPECT_EQ(answer_to(big_frame, client_frame(opcode::binary, std::string(1025, 'a'))),
            "close 1009, FIN");
  Session big_message = open_session({}, 1024);
  EXPECT_EQ(answer_to(big_message, client_frame(opcode::binary, std::string(600, 'a'), false)), "");
  EXPECT_EQ(answer_to(big_message, client_frame(opcode::continuation, std::string(600, 'a'))),
            "close 1009, FIN");
}

TEST(Session, AFrameAtTheLimitArrivingInPiecesIsEchoed) {
  Session session = open_session({}, 1024);
  const Bytes frame = client_frame(opcode::binary, std::string(1024, 'a'));
  EXPECT_EQ(answer_to(session, Bytes(frame.begin(), frame.end() - 2)), "");
  EXPECT_EQ(answer_to(session, Bytes(frame.end() - 2, frame.end())),
            "binary [1024 bytes ending 61]");
}

TEST(Session, TheClientEndingTcpEndsTheSessionSilently) {
  Session session = open_session();
  EXPECT_EQ(describe(session.on_client_end()), "FIN");
  EXPECT_EQ(session.phase(), Session::Phase::ended);
  EXPECT_EQ(describe(session.on_client_end()), "");
}

// ---- each broken mode against the same exchange with the correct server --------------------

struct ModeExchange {
  BrokenMode mode;
  std::string what;
  Bytes input;
  std::string correct;  // what the correct server answers
  std::string broken;   // what the server in `mode` answers
};

Bytes with(wire::FrameSpec spec, const std::function<void(wire::FrameSpec&)>& change) {
  change(spec);
  return encode(spec);
}

std::vector<ModeExchange> mode_exchanges() {
  const Bytes ping = client_frame(opcode::ping, "p");
  return {
      {BrokenMode::accept_unmasked, "unmasked text",
       with(client_spec(opcode::text, "Hi"), [](auto& s) { s.mask.reset(); }), "close 1002, FIN",
       "text 'Hi'"},
      {BrokenMode::ignore_rsv, "RSV1 on text",
       with(client_spec(opcode::text, "Hi"), [](auto& s) { s.rsv1 = true; }), "close 1002, FIN",
       "text 'Hi'"},
      {BrokenMode::ignore_reserved_opcodes, "opcode 3 then a ping",
       concat({client_frame(3, "x"), ping}), "close 1002, FIN", "pong 'p'"},
      {BrokenMode::ignore_reserved_opcodes, "opcode 0xB then a ping",
       concat({client_frame(0xB, "x"), ping}), "close 1002, FIN", "pong 'p'"},
      {BrokenMode::allow_long_control, "a 126-byte ping",
       client_frame(opcode::ping, std::string(126, 'a')), "close 1002, FIN",
       "pong [126 bytes ending 61]"},
      {BrokenMode::allow_fragmented_control, "a ping with FIN clear",
       client_frame(opcode::ping, "p", false), "close 1002, FIN", "pong 'p'"},
      {BrokenMode::ignore_bad_continuation, "an orphan continuation then a ping",
       concat({client_frame(opcode::continuation, "x"), ping}), "close 1002, FIN", "pong 'p'"},
      {BrokenMode::ignore_bad_continuation, "a text frame inside a fragmented message",
       concat({client_frame(opcode::text, "old", false), client_frame(opcode::text, "new")}),
       "close 1002, FIN", "text 'new'"},
      {BrokenMode::accept_length_top_bit, "2^63 + 2 declared, 2 bytes sent",
       with(client_spec(opcode::text, "Hi"),
            [](auto& s) {
              s.length_form = wire::LengthForm::long64;
              s.declared_length = (std::uint64_t{1} << 63) + 2;
            }),
       "close 1002, FIN", "text 'Hi'"},
      {BrokenMode::drop_non_minimal_frames, "2 bytes with a 16-bit length, then a ping",
       concat({with(client_spec(opcode::text, "Hi"),
                    [](auto& s) { s.length_form = wire::LengthForm::medium16; }),
               ping}),
       "close 1002, FIN", "pong 'p'"},
      {BrokenMode::stall_on_huge_frame, "2^40 declared, then a ping",
       concat({with(client_spec(opcode::binary, "x"),
                    [](auto& s) {
                      s.length_form = wire::LengthForm::long64;
                      s.declared_length = std::uint64_t{1} << 40;
                    }),
               ping}),
       "close 1009, FIN", ""},
      {BrokenMode::no_utf8_check, "text that is not UTF-8", client_frame(opcode::text, "\xff"),
       "close 1007, FIN", "text ff"},
      {BrokenMode::utf8_per_frame, "a character split across fragments",
       concat(
           {client_frame(opcode::text, "\xce", false), client_frame(opcode::continuation, "\xba")}),
       "text ceba", "close 1007, FIN"},
      {BrokenMode::no_close_reason_utf8_check, "a close reason that is not UTF-8",
       client_close(1000, "\xff"), "close 1007, FIN", "close 1000, FIN"},
      {BrokenMode::accept_one_byte_close, "a 1-byte close body",
       client_frame(opcode::close, "\x03"), "close 1002, FIN", "close (empty), FIN"},
      {BrokenMode::accept_invalid_close_codes, "close 1005", client_close(1005), "close 1002, FIN",
       "close 1005, FIN"},
      {BrokenMode::reject_valid_close_codes, "close 3000", client_close(3000), "close 3000, FIN",
       "close 1002, FIN"},
      {BrokenMode::send_unsendable_codes, "an empty close", client_close(std::nullopt),
       "close (empty), FIN", "close 1005, FIN"},
      {BrokenMode::send_unsendable_codes, "opcode 3", client_frame(3, ""), "close 1002, FIN",
       "close 1006, FIN"},
      {BrokenMode::no_close_reply, "close 1000", client_close(1000), "close 1000, FIN", "FIN"},
      {BrokenMode::keep_tcp_open, "close 1000", client_close(1000), "close 1000, FIN",
       "close 1000, wake 10000ms"},
      {BrokenMode::process_after_close, "close 1000 then text",
       concat({client_close(1000), client_frame(opcode::text, "late")}), "close 1000, FIN",
       "text 'late', wake 100ms"},
      {BrokenMode::corrupt_echo, "text", client_frame(opcode::text, "Hi"), "text 'Hi'",
       "text 'Hi!'"},
      {BrokenMode::corrupt_long_echo, "a 64 KiB text", client_frame(opcode::text, kLongText),
       "text [65536 bytes ending 61]", "text [65536 bytes ending 60]"},
      {BrokenMode::echo_fragments_separately, "two fragments",
       concat({client_frame(opcode::text, "He", false), client_frame(opcode::continuation, "llo")}),
       "text 'Hello'", "text 'He', text 'llo'"},
      {BrokenMode::no_pong, "a ping", ping, "pong 'p'", ""},
      {BrokenMode::wrong_pong_payload, "a ping", ping, "pong 'p'", "pong 'q'"},
      {BrokenMode::wrong_pong_payload, "an empty ping", client_frame(opcode::ping, ""), "pong ''",
       "pong 'x'"},
  };
}

TEST(SessionBrokenModes, EachModeChangesItsExchangeAndOnlyThatMode) {
  for (const ModeExchange& test : mode_exchanges()) {
    SCOPED_TRACE(fmt::format("{}: {}", broken_mode_name(test.mode), test.what));
    Session correct = open_session();
    EXPECT_EQ(answer_to(correct, test.input), test.correct);
    Session broken = open_session({test.mode});
    EXPECT_EQ(answer_to(broken, test.input), test.broken);
  }
}

TEST(SessionBrokenModes, EveryFramingAndDataModeHasAnExchange) {
  std::set<BrokenMode> covered;
  for (const ModeExchange& test : mode_exchanges()) covered.insert(test.mode);
  for (std::string_view name : broken_mode_names()) {
    const BrokenMode mode = *parse_broken_mode(name);
    const bool handshake_mode =
        mode == BrokenMode::accept_any_handshake || mode == BrokenMode::wrong_accept ||
        mode == BrokenMode::strict_header_matching || mode == BrokenMode::no_version_header;
    // The handshake modes are shown in handshake_test.cpp, the stall-* modes below, and
    // unbounded-write-queue (the connection's, not the session's) by faults/network/never-reads
    // in the suite's strict and broken legs.
    const bool stall_mode =
        mode == BrokenMode::stall_after_reset || mode == BrokenMode::stall_after_half_close ||
        mode == BrokenMode::stall_on_slow_frame || mode == BrokenMode::stall_on_slow_handshake ||
        mode == BrokenMode::unbounded_write_queue;
    if (!handshake_mode && !stall_mode) {
      EXPECT_TRUE(covered.contains(mode)) << name;
    }
  }
}

// A bystander upgraded first, then what `culprit_does` to a second connection of the same server
// in `mode`: what the bystander's echo of "Hi" is afterwards ("" once the server is frozen).
std::string bystander_after(BrokenModes modes,
                            const std::function<void(Session& culprit)>& culprit_does,
                            bool culprit_upgrades = true) {
  const auto latch = std::make_shared<StallLatch>();
  Session bystander = open_session_with(SessionOptions{.modes = modes, .stall = latch});
  Session culprit = culprit_upgrades
                        ? open_session_with(SessionOptions{.modes = modes, .stall = latch})
                        : Session(SessionOptions{.modes = modes, .stall = latch});
  culprit_does(culprit);
  return answer_to(bystander, client_frame(opcode::text, "Hi"));
}

TEST(SessionBrokenModes, EachStallModeFreezesTheServerForItsFaultOnly) {
  const Bytes frame = client_frame(opcode::text, "Hello");
  const Bytes header_start(frame.begin(), frame.begin() + 2);
  const auto reset_mid_frame = [&](Session& culprit) {
    culprit.on_receive(Bytes(frame.begin(), frame.begin() + 3));
    culprit.on_client_reset();
  };
  const auto fin_mid_message = [](Session& culprit) {
    culprit.on_receive(client_frame(opcode::text, "He", false));
    culprit.on_client_end();
  };
  const auto slow_frame = [&](Session& culprit) {
    EXPECT_EQ(describe(culprit.on_receive(header_start)), "wake 300ms");
    culprit.on_timer();
  };
  const auto slow_handshake = [](Session& culprit) {
    EXPECT_EQ(describe(culprit.on_receive(wire::bytes_of(kUpgradeRequest.substr(0, 20)))),
              "wake 300ms");
    culprit.on_timer();
  };
  // The correct server serves the bystander whatever the other connection does.
  EXPECT_EQ(bystander_after({}, reset_mid_frame), "text 'Hi'");
  EXPECT_EQ(bystander_after({}, fin_mid_message), "text 'Hi'");
  EXPECT_EQ(bystander_after({}, [&](Session& c) { c.on_receive(header_start); }), "text 'Hi'");
  // Each mode freezes on its own fault...
  EXPECT_EQ(bystander_after({BrokenMode::stall_after_reset}, reset_mid_frame), "");
  EXPECT_EQ(bystander_after({BrokenMode::stall_after_half_close}, fin_mid_message), "");
  EXPECT_EQ(bystander_after({BrokenMode::stall_on_slow_frame}, slow_frame), "");
  EXPECT_EQ(bystander_after({BrokenMode::stall_on_slow_handshake}, slow_handshake, false), "");
  // ...and not when the connection ends between frames.
  EXPECT_EQ(bystander_after({BrokenMode::stall_after_reset},
                            [&](Session& c) {
                              c.on_receive(frame);
                              c.on_client_reset();
                            }),
            "text 'Hi'");
  EXPECT_EQ(bystander_after({BrokenMode::stall_after_half_close},
                            [&](Session& c) {
                              c.on_receive(frame);
                              c.on_client_end();
                            }),
            "text 'Hi'");
}

TEST(SessionBrokenModes, ProcessAfterCloseAnswersTheCloseWhenItsTimerFires) {
  Session session = open_session({BrokenMode::process_after_close});
  EXPECT_EQ(answer_to(session, client_close(1001)), "wake 100ms");
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "late")), "pong 'late'");
  EXPECT_EQ(describe(session.on_timer()), "close 1001, FIN");
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "later")), "");
}

TEST(SessionBrokenModes, KeepTcpOpenEndsWhenTheClientDoesOrAtItsBound) {
  Session client_ends = open_session({BrokenMode::keep_tcp_open});
  EXPECT_EQ(answer_to(client_ends, client_close(1000)), "close 1000, wake 10000ms");
  EXPECT_EQ(client_ends.phase(), Session::Phase::awaiting_client_end);
  EXPECT_EQ(describe(client_ends.on_client_end()), "FIN");

  Session bound = open_session({BrokenMode::keep_tcp_open});
  EXPECT_EQ(answer_to(bound, client_close(1000)), "close 1000, wake 10000ms");
  EXPECT_EQ(describe(bound.on_timer()), "FIN");
}

// ---- each liberal mode against the same exchanges with the strict server -------------------

// A whole connection's first output: the response's status line, then (for a 101) the frames
// written with it, and FIN: "HTTP/1.1 101 Switching Protocols, pong 'heartbeat'".
std::string describe_connection(const SessionOutput& output) {
  const std::string text = wire::string_of(output.bytes);
  const std::size_t line_end = text.find("\r\n");
  const std::size_t head_end = text.find("\r\n\r\n");
  if (line_end == std::string::npos || head_end == std::string::npos) return "no response";
  SessionOutput rest = output;
  // Behind a 101 come frames; behind any other status, its body (not described here).
  rest.bytes =
      text.starts_with("HTTP/1.1 101") ? wire::bytes_of(text.substr(head_end + 4)) : Bytes{};
  const std::string frames = describe(rest);
  return frames.empty() ? text.substr(0, line_end)
                        : fmt::format("{}, {}", text.substr(0, line_end), frames);
}

struct LiberalExchange {
  LiberalMode mode;
  std::string what;
  Bytes input;
  std::string strict;           // what the strict server answers
  std::string liberal;          // what the server in `mode` answers
  bool from_handshake = false;  // `input` starts with the opening handshake
};

Bytes request_with(std::string_view extra_headers) {
  std::string request(
      kUpgradeRequest.substr(0, kUpgradeRequest.size() - 2));  // without the blank line
  return wire::bytes_of(request + std::string(extra_headers) + "\r\n");
}
Bytes request_replacing(std::string_view from, std::string_view to) {
  std::string request(kUpgradeRequest);
  request.replace(request.find(from), from.size(), to);
  return wire::bytes_of(request);
}
Bytes request_without(std::string_view header_line) {
  return request_replacing(header_line, "");
}

std::vector<LiberalExchange> liberal_exchanges() {
  using LM = LiberalMode;
  const Bytes ping_a = client_frame(opcode::ping, "a");
  const Bytes ping_b = client_frame(opcode::ping, "b");
  const Bytes text_hi = client_frame(opcode::text, "Hi");
  const Bytes reserved = client_frame(3, "x");
  const Bytes huge = with(client_spec(opcode::binary, "abcd"), [](auto& s) {
    s.length_form = wire::LengthForm::long64;
    s.declared_length = std::uint64_t{1} << 40;
  });
  const Bytes bad_utf8 = client_frame(opcode::text, "\xff");
  // Every way of failing the connection, with the code the strict server fails it with.
  const std::vector<std::tuple<std::string, Bytes, std::string>> failures = {
      {"opcode 3", reserved, "1002"},
      {"text that is not UTF-8", bad_utf8, "1007"},
      {"a close reason that is not UTF-8", client_close(1000, "\xff"), "1007"},
      {"close 1005", client_close(1005), "1002"},
      {"a 1-byte close body", client_frame(opcode::close, "\x03"), "1002"},
      {"2^40 declared", huge, "1009"},
  };
  std::vector<LiberalExchange> exchanges = {
      {LM::empty_close_reply, "close 1000 'bye'", client_close(1000, "bye"), "close 1000, FIN",
       "close (empty), FIN"},
      {LM::empty_close_reply, "close 3000", client_close(3000), "close 3000, FIN",
       "close (empty), FIN"},
      {LM::empty_close_reply, "an empty close", client_close(std::nullopt), "close (empty), FIN",
       "close (empty), FIN"},
      {LM::close_1001_reply, "close 3000", client_close(3000), "close 3000, FIN",
       "close 1001, FIN"},
      {LM::close_1001_reply, "close 1000", client_close(1000), "close 1000, FIN",
       "close 1001, FIN"},
      {LM::close_1001_reply, "an empty close", client_close(std::nullopt), "close (empty), FIN",
       "close 1001, FIN"},
      {LM::fail_with_1008, "a valid close", client_close(1000), "close 1000, FIN",
       "close 1000, FIN"},
      {LM::fail_by_drop, "a valid close", client_close(1000), "close 1000, FIN", "close 1000, FIN"},
      {LM::fail_by_drop, "a ping, then opcode 3", concat({ping_a, reserved}),
       "pong 'a', close 1002, FIN", "pong 'a', FIN"},
      {LM::no_size_limit, "2^40 declared, 4 bytes sent", huge, "close 1009, FIN", ""},
      {LM::no_size_limit, "text", text_hi, "text 'Hi'", "text 'Hi'"},
      {LM::utf8_at_message_end, "invalid first fragment, ping, last fragment",
       concat({client_frame(opcode::text, "\xff", false), ping_a,
               client_frame(opcode::continuation, "a")}),
       "close 1007, FIN", "pong 'a', close 1007, FIN"},
      {LM::utf8_at_message_end, "text that is not UTF-8", bad_utf8, "close 1007, FIN",
       "close 1007, FIN"},
      {LM::utf8_at_message_end, "a character split across fragments",
       concat(
           {client_frame(opcode::text, "\xce", false), client_frame(opcode::continuation, "\xba")}),
       "text ceba", "text ceba"},
      {LM::accept_non_minimal_length, "a 2-byte payload in the 16-bit form",
       with(client_spec(opcode::text, "Hi"),
            [](auto& s) { s.length_form = wire::LengthForm::medium16; }),
       "close 1002, FIN", "text 'Hi'"},
      {LM::accept_non_minimal_length, "a 2-byte payload in the 64-bit form",
       with(client_spec(opcode::text, "Hi"),
            [](auto& s) { s.length_form = wire::LengthForm::long64; }),
       "close 1002, FIN", "text 'Hi'"},
      {LM::latest_ping_only, "three pings",
       concat({client_frame(opcode::ping, "1"), client_frame(opcode::ping, "2"),
               client_frame(opcode::ping, "3")}),
       "pong '1', pong '2', pong '3'", "pong '3'"},
      {LM::latest_ping_only, "ping, text, ping", concat({ping_a, text_hi, ping_b}),
       "pong 'a', text 'Hi', pong 'b'", "text 'Hi', pong 'b'"},
      {LM::latest_ping_only, "two pings, then a close",
       concat({ping_a, ping_b, client_close(1000)}), "pong 'a', pong 'b', close 1000, FIN",
       "pong 'b', close 1000, FIN"},
      {LM::latest_ping_only, "two pings, then opcode 3", concat({ping_a, ping_b, reserved}),
       "pong 'a', pong 'b', close 1002, FIN", "pong 'b', close 1002, FIN"},
      {LM::unsolicited_pongs, "the opening handshake", wire::bytes_of(kUpgradeRequest),
       "HTTP/1.1 101 Switching Protocols", "HTTP/1.1 101 Switching Protocols, pong 'heartbeat'",
       true},
      {LM::unsolicited_pongs, "the handshake with a text frame behind it",
       concat({wire::bytes_of(kUpgradeRequest), text_hi}),
       "HTTP/1.1 101 Switching Protocols, text 'Hi'",
       "HTTP/1.1 101 Switching Protocols, pong 'heartbeat', text 'Hi', pong 'heartbeat'", true},
      {LM::unsolicited_pongs, "text", text_hi, "text 'Hi'", "text 'Hi', pong 'heartbeat'"},
      {LM::unsolicited_pongs, "two fragments",
       concat({client_frame(opcode::text, "He", false), client_frame(opcode::continuation, "llo")}),
       "text 'Hello'", "text 'Hello', pong 'heartbeat'"},
      {LM::unsolicited_pongs, "an unsolicited pong", client_frame(opcode::pong, "u"), "",
       "pong 'u'"},
      {LM::unsolicited_pongs, "a ping", ping_a, "pong 'a'", "pong 'a'"},
      {LM::unsolicited_pongs, "close 1000", client_close(1000), "close 1000, FIN",
       "close 1000, FIN"},
      {LM::rfc6455_close_codes_only, "close 1012", client_close(1012), "close 1012, FIN",
       "close 1002, FIN"},
      {LM::rfc6455_close_codes_only, "close 1013", client_close(1013), "close 1013, FIN",
       "close 1002, FIN"},
      {LM::rfc6455_close_codes_only, "close 1014", client_close(1014, "bad gateway"),
       "close 1014, FIN", "close 1002, FIN"},
      {LM::rfc6455_close_codes_only, "close 1011", client_close(1011), "close 1011, FIN",
       "close 1011, FIN"},
      {LM::rfc6455_close_codes_only, "close 3000", client_close(3000), "close 3000, FIN",
       "close 3000, FIN"},
      {LM::pong_after_close, "close, ping, text, ping",
       concat({client_close(1000), ping_a, text_hi, ping_b}), "close 1000, FIN",
       "pong 'a', pong 'b', close 1000, FIN"},
      {LM::pong_after_close, "close, ping, opcode 3, ping",
       concat({client_close(3000), ping_a, reserved, ping_b}), "close 3000, FIN",
       "pong 'a', close 3000, FIN"},
      {LM::pong_after_close, "ping, close", concat({ping_a, client_close(1000)}),
       "pong 'a', close 1000, FIN", "pong 'a', close 1000, FIN"},
      {LM::no_pong_after_close, "close, ping, text", concat({client_close(1000), ping_a, text_hi}),
       "close 1000, FIN", "wake 20ms"},
      {LM::no_pong_after_close, "ping, close", concat({ping_a, client_close(1000)}),
       "pong 'a', close 1000, FIN", "pong 'a', wake 20ms"},
      {LM::refuse_origin_403, "a handshake with Origin",
       request_with("Origin: http://a.example\r\n"), "HTTP/1.1 101 Switching Protocols",
       "HTTP/1.1 403 Forbidden, FIN", true},
      {LM::refuse_origin_403, "a handshake without Origin", wire::bytes_of(kUpgradeRequest),
       "HTTP/1.1 101 Switching Protocols", "HTTP/1.1 101 Switching Protocols", true},
      {LM::refuse_origin_403, "two keys, with Origin",
       request_with("Origin: http://a.example\r\nSec-WebSocket-Key: x\r\n"),
       "HTTP/1.1 400 Bad Request, FIN", "HTTP/1.1 400 Bad Request, FIN", true},
      {LM::plain_http_without_upgrade, "a GET without Upgrade",
       request_without("Upgrade: websocket\r\n"), "HTTP/1.1 400 Bad Request, FIN",
       "HTTP/1.1 200 OK, FIN", true},
      {LM::plain_http_without_upgrade, "a GET whose Connection lacks Upgrade",
       request_without("Connection: Upgrade\r\n"), "HTTP/1.1 400 Bad Request, FIN",
       "HTTP/1.1 200 OK, FIN", true},
      {LM::plain_http_without_upgrade, "no Sec-WebSocket-Version",
       request_without("Sec-WebSocket-Version: 13\r\n"), "HTTP/1.1 400 Bad Request, FIN",
       "HTTP/1.1 400 Bad Request, FIN", true},
      {LM::plain_http_without_upgrade, "version 12",
       request_replacing("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 12"),
       "HTTP/1.1 426 Upgrade Required, FIN", "HTTP/1.1 426 Upgrade Required, FIN", true},
      {LM::plain_http_without_upgrade, "a POST without Upgrade",
       request_replacing("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n",
                         "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
       "HTTP/1.1 400 Bad Request, FIN", "HTTP/1.1 400 Bad Request, FIN", true},
      {LM::plain_http_without_upgrade, "a full handshake", wire::bytes_of(kUpgradeRequest),
       "HTTP/1.1 101 Switching Protocols", "HTTP/1.1 101 Switching Protocols", true},
  };
  for (const auto& [what, input, code] : failures) {
    const std::string strict = fmt::format("close {}, FIN", code);
    exchanges.push_back({LM::fail_with_1008, what, input, strict, "close 1008, FIN"});
    exchanges.push_back({LM::fail_by_drop, what, input, strict, "FIN"});
  }
  return exchanges;
}

// The answer of a fresh session (strict, or in `liberties`) to an exchange.
std::string answer_exchange(const LiberalExchange& test, const LiberalModes& liberties) {
  if (test.from_handshake) {
    Session session(SessionOptions{.liberties = liberties});
    return describe_connection(session.on_receive(test.input));
  }
  Session session = open_liberal(liberties);
  return answer_to(session, test.input);
}

// One test per liberal mode (named after it): each of its exchanges, strict against liberal.
class SessionLiberalMode : public ::testing::TestWithParam<LiberalMode> {};

TEST_P(SessionLiberalMode, ChangesItsExchangesTheWayTheRfcAllows) {
  const LiberalMode mode = GetParam();
  int shown = 0;
  for (const LiberalExchange& test : liberal_exchanges()) {
    if (test.mode != mode) continue;
    ++shown;
    SCOPED_TRACE(fmt::format("{}: {}", liberal_mode_name(mode), test.what));
    EXPECT_EQ(answer_exchange(test, {}), test.strict);
    EXPECT_EQ(answer_exchange(test, {mode}), test.liberal);
  }
  EXPECT_GT(shown, 0) << liberal_mode_name(mode) << " has no exchange";
}

std::vector<LiberalMode> every_liberal_mode() {
  std::vector<LiberalMode> modes;
  for (std::string_view name : liberal_mode_names()) modes.push_back(*parse_liberal_mode(name));
  return modes;
}

INSTANTIATE_TEST_SUITE_P(Each, SessionLiberalMode, ::testing::ValuesIn(every_liberal_mode()),
                         [](const ::testing::TestParamInfo<LiberalMode>& info) {
                           std::string name(liberal_mode_name(info.param));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SessionLiberalModes, NoSizeLimitDiscardsBeyondItsBufferCapWithoutAnswering) {
  Session session = open_liberal({LiberalMode::no_size_limit}, 1024);
  const Bytes header = wire::encode_frame_header([] {
    wire::FrameSpec spec = client_spec(opcode::binary, "");
    spec.length_form = wire::LengthForm::long64;
    spec.declared_length = std::uint64_t{1} << 20;
    return spec;
  }());
  EXPECT_EQ(answer_to(session, header), "");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(answer_to(session, Bytes(1024, 0x2a)), "");
  EXPECT_EQ(session.phase(), Session::Phase::open);
  EXPECT_GE(session.discarded_bytes(), 2048u);  // at most the cap (plus one read) was kept
  EXPECT_EQ(describe(session.on_client_end()), "FIN");
}

TEST(SessionLiberalModes, NoSizeLimitCapsAFragmentedMessageToo) {
  Session session = open_liberal({LiberalMode::no_size_limit}, 1024);
  EXPECT_EQ(answer_to(session, client_frame(opcode::binary, std::string(1000, 'a'), false)), "");
  EXPECT_EQ(answer_to(session, client_frame(opcode::continuation, std::string(1000, 'a'), false)),
            "");
  EXPECT_EQ(answer_to(session, client_frame(opcode::continuation, "a")), "");
  EXPECT_GE(session.discarded_bytes(), 1u);
}

TEST(SessionLiberalModes, LatestPingOnlyAnswersTheLastPingOfEachRead) {
  Session session = open_liberal({LiberalMode::latest_ping_only});
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "1")), "pong '1'");
  EXPECT_EQ(answer_to(session,
                      concat({client_frame(opcode::ping, "2"), client_frame(opcode::ping, "3")})),
            "pong '3'");
  // The handshake's read counts too: pings behind the request are one batch with it.
  Session early(SessionOptions{.liberties = {LiberalMode::latest_ping_only}});
  EXPECT_EQ(describe_connection(early.on_receive(
                concat({wire::bytes_of(kUpgradeRequest), client_frame(opcode::ping, "x"),
                        client_frame(opcode::ping, "y")}))),
            "HTTP/1.1 101 Switching Protocols, pong 'y'");
}

TEST(SessionLiberalModes, PongAfterCloseLooksOnlyAtTheCloseRead) {
  Session session = open_liberal({LiberalMode::pong_after_close});
  EXPECT_EQ(answer_to(session, concat({client_close(1000), client_frame(opcode::ping, "a")})),
            "pong 'a', close 1000, FIN");
  EXPECT_EQ(session.phase(), Session::Phase::ended);
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "b")), "");
}

TEST(SessionLiberalModes, NoPongAfterCloseReadsQuietlyThenAnswersTheCloseWhenItsTimerFires) {
  Session session = open_liberal({LiberalMode::no_pong_after_close});
  EXPECT_EQ(answer_to(session, client_close(3000, "bye")), "wake 20ms");
  EXPECT_EQ(session.phase(), Session::Phase::closing_quietly);
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "late")), "");
  EXPECT_EQ(answer_to(session, client_frame(opcode::text, "late")), "");
  EXPECT_EQ(answer_to(session, client_close(1000)), "");
  EXPECT_EQ(describe(session.on_timer()), "close 3000, FIN");
  EXPECT_EQ(session.phase(), Session::Phase::ended);
  EXPECT_EQ(describe(session.on_timer()), "");

  // A bad frame in the window ends the reading, not the close handshake.
  Session violation = open_liberal({LiberalMode::no_pong_after_close});
  EXPECT_EQ(answer_to(violation, client_close(1000)), "wake 20ms");
  EXPECT_EQ(answer_to(violation, concat({client_frame(3, "x"), client_frame(opcode::ping, "p")})),
            "");
  EXPECT_EQ(answer_to(violation, client_frame(opcode::ping, "p")), "");
  EXPECT_EQ(describe(violation.on_timer()), "close 1000, FIN");

  // The client ending TCP in the window ends the session.
  Session client_ends = open_liberal({LiberalMode::no_pong_after_close});
  EXPECT_EQ(answer_to(client_ends, client_close(1000)), "wake 20ms");
  EXPECT_EQ(describe(client_ends.on_client_end()), "FIN");
  EXPECT_EQ(describe(client_ends.on_timer()), "");
}

TEST(SessionLiberalModes, FailByDropSendsNothingMoreAfterTheDrop) {
  Session session = open_liberal({LiberalMode::fail_by_drop});
  EXPECT_EQ(answer_to(session, concat({client_frame(3, ""), client_frame(opcode::ping, "p")})),
            "FIN");
  EXPECT_EQ(session.phase(), Session::Phase::ended);
  EXPECT_EQ(answer_to(session, client_frame(opcode::ping, "p")), "");
}

TEST(SessionLiberalModes, TheRefusedAndPlainHttpResponsesCarryTheirBodyAndEndTcp) {
  Session refused(SessionOptions{.liberties = {LiberalMode::refuse_origin_403}});
  const SessionOutput forbidden = refused.on_receive(request_with("Origin: null\r\n"));
  EXPECT_TRUE(wire::string_of(forbidden.bytes).starts_with("HTTP/1.1 403 Forbidden\r\n"));
  EXPECT_TRUE(forbidden.end_tcp);
  EXPECT_EQ(refused.phase(), Session::Phase::ended);

  Session plain(SessionOptions{.liberties = {LiberalMode::plain_http_without_upgrade}});
  const SessionOutput page = plain.on_receive(
      wire::view_of("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n"));
  const std::string text = wire::string_of(page.bytes);
  EXPECT_TRUE(text.starts_with("HTTP/1.1 200 OK\r\n"));
  const std::string body = text.substr(text.find("\r\n\r\n") + 4);
  EXPECT_FALSE(body.empty());
  EXPECT_NE(text.find(fmt::format("Content-Length: {}\r\n", body.size())), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain\r\n"), std::string::npos);
  EXPECT_TRUE(page.end_tcp);
  EXPECT_EQ(plain.phase(), Session::Phase::ended);
}

// ---- hostile input -------------------------------------------------------------------------

// Random frames (valid or not) and random bytes, in random pieces, for every broken and liberal
// mode (and every liberal mode at once): the session never crashes (ASan/UBSan builds check), and
// once ended it sends nothing more.
TEST(SessionHostileInput, RandomStreamsInEveryModeEndCleanly) {
  std::mt19937_64 rng(6455);
  std::vector<SessionOptions> mode_sets = {SessionOptions{}};
  for (std::string_view name : broken_mode_names()) {
    mode_sets.push_back(SessionOptions{.modes = {*parse_broken_mode(name)}});
  }
  LiberalModes every_liberty;
  for (std::string_view name : liberal_mode_names()) {
    mode_sets.push_back(SessionOptions{.liberties = {*parse_liberal_mode(name)}});
    every_liberty.insert(*parse_liberal_mode(name));
  }
  mode_sets.push_back(SessionOptions{.liberties = every_liberty});
  for (SessionOptions options : mode_sets) {
    options.max_message_size = 4096;
    for (int round = 0; round < 20; ++round) {
      Session session = open_session_with(options);
      Bytes stream;
      for (int piece = 0; piece < 30; ++piece) {
        wire::FrameSpec spec =
            client_spec(static_cast<std::uint8_t>(rng() % 16),
                        std::string(rng() % 300, static_cast<char>(rng())), rng() % 2 == 0);
        spec.rsv1 = rng() % 8 == 0;
        if (rng() % 8 == 0) spec.mask.reset();
        if (rng() % 8 == 0) spec.length_form = wire::LengthForm::long64;
        const Bytes frame =
            rng() % 10 == 0 ? Bytes(rng() % 40, static_cast<std::uint8_t>(rng())) : encode(spec);
        stream.insert(stream.end(), frame.begin(), frame.end());
      }
      bool ended = false;
      for (std::size_t at = 0; at < stream.size();) {
        const std::size_t take = std::min<std::size_t>(1 + rng() % 200, stream.size() - at);
        const SessionOutput output = session.on_receive(wire::ByteView(stream).subspan(at, take));
        at += take;
        if (ended) {
          ASSERT_TRUE(output.bytes.empty());
        }
        ended = ended || output.end_tcp;
      }
      if (session.phase() == Session::Phase::closing_late ||
          session.phase() == Session::Phase::closing_quietly) {
        EXPECT_TRUE(describe(session.on_timer()).ends_with("FIN"));
      }
      const SessionOutput last = session.on_client_end();
      EXPECT_EQ(session.phase(), Session::Phase::ended);
      EXPECT_TRUE(last.bytes.empty());
      EXPECT_TRUE(session.on_receive(client_frame(opcode::ping, "after")).bytes.empty());
    }
  }
}

}  // namespace
}  // namespace wsconform::raw_server
