// The session's state machine. Every rule the server enforces is enforced by the decoder, the
// handshake checks, the close-body reader or the assembler; this file sequences them.
#include "reference/raw_server/session.hpp"

#include <cstdlib>
#include <string_view>

#include "reference/raw_server/close_body.hpp"
#include "reference/raw_server/decoder_options.hpp"
#include "reference/raw_server/handshake.hpp"
#include "reference/raw_server/replies.hpp"
#include "wire/close_payload.hpp"
#include "wire/frame.hpp"

namespace wsconform::raw_server {

namespace {

// How long the stall-on-slow-* modes wait for the rest of a frame or handshake.
constexpr std::chrono::milliseconds kSlowPeerBound{300};
constexpr std::string_view kHeartbeat = "heartbeat";  // unsolicited-pongs' pong payload

// §5.2: the form a payload length must be written in: 7 bits up to 125, 16 bits up to 65535.
bool minimal_length_form(const wire::Frame& frame) {
  if (frame.payload_length <= 125) return frame.length_form == wire::LengthForm::short7;
  if (frame.payload_length <= 0xFFFF) return frame.length_form == wire::LengthForm::medium16;
  return frame.length_form == wire::LengthForm::long64;
}
}  // namespace

Session::Session(SessionOptions options)
    : options_(std::move(options)),
      decoder_(decoder_options_for(options_.modes, options_.liberties, options_.max_message_size)),
      assembler_(options_.modes, options_.liberties, options_.max_message_size) {
  // A session on its own (not under a RawServer) is a server of one connection.
  if (!options_.stall) options_.stall = std::make_shared<StallLatch>();
}

bool Session::stalled() const {
  return upgrade_number_ != 0 && upgrade_number_ <= options_.stall->frozen_through.load();
}

bool Session::reading_frames() const {
  return phase_ == Phase::open || phase_ == Phase::closing_late ||
         phase_ == Phase::closing_quietly || phase_ == Phase::closing_batch;
}

SessionOutput Session::on_receive(wire::ByteView bytes) {
  SessionOutput out;
  if (stalled()) {
    // stall-on-huge-frame: §10.4 "MUST protect themselves"; this server did not, and hangs.
    discarded_ += bytes.size();
    return out;
  }
  if (phase_ == Phase::handshake) {
    read_handshake(bytes, out);
  } else if (reading_frames()) {
    read_frames(bytes, out);
  } else {
    discarded_ += bytes.size();
  }
  // latest-ping-only: the one pong this read earned goes out at its end.
  flush_deferred_pong(out);
  return out;
}

void Session::freeze_server() {
  options_.stall->frozen_through.store(options_.stall->upgraded.load());
}

SessionOutput Session::on_timer() {
  SessionOutput out;
  if (has(BrokenMode::stall_on_slow_handshake) && phase_ == Phase::handshake) {
    freeze_server();
    return out;
  }
  if (has(BrokenMode::stall_on_slow_frame) && reading_frames() && decoder_.inside_frame() &&
      decoder_.bytes_consumed() == consumed_when_waiting_) {
    freeze_server();
    return out;
  }
  if (phase_ == Phase::closing_late || phase_ == Phase::closing_quietly) {
    complete_close_handshake(out);
  } else if (phase_ == Phase::awaiting_client_end) {
    end(out);  // keep-tcp-open gives up waiting for the client
  }
  return out;
}

SessionOutput Session::on_client_end() {
  SessionOutput out;
  if (has(BrokenMode::stall_after_half_close) && reading_frames() &&
      (decoder_.inside_frame() || assembler_.in_message())) {
    freeze_server();  // still waiting for the rest of what the client will never send
    return out;
  }
  if (phase_ != Phase::ended) end(out);
  return out;
}

void Session::on_client_reset() {
  if (has(BrokenMode::stall_after_reset) && reading_frames() &&
      (decoder_.inside_frame() || assembler_.in_message())) {
    freeze_server();
  }
}

void Session::read_handshake(wire::ByteView bytes, SessionOutput& out) {
  switch (request_parser_.feed(bytes)) {
    case HttpRequestParser::Status::need_more:
      if (has(BrokenMode::stall_on_slow_handshake)) out.wake_after = kSlowPeerBound;
      return;
    case HttpRequestParser::Status::error: {
      const HandshakeAnswer answer = answer_malformed_request(request_parser_.error());
      out.bytes = wire::bytes_of(answer.response);
      end(out);
      return;
    }
    case HttpRequestParser::Status::complete:
      break;
  }
  const HandshakeAnswer answer =
      answer_handshake(request_parser_.request(), options_.modes, options_.liberties);
  out.bytes = wire::bytes_of(answer.response);
  if (!answer.upgraded()) {
    end(out);
    return;
  }
  phase_ = Phase::open;
  upgrade_number_ = ++options_.stall->upgraded;
  // unsolicited-pongs: the first heartbeat goes out in the same write as the 101.
  send_heartbeat(out);
  // Frames the client sent right behind its request belong to the connection.
  if (!bytes.empty()) read_frames(bytes, out);
}

void Session::read_frames(wire::ByteView bytes, SessionOutput& out) {
  while (!bytes.empty() && reading_frames()) {
    if (discarding_) break;
    const wire::DecodeStep step = decoder_.decode(bytes);
    if (step.kind == wire::DecodeStep::Kind::violation) {
      if (has(BrokenMode::stall_on_huge_frame) &&
          step.violation.rule == wire::Rule::message_too_big) {
        options_.stall->frozen_through.store(options_.stall->upgraded.load());
        break;
      }
      if (options_.abort_on_rsv && step.violation.rule == wire::Rule::rsv_bit_without_extension)
        std::abort();
      if (phase_ == Phase::closing_quietly || phase_ == Phase::closing_batch) {
        // After the client's close the liberal modes only look at what follows: a bad frame there
        // ends the looking, and the close is still answered as it was going to be.
        discarding_ = true;
      } else {
        fail_connection(step.violation.rule, out);
      }
      break;
    }
    if (step.kind == wire::DecodeStep::Kind::need_more) {
      // A server without a size limit buffers at most its cap of a frame, then stops buffering
      // and keeps reading and discarding bytes it will never use (the decoder bounds everyone
      // else).
      discarding_ =
          liberal(LiberalMode::no_size_limit) &&
          decoder_.bytes_consumed() - consumed_at_frame_start_ > options_.max_message_size;
      if (has(BrokenMode::stall_on_slow_frame) && decoder_.inside_frame()) {
        consumed_when_waiting_ = decoder_.bytes_consumed();
        out.wake_after = kSlowPeerBound;
      }
      break;
    }
    consumed_at_frame_start_ = decoder_.bytes_consumed();
    handle_frame(step.frame, out);
  }
  discarded_ += bytes.size();
  // pong-after-close: this read has been looked at; now the close is answered.
  if (phase_ == Phase::closing_batch) complete_close_handshake(out);
}

void Session::handle_frame(const wire::Frame& frame, SessionOutput& out) {
  // Only reachable with ignore-reserved-opcodes: the decoder passes such frames through.
  if (wire::is_reserved_opcode(frame.opcode)) return;
  // drop-non-minimal-frames: §10.7 "Incoming data MUST always be validated"; this server neither
  // uses such a frame nor fails the connection.
  if (has(BrokenMode::drop_non_minimal_frames) && !minimal_length_form(frame)) return;
  if (phase_ == Phase::closing_quietly || phase_ == Phase::closing_batch) {
    handle_frame_after_close(frame, out);
    return;
  }
  switch (frame.opcode) {
    case wire::opcode::ping:
      answer_ping(frame.payload, out);
      return;
    case wire::opcode::pong:
      // §5.5.3: a response to an unsolicited pong is not expected; unsolicited-pongs, which may
      // send pongs whenever it likes, answers one with its payload.
      if (liberal(LiberalMode::unsolicited_pongs)) {
        send_frame(wire::opcode::pong, frame.payload, out);
      }
      return;
    case wire::opcode::close:
      if (phase_ == Phase::open) handle_close(frame, out);
      return;
    default:
      break;
  }
  AssemblyResult assembled = assembler_.on_data_frame(frame);
  if (assembled.over_capacity) {
    discarding_ = true;
    return;
  }
  for (const DataMessage& message : assembled.complete) {
    send_frame(message.opcode, echo_payload(message.payload, ++messages_echoed_, options_.modes),
               out);
    send_heartbeat(out);
  }
  if (assembled.violation) fail_connection(*assembled.violation, out);
}

void Session::handle_frame_after_close(const wire::Frame& frame, SessionOutput& out) {
  // §5.5.2: a ping need not be answered once a close was received. no-pong-after-close answers
  // nothing; pong-after-close still answers pings. Neither echoes data behind a close.
  if (phase_ == Phase::closing_batch && frame.opcode == wire::opcode::ping) {
    answer_ping(frame.payload, out);
  }
}

void Session::handle_close(const wire::Frame& frame, SessionOutput& out) {
  const ReceivedClose received = read_close_body(frame.payload, options_.modes, options_.liberties);
  if (received.violation) {
    fail_connection(*received.violation, out);
    return;
  }
  pending_close_reply_ = close_reply_code(received.code, options_.modes, options_.liberties);
  if (has(BrokenMode::process_after_close)) {
    // process-after-close: §5.5.1 says the close is answered; this server first goes on
    // processing whatever follows it for a while.
    phase_ = Phase::closing_late;
    out.wake_after = options_.process_after_close_for;
    return;
  }
  if (liberal(LiberalMode::no_pong_after_close)) {
    // §5.5.1: the reply SHOULD come "as soon as practical"; a short wait is practical.
    phase_ = Phase::closing_quietly;
    out.wake_after = options_.no_pong_after_close_for;
    return;
  }
  if (liberal(LiberalMode::pong_after_close)) {
    phase_ = Phase::closing_batch;  // read_frames answers the close at the end of this read
    return;
  }
  complete_close_handshake(out);
}

void Session::answer_ping(wire::ByteView payload, SessionOutput& out) {
  // §5.5.2: a ping MUST be answered with a pong (unless a close was received first).
  if (has(BrokenMode::no_pong)) return;
  wire::Bytes pong = pong_payload(payload, options_.modes);
  if (liberal(LiberalMode::latest_ping_only)) {
    // §5.5.3: of pings not yet answered, only the most recent needs a pong.
    deferred_pong_ = std::move(pong);
    return;
  }
  send_frame(wire::opcode::pong, pong, out);
}

void Session::send_heartbeat(SessionOutput& out) {
  // §5.5.3: a pong MAY be sent unsolicited, as a heartbeat.
  if (liberal(LiberalMode::unsolicited_pongs)) {
    send_frame(wire::opcode::pong, wire::view_of(kHeartbeat), out);
  }
}

void Session::flush_deferred_pong(SessionOutput& out) {
  if (!deferred_pong_) return;
  send_frame(wire::opcode::pong, *deferred_pong_, out);
  deferred_pong_.reset();
}

void Session::complete_close_handshake(SessionOutput& out) {
  flush_deferred_pong(out);  // a pong owed goes out before the server's close
  // §5.5.1: a received close MUST be answered with a close (no-close-reply does not).
  if (!has(BrokenMode::no_close_reply)) {
    send_frame(wire::opcode::close, wire::encode_close_payload(pending_close_reply_), out);
  }
  if (has(BrokenMode::keep_tcp_open)) {
    // §7.1.1: the server should close TCP first, at once; keep-tcp-open waits for the client.
    phase_ = Phase::awaiting_client_end;
    out.wake_after = options_.keep_tcp_open_for;
    return;
  }
  // §5.5.1: after sending and receiving a close, the server MUST close TCP immediately.
  end(out);
}

void Session::fail_connection(wire::Rule rule, SessionOutput& out) {
  flush_deferred_pong(out);  // a pong owed goes out before the server's close
  // §7.1.7: _Fail the WebSocket Connection_: send a close with the rule's code (1002, 1007,
  // 1009) and close TCP, processing nothing after. fail-by-drop omits the close frame, as §7.1.7
  // and §10.7 allow.
  if (!liberal(LiberalMode::fail_by_drop)) {
    const std::uint16_t code = failure_close_code(rule, options_.modes, options_.liberties);
    send_frame(wire::opcode::close, wire::encode_close_payload(code), out);
  }
  end(out);
}

void Session::send_frame(std::uint8_t opcode, wire::ByteView payload, SessionOutput& out) {
  // §5.1: a server MUST NOT mask the frames it sends.
  wire::encode_frame_into(wire::make_frame(opcode, payload), out.bytes);
}

void Session::end(SessionOutput& out) {
  flush_deferred_pong(out);
  phase_ = Phase::ended;
  out.end_tcp = true;
  out.wake_after.reset();
}

}  // namespace wsconform::raw_server
