// One case on one connection: connect, handshake, steps, cleanup, all recorded in a Transcript.
// Three coroutines share the session: the steps (run), the reader (decodes and records what the
// server sends, answers pings and closes) and the writer (sends queued writes in order, so an
// automatic pong never lands inside a frame the steps are writing). The member functions live in
// session.cpp (life cycle, recording), handshake.cpp, receive.cpp and
// steps.cpp.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "net/connection.hpp"
#include "scenario/model/case.hpp"
#include "scenario/model/run.hpp"
#include "scenario/model/transcript.hpp"
#include "scenario/runner/signal.hpp"
#include "wire/frame_decoder.hpp"

namespace wsconform::scenario::runner_detail {

using Clock = std::chrono::steady_clock;

// What every case of a run shares.
struct RunContext {
  const Target& target;
  const RunOptions& options;
  asio::ssl::context* tls = nullptr;  // set for wss:// targets
};

// Bounds on what one case records, whatever a hostile server sends. A conformant server's
// busiest case records under 200 events; a flooding server fills these within a moment, and
// every case it floods then costs the reports at most about 0.5 MB (frames and events).
inline constexpr std::size_t kMaxRecordedFrames = 1000;
inline constexpr std::size_t kMaxRecordedMessages = 10000;
inline constexpr std::size_t kMaxRecordedPongs = 10000;
inline constexpr std::uint64_t kMaxRecordedMessageBytes = 256u << 20;
inline constexpr std::size_t kMaxReceiveEvents = 2000;  // frame and message events
inline constexpr std::size_t kMaxWriteEventsPerSend = 16;
inline constexpr std::size_t kMaxResponseBodyBytes = 4096;  // non-101 bodies: never more

// Deterministic per case: the same seed and case id give the same keys, masks and pings.
std::uint64_t case_seed(std::uint64_t run_seed, std::string_view case_id);

// Holds "before" peers between their handshake and their own steps (a GateStep) until the case's
// main connection has run its steps.
struct Gate {
  explicit Gate(asio::any_io_executor executor) : signal(std::move(executor)) {}
  std::size_t waiting = 0;  // peers that reached the gate
  bool open = false;
  Signal signal;  // notified on each arrival and when the gate opens
};

class CaseSession : public std::enable_shared_from_this<CaseSession> {
 public:
  CaseSession(asio::any_io_executor executor, const Case& test_case, const RunContext& context);

  // For a peer: its GateStep waits on `gate`.
  void set_gate(std::shared_ptr<Gate> gate) { gate_ = std::move(gate); }
  // Called once the main steps are done (before cleanup), e.g. to open the peers' gate.
  void on_steps_done(std::function<void()> callback) { on_steps_done_ = std::move(callback); }
  // Called once the case's last echo_load step is over: its timed part is done, and what follows
  // (the close handshake) measures nothing.
  void on_measured(std::function<void()> callback) { on_measured_ = std::move(callback); }
  bool upgraded() const { return transcript_.upgraded; }

  // Runs the whole case. Never throws; never waits past the case timeout.
  asio::awaitable<void> run();
  // Ends the case at once when the transcript so far decides its verdict (an early verdict).
  void end_if_decided();
  // Cuts the case short (the run's stop flag): recorded as harness error "interrupted".
  void interrupt();
  Transcript take_transcript() { return std::move(transcript_); }

 private:
  struct OutgoingWrite {
    wire::Bytes bytes;
    net::WritePlan plan;
    std::string summary;      // for the frame_sent event; empty for raw bytes
    bool is_close = false;    // sets client_close_at_us once written
    bool automatic = false;   // an answer the server's pace decides (pongs): events budgeted
    bool started = false;     // the writer has taken it: its bytes are final
    std::size_t written = 0;  // bytes of it written so far (a flood watches its progress)
    bool done = false;
    net::WriteStatus status = net::WriteStatus::ok;
  };

  // ---- life cycle and recording (session.cpp)
  asio::awaitable<void> run_body();
  void report_steps_done();  // calls on_steps_done_ once
  asio::awaitable<void> wait_for_helpers();
  void arm_watchdog();
  void on_case_timeout();
  void finish_recording();
  std::int64_t now_us() const;
  Clock::time_point step_deadline(std::optional<std::chrono::milliseconds> own) const;
  void record(Event::Kind kind, std::string summary, wire::ByteView bytes = {});
  void note(std::string summary) { record(Event::Kind::note, std::move(summary)); }
  void end_tcp(TcpEnd how, std::string summary);
  bool must_upgrade(const HandshakeStep& step) const;

  // ---- writing (session.cpp)
  // Queues bytes for the writer; the returned write says when it is done.
  std::shared_ptr<OutgoingWrite> enqueue(wire::Bytes bytes, net::WritePlan plan,
                                         std::string summary, bool is_close);
  // Queues and waits until written (or the case ends).
  asio::awaitable<net::WriteStatus> send_and_wait(wire::Bytes bytes, net::WritePlan plan,
                                                  std::string summary, bool is_close);
  asio::awaitable<void> write_loop();
  // True while received-side events may still be recorded (kMaxReceiveEvents); counts the rest.
  bool take_receive_budget();
  void record_piece(wire::ByteView piece, std::size_t& pieces_seen, std::size_t& bytes_unshown);
  bool can_write() const;
  wire::MaskKey next_mask(std::mt19937_64& rng);
  wire::FrameSpec masked_frame(std::uint8_t opcode, wire::Bytes payload, std::mt19937_64& rng);

  // ---- handshake (handshake.cpp)
  // `case_step`: the case wrote the handshake itself (a refusal is then an observation).
  asio::awaitable<bool> handshake(const HandshakeStep& step, bool case_step);
  std::string build_request(const HandshakeStep& step, std::string& key_sent);
  asio::awaitable<void> read_refusal_body(const wire::HttpResponse& response,
                                          std::optional<std::uint64_t> content_length);
  void on_handshake_end(net::ReadStatus status, bool expected_upgrade_required);

  // ---- receiving (receive.cpp)
  asio::awaitable<void> read_loop();
  void consume(wire::ByteView bytes);
  void on_frame(wire::Frame frame);
  void on_data_frame(const wire::Frame& frame);
  void on_ping(const wire::Frame& frame);
  void on_pong(const wire::Frame& frame);
  void on_close(const wire::Frame& frame);
  void on_violation(const wire::Violation& violation);
  bool receiving_possible() const;

  // ---- steps (steps.cpp)
  asio::awaitable<void> run_steps(std::size_t first);
  asio::awaitable<void> run_step(const HandshakeStep& step);
  asio::awaitable<void> run_step(const SendFrameStep& step);
  asio::awaitable<void> run_step(const SendRawStep& step);
  asio::awaitable<void> run_step(const WaitStep& step);
  asio::awaitable<void> run_step(const AwaitStep& step);
  asio::awaitable<void> run_step(const BarrierStep& step);
  asio::awaitable<void> run_step(const CloseStep& step);
  asio::awaitable<void> run_step(const TriggerStep& step);   // triggers.cpp
  asio::awaitable<void> run_step(const GateStep& step);      // triggers.cpp
  asio::awaitable<void> run_step(const EchoLoadStep& step);  // load.cpp
  asio::awaitable<void> run_step(const TcpEndStep& step);
  asio::awaitable<void> run_step(const FloodStep& step);  // flood.cpp
  void on_load_frame(const wire::Frame& frame);           // load.cpp
  asio::awaitable<void> send_text(const std::string& text, const std::string& why);
  asio::awaitable<void> cleanup();
  asio::awaitable<bool> wait_for_close_and_end(Clock::time_point deadline, bool wait_for_end);
  void track_sent_frame(std::uint8_t opcode, bool fin, const wire::Bytes& payload);
  bool track_sent_raw(wire::ByteView bytes);  // true if the bytes hold a close frame
  // Masks `spec` as the step says, tracks it, appends it to `bytes` and describes it in
  // `summary`; true if it is a close frame.
  bool append_step_frame(wire::FrameSpec spec, bool unmasked, wire::Bytes& bytes,
                         std::string& summary);
  // Writes the probe ping (kProbePingPayload) behind `bytes` and says so in `summary`.
  void append_probe(wire::Bytes& bytes, std::string& summary);
  // Sends `bytes` in one write behind what `with_next` steps held, or holds them too.
  asio::awaitable<void> send_or_hold(wire::Bytes bytes, const Segmentation& segmentation,
                                     std::string summary, bool has_close, bool with_next);
  bool skip_if_ended(const char* step_name);

  asio::any_io_executor executor_;
  std::shared_ptr<Gate> gate_;
  std::function<void()> on_steps_done_;
  std::function<void()> on_measured_;
  const Case& case_;
  const RunContext& context_;
  net::Connection connection_;
  Signal signal_;
  asio::steady_timer watchdog_;
  Transcript transcript_;
  Clock::time_point start_;
  Clock::time_point case_deadline_;
  std::mt19937_64 step_rng_;   // keys, masks and barrier payloads the steps use
  std::mt19937_64 reply_rng_;  // masks of automatic replies (pongs, closes, cleanup)

  bool ended_ = false;  // timed out or interrupted: every wait returns
  bool finished_ = false;
  bool reader_running_ = false;
  bool writer_running_ = false;
  bool write_failed_ = false;
  bool half_closed_ = false;     // a half_close step sent our FIN: nothing more can be written
  bool reading_paused_ = false;  // a flood step: the read loop issues no reads
  wire::Bytes flood_payload_;    // what a flood step sent, to know its echoes
  std::uint8_t flood_opcode_ = 0;
  bool end_wait_expired_ = false;  // a wait for the server's close or TCP end ran out

  std::deque<std::shared_ptr<OutgoingWrite>> outbox_;
  // Frames that `with_next` sends held for the next send's write.
  struct HeldWrite {
    bool holding = false;
    wire::Bytes bytes;
    std::string summary;
    bool has_close = false;
  };
  HeldWrite held_;

  // Receiving
  wire::FrameDecoder decoder_;
  wire::Bytes pending_input_;         // bytes that arrived behind the handshake response
  std::uint8_t incoming_opcode_ = 0;  // data message being assembled, 0 if none
  wire::Bytes incoming_message_;
  std::uint64_t recorded_message_bytes_ = 0;
  std::uint64_t bytes_after_violation_ = 0;
  std::size_t receive_events_ = 0;
  std::size_t unrecorded_ = 0;  // frames, messages, pongs or events past the caps
  bool close_replied_automatically_ = false;
  std::shared_ptr<OutgoingWrite> queued_pong_;  // the last automatic pong queued
  bool pong_replaced_ = false;

  // Waiting
  std::size_t messages_awaited_ = 0;  // await cursors
  std::size_t pongs_awaited_ = 0;
  std::size_t application_pongs_ = 0;  // pongs that do not answer a barrier
  std::optional<wire::Bytes> barrier_payload_;
  bool barrier_answered_ = false;

  // echo_load (load.cpp): the round whose echo is being checked as it arrives
  bool load_awaiting_ = false;
  std::size_t load_round_ = 0;
  bool load_quiet_ = false;  // rounds after the first: frames and writes are not recorded

  // Sending
  std::uint8_t outgoing_opcode_ = 0;  // data message the case is sending, 0 if none
  wire::Bytes outgoing_message_;
};

}  // namespace wsconform::scenario::runner_detail
