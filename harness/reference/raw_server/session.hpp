// One server connection as a pure state machine: bytes in, bytes out, no I/O. It reads the
// opening handshake, then frames, and answers as a strictly conforming echo server would, except
// where its broken modes say otherwise (or its liberal modes use a freedom the RFC gives). The I/O
// layer (RawConnection) writes what it returns.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/http_request_parser.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "reference/raw_server/message_assembler.hpp"
#include "wire/bytes.hpp"
#include "wire/frame_decoder.hpp"

namespace wsconform::raw_server {

// stall-on-huge-frame: a frame over the limit freezes every connection upgraded so far, as a server
// that allocates what a peer declares would; connections upgraded later are served again.
struct StallLatch {
  std::atomic<std::uint64_t> upgraded{0};        // connections upgraded so far (their numbers)
  std::atomic<std::uint64_t> frozen_through{0};  // connections numbered up to this one are frozen
};

struct SessionOptions {
  BrokenModes modes{};
  LiberalModes liberties{};
  std::uint64_t max_message_size = 16u << 20;  // frame and message limit (1009 beyond it)
  std::chrono::milliseconds process_after_close_for{100};  // process-after-close
  std::chrono::milliseconds keep_tcp_open_for{10000};      // keep-tcp-open, at most
  std::chrono::milliseconds no_pong_after_close_for{20};   // no-pong-after-close
  // A planted crash, for the tests of the fuzz campaign's supervision: a frame with an RSV bit
  // aborts the whole process. Only the executable's --abort-on-rsv sets it (never a test process).
  bool abort_on_rsv = false;
  // stall-on-huge-frame: shared by every session of a server.
  std::shared_ptr<StallLatch> stall{};
};

// What the connection must do after one event.
struct SessionOutput {
  wire::Bytes bytes;     // write these, in order
  bool end_tcp = false;  // then send FIN; nothing received afterwards means anything
  std::optional<std::chrono::milliseconds> wake_after;  // call on_timer() once after this long
};

class Session {
 public:
  enum class Phase : std::uint8_t {
    handshake,            // reading the opening handshake
    open,                 // reading frames
    closing_late,         // process-after-close: a close arrived, still processing frames
    closing_quietly,      // no-pong-after-close: a close arrived, frames read, none answered
    closing_batch,        // pong-after-close: a close arrived, the rest of this read is looked at
    awaiting_client_end,  // keep-tcp-open: the close handshake is done, TCP left open
    ended,                // nothing more to do but close TCP
  };

  explicit Session(SessionOptions options);

  SessionOutput on_receive(wire::ByteView bytes);
  SessionOutput on_timer();
  // The client closed TCP (or the connection broke).
  SessionOutput on_client_end();
  // The client reset the connection: nothing can be sent any more.
  void on_client_reset();

  Phase phase() const { return phase_; }
  // Bytes read and thrown away (after the end, or beyond the buffer cap without a size limit).
  std::uint64_t discarded_bytes() const { return discarded_; }

 private:
  bool has(BrokenMode mode) const { return options_.modes.contains(mode); }
  bool liberal(LiberalMode mode) const { return options_.liberties.contains(mode); }
  bool reading_frames() const;
  void read_handshake(wire::ByteView bytes, SessionOutput& out);
  void read_frames(wire::ByteView bytes, SessionOutput& out);
  void handle_frame(const wire::Frame& frame, SessionOutput& out);
  void handle_frame_after_close(const wire::Frame& frame, SessionOutput& out);
  void handle_close(const wire::Frame& frame, SessionOutput& out);
  void answer_ping(wire::ByteView payload, SessionOutput& out);
  void send_heartbeat(SessionOutput& out);
  void flush_deferred_pong(SessionOutput& out);
  void complete_close_handshake(SessionOutput& out);
  void fail_connection(wire::Rule rule, SessionOutput& out);
  void send_frame(std::uint8_t opcode, wire::ByteView payload, SessionOutput& out);
  void end(SessionOutput& out);

  bool stalled() const;
  // The stall-* modes: a blocking server, stuck on this connection, serves no one it had upgraded.
  void freeze_server();
  std::uint64_t upgrade_number_ = 0;  // StallLatch numbering (0: not upgraded)
  SessionOptions options_;
  Phase phase_ = Phase::handshake;
  HttpRequestParser request_parser_;
  wire::FrameDecoder decoder_;
  MessageAssembler assembler_;
  std::uint64_t consumed_at_frame_start_ = 0;  // decoder position where the current frame began
  bool discarding_ = false;          // no-size-limit past the buffer cap; a violation after a close
  std::size_t messages_echoed_ = 0;  // data messages echoed on this connection
  std::uint64_t consumed_when_waiting_ = 0;  // stall-on-slow-frame: progress when it began waiting
  std::optional<std::uint16_t> pending_close_reply_;  // when the close reply is delayed
  std::optional<wire::Bytes> deferred_pong_;          // latest-ping-only: this read's last ping
  std::uint64_t discarded_ = 0;
};

}  // namespace wsconform::raw_server
