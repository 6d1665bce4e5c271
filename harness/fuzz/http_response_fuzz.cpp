// libFuzzer target for HttpResponseParser. Input: [limits][max headers][piece control] then the
// bytes a server sent. Parsed all at once and in random pieces: both must give the same result,
// stay within the limits, and never consume past the header block.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "fuzz/pieces.hpp"
#include "wire/http.hpp"
#include "wire/http_text.hpp"

namespace {

using namespace wsconform;
using wire::ByteView;
using Status = wire::HttpResponseParser::Status;

constexpr std::size_t kPrefixSize = 3;
// The RFC 6455 §1.3 sample key; its accept value "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" is in the dict.
constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";

// limits byte: bit 7 set picks small limits, max_header_bytes = (low 7 bits) * 8 and
// max_headers = (next byte) % 16; otherwise the defaults.
wire::HttpLimits limits_from(const std::uint8_t* prefix) {
  wire::HttpLimits limits;
  if (prefix[0] & 0x80) {
    limits.max_header_bytes = (prefix[0] & 0x7Fu) * 8u;
    limits.max_headers = prefix[1] % 16u;
  }
  return limits;
}

struct Outcome {
  Status status = Status::need_more;
  std::size_t consumed = 0;
  wire::HttpResponse response;
  std::string error;
  std::optional<std::uint64_t> content_length;
};

bool same_response(const wire::HttpResponse& a, const wire::HttpResponse& b) {
  return a.version == b.version && a.status == b.status && a.reason == b.reason &&
         a.headers == b.headers && a.bare_lf == b.bare_lf;
}

// A parser that is complete or failed consumes nothing more and keeps its status.
void check_settled(wire::HttpResponseParser& parser, ByteView rest) {
  const Status status = parser.status();
  const std::size_t before = rest.size();
  FUZZ_CHECK(parser.feed(rest) == status);
  FUZZ_CHECK(rest.size() == before);
}

// Parses `stream` in pieces of the sizes `pieces` picks (all at once when null).
Outcome parse_stream(const wire::HttpLimits& limits, ByteView stream,
                     wsconform::fuzz::Pieces* pieces) {
  wire::HttpResponseParser parser(limits);
  Outcome out;
  std::size_t fed = 0;
  while (fed < stream.size() && out.status == Status::need_more) {
    const std::size_t size = pieces ? pieces->next(stream.size() - fed) : stream.size() - fed;
    ByteView piece = stream.subspan(fed, size);
    fed += size;
    out.status = parser.feed(piece);
    FUZZ_CHECK(out.status == parser.status());
    out.consumed = fed - piece.size();
    // need-more means the piece was used up.
    if (out.status == Status::need_more) FUZZ_CHECK(piece.empty());
    if (out.status != Status::need_more) check_settled(parser, piece);
  }
  out.response = parser.response();
  out.error = parser.error();
  out.content_length = parser.content_length();
  return out;
}

// Within HttpLimits, and a complete block ends with its blank line's LF.
void check_limits(const wire::HttpLimits& limits, ByteView stream, const Outcome& out) {
  FUZZ_CHECK(out.consumed <= stream.size());
  FUZZ_CHECK(out.consumed <= limits.max_header_bytes);
  FUZZ_CHECK(out.response.headers.size() <= limits.max_headers);
  FUZZ_CHECK((out.status == Status::error) == !out.error.empty());
  if (out.status != Status::complete) {
    FUZZ_CHECK(!out.content_length);  // only known once the block is complete
    return;
  }
  FUZZ_CHECK(out.consumed >= 2 && stream[out.consumed - 1] == '\n');
  FUZZ_CHECK(out.response.status >= 100 && out.response.status <= 999);
}

// The §4.1 check: a non-101 is the one problem; no problems means a correct 101.
void check_upgrade(const wire::HttpResponse& response) {
  const std::vector<std::string> problems = wire::check_upgrade_response(response, kKey);
  if (response.status != 101) {
    FUZZ_CHECK(problems.size() == 1);
    return;
  }
  if (!problems.empty()) return;
  FUZZ_CHECK(response.has_token("Upgrade", "websocket"));
  FUZZ_CHECK(response.has_token("Connection", "upgrade"));
  FUZZ_CHECK(response.header_count("Sec-WebSocket-Accept") == 1);
  FUZZ_CHECK(wire::trim_ows(*response.header("Sec-WebSocket-Accept")) ==
             wire::compute_accept(kKey));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kPrefixSize) return 0;
  const wire::HttpLimits limits = limits_from(data);
  wsconform::fuzz::Pieces pieces(data[2]);
  const ByteView stream(data + kPrefixSize, size - kPrefixSize);

  const Outcome whole = parse_stream(limits, stream, nullptr);
  const Outcome pieced = parse_stream(limits, stream, &pieces);
  FUZZ_CHECK(whole.status == pieced.status);
  // How far an error consumes depends on where the pieces end (a bad byte is caught when its line
  // or piece arrives); the header block itself is consumed identically.
  if (whole.status != Status::error) FUZZ_CHECK(whole.consumed == pieced.consumed);
  FUZZ_CHECK(whole.error == pieced.error && whole.content_length == pieced.content_length);
  FUZZ_CHECK(same_response(whole.response, pieced.response));
  check_limits(limits, stream, whole);
  if (whole.status == Status::complete) check_upgrade(whole.response);
  return 0;
}
