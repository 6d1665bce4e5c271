// The scheduler's decisions (runner/scheduler.cpp, runner/case_run.cpp): which trigger a case
// lacks, how cases share the server, and how a burst is sized from the profile's capacity.
#include "scenario/runner/scheduler.hpp"

#include <gtest/gtest.h>

namespace wsconform::scenario::runner_detail {
namespace {

Case with_step(Step step) {
  Case c;
  c.id = "faults/x/y";
  c.steps.push_back({std::move(step), {}});
  return c;
}

TriggerSet everything() {
  TriggerSet set;
  set.handler_exception_message = "boom";
  set.handshake_failure_path = "/fail";
  set.restart = TriggerSet::Restart{};
  set.capacity = TriggerSet::Capacity{32, 2000};
  set.crash = true;
  set.backend_message = "db";
  return set;
}

// What counts towards giving up on a server (RunOptions::give_up_after_silent).
TEST(Scheduler, SilenceIsNoHandshakeAnswerOrNothingAfterTheUpgradeWhileAWaitRanOut) {
  Transcript silent;
  silent.upgraded = true;
  silent.response = wire::HttpResponse{};
  silent.response->status = 101;
  Event timeout;
  timeout.kind = Event::Kind::timeout;
  silent.events.push_back(timeout);
  EXPECT_EQ(server_answer(silent), ServerAnswer::silent);

  Transcript waited_for_nothing = silent;
  waited_for_nothing.events.clear();  // nothing was awaited: no evidence either way
  EXPECT_EQ(server_answer(waited_for_nothing), ServerAnswer::unknown);

  Transcript never_connected;
  never_connected.tcp_end = TcpEnd::connect_failed;
  never_connected.events.push_back(timeout);
  EXPECT_EQ(server_answer(never_connected), ServerAnswer::unknown);

  Transcript handshake_unanswered;  // connected, asked, and no complete response came
  handshake_unanswered.tcp_end = TcpEnd::silence;
  handshake_unanswered.events.push_back(timeout);
  EXPECT_EQ(server_answer(handshake_unanswered), ServerAnswer::silent);
  handshake_unanswered.response_awaited = false;  // a case that stalls its handshake on purpose
  EXPECT_EQ(server_answer(handshake_unanswered), ServerAnswer::unknown);

  Transcript refused;
  refused.response = wire::HttpResponse{};
  refused.response->status = 426;
  EXPECT_EQ(server_answer(refused), ServerAnswer::answered);

  Transcript ponged = silent;
  ponged.pongs.push_back({});
  EXPECT_EQ(server_answer(ponged), ServerAnswer::answered);

  Transcript ended = silent;
  ended.tcp_end = TcpEnd::fin;
  EXPECT_EQ(server_answer(ended), ServerAnswer::answered);

  Transcript harness_closed = silent;
  harness_closed.tcp_end = TcpEnd::harness_closed;  // our own end is no answer
  EXPECT_EQ(server_answer(harness_closed), ServerAnswer::silent);
}

TEST(Scheduler, ACaseLacksTheTriggerItNeedsOrPulls) {
  Case needs = with_step(BarrierStep{});
  needs.needs_trigger = "restart";
  EXPECT_EQ(missing_trigger(needs, nullptr), "restart");
  const TriggerSet all = everything();
  EXPECT_EQ(missing_trigger(needs, &all), "");

  TriggerSet none;
  EXPECT_EQ(missing_trigger(with_step(TriggerStep{"crash"}), &none), "crash");
  HandshakeStep failing;
  failing.trigger = "handshake-failure";
  EXPECT_EQ(missing_trigger(with_step(failing), &none), "handshake-failure");
  Case peer_pulls = with_step(BarrierStep{});
  PeerGroup group;
  group.steps.push_back({TriggerStep{"backend-up"}, {}});
  peer_pulls.peers.push_back(group);
  EXPECT_EQ(missing_trigger(peer_pulls, &none), "backend-up");
  EXPECT_EQ(missing_trigger(peer_pulls, &all), "");
}

TEST(Scheduler, ABurstScaledFromAFigureTheProfileLacksIsUnimplemented) {
  Case burst;
  burst.burst = BurstCase{};
  burst.burst->messages_times_capacity = 2;
  TriggerSet connections_only;
  connections_only.capacity = TriggerSet::Capacity{32, 0};
  EXPECT_EQ(missing_trigger(burst, &connections_only), "capacity (message_rate)");
  burst.burst->messages_times_capacity = 0;
  burst.burst->connections_times_capacity = 2;
  TriggerSet rate_only;
  rate_only.capacity = TriggerSet::Capacity{0, 100};
  EXPECT_EQ(missing_trigger(burst, &rate_only), "capacity (connections)");
  EXPECT_EQ(missing_trigger(burst, &connections_only), "");
}

TEST(Scheduler, WholeServerFaultsAndBurstsRunAloneAndTimedCasesWhileTimed) {
  EXPECT_EQ(sharing_of(with_step(TriggerStep{"handler-exception"})), Sharing::shared);
  EXPECT_EQ(sharing_of(with_step(TriggerStep{"restart"})), Sharing::alone);
  EXPECT_EQ(sharing_of(with_step(TriggerStep{"crash"})), Sharing::alone);
  EXPECT_EQ(sharing_of(with_step(TriggerStep{"backend-down"})), Sharing::alone);
  Case burst;
  burst.burst = BurstCase{};
  EXPECT_EQ(sharing_of(burst), Sharing::alone);
  Case capacity = with_step(BarrierStep{});
  capacity.needs_trigger = "capacity";
  EXPECT_EQ(sharing_of(capacity), Sharing::alone);
  EXPECT_EQ(sharing_of(with_step(BarrierStep{})), Sharing::shared);

  Case timed = with_step(EchoLoadStep{});
  EXPECT_EQ(sharing_of(timed), Sharing::alone_while_timed);
  timed.alone = true;  // the scenario asks for it
  EXPECT_EQ(sharing_of(timed), Sharing::alone);
  Case timed_with_peers = with_step(EchoLoadStep{});
  timed_with_peers.peers.push_back(PeerGroup{});  // only the main connection's timing is followed
  EXPECT_EQ(sharing_of(timed_with_peers), Sharing::alone);
  Case timed_restart = with_step(EchoLoadStep{});
  timed_restart.steps.push_back({TriggerStep{"restart"}, {}});
  EXPECT_EQ(sharing_of(timed_restart), Sharing::alone);
}

TEST(Scheduler, BurstsAreSizedFromTheCapacity) {
  const TriggerSet all = everything();
  BurstCase connections;
  connections.connections_times_capacity = 2;
  EXPECT_EQ(sized_burst(connections, &all).connections, 64u);
  EXPECT_EQ(sized_burst(connections, &all).concurrency, 64u);  // all at once unless written
  connections.spec.concurrency = 10;
  connections.concurrency_written = true;
  EXPECT_EQ(sized_burst(connections, &all).concurrency, 10u);

  BurstCase messages;
  messages.spec.connections = 8;
  messages.messages_times_capacity = 2;  // two seconds' worth of 2000/s over 8 connections
  EXPECT_EQ(sized_burst(messages, &all).messages, 500u);
  EXPECT_EQ(sized_burst(messages, nullptr).messages, 0u);  // as written without a profile
}

}  // namespace
}  // namespace wsconform::scenario::runner_detail
