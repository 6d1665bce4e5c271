// The HTTP/1.1 upgrade that starts a WebSocket connection (RFC 6455 §4): a request builder that
// can also produce malformed requests, a bounded response parser, and Sec-WebSocket-Accept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "wire/bytes.hpp"

namespace wsconform::wire {

struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

bool iequals(std::string_view a, std::string_view b);

// §4.1 "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" appended to the key, SHA-1, base64.
std::string compute_accept(std::string_view key);
std::string base64_encode(ByteView bytes);
// 16 random bytes, base64 (§4.1: the nonce is randomly selected).
std::string generate_key(std::mt19937_64& rng);

struct UpgradeRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string version = "HTTP/1.1";
  std::vector<Header> headers;  // in order; duplicates allowed
  std::string line_ending = "\r\n";
  std::optional<std::string> raw;  // when set, serialize() returns it verbatim

  // Replaces every header named `name` (case-insensitive) with one, or appends it. The one kept
  // stays where the first was, spelled as `name` is here.
  UpgradeRequest& set(std::string_view name, std::string_view value);
  UpgradeRequest& add(std::string_view name, std::string_view value);
  UpgradeRequest& remove(std::string_view name);
  std::optional<std::string> get(std::string_view name) const;  // the first, case-insensitive

  // "method SP target SP version", then "name: value" per header, each followed by line_ending,
  // then line_ending alone. Nothing is validated: malformed parts go out as they are.
  std::string serialize() const;
};

// A correct client handshake (§4.1): GET, Host, Upgrade: websocket, Connection: Upgrade,
// Sec-WebSocket-Key, Sec-WebSocket-Version: 13.
UpgradeRequest standard_upgrade_request(std::string_view host, std::string_view target,
                                        std::string_view key);

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<Header> headers;
  // Some line ended in a bare LF instead of CRLF: accepted (RFC 7230 §3.5 lets a recipient do so)
  // but recorded, since a server MUST send CRLF.
  bool bare_lf = false;

  std::optional<std::string> header(std::string_view name) const;  // first, case-insensitive
  std::size_t header_count(std::string_view name) const;
  // True if a comma-separated header field contains `token` (case-insensitive), e.g.
  // has_token("Connection", "upgrade") for "keep-alive, Upgrade".
  bool has_token(std::string_view name, std::string_view token) const;
};

struct HttpLimits {
  std::size_t max_header_bytes = 16 * 1024;  // status line + headers + blank line
  std::size_t max_headers = 100;
};

// Parses the status line and header block. Bytes after the blank line are not consumed: they are
// the first WebSocket frames (or a body). Never trusts a declared length. Lines end in CRLF; a bare
// LF is accepted and recorded in HttpResponse::bare_lf. Rejected: a bare CR, NUL, obs-fold, a line
// without a colon, whitespace before the colon, a status line other than "HTTP/x.y NNN reason"
// (the reason may be empty), and anything past HttpLimits. Errors are reported as soon as the
// offending byte arrives where possible; once complete or failed, feed() consumes nothing.
class HttpResponseParser {
 public:
  enum class Status : std::uint8_t { need_more, complete, error };

  explicit HttpResponseParser(HttpLimits limits = {});
  // Consumes from the front of `input` up to the end of the header block.
  Status feed(ByteView& input);
  Status status() const { return status_; }
  const HttpResponse& response() const { return response_; }
  const std::string& error() const { return error_; }
  // Content-Length if present and a plain decimal within 2^53; not trusted for allocation.
  // nullopt until the header block is complete, and when duplicates disagree.
  std::optional<std::uint64_t> content_length() const;

 private:
  Status fail(std::string message);
  void accept_line(std::string_view line);  // one line, without its line ending
  void accept_status_line(std::string_view line);
  void accept_header_line(std::string_view line);

  HttpLimits limits_;
  std::string buffer_;        // the current, unfinished line
  std::size_t consumed_ = 0;  // bytes of the header block consumed so far
  std::size_t lines_seen_ = 0;
  Status status_ = Status::need_more;
  HttpResponse response_;
  std::string error_;
};

// What a client's request offered: the extension names of its Sec-WebSocket-Extensions and the
// subprotocols of its Sec-WebSocket-Protocol headers (§4.1, §9.1, §11.3.2, §11.3.4).
struct UpgradeOffer {
  std::vector<std::string> extensions;
  std::vector<std::string> protocols;
};

// Reads the offer from a request's text as sent (header names matched case-insensitively).
UpgradeOffer offer_in_request(std::string_view request);

// Problems with a 101 response to a request with `key` (§4.1, client steps 1-4): status, Upgrade,
// Connection, Sec-WebSocket-Accept, and, given the `offer`, steps 5-6: no extension or subprotocol
// the client did not offer, each header at most once. Empty when the upgrade is correct. A status
// other than 101 is the only problem reported (the other headers mean nothing without the
// upgrade).
std::vector<std::string> check_upgrade_response(const HttpResponse& response, std::string_view key,
                                                const UpgradeOffer* offer = nullptr);

}  // namespace wsconform::wire
