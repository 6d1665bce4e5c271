// A blocking WebSocket client for tests, built on the wire layer: connects to 127.0.0.1, performs
// the upgrade, writes any frame (masked as a client must, or not), and reads the server's frames
// with the strict decoder. Every read has a timeout, so a silent server cannot hang a test.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <asio.hpp>

#include "wire/bytes.hpp"
#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"
#include "wire/http.hpp"

namespace wsconform::testing {

// What one read from the server produced.
struct Incoming {
  enum class Kind : std::uint8_t {
    frame,      // `frame` is valid
    eof,        // the server closed TCP (FIN)
    reset,      // the connection was reset (RST) or another socket error
    timeout,    // nothing within the timeout
    violation,  // the server's bytes broke RFC 6455; `detail` says how
  };
  Kind kind = Kind::timeout;
  wire::Frame frame;
  std::string detail;

  bool is_close() const { return kind == Kind::frame && frame.opcode == wire::opcode::close; }
  // The status code of a close frame, if it carries one.
  std::optional<std::uint16_t> close_code() const;
};

class RawWsClient {
 public:
  using Duration = std::chrono::milliseconds;

  explicit RawWsClient(Duration timeout = Duration(5000));

  // A small receive buffer (SO_RCVBUF, set before connecting) keeps the kernel from absorbing
  // what the server sends, so a client that does not read is felt by the server at once.
  void limit_receive_buffer(int bytes) { receive_buffer_bytes_ = bytes; }
  bool connect(std::uint16_t port);
  // Sends the standard upgrade request for `path` and reads the response head. nullopt when the
  // server answered nothing parseable before EOF or the timeout.
  std::optional<wire::HttpResponse> handshake(std::string_view path = "/");
  // Reads a response head (after a request sent with send_raw); nullopt as for handshake().
  std::optional<wire::HttpResponse> read_http_response();
  // connect + handshake + 101 with a correct Sec-WebSocket-Accept.
  bool open(std::uint16_t port, std::string_view path = "/");

  // Writes all of `bytes`; false on error or when the server has not taken them within the timeout.
  bool send_raw(wire::ByteView bytes);
  bool send_frame(const wire::FrameSpec& spec);
  // A complete, correctly masked message in one frame.
  bool send_message(std::uint8_t opcode, std::string_view payload);
  bool send_text(std::string_view text) { return send_message(wire::opcode::text, text); }
  bool send_close(std::uint16_t code);

  Incoming read();
  // Skips data frames and pings until a close frame or the end of the stream.
  Incoming read_until_close();
  // Reads until TCP ends (eof, reset) or nothing comes within the timeout, skipping any frames.
  Incoming read_until_tcp_end();

  wire::MaskKey next_mask_key();

 private:
  // Waits for bytes; false with `failure` set on EOF, reset or timeout.
  bool fill(Incoming& failure);

  Duration timeout_;
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::optional<int> receive_buffer_bytes_;
  std::string key_;
  wire::Bytes pending_;  // received, not yet decoded
  wire::FrameDecoder decoder_;
  std::mt19937_64 rng_{20260423};
};

}  // namespace wsconform::testing
