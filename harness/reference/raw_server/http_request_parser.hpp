// A bounded, incremental parser of the client's opening handshake (request line and header block).
// It never looks past its byte budget; bytes after the blank line are left for the frame decoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/bytes.hpp"
#include "wire/http.hpp"

namespace wsconform::raw_server {

struct HttpRequest {
  std::string method;   // "GET"
  std::string target;   // "/chat"
  std::string version;  // "HTTP/1.1"
  std::vector<wire::Header> headers;

  // Every header named `name` (case-insensitive), in order.
  std::vector<std::string_view> values(std::string_view name) const;
  std::size_t count(std::string_view name) const { return values(name).size(); }
};

class HttpRequestParser {
 public:
  enum class Status : std::uint8_t { need_more, complete, error };

  explicit HttpRequestParser(wire::HttpLimits limits = {});
  // Consumes from the front of `input` up to the end of the header block; once complete or failed
  // it consumes nothing more.
  Status feed(wire::ByteView& input);
  Status status() const { return status_; }
  const HttpRequest& request() const { return request_; }
  const std::string& error() const { return error_; }

 private:
  Status fail(std::string message);
  void accept_line(std::string_view line);
  void accept_request_line(std::string_view line);
  void accept_header_line(std::string_view line);

  wire::HttpLimits limits_;
  std::string line_;  // the current, unfinished line
  std::size_t consumed_ = 0;
  std::size_t lines_seen_ = 0;
  Status status_ = Status::need_more;
  HttpRequest request_;
  std::string error_;
};

}  // namespace wsconform::raw_server
