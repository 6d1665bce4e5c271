// CaseSession: the steps of scenarios/README.md, and the cleanup that ends every case.
#include <algorithm>
#include <utility>
#include <variant>

#include "scenario/model/barrier.hpp"
#include "scenario/runner/describe.hpp"
#include "scenario/runner/session.hpp"
#include "wire/close_payload.hpp"

namespace wsconform::scenario::runner_detail {
namespace {

// A send with `fragment_size` names its first fragments in the transcript, then counts the rest.
constexpr std::size_t kFragmentsDescribed = 3;

net::WritePlan plan_of(const Segmentation& segmentation) {
  return net::WritePlan{segmentation.sizes, segmentation.chop, segmentation.delay};
}

std::string await_target(const AwaitStep& step) {
  switch (step.what) {
    case AwaitStep::What::message:
      return std::to_string(step.count) + (step.count == 1 ? " message" : " messages");
    case AwaitStep::What::pong:
      return std::to_string(step.count) + (step.count == 1 ? " pong" : " pongs");
    case AwaitStep::What::close:
      return "the server's close frame";
    case AwaitStep::What::end:
      return "the end of the connection";
  }
  return "?";
}

std::string milliseconds_text(Clock::duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) +
         " ms";
}

}  // namespace

asio::awaitable<void> CaseSession::run_steps(std::size_t first) {
  std::size_t last_load = case_.steps.size();
  for (std::size_t index = 0; index < case_.steps.size(); ++index) {
    if (std::holds_alternative<EchoLoadStep>(case_.steps[index].step)) last_load = index;
  }
  for (std::size_t index = first; index < case_.steps.size() && !ended_; ++index) {
    co_await std::visit([this](const auto& step) { return run_step(step); },
                        case_.steps[index].step);
    if (index == last_load && on_measured_) std::exchange(on_measured_, nullptr)();
  }
}

bool CaseSession::skip_if_ended(const char* step_name) {
  if (can_write()) return false;
  if (!ended_) {
    note(std::string(step_name) +
         " skipped: " + (write_failed_ ? "an earlier write failed" : "the connection has ended"));
  }
  return true;
}

asio::awaitable<void> CaseSession::run_step(const HandshakeStep&) {
  note("handshake step skipped: only the first step of a case may be a handshake");
  co_return;
}

asio::awaitable<void> CaseSession::run_step(const SendFrameStep& step) {
  if (skip_if_ended("send")) co_return;
  wire::Bytes bytes;
  std::string summary;
  bool is_close = false;
  const wire::Bytes& payload = step.frame.payload;
  if (step.fragment_size == 0 || payload.size() <= step.fragment_size) {
    is_close = append_step_frame(step.frame, step.unmasked, bytes, summary);
  } else {
    // The payload as one message in frames of `fragment_size` bytes (§5.4): the first carries
    // the opcode and the RSV bits, the rest are continuations, and the last one the step's FIN.
    std::size_t frames = 0;
    for (std::size_t offset = 0; offset < payload.size(); offset += step.fragment_size, ++frames) {
      const std::size_t size = std::min(step.fragment_size, payload.size() - offset);
      wire::FrameSpec fragment;
      fragment.opcode = offset == 0 ? step.frame.opcode : wire::opcode::continuation;
      fragment.fin = offset + size == payload.size() && step.frame.fin;
      if (offset == 0) {
        fragment.rsv1 = step.frame.rsv1;
        fragment.rsv2 = step.frame.rsv2;
        fragment.rsv3 = step.frame.rsv3;
      }
      fragment.mask = step.frame.mask;
      fragment.apply_mask = step.frame.apply_mask;
      fragment.payload.assign(payload.begin() + static_cast<std::ptrdiff_t>(offset),
                              payload.begin() + static_cast<std::ptrdiff_t>(offset + size));
      std::string described;
      is_close =
          append_step_frame(std::move(fragment), step.unmasked, bytes, described) || is_close;
      if (frames < kFragmentsDescribed) {
        summary += (summary.empty() ? "" : ", then ") + described;
      }
    }
    if (frames > kFragmentsDescribed) {
      summary += ", and " + std::to_string(frames - kFragmentsDescribed) + " more of " +
                 std::to_string(frames) + " fragments";
    }
  }
  if (step.probe) append_probe(bytes, summary);
  co_await send_or_hold(std::move(bytes), step.segmentation, std::move(summary), is_close,
                        step.with_next);
}

bool CaseSession::append_step_frame(wire::FrameSpec spec, bool unmasked, wire::Bytes& bytes,
                                    std::string& summary) {
  // §5.3: a client masks every frame with a fresh random key; `unmasked` breaks that on purpose.
  if (unmasked) {
    spec.mask.reset();
  } else if (!spec.mask) {
    spec.mask = next_mask(step_rng_);
  }
  const bool is_ping = spec.opcode == wire::opcode::ping;
  if (!is_ping) track_sent_frame(spec.opcode, spec.fin, spec.payload);
  summary = describe_frame(spec);
  const std::size_t frame_start = bytes.size();
  wire::encode_frame_into(spec, bytes);
  // A ping is tracked as the server reads it (a payload left unmasked on purpose reads as
  // another payload), so that its pong is recognised.
  if (is_ping) {
    const std::size_t pings_before = transcript_.sent_pings.size();
    track_sent_raw(wire::ByteView(bytes).subspan(frame_start));
    if (transcript_.sent_pings.size() == pings_before)
      transcript_.sent_pings.push_back(spec.payload);
  }
  return spec.opcode == wire::opcode::close;
}

asio::awaitable<void> CaseSession::run_step(const SendRawStep& step) {
  if (skip_if_ended("send_raw")) co_return;
  const bool has_close = track_sent_raw(step.bytes);
  wire::Bytes bytes = step.bytes;
  std::string summary;
  if (step.probe) append_probe(bytes, summary);
  co_await send_or_hold(std::move(bytes), step.segmentation, std::move(summary), has_close,
                        step.with_next);
}

asio::awaitable<void> CaseSession::send_or_hold(wire::Bytes bytes, const Segmentation& segmentation,
                                                std::string summary, bool has_close,
                                                bool with_next) {
  if (held_.holding) {
    held_.bytes.insert(held_.bytes.end(), bytes.begin(), bytes.end());
    bytes = std::move(held_.bytes);
    if (!held_.summary.empty() && !summary.empty()) held_.summary += ", then ";
    summary = std::move(held_.summary) + summary;
    has_close = has_close || held_.has_close;
    held_ = {};
  }
  if (with_next) {
    held_ = {true, std::move(bytes), std::move(summary), has_close};
    co_return;
  }
  co_await send_and_wait(std::move(bytes), plan_of(segmentation), std::move(summary), has_close);
}

asio::awaitable<void> CaseSession::run_step(const TcpEndStep& step) {
  const bool reset = step.how == TcpEndStep::How::reset;
  if (skip_if_ended(reset ? "reset" : "half_close")) co_return;
  // What the steps before queued goes out first: the TCP end comes behind it.
  while (!outbox_.empty() && !ended_ && writer_running_)
    co_await signal_.wait_until(case_deadline_);
  if (reset) {
    connection_.reset();
    end_tcp(TcpEnd::harness_closed, "the harness reset the connection (RST), as the case says");
  } else {
    connection_.shutdown_send();
    half_closed_ = true;
    note("the harness half-closed the connection (FIN), as the case says; it goes on reading");
  }
}

void CaseSession::append_probe(wire::Bytes& bytes, std::string& summary) {
  const wire::Bytes payload = wire::bytes_of(kProbePingPayload);
  const wire::FrameSpec ping = masked_frame(wire::opcode::ping, payload, step_rng_);
  track_sent_frame(wire::opcode::ping, true, payload);
  wire::encode_frame_into(ping, bytes);
  if (!summary.empty()) summary += ", then ";
  summary += describe_frame(ping) + " (probe)";
}

asio::awaitable<void> CaseSession::run_step(const WaitStep& step) {
  const Clock::time_point deadline = std::min(Clock::now() + step.duration, case_deadline_);
  while (!ended_ && Clock::now() < deadline) co_await signal_.wait_until(deadline);
}

asio::awaitable<void> CaseSession::run_step(const AwaitStep& step) {
  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = step_deadline(step.timeout);
  const auto satisfied = [&] {
    switch (step.what) {
      case AwaitStep::What::message:
        return transcript_.messages.size() >= messages_awaited_ + step.count;
      case AwaitStep::What::pong:
        return application_pongs_ >= pongs_awaited_ + step.count;
      case AwaitStep::What::close:
        return transcript_.server_close.has_value();
      case AwaitStep::What::end:
        return transcript_.tcp_end != TcpEnd::open;
    }
    return true;
  };
  // Frames can no longer arrive (or be decoded); the end of TCP can as long as the reader runs.
  const auto hopeless = [&] {
    return step.what == AwaitStep::What::end ? !reader_running_ : !receiving_possible();
  };
  while (!satisfied() && !hopeless() && !ended_ && Clock::now() < deadline) {
    co_await signal_.wait_until(deadline);
  }
  const bool arrived = satisfied();
  if (!arrived && !ended_) {
    const std::string what = "await " + await_target(step);
    if (hopeless()) {
      note(what + ": the connection ended (or its framing broke) first");
    } else {
      record(Event::Kind::timeout,
             what + ": not there after " + milliseconds_text(Clock::now() - started));
      if (step.what == AwaitStep::What::end || step.what == AwaitStep::What::close) {
        end_wait_expired_ = true;
      }
    }
  }
  // Cursors move past what arrived, so the next await waits for new events only.
  if (step.what == AwaitStep::What::message) {
    messages_awaited_ = arrived ? messages_awaited_ + step.count : transcript_.messages.size();
  } else if (step.what == AwaitStep::What::pong) {
    pongs_awaited_ = arrived ? pongs_awaited_ + step.count : application_pongs_;
  }
}

asio::awaitable<void> CaseSession::run_step(const BarrierStep& step) {
  if (skip_if_ended("barrier")) co_return;
  // A ping with a payload the server has never seen: its pong proves that everything the server
  // sent before it has arrived (§5.5.2 pongs answer pings in order with the same payload).
  const std::uint64_t nonce = step_rng_();
  const std::string payload =
      std::string(kBarrierPingPrefix) +
      wire::to_hex(wire::ByteView(reinterpret_cast<const std::uint8_t*>(&nonce), sizeof nonce));
  barrier_payload_ = wire::bytes_of(payload);
  barrier_answered_ = false;
  const wire::FrameSpec ping = masked_frame(wire::opcode::ping, *barrier_payload_, step_rng_);
  const Clock::time_point started = Clock::now();
  co_await send_and_wait(wire::encode_frame(ping), {}, describe_frame(ping) + " (barrier)", false);
  const Clock::time_point deadline = step_deadline(step.timeout);
  while (!barrier_answered_ && receiving_possible() && Clock::now() < deadline) {
    co_await signal_.wait_until(deadline);
  }
  if (!barrier_answered_ && !ended_) {
    if (receiving_possible()) {
      record(Event::Kind::timeout, "barrier: no pong for the barrier ping after " +
                                       milliseconds_text(Clock::now() - started));
    } else {
      note("barrier: the connection ended (or its framing broke) before the pong");
    }
  }
  barrier_payload_.reset();
}

asio::awaitable<void> CaseSession::run_step(const CloseStep& step) {
  if (close_replied_automatically_) {
    note("close: a close frame was already sent in answer to the server's; waiting for the end");
  } else {
    if (skip_if_ended("close")) co_return;
    wire::Bytes body;
    if (step.raw_body) {
      body = *step.raw_body;
    } else if (step.code || !step.reason.empty()) {
      body = wire::encode_close_payload(step.code, wire::string_of(step.reason));
    }
    const wire::FrameSpec close = masked_frame(wire::opcode::close, std::move(body), step_rng_);
    if (transcript_.harness_close_at_us < 0) transcript_.harness_close_at_us = now_us();
    co_await send_and_wait(wire::encode_frame(close), {}, describe_frame(close), true);
    end_if_decided();  // a failure the server owed before our close can no longer come in time
    if (ended_) co_return;
  }
  co_await wait_for_close_and_end(step_deadline(std::nullopt), step.wait_for_end);
}

asio::awaitable<bool> CaseSession::wait_for_close_and_end(Clock::time_point deadline,
                                                          bool wait_for_end) {
  const Clock::time_point started = Clock::now();
  // §7.1.1: after the closing handshake the server closes TCP first.
  const auto done = [&] {
    if (transcript_.tcp_end != TcpEnd::open) return true;
    return transcript_.server_close.has_value() && !wait_for_end;
  };
  while (!done() && !ended_ && reader_running_ && Clock::now() < deadline) {
    co_await signal_.wait_until(deadline);
  }
  if (!done() && !ended_ && reader_running_) {
    end_wait_expired_ = true;
    if (transcript_.server_close && transcript_.client_sent_close) {
      transcript_.tcp_kept_open_after_closes_us =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    }
    record(Event::Kind::timeout, (transcript_.server_close ? "the server did not end the connection"
                                                           : "no close frame from the server") +
                                     std::string(" after ") +
                                     milliseconds_text(Clock::now() - started));
  }
  co_return done();
}

asio::awaitable<void> CaseSession::cleanup() {
  if (ended_ || transcript_.tcp_end != TcpEnd::open) co_return;
  const Clock::time_point deadline = step_deadline(std::nullopt);
  if (!transcript_.client_sent_close && can_write()) {
    note("cleanup: the case left the connection open; closing it with 1000");
    if (transcript_.harness_close_at_us < 0) transcript_.harness_close_at_us = now_us();
    const wire::FrameSpec close =
        masked_frame(wire::opcode::close, wire::encode_close_payload(1000), reply_rng_);
    co_await send_and_wait(wire::encode_frame(close), {}, describe_frame(close) + " (cleanup)",
                           true);
    end_if_decided();
    if (ended_) co_return;
    co_await wait_for_close_and_end(deadline, true);
  } else if (!end_wait_expired_) {
    co_await wait_for_close_and_end(deadline, true);
  }
  if (transcript_.tcp_end == TcpEnd::open && !ended_) {
    note("cleanup: the connection is still open; the harness closes it");
  }
}

void CaseSession::track_sent_frame(std::uint8_t opcode, bool fin, const wire::Bytes& payload) {
  if (opcode == wire::opcode::close) {
    transcript_.client_sent_close = true;
    return;
  }
  if (opcode == wire::opcode::ping) {
    transcript_.sent_pings.push_back(payload);
    return;
  }
  // §5.4: a message is a text or binary frame and its continuations up to the one with FIN.
  if (opcode == wire::opcode::text || opcode == wire::opcode::binary) {
    outgoing_opcode_ = opcode;
    outgoing_message_ = payload;
  } else if (opcode == wire::opcode::continuation && outgoing_opcode_ != 0) {
    outgoing_message_.insert(outgoing_message_.end(), payload.begin(), payload.end());
  } else {
    return;  // control frames, reserved opcodes, stray continuations: not part of a message
  }
  if (!fin) return;
  transcript_.sent_messages.push_back(std::move(outgoing_message_));
  transcript_.sent_message_opcodes.push_back(outgoing_opcode_);
  outgoing_message_ = {};
  outgoing_opcode_ = 0;
}

bool CaseSession::track_sent_raw(wire::ByteView bytes) {
  // Raw bytes are read back leniently, as far as they make frames, to know what was sent.
  wire::DecoderOptions options;
  options.sender = wire::Sender::client;
  options.max_frame_payload = bytes.size();
  options.max_message_size = bytes.size();
  options.allowed_rsv_mask = 0x70;
  options.require_minimal_length = false;
  options.check_utf8 = false;
  options.check_close_payload = false;
  options.enforce_masking = false;
  options.enforce_reserved_opcodes = false;
  options.enforce_control_length = false;
  options.enforce_control_fin = false;
  options.enforce_continuation_rules = false;
  wire::FrameDecoder decoder(options);
  bool has_close = false;
  while (!bytes.empty()) {
    const wire::DecodeStep step = decoder.decode(bytes);
    if (step.kind != wire::DecodeStep::Kind::frame) break;
    has_close = has_close || step.frame.opcode == wire::opcode::close;
    track_sent_frame(step.frame.opcode, step.frame.fin, step.frame.payload);
  }
  return has_close;
}

}  // namespace wsconform::scenario::runner_detail
