// Tests for the close-code and HTTP-status semantics registry (wire/semantics.hpp).
#include "wire/semantics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace wsconform::wire {
namespace {

using namespace std::chrono_literals;
using Reconnect = ClientAdvice::Reconnect;

constexpr std::uint32_t kLastCloseCode = 65535;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

Subject close_code(int code) {
  return {Subject::Kind::close_code, code};
}
Subject http_status(int status) {
  return {Subject::Kind::http_status, status};
}

// ---- close codes: classification ----

TEST(CloseCodeInfo, EveryCodeAgreesWithCloseCodeSendableAndKeepsItsNumber) {
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    const CloseCodeInfo info = close_code_info(code);
    ASSERT_EQ(info.code, code);
    ASSERT_EQ(info.sendable, close_code_sendable(code)) << code;
  }
}

TEST(CloseCodeInfo, RangesFollowSection742AtEveryBoundary) {
  const std::pair<std::uint32_t, CloseCodeRange> boundaries[] = {
      {0, CloseCodeRange::unused},          {999, CloseCodeRange::unused},
      {1000, CloseCodeRange::protocol},     {2999, CloseCodeRange::protocol},
      {3000, CloseCodeRange::libraries},    {3999, CloseCodeRange::libraries},
      {4000, CloseCodeRange::private_use},  {4999, CloseCodeRange::private_use},
      {5000, CloseCodeRange::out_of_range}, {65535, CloseCodeRange::out_of_range},
  };
  for (const auto& [code, range] : boundaries) {
    EXPECT_EQ(close_code_info(code).range, range) << code;
  }
}

TEST(CloseCodeInfo, RangeNeverDecreasesAsCodesGrow) {
  CloseCodeRange previous = CloseCodeRange::unused;
  int changes = 0;
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    const CloseCodeRange range = close_code_info(code).range;
    ASSERT_GE(range, previous) << code;
    if (range != previous) ++changes;
    previous = range;
  }
  EXPECT_EQ(changes, 4);  // unused -> protocol -> libraries -> private use -> out of range
}

TEST(CloseCodeInfo, OnlyRegistryEntries1000To1015AreDefined) {
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    ASSERT_EQ(close_code_info(code).defined, code >= 1000 && code <= 1015) << code;
  }
}

TEST(CloseCodeInfo, SendableRangeBoundaries) {
  EXPECT_FALSE(close_code_info(999).sendable);
  EXPECT_TRUE(close_code_info(1000).sendable);
  EXPECT_FALSE(close_code_info(2999).sendable);
  EXPECT_TRUE(close_code_info(3000).sendable);
  EXPECT_TRUE(close_code_info(3999).sendable);
  EXPECT_TRUE(close_code_info(4000).sendable);
  EXPECT_TRUE(close_code_info(4999).sendable);
  EXPECT_FALSE(close_code_info(5000).sendable);
}

TEST(CloseCodeInfo, ReservedSentinelAndUnassignedCodesAreNotSendable) {
  for (std::uint32_t code : {1004u, 1005u, 1006u, 1015u, 1016u}) {
    EXPECT_FALSE(close_code_info(code).sendable) << code;
  }
}

TEST(CloseCodeInfo, IanaCodes1012To1014AreSendableAndNamed) {
  EXPECT_EQ(close_code_info(1012).semantics.name, "Service Restart");
  EXPECT_EQ(close_code_info(1013).semantics.name, "Try Again Later");
  EXPECT_EQ(close_code_info(1014).semantics.name, "Bad Gateway");
  for (std::uint32_t code : {1012u, 1013u, 1014u}) {
    const CloseCodeInfo info = close_code_info(code);
    EXPECT_TRUE(info.sendable) << code;
    EXPECT_TRUE(info.defined) << code;
    EXPECT_TRUE(contains(info.semantics.reference, "IANA")) << code;
  }
}

TEST(CloseCodeInfo, LocalSentinelsAreExactly1005_1006_1015) {
  std::set<std::uint32_t> sentinels;
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    if (close_code_info(code).local_sentinel) sentinels.insert(code);
  }
  EXPECT_EQ(sentinels, (std::set<std::uint32_t>{1005, 1006, 1015}));
}

TEST(CloseCodeInfo, LocalSentinelsAreDefinedButNeverSentAndCarryNoRetryAdvice) {
  for (std::uint32_t code : {1005u, 1006u, 1015u}) {
    const CloseCodeInfo info = close_code_info(code);
    EXPECT_TRUE(info.defined) << code;
    EXPECT_FALSE(info.sendable) << code;
    EXPECT_EQ(info.semantics.advice.reconnect, Reconnect::not_applicable) << code;
  }
}

TEST(CloseCodeInfo, InputsWiderThanTwoBytesAreOutOfRange) {
  for (std::uint32_t code : {65536u, 70000u, 0xFFFFFFFFu}) {
    const CloseCodeInfo info = close_code_info(code);
    EXPECT_EQ(info.range, CloseCodeRange::out_of_range) << code;
    EXPECT_FALSE(info.sendable) << code;
    EXPECT_FALSE(info.defined) << code;
    EXPECT_EQ(info.code, 65535) << code;  // saturated, never wrapped into a valid code
  }
}

// ---- close codes: texts ----

TEST(CloseCodeInfo, EveryCodeHasANameMeaningAdviceAndReference) {
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    const Semantics& semantics = close_code_info(code).semantics;
    ASSERT_FALSE(semantics.name.empty()) << code;
    ASSERT_FALSE(semantics.meaning.empty()) << code;
    ASSERT_FALSE(semantics.when_you_see_it.empty()) << code;
    ASSERT_FALSE(semantics.how_to_fix.empty()) << code;
    ASSERT_FALSE(semantics.advice.text.empty()) << code;
    ASSERT_FALSE(semantics.reference.empty()) << code;
  }
}

TEST(CloseCodeInfo, DefinedCodesHaveDistinctNames) {
  std::set<std::string_view> names;
  for (std::uint32_t code = 1000; code <= 1015; ++code) {
    names.insert(close_code_info(code).semantics.name);
  }
  EXPECT_EQ(names.size(), 16u);
}

TEST(CloseCodeInfo, UndefinedCodesShareTheirStretchTextAndCiteTheRanges) {
  const std::uint32_t stretches[][2] = {
      {0, 999}, {1016, 2999}, {3000, 3999}, {4000, 4999}, {5000, 65535}};
  std::set<std::string_view> stretch_names;
  for (const auto& [first, last] : stretches) {
    const std::string_view name = close_code_info(first).semantics.name;
    stretch_names.insert(name);
    for (std::uint32_t code = first; code <= last; ++code) {
      const Semantics& semantics = close_code_info(code).semantics;
      ASSERT_EQ(semantics.name, name) << code;
      ASSERT_EQ(semantics.reference, "RFC 6455 §7.4.2") << code;
    }
  }
  EXPECT_EQ(stretch_names.size(), 5u);  // each stretch explains itself differently
}

TEST(CloseCodeInfo, UndefinedCodeTextsNeverBorrowADefinedName) {
  std::set<std::string_view> defined_names;
  for (std::uint32_t code = 1000; code <= 1015; ++code) {
    defined_names.insert(close_code_info(code).semantics.name);
  }
  for (std::uint32_t code : {999u, 1016u, 3000u, 4000u, 5000u}) {
    EXPECT_EQ(defined_names.count(close_code_info(code).semantics.name), 0u) << code;
  }
}

TEST(CloseCodeInfo, RfcCodesCiteSection741) {
  for (std::uint32_t code = 1000; code <= 1015; ++code) {
    if (code >= 1012 && code <= 1014) continue;  // IANA registry codes, checked above
    EXPECT_TRUE(contains(close_code_info(code).semantics.reference, "RFC 6455 §7.4.1")) << code;
  }
}

TEST(CloseCodeInfo, Code1011IsTheCounterpartOfHttp500AndEndsTheConnection) {
  const Semantics& internal_error = close_code_info(1011).semantics;
  EXPECT_EQ(internal_error.name, "Internal Error");
  EXPECT_TRUE(contains(internal_error.meaning, "HTTP 500"));
  EXPECT_TRUE(contains(internal_error.meaning, "persistent connection"));
}

TEST(CloseCodeInfo, Code1005IsASentinelForACloseFrameWithoutACode) {
  const Semantics& no_status = close_code_info(1005).semantics;
  EXPECT_TRUE(contains(no_status.meaning, "no status code"));
  EXPECT_TRUE(contains(no_status.when_you_see_it, "sentinel"));
  EXPECT_TRUE(contains(no_status.how_to_fix, "never a value on the wire"));
}

TEST(CloseCodeInfo, Code1002NamesTheFramingFaults) {
  const Semantics& protocol_error = close_code_info(1002).semantics;
  for (std::string_view fault : {"malformed frame header", "masking", "reserved opcode", "proxy"}) {
    EXPECT_TRUE(contains(protocol_error.when_you_see_it, fault)) << fault;
  }
}

TEST(CloseCodeInfo, Code1014IsAGatewayReportingABadUpstream) {
  const Semantics& bad_gateway = close_code_info(1014).semantics;
  EXPECT_TRUE(contains(bad_gateway.meaning, "gateway"));
  EXPECT_TRUE(contains(bad_gateway.meaning, "upstream"));
}

// ---- close codes: client advice ----

TEST(CloseCodeAdvice, NormalAndGoingAwayAllowReconnecting) {
  EXPECT_EQ(close_code_info(1000).semantics.advice.reconnect, Reconnect::yes);
  EXPECT_EQ(close_code_info(1001).semantics.advice.reconnect, Reconnect::yes);
  EXPECT_TRUE(contains(close_code_info(1001).semantics.advice.text, "back"));
}

TEST(CloseCodeAdvice, SenderFaultsForbidBlindRetries) {
  for (std::uint32_t code : {1002u, 1003u, 1007u, 1008u, 1009u, 1010u}) {
    EXPECT_EQ(close_code_info(code).semantics.advice.reconnect, Reconnect::no) << code;
  }
}

TEST(CloseCodeAdvice, InternalErrorAndBadGatewayBackOffExponentially) {
  for (std::uint32_t code : {1011u, 1014u}) {
    const ClientAdvice& advice = close_code_info(code).semantics.advice;
    EXPECT_EQ(advice.reconnect, Reconnect::with_backoff) << code;
    EXPECT_TRUE(advice.doubling) << code;
  }
}

TEST(CloseCodeAdvice, ServiceRestartWaitsOneToFiveSeconds) {
  const ClientAdvice& advice = close_code_info(1012).semantics.advice;
  EXPECT_EQ(advice.reconnect, Reconnect::after_delay);
  EXPECT_EQ(advice.first_delay, 1000ms);
  EXPECT_EQ(advice.max_delay, 5000ms);
  EXPECT_FALSE(advice.doubling);
}

TEST(CloseCodeAdvice, TryAgainLaterBacksOffFromOneSecondDoubling) {
  const ClientAdvice& advice = close_code_info(1013).semantics.advice;
  EXPECT_EQ(advice.reconnect, Reconnect::with_backoff);
  EXPECT_EQ(advice.first_delay, 1000ms);
  EXPECT_TRUE(advice.doubling);
}

TEST(CloseCodeAdvice, ReservedAndNeverSentCodesHaveNoAdvice) {
  for (std::uint32_t code : {0u, 999u, 1004u, 1016u, 2999u, 5000u, 65535u}) {
    EXPECT_EQ(close_code_info(code).semantics.advice.reconnect, Reconnect::not_applicable) << code;
  }
}

// Holds for every advice: timing fields are used only by the kinds of advice they belong to.
void expect_consistent_advice(const ClientAdvice& advice, const std::string& what) {
  EXPECT_GE(advice.first_delay, 0ms) << what;
  if (advice.reconnect == Reconnect::after_delay) {
    EXPECT_GT(advice.first_delay, 0ms) << what;
    EXPECT_GE(advice.max_delay, advice.first_delay) << what;
  } else {
    EXPECT_EQ(advice.max_delay, 0ms) << what;
  }
  EXPECT_EQ(advice.doubling, advice.reconnect == Reconnect::with_backoff) << what;
  if (advice.reconnect != Reconnect::after_delay && advice.reconnect != Reconnect::with_backoff) {
    EXPECT_EQ(advice.first_delay, 0ms) << what;
  }
}

TEST(CloseCodeAdvice, TimingFieldsAreConsistentForEveryCode) {
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    expect_consistent_advice(close_code_info(code).semantics.advice,
                             "close code " + std::to_string(code));
  }
}

TEST(CloseCodeAdvice, OnlySendableCodesCanAskForAReconnect) {
  for (std::uint32_t code = 0; code <= kLastCloseCode; ++code) {
    const CloseCodeInfo info = close_code_info(code);
    if (!info.sendable) {
      ASSERT_EQ(info.semantics.advice.reconnect, Reconnect::not_applicable) << code;
    }
  }
}

// ---- HTTP statuses ----

TEST(HttpStatusInfo, JudgesExactlyTheHandshakeStatuses) {
  std::set<int> judged;
  for (int status = -1; status <= 1000; ++status) {
    const HttpStatusInfo info = http_status_info(status);
    ASSERT_EQ(info.status, status);
    if (info.judged) judged.insert(status);
  }
  EXPECT_EQ(judged, (std::set<int>{101, 400, 426, 500, 503}));
}

TEST(HttpStatusInfo, UpgradeRequiredMustListSupportedVersions) {
  const HttpStatusInfo info = http_status_info(426);
  EXPECT_EQ(info.required_header, "Sec-WebSocket-Version");
  EXPECT_EQ(info.semantics.advice.reconnect, Reconnect::no);
  EXPECT_TRUE(contains(info.semantics.reference, "§4.4"));
}

TEST(HttpStatusInfo, ServiceUnavailableCarriesRetryAfterAndBacksOff) {
  const HttpStatusInfo info = http_status_info(503);
  EXPECT_EQ(info.required_header, "Retry-After");
  EXPECT_EQ(info.semantics.advice.reconnect, Reconnect::with_backoff);
  EXPECT_TRUE(info.semantics.advice.doubling);
  EXPECT_TRUE(contains(info.semantics.advice.text, "Retry-After"));
}

TEST(HttpStatusInfo, OnlyUpgradeRequiredAndServiceUnavailableRequireAHeader) {
  for (int status = 0; status <= 999; ++status) {
    if (status == 426 || status == 503) continue;
    ASSERT_TRUE(http_status_info(status).required_header.empty()) << status;
  }
}

TEST(HttpStatusInfo, BadRequestMustBeFixedNotRetried) {
  const HttpStatusInfo info = http_status_info(400);
  EXPECT_EQ(info.semantics.name, "Bad Request");
  EXPECT_EQ(info.semantics.advice.reconnect, Reconnect::no);
}

TEST(HttpStatusInfo, InternalServerErrorCitesRfc9110AndBacksOff) {
  const HttpStatusInfo info = http_status_info(500);
  EXPECT_EQ(info.semantics.reference, "RFC 9110 §15.6.1");
  EXPECT_EQ(info.semantics.advice.reconnect, Reconnect::with_backoff);
  EXPECT_TRUE(contains(info.semantics.how_to_fix, "logs"));
}

TEST(HttpStatusInfo, SwitchingProtocolsMeansTheUpgradeSucceeded) {
  const HttpStatusInfo info = http_status_info(101);
  EXPECT_EQ(info.semantics.name, "Switching Protocols");
  EXPECT_TRUE(contains(info.semantics.reference, "RFC 6455 §4.2.2"));
  EXPECT_NE(info.semantics.advice.reconnect, Reconnect::no);
}

TEST(HttpStatusInfo, UnjudgedStatusesShareTheirClassText) {
  for (int first : {100, 200, 300, 400, 500}) {
    const std::string_view class_name = http_status_info(first + 99).semantics.name;
    for (int status = first; status < first + 100; ++status) {
      const HttpStatusInfo info = http_status_info(status);
      if (info.judged) continue;
      ASSERT_EQ(info.semantics.name, class_name) << status;
    }
  }
}

TEST(HttpStatusInfo, ClassesExplainThemselvesDifferently) {
  std::set<std::string_view> names;
  for (int status : {102, 204, 302, 404, 502, 99, 600}) {
    names.insert(http_status_info(status).semantics.name);
  }
  EXPECT_EQ(names.size(), 6u);  // five classes and one text for invalid numbers (99 and 600)
}

TEST(HttpStatusInfo, NumbersOutside100To599AreInvalid) {
  const std::string_view invalid = http_status_info(-1).semantics.name;
  for (int status : {0, 99, 600, 999, 1000}) {
    const HttpStatusInfo info = http_status_info(status);
    EXPECT_FALSE(info.judged) << status;
    EXPECT_EQ(info.semantics.name, invalid) << status;
  }
  EXPECT_NE(http_status_info(100).semantics.name, invalid);
  EXPECT_NE(http_status_info(599).semantics.name, invalid);
}

TEST(HttpStatusInfo, RedirectsMayBeFollowedAndClientErrorsMustBeFixed) {
  EXPECT_EQ(http_status_info(302).semantics.advice.reconnect, Reconnect::yes);
  EXPECT_EQ(http_status_info(404).semantics.advice.reconnect, Reconnect::no);
  EXPECT_EQ(http_status_info(502).semantics.advice.reconnect, Reconnect::with_backoff);
}

TEST(HttpStatusInfo, EveryStatusHasTextsAndConsistentAdvice) {
  for (int status = 0; status <= 999; ++status) {
    const Semantics& semantics = http_status_info(status).semantics;
    ASSERT_FALSE(semantics.name.empty()) << status;
    ASSERT_FALSE(semantics.meaning.empty()) << status;
    ASSERT_FALSE(semantics.when_you_see_it.empty()) << status;
    ASSERT_FALSE(semantics.how_to_fix.empty()) << status;
    ASSERT_FALSE(semantics.advice.text.empty()) << status;
    ASSERT_FALSE(semantics.reference.empty()) << status;
    expect_consistent_advice(semantics.advice, "HTTP " + std::to_string(status));
  }
}

// ---- comparisons ----

bool subject_is_known(const Subject& subject) {
  if (subject.kind == Subject::Kind::close_code) {
    return subject.value >= 0 && close_code_info(static_cast<std::uint32_t>(subject.value)).defined;
  }
  return http_status_info(subject.value).judged;
}

TEST(Comparisons, EveryComparisonIsBetweenTwoDifferentKnownSubjectsWithTexts) {
  ASSERT_FALSE(all_comparisons().empty());
  for (const Comparison& comparison : all_comparisons()) {
    EXPECT_FALSE(comparison.a == comparison.b) << comparison.a.value;
    EXPECT_TRUE(subject_is_known(comparison.a)) << comparison.a.value;
    EXPECT_TRUE(subject_is_known(comparison.b)) << comparison.b.value;
    EXPECT_FALSE(comparison.key_difference.empty()) << comparison.a.value;
    EXPECT_FALSE(comparison.which_when.empty()) << comparison.a.value;
  }
}

// A pair in either order, so "1011 vs 1012" and "1012 vs 1011" count as the same.
std::pair<std::pair<int, int>, std::pair<int, int>> unordered_pair(const Comparison& comparison) {
  std::pair<int, int> a{static_cast<int>(comparison.a.kind), comparison.a.value};
  std::pair<int, int> b{static_cast<int>(comparison.b.kind), comparison.b.value};
  if (b < a) std::swap(a, b);
  return {a, b};
}

TEST(Comparisons, NoPairIsComparedTwice) {
  std::set<std::pair<std::pair<int, int>, std::pair<int, int>>> pairs;
  for (const Comparison& comparison : all_comparisons()) {
    EXPECT_TRUE(pairs.insert(unordered_pair(comparison)).second)
        << comparison.a.value << " vs " << comparison.b.value;
  }
}

bool compares(const std::vector<const Comparison*>& found, Subject subject) {
  return std::any_of(found.begin(), found.end(), [&](const Comparison* comparison) {
    return comparison->a == subject || comparison->b == subject;
  });
}

TEST(Comparisons, TheRequiredPairsArePresent) {
  const std::pair<Subject, Subject> required[] = {
      {http_status(500), close_code(1011)}, {close_code(1011), close_code(1012)},
      {close_code(1011), close_code(1013)}, {close_code(1012), close_code(1013)},
      {close_code(1005), close_code(1011)}, {close_code(1002), close_code(1011)},
      {close_code(1005), close_code(1006)}, {close_code(1013), http_status(503)},
      {close_code(1001), close_code(1012)}, {close_code(1002), close_code(1007)},
      {close_code(1009), close_code(1002)},
  };
  for (const auto& [first, second] : required) {
    EXPECT_TRUE(compares(comparisons_for(first), second)) << first.value << " vs " << second.value;
  }
}

TEST(Comparisons, InternalErrorIsComparedWithItsNeighbours) {
  const std::vector<const Comparison*> found = comparisons_for(close_code(1011));
  for (Subject neighbour :
       {http_status(500), close_code(1012), close_code(1013), close_code(1005), close_code(1002)}) {
    EXPECT_TRUE(compares(found, neighbour)) << neighbour.value;
  }
}

TEST(Comparisons, ComparisonsForReturnsExactlyThoseWithTheSubject) {
  for (const Subject subject : {close_code(1011), close_code(1002), http_status(503)}) {
    const std::vector<const Comparison*> found = comparisons_for(subject);
    std::size_t expected = 0;
    for (const Comparison& comparison : all_comparisons()) {
      if (comparison.a == subject || comparison.b == subject) ++expected;
    }
    EXPECT_EQ(found.size(), expected) << subject.value;
    for (const Comparison* comparison : found) {
      EXPECT_TRUE(comparison->a == subject || comparison->b == subject) << subject.value;
    }
  }
}

TEST(Comparisons, KindMattersWhenNumbersCoincide) {
  // HTTP 500 is compared with 1011; close code 500 is not a code at all.
  EXPECT_FALSE(comparisons_for(http_status(500)).empty());
  EXPECT_TRUE(comparisons_for(close_code(500)).empty());
}

TEST(Comparisons, UncomparedSubjectsGetNothing) {
  EXPECT_TRUE(comparisons_for(close_code(4000)).empty());
  EXPECT_TRUE(comparisons_for(http_status(418)).empty());
}

TEST(Comparisons, ReturnedPointersPointIntoAllComparisons) {
  const std::span<const Comparison> all = all_comparisons();
  for (const Comparison* comparison : comparisons_for(close_code(1011))) {
    EXPECT_GE(comparison, all.data());
    EXPECT_LT(comparison, all.data() + all.size());
  }
}

TEST(Comparisons, Http500VersusInternalErrorContrastsOneRequestWithTheConnection) {
  const std::vector<const Comparison*> found = comparisons_for(http_status(500));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(contains(found[0]->key_difference, "single request"));
  EXPECT_TRUE(contains(found[0]->key_difference, "whole persistent connection"));
}

TEST(Comparisons, OverloadVersusRestartStatesTheRetryTimings) {
  for (const Comparison* comparison : comparisons_for(close_code(1012))) {
    if (!(comparison->a == close_code(1013) || comparison->b == close_code(1013))) continue;
    EXPECT_TRUE(contains(comparison->which_when, "1-5 s"));
    EXPECT_TRUE(contains(comparison->which_when, "from 1 s"));
    return;
  }
  FAIL() << "no 1012 vs 1013 comparison";
}

}  // namespace
}  // namespace wsconform::wire
