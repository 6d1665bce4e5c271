// Typed reading of the YAML tree for the loader: every failure is a LoadError naming the file,
// the line and the key.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/loader/yaml_tree.hpp"

namespace wsconform::scenario {

// The largest value of a *_ms key (about 24 days).
inline constexpr std::uint64_t kMaxMilliseconds = 2147483647;

// A *_ms value read within kMaxMilliseconds, as a duration.
inline std::chrono::milliseconds milliseconds(std::uint64_t count) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(count));
}

// The file being read and, inside an expanded matrix, which row (appended to every message).
struct LoadContext {
  std::string file;
  std::string note;  // e.g. "matrix row 3 of 14"

  [[noreturn]] void fail(int line, const std::string& what) const;
  [[noreturn]] void fail(const yaml::Value& at, const std::string& what) const {
    fail(at.line, what);
  }
};

// A YAML map whose keys must all be known. A key set to null counts as absent.
class MapReader {
 public:
  // Fails unless `map` is a map whose keys are all in `known`; `what` names it in messages
  // ("send", "expect", "case").
  MapReader(const LoadContext& context, const yaml::Value& map, std::string what,
            std::span<const std::string_view> known);
  MapReader(const LoadContext& context, const yaml::Value& map, std::string what,
            std::initializer_list<std::string_view> known)
      : MapReader(context, map, std::move(what), std::span(known.begin(), known.size())) {}

  const yaml::Value* get(std::string_view key) const;  // nullptr if absent or null
  bool written(std::string_view key) const;            // present, even if null
  const yaml::Value& required(std::string_view key) const;

  std::optional<std::string> string(std::string_view key) const;
  bool boolean(std::string_view key, bool fallback) const;
  std::optional<std::uint64_t> unsigned_integer(std::string_view key, std::uint64_t max) const;

  const LoadContext& context() const { return context_; }
  const yaml::Value& map() const { return map_; }
  const std::string& what() const { return what_; }

 private:
  const LoadContext& context_;
  const yaml::Value& map_;
  std::string what_;
};

// Scalars of any kind read as their text; lists and maps are errors.
std::string read_string(const LoadContext& context, const yaml::Value& value, std::string_view key);
// Plain `true` or `false`.
bool read_bool(const LoadContext& context, const yaml::Value& value, std::string_view key);
// A plain decimal integer in [0, max].
std::uint64_t read_unsigned(const LoadContext& context, const yaml::Value& value,
                            std::string_view key, std::uint64_t max);
// A plain (unquoted) number, integer or decimal, in [0, max].
double read_number(const LoadContext& context, const yaml::Value& value, std::string_view key,
                   double max);
// A list of plain integers, each in [0, max].
std::vector<std::uint64_t> read_unsigned_list(const LoadContext& context, const yaml::Value& value,
                                              std::string_view key, std::uint64_t max);
// A list whose items are any scalars.
std::vector<std::string> read_string_list(const LoadContext& context, const yaml::Value& value,
                                          std::string_view key);
// Fails unless `value` is a list.
const std::vector<yaml::Value>& read_list(const LoadContext& context, const yaml::Value& value,
                                          std::string_view key);

}  // namespace wsconform::scenario
