#include "fuzz/live/campaign.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include "fuzz/live/case_yaml.hpp"
#include "fuzz/live/live_input.hpp"
#include "fuzz/live/minimizer.hpp"
#include "fuzz/live/mutator.hpp"
#include "fuzz/live/oracle.hpp"
#include "fuzz/live/run_alone.hpp"
#include "fuzz/live/signature.hpp"
#include "scenario/judge/judge.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/model/verdict.hpp"
#include "scenario/runner/runner.hpp"

namespace wsconform::fuzz::live {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kDefaultDuration = 60;
constexpr double kProgressEvery = 1.0;  // seconds
constexpr int kMutationTries = 16;
constexpr int kProbeTries = 3;
constexpr std::chrono::milliseconds kProbePause{200};
// Memory bounds for long campaigns: the corpus stops growing past these, and the digests of the
// inputs already run are forgotten (so some may run twice) past the last.
constexpr std::size_t kMaxCorpusEntries = 50000;
constexpr std::size_t kMaxCorpusBytes = 256u << 20;
constexpr std::size_t kMaxRememberedInputs = 4u << 20;
constexpr std::size_t kSlowParentOdds = 16;
constexpr std::size_t kMaxCrashSuspects = 256;  // inputs run again alone to find the crasher
constexpr std::chrono::milliseconds kServerBackPoll{20};
constexpr std::chrono::milliseconds kMinCandidateTimeout{100};

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A fresh connection that must get through the handshake: is the server still up? (Nothing
// more is asked of it: what a server does with frames is for the inputs to find out.)
scenario::Case probe_case(const OracleOptions& oracle) {
  scenario::Case c;
  c.id = "fuzz/probe/fresh-handshake";
  c.title = "the server still accepts a fresh handshake";
  c.requirement.section = "4.2.2";
  c.requirement.text = "After any input, the server stays up: it accepts a new opening handshake.";
  c.steps.push_back({scenario::CloseStep{}, {}});
  c.expect.close = scenario::CloseExpectation{{}, true, true, std::nullopt};
  c.timeout = 10 * oracle.timeout;
  return c;
}

class Campaign {
 public:
  Campaign(const CampaignOptions& options, const ProgressCallback& progress,
           const FindingCallback& on_finding, const std::atomic<bool>* stop)
      : options_(options),
        progress_(progress),
        on_finding_(on_finding),
        stop_(stop),
        mutator_(options.seed),
        batch_size_(std::clamp<std::size_t>(32 * std::size_t{options.jobs}, 64, 1024)) {
    oracle_.timeout = options.timeout;
    run_options_.jobs = options.jobs;
    run_options_.step_timeout = options.timeout;
    run_options_.case_timeout = 10 * options.timeout;
    run_options_.seed = options.seed;
    run_options_.insecure = options.insecure;
    run_options_.sni = options.sni;
    run_options_.handshake_headers = options.handshake_headers;
    run_options_.hooks = options.hooks;
    // A finding's signature is what the server did to the end: record it all.
    run_options_.early_verdicts = false;
  }

  CampaignResult run() {
    start_ = Clock::now();
    if (!options_.corpus_dir.empty()) std::filesystem::create_directories(options_.corpus_dir);
    std::vector<LiveInput> first = initial_inputs();
    if (options_.runs && first.size() > *options_.runs) first.resize(*options_.runs);
    // The seeds' responses make the first corpus: nothing is mutated before they are in.
    std::unique_ptr<Batch> seeds = launch(std::move(first));
    complete(*seeds);
    // Then kBatchesInFlight batches overlap, so one that waits on a hung connection does not
    // leave the other jobs idle. Batch k+2 is made from the corpus as batches up to k left it,
    // and results are taken in batch order: the same seed makes the same inputs.
    std::deque<std::unique_ptr<Batch>> in_flight;
    for (;;) {
      while (in_flight.size() < kBatchesInFlight && can_generate()) {
        std::unique_ptr<Batch> batch = launch(next_batch());
        if (batch->cases.empty()) break;  // no judgeable mutant this time: take results first
        in_flight.push_back(std::move(batch));
      }
      if (in_flight.empty()) break;
      complete(*in_flight.front());
      in_flight.pop_front();
    }
    tick(true);
    result_.duration_s = elapsed();
    result_.inputs_per_s = result_.duration_s > 0 ? result_.inputs / result_.duration_s : 0;
    result_.corpus = corpus_.size();
    return std::move(result_);
  }

 private:
  struct Batch {
    std::vector<LiveInput> inputs;
    std::vector<scenario::Case> cases;
    std::vector<std::string> labels;
    std::uint64_t first_number = 0;
    std::uint64_t deaths_at_launch = 0;  // the supervised server's unexpected deaths by then
    std::future<std::vector<scenario::CaseResult>> results;
  };

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  bool stopped() const { return stop_ != nullptr && stop_->load(); }

  // Whether another batch may be made: not after a stop, the server going down, the duration or
  // the number of runs.
  bool can_generate() {
    if (stopped()) result_.interrupted = true;
    if (result_.interrupted || result_.server_down || corpus_.empty()) return false;
    if (options_.runs) return generated_ < *options_.runs;
    return elapsed() < options_.duration_s.value_or(kDefaultDuration);
  }

  std::vector<LiveInput> initial_inputs() {
    std::vector<LiveInput> inputs = seed_inputs();
    if (options_.corpus_dir.empty()) return inputs;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(options_.corpus_dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml")
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // the same order every time: determinism
    for (const auto& file : files) {
      for (const scenario::Case& c : scenario::load_scenario_file(file)) {
        LiveInput input = input_from_case(c);
        if (complete_input(input)) inputs.push_back(std::move(input));
      }
    }
    return inputs;
  }

  std::vector<LiveInput> next_batch() {
    std::size_t count = batch_size_;
    if (options_.runs) count = std::min<std::uint64_t>(count, *options_.runs - generated_);
    std::vector<LiveInput> batch;
    for (std::size_t i = 0; i < count; ++i) {
      for (int attempt = 0; attempt < kMutationTries; ++attempt) {
        const LiveInput& parent = pick_parent();
        const LiveInput& donor = pick_parent();
        LiveInput child = mutator_.mutate(parent, donor);
        if (!complete_input(child)) {
          ++result_.unjudged;
          continue;
        }
        if (seen_.size() >= kMaxRememberedInputs) seen_.clear();
        if (!seen_.insert(input_digest(child)).second) continue;  // run already
        batch.push_back(std::move(child));
        break;
      }
    }
    return batch;
  }

  std::size_t pick(std::size_t size) { return static_cast<std::size_t>(pick_rng_() % size); }

  // Inputs that made the harness wait out a timeout (a server that hangs on them) are parents
  // one time in kSlowParentOdds: their children tend to hang too, and each costs a timeout.
  const LiveInput& pick_parent() {
    if (!slow_.empty() && (fast_.empty() || pick(kSlowParentOdds) == 0)) {
      return corpus_[slow_[pick(slow_.size())]].input;
    }
    return corpus_[fast_[pick(fast_.size())]].input;
  }

  // Makes the batch's cases and starts running them on a thread of their own.
  std::unique_ptr<Batch> launch(std::vector<LiveInput> inputs) {
    auto batch = std::make_unique<Batch>();
    batch->first_number = next_input_;
    if (options_.hooks != nullptr) batch->deaths_at_launch = options_.hooks->unexpected_deaths();
    for (LiveInput& input : inputs) {
      const std::optional<Prediction> prediction = predict(input, oracle_);
      if (!prediction) {
        ++result_.unjudged;
        continue;
      }
      seen_.insert(input_digest(input));
      batch->cases.push_back(
          make_case(input, *prediction,
                    "fuzz/input/" + std::to_string(next_input_ + batch->cases.size()), oracle_));
      batch->labels.push_back(prediction->label);
      batch->inputs.push_back(std::move(input));
    }
    next_input_ += batch->cases.size();
    generated_ += batch->cases.size();
    if (batch->cases.empty()) return batch;
    Batch* running = batch.get();
    running->results = std::async(std::launch::async, [this, running] {
      return scenario::run_cases(running->cases, options_.target, run_options_,
                                 scenario::JudgeOptions{}, {}, stop_);
    });
    return batch;
  }

  // Takes a batch's results, in order: the liveness probe, then feedback and findings.
  void complete(Batch& batch) {
    if (batch.cases.empty()) return;
    const std::vector<scenario::CaseResult> results = batch.results.get();
    // The probe comes first: inputs that failed because the server went down under them are the
    // server-down finding (this batch saved whole), not findings of their own; nor are those of
    // the batches still in flight after it (their minimizing would run against nobody).
    if (!stopped() && !result_.server_down && !server_alive()) server_down(batch);
    const CrashAttribution crash =
        result_.server_down ? CrashAttribution{} : attribute_crash(batch, results);
    for (std::size_t i = 0; i < results.size(); ++i) {
      const scenario::CaseResult& r = results[i];
      if (r.transcript.interrupted) continue;
      ++result_.inputs;
      if (result_.server_down) {
        if (r.judgement.verdict == scenario::Verdict::error) ++result_.errors;
        continue;
      }
      // The other inputs in flight when the process died saw it die too: not findings of theirs.
      if (crash.culprit == i) {  // judged by its run alone, which put the crash on record
        on_result(batch.inputs[i], batch.labels[i], batch.cases[i], crash.culprit_result,
                  batch.first_number + i);
        continue;
      }
      if (crash.suspect(i)) continue;  // a bystander of the crash
      on_result(batch.inputs[i], batch.labels[i], batch.cases[i], r, batch.first_number + i);
    }
    if (!crash.suspects.empty() && !crash.culprit) crash_without_culprit(batch, results, crash);
    tick(false);
  }

  void on_result(const LiveInput& input, const std::string& label, const scenario::Case& c,
                 const scenario::CaseResult& r, std::uint64_t number) {
    if (r.judgement.verdict == scenario::Verdict::error) ++result_.errors;
    // Feedback: a response not seen before for this kind of input. A failing input is a finding,
    // not a parent (as libFuzzer keeps crashes out of its corpus): its children would mostly
    // find the same bug again, and a hang costs a timeout each time.
    const bool failed = r.judgement.verdict == scenario::Verdict::fail;
    if (responses_.insert(label + " " + response_signature(r.transcript)).second && !failed) {
      const std::size_t size = client_bytes(input).size();
      if (corpus_.size() < kMaxCorpusEntries && corpus_bytes_ + size <= kMaxCorpusBytes) {
        (waited_out(r.transcript) ? slow_ : fast_).push_back(corpus_.size());
        corpus_.push_back({input});
        corpus_bytes_ += size;
        if (!options_.corpus_dir.empty()) save_corpus_entry(input, c);
      }
    }
    if (r.judgement.verdict != scenario::Verdict::fail) return;
    const std::string signature = finding_signature(label, c, r.transcript);
    if (const auto known = finding_index_.find(signature); known != finding_index_.end()) {
      ++result_.findings[known->second].count;
      return;
    }
    finding_index_[signature] = result_.findings.size();
    record_finding(input, label, signature, number);
  }

  void save_corpus_entry(const LiveInput& input, const scenario::Case& c) {
    scenario::Case entry = c;
    const std::string digest = digest_hex(input_digest(input));
    entry.id = "fuzz/corpus/" + digest;
    write_file(
        options_.corpus_dir / (digest + ".yaml"),
        case_file_yaml(entry, {"wsconform fuzz corpus entry (an input that drew a new response)"}));
  }

  void record_finding(const LiveInput& input, const std::string& label,
                      const std::string& signature, std::uint64_t number) {
    Finding& f = result_.findings.emplace_back();
    f.signature = signature;
    f.label = label;
    f.count = 1;
    f.first_input = number;
    f.found_at_s = elapsed();
    const Clock::time_point minimizing = Clock::now();
    MinimizeOptions minimize_options;
    minimize_options.max_runs = options_.max_minimize_runs;
    minimize_options.oracle = oracle_;
    // Candidates wait a quarter of the timeout: a hang shows as well, four times sooner. The
    // minimized case is then confirmed with the whole timeout (and the original kept if not).
    scenario::RunOptions candidate_run = run_options_;
    candidate_run.step_timeout = std::max(kMinCandidateTimeout, options_.timeout / 4);
    candidate_run.case_timeout = 10 * candidate_run.step_timeout;
    const MinimizeResult minimized =
        minimize(input, signature, options_.target, candidate_run, minimize_options);
    f.minimize_runs = minimized.runs;
    // The minimized case, run once more under the id it is saved with; if it does not show the
    // finding again (a flaky server), the original input is saved instead.
    if (!confirm(f, minimized.input) && !confirm(f, input)) {
      f.verdict = std::string(scenario::verdict_name(f.result.judgement.verdict));
    }
    result_.minimize_s += std::chrono::duration<double>(Clock::now() - minimizing).count();
    save_finding(f);
    if (on_finding_) on_finding_(f);
  }

  bool confirm(Finding& f, const LiveInput& input) {
    const std::optional<Prediction> prediction = predict(input, oracle_);
    if (!prediction) return false;
    const std::string digest = digest_hex(input_digest(input));
    f.test_case = make_case(
        input, *prediction,
        fmt::format("fuzz/{}/{}-{}", prediction->section, f.label, digest.substr(0, 8)), oracle_);
    // Through the scheduler, as the campaign's own runs: with a supervisor it waits for the
    // server to be up and puts a crash on record.
    std::optional<scenario::CaseResult> run =
        run_alone(f.test_case, options_.target, run_options_, stop_);
    if (!run) return false;  // stopped
    f.result = std::move(*run);
    f.result.test_case = &f.test_case;
    f.verdict = std::string(scenario::verdict_name(f.result.judgement.verdict));
    f.reason = f.result.judgement.reasons.empty() ? "" : f.result.judgement.reasons.front();
    f.file = options_.findings_dir / (f.label + "-" + digest + ".yaml");
    f.raw_file = options_.findings_dir / (f.label + "-" + digest + ".bin");
    return f.result.judgement.verdict == scenario::Verdict::fail &&
           finding_signature(f.label, f.test_case, f.result.transcript) == f.signature;
  }

  std::vector<std::string> finding_comments(const Finding& f) const {
    return {
        "wsconform fuzz finding: " + f.signature,
        fmt::format("found by input {}, {:.1f} s into a campaign with --seed {} against {}",
                    f.first_input, f.found_at_s, options_.seed, options_.target.url),
        fmt::format("verdict when saved: {} ({})", f.verdict, f.reason),
        fmt::format("replay: wsconform replay {} {} --timeout {}", f.file.string(), replay_with(),
                    options_.timeout.count()),
        "bytes after the handshake (then the case's close): " + f.raw_file.filename().string(),
    };
  }

  std::string replay_with() const {
    return options_.replay_with.empty() ? "--target " + options_.target.url : options_.replay_with;
  }

  void save_finding(const Finding& f) {
    std::filesystem::create_directories(options_.findings_dir);
    write_file(f.file, case_file_yaml(f.test_case, finding_comments(f)));
    write_file(f.raw_file, wire::string_of(client_bytes(input_from_case(f.test_case))));
  }

  struct CrashAttribution {
    std::vector<std::size_t> suspects;    // the inputs that saw the server process die
    std::optional<std::size_t> culprit;   // the one that kills it again alone
    scenario::CaseResult culprit_result;  // of that run alone
    bool suspect(std::size_t i) const {
      return std::find(suspects.begin(), suspects.end(), i) != suspects.end();
    }
  };

  // A supervised server died while this batch ran: every input in flight then saw it die (or only
  // its connection drop: a dying process's sockets close a moment before its death can be seen).
  // Which one killed it? Each is run again alone, in order; the first that kills it again is the
  // one. None: several together, a flaky crash, or one of another batch (crash_without_culprit).
  CrashAttribution attribute_crash(const Batch& batch,
                                   const std::vector<scenario::CaseResult>& results) {
    CrashAttribution crash;
    const auto saw_death = [](const scenario::CaseResult& r) {
      return !r.transcript.server_deaths.empty();
    };
    const bool died =
        options_.hooks != nullptr && options_.hooks->unexpected_deaths() > batch.deaths_at_launch;
    if (!died && std::none_of(results.begin(), results.end(), saw_death)) return crash;
    std::vector<std::size_t> dropped;  // suspects too, after those that saw the death
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (saw_death(results[i])) {
        crash.suspects.push_back(i);
      } else if (scenario::connection_dropped(results[i].transcript)) {
        dropped.push_back(i);
      }
    }
    crash.suspects.insert(crash.suspects.end(), dropped.begin(), dropped.end());
    for (std::size_t n = 0; n < crash.suspects.size() && n < kMaxCrashSuspects && !stopped(); ++n) {
      const std::size_t i = crash.suspects[n];
      std::optional<scenario::CaseResult> rerun =
          run_alone(batch.cases[i], options_.target, run_options_, stop_);
      ++result_.crash_reruns;
      if (!rerun) break;  // stopped
      if (!rerun->transcript.server_deaths.empty()) {
        crash.culprit = i;
        crash.culprit_result = std::move(*rerun);
        break;
      }
    }
    return crash;
  }

  // The server died under this batch, and no input of it alone brings it down again. If the
  // inputs that saw it die kill it again together, they are one finding, saved together to replay
  // as a group; if not, the crash was another batch's (or a minimizing run's), or too flaky to
  // pin on anything here.
  void crash_without_culprit(const Batch& batch, const std::vector<scenario::CaseResult>& results,
                             const CrashAttribution& crash) {
    const std::size_t first = crash.suspects.front();
    if (results[first].transcript.server_deaths.empty()) return;  // only drops: no death here
    std::vector<scenario::Case> together;
    for (const std::size_t i : crash.suspects) {
      if (together.size() < kMaxCrashSuspects && !results[i].transcript.server_deaths.empty())
        together.push_back(batch.cases[i]);
    }
    ++result_.crash_reruns;
    if (!kills_the_server_together(together, options_.target, run_options_, stop_)) return;
    const std::string signature =
        crash_signature(results[first].transcript.server_deaths.front()) + " (no input alone)";
    if (const auto known = finding_index_.find(signature); known != finding_index_.end()) {
      ++result_.findings[known->second].count;
      return;
    }
    finding_index_[signature] = result_.findings.size();
    Finding& f = result_.findings.emplace_back();
    f.label = "crash-together";
    f.signature = signature;
    f.count = 1;
    f.first_input = batch.first_number + first;
    f.found_at_s = elapsed();
    f.test_case = batch.cases[first];
    f.result = results[first];
    f.result.test_case = &f.test_case;
    f.verdict = "fail";
    f.reason = f.result.judgement.reasons.empty() ? "" : f.result.judgement.reasons.front();
    std::filesystem::create_directories(options_.findings_dir);
    f.file = options_.findings_dir /
             fmt::format("crash-together-inputs-{}.yaml", batch.first_number + first);
    write_file(f.file,
               cases_file_yaml(
                   together, {"wsconform fuzz: the server process died while these "
                              "inputs ran, and none of them alone kills it again",
                              "replay them together (--jobs " + std::to_string(together.size()) +
                                  "): wsconform replay " + f.file.string() + " " + replay_with()}));
    if (on_finding_) on_finding_(f);
  }

  // A fresh handshake must succeed (a few tries). A supervised server is given longer: while it
  // is being restarted (or just died) it is waited for, up to kServerBackWithin; it is down only
  // once its supervisor gives up, or if it is up but never answers in that time.
  bool server_alive() {
    const scenario::Case probe = probe_case(oracle_);
    scenario::FaultHooks* hooks = options_.hooks;
    const Clock::time_point deadline = Clock::now() + kServerBackWithin;
    for (int attempt = 0;; ++attempt) {
      if (hooks != nullptr) {
        while (!hooks->serving() && !hooks->given_up() && Clock::now() < deadline && !stopped())
          std::this_thread::sleep_for(kServerBackPoll);
        if (const std::optional<std::string> why = hooks->given_up()) {
          probe_result_ = {};
          probe_result_.transcript.harness_error = "its supervisor gave up on it: " + *why;
          return false;
        }
      }
      probe_result_.test_case = nullptr;
      probe_result_.transcript = scenario::run_case(probe, options_.target, run_options_);
      probe_result_.judgement = scenario::judge(probe, probe_result_.transcript);
      if (probe_result_.transcript.upgraded && !probe_result_.transcript.harness_error) return true;
      const bool more =
          hooks != nullptr ? Clock::now() < deadline && !stopped() : attempt + 1 < kProbeTries;
      if (!more) return false;
      std::this_thread::sleep_for(kProbePause);
    }
  }

  // Without a supervisor, or once it has given up: the campaign ends here.
  void server_down(const Batch& batch) {
    result_.server_down = true;
    Finding& f = result_.findings.emplace_back();
    f.label = "server-down";
    f.signature = "server-down: no fresh handshake after an input";
    f.count = 1;
    f.first_input = batch.first_number;
    f.found_at_s = elapsed();
    f.test_case = probe_case(oracle_);
    f.result = probe_result_;
    f.result.test_case = &f.test_case;
    f.verdict = "fail";  // a server that stops taking connections fails every client after it
    f.reason =
        "the server no longer completes a fresh handshake: " +
        (probe_result_.transcript.harness_error    ? *probe_result_.transcript.harness_error
         : probe_result_.judgement.reasons.empty() ? std::string("no 101 answer")
                                                   : probe_result_.judgement.reasons.front());
    f.result.judgement = {scenario::Verdict::fail, {f.reason}};
    std::filesystem::create_directories(options_.findings_dir);
    const std::uint64_t last = batch.first_number + batch.cases.size() - 1;
    f.file = options_.findings_dir / fmt::format("server-down-after-input-{}.yaml", last);
    write_file(f.file, cases_file_yaml(
                           batch.cases,
                           {"wsconform fuzz: the server went down during this batch of inputs "
                            "(one of them, or several together, brought it down)",
                            fmt::format("inputs {} to {}, campaign --seed {} against {}",
                                        f.first_input, last, options_.seed, options_.target.url),
                            "restart the server, then: wsconform replay " + f.file.string() + " " +
                                replay_with()}));
    if (on_finding_) on_finding_(f);
  }

  void tick(bool force) {
    const double now = elapsed();
    if (!force && now - last_tick_ < kProgressEvery) return;
    last_tick_ = now;
    TimelinePoint point{now, result_.inputs, now > 0 ? result_.inputs / now : 0, corpus_.size(),
                        result_.findings.size()};
    result_.timeline.push_back(point);
    if (progress_) progress_(point);
  }

  struct CorpusEntry {
    LiveInput input;
  };

  const CampaignOptions& options_;
  const ProgressCallback& progress_;
  const FindingCallback& on_finding_;
  const std::atomic<bool>* stop_;
  OracleOptions oracle_;
  scenario::RunOptions run_options_;
  Mutator mutator_;
  std::mt19937_64 pick_rng_{options_.seed ^ 0x5DEECE66Dull};
  std::size_t batch_size_;
  Clock::time_point start_;
  double last_tick_ = 0;
  std::uint64_t next_input_ = 0;
  std::uint64_t generated_ = 0;  // inputs put in batches (the ones that ran are result_.inputs)
  std::vector<CorpusEntry> corpus_;
  std::vector<std::size_t> fast_;  // indexes into corpus_
  std::vector<std::size_t> slow_;
  std::size_t corpus_bytes_ = 0;
  std::set<std::string> responses_;
  std::unordered_set<std::uint64_t> seen_;
  std::map<std::string, std::size_t> finding_index_;
  scenario::CaseResult probe_result_;
  CampaignResult result_;
};

}  // namespace

CampaignResult run_campaign(const CampaignOptions& options, const ProgressCallback& progress,
                            const FindingCallback& on_finding, const std::atomic<bool>* stop) {
  return Campaign(options, progress, on_finding, stop).run();
}

}  // namespace wsconform::fuzz::live
