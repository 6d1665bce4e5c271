#include "cli/case_selection.hpp"

#include "cli/build_info.hpp"
#include "cli/exit_codes.hpp"
#include "scenario/loader/loader.hpp"

namespace wsconform::cli {

void add_case_selection_options(CLI::App& command, CaseSelection& selection) {
  selection.scenarios = std::string(default_scenario_directory());
  command
      .add_option("--scenarios", selection.scenarios,
                  "Directory of scenario *.yaml files, or one file")
      ->type_name("DIR")
      ->capture_default_str();
  command
      .add_option("--cases", selection.include,
                  "Only cases whose id matches this glob ('*' any run, '?' one character); "
                  "repeatable")
      ->type_name("GLOB")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  command
      .add_option("--exclude", selection.exclude, "Leave out cases matching this glob; repeatable")
      ->type_name("GLOB")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
}

std::vector<scenario::Case> load_selected_cases(const CaseSelection& selection) {
  try {
    return scenario::select_cases(scenario::load_scenarios(selection.scenarios), selection.include,
                                  selection.exclude);
  } catch (const scenario::LoadError& error) {
    throw CommandError(kExitUsage, error.what());
  } catch (const std::filesystem::filesystem_error& error) {
    throw CommandError(kExitUsage, error.what());
  }
}

}  // namespace wsconform::cli
