// The report.json the renderer tests start from: a SampleRun's results through build_json_report,
// then through text and back, as `wsconform report --from` reads it.
#pragma once

#include <cstddef>
#include <string_view>

#include "report/json/report.hpp"
#include "report/json/run_info.hpp"
#include "sample_results.hpp"

namespace wsconform::report::testing {

inline RunInfo sample_run_info() {
  RunInfo info;
  info.tool_version = "0.1.0";
  info.target = "ws://127.0.0.1:1/";
  return info;
}

inline Json report_of(const SampleRun& run, const RunInfo& info = sample_run_info()) {
  return Json::parse(dump_json_report(build_json_report(info, run.results())));
}

// The hostile transcript beside a passing and a non-strict case.
inline Json hostile_report() {
  static SampleRun run;
  if (run.results().empty()) {
    run.add_hostile();
    run.add("rfc6455/5.2/a", "5.2", scenario::Verdict::pass);
    run.add("rfc6455/7.4/b", "7.4", scenario::Verdict::non_strict, {"closed with 1011, not 1002"});
  }
  return report_of(run);
}

inline std::size_t occurrences(std::string_view haystack, std::string_view needle) {
  std::size_t count = 0;
  for (auto pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

}  // namespace wsconform::report::testing
