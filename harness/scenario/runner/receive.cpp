// CaseSession: reading, decoding and recording what the server sends, and the automatic answers
// a client owes it (pongs, the closing handshake).
#include <algorithm>

#include "scenario/judge/describe.hpp"
#include "scenario/model/barrier.hpp"
#include "scenario/runner/describe.hpp"
#include "scenario/runner/session.hpp"
#include "wire/close_payload.hpp"
#include "wire/semantics.hpp"

namespace wsconform::scenario::runner_detail {

asio::awaitable<void> CaseSession::read_loop() {
  if (!pending_input_.empty()) {
    const wire::Bytes first = std::move(pending_input_);
    pending_input_.clear();
    consume(first);
  }
  while (!finished_ && !ended_ && transcript_.tcp_end == TcpEnd::open) {
    // A flood step plays a client that never reads: what the server sends backs up in TCP.
    if (reading_paused_) {
      if (Clock::now() >= case_deadline_) co_return;
      co_await signal_.wait_until(case_deadline_);
      continue;
    }
    const auto remaining = case_deadline_ - Clock::now();
    if (remaining <= Clock::duration::zero()) co_return;
    const net::ReadResult result = co_await connection_.read_some(remaining);
    switch (result.status) {
      case net::ReadStatus::data:
        transcript_.bytes_received += result.bytes.size();
        consume(result.bytes);
        break;
      case net::ReadStatus::fin:
        end_tcp(TcpEnd::fin, "the server closed the connection (FIN)");
        break;
      case net::ReadStatus::rst:
        end_tcp(TcpEnd::rst, "the server reset the connection (RST)");
        break;
      case net::ReadStatus::timeout:
        break;  // the case deadline: the watchdog ends the case
      case net::ReadStatus::aborted:
        co_return;
      case net::ReadStatus::error:
        note("reading failed: " + result.error.message());
        connection_.close();
        end_tcp(TcpEnd::harness_closed, "the harness closed the connection after a read error");
        co_return;
    }
  }
}

void CaseSession::consume(wire::ByteView bytes) {
  while (!bytes.empty()) {
    // After a violation the stream has no trustworthy framing: count the bytes, decode nothing.
    if (decoder_.failed()) {
      bytes_after_violation_ += bytes.size();
      return;
    }
    wire::DecodeStep step = decoder_.decode(bytes);
    switch (step.kind) {
      case wire::DecodeStep::Kind::need_more:
        return;
      case wire::DecodeStep::Kind::frame:
        on_frame(std::move(step.frame));
        break;
      case wire::DecodeStep::Kind::violation:
        on_violation(step.violation);
        break;
    }
  }
}

bool CaseSession::receiving_possible() const {
  return transcript_.tcp_end == TcpEnd::open && !decoder_.failed() && reader_running_ && !ended_;
}

void CaseSession::on_frame(wire::Frame frame) {
  if (take_receive_budget()) {
    record(Event::Kind::frame_received, describe_frame(frame), frame.payload);
  }
  if (transcript_.frames_received.size() < kMaxRecordedFrames) {
    wire::Bytes payload = std::move(frame.payload);
    transcript_.frames_received.push_back(frame);
    transcript_.frames_received.back().payload = capped(payload);
    frame.payload = std::move(payload);
  } else {
    ++unrecorded_;
  }
  switch (frame.opcode) {
    case wire::opcode::ping:
      on_ping(frame);
      break;
    case wire::opcode::pong:
      on_pong(frame);
      break;
    case wire::opcode::close:
      on_close(frame);
      break;
    default:
      on_data_frame(frame);
      break;
  }
  signal_.notify();
  end_if_decided();
}

void CaseSession::on_data_frame(const wire::Frame& frame) {
  // §5.5.1: after sending a Close frame an endpoint MUST NOT send any more data frames.
  if (transcript_.server_close && !transcript_.data_after_server_close) {
    transcript_.data_after_server_close = true;
    note("a data frame arrived after the server's close frame");
  }
  if (load_awaiting_) {
    on_load_frame(frame);  // checked against the pattern as it arrives, never kept
    return;
  }
  // §5.4: a message is its first frame (text or binary) and its continuations, up to FIN. The
  // decoder has already refused continuations without a message and interleaved data frames.
  if (frame.opcode != wire::opcode::continuation) {
    incoming_opcode_ = frame.opcode;
    incoming_message_.clear();
  }
  incoming_message_.insert(incoming_message_.end(), frame.payload.begin(), frame.payload.end());
  if (!frame.fin) return;

  ReceivedMessage message;
  message.opcode = incoming_opcode_;
  message.payload = std::move(incoming_message_);
  message.at_us = now_us();
  incoming_message_ = {};
  incoming_opcode_ = 0;
  // The echoes of a flood are counted, not kept: a client that read nothing may get 64 MiB back.
  if (!transcript_.floods.empty() && message.opcode == flood_opcode_ &&
      message.payload == flood_payload_) {
    ++transcript_.floods.back().echoes_received;
    return;
  }
  const std::uint64_t size = message.payload.size();
  const bool within_caps = transcript_.messages.size() < kMaxRecordedMessages &&
                           recorded_message_bytes_ + size <= kMaxRecordedMessageBytes;
  if (!within_caps) {
    ++unrecorded_;
    return;
  }
  if (take_receive_budget()) {
    record(Event::Kind::message_received,
           std::string(wire::opcode_name(message.opcode)) + " message, " + std::to_string(size) +
               " bytes",
           message.payload);
  }
  recorded_message_bytes_ += size;
  transcript_.messages.push_back(std::move(message));
}

void CaseSession::on_ping(const wire::Frame& frame) {
  // §5.5.2: a ping is answered with a pong carrying the same payload, unless a close frame has
  // already been received.
  if (transcript_.server_close) {
    note("no pong for a ping that came after the server's close frame");
    return;
  }
  if (!can_write()) return;
  const wire::FrameSpec pong = masked_frame(wire::opcode::pong, frame.payload, reply_rng_);
  std::string summary = describe_frame(pong) + " (answering a ping)";
  // §5.5.3: with a pong still unsent, answering only the latest ping is allowed. Replacing the
  // queued one keeps the queue bounded against a server that pings without reading.
  if (queued_pong_ && !queued_pong_->started) {
    queued_pong_->bytes = wire::encode_frame(pong);
    queued_pong_->summary = std::move(summary);
    if (!pong_replaced_) note("a newer ping replaces the pong still waiting to be sent");
    pong_replaced_ = true;
    return;
  }
  queued_pong_ = enqueue(wire::encode_frame(pong), {}, std::move(summary), false);
  queued_pong_->automatic = true;
}

void CaseSession::on_pong(const wire::Frame& frame) {
  if (transcript_.pongs.size() < kMaxRecordedPongs) {
    transcript_.pongs.push_back(frame.payload);
  } else {
    ++unrecorded_;
  }
  if (barrier_payload_ && frame.payload == *barrier_payload_) {
    barrier_answered_ = true;
    barrier_payload_.reset();
  } else if (!is_barrier_pong(frame.payload) &&
             judge_detail::answers_a_ping(transcript_, frame.payload, case_.expect)) {
    ++application_pongs_;  // an unsolicited pong (§5.5.3 MAY) satisfies no `await: pong`
  }
}

void CaseSession::on_close(const wire::Frame& frame) {
  const ReceivedClose close = parse_close_leniently(frame.payload, now_us());
  if (transcript_.server_close) {
    note("another close frame from the server: " + describe_close_body(close));
    return;
  }
  transcript_.server_close = close;
  if (transcript_.client_sent_close || !can_write()) return;

  // §5.5.1: an endpoint that receives a Close frame and has not sent one sends one in response,
  // typically echoing the status code it received. A code that may never be sent (§7.4.1: 1005,
  // 1006, 1015, unassigned) or a 1-byte body is a protocol error, answered with 1002 instead.
  std::optional<std::uint16_t> reply_code;
  if (close.code) {
    reply_code = wire::close_code_sendable(*close.code) ? *close.code : 1002;
  } else if (close.body_size == 1) {
    reply_code = 1002;
  }
  const wire::FrameSpec reply =
      masked_frame(wire::opcode::close, wire::encode_close_payload(reply_code), reply_rng_);
  close_replied_automatically_ = true;
  enqueue(wire::encode_frame(reply), {}, describe_frame(reply) + " (answering the server's close)",
          true);
}

void CaseSession::on_violation(const wire::Violation& violation) {
  transcript_.server_violation = violation;
  const wire::RuleInfo& rule = wire::rule_info(violation.rule);
  record(Event::Kind::server_violation,
         "§" + std::string(rule.section) + " " + std::string(rule.id) + ": " + violation.detail +
             " (stream byte " + std::to_string(violation.offset) + ")");
  incoming_message_ = {};
  incoming_opcode_ = 0;
  signal_.notify();
  end_if_decided();  // a framing violation by the server fails the case whatever follows
}

}  // namespace wsconform::scenario::runner_detail
