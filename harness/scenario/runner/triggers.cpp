// CaseSession: the fault-trigger step (a message, or an action of the profile's hooks) and the
// gate that holds a peer until the main connection has pulled its trigger.
#include "scenario/runner/describe.hpp"
#include "scenario/runner/session.hpp"

namespace wsconform::scenario::runner_detail {

asio::awaitable<void> CaseSession::send_text(const std::string& text, const std::string& why) {
  if (skip_if_ended(why.c_str())) co_return;
  const wire::FrameSpec frame = masked_frame(wire::opcode::text, wire::bytes_of(text), step_rng_);
  track_sent_frame(frame.opcode, frame.fin, frame.payload);
  co_await send_and_wait(wire::encode_frame(frame), {}, describe_frame(frame) + " (" + why + ")",
                         false);
}

asio::awaitable<void> CaseSession::run_step(const TriggerStep& step) {
  const TriggerSet* triggers = context_.options.triggers;
  FaultHooks* hooks = context_.options.hooks;
  if (triggers == nullptr || !triggers->offers(step.name)) {
    // The scheduler makes such a case unimplemented before it runs; this is only a guard.
    transcript_.harness_error = "the target profile does not offer the trigger '" + step.name + "'";
    co_return;
  }
  const std::string what = "trigger " + step.name;
  std::string problem;
  if (step.name == kTriggerHandlerException) {
    co_await send_text(*triggers->handler_exception_message, what);
  } else if (step.name == kTriggerBackendRequest) {
    co_await send_text(*triggers->backend_message, what);
  } else if (step.name == kTriggerRestart && triggers->restart->message) {
    co_await send_text(*triggers->restart->message, what);
  } else if (hooks == nullptr) {
    problem = "no fault hooks to pull it with";
  } else {
    // Out-of-band actions block this thread briefly; such cases run alone (the scheduler's
    // exclusive phase), so no other case waits on them.
    note(what + ": asking the harness");
    const HookResult result = step.name == kTriggerRestart ? hooks->restart_out_of_band()
                              : step.name == kTriggerCrash ? hooks->crash()
                              : step.name == kTriggerBackendDown || step.name == kTriggerBackendUp
                                  ? hooks->set_backend(step.name == kTriggerBackendUp)
                                  : HookResult::failed("unknown trigger");
    if (!result.ok()) problem = result.problem();
    if (problem.empty() && step.name == kTriggerCrash) {
      // What the connections see next is the crash's doing: say so where the report shows it.
      note(what +
           ": the supervisor killed the server process; any closure from here on is the "
           "crash's, and the supervisor is starting it again");
    } else if (problem.empty()) {
      note(what + ": done");
    }
  }
  if (!problem.empty()) transcript_.harness_error = what + ": " + problem;
}

asio::awaitable<void> CaseSession::run_step(const GateStep&) {
  if (!gate_) co_return;
  ++gate_->waiting;
  gate_->signal.notify();
  while (!gate_->open && !ended_) {
    // The gate is opened before the main connection's deadline; this case's own is the bound.
    co_await gate_->signal.wait_until(case_deadline_);
    if (Clock::now() >= case_deadline_) break;
  }
  if (!gate_->open && !ended_) note("the main connection never reached its end of steps");
}

}  // namespace wsconform::scenario::runner_detail
