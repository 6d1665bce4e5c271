// `wsconform explain CODE`: what a close code (0-65535, or close:N) or an HTTP status (http:NNN,
// or a bare 3-digit number in 100-599) means.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "wire/semantics.hpp"

namespace wsconform::cli {

struct ExplainArguments {
  std::string code;
};

// Reads "1011", "close:1011", "http:503" or "503". nullopt with `error` set when it is neither.
std::optional<wire::Subject> parse_explain_subject(std::string_view text, std::string* error);

CLI::App* add_explain_command(CLI::App& app, ExplainArguments& arguments);
int explain_command(const ExplainArguments& arguments);

}  // namespace wsconform::cli
