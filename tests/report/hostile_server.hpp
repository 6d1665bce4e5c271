// An in-test WebSocket server on 127.0.0.1 whose close reasons, headers, reason phrases and
// payloads are hostile: markup and script meant to run in report.html ("INJECTED-n" is what
// each one would write into document.title), "]]>", NUL and other control bytes, invalid UTF-8,
// U+2028 and "</script>". Each connection gets the next of four behaviours in turn.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "../support/loopback_server.hpp"
#include "../support/raw_ws_server_connection.hpp"
#include "wire/close_payload.hpp"
#include "wire/http.hpp"

namespace wsconform::report::testing {

using namespace std::string_literals;

// Header values and a reason phrase: no CR or LF (they would end the line), anything else.
inline const std::string kEvilAttribute = "\"><img src=x onerror=\"document.title='INJECTED-1'\">";
inline const std::string kEvilScriptEnd =
    "</script><script>document.title='INJECTED-2'</script><!--";
inline const std::string kEvilBytes =
    "ctl:\x01\x1b[31m del:\x7f bad:\xff\xfe\xc0\xaf sep:\xe2\x80\xa8\xe2\x80\xa9 cdata:]]> "
    "amp:&amp;lt;";
// Close reasons: at most 123 bytes (§5.5: a control frame's payload is at most 125).
inline const std::string kEvilReasonScript =
    "<script>document.title='INJECTED-3'</script>]]>"s + '\0' + "\xff\xe2\x80\xa8";
inline const std::string kEvilReasonAttribute =
    "'><svg onload=document.title='INJECTED-4'> \x01\x02\x7f \xed\xa0\x80";
inline const std::string kEvilPayload =
    "<iframe srcdoc=\"<script>parent.document.title='INJECTED-5'</script>\"></iframe>";
inline const std::string kEvilReasonPhrase = "Bad <b onmouseover=alert(1)>Request</b> \x1b]0;x\x07";

inline std::string hostile_headers() {
  return "X-Evil-Attribute: " + kEvilAttribute + "\r\nX-Evil-Script: " + kEvilScriptEnd +
         "\r\nX-Evil-Bytes: " + kEvilBytes +
         "\r\n<script>document.title='INJECTED-6'</script>: "
         "name\r\n";
}

// GCC 12 false positive on coroutine frames (see raw_ws_server_connection.hpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

class HostileServer {
 public:
  HostileServer()
      : server_([this](asio::ip::tcp::socket socket) { return serve(std::move(socket)); }) {}
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(server_.port()) + "/"; }

 private:
  asio::awaitable<void> serve(asio::ip::tcp::socket socket) {
    const int behaviour = next_++ % 4;
    test_support::RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    if (behaviour == 0) {  // refuse with a hostile status line, headers and body
      const std::string body = "<script>document.title='INJECTED-7'</script>" + kEvilBytes;
      co_await connection.write(
          wire::view_of("HTTP/1.1 400 " + kEvilReasonPhrase + "\r\n" + hostile_headers() +
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
      co_await connection.wait_for_eof(std::chrono::milliseconds(200));
      co_return;
    }
    if (behaviour == 3) {  // a header block with a NUL in it: the parser refuses it
      co_await connection.write(
          wire::view_of("HTTP/1.1 101 Switching Protocols\r\nX-Nul: a"s + '\0' +
                        "<script>document.title='INJECTED-8'</script>\r\n\r\n"));
      co_await connection.wait_for_eof(std::chrono::milliseconds(200));
      co_return;
    }
    const std::string accept = wire::compute_accept(connection.key_of(*request));
    co_await connection.write(wire::view_of(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        accept + "\r\n" + hostile_headers() + "\r\n"));
    if (behaviour == 1) {  // close 1002 with a hostile reason on the first frame
      co_await connection.read_frame();
      co_await connection.send_frame(wire::opcode::close,
                                     wire::encode_close_payload(1002, kEvilReasonScript));
    } else {  // a hostile text message, then close 1011 with a hostile reason
      co_await connection.send_frame(wire::opcode::text, wire::view_of(kEvilPayload));
      co_await connection.send_frame(wire::opcode::close,
                                     wire::encode_close_payload(1011, kEvilReasonAttribute));
    }
    co_await connection.wait_for_eof(std::chrono::milliseconds(100));
  }

  std::atomic<int> next_{0};
  test_support::LoopbackServer server_;
};

}  // namespace wsconform::report::testing

#pragma GCC diagnostic pop
