#include "scenario/loader/expect.hpp"

#include <array>
#include <limits>
#include <string>

#include "scenario/loader/payload.hpp"
#include "scenario/model/grading.hpp"

namespace wsconform::scenario {

namespace {

constexpr std::uint64_t kMaxCloseCode = 65535;
constexpr std::uint64_t kMinHttpStatus = 100;
constexpr std::uint64_t kMaxHttpStatus = 599;

std::vector<int> read_http_status(const LoadContext& context, const yaml::Value& value) {
  std::vector<int> statuses;
  for (const yaml::Value& item : read_list(context, value, "http_status")) {
    // "4xx": the whole class (RFC 9110 §15), e.g. any client error.
    if (item.is_scalar() && item.text.size() == 3 && item.text[0] >= '1' && item.text[0] <= '5' &&
        item.text.substr(1) == "xx") {
      const int first = (item.text[0] - '0') * 100;
      for (int status = first; status < first + 100; ++status) statuses.push_back(status);
      continue;
    }
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
  // `close: any`: the answer to a close, which grading.hpp settles (any sendable code or empty).
  if (value.is_scalar()) {
    const std::string word = read_string(context, value, "close");
    if (word != "any")
      context.fail(value, "expected a map or 'any' for 'close', got '" + word + "'");
    return any_close_reply();
  }
  const MapReader map(context, value, "close",
                      {"codes", "allow_empty", "or_dropped", "before_harness_close", "within_ms"});
  CloseExpectation close;
  if (const yaml::Value* codes = map.get("codes")) {
    close.codes = read_close_codes(context, *codes, "codes");
  }
  close.allow_empty_body = map.boolean("allow_empty", false);
  close.or_dropped = map.boolean("or_dropped", false);
  close.before_harness_close = map.boolean("before_harness_close", false);
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

// `fails: {codes: [1002]}`: the codes that name the violation (grading.hpp adds the rest).
std::vector<std::uint16_t> read_failure(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(context, value, "fails", {"codes"});
  std::vector<std::uint16_t> codes = read_close_codes(context, map.required("codes"), "codes");
  if (codes.empty()) context.fail(value, "'fails' needs at least one fitting code in 'codes'");
  return codes;
}

// An expectation as written, and the codes of its `fails`, if it has one.
struct WrittenExpectation {
  Expectation expectation;
  std::optional<std::vector<std::uint16_t>> fails;
};

// The conditions shared by `expect` and an alternative.
WrittenExpectation read_conditions(const MapReader& map) {
  const LoadContext& context = map.context();
  WrittenExpectation written;
  Expectation& expectation = written.expectation;
  if (const yaml::Value* status = map.get("http_status")) {
    expectation.http_status = read_http_status(context, *status);
  }
  if (const yaml::Value* headers = map.get("http_headers")) {
    expectation.http_headers = read_http_headers(context, *headers);
  }
  if (const yaml::Value* messages = map.get("messages")) {
    expectation.messages = read_messages(context, *messages);
  }
  expectation.echo = map.boolean("echo", false);
  if (const yaml::Value* pongs = map.get("pongs")) expectation.pongs = read_pongs(context, *pongs);
  expectation.latest_pong_suffices = map.boolean("latest_pong_suffices", false);
  if (expectation.latest_pong_suffices && (!expectation.pongs || expectation.pongs->empty())) {
    context.fail(*map.get("latest_pong_suffices"),
                 "'latest_pong_suffices' needs a non-empty 'pongs' list");
  }
  expectation.probe_unanswered = map.boolean("probe_unanswered", false);
  expectation.flood_stalled = map.boolean("flood_stalled", false);
  if (const yaml::Value* close = map.get("close"))
    expectation.close = read_close_expectation(context, *close);
  if (const yaml::Value* fails = map.get("fails")) {
    if (expectation.close) {
      context.fail(*fails, "'fails' says how the connection ends: not with 'close' too");
    }
    written.fails = read_failure(context, *fails);
  }
  if (const yaml::Value* burst = map.get("burst")) {
    expectation.burst = read_burst_expectation(context, *burst);
  }
  return written;
}

constexpr std::array<std::string_view, 11> kConditionKeys = {
    "http_status",          "http_headers",     "messages",      "echo",  "pongs", "close",
    "latest_pong_suffices", "probe_unanswered", "flood_stalled", "fails", "burst"};

std::vector<std::string_view> keys_with(std::initializer_list<std::string_view> extra) {
  std::vector<std::string_view> keys(kConditionKeys.begin(), kConditionKeys.end());
  keys.insert(keys.end(), extra);
  return keys;
}

// Adds `written` with the grade, and what `fails` implies (grading.hpp), to the alternatives.
void add_outcome(WrittenExpectation written, Alternative::Grade grade, std::string why,
                 std::vector<Alternative>& alternatives, Expectation* expect) {
  Expectation expectation =
      written.fails ? failing_the_connection(std::move(written.expectation), *written.fails)
                    : std::move(written.expectation);
  expectation.why = std::move(why);
  if (expect != nullptr) {
    *expect = expectation;
  } else {
    alternatives.push_back(Alternative{expectation, grade});
  }
  if (written.fails) alternatives.push_back(failing_with_another_code(expectation, grade));
}

Alternative::Grade read_grade(const LoadContext& context, const yaml::Value& value) {
  const std::string grade = read_string(context, value, "grade");
  if (const auto known = wire::value_named(kGradeNames, grade)) return *known;
  context.fail(value, "expected pass, non-strict or informational for 'grade', got " +
                          yaml::describe(value));
}

}  // namespace

Expectation read_expect(const LoadContext& context, const yaml::Value& value) {
  WrittenExpectation written = read_conditions(MapReader(context, value, "expect", keys_with({})));
  if (written.fails) {
    context.fail(*value.find("fails"),
                 "'fails' is for a case's own connection (it implies alternatives)");
  }
  return std::move(written.expectation);
}

void read_expectations(const LoadContext& context, const yaml::Value& expect,
                       const yaml::Value* alternatives, Case& c) {
  c.alternatives.clear();
  add_outcome(read_conditions(MapReader(context, expect, "expect", keys_with({}))),
              Alternative::Grade::pass, "", c.alternatives, &c.expect);
  if (alternatives == nullptr) return;
  for (const yaml::Value& item : read_list(context, *alternatives, "alternatives")) {
    const MapReader map(context, item, "alternative", keys_with({"grade", "why"}));
    const Alternative::Grade grade = read_grade(context, map.required("grade"));
    std::string why = read_string(context, map.required("why"), "why");
    add_outcome(read_conditions(map), grade, std::move(why), c.alternatives, nullptr);
  }
}

}  // namespace wsconform::scenario
