// CaseSession: the opening handshake (RFC 6455 §4.1) and what the harness does with the answer.
#include <algorithm>
#include <string_view>

#include "scenario/runner/session.hpp"
#include "wire/http.hpp"

namespace wsconform::scenario::runner_detail {
namespace {

// Expands {host}, {path} and {key} in one pass (expanded text is not expanded again).
std::string expand_placeholders(std::string_view raw, const std::string& host,
                                const std::string& path, const std::string& key) {
  std::string out;
  out.reserve(raw.size() + 64);
  for (std::size_t i = 0; i < raw.size();) {
    if (raw.compare(i, 6, "{host}") == 0) {
      out += host;
      i += 6;
    } else if (raw.compare(i, 6, "{path}") == 0) {
      out += path;
      i += 6;
    } else if (raw.compare(i, 5, "{key}") == 0) {
      out += key;
      i += 5;
    } else {
      out += raw[i++];
    }
  }
  return out;
}

std::string describe_status(const wire::HttpResponse& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  if (!response.reason.empty()) text += " " + response.reason;
  return text;
}

bool ends_chunked_body(const wire::Bytes& body) {
  static constexpr std::string_view kLastChunk = "0\r\n\r\n";
  return body.size() >= kLastChunk.size() &&
         std::equal(kLastChunk.begin(), kLastChunk.end(), body.end() - kLastChunk.size());
}

}  // namespace

std::string CaseSession::build_request(const HandshakeStep& step, std::string& key_sent) {
  const std::string host = context_.target.host_header();
  std::string path = step.target.value_or(context_.target.path);
  if (step.trigger == kTriggerHandshakeFailure && context_.options.triggers != nullptr &&
      context_.options.triggers->handshake_failure_path) {
    path = *context_.options.triggers->handshake_failure_path;
  }
  // §4.1: the key is a randomly selected 16-byte nonce, base64-encoded (drawn even when the step
  // names its own, so that the rest of the case sees the same random stream either way).
  const std::string generated = wire::generate_key(step_rng_);
  const std::string key = step.key.value_or(generated);
  if (step.raw) {
    key_sent = key;
    return expand_placeholders(*step.raw, host, path, key);
  }
  wire::UpgradeRequest request = wire::standard_upgrade_request(host, path, key);
  request.method = step.method;
  request.version = step.version;
  // The profile's headers (credentials, say) come first, so a case's own edits win.
  for (const wire::Header& header : context_.options.handshake_headers) {
    request.set(header.name, header.value);
  }
  for (const std::string& name : step.remove) request.remove(name);
  for (const wire::Header& header : step.set) request.set(header.name, header.value);
  for (const wire::Header& header : step.add) request.add(header.name, header.value);
  key_sent = request.get("Sec-WebSocket-Key").value_or("");
  return request.serialize();
}

asio::awaitable<bool> CaseSession::handshake(const HandshakeStep& step, bool case_step) {
  std::string key_sent;
  transcript_.request = build_request(step, key_sent);
  const bool required = must_upgrade(step);
  const Clock::time_point deadline = step_deadline(std::nullopt);

  std::size_t pieces_seen = 0;
  std::size_t bytes_unshown = 0;
  const net::WriteResult written = co_await connection_.write(
      wire::view_of(transcript_.request), {}, context_.options.step_timeout,
      [&](wire::ByteView piece) { record_piece(piece, pieces_seen, bytes_unshown); });
  if (ended_) co_return false;
  if (written.status != net::WriteStatus::ok) {
    const std::string problem =
        "could not send the handshake: " + std::string(net::write_status_name(written.status));
    if (written.status == net::WriteStatus::rst)
      end_tcp(TcpEnd::rst, problem);
    else
      note(problem);
    if (required) transcript_.harness_error = problem;
    co_return false;
  }
  if (!step.await_response) {
    transcript_.response_awaited = false;
    note("the request is left unfinished on purpose: no answer is read");
    co_return false;
  }

  wire::HttpResponseParser parser;
  wire::Bytes header_shown;  // the header block as it arrived, capped for the event
  std::uint64_t header_size = 0;
  for (;;) {
    const auto remaining = deadline - Clock::now();
    net::ReadResult result{net::ReadStatus::timeout, {}, {}};
    if (remaining > Clock::duration::zero()) result = co_await connection_.read_some(remaining);
    if (ended_) co_return false;
    if (result.status != net::ReadStatus::data) {
      if (header_size > 0) {
        transcript_.response_error = "the connection ended inside the response header block";
      }
      on_handshake_end(result.status, required);
      co_return false;
    }
    transcript_.bytes_received += result.bytes.size();
    wire::ByteView input = result.bytes;
    const std::size_t before = input.size();
    const auto status = parser.feed(input);
    const wire::ByteView consumed = result.bytes.first(before - input.size());
    header_size += consumed.size();
    const std::size_t room = kMaxEventBytes - std::min(kMaxEventBytes, header_shown.size());
    header_shown.insert(
        header_shown.end(), consumed.begin(),
        consumed.begin() + static_cast<std::ptrdiff_t>(std::min(room, consumed.size())));
    if (status == wire::HttpResponseParser::Status::error) {
      transcript_.response_error = parser.error();
      record(Event::Kind::handshake_response, "malformed response: " + parser.error(),
             header_shown);
      transcript_.events.back().size = header_size;
      if (required) transcript_.harness_error = "malformed handshake response: " + parser.error();
      connection_.close();
      end_tcp(TcpEnd::harness_closed,
              "the harness closed the connection after a malformed response");
      co_return false;
    }
    if (status == wire::HttpResponseParser::Status::complete) {
      pending_input_.assign(input.begin(), input.end());  // frames that came right behind it
      break;
    }
  }

  transcript_.response = parser.response();
  const wire::HttpResponse& response = *transcript_.response;
  record(Event::Kind::handshake_response, describe_status(response), header_shown);
  transcript_.events.back().size = header_size;
  if (response.status == 101) {
    transcript_.upgraded = true;
    // §4.1: the client checks the status, Upgrade, Connection and Sec-WebSocket-Accept.
    const wire::UpgradeOffer offer = wire::offer_in_request(transcript_.request);
    transcript_.upgrade_problems = wire::check_upgrade_response(response, key_sent, &offer);
    for (const std::string& problem : transcript_.upgrade_problems) note("upgrade: " + problem);
    co_return true;
  }
  // A case's own valid handshake that the server refuses is the server's answer to judge (§4.2.2);
  // the implicit one only opens the way to a case's frames, which then cannot run.
  if (required && !case_step) {
    transcript_.harness_error = "handshake refused: " + describe_status(response);
  }
  co_await read_refusal_body(response, parser.content_length());
  co_return false;
}

void CaseSession::on_handshake_end(net::ReadStatus status, bool required) {
  std::string problem;
  switch (status) {
    case net::ReadStatus::fin:
      problem = "the server closed the connection (FIN) before completing its handshake response";
      end_tcp(TcpEnd::fin, problem);
      break;
    case net::ReadStatus::rst:
      problem = "the server reset the connection before completing its handshake response";
      end_tcp(TcpEnd::rst, problem);
      break;
    case net::ReadStatus::timeout:
      problem = "no complete handshake response within " +
                std::to_string(context_.options.step_timeout.count()) + " ms";
      record(Event::Kind::timeout, problem);
      end_tcp(TcpEnd::silence, "nothing more arrived before the timeout");
      break;
    case net::ReadStatus::aborted:
      return;
    case net::ReadStatus::data:
    case net::ReadStatus::error:
      problem = "reading the handshake response failed";
      connection_.close();
      end_tcp(TcpEnd::harness_closed, problem);
      break;
  }
  if (required && !transcript_.harness_error) transcript_.harness_error = problem;
}

asio::awaitable<void> CaseSession::read_refusal_body(const wire::HttpResponse& response,
                                                     std::optional<std::uint64_t> content_length) {
  // Never trust a declared length for what we keep: at most kMaxResponseBodyBytes are read.
  const std::uint64_t wanted = std::min<std::uint64_t>(
      content_length.value_or(kMaxResponseBodyBytes), kMaxResponseBodyBytes);
  const bool chunked = response.has_token("Transfer-Encoding", "chunked");
  wire::Bytes body(pending_input_.begin(),
                   pending_input_.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(
                                                pending_input_.size(), wanted)));
  pending_input_.clear();
  const Clock::time_point deadline = step_deadline(std::nullopt);
  while (body.size() < wanted && !(chunked && ends_chunked_body(body)) && !ended_) {
    const auto remaining = deadline - Clock::now();
    if (remaining <= Clock::duration::zero()) break;
    const net::ReadResult result = co_await connection_.read_some(remaining);
    if (result.status == net::ReadStatus::fin) {
      end_tcp(TcpEnd::fin, "the server closed the connection (FIN) after its response");
    } else if (result.status == net::ReadStatus::rst) {
      end_tcp(TcpEnd::rst, "the server reset the connection after its response");
    }
    if (result.status != net::ReadStatus::data) break;
    transcript_.bytes_received += result.bytes.size();
    const std::size_t take = std::min<std::size_t>(result.bytes.size(), wanted - body.size());
    body.insert(body.end(), result.bytes.begin(),
                result.bytes.begin() + static_cast<std::ptrdiff_t>(take));
  }
  if (!body.empty()) {
    record(Event::Kind::note, "response body, " + std::to_string(body.size()) + " bytes read",
           body);
  }
  connection_.close();
  end_tcp(TcpEnd::harness_closed,
          "the harness closed the connection after the " + describe_status(response) + " answer");
}

}  // namespace wsconform::scenario::runner_detail
