// CaseSession: life cycle (connect, handshake, steps, cleanup, timeouts), recording and writing.
#include "scenario/runner/session.hpp"

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/ip/address.hpp>
#include <exception>

#include "scenario/judge/judge.hpp"
#include "scenario/model/verdict.hpp"
#include "scenario/runner/describe.hpp"

namespace wsconform::scenario::runner_detail {
namespace {

// splitmix64: spreads a seed over all 64 bits.
std::uint64_t mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ull;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
  return value ^ (value >> 31);
}

wire::DecoderOptions server_decoder_options(const RunOptions& options) {
  wire::DecoderOptions decoder;
  decoder.sender = wire::Sender::server;  // §5.1: frames from a server must not be masked
  decoder.max_frame_payload = options.max_message_size;
  decoder.max_message_size = options.max_message_size;
  decoder.check_utf8 = true;
  // Close bodies are recorded as they are: the judge decides what a bad one means.
  decoder.check_close_payload = false;
  return decoder;
}

bool is_ip_literal(const std::string& host) {
  std::error_code not_an_address;
  asio::ip::make_address(host, not_an_address);
  return !not_an_address;
}

}  // namespace

std::uint64_t case_seed(std::uint64_t run_seed, std::string_view case_id) {
  std::uint64_t hash = 0xCBF29CE484222325ull;  // FNV-1a: the same on every platform
  for (char c : case_id) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001B3ull;
  }
  return mix(run_seed ^ mix(hash));
}

CaseSession::CaseSession(asio::any_io_executor executor, const Case& test_case,
                         const RunContext& context)
    : executor_(executor),
      case_(test_case),
      context_(context),
      connection_(executor),
      signal_(executor),
      watchdog_(executor),
      step_rng_(case_seed(context.options.seed, test_case.id)),
      reply_rng_(mix(case_seed(context.options.seed, test_case.id))),
      decoder_(server_decoder_options(context.options)) {
  transcript_.case_id = test_case.id;
  transcript_.target = context.target.url;
}

asio::awaitable<void> CaseSession::run() {
  start_ = Clock::now();
  case_deadline_ = start_ + case_.timeout.value_or(context_.options.case_timeout);
  arm_watchdog();
  try {
    co_await run_body();
  } catch (const std::exception& error) {
    if (!transcript_.harness_error)
      transcript_.harness_error = "internal error: " + std::string(error.what());
  }
  finished_ = true;
  report_steps_done();  // also when the case never got to its steps
  watchdog_.cancel();
  connection_.close();
  signal_.notify();
  co_await wait_for_helpers();
  finish_recording();
}

asio::awaitable<void> CaseSession::run_body() {
  const RunOptions& options = context_.options;
  net::ConnectOptions connect;
  connect.timeout = options.connect_timeout;
  connect.tls = context_.tls;
  if (context_.tls != nullptr) {
    const std::string& host = context_.target.host;
    // RFC 6066 §3: SNI carries host names only, never an IP address.
    connect.sni = !options.sni.empty() ? options.sni : (is_ip_literal(host) ? "" : host);
    if (!options.insecure) connect.verify_host = host;
  }
  const net::ConnectResult connected =
      co_await connection_.connect(context_.target.host, context_.target.port, connect);
  if (ended_) co_return;
  if (!connected.ok()) {
    end_tcp(TcpEnd::connect_failed, "connect failed: " + connected.message);
    transcript_.harness_error = connected.message;
    co_return;
  }
  record(Event::Kind::connected, "connected to " + connected.peer);

  std::size_t first_step = 0;
  HandshakeStep implicit;
  const HandshakeStep* handshake_step = &implicit;
  if (!case_.steps.empty()) {
    if (const auto* own = std::get_if<HandshakeStep>(&case_.steps.front().step)) {
      handshake_step = own;
      first_step = 1;
    }
  }
  const bool upgraded = co_await handshake(*handshake_step, first_step == 1);
  if (!handshake_step->await_response && !ended_) {
    // A client stalled inside its handshake: the steps that follow only wait (the loader allows
    // nothing else), and nothing is read.
    co_await run_steps(first_step);
    report_steps_done();
    co_return;
  }
  if (!upgraded || ended_) co_return;

  reader_running_ = true;
  writer_running_ = true;
  auto self = shared_from_this();
  asio::co_spawn(executor_, read_loop(), [self](std::exception_ptr) {
    self->reader_running_ = false;
    self->signal_.notify();
  });
  asio::co_spawn(executor_, write_loop(), [self](std::exception_ptr) {
    self->writer_running_ = false;
    self->signal_.notify();
  });
  co_await run_steps(first_step);
  report_steps_done();
  if (!ended_) co_await cleanup();
}

void CaseSession::report_steps_done() {
  if (!on_steps_done_) return;
  const auto callback = std::move(on_steps_done_);
  on_steps_done_ = nullptr;
  callback();
}

asio::awaitable<void> CaseSession::wait_for_helpers() {
  // The connection is closed, so the reader's read and the writer's write end at once; the bound
  // is only a guard.
  const Clock::time_point guard = Clock::now() + std::chrono::seconds(5);
  while ((reader_running_ || writer_running_) && Clock::now() < guard) {
    co_await signal_.wait_until(guard);
  }
}

void CaseSession::arm_watchdog() {
  watchdog_.expires_at(case_deadline_);
  std::weak_ptr<CaseSession> weak = weak_from_this();
  watchdog_.async_wait([weak](std::error_code error) {
    if (error) return;
    if (auto self = weak.lock()) self->on_case_timeout();
  });
}

void CaseSession::on_case_timeout() {
  if (finished_ || ended_) return;
  ended_ = true;
  const auto limit = case_.timeout.value_or(context_.options.case_timeout);
  record(Event::Kind::timeout, "case timed out after " + std::to_string(limit.count()) + " ms");
  if (!transcript_.upgraded && !transcript_.response && !transcript_.harness_error) {
    transcript_.harness_error =
        "the case timed out after " + std::to_string(limit.count()) + " ms before the handshake";
  }
  connection_.close();
  signal_.notify();
}

void CaseSession::end_if_decided() {
  if (finished_ || ended_ || !context_.options.early_verdicts) return;
  if (!verdict_decided(case_, transcript_)) return;
  // What the server sent already fixes the verdict (verdict.hpp): waiting out the steps would
  // change nothing but the time the run takes.
  ended_ = true;
  transcript_.ended_early = true;
  note("early verdict: what the server sent already decides the case; the harness stops waiting");
  connection_.close();
  signal_.notify();
  if (gate_) gate_->signal.notify();
}

void CaseSession::interrupt() {
  if (finished_ || ended_) return;
  ended_ = true;
  note("interrupted");
  transcript_.harness_error = "interrupted";
  transcript_.interrupted = true;
  connection_.close();
  signal_.notify();
  if (gate_) gate_->signal.notify();
}

void CaseSession::finish_recording() {
  if (bytes_after_violation_ > 0) {
    note(std::to_string(bytes_after_violation_) + " bytes after the violation were not decoded");
  }
  if (unrecorded_ > 0) {
    note(std::to_string(unrecorded_) + " frames, messages or events past the recording limits");
  }
  transcript_.duration_us = now_us();
}

std::int64_t CaseSession::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_).count();
}

Clock::time_point CaseSession::step_deadline(std::optional<std::chrono::milliseconds> own) const {
  const Clock::time_point deadline = Clock::now() + own.value_or(context_.options.step_timeout);
  return std::min(deadline, case_deadline_);
}

void CaseSession::record(Event::Kind kind, std::string summary, wire::ByteView bytes) {
  const bool traffic = kind == Event::Kind::bytes_sent || kind == Event::Kind::frame_sent ||
                       kind == Event::Kind::frame_received || kind == Event::Kind::message_received;
  if (load_quiet_ && traffic) return;
  Event event;
  event.kind = kind;
  event.at_us = now_us();
  event.summary = std::move(summary);
  event.bytes = capped(bytes);
  event.size = bytes.size();
  transcript_.events.push_back(std::move(event));
}

void CaseSession::end_tcp(TcpEnd how, std::string summary) {
  if (transcript_.tcp_end != TcpEnd::open) return;
  transcript_.tcp_end = how;
  transcript_.tcp_end_at_us = now_us();
  record(Event::Kind::tcp_end, std::move(summary));
  signal_.notify();
}

bool CaseSession::must_upgrade(const HandshakeStep& step) const {
  if (!step.expect_upgrade) return false;
  if (!case_.expect.http_status.empty()) return false;
  for (const Alternative& alternative : case_.alternatives) {
    if (!alternative.expect.http_status.empty()) return false;
  }
  return true;
}

// ---- writing ---------------------------------------------------------------------------------

bool CaseSession::can_write() const {
  return !ended_ && !write_failed_ && !half_closed_ && connection_.is_open() &&
         transcript_.tcp_end == TcpEnd::open;
}

wire::MaskKey CaseSession::next_mask(std::mt19937_64& rng) {
  const std::uint64_t bits = rng();
  return {static_cast<std::uint8_t>(bits), static_cast<std::uint8_t>(bits >> 8),
          static_cast<std::uint8_t>(bits >> 16), static_cast<std::uint8_t>(bits >> 24)};
}

wire::FrameSpec CaseSession::masked_frame(std::uint8_t opcode, wire::Bytes payload,
                                          std::mt19937_64& rng) {
  wire::FrameSpec spec;
  spec.opcode = opcode;
  spec.payload = std::move(payload);
  spec.mask = next_mask(rng);  // §5.3: a client masks every frame with a fresh random key
  return spec;
}

std::shared_ptr<CaseSession::OutgoingWrite> CaseSession::enqueue(wire::Bytes bytes,
                                                                 net::WritePlan plan,
                                                                 std::string summary,
                                                                 bool is_close) {
  auto write = std::make_shared<OutgoingWrite>();
  write->bytes = std::move(bytes);
  write->plan = std::move(plan);
  write->summary = std::move(summary);
  write->is_close = is_close;
  if (is_close) transcript_.client_sent_close = true;
  outbox_.push_back(write);
  signal_.notify();
  return write;
}

asio::awaitable<net::WriteStatus> CaseSession::send_and_wait(wire::Bytes bytes, net::WritePlan plan,
                                                             std::string summary, bool is_close) {
  auto write = enqueue(std::move(bytes), std::move(plan), std::move(summary), is_close);
  while (!write->done && !ended_ && writer_running_) {
    co_await signal_.wait_until(case_deadline_);
  }
  co_return write->done ? write->status : net::WriteStatus::aborted;
}

asio::awaitable<void> CaseSession::write_loop() {
  while (!finished_ && !ended_) {
    if (outbox_.empty()) {
      co_await signal_.wait_until(Clock::time_point::max());
      continue;
    }
    const std::shared_ptr<OutgoingWrite> write = outbox_.front();
    write->started = true;
    if (!can_write()) {
      write->status = net::WriteStatus::aborted;
    } else {
      // Automatic pongs come as often as a server pings: they share the budget of received events.
      const bool shown = !write->automatic || take_receive_budget();
      if (shown && !write->summary.empty()) {
        record(Event::Kind::frame_sent, write->summary, write->bytes);
      }
      std::size_t pieces_seen = shown ? 0 : kMaxWriteEventsPerSend;
      std::size_t bytes_unshown = 0;
      const net::WriteResult result = co_await connection_.write(
          write->bytes, write->plan, context_.options.step_timeout, [&](wire::ByteView piece) {
            record_piece(piece, pieces_seen, bytes_unshown);
            write->written += piece.size();
            signal_.notify();
          });
      if (shown && bytes_unshown > 0) {
        record(Event::Kind::bytes_sent,
               "... and " + std::to_string(pieces_seen - kMaxWriteEventsPerSend) +
                   " more writes, " + std::to_string(bytes_unshown) + " bytes");
      }
      write->status = result.status;
      if (write->is_close) transcript_.client_close_at_us = now_us();
      if (result.status == net::WriteStatus::rst) {
        write_failed_ = true;
        end_tcp(TcpEnd::rst, "connection reset while writing");
      } else if (result.status == net::WriteStatus::timeout) {
        write_failed_ = true;
        record(Event::Kind::timeout, "a write did not complete within " +
                                         std::to_string(context_.options.step_timeout.count()) +
                                         " ms: the server stopped reading");
      } else if (result.status == net::WriteStatus::error) {
        write_failed_ = true;
        note("write failed: " + result.error.message());
      }
    }
    write->done = true;
    outbox_.pop_front();
    signal_.notify();
  }
  for (const auto& write : outbox_) {  // never written: the case ended first
    write->status = net::WriteStatus::aborted;
    write->done = true;
  }
}

bool CaseSession::take_receive_budget() {
  if (receive_events_ < kMaxReceiveEvents) {
    ++receive_events_;
    return true;
  }
  ++unrecorded_;
  return false;
}

void CaseSession::record_piece(wire::ByteView piece, std::size_t& pieces_seen,
                               std::size_t& bytes_unshown) {
  transcript_.bytes_sent += piece.size();
  if (pieces_seen++ < kMaxWriteEventsPerSend) {
    record(Event::Kind::bytes_sent, "wrote " + std::to_string(piece.size()) + " bytes", piece);
  } else {
    bytes_unshown += piece.size();
  }
}

}  // namespace wsconform::scenario::runner_detail
