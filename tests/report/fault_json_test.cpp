// Peers, bursts and server deaths in report.json (report/json/fault.cpp): their shapes, untrusted
// text made valid UTF-8, and the documented schema.
#include "report/json/fault.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "report/json/case.hpp"
#include "report/json/report.hpp"
#include "sample_results.hpp"

namespace wsconform::report {
namespace {

using scenario::BurstConnection;
using testing::SampleRun;

scenario::BurstRecord sample_burst() {
  scenario::BurstRecord record;
  record.spec.connections = 3;
  BurstConnection served;
  served.end = BurstConnection::End::closed;
  served.messages_sent = 4;
  served.echoes = 4;
  BurstConnection refused;
  refused.end = BurstConnection::End::refused;
  refused.http_status = 503;
  refused.retry_after = true;
  BurstConnection shed = served;
  shed.server_closed_first = true;
  shed.close_code = 1013;
  shed.echoes = 2;
  record.connections = {served, refused, shed};
  scenario::BurstBucket bucket;
  bucket.opened = 3;
  bucket.upgraded = 2;
  bucket.http_statuses[503] = 1;
  bucket.close_codes[1013] = 1;
  record.timeline = {bucket};
  record.metrics.handshake_p50_ms = 0.4;
  record.metrics.recovery_checked = true;
  record.metrics.recover_ms = 12.5;
  record.notes = {"capped at \xff 20000 descriptors"};
  return record;
}

// A case with two peers (a bystander, a reconnect), a burst and a death.
scenario::CaseResult& add_fault_case(SampleRun& run) {
  scenario::CaseResult& result = run.add("close-codes/1012/sample", "close-codes/1012",
                                         scenario::Verdict::fail, {"bystander 1 of 1: hurt"});
  auto& c = const_cast<scenario::Case&>(*result.test_case);
  scenario::PeerGroup bystander;
  bystander.name = "bystander";
  scenario::PeerGroup reconnect;
  reconnect.name = "reconnect";
  reconnect.when = scenario::PeerGroup::When::after;
  c.peers = {bystander, reconnect};
  scenario::PeerRecord before;
  before.transcript.server_close = scenario::ReceivedClose{1012, wire::bytes_of("bye \xff"), 6, 10};
  scenario::PeerRecord after;
  after.group = 1;
  after.attempts = 3;
  after.upgraded_after_us = 41'500;
  result.transcript.peers = {before, after};
  result.transcript.burst = sample_burst();
  result.transcript.server_deaths = {"it was killed by SIGSEGV; its last output: \xff\xfe boom"};
  return result;
}

TEST(FaultJson, PeersCarryTheirGroupWhenAttemptsAndObservation) {
  SampleRun run;
  const Json json = case_json(add_fault_case(run));
  const Json& peers = json.at("observed").at("peers");
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[0].at("group"), "bystander");
  EXPECT_EQ(peers[0].at("when"), "before");
  EXPECT_EQ(peers[0].at("observed").at("server_close").at("code"), 1012);
  EXPECT_EQ(peers[1].at("group"), "reconnect");
  EXPECT_EQ(peers[1].at("when"), "after");
  EXPECT_EQ(peers[1].at("attempts"), 3);
  EXPECT_DOUBLE_EQ(peers[1].at("upgraded_after_ms").get<double>(), 41.5);
  EXPECT_TRUE(peers[0].at("upgraded_after_ms").is_null());
}

TEST(FaultJson, ABurstHasItsMetricsTimelineAndConnectionCounts) {
  const Json burst = burst_json(sample_burst());
  EXPECT_EQ(burst.at("connections").at("total"), 3);
  EXPECT_EQ(burst.at("connections").at("by_end").at("closed"), 2);
  EXPECT_EQ(burst.at("connections").at("by_end").at("refused"), 1);
  EXPECT_EQ(burst.at("connections").at("refusals").at("503"), 1);
  EXPECT_EQ(burst.at("connections").at("with_retry_after"), 1);
  EXPECT_EQ(burst.at("connections").at("shed_codes").at("1013"), 1);
  EXPECT_EQ(burst.at("connections").at("echoes"), 6);
  EXPECT_EQ(burst.at("timeline").at("buckets")[0].at("close_codes").at("1013"), 1);
  EXPECT_EQ(burst.at("timeline").at("buckets")[0].at("http_statuses").at("503"), 1);
  EXPECT_DOUBLE_EQ(burst.at("metrics").at("recover_ms").get<double>(), 12.5);
  EXPECT_DOUBLE_EQ(burst.at("metrics").at("handshake_ms").at("p50").get<double>(), 0.4);
  // Text from the engine or a server is made valid UTF-8 before it reaches JSON.
  EXPECT_NO_THROW(burst.dump());
}

TEST(FaultJson, ServerDeathsAreListedAsValidText) {
  SampleRun run;
  const Json json = case_json(add_fault_case(run));
  ASSERT_EQ(json.at("observed").at("server_deaths").size(), 1u);
  EXPECT_NO_THROW(json.dump());  // nlohmann throws on invalid UTF-8
}

TEST(FaultJson, ACaseWithoutFaultsHasNoFaultKeys) {
  SampleRun run;
  const Json json = case_json(run.add("rfc6455/5.2/plain", "5.2", scenario::Verdict::pass));
  EXPECT_FALSE(json.at("observed").contains("peers"));
  EXPECT_FALSE(json.at("observed").contains("burst"));
  EXPECT_FALSE(json.at("observed").contains("server_deaths"));
}

TEST(FaultJson, AReportWithFaultsValidatesAgainstTheDocumentedSchema) {
  // Fails rather than skips: a skip would pass in CI without checking the schema.
  if (std::system("python3 -c 'import jsonschema' 2>/dev/null") != 0) {
    FAIL() << "python3 jsonschema is not installed: scripts/setup installs python3-jsonschema";
  }
  const std::filesystem::path schema = std::filesystem::path(__FILE__).parent_path() /
                                       "../../harness/report/json/report.schema.json";
  SampleRun run;
  add_fault_case(run);
  RunInfo info;
  info.target = "ws://127.0.0.1:1/";
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "wsconform-fault-json-schema.json";
  std::ofstream(file, std::ios::binary) << dump_json_report(build_json_report(info, run.results()));
  const std::string command =
      "python3 -c 'import json, sys, jsonschema; "
      "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate("
      "json.load(open(sys.argv[2])))' '" +
      schema.string() + "' '" + file.string() + "'";
  const int status = std::system(command.c_str());
  EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace wsconform::report
