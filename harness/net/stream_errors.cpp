#include "net/stream_errors.hpp"

#include <asio/error.hpp>
#include <asio/ssl/error.hpp>

namespace wsconform::net {
namespace {

bool is_local_abort(const std::error_code& error, bool closed_locally) {
  return closed_locally || error == asio::error::operation_aborted ||
         error == asio::error::bad_descriptor;
}

// A reset from the peer shows as ECONNRESET on read and as ECONNRESET or EPIPE on write.
bool is_reset(const std::error_code& error) {
  return error == asio::error::connection_reset || error == asio::error::broken_pipe;
}

}  // namespace

ReadStatus classify_read_error(const std::error_code& error, bool closed_locally) {
  if (is_local_abort(error, closed_locally)) return ReadStatus::aborted;
  // A TLS peer that closes TCP without close_notify still ended in order at the TCP level.
  if (error == asio::error::eof || error == asio::ssl::error::stream_truncated) {
    return ReadStatus::fin;
  }
  if (is_reset(error)) return ReadStatus::rst;
  return ReadStatus::error;
}

WriteStatus classify_write_error(const std::error_code& error, bool closed_locally) {
  if (is_local_abort(error, closed_locally)) return WriteStatus::aborted;
  if (is_reset(error)) return WriteStatus::rst;
  return WriteStatus::error;
}

std::string_view read_status_name(ReadStatus status) {
  switch (status) {
    case ReadStatus::data:
      return "data";
    case ReadStatus::fin:
      return "fin";
    case ReadStatus::rst:
      return "rst";
    case ReadStatus::timeout:
      return "timeout";
    case ReadStatus::aborted:
      return "aborted";
    case ReadStatus::error:
      return "error";
  }
  return "unknown";
}

std::string_view write_status_name(WriteStatus status) {
  switch (status) {
    case WriteStatus::ok:
      return "ok";
    case WriteStatus::rst:
      return "rst";
    case WriteStatus::timeout:
      return "timeout";
    case WriteStatus::aborted:
      return "aborted";
    case WriteStatus::error:
      return "error";
  }
  return "unknown";
}

}  // namespace wsconform::net
