// The websocketpp side of the fuzz targets: hybi13::consume as websocketpp's connection drives it
// (connection_impl.hpp, handle_read_frame), and the checks process_control_frame applies to a
// close message. Compiled as C++17: websocketpp 0.8.2 does not build as C++20 with g++ 12.
#include "fuzz/wspp_stream.hpp"

#include <websocketpp/close.hpp>
#include <websocketpp/config/core.hpp>
#include <websocketpp/error.hpp>
#include <websocketpp/processors/hybi13.hpp>

namespace wsconform::fuzz::wspp {
namespace {

// config::core carries the same message, message-manager, RNG and (disabled) permessage-deflate
// types as config::asio, the reference target's config (asio derives from core and only adds the
// transport), so its hybi13 processor is the one the reference target runs.
using Config = websocketpp::config::core;
using Processor = websocketpp::processor::hybi13<Config>;
namespace processor_error = websocketpp::processor::error;
using wire::Rule;

// The RFC 6455 rules behind each processor error (processors/base.hpp).
std::vector<Rule> rules_of_processor_error(int value) {
  switch (value) {
    case processor_error::control_too_big:
      return {Rule::control_frame_too_long};
    case processor_error::invalid_rsv_bit:
      return {Rule::rsv_bit_without_extension};
    case processor_error::invalid_opcode:
      return {Rule::reserved_opcode};
    case processor_error::fragmented_control:
      return {Rule::fragmented_control_frame};
    case processor_error::invalid_continuation:  // either way round: orphan or interleaved
      return {Rule::continuation_without_message, Rule::data_frame_inside_fragmented_message};
    case processor_error::masking_required:
      return {Rule::unmasked_client_frame};
    case processor_error::masking_forbidden:
      return {Rule::masked_server_frame};
    case processor_error::non_minimal_encoding:
      return {Rule::non_minimal_length};
    case processor_error::message_too_big:
      return {Rule::message_too_big};
    case processor_error::invalid_utf8:
      return {Rule::invalid_utf8_text};
    default:
      return {};
  }
}

// The rules behind the errors close::extract_code and close::extract_reason report.
std::vector<Rule> rules_of_close_error(int value) {
  switch (value) {
    case websocketpp::error::bad_close_code:
      return {Rule::close_payload_one_byte};
    case websocketpp::error::invalid_close_code:
    case websocketpp::error::reserved_close_code:
      return {Rule::invalid_close_code};
    case websocketpp::error::invalid_utf8:
      return {Rule::invalid_utf8_close_reason};
    default:
      return {};
  }
}

class StreamParser {
 public:
  explicit StreamParser(std::uint64_t max_message_size)
      : manager_(websocketpp::lib::make_shared<Config::con_msg_manager_type>()),
        processor_(false, true, manager_, rng_) {
    processor_.set_max_message_size(static_cast<std::size_t>(max_message_size));
  }

  // Feeds one piece; false once the stream is over (an error or a close message).
  bool feed(const std::uint8_t* data, std::size_t size) {
    // consume() unmasks in place, so it gets a copy.
    piece_.assign(data, data + size);
    std::size_t used = 0;
    while (used < piece_.size()) {
      websocketpp::lib::error_code error;
      used += processor_.consume(piece_.data() + used, piece_.size() - used, error);
      if (error) {
        // connection::handle_read_frame closes with processor::error::to_ws(consume_ec).
        fail(Outcome::Error::processor, error, rules_of_processor_error(error.value()),
             processor_error::to_ws(error), fed_ + used);
        return false;
      }
      if (processor_.ready() && !deliver(processor_.get_message(), fed_ + used)) return false;
    }
    fed_ += size;
    return true;
  }

  Outcome take() { return std::move(outcome_); }

 private:
  void fail(Outcome::Error kind, const websocketpp::lib::error_code& error, std::vector<Rule> rules,
            websocketpp::close::status::value code, std::uint64_t offset) {
    outcome_.error = kind;
    outcome_.error_value = error.value();
    outcome_.error_name = error.message();
    outcome_.rules = std::move(rules);
    outcome_.close_code = static_cast<std::uint16_t>(code);
    outcome_.error_offset = offset;
  }

  // What the connection does with a complete message; false when the stream ends here.
  bool deliver(const Config::message_type::ptr& message, std::uint64_t offset) {
    if (!message) return true;
    const auto opcode = message->get_opcode();
    const std::string& payload = message->get_payload();
    if (opcode == websocketpp::frame::opcode::close) {
      // connection::process_control_frame: a bad code or reason is answered with 1002.
      websocketpp::lib::error_code error;
      websocketpp::close::extract_code(payload, error);
      if (!error) websocketpp::close::extract_reason(payload, error);
      if (error) {
        fail(Outcome::Error::close_body, error, rules_of_close_error(error.value()),
             websocketpp::close::status::protocol_error, offset);
        return false;
      }
    }
    outcome_.messages.push_back({static_cast<std::uint8_t>(opcode), payload});
    if (opcode == websocketpp::frame::opcode::close) {
      outcome_.closed = true;  // the closing handshake: nothing after it is read
      return false;
    }
    return true;
  }

  Config::rng_type rng_;
  Config::con_msg_manager_type::ptr manager_;
  Processor processor_;
  std::vector<std::uint8_t> piece_;
  std::uint64_t fed_ = 0;
  Outcome outcome_;
};

}  // namespace

Outcome parse_client_stream(const std::uint8_t* data, std::size_t size,
                            std::uint64_t max_message_size, Pieces* pieces) {
  StreamParser parser(max_message_size);
  std::size_t fed = 0;
  while (fed < size) {
    const std::size_t piece = pieces != nullptr ? pieces->next(size - fed) : size - fed;
    if (!parser.feed(data + fed, piece)) break;
    fed += piece;
  }
  return parser.take();
}

}  // namespace wsconform::fuzz::wspp
