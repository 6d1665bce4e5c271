// `run --verbose`: one case's transcript as terminal text, from its report.json entry: the
// verdict and reasons, then every event with its time, direction, summary and bytes (hex).
// Server bytes are escaped (console_text): no escape sequence or line break gets through.
#pragma once

#include <string>

#include "report/json/json.hpp"

namespace wsconform::cli {

// Most bytes of hex shown per event (the report has up to 512).
inline constexpr std::size_t kVerboseHexBytes = 64;

std::string case_transcript_text(const report::Json& test_case, const std::string& target);

}  // namespace wsconform::cli
