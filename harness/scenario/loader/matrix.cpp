#include "scenario/loader/matrix.hpp"

#include <algorithm>

namespace wsconform::scenario {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_name_char);
}

const yaml::Value* row_value(const MatrixRow& row, std::string_view name) {
  for (const auto& [key, value] : row.values) {
    if (key == name) return value;
  }
  return nullptr;
}

// The row value a whole-string placeholder ("{code}") names, or nullptr.
const yaml::Value* whole_placeholder(const MatrixRow& row, std::string_view text) {
  if (text.size() < 3 || text.front() != '{' || text.back() != '}') return nullptr;
  return row_value(row, text.substr(1, text.size() - 2));
}

// Replaces the placeholders the row names inside a longer string.
std::string substitute_text(const LoadContext& context, const std::string& text, int line,
                            const MatrixRow& row) {
  std::string out;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t open = text.find('{', position);
    const std::size_t close = open == std::string::npos ? open : text.find('}', open + 1);
    if (close == std::string::npos) break;
    const std::string_view name = std::string_view(text).substr(open + 1, close - open - 1);
    const yaml::Value* value = is_name(name) ? row_value(row, name) : nullptr;
    if (value == nullptr) {  // not ours ({host} in a raw handshake): keep it
      out.append(text, position, open + 1 - position);
      position = open + 1;
      continue;
    }
    if (!value->is_scalar()) {
      context.fail(line, "matrix value '" + std::string(name) + "' is " + yaml::describe(*value) +
                             ": it can only stand for a whole value (\"{" + std::string(name) +
                             "}\"), not part of a string");
    }
    out.append(text, position, open - position);
    out += value->text;
    position = close + 1;
  }
  out.append(text, std::min(position, text.size()));
  return out;
}

std::string names_of(const MatrixRow& row) {
  std::string names;
  for (const auto& [key, value] : row.values) names += (names.empty() ? "" : ", ") + key;
  return names;
}

// The row form: a list of maps, one case each, every row naming the same values.
std::vector<MatrixRow> read_matrix_rows(const LoadContext& context, const yaml::Value& list) {
  if (list.items.empty()) context.fail(list, "'matrix' is an empty list");
  std::vector<MatrixRow> rows;
  for (const yaml::Value& item : list.items) {
    if (!item.is_map() || item.entries.empty()) {
      context.fail(item, "a 'matrix' row is a map of names to values, got " +
                             (item.is_map() ? std::string("an empty map") : yaml::describe(item)));
    }
    MatrixRow row;
    for (const yaml::Entry& entry : item.entries) {
      if (!is_name(entry.key)) {
        context.fail(entry.key_line,
                     "matrix name '" + entry.key + "' may only hold letters, digits, '_' and '-'");
      }
      row.values.emplace_back(entry.key, &entry.value);
    }
    if (!rows.empty() && names_of(row) != names_of(rows.front())) {
      context.fail(item, "matrix row " + std::to_string(rows.size() + 1) + " names " +
                             names_of(row) + " but row 1 names " + names_of(rows.front()) +
                             " (every row names the same values, in the same order)");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<MatrixRow> read_matrix(const LoadContext& context, const yaml::Value& matrix) {
  if (matrix.is_sequence()) return read_matrix_rows(context, matrix);
  if (!matrix.is_map() || matrix.entries.empty()) {
    context.fail(matrix,
                 "expected a map of names to lists or a list of rows for 'matrix', got " +
                     (matrix.is_map() ? std::string("an empty map") : yaml::describe(matrix)));
  }
  const yaml::Entry& first = matrix.entries.front();
  std::vector<MatrixRow> rows;
  for (const yaml::Entry& entry : matrix.entries) {
    if (!is_name(entry.key)) {
      context.fail(entry.key_line,
                   "matrix name '" + entry.key + "' may only hold letters, digits, '_' and '-'");
    }
    const auto& items = read_list(context, entry.value, entry.key);
    if (items.empty()) context.fail(entry.value, "matrix list '" + entry.key + "' is empty");
    if (rows.empty()) rows.resize(items.size());
    if (items.size() != rows.size()) {
      context.fail(entry.value, "matrix list '" + entry.key + "' has " +
                                    std::to_string(items.size()) + " values but '" + first.key +
                                    "' has " + std::to_string(rows.size()) +
                                    " (lists are zipped and must be the same length)");
    }
    for (std::size_t i = 0; i < items.size(); ++i)
      rows[i].values.emplace_back(entry.key, &items[i]);
  }
  return rows;
}

yaml::Value substitute(const LoadContext& context, const yaml::Value& value, const MatrixRow& row) {
  if (value.is_scalar()) {
    if (const yaml::Value* whole = whole_placeholder(row, value.text)) return *whole;
    yaml::Value out = value;
    out.text = substitute_text(context, value.text, value.line, row);
    return out;
  }
  yaml::Value out;
  out.kind = value.kind;
  out.line = value.line;
  for (const yaml::Value& item : value.items) out.items.push_back(substitute(context, item, row));
  for (const yaml::Entry& entry : value.entries) {
    yaml::Entry substituted{substitute_text(context, entry.key, entry.key_line, row),
                            entry.key_line, substitute(context, entry.value, row)};
    if (out.find(substituted.key) != nullptr) {
      context.fail(entry.key_line, "duplicate key '" + substituted.key + "' after substitution");
    }
    out.entries.push_back(std::move(substituted));
  }
  return out;
}

std::vector<std::string> placeholders_in(std::string_view text) {
  std::vector<std::string> names;
  std::size_t open = text.find('{');
  while (open != std::string_view::npos) {
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    names.emplace_back(text.substr(open, close - open + 1));
    open = text.find('{', close + 1);
  }
  return names;
}

}  // namespace wsconform::scenario
