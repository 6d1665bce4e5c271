// Fixtures for the optional parts of report.json that other layers fill in: a burst case's
// observed.burst (the overload layer) and the top-level "fuzz" campaign (the live fuzzer). Shaped
// as docs/report-format.md describes them, with realistic figures: a burst of 2,000 connections
// against a server that holds 500 and sheds the rest with 503 and 1013.
#pragma once

#include <string>

#include "report/json/report.hpp"
#include "sample_results.hpp"

namespace wsconform::report::testing {

inline Json sample_burst_json() {
  Json buckets = Json::array();
  for (int i = 0; i < 12; ++i) {
    Json bucket = {{"start_ms", i * 100},
                   {"opened", i < 8 ? 250 : 0},
                   {"upgraded", i < 2 ? 250 : (i < 8 ? 40 : 0)},
                   {"echoes", i < 8 ? 900 - 60 * i : 120},
                   {"http_statuses", Json::object()},
                   {"close_codes", Json::object()},
                   {"dropped", i == 5 ? 3 : 0}};
    if (i >= 2 && i < 8) bucket["http_statuses"]["503"] = 210;
    if (i >= 3 && i < 9) bucket["close_codes"]["1013"] = 35 + 5 * i;
    if (i >= 9) bucket["close_codes"]["1000"] = 160;
    buckets.push_back(bucket);
  }
  return {{"spec",
           {{"connections", 2000},
            {"concurrency", 2000},
            {"connect_rate", 0},
            {"messages", 10},
            {"message_size", 16},
            {"duration_ms", 10000}}},
          {"metrics",
           {{"elapsed_ms", 1180.5},
            {"connects_per_s", 1694.2},
            {"handshake_ms", {{"p50", 1.8}, {"p90", 6.4}, {"p99", 21.7}, {"max", 48.2}}},
            {"messages_per_s", 4310},
            {"peak_open", 500},
            {"recover_ms", 212.4}}},
          {"timeline", {{"bucket_ms", 100}, {"buckets", buckets}}},
          {"connections",
           {{"total", 2000}, {"by_end", {{"closed", 740}, {"refused", 1257}, {"dropped", 3}}}}}};
}

inline Json sample_fuzz_json() {
  Json timeline = Json::array();
  for (int t = 0; t <= 10; ++t) {
    timeline.push_back({{"t_s", t * 6},
                        {"inputs", t * 6 * 9000},
                        {"inputs_per_s", t == 0 ? 0 : 9000 - 150 * t},
                        {"corpus", 40 + 31 * t - t * t},
                        {"findings", t < 4 ? 0 : (t < 8 ? 1 : 2)}});
  }
  return {{"campaign",
           {{"target", "ws://127.0.0.1:9001/"},
            {"seed", 7},
            {"duration_s", 60},
            {"inputs", 540000},
            {"inputs_per_s", 9000}}},
          {"timeline", timeline},
          {"findings", Json::array({{{"signature", "close-1011-after-rsv2"},
                                     {"file", "findings/close-1011-after-rsv2.yaml"},
                                     {"verdict", "fail"},
                                     {"reason", "closed with 1011 where 1002 is required"}},
                                    {{"signature", "drop-on-fragmented-ping"},
                                     {"file", "findings/drop-on-fragmented-ping.yaml"},
                                     {"verdict", "fail"},
                                     {"reason", "TCP reset after a fragmented ping"}}})}};
}

// The same two cases against two targets: both pass on the first, the second fails "b" with a
// hostile reason. Read back through text, as `report --from` would.
inline Json two_target_report() {
  static SampleRun first;
  static SampleRun second;
  if (first.results().empty()) {
    first.add("rfc6455/5.2/a", "5.2", scenario::Verdict::pass);
    first.add("rfc6455/7.4/b", "7.4", scenario::Verdict::pass);
    second.add("rfc6455/5.2/a", "5.2", scenario::Verdict::pass);
    second.add("rfc6455/7.4/b", "7.4", scenario::Verdict::fail,
               {"closed with 1011; reason " + kHostileReason});
  }
  RunInfo info;
  info.tool_version = "0.1.0";
  const std::vector<TargetResults> targets{{"ws://first:1/", first.results(), 3},
                                           {"ws://second<x>:2/", second.results(), 4}};
  return Json::parse(dump_json_report(build_multi_target_report(info, targets)));
}

}  // namespace wsconform::report::testing
