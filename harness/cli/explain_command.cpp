#include "cli/explain_command.hpp"

#include <fmt/format.h>

#include <charconv>

#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/explain_text.hpp"

namespace wsconform::cli {

namespace {

constexpr std::uint32_t kMaxCloseCode = 65535;  // a 2-byte field (§5.5.1)

// A decimal number of at most 6 digits (so it cannot overflow), else nullopt.
std::optional<std::uint32_t> parse_small_number(std::string_view text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_http_status(std::uint32_t value) {
  return value >= 100 && value <= 599;
}

}  // namespace

std::optional<wire::Subject> parse_explain_subject(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<wire::Subject> {
    *error = std::move(message);
    return std::nullopt;
  };
  const std::string shown = console_text(text, 40);
  if (text.starts_with("http:")) {
    const auto status = parse_small_number(text.substr(5));
    if (!status || !is_http_status(*status)) {
      return fail(fmt::format("'{}': an HTTP status is http:NNN with NNN in 100-599", shown));
    }
    return wire::Subject{wire::Subject::Kind::http_status, static_cast<int>(*status)};
  }
  const bool forced_close = text.starts_with("close:");
  const std::string_view digits = forced_close ? text.substr(6) : text;
  const auto value = parse_small_number(digits);
  if (!value) {
    return fail(fmt::format(
        "'{}' is neither a close code (0-65535) nor an HTTP status (http:NNN or 100-599)", shown));
  }
  if (*value > kMaxCloseCode) {
    return fail(
        fmt::format("{} is out of range: close codes are 0-65535 (a 2-byte field)", *value));
  }
  // A bare 3-digit number in 100-599 is an HTTP status: no close code lives there (0-999 unused).
  if (!forced_close && digits.size() == 3 && is_http_status(*value)) {
    return wire::Subject{wire::Subject::Kind::http_status, static_cast<int>(*value)};
  }
  return wire::Subject{wire::Subject::Kind::close_code, static_cast<int>(*value)};
}

CLI::App* add_explain_command(CLI::App& app, ExplainArguments& arguments) {
  CLI::App* command = app.add_subcommand(
      "explain", "Explain a close code (0-65535, close:N) or an HTTP status (http:NNN, 100-599)");
  command->add_option("CODE", arguments.code, "1011, close:500, http:503 or 503")->required();
  return command;
}

int explain_command(const ExplainArguments& arguments) {
  std::string error;
  const std::optional<wire::Subject> subject = parse_explain_subject(arguments.code, &error);
  if (!subject) throw CommandError(kExitUsage, error);
  const std::string text = subject->kind == wire::Subject::Kind::close_code
                               ? explain_close_code(static_cast<std::uint16_t>(subject->value))
                               : explain_http_status(subject->value);
  fmt::print("{}", text);
  return kExitConformant;
}

}  // namespace wsconform::cli
