// Spellings of an enum's values, kept in one table per enum: the name of a value, the value of a
// name, every name, and a compile-time check that the table lists the enum in declaration order.
// Header-only and C++17, so the websocketpp reference server can use it; it sits in wire, the
// layer every other one depends on.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace wsconform::wire {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The spelling of `value`, or `fallback` if the table has none.
template <typename Enum, std::size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& table, Enum value,
                                   std::string_view fallback = "unknown") {
  for (const auto& entry : table) {
    if (entry.first == value) return entry.second;
  }
  return fallback;
}

// The value spelled `name`, if any (exact, case-sensitive).
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_named(const EnumNames<Enum, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.second == name) return entry.first;
  }
  return std::nullopt;
}

// Every spelling, in table order.
template <typename Enum, std::size_t N>
std::vector<std::string_view> all_names(const EnumNames<Enum, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.second);
  return names;
}

// Entry i names enumerator i and no spelling is empty, so none is missing in the middle or listed
// twice; for a static_assert beside the table.
template <typename Enum, std::size_t N>
constexpr bool lists_in_declaration_order(const EnumNames<Enum, N>& table) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i].first != static_cast<Enum>(i) || table[i].second.empty()) return false;
  }
  return true;
}

}  // namespace wsconform::wire
