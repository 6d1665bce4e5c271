#include "fuzz/live/minimizer.hpp"

#include <functional>

#include "fuzz/live/run_alone.hpp"
#include "fuzz/live/signature.hpp"
#include "scenario/runner/runner.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::SendFrameStep;
using scenario::SendRawStep;

constexpr std::size_t kMaxRounds = 64;

using Edit = std::function<bool(LiveInput&)>;  // false: nothing to change

// The candidates of one phase, from `input`: biggest reductions first.
std::vector<LiveInput> candidates(const LiveInput& input, const std::vector<Edit>& edits) {
  std::vector<LiveInput> out;
  for (const Edit& edit : edits) {
    LiveInput candidate = input;
    if (edit(candidate) && complete_input(candidate)) out.push_back(std::move(candidate));
  }
  return out;
}

std::vector<Edit> removals(const LiveInput& input) {
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < input.items.size(); ++i) {
    edits.push_back([i](LiveInput& c) {
      if (c.items.size() <= 1) return false;
      c.items.erase(c.items.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    });
  }
  return edits;
}

std::vector<Edit> shrinks(const LiveInput& input) {
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < input.items.size(); ++i) {
    edits.push_back([i](LiveInput& c) {  // the first half of the payload (or raw bytes)
      return std::visit(
          [](auto& step) {
            wire::Bytes* bytes = nullptr;
            if constexpr (std::is_same_v<std::decay_t<decltype(step)>, SendFrameStep>) {
              bytes = &step.frame.payload;
              step.frame.declared_length.reset();
            } else {
              bytes = &step.bytes;
            }
            if (bytes->size() < 2) return false;
            bytes->resize(bytes->size() / 2);
            return true;
          },
          c.items[i]);
    });
    edits.push_back([i](LiveInput& c) {  // the second half
      auto* raw = std::get_if<SendRawStep>(&c.items[i]);
      auto* send = std::get_if<SendFrameStep>(&c.items[i]);
      wire::Bytes& bytes = raw ? raw->bytes : send->frame.payload;
      if (bytes.size() < 2) return false;
      bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
      if (send) send->frame.declared_length.reset();
      return true;
    });
  }
  return edits;
}

std::vector<Edit> resets(const LiveInput& input) {
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < input.items.size(); ++i) {
    edits.push_back([i](LiveInput& c) {  // one TCP write, no pause
      auto& segmentation = std::visit(
          [](auto& step) -> scenario::Segmentation& { return step.segmentation; }, c.items[i]);
      if (segmentation.sizes.empty() && segmentation.chop == 0 && segmentation.delay.count() == 0)
        return false;
      segmentation = {};
      return true;
    });
    edits.push_back([i](LiveInput& c) {  // the frame as plain as it gets: minimal length, whole
      auto* send = std::get_if<SendFrameStep>(&c.items[i]);
      if (send == nullptr) return false;
      wire::FrameSpec& f = send->frame;
      if (f.length_form == wire::LengthForm::minimal && !f.declared_length && !f.truncate_at)
        return false;
      f.length_form = wire::LengthForm::minimal;
      f.declared_length.reset();
      f.truncate_at.reset();
      return true;
    });
    edits.push_back([i](LiveInput& c) {  // payload emptied
      auto* send = std::get_if<SendFrameStep>(&c.items[i]);
      if (send == nullptr || send->frame.payload.empty()) return false;
      send->frame.payload.clear();
      return true;
    });
  }
  return edits;
}

}  // namespace

MinimizeResult minimize(const LiveInput& input, const std::string& signature,
                        const scenario::Target& target, const scenario::RunOptions& run_options,
                        const MinimizeOptions& options) {
  MinimizeResult out{input, 0, 0};
  using Phase = std::vector<Edit> (*)(const LiveInput&);
  const Phase phases[] = {removals, shrinks, resets};
  std::size_t next_id = 0;
  while (out.rounds < kMaxRounds && out.runs < options.max_runs) {
    bool reduced = false;
    for (const Phase phase : phases) {
      std::vector<LiveInput> tries = candidates(out.input, phase(out.input));
      if (tries.size() > options.max_runs - out.runs) tries.resize(options.max_runs - out.runs);
      if (tries.empty()) continue;
      std::vector<scenario::Case> cases;
      std::vector<std::string> labels;
      for (const LiveInput& candidate : tries) {
        const std::optional<Prediction> prediction = predict(candidate, options.oracle);
        if (!prediction) continue;  // complete_input passed it, so this does not happen
        cases.push_back(make_case(candidate, *prediction,
                                  "fuzz/minimize/" + std::to_string(next_id++), options.oracle));
        labels.push_back(prediction->label);
      }
      ++out.rounds;
      // A crash kills every candidate in flight: one at a time (the first that reproduces ends
      // the round), or a bystander would look like the one that reproduces it.
      std::vector<scenario::CaseResult> results;
      if (is_crash_signature(signature)) {
        for (const scenario::Case& candidate : cases) {
          std::optional<scenario::CaseResult> result = run_alone(candidate, target, run_options);
          if (!result) break;
          results.push_back(std::move(*result));
          if (results.back().judgement.verdict == scenario::Verdict::fail &&
              finding_signature(labels[results.size() - 1], candidate, results.back().transcript) ==
                  signature)
            break;
        }
      } else {
        results = scenario::run_cases(cases, target, run_options, scenario::JudgeOptions{});
      }
      out.runs += results.size();
      for (std::size_t i = 0; i < results.size(); ++i) {
        const scenario::CaseResult& result = results[i];
        if (result.judgement.verdict != scenario::Verdict::fail) continue;
        if (finding_signature(labels[i], cases[i], result.transcript) != signature) continue;
        out.input = input_from_case(cases[i]);  // the first (biggest reduction) that reproduces
        reduced = true;
        break;
      }
      if (reduced) break;
    }
    if (!reduced) break;
  }
  return out;
}

}  // namespace wsconform::fuzz::live
