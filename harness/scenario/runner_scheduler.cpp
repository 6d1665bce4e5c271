#include "scenario/runner_scheduler.hpp"

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <exception>

namespace wsconform::scenario::runner_detail {
namespace {

constexpr std::chrono::milliseconds kStopPollInterval{50};

}  // namespace

CaseScheduler::CaseScheduler(asio::io_context& io, const std::vector<Case>& cases,
                             const RunContext& context, const JudgeOptions& judge_options,
                             const std::function<void(const CaseResult&)>& on_done,
                             const std::atomic<bool>* stop)
    : io_(io),
      cases_(cases),
      context_(context),
      judge_options_(judge_options),
      on_done_(on_done),
      stop_(stop),
      jobs_(std::max(1u, context.options.jobs)),
      stop_poll_(io),
      slots_(cases.size()) {}

void CaseScheduler::start() {
  if (stop_ != nullptr) poll_stop();
  launch_more();
}

bool CaseScheduler::all_done() const {
  return in_flight_.empty() && (stopping_ || next_ >= cases_.size());
}

void CaseScheduler::poll_stop() {
  if (!stopping_ && stop_->load()) {
    stopping_ = true;
    // Copy first: an interrupted session may complete (and leave the map) right away.
    const auto sessions = in_flight_;
    for (const auto& [index, session] : sessions) session->interrupt();
  }
  if (all_done()) return;
  stop_poll_.expires_after(kStopPollInterval);
  stop_poll_.async_wait([this](std::error_code error) {
    if (!error) poll_stop();
  });
}

void CaseScheduler::launch_more() {
  if (launching_) return;  // a case reported synchronously re-enters here
  launching_ = true;
  while (!stopping_ && in_flight_.size() < jobs_ && next_ < cases_.size()) {
    if (stop_ != nullptr && stop_->load()) {
      stopping_ = true;
      break;
    }
    launch(next_++);
  }
  launching_ = false;
  if (all_done()) stop_poll_.cancel();
}

void CaseScheduler::launch(std::size_t index) {
  const Case& test_case = cases_[index];
  if (!test_case.needs_trigger.empty()) {
    report_unimplemented(index);
    return;
  }
  auto session = std::make_shared<CaseSession>(io_.get_executor(), test_case, context_);
  in_flight_[index] = session;
  asio::co_spawn(io_, session->run(), [this, index](std::exception_ptr) { complete(index); });
}

void CaseScheduler::report_unimplemented(std::size_t index) {
  const Case& test_case = cases_[index];
  CaseResult result;
  result.test_case = &test_case;
  result.transcript.case_id = test_case.id;
  result.transcript.target = context_.target.url;
  // Target profiles come later: no trigger is offered yet, so the case cannot run (DESIGN.md:
  // a missing trigger makes a case unimplemented, never fail).
  result.judgement.verdict = Verdict::unimplemented;
  result.judgement.reasons.push_back("needs the target-profile trigger '" +
                                     test_case.needs_trigger +
                                     "', which the target does not offer");
  deliver(index, std::move(result));
}

void CaseScheduler::complete(std::size_t index) {
  const auto found = in_flight_.find(index);
  if (found == in_flight_.end()) return;
  const std::shared_ptr<CaseSession> session = found->second;
  in_flight_.erase(found);
  CaseResult result;
  result.test_case = &cases_[index];
  result.transcript = session->take_transcript();
  result.judgement = judge(cases_[index], result.transcript, judge_options_);
  result.duration_ms = static_cast<double>(result.transcript.duration_us) / 1000.0;
  deliver(index, std::move(result));
  launch_more();
}

void CaseScheduler::deliver(std::size_t index, CaseResult result) {
  slots_[index] = std::move(result);
  if (on_done_) on_done_(*slots_[index]);
}

std::vector<CaseResult> CaseScheduler::results() {
  std::vector<CaseResult> ordered;
  for (auto& slot : slots_) {
    if (slot) ordered.push_back(std::move(*slot));
  }
  return ordered;
}

}  // namespace wsconform::scenario::runner_detail
