// CaseSession: the echo_load step (big messages, many fragments, chopped writes, many round
// trips), its in-stream check of the echo, and the bare TCP loop it is measured against.
#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <fmt/format.h>

#include "net/no_throw.hpp"
#include "scenario/runner/load_pattern.hpp"
#include "scenario/runner/session.hpp"

namespace wsconform::scenario::runner_detail {
namespace {

using namespace asio::experimental::awaitable_operators;
using net::kNoThrow;

// A message is queued in writes of at most this much, so each write has its own timeout and no
// more than one frame of the message is ever encoded at once (besides small frames batched).
constexpr std::size_t kLoadWriteBytes = 1u << 20;

std::string load_summary(const EchoLoadStep& step, std::size_t round) {
  std::string text = std::string(wire::opcode_name(step.opcode)) + " message " +
                     std::to_string(round + 1) + " of " + std::to_string(step.rounds) + ", " +
                     std::to_string(step.size) + " bytes";
  if (step.fragment_size != 0 && step.fragment_size < step.size) {
    text += " in frames of " + std::to_string(step.fragment_size);
  }
  if (step.chop != 0) text += ", written " + std::to_string(step.chop) + " bytes at a time";
  return text;
}

// Echoes whatever arrives until the peer ends the connection.
asio::awaitable<void> echo_bytes(asio::ip::tcp::socket socket) {
  std::vector<std::uint8_t> buffer(64 * 1024);
  for (;;) {
    auto [read_error, n] = co_await socket.async_read_some(asio::buffer(buffer), kNoThrow);
    if (read_error) co_return;
    auto [write_error, written] =
        co_await asio::async_write(socket, asio::buffer(buffer.data(), n), kNoThrow);
    if (write_error) co_return;
  }
}

asio::awaitable<std::error_code> write_pattern(asio::ip::tcp::socket& socket,
                                               const EchoLoadStep& step, std::size_t round) {
  std::vector<std::uint8_t> buffer(std::min<std::uint64_t>(
      step.chop != 0 ? step.chop : kLoadWriteBytes, std::max<std::uint64_t>(step.size, 1)));
  for (std::uint64_t offset = 0; offset < step.size;) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), step.size - offset));
    fill_load_bytes(step.opcode, round, offset, std::span(buffer.data(), n));
    auto [error, written] =
        co_await asio::async_write(socket, asio::buffer(buffer.data(), n), kNoThrow);
    if (error) co_return error;
    offset += n;
  }
  co_return std::error_code{};
}

asio::awaitable<std::error_code> read_exactly(asio::ip::tcp::socket& socket, std::uint64_t size) {
  std::vector<std::uint8_t> buffer(64 * 1024);
  for (std::uint64_t received = 0; received < size;) {
    auto [error, n] = co_await socket.async_read_some(
        asio::buffer(buffer.data(), static_cast<std::size_t>(
                                        std::min<std::uint64_t>(buffer.size(), size - received))),
        kNoThrow);
    if (error) co_return error;
    received += n;
  }
  co_return std::error_code{};
}

// The step's transfers over plain TCP on 127.0.0.1, to an echo in this process.
asio::awaitable<BareLoop> measure_bare_loop(asio::any_io_executor executor,
                                            const EchoLoadStep& step, Clock::time_point deadline) {
  BareLoop loop;
  asio::ip::tcp::acceptor acceptor(executor);
  std::error_code error;
  const asio::ip::tcp::endpoint any_port(asio::ip::address_v4::loopback(), 0);
  acceptor.open(any_port.protocol(), error);
  if (!error) acceptor.bind(any_port, error);
  if (!error) acceptor.listen(1, error);
  if (error) {
    loop.error = "cannot listen on 127.0.0.1: " + error.message();
    co_return loop;
  }
  asio::ip::tcp::socket client(executor);
  // Loopback connects into the listen backlog: the accept that follows finds it there.
  auto [connect_error] = co_await client.async_connect(acceptor.local_endpoint(), kNoThrow);
  auto [accept_error, server] = co_await acceptor.async_accept(kNoThrow);
  if (connect_error || accept_error) {
    loop.error =
        "cannot connect on 127.0.0.1: " + (connect_error ? connect_error : accept_error).message();
    co_return loop;
  }
  client.set_option(asio::ip::tcp::no_delay(true), error);
  asio::co_spawn(executor, echo_bytes(std::move(server)), asio::detached);
  asio::steady_timer timer(executor);
  for (std::size_t round = 0; round < step.rounds; ++round) {
    timer.expires_at(deadline);
    const Clock::time_point started = Clock::now();
    auto outcome =
        co_await ((write_pattern(client, step, round) && read_exactly(client, step.size)) ||
                  timer.async_wait(kNoThrow));
    if (outcome.index() == 1) {
      loop.error = "the bare loop ran out of time in round " + std::to_string(round + 1);
      break;
    }
    loop.round_trip_us.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count());
  }
  client.close(error);
  co_return loop;
}

}  // namespace

asio::awaitable<void> CaseSession::run_step(const EchoLoadStep& step) {
  if (skip_if_ended("echo_load")) co_return;
  LoadRecord& load = transcript_.loads.emplace_back();
  load.size = step.size;
  load.fragment_size = step.fragment_size;
  load.chop = step.chop;
  load.rounds_planned = step.rounds;
  load.declared_message_size = context_.options.declared_message_size;
  const std::uint64_t frame_size =
      step.fragment_size == 0 ? std::max<std::uint64_t>(step.size, 1) : step.fragment_size;
  const net::WritePlan plan{{}, step.chop, std::chrono::milliseconds{0}};
  // The profile's declared message rate is what the server is meant to take: stay at half of it,
  // so that a load step measures the server instead of tripping its limiter (the overload cases
  // do that on purpose).
  const TriggerSet* triggers = context_.options.triggers;
  const double rate =
      triggers != nullptr && triggers->capacity ? triggers->capacity->message_rate : 0;
  const Clock::duration round_interval =
      rate > 0
          ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(2.0 / rate))
          : Clock::duration::zero();
  if (rate > 0 && step.rounds > 1) {
    note(fmt::format("paced to at most {:.0f} messages a second: half the profile's capacity",
                     rate / 2));
  }
  Clock::time_point next_round = Clock::now();

  for (std::size_t round = 0; round < step.rounds && can_write(); ++round) {
    if (round_interval > Clock::duration::zero()) {
      while (!ended_ && Clock::now() < next_round) co_await signal_.wait_until(next_round);
      next_round = Clock::now() + round_interval;
    }
    // Only the first round is shown frame by frame; the others would bury it (their figures stay).
    load_quiet_ = round > 0;
    LoadRound& current = transcript_.loads.back().rounds.emplace_back();
    current.opcode = step.opcode;
    current.size = step.size;
    current.sent_at_us = now_us();
    const Clock::time_point round_started = Clock::now();
    load_round_ = round;
    load_awaiting_ = true;
    if (!load_quiet_) note(load_summary(step, round));

    // §5.4: the message as frames of `frame_size`, the first with the opcode, then continuations;
    // small frames gathered into writes of up to kLoadWriteBytes, big ones cut into such writes.
    wire::Bytes batch;
    std::shared_ptr<OutgoingWrite> last;
    const auto flush = [&] {
      if (batch.empty()) return;
      last = enqueue(std::move(batch), plan, {}, false);
      batch = {};
    };
    std::uint64_t offset = 0;
    do {
      const std::uint64_t length = std::min(frame_size, step.size - offset);
      wire::FrameSpec frame;
      frame.opcode = offset == 0 ? step.opcode : wire::opcode::continuation;
      frame.fin = offset + length == step.size;
      frame.mask = next_mask(step_rng_);  // §5.3: a fresh key for every frame
      frame.declared_length = length;
      const wire::Bytes header = wire::encode_frame_header(frame);
      batch.insert(batch.end(), header.begin(), header.end());
      for (std::uint64_t done = 0; done < length;) {
        if (batch.size() >= kLoadWriteBytes) flush();
        const std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(kLoadWriteBytes - batch.size(), length - done));
        const std::size_t at = batch.size();
        batch.resize(at + n);
        const std::span<std::uint8_t> piece(batch.data() + at, n);
        fill_load_bytes(step.opcode, round, offset + done, piece);
        wire::apply_mask(piece, *frame.mask, static_cast<std::size_t>(done % 4));
        done += n;
      }
      offset += length;
      // A frame's writes are all queued before any wait, so only the automatic pongs §5.4 allows
      // between frames can come between them.
      if (batch.size() >= kLoadWriteBytes || offset == step.size) {
        flush();
        while (!last->done && !ended_ && writer_running_) {
          co_await signal_.wait_until(case_deadline_);
        }
        if (!can_write()) break;
      }
    } while (offset < step.size);

    const Clock::time_point deadline = step_deadline(step.timeout);
    while (load_awaiting_ && !ended_ && receiving_possible() && Clock::now() < deadline) {
      co_await signal_.wait_until(deadline);
    }
    if (load_awaiting_) {
      load_awaiting_ = false;
      load_quiet_ = false;
      if (!ended_ && receiving_possible()) {
        const auto waited =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - round_started);
        record(Event::Kind::timeout, "no complete echo of " + load_summary(step, round) +
                                         " after " + std::to_string(waited.count()) + " ms");
      }
      break;
    }
    if (current.first_difference || current.opcode_differs) break;  // decided: no use going on
  }
  load_quiet_ = false;
  if (!ended_) {
    transcript_.loads.back().bare_loop =
        co_await measure_bare_loop(executor_, step, step_deadline(step.timeout));
  }
}

void CaseSession::on_load_frame(const wire::Frame& frame) {
  LoadRound& round = transcript_.loads.back().rounds.back();
  // Where the echo first parts from what was sent, and the sent bytes from there on.
  const auto mark_difference = [&](std::uint64_t at) {
    round.first_difference = at;
    for (std::uint64_t k = at; k < std::min<std::uint64_t>(round.size, at + kLoadDifferenceBytes);
         ++k) {
      round.expected_there.push_back(load_byte(round.opcode, load_round_, k));
    }
  };
  if (frame.opcode != wire::opcode::continuation && round.received == 0 &&
      frame.opcode != round.opcode) {
    round.opcode_differs = true;
  }
  for (std::size_t i = 0; i < frame.payload.size() && !round.first_difference; ++i) {
    const std::uint64_t at = round.received + i;
    if (at >= round.size || frame.payload[i] != load_byte(round.opcode, load_round_, at)) {
      mark_difference(at);
      const std::size_t shown = std::min(frame.payload.size() - i, kLoadDifferenceBytes);
      round.received_there.assign(frame.payload.begin() + static_cast<std::ptrdiff_t>(i),
                                  frame.payload.begin() + static_cast<std::ptrdiff_t>(i + shown));
    }
  }
  round.received += frame.payload.size();
  if (!frame.fin) return;
  round.complete = true;
  round.echoed_at_us = now_us();
  // A message shorter than the one sent differs where it ends.
  if (!round.first_difference && round.received < round.size) mark_difference(round.received);
  load_awaiting_ = false;
}

}  // namespace wsconform::scenario::runner_detail
