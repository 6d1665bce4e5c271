// Runs many cases on one io_context, `jobs` at a time, each on its own connection; judges each as
// it finishes and honours a stop flag.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "scenario/runner.hpp"
#include "scenario/runner_session.hpp"

namespace wsconform::scenario::runner_detail {

class CaseScheduler {
 public:
  CaseScheduler(asio::io_context& io, const std::vector<Case>& cases, const RunContext& context,
                const JudgeOptions& judge_options,
                const std::function<void(const CaseResult&)>& on_done,
                const std::atomic<bool>* stop);

  // Starts the first cases; io.run() then drives everything to the end.
  void start();
  // The results of the cases that ran, in the order of `cases`.
  std::vector<CaseResult> results();

 private:
  void launch_more();
  void launch(std::size_t index);
  void report_unimplemented(std::size_t index);
  void complete(std::size_t index);
  void deliver(std::size_t index, CaseResult result);
  void poll_stop();
  bool all_done() const;

  asio::io_context& io_;
  const std::vector<Case>& cases_;
  const RunContext& context_;
  const JudgeOptions& judge_options_;
  const std::function<void(const CaseResult&)>& on_done_;
  const std::atomic<bool>* stop_;
  unsigned jobs_;
  asio::steady_timer stop_poll_;

  std::vector<std::optional<CaseResult>> slots_;
  std::map<std::size_t, std::shared_ptr<CaseSession>> in_flight_;
  std::size_t next_ = 0;
  bool stopping_ = false;
  bool launching_ = false;
};

}  // namespace wsconform::scenario::runner_detail
