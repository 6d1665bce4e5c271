// Tests for the scenario loader (scenario/loader/loader.hpp, format in scenarios/README.md): every
// key of a complete file, payload forms, defaults, matrix expansion, every error path with its
// line, the 64 MiB bound, duplicate ids across files, glob selection, and the real scenarios/
// suite.
#include "scenario/loader/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/loader/case.hpp"

namespace wsconform::scenario {
namespace {

using namespace std::chrono_literals;
using wire::bytes_of;

constexpr const char* kFile = "test.yaml";

// Drops the newline that follows R"( so that the text's line 1 is the first line of YAML.
std::string yaml(std::string_view text) {
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  return std::string(text);
}

// The 1-based line of the first occurrence of `needle`, counted independently of the loader.
int line_of(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string_view::npos) return -1;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::vector<Case> load(std::string_view text) {
  return load_scenario_text(text, kFile);
}

// Loading `text` throws a LoadError for line `line` whose message holds `fragment`.
testing::AssertionResult fails_at(std::string_view text, int line, std::string_view fragment) {
  try {
    load(text);
  } catch (const LoadError& error) {
    const std::string what = error.what();
    const std::string prefix =
        std::string(kFile) + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": ";
    if (error.file() != kFile || error.line() != line || what.rfind(prefix, 0) != 0) {
      return testing::AssertionFailure() << "expected line " << line << ", got: " << what;
    }
    if (what.find(fragment) == std::string::npos) {
      return testing::AssertionFailure() << "expected \"" << fragment << "\" in: " << what;
    }
    return testing::AssertionSuccess() << what;
  } catch (const std::exception& other) {
    return testing::AssertionFailure() << "not a LoadError: " << other.what();
  }
  return testing::AssertionFailure() << "loaded without error";
}

// A file with one case whose single step is `step` and whose expect is `expect`.
std::string one_case(std::string_view step, std::string_view expect = "{}") {
  return "section: \"5.2\"\n"         // 1
         "cases:\n"                   // 2
         "  - id: rfc6455/5.2/one\n"  // 3
         "    title: One\n"           // 4
         "    level: MUST\n"          // 5
         "    requirement: R\n"       // 6
         "    steps:\n"               // 7
         "      - " +
         std::string(step) +
         "\n"  // 8
         "    expect: " +
         std::string(expect) + "\n";  // 9
}

template <typename T>
const T& step_as(const Case& c, std::size_t index) {
  return std::get<T>(c.steps.at(index).step);
}

wire::Bytes payload_of(std::string_view payload) {
  const auto cases =
      load(one_case("send: {opcode: binary, payload: " + std::string(payload) + "}"));
  return step_as<SendFrameStep>(cases.at(0), 0).frame.payload;
}

// ---- a complete file -------------------------------------------------------------------------

const std::string kComplete = yaml(R"(
section: "5.2"
title: Every key of the format
defaults:
  level: SHOULD
  broken_by: default-mode
  expect:
    pongs: [from-defaults]
    echo: true
cases:
  - id: rfc6455/5.2.1/every-key
    title: Every key of a case
    section: "5.2.1"
    level: MUST
    requirement: The rule, quoted.
    broken_by: lenient
    needs_trigger: handler-exception
    timeout_ms: 2500
    steps:
      - handshake:
          method: POST
          target: /chat?x=1
          version: HTTP/1.0
          set: {Origin: "http://example.com", Sec-WebSocket-Version: 13}
          add: [[X-Extra, one], [X-Extra, two]]
          remove: [Connection]
          key: dGhlIHNhbXBsZSBub25jZQ==
          raw: "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"
          expect_upgrade: false
      - send:
          opcode: 3
          fin: false
          rsv1: true
          rsv2: true
          rsv3: true
          payload: {hex: "00 ff"}
          mask: "01020304"
          unmasked_payload: true
          length_form: 64
          declared_length: 18446744073709551615
          truncate_at: 5
          segments: [1, 2]
          chop: 3
          delay_ms: 7
      - send: {opcode: ping, unmasked: true, payload: hi, length_form: 16}
      - send: {opcode: continuation, length_form: 7}
      - send: {opcode: text, length_form: minimal, fragment_size: 2, with_next: true}
      - send_raw: {hex: "81 00", segments: [4], chop: 1, delay_ms: 4}
      - wait: {ms: 15}
      - await: {what: pong, count: 2, timeout_ms: 300}
      - await: {what: end}
      - barrier: {timeout_ms: 50}
      - barrier:
      - close: {code: 4000, reason: bye, wait_for_end: false}
      - close: {code: null}
      - close: {raw_hex: "03"}
      - close: {}
    expect:
      http_status: [426, 400]
      http_headers:
        - {name: Sec-WebSocket-Version, token: "13"}
        - {name: Upgrade}
      messages: [Hello, {binary: {hex: "0102"}}]
      close: {codes: [1002, 1007], allow_empty: true, or_dropped: true, within_ms: 1000}
    alternatives:
      - grade: non-strict
        why: the RFC allows it
        close: {codes: [1002]}
      - grade: informational
        why: anything else
        messages: []
        pongs: [{text: "κόσμε"}]
        echo: false
        http_status: [101]
        http_headers: [{name: X-Any}]
      - grade: pass
        why: a third one

  - id: close-codes/1011/from-defaults
    title: Level, section and expectations from defaults and the file
    requirement: R
    steps:
      - send: {opcode: text}
    expect:
      echo: false
)");

class CompleteFile : public testing::Test {
 protected:
  static void SetUpTestSuite() { cases_ = new std::vector<Case>(load(kComplete)); }
  static void TearDownTestSuite() { delete cases_; }
  const Case& every_key() const { return cases_->at(0); }
  const Case& from_defaults() const { return cases_->at(1); }
  static std::vector<Case>* cases_;
};
std::vector<Case>* CompleteFile::cases_ = nullptr;

TEST_F(CompleteFile, CaseFields) {
  ASSERT_EQ(cases_->size(), 2u);
  const Case& c = every_key();
  EXPECT_EQ(c.id, "rfc6455/5.2.1/every-key");
  EXPECT_EQ(c.title, "Every key of a case");
  EXPECT_EQ(c.requirement.section, "5.2.1");
  EXPECT_EQ(c.requirement.level, Level::must);
  EXPECT_EQ(c.requirement.text, "The rule, quoted.");
  EXPECT_EQ(c.broken_by, "lenient");
  EXPECT_EQ(c.needs_trigger, "handler-exception");
  EXPECT_EQ(c.timeout, 2500ms);
  EXPECT_EQ(c.where.file, kFile);
  EXPECT_EQ(c.where.line, line_of(kComplete, "id: rfc6455/5.2.1/every-key"));
  ASSERT_EQ(c.steps.size(), 15u);
}

TEST_F(CompleteFile, StepLocationsAreTheirLines) {
  const Case& c = every_key();
  EXPECT_EQ(c.steps[0].where.line, line_of(kComplete, "- handshake:"));
  EXPECT_EQ(c.steps[1].where.line, line_of(kComplete, "- send:\n"));
  EXPECT_EQ(c.steps[5].where.line, line_of(kComplete, "- send_raw:"));
  EXPECT_EQ(c.steps[14].where.line, line_of(kComplete, "- close: {}"));
  for (const LocatedStep& step : c.steps) EXPECT_EQ(step.where.file, kFile);
}

TEST_F(CompleteFile, HandshakeStep) {
  const auto& step = step_as<HandshakeStep>(every_key(), 0);
  EXPECT_EQ(step.method, "POST");
  EXPECT_EQ(step.target, "/chat?x=1");
  EXPECT_EQ(step.version, "HTTP/1.0");
  EXPECT_EQ(step.set, (std::vector<wire::Header>{{"Origin", "http://example.com"},
                                                 {"Sec-WebSocket-Version", "13"}}));
  EXPECT_EQ(step.add, (std::vector<wire::Header>{{"X-Extra", "one"}, {"X-Extra", "two"}}));
  EXPECT_EQ(step.remove, std::vector<std::string>{"Connection"});
  EXPECT_EQ(step.key, "dGhlIHNhbXBsZSBub25jZQ==");
  // {path} and {host} are the runner's placeholders: the loader leaves them.
  EXPECT_EQ(step.raw, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
  EXPECT_FALSE(step.expect_upgrade);
}

TEST_F(CompleteFile, SendStepWithEveryFrameField) {
  const auto& step = step_as<SendFrameStep>(every_key(), 1);
  const wire::FrameSpec& frame = step.frame;
  EXPECT_EQ(frame.opcode, 3);
  EXPECT_FALSE(frame.fin);
  EXPECT_TRUE(frame.rsv1);
  EXPECT_TRUE(frame.rsv2);
  EXPECT_TRUE(frame.rsv3);
  EXPECT_EQ(frame.payload, (wire::Bytes{0x00, 0xff}));
  EXPECT_EQ(frame.mask, (wire::MaskKey{1, 2, 3, 4}));
  EXPECT_FALSE(frame.apply_mask);
  EXPECT_FALSE(step.unmasked);
  EXPECT_EQ(frame.length_form, wire::LengthForm::long64);
  EXPECT_EQ(frame.declared_length, UINT64_MAX);
  EXPECT_EQ(frame.truncate_at, 5u);
  EXPECT_EQ(step.segmentation.sizes, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(step.segmentation.chop, 3u);
  EXPECT_EQ(step.segmentation.delay, 7ms);
}

TEST_F(CompleteFile, SendStepDefaultsAndNamedOpcodes) {
  const auto& ping = step_as<SendFrameStep>(every_key(), 2);
  EXPECT_EQ(ping.frame.opcode, wire::opcode::ping);
  EXPECT_TRUE(ping.unmasked);
  EXPECT_FALSE(ping.frame.mask.has_value());
  EXPECT_TRUE(ping.frame.apply_mask);
  EXPECT_TRUE(ping.frame.fin);
  EXPECT_FALSE(ping.frame.rsv1);
  EXPECT_EQ(ping.frame.payload, bytes_of("hi"));
  EXPECT_EQ(ping.frame.length_form, wire::LengthForm::medium16);
  EXPECT_FALSE(ping.frame.declared_length.has_value());
  EXPECT_FALSE(ping.frame.truncate_at.has_value());
  EXPECT_TRUE(ping.segmentation.sizes.empty());
  EXPECT_EQ(ping.segmentation.chop, 0u);

  const auto& continuation = step_as<SendFrameStep>(every_key(), 3);
  EXPECT_EQ(continuation.frame.opcode, wire::opcode::continuation);
  EXPECT_EQ(continuation.frame.length_form, wire::LengthForm::short7);
  EXPECT_TRUE(continuation.frame.payload.empty());
  const auto& text = step_as<SendFrameStep>(every_key(), 4);
  EXPECT_EQ(text.frame.opcode, wire::opcode::text);
  EXPECT_EQ(text.frame.length_form, wire::LengthForm::minimal);
  EXPECT_EQ(text.fragment_size, 2u);
  EXPECT_TRUE(text.with_next);  // held for the send_raw behind it
  EXPECT_FALSE(continuation.with_next);
}

TEST_F(CompleteFile, RawWaitAwaitAndBarrierSteps) {
  const auto& raw = step_as<SendRawStep>(every_key(), 5);
  EXPECT_EQ(raw.bytes, (wire::Bytes{0x81, 0x00}));
  EXPECT_EQ(raw.segmentation.sizes, std::vector<std::size_t>{4});
  EXPECT_EQ(raw.segmentation.chop, 1u);
  EXPECT_EQ(raw.segmentation.delay, 4ms);
  EXPECT_EQ(step_as<WaitStep>(every_key(), 6).duration, 15ms);
  const auto& pongs = step_as<AwaitStep>(every_key(), 7);
  EXPECT_EQ(pongs.what, AwaitStep::What::pong);
  EXPECT_EQ(pongs.count, 2u);
  EXPECT_EQ(pongs.timeout, 300ms);
  const auto& end = step_as<AwaitStep>(every_key(), 8);
  EXPECT_EQ(end.what, AwaitStep::What::end);
  EXPECT_EQ(end.count, 1u);
  EXPECT_FALSE(end.timeout.has_value());
  EXPECT_EQ(step_as<BarrierStep>(every_key(), 9).timeout, 50ms);
  EXPECT_FALSE(step_as<BarrierStep>(every_key(), 10).timeout.has_value());
}

TEST_F(CompleteFile, CloseSteps) {
  const auto& with_reason = step_as<CloseStep>(every_key(), 11);
  EXPECT_EQ(with_reason.code, 4000);
  EXPECT_EQ(with_reason.reason, bytes_of("bye"));
  EXPECT_FALSE(with_reason.raw_body.has_value());
  EXPECT_FALSE(with_reason.wait_for_end);
  const auto& empty_body = step_as<CloseStep>(every_key(), 12);
  EXPECT_FALSE(empty_body.code.has_value());
  EXPECT_TRUE(empty_body.wait_for_end);
  const auto& raw = step_as<CloseStep>(every_key(), 13);
  EXPECT_EQ(raw.raw_body, wire::Bytes{0x03});
  const auto& plain = step_as<CloseStep>(every_key(), 14);
  EXPECT_EQ(plain.code, 1000);
  EXPECT_TRUE(plain.reason.empty());
  EXPECT_FALSE(plain.raw_body.has_value());
}

TEST_F(CompleteFile, Expectations) {
  const Expectation& expect = every_key().expect;
  EXPECT_EQ(expect.http_status, (std::vector<int>{426, 400}));
  ASSERT_EQ(expect.http_headers.size(), 2u);
  EXPECT_EQ(expect.http_headers[0].name, "Sec-WebSocket-Version");
  EXPECT_EQ(expect.http_headers[0].token, "13");
  EXPECT_EQ(expect.http_headers[1].name, "Upgrade");
  EXPECT_FALSE(expect.http_headers[1].token.has_value());
  ASSERT_TRUE(expect.messages.has_value());
  ASSERT_EQ(expect.messages->size(), 2u);
  EXPECT_EQ((*expect.messages)[0].opcode, wire::opcode::text);
  EXPECT_EQ((*expect.messages)[0].payload, bytes_of("Hello"));
  EXPECT_EQ((*expect.messages)[1].opcode, wire::opcode::binary);
  EXPECT_EQ((*expect.messages)[1].payload, (wire::Bytes{0x01, 0x02}));
  ASSERT_TRUE(expect.close.has_value());
  EXPECT_EQ(expect.close->codes, (std::vector<std::uint16_t>{1002, 1007}));
  EXPECT_TRUE(expect.close->allow_empty_body);
  EXPECT_TRUE(expect.close->or_dropped);
  EXPECT_EQ(expect.close->within, 1000ms);
  // Not in the case's own expect: merged one level from defaults.
  EXPECT_TRUE(expect.echo);
  EXPECT_EQ(expect.pongs, std::vector<wire::Bytes>{bytes_of("from-defaults")});
}

TEST_F(CompleteFile, Alternatives) {
  const auto& alternatives = every_key().alternatives;
  ASSERT_EQ(alternatives.size(), 3u);
  EXPECT_EQ(alternatives[0].grade, Alternative::Grade::non_strict);
  EXPECT_EQ(alternatives[0].expect.why, "the RFC allows it");
  ASSERT_TRUE(alternatives[0].expect.close.has_value());
  EXPECT_EQ(alternatives[0].expect.close->codes, std::vector<std::uint16_t>{1002});
  EXPECT_FALSE(alternatives[0].expect.close->or_dropped);
  EXPECT_FALSE(alternatives[0].expect.messages.has_value());

  const Expectation& second = alternatives[1].expect;
  EXPECT_EQ(alternatives[1].grade, Alternative::Grade::informational);
  ASSERT_TRUE(second.messages.has_value());
  EXPECT_TRUE(second.messages->empty());
  EXPECT_EQ(second.pongs, std::vector<wire::Bytes>{bytes_of("κόσμε")});
  EXPECT_EQ(second.http_status, std::vector<int>{101});
  ASSERT_EQ(second.http_headers.size(), 1u);
  EXPECT_EQ(second.http_headers[0].name, "X-Any");
  EXPECT_FALSE(second.close.has_value());
  EXPECT_EQ(alternatives[2].grade, Alternative::Grade::pass);
  EXPECT_EQ(alternatives[2].expect.why, "a third one");
}

TEST_F(CompleteFile, DefaultsAndFileSectionFillTheGaps) {
  const Case& c = from_defaults();
  EXPECT_EQ(c.requirement.level, Level::should);
  EXPECT_EQ(c.requirement.section, "5.2");
  EXPECT_EQ(c.broken_by, "default-mode");
  EXPECT_EQ(c.needs_trigger, "");
  EXPECT_FALSE(c.timeout.has_value());
  EXPECT_FALSE(c.expect.echo);  // the case's own key wins over defaults
  EXPECT_EQ(c.expect.pongs, std::vector<wire::Bytes>{bytes_of("from-defaults")});
  EXPECT_TRUE(c.alternatives.empty());
}

TEST(Defaults, NullInACaseUnsetsADefault) {
  const auto cases = load(yaml(R"(
section: "5.2"
defaults: {level: MUST, timeout_ms: 100, broken_by: x}
cases:
  - {id: a/b/c, title: T, requirement: R, steps: [barrier: {}], expect: {}, timeout_ms: null}
  - {id: a/b/d, title: T, requirement: R, steps: [barrier: {}], expect: {}}
)"));
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_FALSE(cases[0].timeout.has_value());
  EXPECT_EQ(cases[1].timeout, 100ms);
  EXPECT_EQ(cases[0].broken_by, "x");
}

// ---- payloads --------------------------------------------------------------------------------

TEST(Payload, EveryForm) {
  EXPECT_EQ(payload_of("Hello"), bytes_of("Hello"));
  EXPECT_EQ(payload_of("\"\""), wire::Bytes{});
  EXPECT_EQ(payload_of("{text: \"κόσμε\"}"), bytes_of("κόσμε"));
  EXPECT_EQ(payload_of("{hex: \"ce ba:e1\\tbd b9\"}"), (wire::Bytes{0xce, 0xba, 0xe1, 0xbd, 0xb9}));
  EXPECT_EQ(payload_of("{repeat: \"ab\", count: 3}"), bytes_of("ababab"));
  EXPECT_EQ(payload_of("{repeat_hex: \"f0 01\", count: 2}"), (wire::Bytes{0xf0, 1, 0xf0, 1}));
  EXPECT_EQ(payload_of("{size: 3}"), (wire::Bytes{0x2a, 0x2a, 0x2a}));
  EXPECT_EQ(payload_of("{size: 2, fill: fe}"), (wire::Bytes{0xfe, 0xfe}));
  EXPECT_EQ(payload_of("{concat: [{hex: \"03e8\"}, ok, {size: 1, fill: \"00\"}, {concat: []}]}"),
            (wire::Bytes{0x03, 0xe8, 'o', 'k', 0x00}));
  // A plain scalar is its text, whatever it looks like.
  EXPECT_EQ(payload_of("123"), bytes_of("123"));
  EXPECT_EQ(payload_of("true"), bytes_of("true"));
}

TEST(Payload, ExactlySixtyFourMebibytesIsAllowed) {
  EXPECT_EQ(payload_of("{size: 67108864}").size(), 67108864u);
}

TEST(Payload, OverSixtyFourMebibytesFailsBeforeAllocating) {
  // Would be 10 GB if built: the size is checked first.
  EXPECT_TRUE(
      fails_at(one_case("send: {opcode: text, payload: {repeat: \"x\", count: 10000000000}}"), 8,
               "over the 64 MiB limit"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {size: 67108865}}"), 8,
                       "67108865 bytes, over the 64 MiB limit"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {repeat_hex: \"0000\", count: "
                                "18446744073709551615}}"),
                       8, "over the 64 MiB limit"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {concat: [{size: 40000000}, "
                                "{size: 40000000}]}}"),
                       8, "concatenated payload is over the 64 MiB limit"));
  // An empty unit repeated many times is empty, and is not built byte by byte.
  EXPECT_TRUE(payload_of("{repeat: \"\", count: 18446744073709551615}").empty());
}

TEST(Payload, BadForms) {
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {hex: \"0g\"}}"), 8,
                       "bad hex in 'hex': 'g' is not a hex digit"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {hex: \"abc\"}}"), 8,
                       "bad hex in 'hex': an odd number of hex digits"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {hex: \"a b\"}}"), 8,
                       "a separator between the two digits of a byte"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {hex: \"00\", text: a}}"), 8,
                       "a payload has one form; got both 'text' and 'hex'"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {count: 2}}"), 8,
                       "a payload map needs one of text, hex"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {repeat: a}}"), 8,
                       "missing key 'count' in payload"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {hex: \"00\", count: 2}}"), 8,
                       "'count' goes with 'repeat' or 'repeat_hex'"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {size: 2, fill: \"0102\"}}"), 8,
                       "'fill' must be one byte"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {hexx: \"00\"}}"), 8,
                       "unknown key 'hexx' in payload"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: [a, b]}"), 8,
                       "expected a payload (a string or a map such as {hex: \"00ff\"}) for "
                       "'payload', got a list"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, payload: {size: -1}}"), 8,
                       "'size' is -1, out of range"));
}

// ---- errors, each with its line ---------------------------------------------------------------

TEST(Errors, MalformedYamlKeepsTheParsersLine) {
  EXPECT_TRUE(fails_at("section: \"5.2\"\ncases: [\n  {id: a\n", 4, "malformed YAML"));
  EXPECT_TRUE(fails_at("cases: []\ntitle: a: b\n", 2, "malformed YAML: illegal map value"));
  EXPECT_TRUE(fails_at("cases:\n  - a: 1\n - b: 2\n", 3, "malformed YAML"));
}

TEST(Errors, DocumentShape) {
  EXPECT_TRUE(fails_at("", 0, "the file is empty"));
  EXPECT_TRUE(fails_at("# only a comment\n", 0, "the file is empty"));
  EXPECT_TRUE(fails_at("- a\n- b\n", 1, "a scenario file is a map with 'cases'"));
  EXPECT_TRUE(fails_at("cases: []\n---\ncases: []\n", 3, "a second YAML document"));
  EXPECT_TRUE(fails_at("section: \"1\"\n", 1, "missing key 'cases' in the file"));
  EXPECT_TRUE(fails_at("section: \"1\"\ncasse: []\n", 2,
                       "unknown key 'casse' in the file (known: section, title, defaults, cases)"));
  EXPECT_TRUE(fails_at("cases: []\ntitle: [a]\n", 2, "expected a string for 'title', got a list"));
  EXPECT_TRUE(fails_at("cases: {a: 1}\n", 1, "expected a list for 'cases', got a map"));
  EXPECT_TRUE(fails_at("cases: []\ncases: []\n", 2, "duplicate key 'cases' (first at line 1)"));
  EXPECT_TRUE(fails_at("cases: []\n[a]: 1\n", 2, "a map key must be a plain string"));
  EXPECT_TRUE(fails_at("cases: []\ntitle: !custom x\n", 2, "unsupported YAML tag '!custom'"));
  EXPECT_TRUE(load("cases: []\ntitle: !!str 12\n").empty());
}

TEST(Errors, AliasesCannotLoopOrExplode) {
  EXPECT_TRUE(fails_at("cases: &loop [*loop]\n", 1, "nesting deeper than 64 levels"));
  std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) {
    const std::string previous = "*a" + std::to_string(i - 1);
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) laughs += (j ? ", " : "") + previous;
    laughs += "]\n";
  }
  // a5 (line 6) is the first key whose value, a million x's, crosses the limit.
  EXPECT_TRUE(fails_at(laughs, 6, "expands to more than 1000000 values"));
}

TEST(Errors, UnknownKeysNameTheKeyAndItsParent) {
  EXPECT_TRUE(fails_at(one_case("send: {opcod: text}"), 8, "unknown key 'opcod' in send"));
  EXPECT_TRUE(
      fails_at(one_case("close: {code: 1000, reasn: x}"), 8, "unknown key 'reasn' in close"));
  EXPECT_TRUE(
      fails_at(one_case("barrier: {}", "{closed: {}}"), 9, "unknown key 'closed' in expect"));
  EXPECT_TRUE(
      fails_at(one_case("barrier: {}", "{close: {code: [1]}}"), 9, "unknown key 'code' in close"));
  EXPECT_TRUE(
      fails_at(one_case("barrier: {}", "{why: because}"), 9, "unknown key 'why' in expect"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{http_headers: [{nam: X}]}"), 9,
                       "unknown key 'nam' in http_headers"));
  const std::string in_case = yaml(R"(
section: "5.2"
cases:
  - id: rfc6455/5.2/x
    title: T
    levle: MUST
)");
  EXPECT_TRUE(fails_at(in_case, 5, "unknown key 'levle' in case"));
  EXPECT_TRUE(fails_at("defaults: {id: a/b/c}\ncases: []\n", 1, "unknown key 'id' in defaults"));
  EXPECT_TRUE(
      fails_at("defaults: {matrix: {}}\ncases: []\n", 1, "unknown key 'matrix' in defaults"));
}

TEST(Errors, MissingRequiredKeys) {
  const std::string base = yaml(R"(
section: "5.2"
cases:
  - id: rfc6455/5.2/x
    title: T
    level: MUST
    requirement: R
    steps: [barrier: {}]
    expect: {}
)");
  ASSERT_EQ(load(base).size(), 1u);
  for (const char* key : {"title", "requirement", "steps", "expect", "level"}) {
    std::string text = base;
    const std::size_t at = text.find(std::string("    ") + key + ":");
    text.erase(at, text.find('\n', at) + 1 - at);
    const std::string fragment = std::string("missing key '") + key + "' in case 'rfc6455/5.2/x'";
    EXPECT_TRUE(fails_at(text, 3, fragment)) << key;
  }
  std::string without_id = base;
  without_id.replace(without_id.find("- id: rfc6455/5.2/x"), 19, "- section: \"5.2\"");
  EXPECT_TRUE(fails_at(without_id, 3, "missing key 'id' in case"));
  std::string without_section = base;
  without_section.erase(0, without_section.find('\n') + 1);
  EXPECT_TRUE(fails_at(without_section, 2, "missing key 'section' in case 'rfc6455/5.2/x'"));
  EXPECT_TRUE(fails_at(one_case("send: {payload: x}"), 8, "missing key 'opcode' in send"));
  EXPECT_TRUE(fails_at(one_case("send_raw: {}"), 8, "missing key 'hex' in send_raw"));
  EXPECT_TRUE(fails_at(one_case("wait: {}"), 8, "missing key 'ms' in wait"));
  EXPECT_TRUE(fails_at(one_case("await: {count: 2}"), 8, "missing key 'what' in await"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{http_headers: [{token: x}]}"), 9,
                       "missing key 'name' in http_headers"));
}

TEST(Errors, WrongTypes) {
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{close: {codes: 1002}}"), 9,
                       "expected a list of integers for 'codes', got the number 1002"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{close: {codes: [1002, x]}}"), 9,
                       "expected a list of integers for 'codes', got an item that is the string"));
  EXPECT_TRUE(fails_at(one_case("close: {code: \"1000\"}"), 8,
                       "expected an integer (0-65535) for 'code', got the string \"1000\""));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, fin: yes}"), 8,
                       "expected true or false for 'fin', got the string \"yes\""));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, rsv1: \"true\"}"), 8,
                       "expected true or false for 'rsv1'"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{echo: 1}"), 9,
                       "expected true or false for 'echo', got the number 1"));
  EXPECT_TRUE(fails_at(one_case("handshake: {method: [GET]}"), 8,
                       "expected a string for 'method', got a list"));
  EXPECT_TRUE(fails_at(one_case("handshake: {set: [a]}"), 8,
                       "expected a map of header names to values for 'set'"));
  EXPECT_TRUE(fails_at(one_case("handshake: {add: [[a, b, c]]}"), 8,
                       "each item of 'add' is a [Name, value] pair"));
  EXPECT_TRUE(
      fails_at(one_case("send: [opcode, text]"), 8, "expected a map for 'send', got a list"));
  EXPECT_TRUE(fails_at(one_case("wait: {ms: 1.5}"), 8, "expected an integer"));
  EXPECT_TRUE(
      fails_at(one_case("barrier: {}", "[]"), 9, "expected a map for 'expect', got a list"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{messages: [{binary: x, text: y}]}"), 9,
                       "unknown key 'text' in message"));
}

TEST(Errors, StepShapes) {
  EXPECT_TRUE(fails_at(one_case("sned: {}"), 8, "unknown step 'sned'"));
  EXPECT_TRUE(
      fails_at(one_case("{send: {opcode: text}, close: {}}"), 8, "a step is a map with one key"));
  EXPECT_TRUE(fails_at(one_case("barrier"), 8, "a step is a map with one key"));
  const std::string late_handshake = yaml(R"(
section: "5.2"
cases:
  - id: rfc6455/5.2/x
    title: T
    level: MUST
    requirement: R
    steps:
      - barrier: {}
      - handshake: {}
    expect: {}
)");
  EXPECT_TRUE(fails_at(late_handshake, 9, "'handshake' can only be the first step"));
  const std::string no_steps = yaml(R"(
section: "5.2"
cases:
  - {id: rfc6455/5.2/x, title: T, level: MUST, requirement: R, expect: {},
     steps: []}
)");
  EXPECT_TRUE(fails_at(no_steps, 4, "'steps' is empty"));
}

TEST(Errors, FrameFieldsOutOfRange) {
  EXPECT_TRUE(fails_at(one_case("send: {opcode: 16}"), 8, "'opcode' is 16, out of range (0-15)"));
  EXPECT_TRUE(
      fails_at(one_case("send: {opcode: txt}"), 8,
               "expected an opcode (continuation, text, binary, close, ping, pong or 0-15)"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, mask: \"010203\"}"), 8,
                       "'mask' must be 4 bytes (8 hex digits), got 3 bytes"));
  EXPECT_TRUE(
      fails_at(one_case("send: {opcode: text, mask: \"0102030z\"}"), 8, "bad hex in 'mask'"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, length_form: 32}"), 8,
                       "expected minimal, 7, 16 or 64 for 'length_form'"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, declared_length: 18446744073709551616}"), 8,
                       "'declared_length' is 18446744073709551616, out of range"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, unmasked: true, mask: \"00000000\"}"), 8,
                       "'mask' cannot be given too"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, unmasked: true, unmasked_payload: true}"), 8,
                       "'unmasked' and 'unmasked_payload' exclude each other"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, segments: [1, 0]}"), 8,
                       "'segments' sizes must be at least 1"));
  EXPECT_TRUE(fails_at(one_case("send_raw: {hex: \"8\"}"), 8, "bad hex in 'hex'"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, fragment_size: 0}"), 8,
                       "'fragment_size' must be at least 1"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, fragment_size: 1, truncate_at: 3}"), 8,
                       "it excludes 'declared_length', 'truncate_at' and 'length_form'"));
  EXPECT_TRUE(
      fails_at(one_case("flood: {size: 65536, count: 0}"), 8, "'count' must be at least 1"));
  EXPECT_TRUE(fails_at(one_case("flood: {size: 65536, count: 16385}"), 8,
                       "a flood of 16385 messages of 65536 bytes is more than 1024 MiB"));
  EXPECT_TRUE(fails_at(one_case("flood: {opcode: ping, size: 1, count: 1}"), 8,
                       "a flood sends text or binary messages"));
  EXPECT_TRUE(fails_at(one_case("flood: {size: 1, count: 1, stall_ms: 0}"), 8,
                       "'stall_ms' must be at least 1"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, with_next: true}"), 8,
                       "'with_next: true' needs a 'send' or 'send_raw' step right after it"));
  EXPECT_TRUE(fails_at(one_case("send: {opcode: text, with_next: true, probe: true}"), 8,
                       "'with_next' and 'probe' exclude each other"));
  EXPECT_TRUE(fails_at(one_case("send_raw: {hex: \"81 00\", with_next: true, chop: 1}"), 8,
                       "give them there, not here"));
  EXPECT_TRUE(
      fails_at(one_case("await: {what: message, count: 0}"), 8, "'count' must be at least 1"));
  EXPECT_TRUE(fails_at(one_case("await: {what: messages}"), 8,
                       "expected message, pong, close or end for 'what'"));
}

TEST(Errors, CloseCodesAndStatuses) {
  EXPECT_TRUE(
      fails_at(one_case("close: {code: 65536}"), 8, "'code' is 65536, out of range (0-65535)"));
  EXPECT_TRUE(fails_at(one_case("close: {code: -1}"), 8, "'code' is -1, out of range"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{close: {codes: [1000, 70000]}}"), 9,
                       "'codes' is 70000, out of range (0-65535)"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{http_status: [99]}"), 9,
                       "'http_status' is 99, out of range (100-599)"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{http_status: [600]}"), 9,
                       "'http_status' is 600, out of range"));
  EXPECT_TRUE(fails_at(one_case("close: {raw_hex: \"03e8\", code: 1000}"), 8,
                       "'raw_hex' is the whole close body"));
  EXPECT_TRUE(fails_at(one_case("close: {code: null, reason: x}"), 8, "a 'reason' needs a 'code'"));
  EXPECT_TRUE(fails_at(one_case("close: {raw_hex: \"0\"}"), 8, "bad hex in 'raw_hex'"));
}

TEST(Errors, Alternatives) {
  const auto with_alternatives = [](std::string_view list) {
    return one_case("barrier: {}", "{}") + "    alternatives: " + std::string(list) + "\n";
  };
  ASSERT_EQ(load(with_alternatives("[{grade: pass, why: w}]")).size(), 1u);
  EXPECT_TRUE(fails_at(with_alternatives("[{why: w}]"), 10, "missing key 'grade' in alternative"));
  EXPECT_TRUE(
      fails_at(with_alternatives("[{grade: pass}]"), 10, "missing key 'why' in alternative"));
  EXPECT_TRUE(fails_at(with_alternatives("[{grade: non_strict, why: w}]"), 10,
                       "expected pass, non-strict or informational for 'grade'"));
  EXPECT_TRUE(fails_at(with_alternatives("{grade: pass}"), 10,
                       "expected a list for 'alternatives', got a map"));
}

// ---- the grading policy's keys (docs/grading.md) ----------------------------------------------

TEST(Grading, FailsExpandsToTheFittingCodes1008ADropAndANonStrictAlternative) {
  const std::vector<Case> cases =
      load(one_case("send: {opcode: 3, payload: x, probe: true}", "{fails: {codes: [1002]}}"));
  ASSERT_EQ(cases.size(), 1u);
  const Case& c = cases.front();
  ASSERT_TRUE(c.expect.close.has_value());
  EXPECT_EQ(c.expect.close->codes, (std::vector<std::uint16_t>{1002, 1008}));
  EXPECT_TRUE(c.expect.close->or_dropped);
  EXPECT_TRUE(c.expect.close->before_harness_close);
  EXPECT_TRUE(c.expect.probe_unanswered);
  ASSERT_EQ(c.alternatives.size(), 1u);
  EXPECT_EQ(c.alternatives[0].grade, Alternative::Grade::non_strict);
  EXPECT_TRUE(c.alternatives[0].expect.close->codes.empty());  // any sendable code
  EXPECT_TRUE(c.alternatives[0].expect.close->allow_empty_body);
  EXPECT_TRUE(c.alternatives[0].expect.close->before_harness_close);
  const auto* send = std::get_if<SendFrameStep>(&c.steps.front().step);
  ASSERT_NE(send, nullptr);
  EXPECT_TRUE(send->probe);
}

TEST(Grading, CloseAnyIsAnySendableCodeOrAnEmptyBody) {
  const std::vector<Case> cases = load(one_case("close: {code: 1000}", "{close: any}"));
  ASSERT_TRUE(cases.front().expect.close.has_value());
  EXPECT_TRUE(cases.front().expect.close->codes.empty());
  EXPECT_TRUE(cases.front().expect.close->allow_empty_body);
  EXPECT_FALSE(cases.front().expect.close->or_dropped);  // §5.5.1: a close MUST be answered
  EXPECT_TRUE(fails_at(one_case("close: {code: 1000}", "{close: anything}"), 9,
                       "expected a map or 'any' for 'close', got 'anything'"));
}

TEST(Grading, StatusClassesExpandToTheirHundredStatuses) {
  const std::vector<Case> cases = load(one_case("barrier: {}", "{http_status: [4xx, 501]}"));
  const std::vector<int>& statuses = cases.front().expect.http_status;
  ASSERT_EQ(statuses.size(), 101u);
  EXPECT_EQ(statuses.front(), 400);
  EXPECT_EQ(statuses[99], 499);
  EXPECT_EQ(statuses.back(), 501);
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{http_status: [6xx]}"), 9, "http_status"));
}

TEST(Grading, FailsAndCloseTogetherAndAPolicyAtMustAreRefused) {
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{close: any, fails: {codes: [1002]}}"), 9,
                       "'fails' says how the connection ends: not with 'close' too"));
  EXPECT_TRUE(fails_at(one_case("barrier: {}", "{fails: {codes: []}}"), 9,
                       "'fails' needs at least one fitting code"));
  const std::string must_policy =
      one_case("barrier: {}") + "    policy: {text: shed with 1013, level: MUST}\n";
  EXPECT_TRUE(fails_at(must_policy, 10, "not an RFC MUST"));
  const std::vector<Case> with_policy =
      load(one_case("barrier: {}") + "    policy: {text: shed with 1013}\n");
  ASSERT_TRUE(with_policy.front().policy.has_value());
  EXPECT_EQ(with_policy.front().policy->level, Level::should);
}

TEST(Errors, InvalidCaseIds) {
  for (const char* id : {"Rfc6455/5.2/x", "rfc6455/5.2", "rfc6455//x", "rfc6455/5.2/x/",
                         "rfc6455/5.2/a b", "rfc6455/../x", "\"\""}) {
    const std::string text = "section: \"5\"\ncases:\n  - id: " + std::string(id) +
                             "\n    title: T\n    level: MUST\n    requirement: R\n"
                             "    steps: [barrier: {}]\n    expect: {}\n";
    EXPECT_TRUE(fails_at(text, 3, "invalid case id")) << id;
  }
  EXPECT_TRUE(is_valid_case_id("rfc6455/5.5.1/close-code_1000"));
  EXPECT_TRUE(is_valid_case_id("overload/1013/connection-burst/extra"));
  EXPECT_FALSE(is_valid_case_id("rfc6455/5.2/x{y}"));
}

TEST(Errors, DuplicateIdsInOneFileNameBothLines) {
  const std::string text = yaml(R"(
section: "5.2"
defaults: {level: MUST, title: T, requirement: R, steps: [barrier: {}], expect: {}}
cases:
  - id: rfc6455/5.2/twice
  - id: rfc6455/5.2/other
  - id: rfc6455/5.2/twice
)");
  EXPECT_TRUE(fails_at(text, 6, "duplicate case id 'rfc6455/5.2/twice' (first at test.yaml:4)"));
}

// ---- matrix ----------------------------------------------------------------------------------

const std::string kMatrix = yaml(R"(
section: "7.4"
defaults: {level: MUST}
cases:
  - id: rfc6455/7.4.1/close-{name}-{code}
    title: "Close {code} ({name}), fin {fin}"
    section: "close-codes/{code}"
    matrix:
      name: [normal, away, private]
      code: [1000, 1001, 4999]
      fin: [true, false, true]
      payload: [Hello, {hex: "00ff"}, {size: 2}]
      segments: [[1], [1, 2], [3]]
      raw: [null, "GET {path} HTTP/1.1\r\n\r\n", null]
    requirement: "Code {code} must be echoed; {unknown} stays"
    steps:
      - handshake: {raw: "{raw}"}
      - send: {opcode: text, fin: "{fin}", payload: "{payload}", segments: "{segments}"}
      - close: {code: "{code}", reason: "{name}"}
    expect:
      close: {codes: ["{code}", 1000]}
      messages: ["{payload}"]
)");

std::string matrix_case(std::string_view id, std::string_view matrix, std::string_view step) {
  return "section: \"5.2\"\n"  // 1
         "cases:\n"            // 2
         "  - id: " +
         std::string(id) +
         "\n"                    // 3
         "    title: T\n"        // 4
         "    level: MUST\n"     // 5
         "    requirement: R\n"  // 6
         "    matrix: " +
         std::string(matrix) +
         "\n"            // 7
         "    steps:\n"  // 8
         "      - " +
         std::string(step) +
         "\n"                 // 9
         "    expect: {}\n";  // 10
}

TEST(Matrix, ExpandsOneCasePerRowWithTypedValues) {
  const auto cases = load(kMatrix);
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].id, "rfc6455/7.4.1/close-normal-1000");
  EXPECT_EQ(cases[1].id, "rfc6455/7.4.1/close-away-1001");
  EXPECT_EQ(cases[2].id, "rfc6455/7.4.1/close-private-4999");
  EXPECT_EQ(cases[1].title, "Close 1001 (away), fin false");
  EXPECT_EQ(cases[2].requirement.section, "close-codes/4999");
  EXPECT_EQ(cases[0].requirement.text, "Code 1000 must be echoed; {unknown} stays");
  for (const Case& c : cases) EXPECT_EQ(c.where.line, line_of(kMatrix, "- id:"));

  // A number stays a number, a boolean a boolean, a map a payload, a list a list, null absent.
  EXPECT_EQ(step_as<CloseStep>(cases[2], 2).code, 4999);
  EXPECT_EQ(step_as<CloseStep>(cases[2], 2).reason, bytes_of("private"));
  EXPECT_EQ(cases[2].expect.close->codes, (std::vector<std::uint16_t>{4999, 1000}));
  EXPECT_TRUE(step_as<SendFrameStep>(cases[0], 1).frame.fin);
  EXPECT_FALSE(step_as<SendFrameStep>(cases[1], 1).frame.fin);
  EXPECT_EQ(step_as<SendFrameStep>(cases[0], 1).frame.payload, bytes_of("Hello"));
  EXPECT_EQ(step_as<SendFrameStep>(cases[1], 1).frame.payload, (wire::Bytes{0x00, 0xff}));
  EXPECT_EQ(step_as<SendFrameStep>(cases[2], 1).frame.payload, (wire::Bytes{0x2a, 0x2a}));
  EXPECT_EQ((*cases[1].expect.messages)[0].payload, (wire::Bytes{0x00, 0xff}));
  EXPECT_EQ(step_as<SendFrameStep>(cases[1], 1).segmentation.sizes,
            (std::vector<std::size_t>{1, 2}));
  EXPECT_FALSE(step_as<HandshakeStep>(cases[0], 0).raw.has_value());
  EXPECT_EQ(step_as<HandshakeStep>(cases[1], 0).raw, "GET {path} HTTP/1.1\r\n\r\n");
}

TEST(Steps, FloodReadsItsFieldsAndDefaults) {
  const auto given =
      load(one_case("flood: {opcode: text, size: 1024, count: 3, stall_ms: 250, hold_ms: 40}",
                    "{flood_stalled: true}"));
  ASSERT_EQ(given.size(), 1u);
  const auto& flood = step_as<FloodStep>(given[0], 0);
  EXPECT_EQ(flood.opcode, wire::opcode::text);
  EXPECT_EQ(flood.size, 1024u);
  EXPECT_EQ(flood.count, 3u);
  EXPECT_EQ(flood.stall, 250ms);
  EXPECT_EQ(flood.hold, 40ms);
  EXPECT_TRUE(given[0].expect.flood_stalled);
  const auto defaults = load(one_case("flood: {size: 1, count: 1}"));
  EXPECT_EQ(step_as<FloodStep>(defaults[0], 0).opcode, wire::opcode::binary);
  EXPECT_EQ(step_as<FloodStep>(defaults[0], 0).stall, 500ms);
  EXPECT_EQ(step_as<FloodStep>(defaults[0], 0).hold, 0ms);
  EXPECT_FALSE(defaults[0].expect.flood_stalled);
}

TEST(Matrix, TheRowFormIsTheZippedFormWrittenRowByRow) {
  const auto zipped = load(matrix_case("rfc6455/5.2/c-{name}", "{name: [a, b], code: [1000, 4000]}",
                                       "close: {code: \"{code}\"}"));
  const auto rows =
      load(matrix_case("rfc6455/5.2/c-{name}", "[{name: a, code: 1000}, {name: b, code: 4000}]",
                       "close: {code: \"{code}\"}"));
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(zipped.size(), 2u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].id, zipped[i].id);
    EXPECT_EQ(step_as<CloseStep>(rows[i], 0).code, step_as<CloseStep>(zipped[i], 0).code);
  }
  EXPECT_EQ(rows[1].id, "rfc6455/5.2/c-b");
  EXPECT_EQ(step_as<CloseStep>(rows[1], 0).code, 4000);
}

TEST(Matrix, SubstitutesInMapKeys) {
  const auto cases = load(matrix_case("rfc6455/5.2/h-{h}", "{h: [x-one, x-two]}",
                                      "handshake: {set: {\"{h}\": \"v-{h}\"}}"));
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(step_as<HandshakeStep>(cases[1], 0).set,
            (std::vector<wire::Header>{{"x-two", "v-x-two"}}));
}

TEST(Matrix, Errors) {
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "{x: [1, 2], y: [1]}", "barrier: {}"), 7,
                       "matrix list 'y' has 1 values but 'x' has 2"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}-{z}", "{x: [1, 2]}", "barrier: {}"), 3,
                       "unknown placeholder '{z}' in id 'a/b/1-{z}' (the matrix names x)"));
  EXPECT_TRUE(
      fails_at(matrix_case("a/b/{x}", "{x: []}", "barrier: {}"), 7, "matrix list 'x' is empty"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "[1, 2]", "barrier: {}"), 7,
                       "a 'matrix' row is a map of names to values, got the number 1"));
  EXPECT_TRUE(
      fails_at(matrix_case("a/b/{x}", "[]", "barrier: {}"), 7, "'matrix' is an empty list"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "[{x: 1}, {y: 2}]", "barrier: {}"), 7,
                       "matrix row 2 names y but row 1 names x"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "7", "barrier: {}"), 7,
                       "expected a map of names to lists or a list of rows for 'matrix'"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "{x: 1}", "barrier: {}"), 7,
                       "expected a list for 'x', got the number 1"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "{\"x y\": [1]}", "barrier: {}"), 7,
                       "matrix name 'x y' may only hold"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/{x}", "{x: [[1]]}", "barrier: {}"), 3,
                       "matrix value 'x' is a list: it can only stand for a whole value"));
  // An error inside a row names the row, and the line the bad value was written on.
  EXPECT_TRUE(fails_at(matrix_case("a/b/c{x}", "{x: [1000, 70000]}", "close: {code: \"{x}\"}"), 7,
                       "'code' is 70000, out of range (0-65535) (matrix row 2 of 2)"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/same", "{x: [1, 2]}", "close: {code: \"{x}\"}"), 3,
                       "duplicate case id 'a/b/same'"));
  EXPECT_TRUE(fails_at(matrix_case("a/b/x", "{x: [1]}", "close: {code: \"1{x}\"}"), 9,
                       "expected an integer (0-65535) for 'code', got the string \"11\""));
  std::string no_matrix = one_case("barrier: {}");
  no_matrix.replace(no_matrix.find("rfc6455/5.2/one"), 15, "rfc6455/5.2/{nope}");
  EXPECT_TRUE(fails_at(no_matrix, 3,
                       "unknown placeholder '{nope}' in id 'rfc6455/5.2/{nope}' (the case has no "
                       "matrix)"));
}

// ---- files and directories ---------------------------------------------------------------------

class TempDir : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("wsconform-loader-" + std::to_string(std::random_device{}()) + "-" + info->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  static std::string file_with(std::string_view id) {
    return "section: \"5\"\n"
           "defaults: {level: MUST, title: T, requirement: R, steps: [barrier: {}], expect: {}}\n"
           "cases:\n"
           "  - id: " +
           std::string(id) + "\n";
  }
  std::filesystem::path dir_;
};

TEST_F(TempDir, LoadsEveryYamlFileSortedByName) {
  write("b.yaml", file_with("rfc6455/5/from-b"));
  write("a.yaml", file_with("rfc6455/5/from-a"));
  write("notes.txt", "not: [yaml");
  write("c.yml", "not: [yaml");
  const auto cases = load_scenarios(dir_);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].id, "rfc6455/5/from-a");
  EXPECT_EQ(cases[1].id, "rfc6455/5/from-b");
  EXPECT_EQ(cases[1].where.file, (dir_ / "b.yaml").string());
  EXPECT_EQ(cases[1].where.line, 4);
}

TEST_F(TempDir, DuplicateIdsAcrossFilesNameBothPlaces) {
  const auto first = write("a.yaml", file_with("rfc6455/5/same"));
  const auto second = write("b.yaml", "\n" + file_with("rfc6455/5/same"));
  try {
    load_scenarios(dir_);
    FAIL() << "duplicate ids loaded";
  } catch (const LoadError& error) {
    EXPECT_EQ(error.file(), second.string());
    EXPECT_EQ(error.line(), 5);
    EXPECT_EQ(std::string(error.what()), second.string() +
                                             ":5: duplicate case id 'rfc6455/5/same' (first at " +
                                             first.string() + ":4)");
  }
}

TEST_F(TempDir, ASingleFileAndMissingPaths) {
  const auto file = write("one.yaml", file_with("rfc6455/5/one"));
  EXPECT_EQ(load_scenarios(file).size(), 1u);
  EXPECT_EQ(load_scenario_file(file).at(0).id, "rfc6455/5/one");
  try {
    load_scenarios(dir_ / "missing.yaml");
    FAIL() << "a missing path loaded";
  } catch (const LoadError& error) {
    EXPECT_EQ(error.line(), 0);
    EXPECT_EQ(std::string(error.what()),
              (dir_ / "missing.yaml").string() + ": no such file or directory");
  }
  try {
    load_scenario_file(dir_);
    FAIL() << "a directory loaded as a file";
  } catch (const LoadError& error) {
    EXPECT_EQ(std::string(error.what()), dir_.string() + ": is a directory");
  }
  const auto broken = write("broken.yaml", "cases: [\n");
  EXPECT_THROW(load_scenarios(dir_), LoadError);
  try {
    load_scenario_file(broken);
    FAIL() << "a broken file loaded";
  } catch (const LoadError& error) {
    EXPECT_EQ(error.file(), broken.string());
  }
}

TEST(RealSuite, LoadsWithUniqueIds) {
  std::vector<Case> cases;
  ASSERT_NO_THROW(cases = load_scenarios(WSCONFORM_SCENARIO_DIR));
  std::set<std::string> ids;
  for (const Case& c : cases) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
    EXPECT_TRUE(is_valid_case_id(c.id)) << c.id;
    EXPECT_TRUE(!c.steps.empty() || c.burst) << c.id;  // a burst case has no steps
    EXPECT_GT(c.where.line, 0) << c.id;
  }
}

// ---- robustness ------------------------------------------------------------------------------

// Random edits of the complete file: each load either succeeds or throws a LoadError naming the
// file, never anything else (and, under ASan/UBSan, never touches memory it should not).
TEST(Robustness, MutatedFilesLoadOrFailWithALoadError) {
  std::mt19937 random(6455);
  const std::string alphabet = "{}[]:,-\"'&*!|># \n\tax0{}";
  int errors = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text = kComplete;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text.erase(at, 1 + random() % 8);
          break;
        case 1:
          text.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          text[at] = alphabet[random() % alphabet.size()];
      }
    }
    try {
      load(text);
    } catch (const LoadError& error) {
      ++errors;
      ASSERT_EQ(std::string(error.what()).rfind("test.yaml", 0), 0u) << error.what();
    } catch (const std::exception& other) {
      FAIL() << "not a LoadError: " << other.what() << "\n" << text;
    }
  }
  EXPECT_GT(errors, 0);
}

// ---- selection -------------------------------------------------------------------------------

TEST(Glob, Matching) {
  EXPECT_TRUE(glob_match("rfc6455/5.*", "rfc6455/5.2/rsv1-on-text"));
  EXPECT_TRUE(glob_match("rfc6455/5.*", "rfc6455/5.5.1/close-empty-body"));
  EXPECT_FALSE(glob_match("rfc6455/5.*", "rfc6455/4.2.2/correct-accept"));
  EXPECT_TRUE(glob_match("*/close-code-*", "rfc6455/7.4.1/close-code-1000-accepted"));
  EXPECT_FALSE(glob_match("*/close-code-*", "rfc6455/7.4/invalid-close-code-0"));
  EXPECT_TRUE(glob_match("rfc6455/5.?/x", "rfc6455/5.2/x"));
  EXPECT_FALSE(glob_match("rfc6455/5.?/x", "rfc6455/5.10/x"));
  EXPECT_FALSE(glob_match("rfc6455/5.?/x", "rfc6455/5./x"));
  EXPECT_TRUE(glob_match("exact/id/here", "exact/id/here"));
  EXPECT_FALSE(glob_match("exact/id/here", "exact/id/here2"));
  EXPECT_FALSE(glob_match("exact/id/here", "exact/id/her"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("**", "a/b"));
  EXPECT_FALSE(glob_match("", "a"));
  EXPECT_TRUE(glob_match("a*b*c", "a-x-b-y-b-c"));
  EXPECT_FALSE(glob_match("a*b*c", "a-x-b-y-b-d"));
  EXPECT_TRUE(glob_match("*a", "aaa"));
  // Many stars against a long near-miss: must finish at once, not backtrack exponentially.
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST(Select, IncludeAndExclude) {
  std::vector<Case> cases(4);
  cases[0].id = "rfc6455/5.2/a";
  cases[1].id = "rfc6455/7.4.1/close-code-1000";
  cases[2].id = "rfc6455/5.5/b";
  cases[3].id = "close-codes/1011/handler";
  const auto ids = [](const std::vector<Case>& selected) {
    std::vector<std::string> out;
    for (const Case& c : selected) out.push_back(c.id);
    return out;
  };
  EXPECT_EQ(ids(select_cases(cases, {}, {})), ids(cases));
  EXPECT_EQ(ids(select_cases(cases, {"rfc6455/5.*", "close-codes/*"}, {"*/b"})),
            (std::vector<std::string>{"rfc6455/5.2/a", "close-codes/1011/handler"}));
  EXPECT_EQ(ids(select_cases(cases, {}, {"rfc6455/*"})),
            std::vector<std::string>{"close-codes/1011/handler"});
  EXPECT_TRUE(select_cases(cases, {"nothing/*"}, {}).empty());
}

}  // namespace
}  // namespace wsconform::scenario

// ---- faults and overload ---------------------------------------------------------------------

namespace wsconform::scenario {
namespace {

TEST(Faults, PeersTriggersAndHandshakeTriggers) {
  const std::vector<Case> cases = load(yaml(R"(
section: close-codes/1011
cases:
  - id: close-codes/1011/x
    title: T
    level: MUST
    requirement: R
    needs_trigger: handler-exception
    peers:
      - name: bystander
        count: 3
        when: before
        steps:
          - await: {what: end}
        expect: {close: {codes: [1012, 1001]}}
      - name: reconnect
        when: after
        retry_within_ms: profile
        steps:
          - handshake: {trigger: handshake-failure, expect_upgrade: false}
        expect: {http_status: [500]}
      - name: later
        when: after
        retry_within_ms: 2500
        steps: [{trigger: backend-request}]
        expect: {}
    steps:
      - trigger: restart
      - trigger: crash
    expect: {}
)"));
  ASSERT_EQ(cases.size(), 1u);
  const Case& c = cases[0];
  EXPECT_EQ(c.needs_trigger, "handler-exception");
  ASSERT_EQ(c.peers.size(), 3u);
  EXPECT_EQ(c.peers[0].name, "bystander");
  EXPECT_EQ(c.peers[0].count, 3u);
  EXPECT_EQ(c.peers[0].when, PeerGroup::When::before);
  EXPECT_EQ(c.peers[0].expect.close->codes, (std::vector<std::uint16_t>{1012, 1001}));
  EXPECT_EQ(c.peers[1].when, PeerGroup::When::after);
  EXPECT_TRUE(c.peers[1].reconnect_within_profile);
  EXPECT_EQ(std::get<HandshakeStep>(c.peers[1].steps[0].step).trigger, "handshake-failure");
  EXPECT_EQ(c.peers[2].retry_within, std::optional(std::chrono::milliseconds(2500)));
  EXPECT_EQ(std::get<TriggerStep>(c.peers[2].steps[0].step).name, "backend-request");
  EXPECT_EQ(step_as<TriggerStep>(c, 0).name, "restart");
  EXPECT_EQ(step_as<TriggerStep>(c, 1).name, "crash");
}

TEST(Faults, BurstCasesWithScaledSizesAndBurstExpectations) {
  const std::vector<Case> cases = load(yaml(R"(
section: close-codes/1013
cases:
  - id: overload/1013/x
    title: T
    level: MUST
    requirement: R
    burst:
      connections: {capacity_times: 2.5}
      concurrency: 50
      connect_rate: 1000
      messages: 7
      message_size: 64
      message_rate: 12.5
      hold_ms: 300
      duration_ms: 9000
      recover_within_ms: 4000
    expect:
      burst: {shed_codes: [1013, 1001], refusal_statuses: [503, 429], retry_after: false}
    alternatives:
      - {grade: non-strict, why: W, burst: {recovers: false}}
)"));
  ASSERT_EQ(cases.size(), 1u);
  const Case& c = cases[0];
  ASSERT_TRUE(c.burst);
  EXPECT_TRUE(c.steps.empty());
  EXPECT_DOUBLE_EQ(c.burst->connections_times_capacity, 2.5);
  EXPECT_EQ(c.burst->spec.concurrency, 50u);
  EXPECT_DOUBLE_EQ(c.burst->spec.connect_rate, 1000);
  EXPECT_EQ(c.burst->spec.messages, 7u);
  EXPECT_EQ(c.burst->spec.message_size, 64u);
  EXPECT_DOUBLE_EQ(c.burst->spec.message_rate, 12.5);
  EXPECT_EQ(c.burst->spec.hold.count(), 300);
  EXPECT_EQ(c.burst->spec.duration.count(), 9000);
  EXPECT_EQ(c.burst->spec.recover_within.count(), 4000);
  ASSERT_TRUE(c.expect.burst);
  EXPECT_EQ(c.expect.burst->shed_codes, (std::vector<std::uint16_t>{1013, 1001}));
  EXPECT_EQ(c.expect.burst->refusal_statuses, (std::vector<int>{503, 429}));
  EXPECT_FALSE(c.expect.burst->retry_after);
  EXPECT_TRUE(c.expect.burst->no_silent_drops);
  ASSERT_EQ(c.alternatives.size(), 1u);
  EXPECT_FALSE(c.alternatives[0].expect.burst->recovers);
}

TEST(Faults, Mistakes) {
  EXPECT_TRUE(fails_at(one_case("trigger: teleport"), 8, "expected handler-exception, restart"));
  EXPECT_TRUE(fails_at(one_case("handshake: {trigger: restart}"), 8,
                       "a handshake's 'trigger' can only be handshake-failure"));
  EXPECT_TRUE(fails_at(one_case("handshake: {trigger: handshake-failure, target: /x}"), 8,
                       "not with 'target' or 'raw'"));
  const auto with = [](std::string_view extra) {
    return "section: \"x\"\ncases:\n  - id: overload/x/y\n    title: T\n    level: MUST\n"
           "    requirement: R\n    expect: {}\n" +
           std::string(extra);
  };
  EXPECT_TRUE(
      fails_at(with("    burst: {message_size: 4}\n"), 8, "'message_size' must be at least 8"));
  EXPECT_TRUE(
      fails_at(with("    burst: {connections: 0}\n"), 8, "'connections' must be at least 1"));
  EXPECT_TRUE(fails_at(with("    burst: {connections: {capacity_times: -1}}\n"), 8,
                       "expected a number from 0"));
  EXPECT_TRUE(fails_at(with("    burst: {connections: 200000}\n"), 8, "'connections' is 200000"));
  EXPECT_TRUE(
      fails_at(with("    burst: {conections: 2}\n"), 8, "unknown key 'conections' in burst"));
  EXPECT_TRUE(fails_at(with("    burst: {}\n    steps: [{barrier: {}}]\n"), 9,
                       "a burst case has no 'steps'"));
  EXPECT_TRUE(fails_at(with("    steps: [{barrier: {}}]\n    peers: []\n"), 9, "'peers' is empty"));
  EXPECT_TRUE(fails_at(
      with("    steps: [{barrier: {}}]\n    peers: [{name: p, when: before, retry_within_ms: 5, "
           "steps: [{barrier: {}}], expect: {}}]\n"),
      9, "'retry_within_ms' is for peers that connect 'after'"));
  EXPECT_TRUE(fails_at(
      with(
          "    steps: [{barrier: {}}]\n    peers: [{name: p, when: during, steps: [{barrier: {}}], "
          "expect: {}}]\n"),
      9, "expected before or after for 'when'"));
  EXPECT_TRUE(
      fails_at(with("    steps: [{barrier: {}}]\n    peers: [{name: p, steps: [{barrier: {}}]}]\n"),
               9, "missing key 'expect' in peer"));
}

}  // namespace
}  // namespace wsconform::scenario
