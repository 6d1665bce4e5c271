// FaultPolicy: the correct answer for every fault, and the one wrong answer each --broken mode
// asks.
#include "fault_policy.hpp"

#include <gtest/gtest.h>

namespace wsconform::websocketpp_server {
namespace {

TargetOptions with_faults(BrokenModes broken = {}) {
  TargetOptions options;
  options.enable_faults = true;
  options.broken = std::move(broken);
  return options;
}

TEST(FaultPolicy, TriggersExistOnlyWithEnableFaults) {
  const TargetOptions off;
  const FaultPolicy quiet(off);
  EXPECT_FALSE(quiet.is_throw_trigger("wsconform:throw"));
  EXPECT_FALSE(quiet.is_restart_trigger("wsconform:restart"));
  EXPECT_FALSE(quiet.is_handshake_fault_path("/fault/handshake-throw"));

  const TargetOptions on = with_faults();
  const FaultPolicy armed(on);
  EXPECT_TRUE(armed.is_throw_trigger("wsconform:throw"));
  EXPECT_TRUE(armed.is_restart_trigger("wsconform:restart"));
  EXPECT_TRUE(armed.is_handshake_fault_path("/fault/handshake-throw"));
  EXPECT_TRUE(armed.is_handshake_fault_path("/fault/handshake-throw?x=1"));
  EXPECT_FALSE(armed.is_handshake_fault_path("/fault/handshake-throwing"));
  EXPECT_FALSE(armed.is_throw_trigger("wsconform:throw "));
  EXPECT_FALSE(armed.is_restart_trigger("WSCONFORM:RESTART"));
}

TEST(FaultPolicy, CorrectAnswers) {
  const TargetOptions options = with_faults();
  const FaultPolicy policy(options);
  EXPECT_TRUE(policy.on_handler_exception().send_close_frame);
  EXPECT_EQ(policy.on_handler_exception().close_code, 1011);
  EXPECT_EQ(policy.on_message_overload().close_code, 1013);
  EXPECT_TRUE(policy.on_restart().send_close_frame);
  EXPECT_EQ(policy.on_restart().close_code, 1012);
  EXPECT_EQ(policy.on_shutdown().close_code, 1001);
  EXPECT_EQ(policy.on_unread_backlog().close_code, 1008);
  EXPECT_EQ(policy.on_handshake_exception().status, 500);
  EXPECT_EQ(policy.on_capacity_exceeded().status, 503);
  EXPECT_TRUE(policy.on_capacity_exceeded().retry_after);
  EXPECT_EQ(policy.on_draining().status, 503);
}

TEST(FaultPolicy, EachBrokenModeBreaksOnlyItsOwnAnswer) {
  const TargetOptions drop = with_faults({BrokenMode::drop_on_exception});
  EXPECT_FALSE(FaultPolicy(drop).on_handler_exception().send_close_frame);
  EXPECT_EQ(FaultPolicy(drop).on_message_overload().close_code, 1013);

  const TargetOptions overload = with_faults({BrokenMode::close_1011_on_overload});
  EXPECT_EQ(FaultPolicy(overload).on_message_overload().close_code, 1011);
  EXPECT_TRUE(FaultPolicy(overload).on_handler_exception().send_close_frame);

  const TargetOptions restart = with_faults({BrokenMode::no_1012_on_restart});
  EXPECT_FALSE(FaultPolicy(restart).on_restart().send_close_frame);
  EXPECT_EQ(FaultPolicy(restart).on_shutdown().close_code, 1001);

  const TargetOptions status400 = with_faults({BrokenMode::status_400_on_fault});
  EXPECT_EQ(FaultPolicy(status400).on_handshake_exception().status, 400);
  EXPECT_EQ(FaultPolicy(status400).on_capacity_exceeded().status, 503);

  const TargetOptions no_retry = with_faults({BrokenMode::no_retry_after});
  EXPECT_EQ(FaultPolicy(no_retry).on_capacity_exceeded().status, 503);
  EXPECT_FALSE(FaultPolicy(no_retry).on_capacity_exceeded().retry_after);

  const TargetOptions status500 = with_faults({BrokenMode::status_500_on_overload});
  EXPECT_EQ(FaultPolicy(status500).on_capacity_exceeded().status, 500);
  EXPECT_TRUE(FaultPolicy(status500).on_capacity_exceeded().retry_after);
  EXPECT_EQ(FaultPolicy(status500).on_handshake_exception().status, 500);
}

TEST(BrokenModes, NamesRoundTrip) {
  ASSERT_EQ(broken_mode_names().size(), 6u);
  for (const auto& name : broken_mode_names()) {
    const auto mode = parse_broken_mode(name);
    ASSERT_TRUE(mode.has_value()) << name;
    EXPECT_EQ(broken_mode_name(*mode), name);
  }
  EXPECT_FALSE(parse_broken_mode("drop-on-exceptions").has_value());
  EXPECT_FALSE(parse_broken_mode("").has_value());
}

}  // namespace
}  // namespace wsconform::websocketpp_server
