#include "scenario/loader/steps.hpp"

#include <limits>
#include <string>

#include "scenario/loader/payload.hpp"
#include "scenario/model/fault_hooks.hpp"

namespace wsconform::scenario {

namespace {

std::optional<std::chrono::milliseconds> read_timeout(const MapReader& map, std::string_view key) {
  const auto value = map.unsigned_integer(key, kMaxMilliseconds);
  if (!value) return std::nullopt;
  return milliseconds(*value);
}

Segmentation read_segmentation(const MapReader& map) {
  Segmentation segmentation;
  if (const yaml::Value* segments = map.get("segments")) {
    for (std::uint64_t size :
         read_unsigned_list(map.context(), *segments, "segments", kMaxPayloadSize)) {
      if (size == 0) map.context().fail(*segments, "'segments' sizes must be at least 1");
      segmentation.sizes.push_back(static_cast<std::size_t>(size));
    }
  }
  segmentation.chop =
      static_cast<std::size_t>(map.unsigned_integer("chop", kMaxPayloadSize).value_or(0));
  segmentation.delay = milliseconds(map.unsigned_integer("delay_ms", kMaxMilliseconds).value_or(0));
  return segmentation;
}

// A held frame goes out inside the next send's write, so that send's cut and probe apply to both.
bool read_with_next(const MapReader& map, bool probe, const Segmentation& segmentation) {
  if (!map.boolean("with_next", false)) return false;
  if (probe) {
    map.context().fail(*map.get("with_next"),
                       "'with_next' and 'probe' exclude each other: put the probe on the last "
                       "send of the write");
  }
  if (!segmentation.sizes.empty() || segmentation.chop != 0 || segmentation.delay.count() != 0) {
    map.context().fail(*map.get("with_next"),
                       "'with_next' joins this frame to the next send's write, whose 'segments', "
                       "'chop' and 'delay_ms' cut both: give them there, not here");
  }
  return true;
}

std::vector<wire::Header> read_header_map(const LoadContext& context, const yaml::Value& value) {
  if (!value.is_map()) {
    context.fail(
        value, "expected a map of header names to values for 'set', got " + yaml::describe(value));
  }
  std::vector<wire::Header> headers;
  for (const yaml::Entry& entry : value.entries) {
    headers.push_back({entry.key, read_string(context, entry.value, entry.key)});
  }
  return headers;
}

std::vector<wire::Header> read_header_pairs(const LoadContext& context, const yaml::Value& value) {
  std::vector<wire::Header> headers;
  for (const yaml::Value& pair : read_list(context, value, "add")) {
    if (!pair.is_sequence() || pair.items.size() != 2 || !pair.items[0].is_scalar() ||
        !pair.items[1].is_scalar()) {
      context.fail(pair, "each item of 'add' is a [Name, value] pair, got " + yaml::describe(pair));
    }
    headers.push_back({pair.items[0].text, pair.items[1].text});
  }
  return headers;
}

HandshakeStep read_handshake(const MapReader& map) {
  const LoadContext& context = map.context();
  HandshakeStep step;
  step.method = map.string("method").value_or(step.method);
  step.target = map.string("target");
  step.version = map.string("version").value_or(step.version);
  if (const yaml::Value* set = map.get("set")) step.set = read_header_map(context, *set);
  if (const yaml::Value* add = map.get("add")) step.add = read_header_pairs(context, *add);
  if (const yaml::Value* remove = map.get("remove")) {
    step.remove = read_string_list(context, *remove, "remove");
  }
  step.key = map.string("key");
  step.raw = map.string("raw");
  if (const yaml::Value* trigger = map.get("trigger")) {
    step.trigger = read_string(context, *trigger, "trigger");
    if (step.trigger != kTriggerHandshakeFailure) {
      context.fail(*trigger, "a handshake's 'trigger' can only be " +
                                 std::string(kTriggerHandshakeFailure) + ", got " +
                                 yaml::describe(*trigger));
    }
    if (step.target || step.raw) {
      context.fail(*trigger, "'trigger' gives the request path: not with 'target' or 'raw'");
    }
  }
  step.expect_upgrade = map.boolean("expect_upgrade", true);
  step.await_response = map.boolean("wait_for_response", true);
  return step;
}

std::uint8_t read_opcode(const LoadContext& context, const yaml::Value& value) {
  static constexpr std::pair<std::string_view, std::uint8_t> kNames[] = {
      {"continuation", wire::opcode::continuation},
      {"text", wire::opcode::text},
      {"binary", wire::opcode::binary},
      {"close", wire::opcode::close},
      {"ping", wire::opcode::ping},
      {"pong", wire::opcode::pong}};
  if (value.is_scalar()) {
    for (const auto& [name, code] : kNames) {
      if (value.text == name) return code;
    }
    if (yaml::looks_like_integer(value)) {
      return static_cast<std::uint8_t>(read_unsigned(context, value, "opcode", 15));
    }
  }
  context.fail(value,
               "expected an opcode (continuation, text, binary, close, ping, pong or 0-15) "
               "for 'opcode', got " +
                   yaml::describe(value));
}

wire::LengthForm read_length_form(const LoadContext& context, const yaml::Value& value) {
  if (value.is_scalar()) {
    if (value.text == "minimal") return wire::LengthForm::minimal;
    if (value.text == "7") return wire::LengthForm::short7;
    if (value.text == "16") return wire::LengthForm::medium16;
    if (value.text == "64") return wire::LengthForm::long64;
  }
  context.fail(value,
               "expected minimal, 7, 16 or 64 for 'length_form', got " + yaml::describe(value));
}

wire::MaskKey read_mask(const LoadContext& context, const yaml::Value& value) {
  const wire::Bytes bytes = read_hex(context, value, "mask");
  if (bytes.size() != 4) {
    context.fail(value, "'mask' must be 4 bytes (8 hex digits), got " +
                            std::to_string(bytes.size()) + " bytes");
  }
  return {bytes[0], bytes[1], bytes[2], bytes[3]};
}

SendFrameStep read_send(const MapReader& map) {
  const LoadContext& context = map.context();
  SendFrameStep step;
  wire::FrameSpec& frame = step.frame;
  frame.opcode = read_opcode(context, map.required("opcode"));
  frame.fin = map.boolean("fin", true);
  frame.rsv1 = map.boolean("rsv1", false);
  frame.rsv2 = map.boolean("rsv2", false);
  frame.rsv3 = map.boolean("rsv3", false);
  if (const yaml::Value* payload = map.get("payload")) {
    frame.payload = read_payload(context, *payload, "payload");
  }
  if (const yaml::Value* mask = map.get("mask")) frame.mask = read_mask(context, *mask);
  step.unmasked = map.boolean("unmasked", false);
  frame.apply_mask = !map.boolean("unmasked_payload", false);
  if (step.unmasked && frame.mask) {
    context.fail(map.map(), "'unmasked: true' sends no key, so 'mask' cannot be given too");
  }
  if (step.unmasked && !frame.apply_mask) {
    context.fail(map.map(),
                 "'unmasked' and 'unmasked_payload' exclude each other: "
                 "'unmasked_payload' writes a key and leaves the payload unmasked");
  }
  if (const yaml::Value* form = map.get("length_form")) {
    frame.length_form = read_length_form(context, *form);
  }
  frame.declared_length =
      map.unsigned_integer("declared_length", std::numeric_limits<std::uint64_t>::max());
  if (const auto cut =
          map.unsigned_integer("truncate_at", std::numeric_limits<std::size_t>::max())) {
    frame.truncate_at = static_cast<std::size_t>(*cut);
  }
  if (const auto size = map.unsigned_integer("fragment_size", kMaxPayloadSize)) {
    if (*size == 0) context.fail(*map.get("fragment_size"), "'fragment_size' must be at least 1");
    // The fragments are whole frames of their own: one declared length or cut cannot span them.
    if (frame.declared_length || frame.truncate_at ||
        frame.length_form != wire::LengthForm::minimal) {
      context.fail(*map.get("fragment_size"),
                   "'fragment_size' writes each fragment as a frame of its own: it excludes "
                   "'declared_length', 'truncate_at' and 'length_form'");
    }
    step.fragment_size = static_cast<std::size_t>(*size);
  }
  step.probe = map.boolean("probe", false);
  step.segmentation = read_segmentation(map);
  step.with_next = read_with_next(map, step.probe, step.segmentation);
  return step;
}

SendRawStep read_send_raw(const MapReader& map) {
  SendRawStep step;
  step.bytes = read_hex(map.context(), map.required("hex"), "hex");
  step.probe = map.boolean("probe", false);
  step.segmentation = read_segmentation(map);
  step.with_next = read_with_next(map, step.probe, step.segmentation);
  return step;
}

AwaitStep read_await(const MapReader& map) {
  const yaml::Value& what = map.required("what");
  AwaitStep step;
  const std::string name = read_string(map.context(), what, "what");
  if (name == "message") {
    step.what = AwaitStep::What::message;
  } else if (name == "pong") {
    step.what = AwaitStep::What::pong;
  } else if (name == "close") {
    step.what = AwaitStep::What::close;
  } else if (name == "end") {
    step.what = AwaitStep::What::end;
  } else {
    map.context().fail(
        what, "expected message, pong, close or end for 'what', got " + yaml::describe(what));
  }
  if (const auto count = map.unsigned_integer("count", std::numeric_limits<std::uint32_t>::max())) {
    if (*count == 0) map.context().fail(*map.get("count"), "'count' must be at least 1");
    step.count = static_cast<std::size_t>(*count);
  }
  step.timeout = read_timeout(map, "timeout_ms");
  return step;
}

CloseStep read_close(const MapReader& map) {
  const LoadContext& context = map.context();
  CloseStep step;
  if (const yaml::Value* raw = map.get("raw_hex")) {
    if (map.written("code") || map.get("reason") != nullptr) {
      context.fail(*raw,
                   "'raw_hex' is the whole close body: give it, or 'code' and 'reason', "
                   "not both");
    }
    step.raw_body = read_hex(context, *raw, "raw_hex");
  }
  if (map.written("code")) {
    step.code = std::nullopt;  // `code: null`: a close frame with an empty body
    if (const yaml::Value* code = map.get("code")) {
      step.code = static_cast<std::uint16_t>(read_unsigned(context, *code, "code", 65535));
    }
  }
  if (const yaml::Value* reason = map.get("reason")) {
    if (!step.code) {
      context.fail(*reason, "a 'reason' needs a 'code' (use 'raw_hex' for any other body)");
    }
    step.reason = read_payload(context, *reason, "reason");
  }
  step.wait_for_end = map.boolean("wait_for_end", true);
  return step;
}

// "- trigger: restart" (a plain name).
TriggerStep read_trigger(const LoadContext& context, const yaml::Value& body) {
  static constexpr std::string_view kNames[] = {
      kTriggerHandlerException, kTriggerRestart,   kTriggerCrash,
      kTriggerBackendDown,      kTriggerBackendUp, kTriggerBackendRequest};
  if (body.is_scalar()) {
    for (const std::string_view name : kNames) {
      if (body.text == name) return TriggerStep{std::string(name)};
    }
  }
  context.fail(body,
               "expected handler-exception, restart, crash, backend-down, backend-up or "
               "backend-request for 'trigger', got " +
                   yaml::describe(body));
}

// The most rounds one echo_load may ask for (Autobahn's §9.7-9.8 send 1,000).
constexpr std::uint64_t kMaxLoadRounds = 100000;
constexpr std::uint64_t kMaxFloodMessages = 1000000;
constexpr std::uint64_t kMaxFloodBytes = std::uint64_t{1} << 30;  // 1 GiB

// The optional `opcode` of a step that sends data messages of its own: text or binary only.
std::uint8_t read_data_opcode(const MapReader& map, std::string_view step_name,
                              std::uint8_t default_opcode) {
  const yaml::Value* opcode = map.get("opcode");
  if (opcode == nullptr) return default_opcode;
  const std::uint8_t read = read_opcode(map.context(), *opcode);
  if (read != wire::opcode::text && read != wire::opcode::binary) {
    map.context().fail(*opcode, std::string(step_name) + " sends text or binary messages, got " +
                                    yaml::describe(*opcode));
  }
  return read;
}

EchoLoadStep read_echo_load(const MapReader& map) {
  const LoadContext& context = map.context();
  EchoLoadStep step;
  step.opcode = read_data_opcode(map, "an echo_load", step.opcode);
  step.size = read_unsigned(context, map.required("size"), "size", kMaxPayloadSize);
  step.fragment_size = map.unsigned_integer("fragment_size", kMaxPayloadSize).value_or(0);
  if (map.get("fragment_size") != nullptr && step.fragment_size == 0) {
    context.fail(*map.get("fragment_size"), "'fragment_size' must be at least 1");
  }
  step.chop = static_cast<std::size_t>(map.unsigned_integer("chop", kMaxPayloadSize).value_or(0));
  if (map.get("chop") != nullptr && step.chop == 0) {
    context.fail(*map.get("chop"), "'chop' must be at least 1");
  }
  step.rounds =
      static_cast<std::size_t>(map.unsigned_integer("rounds", kMaxLoadRounds).value_or(1));
  if (step.rounds == 0) context.fail(*map.get("rounds"), "'rounds' must be at least 1");
  step.timeout = read_timeout(map, "timeout_ms");
  return step;
}

FloodStep read_flood(const MapReader& map) {
  const LoadContext& context = map.context();
  FloodStep step;
  step.opcode = read_data_opcode(map, "a flood", step.opcode);
  step.size = read_unsigned(context, map.required("size"), "size", kMaxPayloadSize);
  step.count = static_cast<std::size_t>(
      read_unsigned(context, map.required("count"), "count", kMaxFloodMessages));
  if (step.count == 0) context.fail(*map.get("count"), "'count' must be at least 1");
  // What the harness writes is its own choice, but a flood is bounded like a payload is.
  if (step.size * step.count > kMaxFloodBytes) {
    context.fail(map.map(), "a flood of " + std::to_string(step.count) + " messages of " +
                                std::to_string(step.size) + " bytes is more than " +
                                std::to_string(kMaxFloodBytes >> 20) + " MiB");
  }
  if (const auto stall = map.unsigned_integer("stall_ms", kMaxMilliseconds)) {
    if (*stall == 0) context.fail(*map.get("stall_ms"), "'stall_ms' must be at least 1");
    step.stall = milliseconds(*stall);
  }
  step.hold = milliseconds(map.unsigned_integer("hold_ms", kMaxMilliseconds).value_or(0));
  return step;
}

Step read_step_body(const LoadContext& context, const yaml::Entry& entry, const yaml::Value& body) {
  const std::string& kind = entry.key;
  if (kind == "handshake") {
    return read_handshake(MapReader(context, body, kind,
                                    {"method", "target", "version", "set", "add", "remove", "key",
                                     "raw", "trigger", "expect_upgrade", "wait_for_response"}));
  }
  if (kind == "send") {
    return read_send(
        MapReader(context, body, kind,
                  {"opcode", "fin", "rsv1", "rsv2", "rsv3", "payload", "mask", "unmasked",
                   "unmasked_payload", "length_form", "declared_length", "truncate_at",
                   "fragment_size", "probe", "segments", "chop", "delay_ms", "with_next"}));
  }
  if (kind == "send_raw") {
    return read_send_raw(MapReader(context, body, kind,
                                   {"hex", "probe", "segments", "chop", "delay_ms", "with_next"}));
  }
  if (kind == "wait") {
    const MapReader map(context, body, kind, {"ms"});
    return WaitStep{
        milliseconds(read_unsigned(context, map.required("ms"), "ms", kMaxMilliseconds))};
  }
  if (kind == "await") {
    return read_await(MapReader(context, body, kind, {"what", "count", "timeout_ms"}));
  }
  if (kind == "barrier") {
    return BarrierStep{read_timeout(MapReader(context, body, kind, {"timeout_ms"}), "timeout_ms")};
  }
  if (kind == "close") {
    return read_close(
        MapReader(context, body, kind, {"code", "reason", "raw_hex", "wait_for_end"}));
  }
  if (kind == "echo_load") {
    return read_echo_load(MapReader(
        context, body, kind, {"opcode", "size", "fragment_size", "chop", "rounds", "timeout_ms"}));
  }
  if (kind == "flood") {
    return read_flood(
        MapReader(context, body, kind, {"opcode", "size", "count", "stall_ms", "hold_ms"}));
  }
  if (kind == "reset" || kind == "half_close") {
    const MapReader map(context, body, kind, {});
    return TcpEndStep{kind == "reset" ? TcpEndStep::How::reset : TcpEndStep::How::half_close};
  }
  if (kind == "trigger") return read_trigger(context, body);
  context.fail(entry.key_line,
               "unknown step '" + kind +
                   "' (known: handshake, send, send_raw, wait, await, barrier, close, trigger, "
                   "echo_load, flood, reset, half_close)");
}

bool holds_frame_for_next(const Step& step) {
  if (const auto* send = std::get_if<SendFrameStep>(&step)) return send->with_next;
  if (const auto* raw = std::get_if<SendRawStep>(&step)) return raw->with_next;
  return false;
}

LocatedStep read_step(const LoadContext& context, const yaml::Value& value) {
  if (!value.is_map() || value.entries.size() != 1) {
    const std::string got = value.is_map()
                                ? "a map with " + std::to_string(value.entries.size()) + " keys"
                                : yaml::describe(value);
    context.fail(value,
                 "a step is a map with one key (handshake, send, send_raw, wait, await, "
                 "barrier, close, trigger, echo_load, flood, reset or half_close), got " +
                     got);
  }
  const yaml::Entry& entry = value.entries.front();
  yaml::Value empty;
  empty.kind = yaml::Value::Kind::map;
  empty.line = entry.key_line;
  // "- barrier:" means "- barrier: {}".
  const yaml::Value& body = entry.value.is_null() ? empty : entry.value;
  return {read_step_body(context, entry, body), {context.file, value.line}};
}

}  // namespace

std::vector<LocatedStep> read_steps(const LoadContext& context, const yaml::Value& list) {
  std::vector<LocatedStep> steps;
  for (const yaml::Value& item : read_list(context, list, "steps")) {
    steps.push_back(read_step(context, item));
    if (steps.size() > 1 && std::holds_alternative<HandshakeStep>(steps.back().step)) {
      context.fail(item, "'handshake' can only be the first step");
    }
  }
  if (steps.empty()) context.fail(list, "'steps' is empty: a case needs at least one step");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!holds_frame_for_next(steps[i].step)) continue;
    const bool next_sends =
        i + 1 < steps.size() && (std::holds_alternative<SendFrameStep>(steps[i + 1].step) ||
                                 std::holds_alternative<SendRawStep>(steps[i + 1].step));
    if (!next_sends) {
      context.fail(list.items[i],
                   "'with_next: true' needs a 'send' or 'send_raw' step right after it, to "
                   "write the held bytes with");
    }
  }
  const auto* handshake = std::get_if<HandshakeStep>(&steps.front().step);
  if (handshake != nullptr && !handshake->await_response) {
    for (std::size_t i = 1; i < steps.size(); ++i) {
      if (!std::holds_alternative<WaitStep>(steps[i].step)) {
        context.fail(list.items[i],
                     "after a handshake with 'wait_for_response: false' only 'wait' "
                     "steps can follow: nothing else can be sent or read");
      }
    }
  }
  return steps;
}

}  // namespace wsconform::scenario
