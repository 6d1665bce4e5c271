#include "reference/raw_server/http_request_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wsconform::raw_server {
namespace {

using Status = HttpRequestParser::Status;
using namespace std::string_literals;

constexpr std::string_view kRfcExampleRequest =
    "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";

Status feed_all(HttpRequestParser& parser, std::string_view text, std::string* rest = nullptr) {
  wire::ByteView input = wire::view_of(text);
  const Status status = parser.feed(input);
  if (rest) *rest = wire::string_of(input);
  return status;
}

TEST(HttpRequestParser, ParsesTheRfcExampleRequest) {
  HttpRequestParser parser;
  ASSERT_EQ(feed_all(parser, kRfcExampleRequest), Status::complete) << parser.error();
  const HttpRequest& request = parser.request();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/chat");
  EXPECT_EQ(request.version, "HTTP/1.1");
  ASSERT_EQ(request.headers.size(), 5u);
  EXPECT_EQ(request.headers[0].name, "Host");
  EXPECT_EQ(request.headers[0].value, "server.example.com");
}

TEST(HttpRequestParser, OneByteAtATimeGivesTheSameRequest) {
  HttpRequestParser parser;
  for (std::size_t i = 0; i < kRfcExampleRequest.size(); ++i) {
    const Status status = feed_all(parser, kRfcExampleRequest.substr(i, 1));
    ASSERT_EQ(status, i + 1 == kRfcExampleRequest.size() ? Status::complete : Status::need_more)
        << i;
  }
  EXPECT_EQ(parser.request().values("sec-websocket-key").at(0), "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(HttpRequestParser, LeavesTheBytesAfterTheHeadUnconsumed) {
  HttpRequestParser parser;
  std::string rest;
  ASSERT_EQ(feed_all(parser, std::string(kRfcExampleRequest) + "\x81\x80", &rest),
            Status::complete);
  EXPECT_EQ(rest, "\x81\x80");
  // Once complete it consumes nothing more.
  EXPECT_EQ(feed_all(parser, "more", &rest), Status::complete);
  EXPECT_EQ(rest, "more");
}

TEST(HttpRequestParser, ValuesAreTrimmedAndLookedUpCaseInsensitively) {
  HttpRequestParser parser;
  ASSERT_EQ(feed_all(parser, "GET / HTTP/1.1\r\nUPGRADE:  websocket \t\r\nupgrade: h2c\r\n\r\n"),
            Status::complete);
  const std::vector<std::string_view> values = parser.request().values("Upgrade");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0], "websocket");
  EXPECT_EQ(values[1], "h2c");
  EXPECT_EQ(parser.request().count("Host"), 0u);
}

TEST(HttpRequestParser, AcceptsBareLfAndAnEmptyLineBeforeTheRequestLine) {
  HttpRequestParser parser;
  ASSERT_EQ(feed_all(parser, "\r\nGET / HTTP/1.1\nHost: h\n\n"), Status::complete);
  EXPECT_EQ(parser.request().method, "GET");
}

TEST(HttpRequestParser, RejectsMalformedHeads) {
  const std::vector<std::string> malformed = {
      "GET /\r\n\r\n",                              // no version
      "GET / HTTP/1.1 extra\r\n\r\n",               // space in the target
      "G(T / HTTP/1.1\r\n\r\n",                     // method is not a token
      "GET / HTTPS/1.1\r\n\r\n",                    // not an HTTP version
      "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",    // header without a colon
      "GET / HTTP/1.1\r\nName : value\r\n\r\n",     // whitespace before the colon
      "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",  // obs-fold
      "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",          // bare CR
      "GET / HTTP/1.1\r\nA: b\0c\r\n\r\n"s,         // NUL in a value
  };
  for (const std::string& text : malformed) {
    HttpRequestParser parser;
    EXPECT_EQ(feed_all(parser, text), Status::error) << text;
    EXPECT_FALSE(parser.error().empty());
  }
}

TEST(HttpRequestParser, RefusesAHeadLongerThanTheLimitWithoutReadingPastIt) {
  HttpRequestParser parser(wire::HttpLimits{.max_header_bytes = 64, .max_headers = 100});
  std::string rest;
  const std::string text = "GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n";
  EXPECT_EQ(feed_all(parser, text, &rest), Status::error);
  EXPECT_EQ(rest.size(), text.size() - 64);
}

TEST(HttpRequestParser, RefusesTooManyHeaders) {
  HttpRequestParser parser(wire::HttpLimits{.max_header_bytes = 16 * 1024, .max_headers = 3});
  EXPECT_EQ(feed_all(parser, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"),
            Status::error);
}

}  // namespace
}  // namespace wsconform::raw_server
