// Checks on HTML text for the report tests, without std::regex (g++ 12 warns falsely inside
// <regex> at -O1, the asan preset): the start tags of elements, and whether any of them carries
// an inline event handler (an attribute named on...). Text content, where '<' is escaped,
// never counts.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::report::testing {

// Every start tag ("<name ...>") in `html` whose text begins with `prefix` (e.g. "<details").
inline std::vector<std::string> start_tags(std::string_view html, std::string_view prefix = "<") {
  std::vector<std::string> tags;
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (at + 1 >= html.size() || !std::isalpha(static_cast<unsigned char>(html[at + 1]))) continue;
    const std::size_t end = html.find('>', at);
    if (end == std::string_view::npos) break;
    const std::string_view tag = html.substr(at, end + 1 - at);
    if (tag.starts_with(prefix)) tags.emplace_back(tag);
  }
  return tags;
}

// True when a start tag has an attribute "on<letters>=", like onerror= or onload=.
inline bool has_event_handler_attribute(std::string_view html) {
  for (const std::string& tag : start_tags(html)) {
    for (std::size_t at = tag.find("on"); at != std::string::npos; at = tag.find("on", at + 1)) {
      if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
      std::size_t name_end = at + 2;
      while (name_end < tag.size() && std::isalpha(static_cast<unsigned char>(tag[name_end]))) {
        ++name_end;
      }
      if (name_end > at + 2 && name_end < tag.size() && tag[name_end] == '=') return true;
    }
  }
  return false;
}

}  // namespace wsconform::report::testing
