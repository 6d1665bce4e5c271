// One case of a scenario file, after defaults are merged and its matrix row substituted.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "scenario/loader/context.hpp"
#include "scenario/model/case.hpp"

namespace wsconform::scenario {

// The keys a case may hold, and those `defaults` may hold (all but `id` and `matrix`).
inline constexpr std::array<std::string_view, 16> kCaseKeys = {
    "id",         "title", "section", "level",        "requirement", "broken_by", "needs_trigger",
    "timeout_ms", "steps", "expect",  "alternatives", "peers",       "burst",     "matrix",
    "policy",     "alone"};
inline constexpr std::array<std::string_view, 14> kDefaultsKeys = {
    "title", "section", "level",        "requirement", "broken_by", "needs_trigger", "timeout_ms",
    "steps", "expect",  "alternatives", "peers",       "burst",     "policy",        "alone"};

// `matrix_names` lists the names of the case's matrix ("" when it has none), for the message
// about a placeholder left in the id.
Case read_case(const LoadContext& context, const yaml::Value& case_map,
               const std::optional<std::string>& file_section, const std::string& matrix_names);

// rfc6455/5.2/rsv1-on-text: at least three '/'-separated parts of [a-z0-9._-], none "." or "..".
bool is_valid_case_id(std::string_view id);

}  // namespace wsconform::scenario
