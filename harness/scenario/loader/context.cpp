#include "scenario/loader/context.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "scenario/loader/loader.hpp"

namespace wsconform::scenario {

namespace {

std::string quoted_key(std::string_view key) {
  return "'" + std::string(key) + "'";
}

std::string known_list(std::span<const std::string_view> known) {
  std::string out;
  for (std::string_view key : known) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

}  // namespace

void LoadContext::fail(int line, const std::string& what) const {
  throw LoadError(file, line, note.empty() ? what : what + " (" + note + ")");
}

MapReader::MapReader(const LoadContext& context, const yaml::Value& map, std::string what,
                     std::span<const std::string_view> known)
    : context_(context), map_(map), what_(std::move(what)) {
  if (!map.is_map()) {
    context.fail(map, "expected a map for '" + what_ + "', got " + yaml::describe(map));
  }
  for (const yaml::Entry& entry : map.entries) {
    if (std::find(known.begin(), known.end(), entry.key) == known.end()) {
      context.fail(entry.key_line, "unknown key '" + entry.key + "' in " + what_ +
                                       " (known: " + known_list(known) + ")");
    }
  }
}

const yaml::Value* MapReader::get(std::string_view key) const {
  const yaml::Value* value = map_.find(key);
  return value != nullptr && !value->is_null() ? value : nullptr;
}

bool MapReader::written(std::string_view key) const {
  return map_.find(key) != nullptr;
}

const yaml::Value& MapReader::required(std::string_view key) const {
  const yaml::Value* value = get(key);
  if (value == nullptr) {
    context_.fail(map_, "missing key " + quoted_key(key) + " in " + what_);
  }
  return *value;
}

std::optional<std::string> MapReader::string(std::string_view key) const {
  const yaml::Value* value = get(key);
  if (value == nullptr) return std::nullopt;
  return read_string(context_, *value, key);
}

bool MapReader::boolean(std::string_view key, bool fallback) const {
  const yaml::Value* value = get(key);
  return value == nullptr ? fallback : read_bool(context_, *value, key);
}

std::optional<std::uint64_t> MapReader::unsigned_integer(std::string_view key,
                                                         std::uint64_t max) const {
  const yaml::Value* value = get(key);
  if (value == nullptr) return std::nullopt;
  return read_unsigned(context_, *value, key, max);
}

std::string read_string(const LoadContext& context, const yaml::Value& value,
                        std::string_view key) {
  if (!value.is_scalar()) {
    context.fail(value,
                 "expected a string for " + quoted_key(key) + ", got " + yaml::describe(value));
  }
  return value.text;
}

bool read_bool(const LoadContext& context, const yaml::Value& value, std::string_view key) {
  if (value.is_scalar() && !value.quoted) {
    if (value.text == "true") return true;
    if (value.text == "false") return false;
  }
  context.fail(value,
               "expected true or false for " + quoted_key(key) + ", got " + yaml::describe(value));
}

std::uint64_t read_unsigned(const LoadContext& context, const yaml::Value& value,
                            std::string_view key, std::uint64_t max) {
  const std::string range = " (0-" + std::to_string(max) + ")";
  if (!value.is_scalar() || value.quoted) {
    context.fail(value, "expected an integer" + range + " for " + quoted_key(key) + ", got " +
                            yaml::describe(value));
  }
  std::string_view text = value.text;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || end != text.data() + text.size()) {
    if (error != std::errc::result_out_of_range) {
      context.fail(value, "expected an integer" + range + " for " + quoted_key(key) + ", got " +
                              yaml::describe(value));
    }
  }
  if (error == std::errc::result_out_of_range || number > max || (negative && number != 0)) {
    context.fail(value, quoted_key(key) + " is " + value.text + ", out of range" + range);
  }
  return number;
}

const std::vector<yaml::Value>& read_list(const LoadContext& context, const yaml::Value& value,
                                          std::string_view key) {
  if (!value.is_sequence()) {
    context.fail(value,
                 "expected a list for " + quoted_key(key) + ", got " + yaml::describe(value));
  }
  return value.items;
}

std::vector<std::uint64_t> read_unsigned_list(const LoadContext& context, const yaml::Value& value,
                                              std::string_view key, std::uint64_t max) {
  const std::string expected = "expected a list of integers for " + quoted_key(key);
  if (!value.is_sequence()) context.fail(value, expected + ", got " + yaml::describe(value));
  std::vector<std::uint64_t> numbers;
  for (const yaml::Value& item : value.items) {
    if (!yaml::looks_like_integer(item)) {
      context.fail(item, expected + ", got an item that is " + yaml::describe(item));
    }
    numbers.push_back(read_unsigned(context, item, key, max));
  }
  return numbers;
}

std::vector<std::string> read_string_list(const LoadContext& context, const yaml::Value& value,
                                          std::string_view key) {
  std::vector<std::string> strings;
  for (const yaml::Value& item : read_list(context, value, key)) {
    if (!item.is_scalar()) {
      context.fail(item, "expected a list of strings for " + quoted_key(key) +
                             ", got an item that is " + yaml::describe(item));
    }
    strings.push_back(item.text);
  }
  return strings;
}

double read_number(const LoadContext& context, const yaml::Value& value, std::string_view key,
                   double max) {
  double number = -1;
  if (value.is_scalar() && !value.quoted && !value.text.empty()) {
    const char* begin = value.text.data();
    const char* end = begin + value.text.size();
    const auto [stop, error] = std::from_chars(begin, end, number);
    if (error != std::errc() || stop != end || !std::isfinite(number)) number = -1;
  }
  if (number < 0 || number > max) {
    context.fail(value, "expected a number from 0 to " +
                            std::to_string(static_cast<long long>(max)) + " for '" +
                            std::string(key) + "', got " + yaml::describe(value));
  }
  return number;
}

}  // namespace wsconform::scenario
