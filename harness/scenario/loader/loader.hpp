// Loads scenarios/*.yaml into cases (format: scenarios/README.md). Errors name file and line.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/case.hpp"

namespace wsconform::scenario {

// "scenarios/5.2-framing.yaml:41: unknown key 'opcod' in send"
class LoadError : public std::runtime_error {
 public:
  LoadError(std::string file, int line, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  std::string file_;
  int line_;
};

// One file. Throws LoadError.
std::vector<Case> load_scenario_file(const std::filesystem::path& file);
// A file, or every *.yaml in a directory (sorted by name). Duplicate ids across files: LoadError.
std::vector<Case> load_scenarios(const std::filesystem::path& file_or_directory);
// Parses YAML text as if it came from `file_name` (for tests).
std::vector<Case> load_scenario_text(std::string_view yaml, const std::string& file_name);

// '*' matches any run of characters (including '/'), '?' one character.
bool glob_match(std::string_view pattern, std::string_view id);
// Cases matching any include glob (all when none) and no exclude glob, in their order.
std::vector<Case> select_cases(const std::vector<Case>& cases,
                               const std::vector<std::string>& include,
                               const std::vector<std::string>& exclude);

}  // namespace wsconform::scenario
