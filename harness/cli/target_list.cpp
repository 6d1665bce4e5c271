#include "cli/target_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"

namespace wsconform::cli {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> parse_targets_text(std::string_view text, std::string_view file_name) {
  std::vector<std::string> urls;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.find_first_of(" \t") != std::string_view::npos) {
      throw CommandError(kExitUsage,
                         fmt::format("{}:{}: one URL per line, without spaces: '{}'",
                                     console_text(file_name), line_number, console_text(line, 80)));
    }
    urls.emplace_back(line);
  }
  return urls;
}

std::vector<TargetUrl> collect_targets(const std::vector<std::string>& from_flags,
                                       const std::string& targets_file) {
  std::vector<std::string> urls = from_flags;
  if (!targets_file.empty()) {
    std::ifstream in(targets_file, std::ios::binary);
    if (!in) {
      throw CommandError(kExitUsage,
                         fmt::format("--targets: cannot open {}", console_text(targets_file)));
    }
    std::ostringstream content;
    content << in.rdbuf();
    const std::vector<std::string> listed = parse_targets_text(content.str(), targets_file);
    if (listed.empty()) {
      throw CommandError(kExitUsage,
                         fmt::format("--targets: {} lists no URL", console_text(targets_file)));
    }
    urls.insert(urls.end(), listed.begin(), listed.end());
  }
  if (urls.empty()) {
    throw CommandError(
        kExitUsage, "no target: give --target URL (repeatable), --targets FILE or --profile FILE");
  }
  std::vector<TargetUrl> targets;
  for (const std::string& url : urls) {
    const bool seen = std::any_of(targets.begin(), targets.end(),
                                  [&](const TargetUrl& target) { return target.url == url; });
    if (seen) {
      throw CommandError(kExitUsage,
                         fmt::format("the target {} is given twice", console_text(url)));
    }
    std::string problem;
    std::optional<scenario::Target> target = scenario::parse_target_url(url, &problem);
    if (!target) throw CommandError(kExitUsage, fmt::format("--target: {}", problem));
    targets.push_back({url, std::move(*target)});
  }
  return targets;
}

}  // namespace wsconform::cli
