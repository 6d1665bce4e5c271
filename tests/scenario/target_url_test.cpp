// parse_target_url and Target::host_header (RFC 6455 §3 URIs, §4.1 Host).
#include <gtest/gtest.h>

#include "scenario/model/run.hpp"

namespace wsconform::scenario {
namespace {

Target parsed(std::string_view url) {
  std::string error;
  const std::optional<Target> target = parse_target_url(url, &error);
  EXPECT_TRUE(target.has_value()) << url << ": " << error;
  return target.value_or(Target{});
}

std::string refusal(std::string_view url) {
  std::string error;
  const std::optional<Target> target = parse_target_url(url, &error);
  EXPECT_FALSE(target.has_value()) << url << " was accepted";
  return error;
}

TEST(TargetUrl, WsWithPortAndPath) {
  const Target target = parsed("ws://127.0.0.1:9001/chat");
  EXPECT_FALSE(target.tls);
  EXPECT_EQ(target.host, "127.0.0.1");
  EXPECT_EQ(target.port, 9001);
  EXPECT_EQ(target.path, "/chat");
  EXPECT_EQ(target.url, "ws://127.0.0.1:9001/chat");
  EXPECT_EQ(target.host_header(), "127.0.0.1:9001");
}

TEST(TargetUrl, DefaultPortsAndPath) {
  const Target ws = parsed("ws://example.com");
  EXPECT_EQ(ws.port, 80);
  EXPECT_EQ(ws.path, "/");
  EXPECT_EQ(ws.host_header(), "example.com");

  const Target wss = parsed("wss://example.com");
  EXPECT_TRUE(wss.tls);
  EXPECT_EQ(wss.port, 443);
  EXPECT_EQ(wss.host_header(), "example.com");
}

TEST(TargetUrl, NonDefaultPortAppearsInTheHostHeader) {
  EXPECT_EQ(parsed("wss://example.com:80/").host_header(), "example.com:80");
  EXPECT_EQ(parsed("ws://example.com:443/").host_header(), "example.com:443");
}

TEST(TargetUrl, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(parsed("WSS://Example.com/").tls);
  EXPECT_FALSE(parsed("Ws://example.com/").tls);
}

TEST(TargetUrl, Ipv6LiteralKeepsBracketsOnlyInTheHostHeader) {
  const Target target = parsed("ws://[::1]:8080/x");
  EXPECT_EQ(target.host, "::1");
  EXPECT_EQ(target.port, 8080);
  EXPECT_EQ(target.host_header(), "[::1]:8080");
  EXPECT_EQ(parsed("wss://[::1]/").host_header(), "[::1]");
}

TEST(TargetUrl, PathKeepsItsQuery) {
  EXPECT_EQ(parsed("ws://h:1/a/b?x=1&y=2").path, "/a/b?x=1&y=2");
  EXPECT_EQ(parsed("ws://h:1?x=1").path, "/?x=1");
}

TEST(TargetUrl, OtherSchemesAreRefused) {
  EXPECT_NE(refusal("http://example.com/").find("ws://"), std::string::npos);
  refusal("example.com:80");
  refusal("");
}

TEST(TargetUrl, FragmentsAreRefused) {
  EXPECT_NE(refusal("ws://example.com/#part").find("fragment"), std::string::npos);
}

TEST(TargetUrl, BadPortsAreRefused) {
  EXPECT_NE(refusal("ws://example.com:/").find("port"), std::string::npos);
  refusal("ws://example.com:0/");
  refusal("ws://example.com:65536/");
  refusal("ws://example.com:80x/");
  refusal("ws://example.com:-1/");
}

TEST(TargetUrl, BadHostsAreRefused) {
  refusal("ws:///path");
  refusal("ws://:80/");
  refusal("ws://[::1/");
  refusal("ws://[not-ipv6]:80/");
  refusal("ws://[::1]x/");
  refusal("ws://user@example.com/");
  refusal("ws://exa mple.com/");
  refusal("ws://exa%mple.com/");
}

TEST(TargetUrl, ErrorPointerMayBeNull) {
  EXPECT_FALSE(parse_target_url("nope", nullptr).has_value());
}

}  // namespace
}  // namespace wsconform::scenario
