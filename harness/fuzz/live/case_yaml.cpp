#include "fuzz/live/case_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "scenario/model/verdict.hpp"
#include "wire/bytes.hpp"
#include "wire/frame.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::Expectation;

constexpr std::size_t kMaxPlainPayload = 256;
constexpr std::size_t kMinRepeat = 16;

bool printable_ascii(wire::ByteView bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](std::uint8_t b) { return b >= 0x20 && b < 0x7f; });
}

void emit_bytes_form(YAML::Emitter& out, wire::ByteView bytes) {
  out << YAML::Flow << YAML::BeginMap;
  const bool repeated =
      bytes.size() >= kMinRepeat &&
      std::all_of(bytes.begin(), bytes.end(), [&](std::uint8_t b) { return b == bytes[0]; });
  if (repeated) {
    out << YAML::Key << "repeat_hex" << YAML::Value << YAML::DoubleQuoted
        << wire::to_hex(bytes.subspan(0, 1)) << YAML::Key << "count" << YAML::Value << bytes.size();
  } else {
    out << YAML::Key << "hex" << YAML::Value << YAML::DoubleQuoted
        << wire::to_hex(bytes, bytes.size() <= kMaxPlainPayload);
  }
  out << YAML::EndMap;
}

// The shortest payload form that reads back to exactly these bytes: text when it is short
// printable ASCII, a repeat for a run of one byte, a head and a run for a long payload that ends
// in one (mutations resize payloads by repeating their last byte), hex otherwise.
void emit_payload(YAML::Emitter& out, wire::ByteView bytes) {
  if (bytes.size() <= kMaxPlainPayload && printable_ascii(bytes)) {
    out << YAML::DoubleQuoted << wire::string_of(bytes);
    return;
  }
  std::size_t run = 0;
  while (run < bytes.size() && bytes[bytes.size() - 1 - run] == bytes.back()) ++run;
  if (bytes.size() > kMaxPlainPayload && run >= kMinRepeat && run < bytes.size()) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "concat" << YAML::Value << YAML::Flow
        << YAML::BeginSeq;
    emit_bytes_form(out, bytes.first(bytes.size() - run));
    emit_bytes_form(out, bytes.last(run));
    out << YAML::EndSeq << YAML::EndMap;
    return;
  }
  emit_bytes_form(out, bytes);
}

void emit_opcode(YAML::Emitter& out, std::uint8_t opcode) {
  switch (opcode) {
    case wire::opcode::continuation:
    case wire::opcode::text:
    case wire::opcode::binary:
    case wire::opcode::close:
    case wire::opcode::ping:
    case wire::opcode::pong:
      out << std::string(wire::opcode_name(opcode));
      return;
    default:
      out << static_cast<unsigned>(opcode);
  }
}

void emit_segmentation(YAML::Emitter& out, const scenario::Segmentation& segmentation) {
  if (!segmentation.sizes.empty()) {
    out << YAML::Key << "segments" << YAML::Value << YAML::Flow << segmentation.sizes;
  }
  if (segmentation.chop != 0) out << YAML::Key << "chop" << YAML::Value << segmentation.chop;
  if (segmentation.delay.count() != 0) {
    out << YAML::Key << "delay_ms" << YAML::Value << segmentation.delay.count();
  }
}

std::string_view length_form_name(wire::LengthForm form) {
  switch (form) {
    case wire::LengthForm::minimal:
      return "minimal";
    case wire::LengthForm::short7:
      return "7";
    case wire::LengthForm::medium16:
      return "16";
    case wire::LengthForm::long64:
      return "64";
  }
  return "minimal";
}

void emit_send(YAML::Emitter& out, const scenario::SendFrameStep& send) {
  const wire::FrameSpec& f = send.frame;
  out << YAML::Key << "send" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "opcode" << YAML::Value;
  emit_opcode(out, f.opcode);
  if (!f.fin) out << YAML::Key << "fin" << YAML::Value << false;
  if (f.rsv1) out << YAML::Key << "rsv1" << YAML::Value << true;
  if (f.rsv2) out << YAML::Key << "rsv2" << YAML::Value << true;
  if (f.rsv3) out << YAML::Key << "rsv3" << YAML::Value << true;
  if (send.unmasked) {
    out << YAML::Key << "unmasked" << YAML::Value << true;
  } else if (f.mask) {
    out << YAML::Key << "mask" << YAML::Value << YAML::DoubleQuoted
        << wire::to_hex(wire::ByteView(f.mask->data(), f.mask->size()));
  }
  // Without a key there is nothing to leave unapplied (and the loader refuses the pair).
  if (!f.apply_mask && !send.unmasked) {
    out << YAML::Key << "unmasked_payload" << YAML::Value << true;
  }
  if (f.length_form != wire::LengthForm::minimal) {
    out << YAML::Key << "length_form" << YAML::Value
        << std::string(length_form_name(f.length_form));
  }
  if (f.declared_length) out << YAML::Key << "declared_length" << YAML::Value << *f.declared_length;
  if (f.truncate_at) out << YAML::Key << "truncate_at" << YAML::Value << *f.truncate_at;
  out << YAML::Key << "payload" << YAML::Value;
  emit_payload(out, f.payload);
  if (send.fragment_size != 0) {
    out << YAML::Key << "fragment_size" << YAML::Value << send.fragment_size;
  }
  if (send.probe) out << YAML::Key << "probe" << YAML::Value << true;
  emit_segmentation(out, send.segmentation);
  if (send.with_next) out << YAML::Key << "with_next" << YAML::Value << true;
  out << YAML::EndMap;
}

void emit_step(YAML::Emitter& out, const scenario::Step& step) {
  out << YAML::BeginMap;
  if (const auto* send = std::get_if<scenario::SendFrameStep>(&step)) {
    emit_send(out, *send);
  } else if (const auto* raw = std::get_if<scenario::SendRawStep>(&step)) {
    out << YAML::Key << "send_raw" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "hex" << YAML::Value << YAML::DoubleQuoted
        << wire::to_hex(raw->bytes, raw->bytes.size() <= kMaxPlainPayload);
    if (raw->probe) out << YAML::Key << "probe" << YAML::Value << true;
    emit_segmentation(out, raw->segmentation);
    if (raw->with_next) out << YAML::Key << "with_next" << YAML::Value << true;
    out << YAML::EndMap;
  } else if (const auto* close = std::get_if<scenario::CloseStep>(&step)) {
    out << YAML::Key << "close" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (close->raw_body) {
      out << YAML::Key << "raw_hex" << YAML::Value << YAML::DoubleQuoted
          << wire::to_hex(*close->raw_body, true);
    } else {
      out << YAML::Key << "code" << YAML::Value;
      if (close->code)
        out << *close->code;
      else
        out << YAML::Null;
      if (!close->reason.empty()) {
        out << YAML::Key << "reason" << YAML::Value;
        emit_payload(out, close->reason);
      }
    }
    if (!close->wait_for_end) out << YAML::Key << "wait_for_end" << YAML::Value << false;
    out << YAML::EndMap;
  } else if (const auto* wait = std::get_if<scenario::AwaitStep>(&step)) {
    static constexpr std::string_view kWhat[] = {"message", "pong", "close", "end"};
    out << YAML::Key << "await" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "what" << YAML::Value << std::string(kWhat[static_cast<int>(wait->what)]);
    if (wait->count != 1) out << YAML::Key << "count" << YAML::Value << wait->count;
    if (wait->timeout) out << YAML::Key << "timeout_ms" << YAML::Value << wait->timeout->count();
    out << YAML::EndMap;
  } else if (const auto* pause = std::get_if<scenario::WaitStep>(&step)) {
    out << YAML::Key << "wait" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "ms"
        << YAML::Value << pause->duration.count() << YAML::EndMap;
  } else {
    out << YAML::Key << "barrier" << YAML::Value << YAML::Null;  // the fuzzer writes no others
  }
  out << YAML::EndMap;
}

void emit_expectation(YAML::Emitter& out, const Expectation& expectation) {
  if (expectation.messages) {
    out << YAML::Key << "messages" << YAML::Value << YAML::BeginSeq;
    for (const scenario::ExpectedMessage& message : *expectation.messages) {
      if (message.opcode == wire::opcode::binary) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "binary" << YAML::Value;
        emit_payload(out, message.payload);
        out << YAML::EndMap;
      } else {
        emit_payload(out, message.payload);
      }
    }
    out << YAML::EndSeq;
  }
  if (expectation.echo) out << YAML::Key << "echo" << YAML::Value << true;
  if (expectation.pongs) {
    out << YAML::Key << "pongs" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const wire::Bytes& pong : *expectation.pongs) emit_payload(out, pong);
    out << YAML::EndSeq;
  }
  if (expectation.latest_pong_suffices)
    out << YAML::Key << "latest_pong_suffices" << YAML::Value << true;
  if (expectation.probe_unanswered) out << YAML::Key << "probe_unanswered" << YAML::Value << true;
  if (expectation.flood_stalled) out << YAML::Key << "flood_stalled" << YAML::Value << true;
  if (expectation.close) {
    const scenario::CloseExpectation& close = *expectation.close;
    out << YAML::Key << "close" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "codes" << YAML::Value << YAML::Flow << close.codes;
    if (close.allow_empty_body) out << YAML::Key << "allow_empty" << YAML::Value << true;
    if (close.or_dropped) out << YAML::Key << "or_dropped" << YAML::Value << true;
    if (close.before_harness_close) {
      out << YAML::Key << "before_harness_close" << YAML::Value << true;
    }
    if (close.within) out << YAML::Key << "within_ms" << YAML::Value << close.within->count();
    out << YAML::EndMap;
  }
}

void emit_case(YAML::Emitter& out, const scenario::Case& c) {
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << c.id;
  out << YAML::Key << "title" << YAML::Value << YAML::DoubleQuoted << c.title;
  out << YAML::Key << "section" << YAML::Value << YAML::DoubleQuoted << c.requirement.section;
  out << YAML::Key << "level" << YAML::Value
      << std::string(scenario::level_name(c.requirement.level));
  out << YAML::Key << "requirement" << YAML::Value << YAML::DoubleQuoted << c.requirement.text;
  if (c.timeout) out << YAML::Key << "timeout_ms" << YAML::Value << c.timeout->count();
  out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
  for (const scenario::LocatedStep& step : c.steps) emit_step(out, step.step);
  out << YAML::EndSeq;
  out << YAML::Key << "expect" << YAML::Value << YAML::BeginMap;
  emit_expectation(out, c.expect);
  out << YAML::EndMap;
  if (!c.alternatives.empty()) {
    out << YAML::Key << "alternatives" << YAML::Value << YAML::BeginSeq;
    for (const scenario::Alternative& alternative : c.alternatives) {
      out << YAML::BeginMap;
      out << YAML::Key << "grade" << YAML::Value
          << std::string(scenario::grade_name(alternative.grade));
      out << YAML::Key << "why" << YAML::Value << YAML::DoubleQuoted << alternative.expect.why;
      emit_expectation(out, alternative.expect);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string cases_file_yaml(const std::vector<scenario::Case>& cases,
                            const std::vector<std::string>& comments) {
  YAML::Emitter out;
  for (const std::string& comment : comments) out << YAML::Comment(comment) << YAML::Newline;
  out << YAML::BeginMap;
  out << YAML::Key << "title" << YAML::Value << YAML::DoubleQuoted << "wsconform fuzz";
  out << YAML::Key << "cases" << YAML::Value << YAML::BeginSeq;
  for (const scenario::Case& c : cases) emit_case(out, c);
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string case_file_yaml(const scenario::Case& test_case,
                           const std::vector<std::string>& comments) {
  return cases_file_yaml({test_case}, comments);
}

}  // namespace wsconform::fuzz::live
