#include "fuzz/live/signature.hpp"

#include <algorithm>

#include "scenario/model/barrier.hpp"
#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"
#include "wire/rules.hpp"
#include "wire/semantics.hpp"

namespace wsconform::fuzz::live {
namespace {

char opcode_letter(std::uint8_t op) {
  switch (op) {
    case wire::opcode::continuation:
      return 'C';
    case wire::opcode::text:
      return 'T';
    case wire::opcode::binary:
      return 'B';
    case wire::opcode::close:
      return 'X';
    case wire::opcode::ping:
      return 'P';
    case wire::opcode::pong:
      return 'O';
    default:
      return 'R';
  }
}

// The kinds of frame the server sent, in the order each first came, "+" for a kind seen more
// than once, "~" for FIN clear: "T+P+X" for echoes and pongs in any interleaving, then a close.
// Coarse on purpose: the corpus keeps inputs for new behaviour, not for new counts.
std::string frame_shape(const scenario::Transcript& t) {
  std::vector<std::string> kinds;
  std::vector<bool> repeated;
  for (const wire::Frame& frame : t.frames_received) {
    std::string symbol(1, opcode_letter(frame.opcode));
    if (!frame.fin) symbol += '~';
    const auto known = std::find(kinds.begin(), kinds.end(), symbol);
    if (known == kinds.end()) {
      kinds.push_back(symbol);
      repeated.push_back(false);
    } else {
      repeated[static_cast<std::size_t>(known - kinds.begin())] = true;
    }
  }
  std::string shape;
  for (std::size_t i = 0; i < kinds.size(); ++i) shape += kinds[i] + (repeated[i] ? "+" : "");
  return shape.empty() ? "-" : shape;
}

std::string close_text(const scenario::Transcript& t) {
  if (!t.server_close) return "none";
  if (t.server_close->code) return std::to_string(*t.server_close->code);
  return t.server_close->body_size == 0 ? "empty" : "1-byte";
}

std::string end_text(scenario::TcpEnd end) {
  switch (end) {
    case scenario::TcpEnd::fin:
    case scenario::TcpEnd::rst:
      return "ended";  // FIN or RST: which one can depend on timing, so it is not told apart
    case scenario::TcpEnd::connect_failed:
      return "refused";
    case scenario::TcpEnd::open:
    case scenario::TcpEnd::silence:
    case scenario::TcpEnd::harness_closed:
      return "open";
  }
  return "open";
}

bool same_messages(const std::vector<scenario::ExpectedMessage>& expected,
                   const std::vector<scenario::ReceivedMessage>& received) {
  return std::equal(
      expected.begin(), expected.end(), received.begin(), received.end(),
      [](const auto& e, const auto& r) { return e.opcode == r.opcode && e.payload == r.payload; });
}

// The close codes the case sends: its frames' (read leniently, as the bytes go out) and the
// case's own close step.
std::vector<std::uint16_t> client_close_codes(const scenario::Case& c) {
  std::vector<std::uint16_t> codes;
  wire::DecoderOptions lenient;
  lenient.sender = wire::Sender::client;
  lenient.allowed_rsv_mask = 0x70;
  lenient.require_minimal_length = false;
  lenient.check_utf8 = false;
  lenient.check_close_payload = false;
  lenient.enforce_masking = false;
  lenient.enforce_reserved_opcodes = false;
  lenient.enforce_control_length = false;
  lenient.enforce_control_fin = false;
  lenient.enforce_continuation_rules = false;
  lenient.enforce_length_top_bit = false;
  wire::FrameDecoder decoder(lenient);
  for (const scenario::LocatedStep& located : c.steps) {
    wire::Bytes bytes;
    if (const auto* send = std::get_if<scenario::SendFrameStep>(&located.step)) {
      wire::FrameSpec spec = send->frame;
      if (send->unmasked) spec.mask.reset();
      bytes = wire::encode_frame(spec);
    } else if (const auto* raw = std::get_if<scenario::SendRawStep>(&located.step)) {
      bytes = raw->bytes;
    } else if (const auto* close = std::get_if<scenario::CloseStep>(&located.step)) {
      if (close->code) codes.push_back(*close->code);
      continue;
    }
    wire::ByteView rest(bytes);
    while (!rest.empty()) {
      const wire::DecodeStep step = decoder.decode(rest);
      if (step.kind != wire::DecodeStep::Kind::frame) break;
      if (step.frame.opcode == wire::opcode::close && step.frame.payload.size() >= 2) {
        codes.push_back(
            static_cast<std::uint16_t>((step.frame.payload[0] << 8) | step.frame.payload[1]));
      }
    }
  }
  return codes;
}

// A finding's close: a code the client sent itself is "echoed" (the server answered a close
// frame, whichever), so findings do not split by the code a mutation happened to pick.
std::string finding_close_text(const scenario::Case& c, const scenario::Transcript& t) {
  if (t.server_close && t.server_close->code) {
    const std::vector<std::uint16_t> sent = client_close_codes(c);
    if (std::find(sent.begin(), sent.end(), *t.server_close->code) != sent.end()) return "echoed";
  }
  return close_text(t);
}

// Whether the server's close (or drop) meets an expectation's close condition, timing aside.
bool close_accepted(const scenario::Expectation& expectation, const scenario::Transcript& t) {
  if (!expectation.close) return true;
  const scenario::CloseExpectation& close = *expectation.close;
  if (!t.server_close) {
    return close.or_dropped &&
           (t.tcp_end == scenario::TcpEnd::fin || t.tcp_end == scenario::TcpEnd::rst);
  }
  if (!t.server_close->code) return t.server_close->body_size == 0 && close.allow_empty_body;
  if (close.codes.empty()) return wire::close_code_sendable(*t.server_close->code);
  return std::find(close.codes.begin(), close.codes.end(), *t.server_close->code) !=
         close.codes.end();
}

std::vector<wire::Bytes> application_pongs(const scenario::Transcript& t) {
  std::vector<wire::Bytes> pongs;
  for (const wire::Bytes& pong : t.pongs) {
    if (!scenario::is_barrier_pong(pong)) pongs.push_back(pong);
  }
  return pongs;
}

}  // namespace

std::string response_signature(const scenario::Transcript& t) {
  std::string signature = t.response ? std::to_string(t.response->status) : "no-response";
  signature += ' ' + frame_shape(t) + " close " + close_text(t) + ' ' + end_text(t.tcp_end);
  if (t.server_violation)
    signature += std::string(" broke ") + std::string(wire::rule_info(t.server_violation->rule).id);
  if (waited_out(t)) signature += " timeout";
  if (t.harness_error) signature += " harness-error";
  return signature;
}

std::string crash_signature(std::string_view death) {
  // "it was killed by SIGABRT after 0.3 s; its last output: ..." -> "crash: it was killed by
  // SIGABRT": how it died folds, when and what it wrote do not.
  const std::size_t cut = std::min(death.find(" after "), death.find(';'));
  return "crash: " + std::string(death.substr(0, cut));
}

bool is_crash_signature(std::string_view signature) {
  return signature.rfind("crash: ", 0) == 0;
}

std::string finding_signature(const std::string& label, const scenario::Case& c,
                              const scenario::Transcript& t) {
  // A crash (seen by a profile's supervisor) outranks whatever the connection saw as it died.
  if (!t.server_deaths.empty()) return crash_signature(t.server_deaths.front());
  // The server's own bytes: these are wrong whatever was sent.
  std::vector<std::string> broken;
  if (t.server_violation) {
    broken.push_back("broke " + std::string(wire::rule_info(t.server_violation->rule).id));
  }
  if (t.server_close && t.server_close->code && !wire::close_code_sendable(*t.server_close->code)) {
    broken.push_back("unsendable close code " + std::to_string(*t.server_close->code));
  }
  if (t.data_after_server_close) broken.push_back("data after its close");
  if (std::any_of(t.frames_received.begin(), t.frames_received.end(),
                  [](const wire::Frame& frame) { return frame.masked; })) {
    broken.push_back("masked frames");
  }
  if (!broken.empty()) {
    std::string signature = "server:";
    for (const std::string& part : broken) signature += " " + part + ",";
    signature.pop_back();
    return signature;
  }
  // The close the input calls for.
  const bool close_ok = close_accepted(c.expect, t) ||
                        std::any_of(c.alternatives.begin(), c.alternatives.end(),
                                    [&](const auto& a) { return close_accepted(a.expect, t); });
  if (!close_ok || end_text(t.tcp_end) != "ended") {
    std::string signature =
        label + ": close " + finding_close_text(c, t) + ", " + end_text(t.tcp_end);
    if (t.response && t.response->status != 101)
      signature += ", HTTP " + std::to_string(t.response->status);
    return signature;
  }
  if (c.expect.messages && !same_messages(*c.expect.messages, t.messages)) {
    const std::size_t expected = c.expect.messages->size();
    return t.messages.size() == expected  ? "echo: altered"
           : t.messages.size() > expected ? "echo: extra messages"
                                          : "echo: missing messages";
  }
  if (c.expect.pongs && application_pongs(t) != *c.expect.pongs) return "pongs: differ";
  return label + ": " + response_signature(t);
}

}  // namespace wsconform::fuzz::live
