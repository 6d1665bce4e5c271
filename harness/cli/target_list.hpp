// The targets of a run: every --target URL, then every URL of --targets FILE. The file holds one
// URL per line; blank lines and lines starting with '#' are skipped, surrounding whitespace is
// trimmed. A URL listed twice, or a malformed one, is a CommandError (exit 2) naming where it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/run.hpp"

namespace wsconform::cli {

struct TargetUrl {
  std::string url;
  scenario::Target target;
};

// `file_name` is only for messages ("targets.txt:3: ...").
std::vector<std::string> parse_targets_text(std::string_view text, std::string_view file_name);

// At least one target, or a CommandError saying how to give one.
std::vector<TargetUrl> collect_targets(const std::vector<std::string>& from_flags,
                                       const std::string& targets_file);

}  // namespace wsconform::cli
