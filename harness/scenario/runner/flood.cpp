// CaseSession: the flood step, a client that never reads (scenarios/README.md, "Steps").
#include <algorithm>

#include "scenario/runner/describe.hpp"
#include "scenario/runner/load_pattern.hpp"
#include "scenario/runner/session.hpp"

namespace wsconform::scenario::runner_detail {
namespace {

// Frames go out in writes of about this size: few events in the transcript, little held at once.
constexpr std::size_t kFloodWriteBytes = std::size_t{1} << 20;
constexpr std::size_t kFloodPieceBytes = std::size_t{64} << 10;

std::string flood_outcome(const FloodRecord& flood) {
  std::string text = "the flood wrote " + std::to_string(flood.messages_written) + " of " +
                     std::to_string(flood.count) + " messages (" +
                     std::to_string(flood.bytes_written) + " bytes)";
  if (flood.stalled) text += ", then a write made no progress: the server stopped reading";
  return text;
}

}  // namespace

asio::awaitable<void> CaseSession::run_step(const FloodStep& step) {
  if (skip_if_ended("flood")) co_return;
  transcript_.floods.push_back({step.size, step.count, 0, 0, false, 0});
  FloodRecord& flood = transcript_.floods.back();  // no other step runs while this one does
  reading_paused_ = true;
  note("the harness stops reading and sends " + std::to_string(step.count) + " messages of " +
       std::to_string(step.size) + " bytes");
  flood_payload_.assign(static_cast<std::size_t>(step.size), 0);
  fill_load_bytes(step.opcode, 0, 0, flood_payload_);
  flood_opcode_ = step.opcode;
  while (flood.messages_written < step.count && can_write()) {
    wire::Bytes batch;
    std::size_t frames = 0;
    while (flood.messages_written + frames < step.count &&
           (frames == 0 || batch.size() < kFloodWriteBytes)) {
      wire::encode_frame_into(masked_frame(step.opcode, flood_payload_, step_rng_), batch);
      ++frames;
    }
    const std::size_t batch_size = batch.size();
    const std::string summary =
        std::to_string(frames) + " flood messages of " + std::to_string(step.size) + " bytes";
    // Written in 64 KiB pieces, so that progress shows between them.
    const auto write =
        enqueue(std::move(batch), net::WritePlan{{}, kFloodPieceBytes, {}}, summary, false);
    std::size_t written = 0;
    Clock::time_point stall_deadline = Clock::now() + step.stall;
    while (!write->done && !ended_ && writer_running_ && Clock::now() < stall_deadline &&
           Clock::now() < case_deadline_) {
      co_await signal_.wait_until(std::min(stall_deadline, case_deadline_));
      if (write->written != written) {  // progress: the server still reads
        written = write->written;
        stall_deadline = Clock::now() + step.stall;
      }
    }
    // A write still in flight finishes once the server reads again; nothing more is queued. The
    // case's own deadline is no stall, and neither is an end.
    if (!write->done) {
      flood.stalled = !ended_ && Clock::now() >= stall_deadline;
      break;
    }
    if (write->status == net::WriteStatus::timeout) flood.stalled = true;  // no progress at all
    if (write->status != net::WriteStatus::ok) break;
    flood.messages_written += frames;
    flood.bytes_written += batch_size;
  }
  const Clock::time_point hold_until = std::min(Clock::now() + step.hold, case_deadline_);
  while (!ended_ && Clock::now() < hold_until) co_await signal_.wait_until(hold_until);
  reading_paused_ = false;
  signal_.notify();
  note(flood_outcome(flood) + "; the harness reads again");
}

}  // namespace wsconform::scenario::runner_detail
