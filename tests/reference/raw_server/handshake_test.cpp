#include "reference/raw_server/handshake.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "wire/http.hpp"

namespace wsconform::raw_server {
namespace {

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";

HttpRequest standard_request() {
  HttpRequest request{"GET", "/", "HTTP/1.1", {}};
  request.headers = {{"Host", "127.0.0.1:9001"},
                     {"Upgrade", "websocket"},
                     {"Connection", "Upgrade"},
                     {"Sec-WebSocket-Key", std::string(kKey)},
                     {"Sec-WebSocket-Version", "13"}};
  return request;
}

HttpRequest with_header(HttpRequest request, std::string_view name, std::string_view value) {
  for (wire::Header& header : request.headers) {
    if (wire::iequals(header.name, name)) header.value = std::string(value);
  }
  return request;
}

HttpRequest without_header(HttpRequest request, std::string_view name) {
  std::erase_if(request.headers,
                [&](const wire::Header& header) { return wire::iequals(header.name, name); });
  return request;
}

wire::HttpResponse parse(const HandshakeAnswer& answer) {
  wire::HttpResponseParser parser;
  wire::ByteView input = wire::view_of(answer.response);
  EXPECT_EQ(parser.feed(input), wire::HttpResponseParser::Status::complete) << parser.error();
  EXPECT_EQ(parser.response().status, answer.status);
  return parser.response();
}

TEST(Handshake, ACorrectRequestGets101WithTheRightAccept) {
  const HandshakeAnswer answer = answer_handshake(standard_request(), {});
  EXPECT_TRUE(answer.upgraded());
  const wire::HttpResponse response = parse(answer);
  EXPECT_TRUE(wire::check_upgrade_response(response, kKey).empty());
  EXPECT_EQ(response.header("Sec-WebSocket-Accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, CaseInsensitiveNamesValuesAndTokenListsAreAccepted) {
  HttpRequest lower = standard_request();
  for (wire::Header& header : lower.headers) {
    for (char& c : header.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  EXPECT_EQ(answer_handshake(lower, {}).status, 101);
  EXPECT_EQ(answer_handshake(with_header(standard_request(), "Upgrade", "WebSocket"), {}).status,
            101);
  EXPECT_EQ(
      answer_handshake(with_header(standard_request(), "Connection", "keep-alive, Upgrade"), {})
          .status,
      101);
  HttpRequest extra = standard_request();
  extra.headers.push_back({"Origin", "http://example.com"});
  EXPECT_EQ(answer_handshake(extra, {}).status, 101);
  EXPECT_EQ(
      answer_handshake(with_header(standard_request(), "Upgrade", "h2c, websocket"), {}).status,
      101);
}

TEST(Handshake, EachMissingOrWrongPartGets400) {
  HttpRequest post = standard_request();
  post.method = "POST";
  HttpRequest http10 = standard_request();
  http10.version = "HTTP/1.0";
  HttpRequest two_keys = standard_request();
  two_keys.headers.push_back({"Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA=="});
  HttpRequest two_versions = standard_request();
  two_versions.headers.push_back({"Sec-WebSocket-Version", "13"});
  HttpRequest two_hosts = standard_request();
  two_hosts.headers.push_back({"Host", "other"});
  const std::vector<std::pair<std::string, HttpRequest>> refused = {
      {"POST", post},
      {"HTTP/1.0", http10},
      {"no Host", without_header(standard_request(), "Host")},
      {"two Hosts", two_hosts},
      {"no Upgrade", without_header(standard_request(), "Upgrade")},
      {"Upgrade: h2c", with_header(standard_request(), "Upgrade", "h2c")},
      {"no Connection", without_header(standard_request(), "Connection")},
      {"Connection: keep-alive", with_header(standard_request(), "Connection", "keep-alive")},
      {"no key", without_header(standard_request(), "Sec-WebSocket-Key")},
      {"two keys", two_keys},
      {"key not base64", with_header(standard_request(), "Sec-WebSocket-Key", "not base64!")},
      {"no version", without_header(standard_request(), "Sec-WebSocket-Version")},
      {"two versions", two_versions},
  };
  for (const auto& [what, request] : refused) {
    const HandshakeAnswer answer = answer_handshake(request, {});
    EXPECT_EQ(answer.status, 400) << what;
    EXPECT_FALSE(parse(answer).header("Sec-WebSocket-Accept")) << what;
  }
}

TEST(Handshake, AnUnsupportedVersionGets426NamingVersion13) {
  for (std::string_view version : {"12", "8", "14", "0", "abc"}) {
    const HandshakeAnswer answer =
        answer_handshake(with_header(standard_request(), "Sec-WebSocket-Version", version), {});
    EXPECT_EQ(answer.status, 426) << version;
    const wire::HttpResponse response = parse(answer);
    EXPECT_EQ(response.header("Sec-WebSocket-Version"), "13") << version;
    EXPECT_TRUE(response.has_token("Upgrade", "websocket"));
  }
}

TEST(Handshake, KeysMustBeBase64OfSixteenBytes) {
  EXPECT_TRUE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=="));
  EXPECT_TRUE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAA=="));
  EXPECT_FALSE(is_valid_websocket_key(""));
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAA"));      // 15 bytes
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAAA="));  // 17 bytes
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAAAA"));  // 18 bytes
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAA!=="));
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAA A=="));
}

TEST(Handshake, MalformedRequestGets400) {
  const HandshakeAnswer answer = answer_malformed_request("bad request line");
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.response.find("bad request line"), std::string::npos);
}

// ---- broken modes --------------------------------------------------------------------------

TEST(HandshakeBrokenModes, AcceptAnyHandshakeUpgradesEvenWithoutAKey) {
  HttpRequest post = without_header(standard_request(), "Sec-WebSocket-Key");
  post.method = "POST";
  EXPECT_EQ(answer_handshake(post, {}).status, 400);
  const HandshakeAnswer answer = answer_handshake(post, {BrokenMode::accept_any_handshake});
  EXPECT_EQ(answer.status, 101);
  EXPECT_EQ(parse(answer).header("Sec-WebSocket-Accept"), wire::compute_accept(""));
  EXPECT_EQ(answer_handshake(with_header(standard_request(), "Sec-WebSocket-Version", "12"),
                             {BrokenMode::accept_any_handshake})
                .status,
            101);
}

TEST(HandshakeBrokenModes, WrongAcceptUpgradesWithAnAcceptTheClientRejects) {
  const HandshakeAnswer answer = answer_handshake(standard_request(), {BrokenMode::wrong_accept});
  EXPECT_EQ(answer.status, 101);
  const wire::HttpResponse response = parse(answer);
  EXPECT_FALSE(wire::check_upgrade_response(response, kKey).empty());
  EXPECT_NE(response.header("Sec-WebSocket-Accept"), wire::compute_accept(kKey));
}

TEST(HandshakeBrokenModes, StrictHeaderMatchingRefusesWhatTheRfcAllows) {
  const BrokenModes strict = {BrokenMode::strict_header_matching};
  EXPECT_EQ(answer_handshake(standard_request(), strict).status, 101);
  HttpRequest lower = standard_request();
  lower.headers[1].name = "upgrade";
  HttpRequest extra = standard_request();
  extra.headers.push_back({"Origin", "http://example.com"});
  for (const HttpRequest& request :
       {lower, extra, with_header(standard_request(), "Upgrade", "WebSocket"),
        with_header(standard_request(), "Connection", "keep-alive, Upgrade")}) {
    EXPECT_EQ(answer_handshake(request, {}).status, 101);
    EXPECT_EQ(answer_handshake(request, strict).status, 400);
  }
}

TEST(HandshakeBrokenModes, NoVersionHeaderLeavesSecWebSocketVersionOutOf426) {
  const HttpRequest request = with_header(standard_request(), "Sec-WebSocket-Version", "7");
  const HandshakeAnswer answer = answer_handshake(request, {BrokenMode::no_version_header});
  EXPECT_EQ(answer.status, 426);
  EXPECT_FALSE(parse(answer).header("Sec-WebSocket-Version"));
  EXPECT_EQ(answer_handshake(standard_request(), {BrokenMode::no_version_header}).status, 101);
}

// ---- liberal modes ------------------------------------------------------------------------

TEST(HandshakeLiberalModes, RefuseOrigin403RefusesAnAcceptableHandshakeThatNamesAnOrigin) {
  const LiberalModes refuse = {LiberalMode::refuse_origin_403};
  HttpRequest with_origin = standard_request();
  with_origin.headers.push_back({"origin", "http://example.com"});
  EXPECT_EQ(answer_handshake(with_origin, {}).status, 101);
  const HandshakeAnswer answer = answer_handshake(with_origin, {}, refuse);
  EXPECT_EQ(answer.status, 403);
  const wire::HttpResponse response = parse(answer);
  EXPECT_EQ(response.reason, "Forbidden");
  EXPECT_FALSE(response.header("Sec-WebSocket-Accept"));
  EXPECT_TRUE(response.has_token("Connection", "close"));
  // Without an Origin it upgrades; a request wrong in another way keeps its own answer.
  EXPECT_EQ(answer_handshake(standard_request(), {}, refuse).status, 101);
  EXPECT_EQ(answer_handshake(without_header(with_origin, "Sec-WebSocket-Key"), {}, refuse).status,
            400);
  EXPECT_EQ(
      answer_handshake(with_header(with_origin, "Sec-WebSocket-Version", "8"), {}, refuse).status,
      426);
}

TEST(HandshakeLiberalModes, PlainHttpWithoutUpgradeServesAGetThatAsksForNoUpgrade) {
  const LiberalModes plain = {LiberalMode::plain_http_without_upgrade};
  for (const auto& [what, request] : std::vector<std::pair<std::string, HttpRequest>>{
           {"no Upgrade", without_header(standard_request(), "Upgrade")},
           {"Upgrade: h2c", with_header(standard_request(), "Upgrade", "h2c")},
           {"no Connection", without_header(standard_request(), "Connection")},
           {"Connection: keep-alive", with_header(standard_request(), "Connection", "keep-alive")},
       }) {
    EXPECT_EQ(answer_handshake(request, {}).status, 400) << what;
    const HandshakeAnswer answer = answer_handshake(request, {}, plain);
    EXPECT_EQ(answer.status, 200) << what;
    EXPECT_FALSE(answer.upgraded()) << what;
    const wire::HttpResponse response = parse(answer);
    EXPECT_EQ(response.header("Content-Type"), "text/plain") << what;
    const std::string body = answer.response.substr(answer.response.find("\r\n\r\n") + 4);
    EXPECT_FALSE(body.empty()) << what;
    EXPECT_EQ(response.header("Content-Length"), std::to_string(body.size())) << what;
    EXPECT_FALSE(response.header("Sec-WebSocket-Accept")) << what;
  }
  // Every other handshake error keeps its 400 or 426; a real upgrade still upgrades.
  HttpRequest post = without_header(standard_request(), "Upgrade");
  post.method = "POST";
  HttpRequest http10 = without_header(standard_request(), "Upgrade");
  http10.version = "HTTP/1.0";
  EXPECT_EQ(answer_handshake(post, {}, plain).status, 400);
  EXPECT_EQ(answer_handshake(http10, {}, plain).status, 400);
  EXPECT_EQ(answer_handshake(without_header(standard_request(), "Host"), {}, plain).status, 400);
  EXPECT_EQ(
      answer_handshake(without_header(standard_request(), "Sec-WebSocket-Key"), {}, plain).status,
      400);
  EXPECT_EQ(
      answer_handshake(with_header(standard_request(), "Sec-WebSocket-Version", "12"), {}, plain)
          .status,
      426);
  EXPECT_EQ(answer_handshake(standard_request(), {}, plain).status, 101);
}

}  // namespace
}  // namespace wsconform::raw_server
