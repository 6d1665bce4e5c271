#include "scenario/loader/payload.hpp"

#include <limits>
#include <string>
#include <vector>

namespace wsconform::scenario {

namespace {

constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();

bool is_hex_separator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':';
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string printable(char c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string(1, c);
  return std::string("\\x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

// Why wire::from_hex refused `text`.
std::string hex_problem(std::string_view text) {
  bool inside_byte = false;
  for (char c : text) {
    if (is_hex_separator(c)) {
      if (inside_byte) return "a separator between the two digits of a byte";
      continue;
    }
    if (!is_hex_digit(c)) return "'" + printable(c) + "' is not a hex digit";
    inside_byte = !inside_byte;
  }
  return "an odd number of hex digits";
}

// A payload before its bytes exist: `unit` repeated `count` times, then `parts` in order.
struct PayloadPlan {
  wire::Bytes unit;
  std::uint64_t count = 1;
  std::vector<PayloadPlan> parts;
  std::uint64_t size = 0;
};

// unit x count, failing before the multiplication could exceed the limit.
PayloadPlan repeated(const LoadContext& context, const yaml::Value& at, wire::Bytes unit,
                     std::uint64_t count) {
  if (!unit.empty() && count > kMaxPayloadSize / unit.size()) {
    const std::string size = unit.size() == 1
                                 ? std::to_string(count)
                                 : std::to_string(count) + " x " + std::to_string(unit.size());
    context.fail(at, "the payload is " + size + " bytes, over the 64 MiB limit (" +
                         std::to_string(kMaxPayloadSize) + " bytes)");
  }
  PayloadPlan plan;
  plan.size = unit.size() * count;
  plan.unit = std::move(unit);
  plan.count = count;
  return plan;
}

PayloadPlan plan_payload(const LoadContext& context, const yaml::Value& value,
                         std::string_view key);

PayloadPlan plan_concat(const LoadContext& context, const yaml::Value& list) {
  PayloadPlan plan;
  for (const yaml::Value& item : read_list(context, list, "concat")) {
    PayloadPlan part = plan_payload(context, item, "concat");
    if (part.size > kMaxPayloadSize - plan.size) {
      context.fail(list, "the concatenated payload is over the 64 MiB limit");
    }
    plan.size += part.size;
    plan.parts.push_back(std::move(part));
  }
  return plan;
}

std::uint8_t read_fill(const LoadContext& context, const yaml::Value& value) {
  const wire::Bytes fill = read_hex(context, value, "fill");
  if (fill.size() != 1) {
    context.fail(value, "'fill' must be one byte in hex (\"2a\"), got " +
                            std::to_string(fill.size()) + " bytes");
  }
  return fill.front();
}

PayloadPlan plan_payload_map(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(context, value, "payload",
                      {"text", "hex", "repeat", "repeat_hex", "count", "size", "fill", "concat"});
  std::string form;
  for (std::string_view candidate : {"text", "hex", "repeat", "repeat_hex", "size", "concat"}) {
    if (!map.written(candidate)) continue;
    if (!form.empty()) {
      context.fail(value, "a payload has one form; got both '" + form + "' and '" +
                              std::string(candidate) + "'");
    }
    form = candidate;
  }
  if (form.empty()) {
    context.fail(value, "a payload map needs one of text, hex, repeat, repeat_hex, size, concat");
  }
  const bool repeats = form == "repeat" || form == "repeat_hex";
  if (map.written("count") && !repeats) {
    context.fail(value, "'count' goes with 'repeat' or 'repeat_hex', not '" + form + "'");
  }
  if (map.written("fill") && form != "size") {
    context.fail(value, "'fill' goes with 'size', not '" + form + "'");
  }
  const yaml::Value& body = map.required(form);
  if (form == "text")
    return repeated(context, body, wire::bytes_of(read_string(context, body, form)), 1);
  if (form == "hex") return repeated(context, body, read_hex(context, body, form), 1);
  if (form == "concat") return plan_concat(context, body);
  if (form == "size") {
    const std::uint64_t size = read_unsigned(context, body, "size", kNoLimit);
    const yaml::Value* fill = map.get("fill");
    const std::uint8_t byte = fill != nullptr ? read_fill(context, *fill) : 0x2a;
    return repeated(context, body, wire::Bytes{byte}, size);
  }
  const std::uint64_t count = read_unsigned(context, map.required("count"), "count", kNoLimit);
  wire::Bytes unit = form == "repeat" ? wire::bytes_of(read_string(context, body, form))
                                      : read_hex(context, body, form);
  return repeated(context, value, std::move(unit), count);
}

PayloadPlan plan_payload(const LoadContext& context, const yaml::Value& value,
                         std::string_view key) {
  if (value.is_scalar()) return repeated(context, value, wire::bytes_of(value.text), 1);
  if (value.is_map()) return plan_payload_map(context, value);
  context.fail(value, "expected a payload (a string or a map such as {hex: \"00ff\"}) for '" +
                          std::string(key) + "', got " + yaml::describe(value));
}

void append(const PayloadPlan& plan, wire::Bytes& out) {
  for (const PayloadPlan& part : plan.parts) append(part, out);
  if (plan.unit.size() == 1) {  // {size: n}: one fill, not n inserts
    out.insert(out.end(), static_cast<std::size_t>(plan.count), plan.unit.front());
    return;
  }
  if (plan.unit.empty()) return;
  for (std::uint64_t i = 0; i < plan.count; ++i) {
    out.insert(out.end(), plan.unit.begin(), plan.unit.end());
  }
}

}  // namespace

wire::Bytes read_payload(const LoadContext& context, const yaml::Value& value,
                         std::string_view key) {
  const PayloadPlan plan = plan_payload(context, value, key);  // sizes checked here
  wire::Bytes bytes;
  bytes.reserve(plan.size);
  append(plan, bytes);
  return bytes;
}

wire::Bytes read_hex(const LoadContext& context, const yaml::Value& value, std::string_view key) {
  const std::string text = read_string(context, value, key);
  std::optional<wire::Bytes> bytes = wire::from_hex(text);
  if (!bytes) context.fail(value, "bad hex in '" + std::string(key) + "': " + hex_problem(text));
  return std::move(*bytes);
}

}  // namespace wsconform::scenario
