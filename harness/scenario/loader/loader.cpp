#include "scenario/loader/loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "scenario/loader/case.hpp"
#include "scenario/loader/context.hpp"
#include "scenario/loader/defaults.hpp"
#include "scenario/loader/matrix.hpp"
#include "scenario/loader/yaml_tree.hpp"

namespace wsconform::scenario {

namespace {

std::string located(const std::string& file, int line, const std::string& message) {
  return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

std::string place(const SourceLocation& where) {
  return where.file + ":" + std::to_string(where.line);
}

// Fails on the second case with an id already seen (in this file or an earlier one).
class IdRegistry {
 public:
  void add(const Case& c) {
    const auto [it, inserted] = first_seen_.emplace(c.id, c.where);
    if (!inserted) {
      throw LoadError(c.where.file, c.where.line,
                      "duplicate case id '" + c.id + "' (first at " + place(it->second) + ")");
    }
  }

 private:
  std::map<std::string, SourceLocation> first_seen_;
};

std::string names_of(const yaml::Value& matrix) {
  std::string names;
  for (const yaml::Entry& entry : matrix.entries) names += (names.empty() ? "" : ", ") + entry.key;
  return names;
}

// One case of the file: expanded into one per matrix row, if it has a matrix.
void read_case_entry(const LoadContext& context, const yaml::Value& item,
                     const yaml::Value* defaults, const std::optional<std::string>& section,
                     std::vector<Case>& out) {
  MapReader(context, item, "case", kCaseKeys);  // unknown keys, before any expansion
  yaml::Value merged = merge_defaults(item, defaults);
  const auto matrix_entry = std::find_if(merged.entries.begin(), merged.entries.end(),
                                         [](const yaml::Entry& e) { return e.key == "matrix"; });
  if (matrix_entry == merged.entries.end() || matrix_entry->value.is_null()) {
    out.push_back(read_case(context, merged, section, ""));
    return;
  }
  const yaml::Value matrix = matrix_entry->value;
  merged.entries.erase(matrix_entry);
  const std::vector<MatrixRow> rows = read_matrix(context, matrix);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const LoadContext row_context{
        context.file, "matrix row " + std::to_string(i + 1) + " of " + std::to_string(rows.size())};
    out.push_back(read_case(row_context, substitute(row_context, merged, rows[i]), section,
                            names_of(matrix)));
  }
}

// The *.yaml files directly in `directory`, sorted by name.
std::vector<std::filesystem::path> yaml_files_in(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  try {
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
      if (entry.path().extension() == ".yaml" && entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
  } catch (const std::filesystem::filesystem_error& error) {
    throw LoadError(directory.string(), 0, "cannot list the directory: " + error.code().message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

LoadError::LoadError(std::string file, int line, const std::string& message)
    : std::runtime_error(located(file, line, message)), file_(std::move(file)), line_(line) {}

std::vector<Case> load_scenario_text(std::string_view yaml_text, const std::string& file_name) {
  const LoadContext context{file_name, ""};
  const yaml::Value document = yaml::parse_document(yaml_text, file_name);
  if (!document.is_map()) {
    context.fail(document,
                 "a scenario file is a map with 'cases' (and optionally 'section', "
                 "'title', 'defaults'), got " +
                     yaml::describe(document));
  }
  const MapReader file(context, document, "the file", {"section", "title", "defaults", "cases"});
  const std::optional<std::string> section = file.string("section");
  file.string("title");  // shown in reports; checked to be a string
  const yaml::Value* defaults = file.get("defaults");
  if (defaults != nullptr) MapReader(context, *defaults, "defaults", kDefaultsKeys);

  std::vector<Case> cases;
  for (const yaml::Value& item : read_list(context, file.required("cases"), "cases")) {
    read_case_entry(context, item, defaults, section, cases);
  }
  IdRegistry ids;
  for (const Case& c : cases) ids.add(c);
  return cases;
}

std::vector<Case> load_scenario_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) throw LoadError(name, 0, "is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw LoadError(name, 0, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw LoadError(name, 0, "cannot read the file");
  return load_scenario_text(text.str(), name);
}

std::vector<Case> load_scenarios(const std::filesystem::path& file_or_directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(file_or_directory, error)) {
    if (!std::filesystem::exists(file_or_directory, error)) {
      throw LoadError(file_or_directory.string(), 0, "no such file or directory");
    }
    return load_scenario_file(file_or_directory);
  }
  const std::vector<std::filesystem::path> files = yaml_files_in(file_or_directory);
  std::vector<Case> all;
  IdRegistry ids;
  for (const std::filesystem::path& path : files) {
    for (Case& c : load_scenario_file(path)) {
      ids.add(c);
      all.push_back(std::move(c));
    }
  }
  return all;
}

}  // namespace wsconform::scenario
