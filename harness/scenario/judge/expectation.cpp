#include "scenario/judge/expectation.hpp"

#include <algorithm>
#include <cstdint>

#include "scenario/judge/burst.hpp"
#include "scenario/judge/describe.hpp"
#include "scenario/model/barrier.hpp"
#include "wire/semantics.hpp"

namespace wsconform::scenario::judge_detail {

namespace {

using Mismatches = std::vector<std::string>;

std::string describe_duration_us(std::int64_t microseconds) {
  const std::int64_t tenths = microseconds / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
}

void check_status(const Expectation& expectation, const Transcript& t, Mismatches& out) {
  if (!t.response_awaited) return;  // the case never finished its request: no answer is due
  std::string wanted = "a 101 upgrade";
  if (!expectation.http_status.empty())
    wanted = "HTTP " + describe_statuses(expectation.http_status);
  if (!t.response) {
    out.push_back("expected " + wanted + ", saw no HTTP response");
    return;
  }
  const int status = t.response->status;
  const bool accepted =
      expectation.http_status.empty()
          ? status == 101
          : std::find(expectation.http_status.begin(), expectation.http_status.end(), status) !=
                expectation.http_status.end();
  if (!accepted) {
    out.push_back("expected " + wanted + ", saw " + describe_response_status(*t.response));
  }
}

void check_headers(const Expectation& expectation, const wire::HttpResponse& response,
                   Mismatches& out) {
  for (const HeaderExpectation& header : expectation.http_headers) {
    const std::optional<std::string> value = response.header(header.name);
    if (!value) {
      out.push_back("expected a " + header.name + " header, saw none");
    } else if (header.token && !response.has_token(header.name, *header.token)) {
      out.push_back("expected the " + header.name + " header to contain \"" + *header.token +
                    "\", saw \"" + *value + "\"");
    }
  }
}

// " (they differ from byte 40)": where two payloads part, which the brief display may not show.
std::string first_difference(const wire::Bytes& expected, const wire::Bytes& received) {
  const auto [at_expected, at_received] =
      std::mismatch(expected.begin(), expected.end(), received.begin(), received.end());
  if (at_expected == expected.end() && at_received == received.end()) return "";
  return " (they differ from byte " + std::to_string(at_expected - expected.begin()) + ")";
}

// `echo`: the expected messages are the ones the case sent.
void compare_messages(const std::vector<ExpectedMessage>& expected,
                      const std::vector<ReceivedMessage>& received, bool echo, Mismatches& out) {
  if (expected.size() != received.size()) {
    const std::string wanted =
        echo ? "the messages sent echoed back (" + describe_messages(expected) + ")"
             : describe_messages(expected);
    out.push_back("expected " + wanted + ", saw " + describe_messages(received));
    return;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const bool same =
        expected[i].opcode == received[i].opcode && expected[i].payload == received[i].payload;
    if (!same) {
      out.push_back("expected message " + std::to_string(i + 1) + " to be " +
                    describe_message(expected[i].opcode, expected[i].payload) + ", saw " +
                    describe_message(received[i].opcode, received[i].payload) +
                    first_difference(expected[i].payload, received[i].payload));
      return;  // the first difference says enough; later ones are usually its consequence
    }
  }
}

bool load_echo_corrupted(const Transcript& t) {
  return std::any_of(t.loads.begin(), t.loads.end(), [](const LoadRecord& load) {
    return std::any_of(load.rounds.begin(), load.rounds.end(), [](const LoadRound& round) {
      return round.opcode_differs || round.first_difference.has_value();
    });
  });
}

// §5.5.3: "MAY elect to send a Pong frame for only the most recently processed Ping frame": the
// pongs are an in-order subsequence of the expected ones that ends with the last, or with the
// answer to a later ping (a barrier's), which stands for every unanswered ping before it.
bool latest_pongs_match(const Expectation& expectation, const Transcript& t) {
  const std::vector<wire::Bytes>& expected = *expectation.pongs;
  std::size_t next = 0;
  bool last_answered = false;
  for (const wire::Bytes& pong : t.pongs) {
    if (is_barrier_pong(pong)) {
      last_answered = true;
      continue;
    }
    // Unsolicited pongs (§5.5.3 MAY) answer no ping of the case: not part of the sequence.
    if (!answers_a_ping(t, pong, expectation)) continue;
    while (next < expected.size() && expected[next] != pong) ++next;
    if (next == expected.size()) return false;
    ++next;
    // Matched at its earliest place, it may as well answer the last ping if it is the last one's
    // payload: what follows needs no room.
    last_answered = pong == expected.back();
  }
  return last_answered;
}

void check_pongs(const Expectation& expectation, const Transcript& t, Mismatches& out) {
  const std::vector<wire::Bytes>& expected = *expectation.pongs;
  const std::vector<wire::Bytes> received = application_pongs(t, expectation);
  if (expectation.latest_pong_suffices) {
    if (!latest_pongs_match(expectation, t)) {
      out.push_back(
          "expected " + describe_pongs(expected) +
          ", or some of them in order ending with the last or a later ping's (§5.5.3), saw " +
          describe_pongs(received));
    }
    return;
  }
  if (expected.size() != received.size()) {
    out.push_back("expected " + describe_pongs(expected) + ", saw " + describe_pongs(received));
    return;
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] != received[i]) {
      out.push_back("expected pong " + std::to_string(i + 1) + " to be " +
                    describe_payload(expected[i]) + ", saw " + describe_payload(received[i]));
      return;
    }
  }
}

bool close_frame_accepted(const CloseExpectation& close, const ReceivedClose& frame) {
  // §5.5.1: a body has a 2-byte code first; only a truly empty body counts as "no code".
  if (!frame.code) return frame.body_size == 0 && close.allow_empty_body;
  // §7.4: "any code" means any code an endpoint may put in a close frame.
  if (close.codes.empty()) return wire::close_code_sendable(*frame.code);
  return std::find(close.codes.begin(), close.codes.end(), *frame.code) != close.codes.end();
}

bool server_dropped(TcpEnd end) {
  return end == TcpEnd::fin || end == TcpEnd::rst;
}

// When the server's close frame, or else its end of TCP, arrived (-1: neither did).
std::int64_t server_end_at_us(const Transcript& t) {
  if (t.server_close) return t.server_close->at_us;
  return server_dropped(t.tcp_end) ? t.tcp_end_at_us : -1;
}

void check_close(const CloseExpectation& close, const Transcript& t, Mismatches& out) {
  const bool accepted = t.server_close ? close_frame_accepted(close, *t.server_close)
                                       : close.or_dropped && server_dropped(t.tcp_end);
  if (!accepted) {
    CloseExpectation without_timing = close;
    without_timing.within.reset();
    out.push_back("expected " + describe_close_expectation(without_timing) + ", saw " +
                  describe_close_seen(t));
    return;
  }
  // What follows the harness's cleanup close answers it: the server had gone on until then.
  if (close.before_harness_close && t.harness_close_at_us >= 0 &&
      server_end_at_us(t) >= t.harness_close_at_us) {
    out.push_back("expected the server to end the connection itself, saw " +
                  describe_close_seen(t) + " only after the harness closed the connection " +
                  describe_duration_us(t.harness_close_at_us) +
                  " into the case: until then the server went on as if nothing happened");
  }
}

void check_probe(const Transcript& t, Mismatches& out) {
  if (probe_answered(t)) {
    out.push_back(
        "expected no pong to the probe ping written right behind the offending frame, saw one: "
        "the server went on as if nothing happened");
  }
}

void check_flood_stalled(const Transcript& t, Mismatches& out) {
  if (t.floods.empty()) {
    out.push_back("expected the server to stop reading during a flood, but no flood ran");
    return;
  }
  for (const FloodRecord& flood : t.floods) {
    if (!flood.stalled) {
      out.push_back("expected the server to stop reading during the flood, but it took all " +
                    std::to_string(flood.messages_written) + " messages (" +
                    std::to_string(flood.bytes_written) + " bytes) while the harness read nothing");
    }
  }
}

// The time of the last frame or TCP write the harness sent (0: the start of the case).
std::int64_t last_send_at_us(const Transcript& t) {
  std::int64_t last = 0;
  for (const Event& event : t.events) {
    if (event.kind == Event::Kind::frame_sent || event.kind == Event::Kind::bytes_sent) {
      last = std::max(last, event.at_us);
    }
  }
  return last;
}

std::string describe_not_ended(TcpEnd end) {
  switch (end) {
    case TcpEnd::open:
    case TcpEnd::silence:
      return "the connection still open";
    case TcpEnd::harness_closed:
      return "the harness close the connection first";
    case TcpEnd::connect_failed:
      return "no connection at all";
    case TcpEnd::fin:
    case TcpEnd::rst:
      break;
  }
  return "no time recorded for the end of the connection";
}

void check_within(std::chrono::milliseconds within, const Transcript& t, Mismatches& out) {
  const std::string wanted = "expected the connection to end within " +
                             std::to_string(within.count()) + " ms of our last send";
  if (!server_dropped(t.tcp_end) || t.tcp_end_at_us < 0) {
    out.push_back(wanted + ", saw " + describe_not_ended(t.tcp_end));
    return;
  }
  const std::int64_t elapsed_us = t.tcp_end_at_us - last_send_at_us(t);
  const std::int64_t allowed_us =
      std::chrono::duration_cast<std::chrono::microseconds>(within).count();
  if (elapsed_us > allowed_us) {
    out.push_back(wanted + ", saw it end after " + describe_duration_us(elapsed_us));
  }
}

}  // namespace

bool expectation_cannot_hold(const Expectation& expectation, const Transcript& t) {
  if (expectation.burst) return false;
  if (t.response) {
    Mismatches status;
    check_status(expectation, t, status);
    if (!status.empty()) return true;  // one response per connection
  }
  if (expectation.messages && !expectation.echo) {
    const std::vector<ExpectedMessage>& expected = *expectation.messages;
    if (t.messages.size() > expected.size()) return true;
    for (std::size_t i = 0; i < t.messages.size(); ++i) {
      if (t.messages[i].opcode != expected[i].opcode ||
          t.messages[i].payload != expected[i].payload) {
        return true;
      }
    }
  }
  if (expectation.echo && load_echo_corrupted(t)) return true;  // bytes that came back stay
  if (expectation.probe_unanswered && probe_answered(t)) return true;
  if (expectation.close) {
    const CloseExpectation& close = *expectation.close;
    if (t.server_close && !close_frame_accepted(close, *t.server_close)) return true;
    if (!t.server_close && server_dropped(t.tcp_end) && !close.or_dropped) return true;
    // Whatever ends the connection from now on answers the harness's own close.
    if (close.before_harness_close && t.harness_close_at_us >= 0 && server_end_at_us(t) < 0) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> expectation_mismatches(const Expectation& expectation,
                                                const Transcript& t) {
  Mismatches out;
  // A burst case has no main connection: its record is all there is to judge.
  if (expectation.burst) {
    if (!t.burst) return {"expected a burst, saw no burst record"};
    return burst_mismatches(*expectation.burst, *t.burst);
  }
  check_status(expectation, t, out);
  if (t.response) check_headers(expectation, *t.response, out);
  if (expectation.messages) compare_messages(*expectation.messages, t.messages, false, out);
  if (expectation.echo) {
    compare_messages(sent_messages(t), t.messages, true, out);
    for (const LoadRecord& load : t.loads) {
      if (std::string mismatch = load_mismatch(load); !mismatch.empty()) {
        out.push_back("expected every message sent echoed back intact, but " + mismatch);
        break;
      }
    }
  }
  if (expectation.pongs) check_pongs(expectation, t, out);
  if (expectation.probe_unanswered) check_probe(t, out);
  if (expectation.flood_stalled) check_flood_stalled(t, out);
  if (expectation.close) {
    check_close(*expectation.close, t, out);
    if (expectation.close->within) check_within(*expectation.close->within, t, out);
  }
  return out;
}

}  // namespace wsconform::scenario::judge_detail
