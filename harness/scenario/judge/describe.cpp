#include "scenario/judge/describe.hpp"

#include <algorithm>

#include "scenario/judge/burst.hpp"
#include "scenario/model/barrier.hpp"
#include "wire/semantics.hpp"
#include "wire/utf8.hpp"

namespace wsconform::scenario::judge_detail {

namespace {

// Messages listed by name in a reason before "and N more".
constexpr std::size_t kListedMessages = 3;

bool has_control_characters(wire::ByteView bytes) {
  return std::any_of(bytes.begin(), bytes.end(),
                     [](std::uint8_t byte) { return byte < 0x20 || byte == 0x7f; });
}

// Shortens `size` so that it does not cut a UTF-8 character of `bytes` in two.
std::size_t utf8_boundary(wire::ByteView bytes, std::size_t size) {
  while (size > 0 && size < bytes.size() && (bytes[size] & 0xC0) == 0x80) --size;
  return size;
}

std::string byte_count(std::size_t size) {
  return std::to_string(size) + (size == 1 ? " byte" : " bytes");
}

std::string opcode_word(std::uint8_t opcode) {
  if (opcode == wire::opcode::text) return "text";
  if (opcode == wire::opcode::binary) return "binary";
  return "opcode " + std::to_string(opcode);
}

std::string count_of(std::size_t count, std::string_view singular) {
  std::string text = std::to_string(count) + " " + std::string(singular);
  if (count != 1) text += "s";
  return text;
}

// "no message", "1 message: text \"a\"", "4 messages: text \"a\", ... and 1 more".
template <typename Item, typename Describe>
std::string describe_list(const std::vector<Item>& items, std::string_view noun,
                          Describe describe) {
  if (items.empty()) return "no " + std::string(noun);
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < items.size() && i < kListedMessages; ++i) {
    shown.push_back(describe(items[i]));
  }
  if (items.size() > kListedMessages) {
    shown.push_back(std::to_string(items.size() - kListedMessages) + " more");
  }
  return count_of(items.size(), noun) + ": " + join_list(shown, " and ");
}

bool reached_websocket(const Transcript& t) {
  return t.response.has_value() && t.response->status == 101;
}

// The end of TCP without any close frame from the server, as a verb phrase.
std::string describe_end_without_close(TcpEnd end) {
  switch (end) {
    case TcpEnd::fin:
      return "dropped the connection (FIN) without a close frame";
    case TcpEnd::rst:
      return "reset the connection (RST) without a close frame";
    case TcpEnd::open:
    case TcpEnd::silence:
      return "neither closed nor dropped the connection";
    case TcpEnd::connect_failed:
      return "never accepted the connection";
    case TcpEnd::harness_closed:
      return "sent no close frame before the harness closed the connection";
  }
  return "ended the connection in an unknown way";
}

// The end of TCP when no WebSocket connection was established.
std::string describe_end_before_upgrade(TcpEnd end) {
  switch (end) {
    case TcpEnd::fin:
      return "closed the connection";
    case TcpEnd::rst:
      return "reset the connection";
    case TcpEnd::open:
    case TcpEnd::silence:
      return "kept the connection open";
    case TcpEnd::connect_failed:
      return "never accepted the connection";
    case TcpEnd::harness_closed:
      return "";
  }
  return "";
}

std::string describe_server_close_frame(const ReceivedClose& close) {
  if (close.code) return "closed with " + describe_close_code(*close.code);
  if (close.body_size == 1) return "sent a close frame with a malformed 1-byte body";
  return "sent a close frame with no code";
}

}  // namespace

std::string join_list(const std::vector<std::string>& items, std::string_view last) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += (i + 1 == items.size()) ? std::string(last) : std::string(", ");
    text += items[i];
  }
  return text;
}

std::string describe_messages(const std::vector<ExpectedMessage>& messages) {
  return describe_list(messages, "message", [](const ExpectedMessage& message) {
    return describe_message(message.opcode, message.payload);
  });
}

std::string describe_messages(const std::vector<ReceivedMessage>& messages) {
  return describe_list(messages, "message", [](const ReceivedMessage& message) {
    return describe_message(message.opcode, message.payload);
  });
}

std::string describe_statuses(const std::vector<int>& statuses) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    // A whole class ("4xx" in a scenario) reads as the class, not as 100 numbers.
    const int status = statuses[i];
    if (status % 100 == 0 && i + 99 < statuses.size() && statuses[i + 99] == status + 99) {
      words.push_back(std::to_string(status / 100) + "xx");
      i += 99;
      continue;
    }
    words.push_back(std::to_string(status));
  }
  return join_list(words, " or ");
}

std::string describe_pongs(const std::vector<wire::Bytes>& pongs) {
  return describe_list(pongs, "pong",
                       [](const wire::Bytes& payload) { return describe_payload(payload); });
}

std::string describe_payload(wire::ByteView payload) {
  if (payload.empty()) return "(empty)";
  if (wire::is_valid_utf8(payload) && !has_control_characters(payload)) {
    const std::size_t shown = utf8_boundary(payload, std::min(payload.size(), kShownPayloadBytes));
    std::string text = "\"" + wire::string_of(payload.first(shown));
    if (shown < payload.size()) return text + "...\" (" + byte_count(payload.size()) + ")";
    return text + "\"";
  }
  const std::size_t shown = std::min(payload.size(), kShownPayloadBytes);
  std::string text = "hex " + wire::to_hex(payload.first(shown), true);
  if (shown < payload.size()) text += " ...";
  return text + " (" + byte_count(payload.size()) + ")";
}

std::string describe_message(std::uint8_t opcode, wire::ByteView payload) {
  return opcode_word(opcode) + " " + describe_payload(payload);
}

std::string describe_close_code(std::uint16_t code) {
  const std::string_view name = wire::close_code_info(code).semantics.name;
  if (name.empty()) return std::to_string(code);
  return std::to_string(code) + " (" + std::string(name) + ")";
}

std::string describe_response_status(const wire::HttpResponse& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  if (!response.reason.empty()) text += " " + response.reason;
  return text;
}

bool answers_a_ping(const Transcript& t, const wire::Bytes& payload,
                    const Expectation& expectation) {
  const auto in = [&](const std::vector<wire::Bytes>& list) {
    return std::find(list.begin(), list.end(), payload) != list.end();
  };
  return in(t.sent_pings) || (expectation.pongs && in(*expectation.pongs));
}

std::vector<wire::Bytes> application_pongs(const Transcript& t, const Expectation& expectation) {
  std::vector<wire::Bytes> pongs;
  for (const wire::Bytes& payload : t.pongs) {
    if (is_barrier_pong(payload)) continue;
    // §5.5.3 "A Pong frame MAY be sent unsolicited": only pongs that answer a ping of the case
    // (as sent, or as the case expects it answered) count.
    if (answers_a_ping(t, payload, expectation)) pongs.push_back(payload);
  }
  return pongs;
}

bool probe_answered(const Transcript& t) {
  const wire::Bytes probe = wire::bytes_of(kProbePingPayload);
  return std::find(t.pongs.begin(), t.pongs.end(), probe) != t.pongs.end();
}

std::vector<ExpectedMessage> sent_messages(const Transcript& t) {
  std::vector<ExpectedMessage> sent;
  for (std::size_t i = 0; i < t.sent_messages.size(); ++i) {
    ExpectedMessage message;
    if (i < t.sent_message_opcodes.size()) message.opcode = t.sent_message_opcodes[i];
    message.payload = t.sent_messages[i];
    sent.push_back(std::move(message));
  }
  return sent;
}

bool same_messages(const std::vector<ReceivedMessage>& received,
                   const std::vector<ExpectedMessage>& expected) {
  return std::equal(received.begin(), received.end(), expected.begin(), expected.end(),
                    [](const ReceivedMessage& got, const ExpectedMessage& want) {
                      return got.opcode == want.opcode && got.payload == want.payload;
                    });
}

std::string describe_close_expectation(const CloseExpectation& close) {
  std::vector<std::string> accepted;
  if (close.codes.empty()) {
    accepted.push_back("a close frame with a valid code");
  } else {
    std::vector<std::string> codes;
    for (std::uint16_t code : close.codes) codes.push_back(describe_close_code(code));
    accepted.push_back("close " + join_list(codes, " or "));
  }
  if (close.allow_empty_body) accepted.push_back("a close frame with no code");
  if (close.or_dropped) accepted.push_back("a dropped connection");
  std::string text = join_list(accepted, " or ");
  if (close.before_harness_close) text += " before the harness closed the connection itself";
  if (close.within) text += " within " + std::to_string(close.within->count()) + " ms";
  return text;
}

std::string describe_expectation(const Expectation& expectation) {
  std::vector<std::string> conditions;
  if (!expectation.http_status.empty()) {
    conditions.push_back("HTTP " + describe_statuses(expectation.http_status));
  }
  for (const HeaderExpectation& header : expectation.http_headers) {
    if (header.token) {
      conditions.push_back("a " + header.name + " header with \"" + *header.token + "\"");
    } else {
      conditions.push_back("a " + header.name + " header");
    }
  }
  if (expectation.messages) conditions.push_back(describe_messages(*expectation.messages));
  if (expectation.echo) conditions.push_back("the messages sent echoed back");
  if (expectation.pongs) {
    conditions.push_back(expectation.latest_pong_suffices
                             ? describe_pongs(*expectation.pongs) +
                                   " (or, in order, some of them " + "ending with the last)"
                             : describe_pongs(*expectation.pongs));
  }
  if (expectation.probe_unanswered) conditions.push_back("no pong to the probe ping");
  if (expectation.flood_stalled) {
    conditions.push_back("the server stopped reading during the flood (its writes backed up)");
  }
  if (expectation.close) conditions.push_back(describe_close_expectation(*expectation.close));
  if (expectation.burst) conditions.push_back(describe_burst_expectation(*expectation.burst));
  if (conditions.empty()) return "a 101 upgrade";
  return join_list(conditions, " and ");
}

std::string describe_close_seen(const Transcript& t) {
  if (t.server_close) {
    if (t.server_close->code) return "close " + describe_close_code(*t.server_close->code);
    if (t.server_close->body_size == 1) return "a close frame with a malformed 1-byte body";
    return "a close frame with no code";
  }
  return "no close frame: the server " + describe_end_without_close(t.tcp_end);
}

std::string load_mismatch(const LoadRecord& load) {
  for (std::size_t i = 0; i < load.rounds.size(); ++i) {
    const LoadRound& round = load.rounds[i];
    const std::string which = "the echo of message " + std::to_string(i + 1) + " of " +
                              std::to_string(load.rounds_planned) + " (" +
                              std::string(wire::opcode_name(round.opcode)) + ", " +
                              std::to_string(round.size) + " bytes)";
    if (round.opcode_differs) return which + " came back with the other opcode";
    if (round.first_difference) {
      return which + " differs from byte " + std::to_string(*round.first_difference) + ": sent " +
             describe_payload(round.expected_there) + ", got " +
             describe_payload(round.received_there);
    }
    if (!round.complete) {
      return which + " did not come back whole: " + std::to_string(round.received) +
             " bytes arrived";
    }
  }
  if (load.rounds.size() < load.rounds_planned) {
    return "only " + std::to_string(load.rounds.size()) + " of " +
           std::to_string(load.rounds_planned) + " messages could be sent";
  }
  return {};
}

std::string describe_server(const Transcript& t, const Expectation& expectation) {
  if (t.burst) return "the burst saw " + describe_burst(*t.burst);
  if (t.tcp_end == TcpEnd::connect_failed && !t.response) {
    return "the server never accepted the connection";
  }
  std::vector<std::string> actions;
  if (!t.response) {
    actions.push_back("sent no HTTP response");
  } else if (!reached_websocket(t) || !expectation.http_status.empty()) {
    std::string answer = "answered " + describe_response_status(*t.response);
    // Say what the answer lacked of what the case asks ("... without a Sec-WebSocket-Version
    // header"), so the headline names the miss.
    for (const HeaderExpectation& header : expectation.http_headers) {
      const std::optional<std::string> value = t.response->header(header.name);
      if (!value) {
        answer += " without a " + header.name + " header";
      } else if (header.token && !t.response->has_token(header.name, *header.token)) {
        // Peer bytes: cut short here, escaped by every report writer.
        const std::string shown = value->size() > 60 ? value->substr(0, 60) + "..." : *value;
        answer += " with " + header.name + " \"" + shown + "\", without \"" + *header.token + "\"";
      }
    }
    actions.push_back(answer);
  }
  if (!reached_websocket(t)) {
    const std::string end = describe_end_before_upgrade(t.tcp_end);
    if (!end.empty()) actions.push_back(end);
    return "the server " + join_list(actions, " and ");
  }

  const std::vector<ExpectedMessage> sent = sent_messages(t);
  if (!t.messages.empty() && same_messages(t.messages, sent)) {
    actions.push_back(t.messages.size() == 1
                          ? "echoed the message"
                          : "echoed the " + count_of(t.messages.size(), "message"));
  } else if (!t.messages.empty() || expectation.messages || (expectation.echo && t.loads.empty())) {
    actions.push_back("sent " + describe_messages(t.messages));
  }

  // echo_load echoes are checked as they arrive and never kept as messages.
  for (const LoadRecord& load : t.loads) {
    const std::string mismatch = load_mismatch(load);
    actions.push_back(
        mismatch.empty() ? "echoed the " + count_of(load.rounds.size(), "timed message") + " intact"
                         : mismatch);
  }

  const std::vector<wire::Bytes> pongs = application_pongs(t, expectation);
  if (!pongs.empty() || expectation.pongs) actions.push_back("sent " + describe_pongs(pongs));
  if (probe_answered(t)) {
    actions.push_back("answered the probe ping written right behind the offending frame");
  }

  if (t.server_close) {
    actions.push_back(describe_server_close_frame(*t.server_close));
  } else {
    actions.push_back(describe_end_without_close(t.tcp_end));
  }
  return "the server " + join_list(actions, " and ");
}

}  // namespace wsconform::scenario::judge_detail
