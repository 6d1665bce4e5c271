// BurstClient: connect, the opening handshake, a refusal's body, reading, timers and the end.
#include "overload/burst_client.hpp"

#include <algorithm>
#include <asio/write.hpp>

namespace wsconform::overload {

using End = scenario::BurstConnection::End;

namespace {

constexpr std::size_t kReadBufferBytes = 64 * 1024;
constexpr std::size_t kMaxReadsPerWakeup = 4;              // then let other connections read
constexpr std::uint64_t kMaxRefusalBody = 64 * 1024;       // read and discarded at most
constexpr wire::HttpLimits kResponseLimits{8 * 1024, 64};  // a handshake answer is small
constexpr std::uint64_t kMinFrameLimit = 4 * 1024;         // room for a server's own messages

}  // namespace

struct BurstClient::Handshake {
  wire::HttpResponseParser parser{kResponseLimits};
  std::string key;
};

ClientShared::ClientShared(asio::io_context& io_context, asio::ip::tcp::endpoint where,
                           std::string host, std::string target_path,
                           const scenario::BurstSpec& burst_spec, Clock::time_point burst_start,
                           std::uint64_t seed)
    : io(io_context),
      endpoint(std::move(where)),
      host_header(std::move(host)),
      path(std::move(target_path)),
      spec(burst_spec),
      start(burst_start),
      rng(seed),
      read_buffer(kReadBufferBytes) {
  // Strict decoding of the server's frames, with limits near what the burst sends, so a hostile
  // length cannot make the harness allocate it (§10.4).
  decoder_options.sender = wire::Sender::server;
  const std::uint64_t limit = std::max<std::uint64_t>(spec.message_size, kMinFrameLimit);
  decoder_options.max_frame_payload = limit;
  decoder_options.max_message_size = limit;
}

std::int64_t ClientShared::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

BurstClient::BurstClient(ClientShared& shared, BurstObserver& observer, std::size_t index,
                         scenario::BurstConnection& record)
    : shared_(shared),
      observer_(observer),
      record_(record),
      socket_(shared.io),
      timer_(shared.io),
      index_(index) {}

BurstClient::~BurstClient() = default;

void BurstClient::start() {
  record_.started_us = shared_.now_us();
  std::error_code error;
  socket_.open(shared_.endpoint.protocol(), error);
  if (error) {  // EMFILE and the like
    finish(End::connect_failed);
    return;
  }
  socket_.set_option(asio::ip::tcp::no_delay(true), error);
  // TCP-only mode closes abortively, so a benchmark's thousands of connects per second do not
  // fill the ephemeral port range with TIME_WAIT.
  if (!shared_.spec.handshake) socket_.set_option(asio::socket_base::linger(true, 0), error);
  arm_timer(Clock::now() + shared_.spec.step_timeout, TimerUse::deadline);
  socket_.async_connect(shared_.endpoint, [self = shared_from_this()](const std::error_code& e) {
    self->on_connect(e);
  });
}

void BurstClient::abandon() {
  if (phase_ != Phase::done) finish(End::none);
}

void BurstClient::on_connect(const std::error_code& error) {
  if (phase_ != Phase::connecting) return;  // timed out or abandoned meanwhile
  if (error) {
    finish(End::connect_failed);
    return;
  }
  observer_.on_connected();
  if (!shared_.spec.handshake) {
    finish(End::closed);
    return;
  }
  std::error_code ignored;
  socket_.non_blocking(true, ignored);
  phase_ = Phase::handshaking;
  handshake_ = std::make_unique<Handshake>();
  // §4.1: a fresh, randomly selected 16-byte nonce for every connection.
  handshake_->key = wire::generate_key(shared_.rng);
  const std::string request =
      wire::standard_upgrade_request(shared_.host_header, shared_.path, handshake_->key)
          .serialize();
  out_.assign(request.begin(), request.end());
  writing_ = true;
  asio::async_write(
      socket_, asio::buffer(out_),
      [self = shared_from_this()](const std::error_code& e, std::size_t) { self->on_written(e); });
  arm_timer(Clock::now() + shared_.spec.step_timeout, TimerUse::deadline);
  arm_read();
}

void BurstClient::arm_read() {
  if (reading_ || phase_ == Phase::done) return;
  reading_ = true;
  socket_.async_wait(
      asio::socket_base::wait_read,
      [self = shared_from_this()](const std::error_code& e) { self->on_readable(e); });
}

void BurstClient::on_readable(const std::error_code& error) {
  reading_ = false;
  if (phase_ == Phase::done) return;
  if (error) {
    on_tcp_end();
    return;
  }
  for (std::size_t round = 0; round < kMaxReadsPerWakeup && phase_ != Phase::done; ++round) {
    std::error_code read_error;
    const std::size_t count = socket_.read_some(asio::buffer(shared_.read_buffer), read_error);
    if (read_error == asio::error::would_block || read_error == asio::error::try_again) break;
    if (read_error) {  // FIN (eof) or RST: either way TCP ended
      on_tcp_end();
      return;
    }
    consume(wire::ByteView(shared_.read_buffer.data(), count));
  }
  arm_read();
}

void BurstClient::consume(wire::ByteView data) {
  while (!data.empty()) {
    switch (phase_) {
      case Phase::handshaking:
        consume_handshake(data);
        break;
      case Phase::refusal_body:
        consume_refusal_body(data);
        break;
      case Phase::open:
      case Phase::closing:
        consume_frames(data);
        break;
      case Phase::awaiting_tcp_end:  // §5.5.1: nothing after the close frame is data
      case Phase::connecting:
      case Phase::done:
        return;
    }
  }
}

void BurstClient::consume_handshake(wire::ByteView& data) {
  auto& parser = handshake_->parser;
  switch (parser.feed(data)) {
    case wire::HttpResponseParser::Status::need_more:
      return;
    case wire::HttpResponseParser::Status::error:
      finish(End::handshake_failed);
      return;
    case wire::HttpResponseParser::Status::complete:
      on_response(parser.response(), parser.content_length());
      return;
  }
}

void BurstClient::on_response(const wire::HttpResponse& response,
                              std::optional<std::uint64_t> body_length) {
  record_.http_status = response.status;
  if (response.status == 101) {
    // §4.1 client steps 1-4: a 101 without the right Upgrade, Connection and
    // Sec-WebSocket-Accept fails the connection.
    if (!wire::check_upgrade_response(response, handshake_->key).empty()) {
      finish(End::handshake_failed);
      return;
    }
    handshake_.reset();
    on_upgraded();
    return;
  }
  // RFC 9110 §10.2.3: an overloaded server says when to come back.
  record_.retry_after = response.header("Retry-After").has_value();
  observer_.on_refused(response.status);
  handshake_.reset();
  // The body, if any, is read and thrown away up to a bound (its declared length is not trusted).
  refusal_left_ =
      static_cast<std::uint32_t>(std::min(body_length.value_or(kMaxRefusalBody), kMaxRefusalBody));
  if (refusal_left_ == 0) {
    finish(End::refused);
    return;
  }
  phase_ = Phase::refusal_body;
  arm_timer(Clock::now() + shared_.spec.step_timeout, TimerUse::deadline);
}

void BurstClient::consume_refusal_body(wire::ByteView& data) {
  const std::size_t taken = std::min<std::size_t>(refusal_left_, data.size());
  data = data.subspan(taken);
  refusal_left_ -= static_cast<std::uint32_t>(taken);
  if (refusal_left_ == 0) finish(End::refused);
}

BurstClient::End BurstClient::ending_for(Phase phase, bool timed_out) {
  switch (phase) {
    case Phase::connecting:
      return End::connect_failed;
    case Phase::handshaking:
      return End::handshake_failed;
    case Phase::refusal_body:
      return End::refused;
    case Phase::open:
    case Phase::closing:
      return timed_out ? End::close_unanswered : End::dropped;
    case Phase::awaiting_tcp_end:
    case Phase::done:
      // §7.1.1: after both close frames the client may close TCP itself if the server has not
      // in a reasonable time.
      return End::closed;
  }
  return End::none;
}

void BurstClient::on_tcp_end() {
  if (phase_ == Phase::done) return;
  const End end = ending_for(phase_, false);
  if (end == End::dropped) observer_.on_dropped();
  finish(end);
}

void BurstClient::finish(End end) {
  if (phase_ == Phase::done) return;
  const auto self = shared_from_this();  // the observer may drop its reference
  phase_ = Phase::done;
  record_.end = end;
  record_.ended_us = shared_.now_us();
  cancel_timer();
  std::error_code ignored;
  socket_.close(ignored);
  handshake_.reset();
  decoder_.reset();
  if (!writing_) wire::Bytes().swap(out_);  // a write in flight still reads it until aborted
  observer_.on_ended(index_);
}

void BurstClient::arm_timer(Clock::time_point when, TimerUse use) {
  timer_use_ = use;
  const std::uint32_t generation = ++timer_generation_;
  timer_.expires_at(when);
  timer_.async_wait([self = shared_from_this(), generation](const std::error_code& error) {
    if (error || generation != self->timer_generation_ || self->phase_ == Phase::done) return;
    self->on_timer(self->timer_use_);
  });
}

void BurstClient::cancel_timer() {
  ++timer_generation_;
  timer_.cancel();
}

void BurstClient::on_timer(TimerUse use) {
  switch (use) {
    case TimerUse::pace:
      on_pace();
      return;
    case TimerUse::hold:
      begin_close();
      return;
    case TimerUse::deadline:
      // An open connection has no deadline of its own: waiting for echoes is bounded by the
      // burst's duration.
      if (phase_ != Phase::open) finish(ending_for(phase_, true));
      return;
  }
}

}  // namespace wsconform::overload
