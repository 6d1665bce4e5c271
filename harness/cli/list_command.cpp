#include "cli/list_command.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "scenario/model/verdict.hpp"

namespace wsconform::cli {

CLI::App* add_list_command(CLI::App& app, CaseSelection& selection) {
  CLI::App* command = app.add_subcommand("list", "List the cases (id, level, title)");
  add_case_selection_options(*command, selection);
  return command;
}

int list_command(const CaseSelection& selection) {
  const std::vector<scenario::Case> cases = load_selected_cases(selection);
  std::size_t id_width = 0;
  for (const auto& c : cases) id_width = std::max(id_width, console_text(c.id).size());
  for (const auto& c : cases) {
    fmt::print("{:<{}}  {:<13}  {}\n", console_text(c.id), id_width,
               scenario::level_name(c.requirement.level), console_text(c.title));
  }
  if (cases.empty()) fmt::print(stderr, "wsconform: no case matches\n");
  return kExitConformant;
}

}  // namespace wsconform::cli
