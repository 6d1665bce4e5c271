#include "scenario/loader/loader.hpp"

namespace wsconform::scenario {

// Greedy matching with one backtrack point (the last '*'): linear in practice, never exponential.
bool glob_match(std::string_view pattern, std::string_view id) {
  std::size_t p = 0;
  std::size_t i = 0;
  std::size_t star = std::string_view::npos;  // position of the last '*' in the pattern
  std::size_t star_match = 0;                 // where in `id` that '*' currently ends
  while (i < id.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_match = i;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == id[i])) {
      ++p;
      ++i;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      i = ++star_match;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<Case> select_cases(const std::vector<Case>& cases,
                               const std::vector<std::string>& include,
                               const std::vector<std::string>& exclude) {
  const auto matches_any = [](const std::vector<std::string>& globs, const std::string& id) {
    for (const std::string& glob : globs) {
      if (glob_match(glob, id)) return true;
    }
    return false;
  };
  std::vector<Case> selected;
  for (const Case& c : cases) {
    if ((include.empty() || matches_any(include, c.id)) && !matches_any(exclude, c.id)) {
      selected.push_back(c);
    }
  }
  return selected;
}

}  // namespace wsconform::scenario
