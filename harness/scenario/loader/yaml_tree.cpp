#include "scenario/loader/yaml_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>

#include "scenario/loader/loader.hpp"

namespace wsconform::scenario::yaml {

namespace {

// Aliases can make a small file expand into a huge (or cyclic) tree; these bound the copy.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 1'000'000;

int line_of(const YAML::Mark& mark) {
  return mark.line >= 0 ? mark.line + 1 : 0;
}

bool is_integer_text(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Converter {
 public:
  explicit Converter(const std::string& file) : file_(file) {}

  Value convert(const YAML::Node& node, int depth, int fallback_line) {
    const int line = node.Mark().line >= 0 ? line_of(node.Mark()) : fallback_line;
    if (depth > kMaxDepth) {
      throw LoadError(file_, line,
                      "nesting deeper than " + std::to_string(kMaxDepth) +
                          " levels (an alias that contains itself?)");
    }
    if (++nodes_ > kMaxNodes) {
      // Inside an alias the marks are the anchor's; the last key read tells where the use is.
      throw LoadError(file_, last_key_line_,
                      "the document expands to more than " + std::to_string(kMaxNodes) +
                          " values (aliases included)");
    }
    Value value;
    value.line = line;
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        value.kind = Value::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        value.kind = Value::Kind::scalar;
        value.quoted = scalar_is_quoted(node, line);
        value.text = node.Scalar();
        break;
      case YAML::NodeType::Sequence:
        check_collection_tag(node, line);
        value.kind = Value::Kind::sequence;
        for (const YAML::Node& item : node) value.items.push_back(convert(item, depth + 1, line));
        break;
      case YAML::NodeType::Map:
        check_collection_tag(node, line);
        value.kind = Value::Kind::map;
        for (const auto& pair : node) value.entries.push_back(convert_entry(pair, value, depth));
        break;
    }
    return value;
  }

 private:
  Entry convert_entry(const std::pair<YAML::Node, YAML::Node>& pair, const Value& map, int depth) {
    const YAML::Node& key = pair.first;
    const int key_line = key.Mark().line >= 0 ? line_of(key.Mark()) : map.line;
    if (!key.IsScalar()) throw LoadError(file_, key_line, "a map key must be a plain string");
    last_key_line_ = key_line;
    Entry entry;
    entry.key = key.Scalar();
    entry.key_line = key_line;
    if (const auto* first = find_entry(map, entry.key)) {
      throw LoadError(file_, key_line,
                      "duplicate key '" + entry.key + "' (first at line " +
                          std::to_string(first->key_line) + ")");
    }
    // An empty value ("key:" at the end of a line) is marked on the next token's line.
    entry.value = convert(pair.second, depth + 1, key_line);
    if (entry.value.is_null()) entry.value.line = key_line;
    return entry;
  }

  static const Entry* find_entry(const Value& map, std::string_view key) {
    for (const Entry& entry : map.entries) {
      if (entry.key == key) return &entry;
    }
    return nullptr;
  }

  bool scalar_is_quoted(const YAML::Node& node, int line) const {
    const std::string& tag = node.Tag();
    if (tag == "?") return false;  // plain: may be a number or a boolean
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return true;
    throw LoadError(file_, line, "unsupported YAML tag '" + tag + "'");
  }

  void check_collection_tag(const YAML::Node& node, int line) const {
    const std::string& tag = node.Tag();
    if (tag != "?" && tag != "!" && tag != "tag:yaml.org,2002:map" &&
        tag != "tag:yaml.org,2002:seq") {
      throw LoadError(file_, line, "unsupported YAML tag '" + tag + "'");
    }
  }

  const std::string& file_;
  std::size_t nodes_ = 0;
  int last_key_line_ = 1;
};

}  // namespace

bool looks_like_integer(const Value& value) {
  return value.is_scalar() && !value.quoted && is_integer_text(value.text);
}

const Value* Value::find(std::string_view key) const {
  for (const Entry& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

std::string describe(const Value& value) {
  switch (value.kind) {
    case Value::Kind::null:
      return "null";
    case Value::Kind::sequence:
      return "a list";
    case Value::Kind::map:
      return "a map";
    case Value::Kind::scalar:
      break;
  }
  if (looks_like_integer(value)) return "the number " + value.text;
  if (!value.quoted && (value.text == "true" || value.text == "false")) {
    return "the boolean " + value.text;
  }
  constexpr std::size_t kShown = 40;
  if (value.text.size() > kShown) return "the string \"" + value.text.substr(0, kShown) + "...\"";
  return "the string \"" + value.text + "\"";
}

Value parse_document(std::string_view text, const std::string& file) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::ParserException& error) {
    throw LoadError(file, line_of(error.mark), "malformed YAML: " + error.msg);
  } catch (const YAML::Exception& error) {
    throw LoadError(file, line_of(error.mark), "malformed YAML: " + error.msg);
  }
  if (documents.empty()) throw LoadError(file, 0, "the file is empty");
  if (documents.size() > 1) {
    throw LoadError(file, line_of(documents[1].Mark()),
                    "a second YAML document: a scenario file holds exactly one");
  }
  Converter converter(file);
  try {
    return converter.convert(documents.front(), 0, 1);
  } catch (const YAML::Exception& error) {
    throw LoadError(file, line_of(error.mark), "malformed YAML: " + error.msg);
  }
}

}  // namespace wsconform::scenario::yaml
