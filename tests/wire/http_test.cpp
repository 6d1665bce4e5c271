#include "wire/http.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace wsconform::wire {
namespace {

using Status = HttpResponseParser::Status;
using namespace std::string_literals;

constexpr std::string_view kRfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::string_view kRfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

// Feeds all of `text` at once; returns the status and leaves the unconsumed rest in `rest`.
Status feed_all(HttpResponseParser& parser, std::string_view text, std::string* rest = nullptr) {
  ByteView input = view_of(text);
  const Status status = parser.feed(input);
  if (rest) *rest = string_of(input);
  return status;
}

std::string good_response(std::string_view accept = kRfcAccept) {
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         std::string(accept) + "\r\n\r\n";
}

HttpResponse parse_ok(std::string_view text) {
  HttpResponseParser parser;
  EXPECT_EQ(feed_all(parser, text), Status::complete) << parser.error();
  return parser.response();
}

// --- Sec-WebSocket-Accept, base64, key ------------------------------------------------------

TEST(AcceptKey, Rfc6455Section1_3Example) {
  EXPECT_EQ(compute_accept(kRfcKey), kRfcAccept);
}

TEST(AcceptKey, KeyIsUsedAsAStringNotDecoded) {
  // §4.2.2: the key is concatenated as text, so a trailing space changes the accept value.
  EXPECT_NE(compute_accept(std::string(kRfcKey) + " "), kRfcAccept);
  EXPECT_EQ(compute_accept(kRfcKey).size(), 28u);  // base64 of a 20-byte SHA-1
}

TEST(Base64, Rfc4648Section10Vectors) {
  EXPECT_EQ(base64_encode(view_of("")), "");
  EXPECT_EQ(base64_encode(view_of("f")), "Zg==");
  EXPECT_EQ(base64_encode(view_of("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(view_of("foo")), "Zm9v");
  EXPECT_EQ(base64_encode(view_of("foob")), "Zm9vYg==");
  EXPECT_EQ(base64_encode(view_of("fooba")), "Zm9vYmE=");
  EXPECT_EQ(base64_encode(view_of("foobar")), "Zm9vYmFy");
}

TEST(Base64, Rfc6455Section4_1NonceExample) {
  // §4.1 step 7's note prints "AQIDBAUGBwgJCgsMDQ4PEC==", which is not canonical base64 (the
  // last character must encode zero low bits): RFC 4648 gives "...PEA==".
  const Bytes nonce = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  EXPECT_EQ(base64_encode(nonce), "AQIDBAUGBwgJCgsMDQ4PEA==");
}

TEST(Base64, InputLongerThanOneInternalChunkIsEncodedWhole) {
  // 48 KiB + 1 bytes spans many internal chunks (3 KiB each); padding may only appear at the end.
  const Bytes zeros(3 * 16 * 1024 + 1, 0);
  const std::string encoded = base64_encode(zeros);
  EXPECT_EQ(encoded.size(), (zeros.size() + 2) / 3 * 4);
  EXPECT_EQ(encoded.find('='), encoded.size() - 2);
  EXPECT_EQ(encoded.substr(0, 8), "AAAAAAAA");
}

TEST(GenerateKey, IsBase64OfSixteenBytesAndVaries) {
  std::mt19937_64 rng(42);
  std::set<std::string> keys;
  for (int i = 0; i < 100; ++i) {
    const std::string key = generate_key(rng);
    ASSERT_EQ(key.size(), 24u);  // §4.1 step 7: 16 bytes base64-encoded
    EXPECT_EQ(key.substr(22), "==");
    keys.insert(key);
  }
  EXPECT_EQ(keys.size(), 100u);
}

TEST(GenerateKey, SameSeedSameKey) {
  std::mt19937_64 first(7);
  std::mt19937_64 second(7);
  EXPECT_EQ(generate_key(first), generate_key(second));
}

TEST(Iequals, AsciiCaseInsensitiveOnly) {
  EXPECT_TRUE(iequals("Sec-WebSocket-Key", "sec-websocket-key"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("Upgrade", "Upgrade "));
  EXPECT_FALSE(iequals("Upgrade", "Upgrada"));
  EXPECT_FALSE(iequals("\xC3\x89", "\xC3\xA9"));  // non-ASCII letters are not folded
  EXPECT_FALSE(iequals("[", "{"));                // '[' + 32 is '{', but neither is a letter
}

// --- the request builder ---------------------------------------------------------------------

TEST(UpgradeRequest, StandardRequestIsByteExact) {
  const UpgradeRequest request = standard_upgrade_request("example.com", "/chat", kRfcKey);
  EXPECT_EQ(request.serialize(),
            "GET /chat HTTP/1.1\r\n"
            "Host: example.com\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "\r\n");
}

TEST(UpgradeRequest, MalformedRequestLineAndLineEnding) {
  UpgradeRequest request;
  request.method = "POST";
  request.target = "not a target";
  request.version = "HTTP/1.0";
  request.line_ending = "\n";
  request.add("Host", "h");
  EXPECT_EQ(request.serialize(), "POST not a target HTTP/1.0\nHost: h\n\n");

  request.version = "garbage";
  request.method = "";
  EXPECT_EQ(request.serialize(), " not a target garbage\nHost: h\n\n");
}

TEST(UpgradeRequest, OddNamesAndValuesGoOutVerbatim) {
  UpgradeRequest request;
  request.add("", "empty name")
      .add("Empty-Value", "")
      .add("Spaced Name", " padded value ")
      .add("X-Bytes", "\xff\xfe\x80");
  EXPECT_EQ(request.serialize(),
            "GET / HTTP/1.1\r\n"
            ": empty name\r\n"
            "Empty-Value: \r\n"
            "Spaced Name:  padded value \r\n"
            "X-Bytes: \xff\xfe\x80\r\n"
            "\r\n");
}

TEST(UpgradeRequest, RawIsReturnedVerbatim) {
  UpgradeRequest request = standard_upgrade_request("h", "/", kRfcKey);
  request.raw = "GET /\0 junk\r\n"s;
  EXPECT_EQ(request.serialize(), "GET /\0 junk\r\n"s);
}

TEST(UpgradeRequest, AddKeepsDuplicatesInOrder) {
  UpgradeRequest request;
  request.add("Connection", "keep-alive").add("X", "1").add("connection", "Upgrade");
  EXPECT_EQ(request.serialize(),
            "GET / HTTP/1.1\r\nConnection: keep-alive\r\nX: 1\r\nconnection: Upgrade\r\n\r\n");
  EXPECT_EQ(request.get("CONNECTION"), "keep-alive");  // the first one
}

TEST(UpgradeRequest, SetReplacesEveryDuplicateAtTheFirstPosition) {
  UpgradeRequest request;
  request.add("A", "1").add("Upgrade", "x").add("B", "2").add("UPGRADE", "y");
  request.set("upgrade", "websocket");
  const std::vector<Header> expected = {{"A", "1"}, {"upgrade", "websocket"}, {"B", "2"}};
  EXPECT_EQ(request.headers, expected);
}

TEST(UpgradeRequest, SetAppendsWhenAbsent) {
  UpgradeRequest request;
  request.add("A", "1").set("Origin", "http://example.com");
  const std::vector<Header> expected = {{"A", "1"}, {"Origin", "http://example.com"}};
  EXPECT_EQ(request.headers, expected);
}

TEST(UpgradeRequest, RemoveDropsEveryCaseVariant) {
  UpgradeRequest request = standard_upgrade_request("h", "/", kRfcKey);
  request.add("sec-websocket-key", "second");
  request.remove("SEC-WEBSOCKET-KEY");
  EXPECT_FALSE(request.get("Sec-WebSocket-Key"));
  EXPECT_EQ(request.headers.size(), 4u);
  EXPECT_EQ(request.serialize().find("Key"), std::string::npos);
  request.remove("Not-There");
  EXPECT_EQ(request.headers.size(), 4u);
}

TEST(UpgradeRequest, GetIsCaseInsensitiveAndAbsentIsNullopt) {
  const UpgradeRequest request = standard_upgrade_request("h:8080", "/", kRfcKey);
  EXPECT_EQ(request.get("host"), "h:8080");
  EXPECT_EQ(request.get("sec-websocket-version"), "13");
  EXPECT_FALSE(request.get("Origin"));
}

// --- the response parser: success --------------------------------------------------------------

TEST(HttpResponseParser, ParsesAWholeResponse) {
  const HttpResponse response = parse_ok(good_response());
  EXPECT_EQ(response.version, "HTTP/1.1");
  EXPECT_EQ(response.status, 101);
  EXPECT_EQ(response.reason, "Switching Protocols");
  const std::vector<Header> expected = {{"Upgrade", "websocket"},
                                        {"Connection", "Upgrade"},
                                        {"Sec-WebSocket-Accept", kRfcAccept.data()}};
  EXPECT_EQ(response.headers, expected);
  EXPECT_FALSE(response.bare_lf);
}

TEST(HttpResponseParser, ByteAtATimeGivesTheSameResult) {
  const std::string text = good_response() + "\x81\x02hi";
  const std::size_t block_size = good_response().size();
  HttpResponseParser parser;
  std::string leftover;
  for (std::size_t i = 0; i < text.size(); ++i) {
    ByteView one = view_of(std::string_view(text).substr(i, 1));
    const Status status = parser.feed(one);
    if (i + 1 < block_size) {
      ASSERT_EQ(status, Status::need_more) << "at byte " << i;
      EXPECT_TRUE(one.empty());
    } else if (i + 1 == block_size) {  // completes on the blank line's last byte
      ASSERT_EQ(status, Status::complete);
      EXPECT_TRUE(one.empty());
    } else {
      EXPECT_EQ(status, Status::complete);
      leftover += string_of(one);  // not consumed once complete
    }
  }
  EXPECT_EQ(leftover, "\x81\x02hi");
  EXPECT_EQ(parser.response().headers, parse_ok(good_response()).headers);
  EXPECT_EQ(parser.response().reason, "Switching Protocols");
}

TEST(HttpResponseParser, EverySplitPointGivesTheSameResult) {
  const std::string text = good_response() + "FRAMES";
  const HttpResponse whole = parse_ok(text);
  for (std::size_t split = 0; split <= text.size(); ++split) {
    HttpResponseParser parser;
    std::string rest;
    feed_all(parser, std::string_view(text).substr(0, split), &rest);
    std::string rest2;
    const Status status = feed_all(parser, std::string_view(text).substr(split), &rest2);
    ASSERT_EQ(status, Status::complete) << "split at " << split;
    EXPECT_EQ(rest + rest2, "FRAMES") << "split at " << split;
    EXPECT_EQ(parser.response().headers, whole.headers);
    EXPECT_EQ(parser.response().status, 101);
  }
}

TEST(HttpResponseParser, LeavesBytesAfterTheBlankLineInTheInput) {
  HttpResponseParser parser;
  std::string rest;
  const std::string frames("\x81\x05Hello\x88\x00", 9);
  EXPECT_EQ(feed_all(parser, good_response() + frames, &rest), Status::complete);
  EXPECT_EQ(rest, frames);
  // A later feed consumes nothing.
  EXPECT_EQ(feed_all(parser, "more", &rest), Status::complete);
  EXPECT_EQ(rest, "more");
}

TEST(HttpResponseParser, NeedsMoreUntilTheBlankLine) {
  HttpResponseParser parser;
  EXPECT_EQ(feed_all(parser, "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n"), Status::need_more);
  EXPECT_EQ(parser.status(), Status::need_more);
  EXPECT_EQ(feed_all(parser, "\r"), Status::need_more);
  EXPECT_EQ(feed_all(parser, "\n"), Status::complete);
}

TEST(HttpResponseParser, BareLfIsAcceptedAndRecorded) {
  HttpResponseParser parser;
  std::string rest;
  EXPECT_EQ(feed_all(parser, "HTTP/1.1 101 OK\nUpgrade: websocket\n\nX", &rest), Status::complete);
  EXPECT_TRUE(parser.response().bare_lf);
  EXPECT_EQ(parser.response().header("upgrade"), "websocket");
  EXPECT_EQ(rest, "X");
}

TEST(HttpResponseParser, StatusLineWithoutReason) {
  const HttpResponse with_space = parse_ok("HTTP/1.1 404 \r\n\r\n");
  EXPECT_EQ(with_space.status, 404);
  EXPECT_EQ(with_space.reason, "");
  const HttpResponse without_space = parse_ok("HTTP/1.0 200\r\n\r\n");
  EXPECT_EQ(without_space.status, 200);
  EXPECT_EQ(without_space.version, "HTTP/1.0");
}

TEST(HttpResponseParser, StatusBoundaries) {
  EXPECT_EQ(parse_ok("HTTP/1.1 100 Continue\r\n\r\n").status, 100);
  EXPECT_EQ(parse_ok("HTTP/1.1 999 Odd\r\n\r\n").status, 999);
}

TEST(HttpResponseParser, HostileValuesAreKeptVerbatim) {
  const std::string hostile = "\x1b[31m<script>\xff\xfe\x01\x7f 'quoted' \"x\"";
  const HttpResponse response =
      parse_ok("HTTP/1.1 101 \xe2\x9c\x93\r\nX-Evil:  " + hostile + " \t\r\nX-Empty:\r\n\r\n");
  EXPECT_EQ(response.header("X-Evil"), hostile);  // only the surrounding OWS is trimmed
  EXPECT_EQ(response.header("x-empty"), "");
  EXPECT_EQ(response.reason, "\xe2\x9c\x93");
}

TEST(HttpResponseParser, DuplicateHeadersAreKeptInOrder) {
  const HttpResponse response =
      parse_ok("HTTP/1.1 101 OK\r\nSet-Cookie: a=1\r\nX: y\r\nset-cookie: b=2\r\n\r\n");
  ASSERT_EQ(response.headers.size(), 3u);
  EXPECT_EQ(response.header_count("SET-COOKIE"), 2u);
  EXPECT_EQ(response.header("Set-Cookie"), "a=1");
  EXPECT_EQ(response.headers[2], (Header{"set-cookie", "b=2"}));
  EXPECT_EQ(response.header_count("Missing"), 0u);
  EXPECT_FALSE(response.header("Missing"));
}

TEST(HttpResponseParser, ExactlyAtTheLimitsIsAccepted) {
  const std::string text = "HTTP/1.1 101 OK\r\nA: 1\r\nB: 2\r\n\r\n";
  HttpResponseParser parser(HttpLimits{.max_header_bytes = text.size(), .max_headers = 2});
  EXPECT_EQ(feed_all(parser, text + "tail"), Status::complete) << parser.error();
}

// --- the response parser: errors --------------------------------------------------------------

Status expect_error(std::string_view text, std::string_view error_part, HttpLimits limits = {}) {
  HttpResponseParser parser(limits);
  const Status status = feed_all(parser, text);
  EXPECT_EQ(status, Status::error) << "for: " << text;
  EXPECT_NE(parser.error().find(error_part), std::string::npos)
      << "error was: '" << parser.error() << "'";
  return status;
}

TEST(HttpResponseParserErrors, TooManyHeaders) {
  expect_error("HTTP/1.1 101 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", "more than 2 header fields",
               HttpLimits{.max_header_bytes = 1024, .max_headers = 2});
}

TEST(HttpResponseParserErrors, DefaultHeaderCountLimitIs100) {
  std::string hundred = "HTTP/1.1 101 OK\r\n";
  for (int i = 0; i < 100; ++i) hundred += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(parse_ok(hundred + "\r\n").headers.size(), 100u);
  expect_error(hundred + "One-Too-Many: v\r\n\r\n", "more than 100 header fields");
}

TEST(HttpResponseParserErrors, TooManyBytesWithoutBlankLine) {
  const std::string text = "HTTP/1.1 101 OK\r\nA: 1\r\nB: 2\r\n\r\n";
  expect_error(text, "does not end within 30 bytes",
               HttpLimits{.max_header_bytes = text.size() - 1, .max_headers = 100});
}

TEST(HttpResponseParserErrors, EndlessHeaderLineFailsAtTheLimitWithoutWaiting) {
  // A server streaming one endless line: the error comes as soon as the budget is spent, and
  // nothing past the budget is consumed.
  HttpResponseParser parser(HttpLimits{.max_header_bytes = 64, .max_headers = 100});
  const std::string text = "HTTP/1.1 101 OK\r\nX: " + std::string(1000, 'a');
  std::string rest;
  EXPECT_EQ(feed_all(parser, text, &rest), Status::error);
  EXPECT_EQ(rest.size(), text.size() - 64);
}

TEST(HttpResponseParserErrors, ByteLimitHitByteAtATime) {
  HttpResponseParser parser(HttpLimits{.max_header_bytes = 20, .max_headers = 100});
  const std::string text = "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n\r\n";
  Status status = Status::need_more;
  std::size_t fed = 0;
  while (status == Status::need_more && fed < text.size()) {
    ByteView one = view_of(std::string_view(text).substr(fed++, 1));
    status = parser.feed(one);
  }
  EXPECT_EQ(status, Status::error);
  EXPECT_EQ(fed, 20u);
}

TEST(HttpResponseParserErrors, MalformedStatusLines) {
  const char* const lines[] = {
      "HTTP/1.1 101Switching",  // no SP after the code
      "HTTP/1.1 10 OK",         // two digits
      "HTTP/1.1 1010 OK",       // four digits
      "HTTP/11 101 OK",         // no dot
      "HTTP/2 101 OK",          // one-digit version
      "http/1.1 101 OK",        // the name is case-sensitive
      "HTTP/1.1  101 OK",       // two spaces
      "ICY 200 OK",             // not HTTP
      "HTTP/1.1 abc OK",        // not digits
      "",                       // empty status line
  };
  for (const char* line : lines) {
    expect_error(std::string(line) + "\r\n\r\n", "malformed status line");
  }
}

TEST(HttpResponseParserErrors, StatusBelow100) {
  expect_error("HTTP/1.1 099 Low\r\n\r\n", "status code 099 is outside 100-999");
  expect_error("HTTP/1.1 000 Zero\r\n\r\n", "outside 100-999");
}

TEST(HttpResponseParserErrors, HeaderLineWithoutColon) {
  expect_error("HTTP/1.1 101 OK\r\nUpgrade websocket\r\n\r\n", "line 2 has no colon");
}

TEST(HttpResponseParserErrors, EmptyHeaderName) {
  expect_error("HTTP/1.1 101 OK\r\n: value\r\n\r\n", "empty field name");
}

TEST(HttpResponseParserErrors, WhitespaceBeforeTheColon) {
  expect_error("HTTP/1.1 101 OK\r\nUpgrade : websocket\r\n\r\n", "whitespace in its field name");
}

TEST(HttpResponseParserErrors, ObsFold) {
  expect_error("HTTP/1.1 101 OK\r\nConnection: keep-alive,\r\n Upgrade\r\n\r\n", "obs-fold");
  expect_error("HTTP/1.1 101 OK\r\nConnection: keep-alive,\r\n\tUpgrade\r\n\r\n", "obs-fold");
}

TEST(HttpResponseParserErrors, NulInAValueIsReportedOnArrival) {
  HttpResponseParser parser;
  // No line ending yet: the NUL is reported without waiting for the rest of the line.
  const std::string text = "HTTP/1.1 101 OK\r\nX: a\0b"s;
  EXPECT_EQ(feed_all(parser, text), Status::error);
  EXPECT_NE(parser.error().find("NUL byte at offset 21"), std::string::npos) << parser.error();
}

TEST(HttpResponseParserErrors, NulInStatusLineAndName) {
  expect_error("HTTP/1.1 101 O\0K\r\n\r\n"s, "NUL byte at offset 14");
  expect_error("HTTP/1.1 101 OK\r\nX\0: 1\r\n\r\n"s, "NUL byte");
}

TEST(HttpResponseParserErrors, BareCr) {
  expect_error("HTTP/1.1 101 OK\r\nX: a\rInjected: yes\r\n\r\n", "bare CR");
  // Split right after the CR: detected when the next byte arrives.
  HttpResponseParser parser;
  EXPECT_EQ(feed_all(parser, "HTTP/1.1 101 OK\r"), Status::need_more);
  EXPECT_EQ(feed_all(parser, "X"), Status::error);
  EXPECT_NE(parser.error().find("bare CR"), std::string::npos);
}

TEST(HttpResponseParserErrors, FeedAfterErrorConsumesNothing) {
  HttpResponseParser parser;
  EXPECT_EQ(feed_all(parser, "garbage\r\n"), Status::error);
  const std::string error = parser.error();
  std::string rest;
  EXPECT_EQ(feed_all(parser, "HTTP/1.1 101 OK\r\n\r\n", &rest), Status::error);
  EXPECT_EQ(rest, "HTTP/1.1 101 OK\r\n\r\n");
  EXPECT_EQ(parser.error(), error);
}

// --- Content-Length ------------------------------------------------------------------------

std::optional<std::uint64_t> content_length_of(std::string_view headers) {
  HttpResponseParser parser;
  const std::string text = "HTTP/1.1 200 OK\r\n" + std::string(headers) + "\r\n";
  EXPECT_EQ(feed_all(parser, text), Status::complete) << parser.error();
  return parser.content_length();
}

TEST(ContentLength, PlainValues) {
  EXPECT_EQ(content_length_of("Content-Length: 0\r\n"), 0u);
  EXPECT_EQ(content_length_of("content-length:  42 \r\n"), 42u);
  EXPECT_EQ(content_length_of("Content-Length: 007\r\n"), 7u);
  EXPECT_FALSE(content_length_of(""));
}

TEST(ContentLength, UpToTwoToThe53) {
  EXPECT_EQ(content_length_of("Content-Length: 9007199254740992\r\n"), 9007199254740992u);
  EXPECT_FALSE(content_length_of("Content-Length: 9007199254740993\r\n"));
  EXPECT_FALSE(content_length_of("Content-Length: 18446744073709551616\r\n"));  // 2^64
  EXPECT_FALSE(content_length_of("Content-Length: 99999999999999999999999999999999\r\n"));
  EXPECT_EQ(content_length_of("Content-Length: 0000000000000000000000000000001\r\n"), 1u);
}

TEST(ContentLength, NotDigitsOnly) {
  for (const char* value : {"-1", "+1", "1.0", "1e3", "0x10", "1 2", "", "12a", "5, 5"}) {
    EXPECT_FALSE(content_length_of("Content-Length: " + std::string(value) + "\r\n")) << value;
  }
}

TEST(ContentLength, Duplicates) {
  EXPECT_EQ(content_length_of("Content-Length: 5\r\nContent-Length: 5\r\n"), 5u);
  EXPECT_FALSE(content_length_of("Content-Length: 5\r\nContent-Length: 6\r\n"));
  EXPECT_FALSE(content_length_of("Content-Length: 5\r\ncontent-length: x\r\n"));
}

TEST(ContentLength, NulloptUntilComplete) {
  HttpResponseParser parser;
  EXPECT_EQ(feed_all(parser, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"), Status::need_more);
  EXPECT_FALSE(parser.content_length());
  EXPECT_EQ(feed_all(parser, "\r\n"), Status::complete);
  EXPECT_EQ(parser.content_length(), 5u);
}

// --- HttpResponse lookups -----------------------------------------------------------------

TEST(HttpResponse, HasTokenSplitsTrimsAndIgnoresCase) {
  const HttpResponse response =
      parse_ok("HTTP/1.1 101 OK\r\nConnection: keep-alive , UPGRADE\r\nX: a,,b\r\n\r\n");
  EXPECT_TRUE(response.has_token("connection", "Upgrade"));
  EXPECT_TRUE(response.has_token("Connection", "keep-alive"));
  EXPECT_FALSE(response.has_token("Connection", "Upgrade2"));
  EXPECT_FALSE(response.has_token("Connection", "keep"));
  EXPECT_TRUE(response.has_token("X", "b"));
  EXPECT_FALSE(response.has_token("Missing", "a"));
}

TEST(HttpResponse, HasTokenSearchesEveryDuplicate) {
  const HttpResponse response =
      parse_ok("HTTP/1.1 101 OK\r\nConnection: keep-alive\r\nConnection: Upgrade\r\n\r\n");
  EXPECT_TRUE(response.has_token("Connection", "upgrade"));
}

TEST(HttpResponse, TokenIsNotASubstringMatch) {
  const HttpResponse response = parse_ok("HTTP/1.1 101 OK\r\nConnection: NotUpgrade\r\n\r\n");
  EXPECT_FALSE(response.has_token("Connection", "Upgrade"));
}

// --- check_upgrade_response ---------------------------------------------------------------

TEST(CheckUpgradeResponse, CorrectResponseHasNoProblems) {
  EXPECT_TRUE(check_upgrade_response(parse_ok(good_response()), kRfcKey).empty());
}

TEST(CheckUpgradeResponse, CaseAndListVariantsAreAccepted) {
  const HttpResponse response = parse_ok(
      "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nconnection: keep-alive, "
      "upgrade\r\n"
      "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
  EXPECT_TRUE(check_upgrade_response(response, kRfcKey).empty());
}

TEST(CheckUpgradeResponse, AcceptWhitespaceIsIgnored) {
  // §4.1 client step 4: leading and trailing whitespace around the accept value is ignored.
  HttpResponse response = parse_ok(good_response());
  response.headers[2].value = " \t" + std::string(kRfcAccept) + " ";
  EXPECT_TRUE(check_upgrade_response(response, kRfcKey).empty());
}

TEST(CheckUpgradeResponse, StatusNot101IsTheOnlyProblem) {
  const std::vector<std::string> problems =
      check_upgrade_response(parse_ok("HTTP/1.1 404 Not Found\r\n\r\n"), kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(
      problems[0],
      "status is 404, expected 101 Switching Protocols (§4.1 client step 1, §4.2.2 step 5.1)");
}

TEST(CheckUpgradeResponse, MissingUpgrade) {
  HttpResponse response = parse_ok(good_response());
  response.headers.erase(response.headers.begin());
  const std::vector<std::string> problems = check_upgrade_response(response, kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("Upgrade header is missing"), std::string::npos);
  EXPECT_NE(problems[0].find("§4.1 client step 2"), std::string::npos);
}

TEST(CheckUpgradeResponse, WrongUpgrade) {
  HttpResponse response = parse_ok(good_response());
  response.headers[0].value = "h2c";
  const std::vector<std::string> problems = check_upgrade_response(response, kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "Upgrade is 'h2c', expected 'websocket' (§4.1 client step 2, §4.2.2 step 5.2)");
}

TEST(CheckUpgradeResponse, MissingConnection) {
  HttpResponse response = parse_ok(good_response());
  response.headers.erase(response.headers.begin() + 1);
  const std::vector<std::string> problems = check_upgrade_response(response, kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("Connection header is missing"), std::string::npos);
  EXPECT_NE(problems[0].find("§4.1 client step 3"), std::string::npos);
}

TEST(CheckUpgradeResponse, ConnectionWithoutUpgradeToken) {
  HttpResponse response = parse_ok(good_response());
  response.headers[1].value = "keep-alive";
  const std::vector<std::string> problems = check_upgrade_response(response, kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "Connection is 'keep-alive', which lacks the token 'Upgrade' (§4.1 client step 3, "
            "§4.2.2 step 5.3)");
}

TEST(CheckUpgradeResponse, MissingAccept) {
  HttpResponse response = parse_ok(good_response());
  response.headers.pop_back();
  const std::vector<std::string> problems = check_upgrade_response(response, kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("Sec-WebSocket-Accept header is missing"), std::string::npos);
  EXPECT_NE(problems[0].find(kRfcAccept), std::string::npos);
}

TEST(CheckUpgradeResponse, WrongAccept) {
  const std::vector<std::string> problems =
      check_upgrade_response(parse_ok(good_response("abc")), kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "Sec-WebSocket-Accept is 'abc', expected 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' (§4.2.2 step "
            "5.4)");
}

TEST(CheckUpgradeResponse, AcceptForAnotherKey) {
  const std::vector<std::string> problems =
      check_upgrade_response(parse_ok(good_response()), "AQIDBAUGBwgJCgsMDQ4PEA==");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("Sec-WebSocket-Accept is 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='"),
            std::string::npos);
}

TEST(CheckUpgradeResponse, AcceptIsCaseSensitive) {
  const std::vector<std::string> problems =
      check_upgrade_response(parse_ok(good_response("S3PPLMBITXAQ9KYGZZHZRBK+XOO=")), kRfcKey);
  EXPECT_EQ(problems.size(), 1u);
}

TEST(CheckUpgradeResponse, DuplicateAccept) {
  HttpResponse response = parse_ok(good_response());
  response.headers.push_back({"sec-websocket-accept", std::string(kRfcAccept)});
  const std::vector<std::string> problems = check_upgrade_response(response, kRfcKey);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "Sec-WebSocket-Accept appears 2 times, expected exactly once (§4.2.2 step 5.4)");
}

TEST(CheckUpgradeResponse, EveryHeaderProblemIsListed) {
  const std::vector<std::string> problems =
      check_upgrade_response(parse_ok("HTTP/1.1 101 OK\r\n\r\n"), kRfcKey);
  EXPECT_EQ(problems.size(), 3u);
}

}  // namespace
}  // namespace wsconform::wire
