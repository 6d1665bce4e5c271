// BurstClient once upgraded: numbered messages out, echoes checked, pings answered, the close
// handshake.
#include <algorithm>
#include <asio/write.hpp>
#include <cstring>

#include "overload/burst_client.hpp"
#include "overload/burst_payload.hpp"

namespace wsconform::overload {

using End = scenario::BurstConnection::End;

namespace {

constexpr std::size_t kWriteChunk = 8 * 1024;  // pipelined messages go out in writes this big
constexpr std::uint16_t kNormalClosure = 1000;

std::optional<std::uint16_t> close_code_of(const wire::Frame& frame) {
  if (frame.payload.size() < 2) return std::nullopt;
  return static_cast<std::uint16_t>((frame.payload[0] << 8) | frame.payload[1]);
}

}  // namespace

void BurstClient::on_upgraded() {
  record_.upgraded_us = shared_.now_us();
  upgraded_at_ = Clock::now();
  observer_.on_upgraded();
  decoder_ = std::make_unique<wire::FrameDecoder>(shared_.decoder_options);
  phase_ = Phase::open;
  cancel_timer();
  const auto& spec = shared_.spec;
  const auto messages = static_cast<std::uint32_t>(spec.messages);
  if (messages == 0) {
    after_last_echo();
    return;
  }
  if (spec.message_rate > 0) {
    due_ = 1;  // the first right away, the rest on the schedule
    if (messages > 1) on_pace();
  } else {
    due_ = messages;  // pipelined: all at once
  }
  flush();
}

void BurstClient::on_pace() {
  const auto messages = static_cast<std::uint32_t>(shared_.spec.messages);
  if (phase_ != Phase::open || due_ >= messages) return;
  // Absolute schedule from the upgrade: message k is due at k / rate, so late timers catch up.
  const double seconds = std::chrono::duration<double>(Clock::now() - upgraded_at_).count();
  const auto on_schedule = static_cast<std::uint32_t>(seconds * shared_.spec.message_rate) + 1;
  due_ = std::min(messages, std::max(due_, on_schedule));
  flush();
  if (due_ < messages) {
    const std::chrono::duration<double> at(static_cast<double>(due_) / shared_.spec.message_rate);
    arm_timer(upgraded_at_ + std::chrono::ceil<Clock::duration>(at), TimerUse::pace);
  }
}

void BurstClient::consume_frames(wire::ByteView& data) {
  while (!data.empty() && (phase_ == Phase::open || phase_ == Phase::closing)) {
    const wire::DecodeStep step = decoder_->decode(data);
    switch (step.kind) {
      case wire::DecodeStep::Kind::need_more:
        return;
      case wire::DecodeStep::Kind::violation:
        // §7.1.7: the server broke framing, so the connection is failed: TCP is closed at once
        // (the close frame it SHOULD get is skipped; a burst does not wait on a broken peer).
        finish(End::violation);
        return;
      case wire::DecodeStep::Kind::frame:
        on_frame(step.frame);
        break;
    }
  }
  if (phase_ == Phase::awaiting_tcp_end) data = {};  // §5.5.1: nothing after the close counts
}

void BurstClient::on_frame(const wire::Frame& frame) {
  switch (frame.opcode) {
    case wire::opcode::text:
    case wire::opcode::binary:
    case wire::opcode::continuation:
      on_data_frame(frame);
      return;
    case wire::opcode::ping:
      // §5.5.2: a ping is answered with a pong carrying its payload; §5.5.3 allows answering only
      // the latest of several, which keeps this bounded.
      if (close_queued_) return;
      pong_size_ = static_cast<std::uint8_t>(std::min(frame.payload.size(), pong_payload_.size()));
      std::memcpy(pong_payload_.data(), frame.payload.data(), pong_size_);
      pong_queued_ = true;
      flush();
      return;
    case wire::opcode::pong:
      return;  // §5.5.3: an unsolicited pong needs no answer
    case wire::opcode::close:
      on_close_frame(frame);
      return;
    default:
      return;  // the strict decoder refuses reserved opcodes
  }
}

void BurstClient::on_data_frame(const wire::Frame& frame) {
  if (frame.opcode != wire::opcode::continuation) {
    // The k-th message back is checked against the k-th sent: a lost, repeated, reordered or
    // altered echo does not match. Our messages are text.
    message_offset_ = 0;
    message_intact_ = received_ < record_.messages_sent && frame.opcode == wire::opcode::text;
  }
  const std::size_t size = shared_.spec.message_size;
  if (message_intact_) {
    message_intact_ = message_offset_ + frame.payload.size() <= size &&
                      payload_matches(received_, message_offset_, frame.payload);
  }
  message_offset_ +=
      static_cast<std::uint32_t>(std::min<std::size_t>(frame.payload.size(), size + 1));
  if (!frame.fin) return;
  if (message_intact_ && message_offset_ == size) {
    ++record_.echoes;
    observer_.on_echo();
  } else {
    record_.echo_mismatch = true;
  }
  ++received_;
  if (received_ == shared_.spec.messages && phase_ == Phase::open) after_last_echo();
}

void BurstClient::on_close_frame(const wire::Frame& frame) {
  record_.close_code = close_code_of(frame);
  record_.close_without_code = !record_.close_code.has_value();
  observer_.on_server_close(record_.close_code);
  if (!close_sent_) record_.server_closed_first = true;
  if (!close_queued_) {
    // §5.5.1: an endpoint that receives a close frame and has not sent one MUST answer with one,
    // typically echoing the status code it received.
    close_queued_ = true;
    reply_has_code_ = record_.close_code.has_value();
    reply_code_ = record_.close_code.value_or(kNormalClosure);
  }
  // §7.1.1: the server closes TCP first; the client waits for it, bounded.
  phase_ = Phase::awaiting_tcp_end;
  arm_timer(Clock::now() + shared_.spec.step_timeout, TimerUse::deadline);
  flush();
}

void BurstClient::after_last_echo() {
  if (shared_.spec.hold.count() > 0) {
    arm_timer(Clock::now() + shared_.spec.hold, TimerUse::hold);
  } else {
    begin_close();
  }
}

void BurstClient::begin_close() {
  if (close_queued_ || phase_ != Phase::open) return;
  close_queued_ = true;
  reply_has_code_ = true;
  reply_code_ = kNormalClosure;
  phase_ = Phase::closing;
  arm_timer(Clock::now() + shared_.spec.step_timeout, TimerUse::deadline);
  flush();
}

void BurstClient::flush() {
  if (writing_ || phase_ == Phase::done) return;
  fill_writes();
  if (out_.empty()) {
    if (record_.messages_sent >= shared_.spec.messages) wire::Bytes().swap(out_);  // idle: free it
    return;
  }
  writing_ = true;
  asio::async_write(
      socket_, asio::buffer(out_),
      [self = shared_from_this()](const std::error_code& e, std::size_t) { self->on_written(e); });
}

void BurstClient::fill_writes() {
  out_.clear();
  if (close_sent_) return;  // §5.5.1: nothing after our close frame
  if (pong_queued_) {
    shared_.scratch.payload.assign(pong_payload_.begin(), pong_payload_.begin() + pong_size_);
    append_frame(wire::opcode::pong);
    pong_queued_ = false;
  }
  if (close_queued_) {
    shared_.scratch.payload.clear();
    if (reply_has_code_) {
      shared_.scratch.payload.push_back(static_cast<std::uint8_t>(reply_code_ >> 8));
      shared_.scratch.payload.push_back(static_cast<std::uint8_t>(reply_code_));
    }
    append_frame(wire::opcode::close);
    close_sent_ = true;
    return;
  }
  if (phase_ != Phase::open) return;
  const std::size_t size = shared_.spec.message_size;
  while (record_.messages_sent < due_ && (out_.empty() || out_.size() + size <= kWriteChunk)) {
    shared_.scratch.payload.resize(size);
    fill_payload(record_.messages_sent, shared_.scratch.payload);
    append_frame(wire::opcode::text);
    ++record_.messages_sent;
  }
}

void BurstClient::append_frame(std::uint8_t opcode) {
  wire::FrameSpec& frame = shared_.scratch;  // its payload is already set
  frame.fin = true;
  frame.opcode = opcode;
  // §5.1 and §5.3: every client frame is masked, with a fresh key each.
  const std::uint64_t random = shared_.rng();
  frame.mask = wire::MaskKey{
      static_cast<std::uint8_t>(random), static_cast<std::uint8_t>(random >> 8),
      static_cast<std::uint8_t>(random >> 16), static_cast<std::uint8_t>(random >> 24)};
  wire::encode_frame_into(frame, out_);
}

void BurstClient::on_written(const std::error_code& error) {
  writing_ = false;
  if (phase_ == Phase::done) {
    wire::Bytes().swap(out_);
    return;
  }
  if (error) {
    on_tcp_end();
    return;
  }
  out_.clear();
  flush();
}

}  // namespace wsconform::overload
