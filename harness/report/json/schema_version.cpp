#include "report/json/schema_version.hpp"

#include <fmt/format.h>

#include <charconv>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

std::optional<int> schema_version(const Json& report) {
  if (!report.is_object()) return std::nullopt;
  const auto schema = report.find("schema");
  if (schema == report.end() || !schema->is_string()) return std::nullopt;
  const std::string& id = schema->get_ref<const std::string&>();
  if (!id.starts_with(kReportSchemaPrefix)) return std::nullopt;
  const std::string_view digits = std::string_view(id).substr(kReportSchemaPrefix.size());
  int version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (digits.empty() || digits.size() > 6 || error != std::errc() ||
      end != digits.data() + digits.size() || version < 1) {
    return std::nullopt;
  }
  return version;
}

std::optional<std::string> unreadable_schema_reason(const Json& report) {
  if (!report.is_object()) return "the top level is not a JSON object";
  const auto version = schema_version(report);
  if (!version) {
    const auto schema = report.find("schema");
    if (schema == report.end()) return "it has no \"schema\" field: not a wsconform report";
    std::string shown = schema->dump(-1, ' ', false, Json::error_handler_t::replace);
    shown = truncate_utf8(shown, 60);
    return fmt::format("its \"schema\" is {}, not \"{}N\": not a wsconform report", shown,
                       kReportSchemaPrefix);
  }
  if (*version > kReportSchemaVersion) {
    return fmt::format(
        "it is {}{}, newer than this wsconform reads ({}{} to {}{}): fields may have changed "
        "meaning; use the wsconform that wrote it, or a newer one",
        kReportSchemaPrefix, *version, kReportSchemaPrefix, kOldestReadableSchemaVersion,
        kReportSchemaPrefix, kReportSchemaVersion);
  }
  if (*version < kOldestReadableSchemaVersion) {
    return fmt::format("it is {}{}, older than this wsconform reads ({}{} to {}{})",
                       kReportSchemaPrefix, *version, kReportSchemaPrefix,
                       kOldestReadableSchemaVersion, kReportSchemaPrefix, kReportSchemaVersion);
  }
  return std::nullopt;
}

}  // namespace wsconform::report
