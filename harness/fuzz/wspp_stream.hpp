// websocketpp's frame parser, as the reference target runs it, behind an interface with no
// websocketpp in it: a server-side hybi13 processor fed a client's byte stream in pieces, plus the
// close-body checks websocketpp's connection applies to each close message. The one translation
// unit that includes websocketpp (wspp_stream.cpp) is compiled as C++17 (docs/building.md), so
// this header stays C++17 too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/pieces.hpp"
#include "wire/rules.hpp"

namespace wsconform::fuzz::wspp {

struct Message {
  std::uint8_t opcode = 0;
  std::string payload;
};

struct Outcome {
  enum class Error : std::uint8_t {
    none,
    processor,   // hybi13::consume refused the bytes
    close_body,  // the connection refused a close message's body (close::extract_code/reason)
  };
  std::vector<Message> messages;  // in delivery order: data messages whole, control frames alone
  bool closed = false;            // a close message with a valid body ended the stream
  Error error = Error::none;
  int error_value = 0;           // processor::error::processor_errors or websocketpp::error::value
  std::string error_name;        // the error_code's message()
  std::uint16_t close_code = 0;  // what the reference target sends for the error
  // The RFC 6455 rules the error stands for (one websocketpp error can name two, e.g.
  // invalid_continuation); empty for an error that names no rule.
  std::vector<wire::Rule> rules;
  // Stream bytes websocketpp had taken when it reported the error: inside the refused frame,
  // after its first byte (header errors count the header bytes read, a UTF-8 error the bytes
  // before the refused piece, a close-body error the whole frame).
  std::uint64_t error_offset = 0;
};

// Feeds `size` bytes to a fresh server-side processor, in the pieces `pieces` picks (all at once
// when null), with websocketpp's message size limit set to `max_message_size`. Stops at the first
// error or after the first close message.
Outcome parse_client_stream(const std::uint8_t* data, std::size_t size,
                            std::uint64_t max_message_size, Pieces* pieces);

}  // namespace wsconform::fuzz::wspp
