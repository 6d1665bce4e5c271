// `wsconform fuzz` and `wsconform replay` as a user runs them: the built binary against a
// wsconform-raw-server process the test starts on 127.0.0.1. A planted bug is found, saved and
// replayed with the same verdict; a strict server gives nothing; report.json carries the "fuzz"
// object in its documented shape.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/target_process.hpp"
#include "support/temp_files.hpp"

#ifndef WSCONFORM_BINARY
#error "WSCONFORM_BINARY must name the wsconform executable"
#endif
#ifndef WSCONFORM_RAW_SERVER_PATH
#error "WSCONFORM_RAW_SERVER_PATH must name the wsconform-raw-server executable"
#endif

namespace {

using wsconform::testing::fresh_directory;
using wsconform::testing::read_file;

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using wsconform::testing::TargetProcess;

constexpr auto kStart = 10s;
constexpr auto kCampaign = 120s;  // a bound, not a timing: a campaign here takes seconds

struct ProgramRun {
  int exit_status = -1;
  std::vector<std::string> lines;  // stdout
  std::string err;

  bool has_line_starting(std::string_view prefix) const {
    for (const std::string& line : lines) {
      if (line.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }
};

ProgramRun wsconform(const std::vector<std::string>& arguments) {
  TargetProcess process(WSCONFORM_BINARY, arguments, true);
  ProgramRun run;
  while (auto line = process.wait_for_line("", kCampaign)) run.lines.push_back(*line);
  run.err = process.captured_stderr(kStart);
  if (const auto exit = process.wait_for_exit(kStart); exit && exit->exited)
    run.exit_status = exit->code;
  return run;
}

class RawServerProcess {
 public:
  explicit RawServerProcess(const std::vector<std::string>& modes) {
    std::vector<std::string> args{"--port", "0"};
    for (const std::string& mode : modes) {
      args.push_back("--mode");
      args.push_back(mode);
    }
    process_ = std::make_unique<TargetProcess>(WSCONFORM_RAW_SERVER_PATH, args);
    port_ = process_->wait_until_listening(kStart).value_or(0);
  }
  std::string url() const { return fmt::format("ws://127.0.0.1:{}/", port_); }
  bool up() const { return port_ != 0; }

 private:
  std::unique_ptr<TargetProcess> process_;
  std::uint16_t port_ = 0;
};

std::vector<std::string> campaign_args(const RawServerProcess& target, const fs::path& dir,
                                       std::string runs) {
  return {"fuzz",
          "--target",
          target.url(),
          "--runs",
          std::move(runs),
          "--seed",
          "1",
          "--jobs",
          "8",
          "--timeout",
          "500",
          "--findings",
          (dir / "findings").string(),
          "--report-dir",
          (dir / "reports").string()};
}

void expect_fuzz_object(const nlohmann::json& report, const std::string& url) {
  ASSERT_TRUE(report.contains("fuzz"));
  const nlohmann::json& fuzz = report.at("fuzz");
  const nlohmann::json& campaign = fuzz.at("campaign");
  EXPECT_EQ(campaign.at("target"), url);
  EXPECT_EQ(campaign.at("seed"), 1);
  EXPECT_TRUE(campaign.at("duration_s").is_number());
  EXPECT_TRUE(campaign.at("inputs").is_number_integer());
  EXPECT_TRUE(campaign.at("inputs_per_s").is_number());
  ASSERT_FALSE(fuzz.at("timeline").empty());
  for (const auto& point : fuzz.at("timeline")) {
    for (const char* key : {"t_s", "inputs", "inputs_per_s", "corpus", "findings"}) {
      EXPECT_TRUE(point.contains(key)) << key;
    }
  }
  EXPECT_EQ(fuzz.at("timeline").back().at("inputs"), campaign.at("inputs"));
  for (const auto& finding : fuzz.at("findings")) {
    for (const char* key : {"signature", "file", "verdict", "reason"}) {
      EXPECT_TRUE(finding.at(key).is_string()) << key;
    }
  }
}

// Runs a campaign against `modes`, expects findings, and replays every one of them.
void expect_found_and_replayed(const std::vector<std::string>& modes, const std::string& runs) {
  RawServerProcess target(modes);
  ASSERT_TRUE(target.up());
  const fs::path dir = fresh_directory("fuzz-cli");
  const ProgramRun fuzz = wsconform(campaign_args(target, dir, runs));
  EXPECT_EQ(fuzz.exit_status, 1) << fuzz.err;
  EXPECT_TRUE(fuzz.has_line_starting("finding: "));
  EXPECT_TRUE(fuzz.has_line_starting("fuzz "));  // progress

  const nlohmann::json report = nlohmann::json::parse(read_file(dir / "reports" / "report.json"));
  expect_fuzz_object(report, target.url());
  const nlohmann::json& findings = report.at("fuzz").at("findings");
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(report.at("cases").size(), findings.size());  // each finding's case, as it last ran
  EXPECT_FALSE(report.at("conformant").get<bool>());
  EXPECT_NE(read_file(dir / "reports" / "summary.md").find("Fuzz campaign: "), std::string::npos);

  for (const auto& finding : findings) {
    const fs::path file = finding.at("file").get<std::string>();
    EXPECT_EQ(finding.at("verdict"), "fail");
    ASSERT_TRUE(fs::exists(file)) << file;
    fs::path raw = file;
    raw.replace_extension(".bin");
    EXPECT_TRUE(fs::exists(raw)) << raw;
    EXPECT_EQ(file.filename().string().rfind("server-down", 0), std::string::npos) << file;
    const ProgramRun replay =
        wsconform({"replay", file.string(), "--target", target.url(), "--timeout", "500"});
    EXPECT_EQ(replay.exit_status, 1) << file << "\n" << replay.err;
    ASSERT_FALSE(replay.lines.empty());
    EXPECT_EQ(replay.lines.front().rfind("fail", 0), 0u) << replay.lines.front();
  }
}

TEST(FuzzCli, FindsAnEchoThatCorruptsAndReplayReproducesIt) {
  expect_found_and_replayed({"corrupt-echo"}, "1000");
}

TEST(FuzzCli, FindsProcessingAfterACloseByMutationAndReplayReproducesIt) {
  // No seed input sends frames after its close: mutations have to get there.
  expect_found_and_replayed({"process-after-close"}, "1500");
}

TEST(FuzzCli, AStrictServerGivesNoFindingsAndExitsZero) {
  RawServerProcess target({});
  ASSERT_TRUE(target.up());
  const fs::path dir = fresh_directory("fuzz-cli");
  const ProgramRun fuzz = wsconform(campaign_args(target, dir, "3000"));
  EXPECT_EQ(fuzz.exit_status, 0) << fuzz.err;
  EXPECT_FALSE(fuzz.has_line_starting("finding: "));
  EXPECT_TRUE(fuzz.has_line_starting("3000 inputs in "));
  const nlohmann::json report = nlohmann::json::parse(read_file(dir / "reports" / "report.json"));
  expect_fuzz_object(report, target.url());
  EXPECT_TRUE(report.at("fuzz").at("findings").empty());
  EXPECT_TRUE(report.at("cases").empty());
  EXPECT_TRUE(report.at("conformant").get<bool>());
}

TEST(FuzzCli, UsageErrorsExitTwo) {
  RawServerProcess target({});
  ASSERT_TRUE(target.up());
  const fs::path dir = fresh_directory("fuzz-cli");
  EXPECT_EQ(
      wsconform({"fuzz", "--target", target.url(), "--runs", "5", "--duration", "5"}).exit_status,
      2);
  EXPECT_EQ(wsconform({"fuzz", "--runs", "5"}).exit_status, 2);  // neither --target nor --profile
  EXPECT_EQ(wsconform({"fuzz", "--profile", (dir / "missing.yaml").string()}).exit_status, 2);
  std::ofstream(dir / "p.yaml") << "name: x\nurl: ws://127.0.0.1:1/\nsurprise: 1\n";
  const ProgramRun profile = wsconform({"fuzz", "--profile", (dir / "p.yaml").string()});
  EXPECT_EQ(profile.exit_status, 2);
  EXPECT_NE(profile.err.find("p.yaml:3"), std::string::npos) << profile.err;
  EXPECT_EQ(wsconform({"replay", (dir / "p.yaml").string()}).exit_status, 2);  // no target
  EXPECT_EQ(wsconform({"fuzz", "--target", "http://nope"}).exit_status, 2);
  EXPECT_EQ(
      wsconform({"replay", (dir / "missing.yaml").string(), "--target", target.url()}).exit_status,
      2);
  std::ofstream(dir / "bad.yaml") << "cases: [{id: x}]\n";
  const ProgramRun bad =
      wsconform({"replay", (dir / "bad.yaml").string(), "--target", target.url()});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find("bad.yaml:1"), std::string::npos) << bad.err;
}

// A profile that starts wsconform-raw-server with its planted crash (an RSV bit aborts it), and
// restarts it each time.
fs::path crashing_profile(const fs::path& dir) {
  const fs::path file = dir / "crashing.yaml";
  std::ofstream(file) << fmt::format(R"(name: rawtarget that aborts on an RSV bit
url: ws://127.0.0.1:{{port}}/
start:
  command: ["{}", --port, "{{port}}", --abort-on-rsv]
  ready: {{stdout_line: "listening on"}}
  restart_on_exit: true
  max_restarts: 1000
)",
                                     WSCONFORM_RAW_SERVER_PATH);
  return file;
}

TEST(FuzzCli, ACrashUnderAProfileIsOneFindingAndTheCampaignGoesOn) {
  const fs::path dir = fresh_directory("fuzz-cli");
  const fs::path profile = crashing_profile(dir);
  const ProgramRun fuzz =
      wsconform({"fuzz", "--profile", profile.string(), "--runs", "1500", "--seed", "1", "--jobs",
                 "8", "--timeout", "500", "--max-minimize-runs", "100", "--findings",
                 (dir / "findings").string(), "--report-dir", (dir / "reports").string()});
  EXPECT_EQ(fuzz.exit_status, 1) << fuzz.err;
  // The campaign ran every input: the supervisor had the server back after each crash.
  EXPECT_TRUE(fuzz.has_line_starting("1500 inputs in ")) << fuzz.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir / "reports" / "report.json"));
  const nlohmann::json& campaign = report.at("fuzz").at("campaign");
  EXPECT_FALSE(campaign.at("server_down").get<bool>());
  const nlohmann::json& findings = report.at("fuzz").at("findings");
  // One bug, one finding: the inputs that were in flight when it died are not blamed.
  ASSERT_EQ(findings.size(), 1u) << findings.dump(2);
  const nlohmann::json& finding = findings.front();
  EXPECT_EQ(finding.at("signature"), "crash: it was killed by SIGABRT");
  EXPECT_EQ(finding.at("verdict"), "fail");
  EXPECT_NE(finding.at("reason").get<std::string>().find("SIGABRT"), std::string::npos)
      << finding.at("reason");
  const fs::path file = finding.at("file").get<std::string>();
  EXPECT_NE(read_file(file).find("rsv1: true"), std::string::npos) << read_file(file);
  EXPECT_NE(read_file(file).find("--profile " + profile.string()), std::string::npos);

  // Replayed under the profile, the crash shows as a crash.
  const ProgramRun replay =
      wsconform({"replay", file.string(), "--profile", profile.string(), "--timeout", "500"});
  EXPECT_EQ(replay.exit_status, 1) << replay.err;
  ASSERT_GE(replay.lines.size(), 2u);
  EXPECT_EQ(replay.lines.front().rfind("fail", 0), 0u) << replay.lines.front();
  EXPECT_NE(replay.lines[1].find("the server process died"), std::string::npos) << replay.lines[1];
}

TEST(FuzzCli, ReplayOfACaseThatPassesExitsZero) {
  RawServerProcess target({});
  ASSERT_TRUE(target.up());
  const fs::path dir = fresh_directory("fuzz-cli");
  std::ofstream(dir / "ok.yaml") << R"(cases:
  - id: fuzz/5.6/echo
    title: an echo
    section: "5.6"
    level: MUST
    requirement: echoed
    steps:
      - send: {opcode: text, mask: "01020304", payload: hello}
      - close: {code: 1000}
    expect:
      messages: [hello]
      close: {codes: [1000]}
)";
  const ProgramRun replay =
      wsconform({"replay", (dir / "ok.yaml").string(), "--target", target.url()});
  EXPECT_EQ(replay.exit_status, 0) << replay.err;
  ASSERT_FALSE(replay.lines.empty());
  EXPECT_EQ(replay.lines.front().rfind("pass", 0), 0u) << replay.lines.front();
}

}  // namespace
