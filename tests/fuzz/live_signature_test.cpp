// Response signatures (the campaign's feedback) and finding signatures (the fold key), from
// hand-built transcripts: no network.
#include "fuzz/live/signature.hpp"

#include <gtest/gtest.h>

#include "wire/close_payload.hpp"

namespace wsconform::fuzz::live {
namespace {

namespace op = wire::opcode;

wire::Frame frame(std::uint8_t opcode, bool fin = true) {
  wire::Frame f;
  f.opcode = opcode;
  f.fin = fin;
  return f;
}

scenario::Transcript upgraded() {
  scenario::Transcript t;
  t.response = wire::HttpResponse{};
  t.response->status = 101;
  t.upgraded = true;
  return t;
}

void close_with(scenario::Transcript& t, std::uint16_t code) {
  t.frames_received.push_back(frame(op::close));
  t.server_close = scenario::ReceivedClose{code, {}, 2, 0};
  t.tcp_end = scenario::TcpEnd::fin;
}

// A case whose input sends a close with `client_code`, and expects 1002 (or a drop).
scenario::Case invalid_case(std::uint16_t client_code) {
  scenario::Case c;
  scenario::SendFrameStep close;
  close.frame.opcode = op::close;
  close.frame.payload = wire::encode_close_payload(client_code);
  close.frame.mask = wire::MaskKey{1, 2, 3, 4};
  c.steps.push_back({close, {}});
  c.expect.messages = std::vector<scenario::ExpectedMessage>{};
  c.expect.close = scenario::CloseExpectation{{1002}, false, true, std::nullopt};
  return c;
}

TEST(ResponseSignature, KindsInOrderOfFirstSightWithRepeatsAndFinNoted) {
  scenario::Transcript t = upgraded();
  for (int i = 0; i < 3; ++i) t.frames_received.push_back(frame(op::text));
  t.frames_received.push_back(frame(op::binary, false));
  t.frames_received.push_back(frame(op::continuation));
  t.frames_received.push_back(frame(op::text));
  close_with(t, 1000);
  EXPECT_EQ(response_signature(t), "101 T+B~CX close 1000 ended");
  scenario::Transcript interleaved = upgraded();
  interleaved.frames_received = {frame(op::text), frame(op::pong), frame(op::text),
                                 frame(op::pong)};
  EXPECT_EQ(response_signature(interleaved), "101 T+O+ close none open");
  scenario::Transcript two = upgraded();
  two.frames_received = {frame(op::text), frame(op::text)};
  EXPECT_EQ(response_signature(two), "101 T+ close none open");
}

TEST(ResponseSignature, TimeoutsAndServerViolationsAreNewResponses) {
  scenario::Transcript t = upgraded();
  scenario::Event timeout;
  timeout.kind = scenario::Event::Kind::timeout;
  t.events.push_back(timeout);
  t.server_violation = wire::Violation{wire::Rule::masked_server_frame, "", 0};
  EXPECT_EQ(response_signature(t), "101 - close none open broke masked-server-frame timeout");
}

TEST(FindingSignature, ACloseCodeTheClientSentIsEchoedWhateverItIs) {
  scenario::Transcript a = upgraded();
  close_with(a, 4001);
  scenario::Transcript b = upgraded();
  close_with(b, 3999);
  EXPECT_EQ(finding_signature("rsv-bit-without-extension", invalid_case(4001), a),
            "rsv-bit-without-extension: close echoed, ended");
  EXPECT_EQ(finding_signature("rsv-bit-without-extension", invalid_case(3999), b),
            finding_signature("rsv-bit-without-extension", invalid_case(4001), a));
  scenario::Transcript other = upgraded();
  close_with(other, 1011);
  EXPECT_EQ(finding_signature("rsv-bit-without-extension", invalid_case(4001), other),
            "rsv-bit-without-extension: close 1011, ended");
}

TEST(FindingSignature, TheServersOwnBrokenBytesComeFirstWhateverTheInput) {
  scenario::Transcript t = upgraded();
  close_with(t, 1005);
  EXPECT_EQ(finding_signature("valid", invalid_case(1000), t),
            "server: unsendable close code 1005");
  EXPECT_EQ(finding_signature("reserved-opcode", invalid_case(1000), t),
            "server: unsendable close code 1005");
}

TEST(FindingSignature, EchoesAreJudgedOnceTheCloseIsRight) {
  scenario::Transcript t = upgraded();
  t.messages.push_back({op::text, wire::bytes_of("extra"), 0});
  close_with(t, 1002);
  EXPECT_EQ(finding_signature("reserved-opcode", invalid_case(1000), t), "echo: extra messages");
}

}  // namespace
}  // namespace wsconform::fuzz::live
