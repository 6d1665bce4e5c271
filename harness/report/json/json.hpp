// The JSON type of the reports: nlohmann's, keeping keys in insertion order so report.json reads
// top-down (schema, run, counts, cases) the way docs/report-format.md describes it.
#pragma once

#include <nlohmann/json.hpp>

namespace wsconform::report {

using Json = nlohmann::ordered_json;

}  // namespace wsconform::report
