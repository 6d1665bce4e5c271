#include "support/raw_ws_client.hpp"

#include <array>
#include <variant>

#include "wire/close_payload.hpp"

namespace wsconform::testing {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// The limit a test reads: far above anything the tests send, but bounded.
constexpr std::uint64_t kMaxServerMessage = 64u << 20;
// How many frames read_until_close/read_until_tcp_end look at before giving up.
constexpr int kMaxFramesSkipped = 10000;

wire::DecoderOptions server_stream_options() {
  wire::DecoderOptions options;
  options.sender = wire::Sender::server;  // §5.1: a server's frames must not be masked
  options.max_frame_payload = kMaxServerMessage;
  options.max_message_size = kMaxServerMessage;
  return options;
}

}  // namespace

std::optional<std::uint16_t> Incoming::close_code() const {
  if (!is_close()) return std::nullopt;
  const auto parsed = wire::parse_close_payload(frame.payload);
  if (const auto* close = std::get_if<wire::ClosePayload>(&parsed)) return close->code;
  return std::nullopt;
}

RawWsClient::RawWsClient(Duration timeout)
    : timeout_(timeout), socket_(io_), decoder_(server_stream_options()) {}

bool RawWsClient::connect(std::uint16_t port) {
  asio::error_code error;
  socket_.open(asio::ip::tcp::v4(), error);
  if (!error && receive_buffer_bytes_) {
    socket_.set_option(asio::socket_base::receive_buffer_size(*receive_buffer_bytes_), error);
  }
  if (!error) socket_.connect({asio::ip::make_address_v4("127.0.0.1"), port}, error);
  if (!error) socket_.set_option(asio::ip::tcp::no_delay(true), error);
  return !error;
}

std::optional<wire::HttpResponse> RawWsClient::handshake(std::string_view path) {
  key_ = wire::generate_key(rng_);
  const auto request = wire::standard_upgrade_request("127.0.0.1", path, key_).serialize();
  if (!send_raw(wire::view_of(request))) return std::nullopt;
  return read_http_response();
}

std::optional<wire::HttpResponse> RawWsClient::read_http_response() {
  wire::HttpResponseParser parser;
  for (;;) {
    wire::ByteView unread(pending_);
    const auto status = parser.feed(unread);
    // Bytes after the head are the first frames: keep them for read().
    pending_.erase(pending_.begin(), pending_.end() - static_cast<std::ptrdiff_t>(unread.size()));
    if (status == wire::HttpResponseParser::Status::complete) return parser.response();
    if (status == wire::HttpResponseParser::Status::error) return std::nullopt;
    Incoming failure;
    if (!fill(failure)) return std::nullopt;
  }
}

bool RawWsClient::open(std::uint16_t port, std::string_view path) {
  if (!connect(port)) return false;
  const auto response = handshake(path);
  return response && wire::check_upgrade_response(*response, key_).empty();
}

bool RawWsClient::send_raw(wire::ByteView bytes) {
  bool done = false;
  asio::error_code error;
  asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                    [&](const asio::error_code& result, std::size_t) {
                      error = result;
                      done = true;
                    });
  io_.restart();
  io_.run_for(timeout_);
  if (done) return !error;
  // A server that stops reading cannot block a test: give up after the timeout.
  asio::error_code ignored;
  socket_.cancel(ignored);
  io_.restart();
  io_.run();
  return false;
}

bool RawWsClient::send_frame(const wire::FrameSpec& spec) {
  return send_raw(wire::encode_frame(spec));
}

wire::MaskKey RawWsClient::next_mask_key() {
  const auto bits = rng_();
  return {static_cast<std::uint8_t>(bits), static_cast<std::uint8_t>(bits >> 8),
          static_cast<std::uint8_t>(bits >> 16), static_cast<std::uint8_t>(bits >> 24)};
}

bool RawWsClient::send_message(std::uint8_t opcode, std::string_view payload) {
  // §5.1: every frame a client sends is masked.
  return send_frame(wire::make_frame(opcode, wire::view_of(payload), next_mask_key()));
}

bool RawWsClient::send_close(std::uint16_t code) {
  const auto body = wire::encode_close_payload(code);
  return send_frame(wire::make_frame(wire::opcode::close, body, next_mask_key()));
}

bool RawWsClient::fill(Incoming& failure) {
  std::array<std::uint8_t, kReadChunk> chunk{};
  bool done = false;
  asio::error_code error;
  std::size_t received = 0;
  socket_.async_read_some(asio::buffer(chunk), [&](const asio::error_code& result, std::size_t n) {
    error = result;
    received = n;
    done = true;
  });
  io_.restart();
  io_.run_for(timeout_);
  if (!done) {
    // Timed out: cancel the read and let its handler run before `chunk` goes away.
    asio::error_code ignored;
    socket_.cancel(ignored);
    io_.restart();
    io_.run();
    failure.kind = Incoming::Kind::timeout;
    return false;
  }
  pending_.insert(pending_.end(), chunk.begin(), chunk.begin() + received);
  if (!error) return true;
  if (received > 0) return true;  // report the bytes first; the error shows on the next read
  failure.kind = error == asio::error::eof ? Incoming::Kind::eof : Incoming::Kind::reset;
  failure.detail = error.message();
  return false;
}

Incoming RawWsClient::read() {
  for (;;) {
    wire::ByteView unread(pending_);
    auto step = decoder_.decode(unread);
    pending_.erase(pending_.begin(), pending_.end() - static_cast<std::ptrdiff_t>(unread.size()));
    Incoming incoming;
    if (step.kind == wire::DecodeStep::Kind::frame) {
      incoming.kind = Incoming::Kind::frame;
      incoming.frame = std::move(step.frame);
      return incoming;
    }
    if (step.kind == wire::DecodeStep::Kind::violation) {
      incoming.kind = Incoming::Kind::violation;
      incoming.detail =
          std::string(wire::rule_info(step.violation.rule).id) + ": " + step.violation.detail;
      return incoming;
    }
    if (!fill(incoming)) return incoming;
  }
}

Incoming RawWsClient::read_until_close() {
  for (int skipped = 0; skipped < kMaxFramesSkipped; ++skipped) {
    auto incoming = read();
    if (incoming.kind != Incoming::Kind::frame || incoming.is_close()) return incoming;
  }
  return Incoming{Incoming::Kind::timeout, {}, "too many frames before the close"};
}

Incoming RawWsClient::read_until_tcp_end() {
  for (int skipped = 0; skipped < kMaxFramesSkipped; ++skipped) {
    auto incoming = read();
    if (incoming.kind != Incoming::Kind::frame) return incoming;
  }
  return Incoming{Incoming::Kind::timeout, {}, "too many frames before the end of TCP"};
}

}  // namespace wsconform::testing
