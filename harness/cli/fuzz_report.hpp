// The report of a live campaign: report.json whose cases are the findings' minimized cases (as
// they ran last), with the top-level "fuzz" object (docs/report-format.md), plus junit.xml and
// summary.md derived from it.
#pragma once

#include <chrono>
#include <string>

#include "fuzz/live/campaign.hpp"
#include "report/json/json.hpp"

namespace wsconform::cli {

// {"campaign": {...}, "timeline": [...], "findings": [...]}
report::Json fuzz_json(const fuzz::live::CampaignResult& result, const std::string& target,
                       std::uint64_t seed);

report::Json campaign_report(const fuzz::live::CampaignResult& result,
                             const fuzz::live::CampaignOptions& options,
                             std::chrono::system_clock::time_point started_at);

}  // namespace wsconform::cli
