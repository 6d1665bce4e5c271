// Hand-built cases and results for the report tests, including a transcript full of hostile
// server bytes: markup, "]]>", NUL and other control bytes, invalid UTF-8, newlines and pipes.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/run.hpp"
#include "wire/rules.hpp"

namespace wsconform::report::testing {

// NUL, \x01, and the invalid UTF-8 bytes ff fe, around markup meant to break XML and HTML.
inline const std::string kHostileReason =
    std::string("</testcase><script>alert(1)</script> ]]> nul:") + std::string(1, '\0') +
    " ctl:\x01 bad:\xff\xfe end";
inline const std::string kHostileHeaderValue = "first line\nsecond | line";

// Owns the cases so that the results' pointers stay valid.
class SampleRun {
 public:
  scenario::CaseResult& add(std::string id, std::string section, scenario::Verdict verdict,
                            std::vector<std::string> reasons = {}) {
    scenario::Case& c = cases_.emplace_back();
    c.id = std::move(id);
    c.title = "title of " + c.id;
    c.requirement.section = std::move(section);
    c.requirement.text = "The endpoint MUST do the thing.";
    c.requirement.level = scenario::Level::must;
    c.where = {"scenarios/sample.yaml", 7};
    scenario::CaseResult& result = results_.emplace_back();
    result.test_case = &c;
    result.transcript.case_id = c.id;
    result.judgement.verdict = verdict;
    result.judgement.reasons = std::move(reasons);
    result.duration_ms = 1.5;
    return result;
  }

  // A failing case whose transcript carries hostile bytes in every server-controlled field.
  scenario::CaseResult& add_hostile(std::string id = "rfc6455/5.5.1/hostile") {
    scenario::CaseResult& result =
        add(std::move(id), "5.5.1", scenario::Verdict::fail,
            {"expected close 1002, got 1000 with reason " + kHostileReason, "second reason"});
    scenario::Case& c = cases_.back();
    c.expect.messages.emplace();
    c.expect.close = scenario::CloseExpectation{{1002}, false, true, std::nullopt};
    scenario::Alternative alternative;
    alternative.grade = scenario::Alternative::Grade::non_strict;
    alternative.expect.why = "the RFC does not say how soon";
    alternative.expect.close = scenario::CloseExpectation{{1007}, false, false, std::nullopt};
    c.alternatives.push_back(alternative);

    scenario::Transcript& t = result.transcript;
    t.request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    wire::HttpResponse response;
    response.version = "HTTP/1.1";
    response.status = 101;
    response.reason = "Switching <Protocols>";
    response.headers = {{"Upgrade", "websocket"}, {"X-Evil", kHostileHeaderValue}};
    t.response = response;
    t.upgraded = true;
    t.upgrade_problems = {"Sec-WebSocket-Accept is \xff wrong"};
    t.messages.push_back({wire::opcode::text, wire::bytes_of(kHostileReason), 120});
    t.pongs.push_back(wire::bytes_of("pong\xc0"));
    t.server_close = scenario::ReceivedClose{1000, wire::bytes_of(kHostileReason),
                                             2 + kHostileReason.size(), 300};
    t.server_violation = wire::Violation{wire::Rule::invalid_utf8_close_reason, "byte \xff", 42};
    t.tcp_end = scenario::TcpEnd::fin;
    t.tcp_end_at_us = 400;
    scenario::Event event;
    event.kind = scenario::Event::Kind::frame_received;
    event.at_us = 300;
    event.summary = "close 1000 reason " + kHostileReason;
    event.bytes = wire::bytes_of("\x88\x02\x03\xe8");
    event.size = 4;
    t.events.push_back(event);
    return result;
  }

  const std::vector<scenario::CaseResult>& results() const { return results_; }

 private:
  std::deque<scenario::Case> cases_;
  std::vector<scenario::CaseResult> results_;
};

}  // namespace wsconform::report::testing
