// A YAML document as plain data with 1-based line numbers. The loader merges defaults and expands
// matrices on this tree, so every value keeps the line it was written on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::scenario::yaml {

struct Entry;

struct Value {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  bool quoted = false;         // a quoted or block scalar: a string, never a number or a boolean
  std::string text;            // scalar
  std::vector<Value> items;    // sequence
  std::vector<Entry> entries;  // map, in file order, keys unique
  int line = 0;                // 1-based

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_map() const { return kind == Kind::map; }
  // The entry's value, or nullptr when this is not a map or has no such key.
  const Value* find(std::string_view key) const;
};

struct Entry {
  std::string key;
  int key_line = 0;
  Value value;
};

// A plain (unquoted) scalar of decimal digits with an optional sign: what a number looks like.
bool looks_like_integer(const Value& value);

// "a map", "a list", "null", "the string \"abc\"", "the number 12" (a plain scalar), for messages.
std::string describe(const Value& value);

// Parses exactly one YAML document. Throws LoadError naming `file` and the line for malformed
// YAML, more than one document, duplicate or non-scalar keys, unsupported tags, alias cycles and
// documents too deep or too large.
Value parse_document(std::string_view text, const std::string& file);

}  // namespace wsconform::scenario::yaml
