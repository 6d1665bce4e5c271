// One burst connection as a small explicit state machine on raw Asio: connect, the upgrade
// (§4.1), numbered messages and their echoes, pongs, the close handshake (§5.5.1, §7.1.1). Lean on
// purpose (a burst holds thousands): no read buffer of its own (reads wait for readiness, then
// read into the burst's shared buffer), the HTTP parser only during the handshake, the frame
// decoder only once upgraded, and a write buffer only while something is being written.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <array>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "scenario/model/burst.hpp"
#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"
#include "wire/http.hpp"

namespace wsconform::overload {

using Clock = std::chrono::steady_clock;

// What connections report as they go (from the io_context's thread).
class BurstObserver {
 public:
  virtual ~BurstObserver() = default;
  virtual void on_connected() {}
  virtual void on_upgraded() {}
  virtual void on_echo() {}
  virtual void on_refused(int /*status*/) {}
  virtual void on_server_close(std::optional<std::uint16_t> /*code*/) {}
  virtual void on_dropped() {}
  // Exactly once per connection, after its socket is closed and its record is final.
  virtual void on_ended(std::size_t index) = 0;
};

// Everything the connections of one burst share. Outlives them all.
struct ClientShared {
  ClientShared(asio::io_context& io, asio::ip::tcp::endpoint endpoint, std::string host_header,
               std::string path, const scenario::BurstSpec& spec, Clock::time_point start,
               std::uint64_t seed);

  asio::io_context& io;
  asio::ip::tcp::endpoint endpoint;
  std::string host_header;  // for the request's Host
  std::string path;
  scenario::BurstSpec spec;  // as capped by the runner
  Clock::time_point start;   // record timestamps count from here
  wire::DecoderOptions decoder_options;
  std::mt19937_64 rng;  // Sec-WebSocket-Key nonces (§4.1) and masking keys (§5.3)
  std::vector<std::uint8_t> read_buffer;  // shared: filled and consumed within one handler
  wire::FrameSpec scratch;                // reused to encode every client frame

  std::int64_t now_us() const;
};

class BurstClient : public std::enable_shared_from_this<BurstClient> {
 public:
  BurstClient(ClientShared& shared, BurstObserver& observer, std::size_t index,
              scenario::BurstConnection& record);
  ~BurstClient();
  BurstClient(const BurstClient&) = delete;
  BurstClient& operator=(const BurstClient&) = delete;

  void start();
  // The harness gives up on the connection now: closes it, End::none unless it had ended.
  void abandon();
  bool ended() const { return phase_ == Phase::done; }

 private:
  enum class Phase : std::uint8_t {
    connecting,
    handshaking,
    refusal_body,  // a non-101 answer: its body is read and discarded, bounded
    open,
    closing,           // our close frame is queued or sent; waiting for the server's
    awaiting_tcp_end,  // both close frames seen (or ours answers the server's); waiting for TCP end
    done,
  };
  enum class TimerUse : std::uint8_t { deadline, pace, hold };
  struct Handshake;  // parser and key, alive only while the handshake runs
  using End = scenario::BurstConnection::End;

  // How a connection in `phase` ends when TCP ends, or (`timed_out`) when its deadline passes.
  static End ending_for(Phase phase, bool timed_out);

  // burst_client.cpp: connect, handshake, refusal body, reads, the end.
  void on_connect(const std::error_code& error);
  void arm_read();
  void on_readable(const std::error_code& error);
  void consume(wire::ByteView data);
  void consume_handshake(wire::ByteView& data);
  void on_response(const wire::HttpResponse& response, std::optional<std::uint64_t> body_length);
  void consume_refusal_body(wire::ByteView& data);
  void on_tcp_end();
  void finish(End end);
  void arm_timer(Clock::time_point when, TimerUse use);
  void cancel_timer();
  void on_timer(TimerUse use);

  // burst_client_frames.cpp: the open connection.
  void on_upgraded();
  void consume_frames(wire::ByteView& data);
  void on_frame(const wire::Frame& frame);
  void on_data_frame(const wire::Frame& frame);
  void on_close_frame(const wire::Frame& frame);
  void on_pace();
  void after_last_echo();
  void begin_close();
  void flush();
  void fill_writes();
  void on_written(const std::error_code& error);
  void append_frame(std::uint8_t opcode);  // encodes shared_.scratch.payload, masked, into out_

  ClientShared& shared_;
  BurstObserver& observer_;
  scenario::BurstConnection& record_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::unique_ptr<Handshake> handshake_;
  std::unique_ptr<wire::FrameDecoder> decoder_;
  wire::Bytes out_;  // the write in flight
  Clock::time_point upgraded_at_{};
  std::size_t index_;
  std::uint32_t timer_generation_ = 0;  // a timer handler from an older arming does nothing
  std::uint32_t due_ = 0;               // messages that may be sent by now (pacing)
  std::uint32_t received_ = 0;          // data messages back, right or not
  std::uint32_t message_offset_ = 0;    // bytes of the data message being received
  std::uint32_t refusal_left_ = 0;      // refusal body bytes still to discard
  std::uint16_t reply_code_ = 1000;     // the code our close frame carries
  Phase phase_ = Phase::connecting;
  TimerUse timer_use_ = TimerUse::deadline;
  bool reading_ = false;
  bool writing_ = false;
  bool message_intact_ = true;
  bool close_queued_ = false;
  bool close_sent_ = false;
  bool reply_has_code_ = true;
  bool pong_queued_ = false;
  std::uint8_t pong_size_ = 0;
  std::array<std::uint8_t, 125> pong_payload_{};  // §5.5: a control payload is at most 125 bytes
};

}  // namespace wsconform::overload
