// run_case and run_cases: one io_context on the calling thread.
#include "scenario/runner/runner.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <optional>

#include "net/tls_context.hpp"
#include "scenario/runner/case_run.hpp"
#include "scenario/runner/scheduler.hpp"

namespace wsconform::scenario {

Transcript run_case(const Case& test_case, const Target& target, const RunOptions& options) {
  asio::io_context io;
  std::optional<asio::ssl::context> tls;
  if (target.tls) tls.emplace(net::make_client_tls_context(options.insecure));
  const runner_detail::RunContext context{target, options, tls ? &*tls : nullptr};
  auto run = std::make_shared<runner_detail::CaseRun>(io.get_executor(), test_case, context);
  asio::co_spawn(io, run->run(), asio::detached);
  io.run();
  return run->take_transcript();
}

std::vector<CaseResult> run_cases(const std::vector<Case>& cases, const Target& target,
                                  const RunOptions& options, const JudgeOptions& judge_options,
                                  const std::function<void(const CaseResult&)>& on_done,
                                  const std::atomic<bool>* stop, RunEnd* end) {
  asio::io_context io;
  std::optional<asio::ssl::context> tls;
  if (target.tls) tls.emplace(net::make_client_tls_context(options.insecure));
  const runner_detail::RunContext context{target, options, tls ? &*tls : nullptr};
  runner_detail::CaseScheduler scheduler(io, cases, context, judge_options, on_done, stop);
  scheduler.start();
  io.run();
  if (end != nullptr) *end = scheduler.end();
  return scheduler.results();
}

}  // namespace wsconform::scenario
