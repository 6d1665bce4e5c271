#include "cli/case_transcript_text.hpp"

#include <gtest/gtest.h>

#include "report/json/case.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::cli {
namespace {

TEST(CaseTranscriptText, ShowsVerdictReasonsEventsAndHexWithServerBytesEscaped) {
  scenario::Case c;
  c.id = "rfc6455/7.4/x";
  c.requirement.section = "7.4";
  scenario::CaseResult result;
  result.test_case = &c;
  result.judgement = {scenario::Verdict::fail, {"closed with 1011 \x1b[2J reason"}};
  result.duration_ms = 2.5;
  scenario::Event sent;
  sent.kind = scenario::Event::Kind::frame_sent;
  sent.at_us = 120;
  sent.summary = "text fin len=2 masked";
  sent.bytes = wire::bytes_of("\x81\x82");
  sent.size = 2;
  scenario::Event received;
  received.kind = scenario::Event::Kind::frame_received;
  received.at_us = 1500;
  received.summary = "close fin len=9 reason \x1b]0;owned\x07\nnext";
  received.bytes = wire::Bytes(200, 0x41);
  received.size = 200;
  result.transcript.events = {sent, received};

  const std::string text = case_transcript_text(report::case_json(result), "ws://b/");
  EXPECT_TRUE(text.starts_with("== fail rfc6455/7.4/x @ ws://b/ (2.500 ms)\n")) << text;
  EXPECT_NE(text.find("closed with 1011 \\x1b[2J reason"), std::string::npos) << text;
  EXPECT_NE(text.find("0.120 ms -> frame-sent"), std::string::npos) << text;
  EXPECT_NE(text.find("[81 82]"), std::string::npos) << text;
  EXPECT_NE(text.find("1.500 ms <- frame-received"), std::string::npos) << text;
  EXPECT_NE(text.find("\\x1b]0;owned\\x07 next"), std::string::npos) << text;
  EXPECT_NE(text.find(" ...]"), std::string::npos) << "long hex is cut";
  EXPECT_NE(text.find("observed: "), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

}  // namespace
}  // namespace wsconform::cli
