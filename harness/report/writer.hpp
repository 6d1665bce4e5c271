// Writes the report files atomically: each goes to "<name>.tmp" in the same directory, is
// fsync'ed, then renamed over the final name, so a reader (or a run cut short) never sees a
// half-written report.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

#include "report/json/json.hpp"

namespace wsconform::report {

class ReportWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Creates `directory` (and its parents) if needed and writes report.json, junit.xml, summary.md
// and report.html. Throws ReportWriteError naming the file and the system error.
void write_reports(const std::filesystem::path& directory, const Json& report);

// junit.xml, summary.md and report.html only, from an existing report (for `wsconform report
// --from`).
void write_derived_reports(const std::filesystem::path& directory, const Json& report);

// Writes `content` to `path` via "<path>.tmp", fsync and rename. Throws ReportWriteError.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace wsconform::report
