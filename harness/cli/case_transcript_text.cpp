#include "cli/case_transcript_text.hpp"

#include <fmt/format.h>

#include "cli/console_text.hpp"
#include "report/json/fields.hpp"
#include "report/text/case_text.hpp"

namespace wsconform::cli {

namespace {

std::string_view arrow(std::string_view kind) {
  const std::string_view way = report::event_direction(kind);
  return way == "sent" ? "->" : way == "received" ? "<-" : "  ";
}

}  // namespace

std::string case_transcript_text(const report::Json& test_case, const std::string& target) {
  using report::array_field;
  using report::number_field;
  using report::string_field;
  std::string out = fmt::format("== {} {}", string_field(test_case, "verdict"),
                                console_text(string_field(test_case, "id")));
  if (!target.empty()) out += " @ " + console_text(target);
  out += fmt::format(" ({:.3f} ms)\n", number_field(test_case, "duration_ms"));
  for (const auto& reason : array_field(test_case, "reasons")) {
    if (reason.is_string()) out += "   " + console_text(reason.get<std::string>()) + "\n";
  }
  for (const auto& event : array_field(test_case, "events")) {
    const std::string kind = string_field(event, "kind");
    out += fmt::format("   {:>10.3f} ms {} {:<18} {}", number_field(event, "t_us") / 1000.0,
                       arrow(kind), kind, console_text(string_field(event, "summary")));
    const std::string hex = string_field(event, "hex");
    if (!hex.empty()) {
      const std::size_t shown = kVerboseHexBytes * 3 - 1;  // "xx " per byte
      out += "  [" + hex.substr(0, shown) + (hex.size() > shown ? " ..." : "") + "]";
    }
    out += "\n";
  }
  out += "   observed: " + console_text(report::observed_summary(test_case)) + "\n";
  return out;
}

}  // namespace wsconform::cli
