#include "scenario/loader_expect.hpp"

#include <limits>
#include <string>

#include "scenario/loader_payload.hpp"

namespace wsconform::scenario {

namespace {

constexpr std::uint64_t kMaxCloseCode = 65535;
constexpr std::uint64_t kMinHttpStatus = 100;
constexpr std::uint64_t kMaxHttpStatus = 599;

std::vector<int> read_http_status(const LoadContext& context, const yaml::Value& value) {
  std::vector<int> statuses;
  for (const yaml::Value& item : read_list(context, value, "http_status")) {
    const std::uint64_t status = read_unsigned(context, item, "http_status", kMaxHttpStatus);
    if (status < kMinHttpStatus) {
      context.fail(item, "'http_status' is " + item.text + ", out of range (100-599)");
    }
    statuses.push_back(static_cast<int>(status));
  }
  return statuses;
}

std::vector<HeaderExpectation> read_http_headers(const LoadContext& context,
                                                 const yaml::Value& value) {
  std::vector<HeaderExpectation> headers;
  for (const yaml::Value& item : read_list(context, value, "http_headers")) {
    const MapReader map(context, item, "http_headers", {"name", "token"});
    headers.push_back({read_string(context, map.required("name"), "name"), map.string("token")});
  }
  return headers;
}

// A payload (a text message) or {binary: <payload>}.
ExpectedMessage read_message(const LoadContext& context, const yaml::Value& value) {
  if (value.is_map() && value.find("binary") != nullptr) {
    const MapReader map(context, value, "message", {"binary"});
    return {wire::opcode::binary, read_payload(context, map.required("binary"), "binary")};
  }
  return {wire::opcode::text, read_payload(context, value, "messages")};
}

std::vector<ExpectedMessage> read_messages(const LoadContext& context, const yaml::Value& value) {
  std::vector<ExpectedMessage> messages;
  for (const yaml::Value& item : read_list(context, value, "messages")) {
    messages.push_back(read_message(context, item));
  }
  return messages;
}

std::vector<wire::Bytes> read_pongs(const LoadContext& context, const yaml::Value& value) {
  std::vector<wire::Bytes> pongs;
  for (const yaml::Value& item : read_list(context, value, "pongs")) {
    pongs.push_back(read_payload(context, item, "pongs"));
  }
  return pongs;
}

std::vector<std::uint16_t> read_close_codes(const LoadContext& context, const yaml::Value& value,
                                            std::string_view key) {
  std::vector<std::uint16_t> codes;
  for (std::uint64_t code : read_unsigned_list(context, value, key, kMaxCloseCode)) {
    codes.push_back(static_cast<std::uint16_t>(code));
  }
  return codes;
}

CloseExpectation read_close_expectation(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(context, value, "close", {"codes", "allow_empty", "or_dropped", "within_ms"});
  CloseExpectation close;
  if (const yaml::Value* codes = map.get("codes")) {
    close.codes = read_close_codes(context, *codes, "codes");
  }
  close.allow_empty_body = map.boolean("allow_empty", false);
  close.or_dropped = map.boolean("or_dropped", false);
  if (const auto within = map.unsigned_integer("within_ms", kMaxMilliseconds)) {
    close.within = std::chrono::milliseconds(static_cast<std::int64_t>(*within));
  }
  return close;
}

BurstExpectation read_burst_expectation(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(context, value, "burst",
                      {"shed_codes", "refusal_statuses", "retry_after", "no_silent_drops",
                       "no_lost_messages", "recovers"});
  BurstExpectation burst;
  if (const yaml::Value* codes = map.get("shed_codes")) {
    burst.shed_codes = read_close_codes(context, *codes, "shed_codes");
  }
  if (const yaml::Value* statuses = map.get("refusal_statuses")) {
    burst.refusal_statuses = read_http_status(context, *statuses);
  }
  burst.retry_after = map.boolean("retry_after", burst.retry_after);
  burst.no_silent_drops = map.boolean("no_silent_drops", burst.no_silent_drops);
  burst.no_lost_messages = map.boolean("no_lost_messages", burst.no_lost_messages);
  burst.recovers = map.boolean("recovers", burst.recovers);
  return burst;
}

// The conditions shared by `expect` and an alternative.
Outcome read_conditions(const MapReader& map) {
  const LoadContext& context = map.context();
  Outcome outcome;
  if (const yaml::Value* status = map.get("http_status")) {
    outcome.http_status = read_http_status(context, *status);
  }
  if (const yaml::Value* headers = map.get("http_headers")) {
    outcome.http_headers = read_http_headers(context, *headers);
  }
  if (const yaml::Value* messages = map.get("messages")) {
    outcome.messages = read_messages(context, *messages);
  }
  outcome.echo = map.boolean("echo", false);
  if (const yaml::Value* pongs = map.get("pongs")) outcome.pongs = read_pongs(context, *pongs);
  if (const yaml::Value* close = map.get("close"))
    outcome.close = read_close_expectation(context, *close);
  if (const yaml::Value* burst = map.get("burst")) {
    outcome.burst = read_burst_expectation(context, *burst);
  }
  return outcome;
}

Alternative::Grade read_grade(const LoadContext& context, const yaml::Value& value) {
  const std::string grade = read_string(context, value, "grade");
  if (grade == "pass") return Alternative::Grade::pass;
  if (grade == "non-strict") return Alternative::Grade::non_strict;
  if (grade == "informational") return Alternative::Grade::informational;
  context.fail(value, "expected pass, non-strict or informational for 'grade', got " +
                          yaml::describe(value));
}

}  // namespace

Outcome read_expect(const LoadContext& context, const yaml::Value& value) {
  return read_conditions(
      MapReader(context, value, "expect",
                {"http_status", "http_headers", "messages", "echo", "pongs", "close", "burst"}));
}

std::vector<Alternative> read_alternatives(const LoadContext& context, const yaml::Value& value) {
  std::vector<Alternative> alternatives;
  for (const yaml::Value& item : read_list(context, value, "alternatives")) {
    const MapReader map(context, item, "alternative",
                        {"grade", "why", "http_status", "http_headers", "messages", "echo", "pongs",
                         "close", "burst"});
    Alternative alternative;
    alternative.grade = read_grade(context, map.required("grade"));
    alternative.outcome = read_conditions(map);
    alternative.outcome.why = read_string(context, map.required("why"), "why");
    alternatives.push_back(std::move(alternative));
  }
  return alternatives;
}

}  // namespace wsconform::scenario
