// The reference target's own handshake checks (RFC 6455 §4.2.1 items 5 and 6, §11.3.1, §11.3.5).
#include <gtest/gtest.h>

#include "handshake_rules.hpp"

namespace wsconform::websocketpp_server {
namespace {

TEST(HandshakeRules, AcceptsSixteenByteBase64Keys) {
  EXPECT_TRUE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=="));  // RFC 6455 §1.3
  EXPECT_TRUE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAA=="));
  EXPECT_TRUE(is_valid_websocket_key("+/+/+/+/+/+/+/+/+/+/+w=="));
}

TEST(HandshakeRules, RefusesKeysThatDoNotDecodeToSixteenBytes) {
  EXPECT_FALSE(is_valid_websocket_key(""));
  EXPECT_FALSE(is_valid_websocket_key("not base64 at all!"));
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAA"));      // 15 bytes
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAAA="));  // 17 bytes
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAAAA="));   // padding cut short
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAA-A=="));  // base64url, not base64
  EXPECT_FALSE(is_valid_websocket_key("AAAAAAAAAAAAAAAAAAAA A=="));
}

TEST(HandshakeRules, RefusesADuplicatedKeyAsWebsocketppJoinsIt) {
  EXPECT_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ==, AAAAAAAAAAAAAAAAAAAAAA=="));
}

TEST(HandshakeRules, VersionMustBeExactly13) {
  EXPECT_TRUE(is_version_13("13"));
  EXPECT_FALSE(is_version_13("13, 13"));  // the field sent twice
  EXPECT_FALSE(is_version_13("8"));
  EXPECT_FALSE(is_version_13("013"));
  EXPECT_FALSE(is_version_13(""));
}

}  // namespace
}  // namespace wsconform::websocketpp_server
