// Live campaigns against the raw strict server, in process: nothing found when it is correct,
// the same inputs for the same seed, a planted bug found, minimized and saved as a case that
// reproduces, a server that goes down reported and the campaign stopped.
#include "fuzz/live/campaign.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "fuzz/live/live_input.hpp"
#include "fuzz/live/minimizer.hpp"
#include "fuzz/live/signature.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "reference/raw_server/raw_server.hpp"
#include "scenario/judge/judge.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/model/verdict.hpp"
#include "scenario/runner/runner.hpp"
#include "support/temp_files.hpp"

namespace wsconform::fuzz::live {
namespace {

using wsconform::testing::fresh_directory;
using wsconform::testing::read_file;

namespace fs = std::filesystem;
using raw_server::BrokenMode;

class Server {
 public:
  explicit Server(raw_server::BrokenModes modes = {}, raw_server::LiberalModes liberties = {})
      : server_(options(std::move(modes), std::move(liberties))) {
    const std::uint16_t port = server_.start();
    std::string error;
    target_ = *scenario::parse_target_url(fmt::format("ws://127.0.0.1:{}/", port), &error);
  }
  const scenario::Target& target() const { return target_; }
  void stop() { server_.stop(); }

 private:
  static raw_server::RawServerOptions options(raw_server::BrokenModes modes,
                                              raw_server::LiberalModes liberties) {
    raw_server::RawServerOptions o;
    o.modes = std::move(modes);
    o.liberties = std::move(liberties);
    return o;
  }
  raw_server::RawServer server_;
  scenario::Target target_;
};

CampaignOptions options_for(const scenario::Target& target, std::uint64_t runs,
                            const fs::path& dir) {
  CampaignOptions options;
  options.target = target;
  options.runs = runs;
  options.jobs = 8;
  options.timeout = std::chrono::milliseconds(500);
  options.findings_dir = dir / "findings";
  return options;
}

std::set<std::string> file_names(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  return names;
}

TEST(LiveCampaign, AStrictServerGivesNoFindings) {
  Server server;
  const fs::path dir = fresh_directory("strict");
  const CampaignResult result = run_campaign(options_for(server.target(), 2500, dir));
  EXPECT_EQ(result.inputs, 2500u);
  for (const Finding& f : result.findings) ADD_FAILURE() << f.signature << ": " << f.reason;
  EXPECT_FALSE(result.server_down);
  EXPECT_EQ(result.errors, 0u);
  EXPECT_GT(result.corpus, 50u);  // new responses kept inputs
  ASSERT_FALSE(result.timeline.empty());
  EXPECT_EQ(result.timeline.back().inputs, result.inputs);
}

// The oracle grades as the suite does (docs/grading.md): a server that keeps every MUST while
// taking one of the RFC's freedoms is never a finding.
class LiberalCampaign : public ::testing::TestWithParam<std::string_view> {};

TEST_P(LiberalCampaign, ALiberalServerGivesNoFindings) {
  Server server({}, {*raw_server::parse_liberal_mode(GetParam())});
  const fs::path dir = fresh_directory("liberal-" + std::string(GetParam()));
  const CampaignResult result = run_campaign(options_for(server.target(), 800, dir));
  EXPECT_EQ(result.inputs, 800u);
  for (const Finding& f : result.findings) ADD_FAILURE() << f.signature << ": " << f.reason;
  EXPECT_FALSE(result.server_down);
  EXPECT_EQ(result.errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(Each, LiberalCampaign,
                         ::testing::ValuesIn(raw_server::liberal_mode_names()),
                         [](const ::testing::TestParamInfo<std::string_view>& info) {
                           std::string name(info.param);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(LiveCampaign, TheSameSeedRunsTheSameInputsAgainstADeterministicServer) {
  Server server;
  const fs::path dir = fresh_directory("determinism");
  std::set<std::string> corpora[2];
  for (int run = 0; run < 2; ++run) {
    CampaignOptions options = options_for(server.target(), 1500, dir);
    options.seed = 5;
    options.corpus_dir = dir / ("corpus-" + std::to_string(run));
    const CampaignResult result = run_campaign(options);
    EXPECT_EQ(result.inputs, 1500u);
    corpora[run] = file_names(options.corpus_dir);
  }
  EXPECT_FALSE(corpora[0].empty());
  EXPECT_EQ(corpora[0], corpora[1]);  // the same inputs drew the same new responses
}

TEST(LiveCampaign, APlantedBugIsFoundMinimizedAndSavedAsACaseThatReproduces) {
  Server server({BrokenMode::ignore_rsv});
  const fs::path dir = fresh_directory("ignore-rsv");
  std::vector<std::string> reported;
  const CampaignResult result =
      run_campaign(options_for(server.target(), 1500, dir), {},
                   [&](const Finding& f) { reported.push_back(f.signature); });
  ASSERT_FALSE(result.findings.empty());
  EXPECT_EQ(reported.size(), result.findings.size());
  bool rsv = false;
  for (const Finding& f : result.findings) {
    rsv = rsv || f.label == "rsv-bit-without-extension";
    EXPECT_EQ(f.verdict, "fail") << f.signature;
    EXPECT_GE(f.count, 1u);
    // The saved file is a scenario the loader reads; run again, it fails the same way.
    const std::vector<scenario::Case> cases = scenario::load_scenario_file(f.file);
    ASSERT_EQ(cases.size(), 1u);
    const std::vector<scenario::CaseResult> again = scenario::run_cases(
        cases, server.target(),
        [] {
          scenario::RunOptions o;
          o.step_timeout = std::chrono::milliseconds(500);
          o.case_timeout = std::chrono::milliseconds(5000);
          o.early_verdicts = false;  // as the campaign runs them
          return o;
        }(),
        scenario::JudgeOptions{});
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].judgement.verdict, scenario::Verdict::fail) << f.file;
    EXPECT_EQ(finding_signature(f.label, cases[0], again[0].transcript), f.signature);
    // The raw file holds the bytes the case sends after the handshake.
    EXPECT_EQ(read_file(f.raw_file), wire::string_of(client_bytes(input_from_case(cases[0]))));
  }
  EXPECT_TRUE(rsv);
  // Folded: many inputs showed the bug, far fewer findings were saved.
  std::uint64_t shown = 0;
  for (const Finding& f : result.findings) shown += f.count;
  EXPECT_GT(shown, result.findings.size());
}

TEST(LiveCampaign, MinimizingKeepsOnlyWhatTheBugNeeds) {
  Server server({BrokenMode::ignore_rsv});
  const auto send = [](std::uint8_t opcode, std::string_view payload) {
    scenario::SendFrameStep step;
    step.frame.opcode = opcode;
    step.frame.payload = wire::bytes_of(payload);
    step.frame.mask = wire::MaskKey{9, 8, 7, 6};
    return step;
  };
  scenario::SendFrameStep rsv = send(wire::opcode::text, "the bug");
  rsv.frame.rsv1 = true;
  const LiveInput input{{send(wire::opcode::text, "one"), send(wire::opcode::ping, "p"),
                         send(wire::opcode::binary, std::string(300, 'b')), rsv,
                         send(wire::opcode::text, "after")}};
  OracleOptions oracle;
  oracle.timeout = std::chrono::milliseconds(500);
  const std::optional<Prediction> p = predict(input, oracle);
  ASSERT_TRUE(p.has_value());
  scenario::RunOptions run;
  run.step_timeout = oracle.timeout;
  run.early_verdicts = false;  // as the campaign runs inputs: signatures from whole transcripts
  const scenario::Case c = make_case(input, *p, "fuzz/test/original", oracle);
  const scenario::Transcript t = scenario::run_case(c, server.target(), run);
  ASSERT_EQ(scenario::judge(c, t).verdict, scenario::Verdict::fail);
  const std::string signature = finding_signature(p->label, c, t);

  MinimizeOptions options;
  options.oracle = oracle;
  const MinimizeResult minimized = minimize(input, signature, server.target(), run, options);
  EXPECT_LE(minimized.runs, options.max_runs);
  ASSERT_LE(minimized.input.items.size(), 2u);
  bool kept_rsv = false;
  for (const Item& item : minimized.input.items) {
    if (const auto* s = std::get_if<scenario::SendFrameStep>(&item))
      kept_rsv = kept_rsv || s->frame.rsv1;
  }
  EXPECT_TRUE(kept_rsv);
}

TEST(LiveCampaign, AServerThatGoesDownIsAFindingAndEndsTheCampaign) {
  Server server;
  const fs::path dir = fresh_directory("down");
  CampaignOptions options = options_for(server.target(), 10'000'000, dir);
  bool stopped = false;
  const CampaignResult result = run_campaign(options, [&](const TimelinePoint&) {
    if (!stopped) server.stop();  // after a batch: the next one finds nobody listening
    stopped = true;
  });
  EXPECT_TRUE(result.server_down);
  // Exactly one finding: the inputs that failed because the server went away under them are
  // part of it, not findings of their own.
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding& down = result.findings.front();
  EXPECT_EQ(down.label, "server-down");
  // The batch in flight is saved, to replay once the server is back.
  EXPECT_FALSE(scenario::load_scenario_file(down.file).empty());
}

TEST(LiveCampaign, AStopRequestEndsItAndSaysSo) {
  Server server;
  const fs::path dir = fresh_directory("stop");
  std::atomic<bool> stop{false};
  const CampaignResult result = run_campaign(
      options_for(server.target(), 10'000'000, dir), [&](const TimelinePoint&) { stop = true; }, {},
      &stop);
  EXPECT_TRUE(result.interrupted);
  EXPECT_LT(result.inputs, 10'000'000u);
}

TEST(LiveCampaign, KeptInputsAreWrittenToTheCorpusAndReadBack) {
  Server server;
  const fs::path dir = fresh_directory("corpus");
  CampaignOptions options = options_for(server.target(), 400, dir);
  options.corpus_dir = dir / "corpus";
  const CampaignResult first = run_campaign(options);
  const std::set<std::string> files = file_names(options.corpus_dir);
  EXPECT_EQ(files.size(), first.corpus);
  for (const std::string& name : files) {
    EXPECT_EQ(scenario::load_scenario_file(options.corpus_dir / name).size(), 1u) << name;
  }
  // A second campaign starts from the seeds and the files: its first batch is all of them.
  options.runs = 1;
  const CampaignResult second = run_campaign(options);
  EXPECT_EQ(second.inputs, 1u);
  EXPECT_TRUE(second.findings.empty());
}

}  // namespace
}  // namespace wsconform::fuzz::live
