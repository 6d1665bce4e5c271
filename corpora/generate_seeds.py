#!/usr/bin/env python3
"""Writes the seed corpora for the libFuzzer targets in harness/fuzz/ into corpora/<target>/.

Each seed is a small file named after what it exercises. The input layout of each target (its
option prefix) is described in the target's source and in corpora/README.md. Only the files
listed here are written; regression seeds added by hand (regression-*) are left alone.
Run from anywhere: python3 corpora/generate_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
HELLO = b"Hello"
KEY = bytes.fromhex("37fa213d")  # the RFC 6455 §5.7 masking key


def write(target, name, data):
    directory = os.path.join(HERE, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as out:
        out.write(data)


def mask(payload, key=KEY):
    return bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def frame(opcode, payload=b"", fin=True, rsv=0, key=None, form=None, length=None):
    """Any frame: form is None (minimal), 7, 16 or 64; length overrides the declared length."""
    length = len(payload) if length is None else length
    first = (0x80 if fin else 0) | rsv | opcode
    if form is None:
        form = 7 if length <= 125 else 16 if length <= 0xFFFF else 64
    mask_bit = 0x80 if key else 0
    if form == 7:
        header = bytes([first, mask_bit | (length & 0x7F)])
    elif form == 16:
        header = bytes([first, mask_bit | 126]) + struct.pack(">H", length)
    else:
        header = bytes([first, mask_bit | 127]) + struct.pack(">Q", length)
    if key:
        return header + key + mask(payload, key)
    return header + payload


# frame_decoder: [flags][relaxations][frame limit][message limit][piece control] + stream.
# flags: 0x01 client sender, 0x02/0x04/0x08 allow RSV3/RSV2/RSV1, 0x10 lenient lengths,
# 0x20 no UTF-8 checks, 0x40 no close-body checks, 0x80 small limits from the limit bytes.
SERVER, CLIENT, LENIENT, NO_UTF8, NO_CLOSE, SMALL = 0x00, 0x01, 0x10, 0x20, 0x40, 0x80
# relaxations (DecoderOptions::enforce_* off): masking, reserved opcodes, control length,
# control FIN, continuation rules, length top bit.
RELAX_MASK, RELAX_OPCODE, RELAX_CONTROL_LENGTH = 0x01, 0x02, 0x04
RELAX_CONTROL_FIN, RELAX_CONTINUATION, RELAX_TOP_BIT = 0x08, 0x10, 0x20


def decoder_seed(name, stream, flags=SERVER, frame_limit=0, message_limit=0, pieces=0x00,
                 relax=0x00):
    prefix = bytes([flags, relax, frame_limit, message_limit, pieces])
    write("frame_decoder", name, prefix + stream)


def frame_decoder_seeds():
    # RFC 6455 §5.7 examples.
    decoder_seed("rfc5.7-unmasked-text-hello", frame(0x1, HELLO))
    decoder_seed("rfc5.7-masked-text-hello", frame(0x1, HELLO, key=KEY), CLIENT)
    decoder_seed("rfc5.7-fragmented-text", frame(0x1, b"Hel", fin=False) + frame(0x0, b"lo"))
    decoder_seed("rfc5.7-ping-hello", frame(0x9, HELLO))
    decoder_seed("rfc5.7-masked-pong-hello", frame(0xA, HELLO, key=KEY), CLIENT)
    decoder_seed("rfc5.7-binary-256", frame(0x2, bytes(range(256))), pieces=0x03)
    decoder_seed("rfc5.7-binary-64k-truncated", frame(0x2, bytes(16), length=65536))
    # Correct traffic.
    decoder_seed("ok-empty-text", frame(0x1))
    decoder_seed("ok-close-empty", frame(0x8))
    decoder_seed("ok-close-1000", frame(0x8, b"\x03\xe8"))
    decoder_seed("ok-close-1001-reason", frame(0x8, b"\x03\xe9bye"))
    decoder_seed("ok-masked-close-1000", frame(0x8, b"\x03\xe8", key=KEY), CLIENT)
    decoder_seed("ok-ping-inside-fragments",
                 frame(0x1, b"ab", fin=False) + frame(0x9, b"p") + frame(0x0, b"cd"), pieces=0x01)
    decoder_seed("ok-utf8-split-across-fragments",
                 frame(0x1, b"\xe2", fin=False) + frame(0x0, b"\x82", fin=False) +
                 frame(0x0, b"\xac"), pieces=0x00)
    decoder_seed("ok-masked-fragments",
                 frame(0x2, b"abc", fin=False, key=KEY) + frame(0x0, b"def", key=b"\x01\x02\x03\x04"),
                 CLIENT, pieces=0x02)
    decoder_seed("ok-rsv1-negotiated", frame(0x1, HELLO, rsv=0x40), 0x08)
    decoder_seed("ok-rsv-all-negotiated", frame(0x2, b"x", rsv=0x70), 0x0E)
    decoder_seed("ok-non-minimal-16-lenient", frame(0x1, HELLO, form=16), LENIENT)
    decoder_seed("ok-non-minimal-64-lenient", frame(0x2, HELLO, form=64), LENIENT)
    decoder_seed("ok-invalid-utf8-unchecked", frame(0x1, b"\xc0\x80"), NO_UTF8)
    decoder_seed("ok-close-1005-unchecked", frame(0x8, b"\x03\xed"), NO_CLOSE)
    # Boundary lengths.
    decoder_seed("len-125-short7", frame(0x2, bytes(125)))
    decoder_seed("len-126-medium16", frame(0x2, bytes(126)), pieces=0x05)
    decoder_seed("len-65535-medium16-truncated", frame(0x2, bytes(8), length=65535))
    decoder_seed("len-65536-long64-truncated", frame(0x2, bytes(8), length=65536))
    decoder_seed("len-ping-125", frame(0x9, bytes(125)))
    decoder_seed("truncated-header", frame(0x1, HELLO, form=64)[:5])
    # One seed per violation kind (rules.hpp).
    decoder_seed("bad-unmasked-client-frame", frame(0x1, HELLO), CLIENT)
    decoder_seed("bad-masked-server-frame", frame(0x1, HELLO, key=KEY), SERVER)
    decoder_seed("bad-rsv1-without-extension", frame(0x1, HELLO, rsv=0x40))
    decoder_seed("bad-rsv3-rsv1-negotiated", frame(0x1, HELLO, rsv=0x10), 0x08)
    decoder_seed("bad-reserved-opcode-3", frame(0x3))
    decoder_seed("bad-reserved-opcode-b", frame(0xB, b"x"))
    decoder_seed("bad-control-frame-too-long", frame(0x9, bytes(126)))
    decoder_seed("bad-fragmented-control-frame", frame(0x9, b"x", fin=False))
    decoder_seed("bad-continuation-without-message", frame(0x0, b"x"))
    decoder_seed("bad-data-inside-fragmented-message",
                 frame(0x1, b"a", fin=False) + frame(0x1, b"b"))
    decoder_seed("bad-non-minimal-length-16", frame(0x1, HELLO, form=16))
    decoder_seed("bad-non-minimal-length-64", frame(0x2, bytes(200), form=64))
    decoder_seed("bad-length-top-bit-set", frame(0x2, length=1 << 63))
    decoder_seed("bad-close-payload-one-byte", frame(0x8, b"\x03"))
    decoder_seed("bad-invalid-close-code-1005", frame(0x8, b"\x03\xed"))
    decoder_seed("bad-invalid-close-code-999", frame(0x8, b"\x03\xe7"))
    decoder_seed("bad-invalid-utf8-close-reason", frame(0x8, b"\x03\xe8\xc0\x80"))
    decoder_seed("bad-invalid-utf8-text", frame(0x1, b"ab\xc0\x80cd"), pieces=0x00)
    decoder_seed("bad-utf8-text-ends-inside-character", frame(0x1, b"\xe2\x82"))
    decoder_seed("bad-utf8-surrogate-in-continuation",
                 frame(0x1, b"a", fin=False) + frame(0x0, b"\xed\xa0\x80"))
    decoder_seed("bad-message-too-big-frame", frame(0x2, bytes(8)), SMALL, 4, 100)
    decoder_seed("bad-message-too-big-message",
                 frame(0x2, bytes(6), fin=False) + frame(0x0, bytes(6)), SMALL, 8, 5)
    decoder_seed("bad-after-valid-frames", frame(0x1, HELLO) + frame(0x9) + frame(0x3))
    # Each relaxation switch off (what the deliberately broken raw target decodes with).
    decoder_seed("relaxed-masking", frame(0x1, HELLO) + frame(0x1, HELLO, key=KEY), CLIENT,
                 relax=RELAX_MASK)
    decoder_seed("relaxed-reserved-opcodes",
                 frame(0x1, b"a", fin=False) + frame(0x3, b"x") + frame(0xB, b"y") +
                 frame(0x0, b"b"), relax=RELAX_OPCODE)
    decoder_seed("relaxed-control-length", frame(0x9, bytes(130)) + frame(0x8, b"\x03\xe8" + bytes(200)),
                 relax=RELAX_CONTROL_LENGTH)
    decoder_seed("relaxed-control-fin", frame(0x9, b"p", fin=False) + frame(0x8, fin=False),
                 relax=RELAX_CONTROL_FIN)
    decoder_seed("relaxed-continuation-rules",
                 frame(0x0, b"orphan") + frame(0x1, b"a", fin=False) + frame(0x2, b"new") +
                 frame(0x0, b"z"), relax=RELAX_CONTINUATION)
    decoder_seed("relaxed-length-top-bit", frame(0x2, HELLO, form=64, length=(1 << 63) | 5),
                 relax=RELAX_TOP_BIT)
    decoder_seed("relaxed-everything", frame(0x4, b"x", fin=False, key=KEY) + frame(0x0, b"y"),
                 CLIENT | LENIENT, relax=0x3F)


# http_response: [limits][max headers][piece control] + response bytes.
# limits: bit 7 set picks small limits, max_header_bytes = (low 7 bits) * 8,
# max_headers = (next byte) % 16.
ACCEPT = b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="  # for the RFC 6455 §1.3 key the target uses


def http_seed(name, text, limits=0x00, max_headers=0x00, pieces=0x00):
    write("http_response", name, bytes([limits, max_headers, pieces]) + text)


def crlf(*lines):
    return b"".join(line + b"\r\n" for line in lines) + b"\r\n"


def http_response_seeds():
    upgrade = [b"Upgrade: websocket", b"Connection: Upgrade", b"Sec-WebSocket-Accept: " + ACCEPT]
    http_seed("101-correct", crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade))
    http_seed("101-correct-then-frame",
              crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade) + b"\x81\x05Hello", pieces=0x02)
    http_seed("101-no-reason", crlf(b"HTTP/1.1 101", *upgrade))
    http_seed("101-token-lists",
              crlf(b"HTTP/1.1 101 OK", b"upgrade: WebSocket", b"connection: keep-alive, upgrade",
                   b"sec-websocket-accept:  " + ACCEPT + b" "))
    http_seed("101-bare-lf",
              b"HTTP/1.1 101 Switching Protocols\n" + b"".join(h + b"\n" for h in upgrade) + b"\n")
    http_seed("101-wrong-accept",
              crlf(b"HTTP/1.1 101 Switching Protocols", b"Upgrade: websocket",
                   b"Connection: Upgrade", b"Sec-WebSocket-Accept: AAAA"))
    http_seed("101-duplicate-accept", crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade, upgrade[2]))
    http_seed("101-missing-upgrade",
              crlf(b"HTTP/1.1 101 Switching Protocols", b"Connection: Upgrade",
                   b"Sec-WebSocket-Accept: " + ACCEPT))
    http_seed("101-protocol-and-extensions",
              crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade, b"Sec-WebSocket-Protocol: chat",
                   b"Sec-WebSocket-Extensions: permessage-deflate"))
    http_seed("400-with-body",
              crlf(b"HTTP/1.1 400 Bad Request", b"Content-Length: 11", b"Connection: close") +
              b"bad request")
    http_seed("426-version", crlf(b"HTTP/1.1 426 Upgrade Required", b"Sec-WebSocket-Version: 13"))
    http_seed("500", crlf(b"HTTP/1.1 500 Internal Server Error", b"Content-Length: 0"))
    http_seed("503-retry-after", crlf(b"HTTP/1.1 503 Service Unavailable", b"Retry-After: 5"))
    http_seed("200-http10", crlf(b"HTTP/1.0 200 OK", b"Server: x"))
    http_seed("content-length-disagree",
              crlf(b"HTTP/1.1 400 Bad Request", b"Content-Length: 1", b"Content-Length: 2"))
    http_seed("content-length-huge", crlf(b"HTTP/1.1 400 X", b"Content-Length: 99999999999999999999"))
    http_seed("incomplete-block", b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: webso")
    http_seed("bad-status-line", crlf(b"HTTP/1.1 1O1 Switching"))
    http_seed("bad-status-099", crlf(b"HTTP/1.1 099 Low"))
    http_seed("bad-not-http", crlf(b"SSH-2.0-OpenSSH_9.0"))
    http_seed("bad-obs-fold", crlf(b"HTTP/1.1 101 X", b"Upgrade: websocket", b" folded"))
    http_seed("bad-bare-cr", b"HTTP/1.1 101 X\r\nUpgrade: web\rsocket\r\n\r\n")
    http_seed("bad-nul", b"HTTP/1.1 101 X\r\nUpgrade: web\x00socket\r\n\r\n")
    http_seed("bad-no-colon", crlf(b"HTTP/1.1 101 X", b"Upgrade websocket"))
    http_seed("bad-space-before-colon", crlf(b"HTTP/1.1 101 X", b"Upgrade : websocket"))
    http_seed("bad-empty-name", crlf(b"HTTP/1.1 101 X", b": websocket"))
    http_seed("limit-header-bytes", crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade), 0x84)
    http_seed("limit-header-count", crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade), 0xFF, 2)
    http_seed("limit-zero-bytes", crlf(b"HTTP/1.1 101 X"), 0x80)
    http_seed("one-byte-pieces", crlf(b"HTTP/1.1 101 Switching Protocols", *upgrade), pieces=0x00)


def close_payload_seeds():
    def code(value, reason=b""):
        return struct.pack(">H", value) + reason

    write("close_payload", "empty", b"")
    write("close_payload", "bad-one-byte", b"\x03")
    for value in (1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
                  3999, 4000, 4999):
        write("close_payload", f"ok-{value}", code(value))
    for value in (0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535):
        write("close_payload", f"bad-code-{value}", code(value))
    write("close_payload", "ok-1000-reason", code(1000, b"normal closure"))
    write("close_payload", "ok-1001-utf8-reason", code(1001, "κόσμε €𐍈".encode()))
    write("close_payload", "ok-1000-reason-123-bytes", code(1000, b"r" * 123))
    write("close_payload", "bad-reason-overlong", code(1000, b"\xc0\xaf"))
    write("close_payload", "bad-reason-surrogate", code(1000, b"ok\xed\xa0\x80"))
    write("close_payload", "bad-reason-truncated", code(1000, b"\xe2\x82"))
    write("close_payload", "bad-reason-beyond-10ffff", code(4000, b"\xf4\x90\x80\x80"))


def utf8_seed(name, data, pieces=0x00):
    write("utf8", name, bytes([pieces]) + data)


def utf8_seeds():
    utf8_seed("empty", b"")
    utf8_seed("ascii", b"Hello, world", 0x03)
    utf8_seed("ascii-long", b"abcdefgh" * 8 + b"\xc3\xa9" + b"ijklmnop" * 4, 0x05)
    utf8_seed("two-byte", "é ß ©".encode())
    utf8_seed("three-byte", "€ 한 ✓".encode())
    utf8_seed("four-byte", "𐍈 😀".encode())
    utf8_seed("rfc6455-kosme", "κόσμε".encode(), 0x01)
    utf8_seed("boundaries-valid",
              b"\x00\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"
              b"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 0x02)
    utf8_seed("bad-lone-continuation", b"a\x80b")
    utf8_seed("bad-c0-overlong", b"\xc0\x80")
    utf8_seed("bad-c1-overlong", b"\xc1\xbf")
    utf8_seed("bad-e0-overlong", b"\xe0\x80\x80")
    utf8_seed("bad-e0-9f-overlong", b"\xe0\x9f\xbf")
    utf8_seed("bad-f0-overlong", b"\xf0\x80\x80\x80")
    utf8_seed("bad-f0-8f-overlong", b"\xf0\x8f\xbf\xbf")
    utf8_seed("bad-surrogate-high", b"\xed\xa0\x80")
    utf8_seed("bad-surrogate-low", b"\xed\xbf\xbf")
    utf8_seed("bad-beyond-10ffff", b"\xf4\x90\x80\x80")
    utf8_seed("bad-f5", b"\xf5\x80\x80\x80")
    utf8_seed("bad-ff", b"ok\xff")
    utf8_seed("bad-fe", b"\xfe")
    utf8_seed("bad-five-byte-form", b"\xf8\x88\x80\x80\x80")
    utf8_seed("bad-missing-continuation", b"\xe2\x82A")
    utf8_seed("incomplete-two", b"ab\xc3")
    utf8_seed("incomplete-three", b"\xe2\x82", 0x00)
    utf8_seed("incomplete-four", b"\xf0\x9f\x98", 0x01)
    utf8_seed("split-four-byte", "a😀b".encode(), 0x00)


# wspp_frames and frame_differential: [limit][piece control] + a client's stream (masked frames).
# The limit is 125 + 64 * byte bytes per message; the piece control is as for frame_decoder.
# Both targets read the same layout, so they get the same seeds.
K2 = bytes.fromhex("a1b2c3d4")


def client(opcode, payload=b"", fin=True, rsv=0, key=KEY, form=None, length=None):
    return frame(opcode, payload, fin=fin, rsv=rsv, key=key, form=form, length=length)


def stream_seed(name, stream, limit=0xFF, pieces=0x00):
    for target in ("wspp_frames", "frame_differential"):
        write(target, name, bytes([limit, pieces]) + stream)


def stream_seeds():
    # Correct traffic.
    stream_seed("ok-text-hello", client(0x1, HELLO))
    stream_seed("ok-binary-256", client(0x2, bytes(range(256))), pieces=0x05)
    stream_seed("ok-empty-text", client(0x1))
    stream_seed("ok-fragmented-text",
                client(0x1, b"Hel", fin=False) + client(0x0, b"lo", key=K2), pieces=0x01)
    stream_seed("ok-ping-inside-fragments",
                client(0x1, b"ab", fin=False) + client(0x9, b"p") + client(0x0, b"cd"), pieces=0x02)
    stream_seed("ok-utf8-split-across-fragments",
                client(0x1, b"\xe2", fin=False) + client(0x0, b"\x82", fin=False) +
                client(0x0, b"\xac"), pieces=0x00)
    stream_seed("ok-pong-then-close-1000", client(0xA, b"x") + client(0x8, b"\x03\xe8"))
    stream_seed("ok-close-empty", client(0x8))
    stream_seed("ok-close-reason", client(0x8, b"\x0f\xa0" + "κόσμε".encode()))
    stream_seed("ok-after-close-ignored", client(0x8, b"\x03\xe8") + client(0x3))
    stream_seed("ok-len-126-medium16", client(0x2, bytes(126)), pieces=0x04)
    stream_seed("bad-len-65536-long64-over-limit", client(0x2, bytes(64), length=65536), pieces=0x07)
    stream_seed("ok-at-limit", client(0x2, bytes(125)), limit=0x00)
    stream_seed("ok-zero-mask-key", client(0x1, HELLO, key=bytes(4)))
    stream_seed("truncated-header", client(0x1, HELLO, form=64)[:5])
    stream_seed("truncated-payload", client(0x1, HELLO)[:8])
    stream_seed("truncated-mask-key", client(0x1, HELLO)[:4])
    # One seed per rule.
    stream_seed("bad-unmasked", frame(0x1, HELLO))
    stream_seed("bad-rsv1", client(0x1, HELLO, rsv=0x40))
    stream_seed("bad-rsv2-rsv3", client(0x2, b"x", rsv=0x30))
    stream_seed("bad-reserved-opcode-3", client(0x3))
    stream_seed("bad-reserved-opcode-f", client(0xF, b"x"))
    stream_seed("bad-reserved-control-not-fin", client(0xB, b"x", fin=False))
    stream_seed("bad-control-too-long", client(0x9, bytes(126)))
    stream_seed("bad-control-16-bit-form", client(0x9, b"p", form=16))
    stream_seed("bad-control-marker-only", client(0xA, b"p", form=16)[:2])
    stream_seed("bad-fragmented-ping", client(0x9, b"x", fin=False))
    stream_seed("bad-orphan-continuation", client(0x0, b"x"))
    stream_seed("bad-text-inside-fragmented", client(0x1, b"a", fin=False) + client(0x1, b"b"))
    stream_seed("bad-non-minimal-16", client(0x1, HELLO, form=16))
    stream_seed("bad-non-minimal-64", client(0x2, bytes(200), form=64))
    stream_seed("bad-top-bit", client(0x2, length=1 << 63))
    stream_seed("bad-top-bit-cut", client(0x2, length=1 << 63)[:3])
    stream_seed("bad-too-big-frame", client(0x2, bytes(200)), limit=0x00)
    stream_seed("bad-too-big-message",
                client(0x2, bytes(100), fin=False) + client(0x0, bytes(100)), limit=0x00)
    stream_seed("bad-close-one-byte", client(0x8, b"\x03"))
    stream_seed("bad-close-code-1005", client(0x8, b"\x03\xed"))
    stream_seed("bad-close-code-999", client(0x8, b"\x03\xe7"))
    stream_seed("bad-close-code-1016", client(0x8, b"\x03\xf8"))
    stream_seed("bad-close-code-5000", client(0x8, b"\x13\x88"))
    stream_seed("bad-utf8-text", client(0x1, b"ab\xc0\x80cd"), pieces=0x00)
    stream_seed("bad-utf8-ends-inside-character", client(0x1, b"\xe2\x82"))
    stream_seed("bad-utf8-surrogate-in-continuation",
                client(0x1, b"a", fin=False) + client(0x0, b"\xed\xa0\x80"))
    stream_seed("bad-after-valid-frames", client(0x1, HELLO) + client(0x9) + client(0x3))
    # The allow-list (harness/fuzz/wspp_deviations.hpp): one seed per websocketpp deviation.
    stream_seed("deviation-non-minimal-length-closes-1011", client(0x1, HELLO, form=16))
    stream_seed("deviation-close-reason-utf8-closes-1002", client(0x8, b"\x03\xe8\xc0\xaf"))
    stream_seed("deviation-fragmented-text-ends-inside-character",
                client(0x1, b"complete part ", fin=False) + client(0x0, b"\xe2\x82"))
    stream_seed("deviation-continuation-length-wraps-size-check",
                client(0x2, b"ab", fin=False) + client(0x0, bytes(16), length=(1 << 64) - 1))


if __name__ == "__main__":
    frame_decoder_seeds()
    http_response_seeds()
    close_payload_seeds()
    utf8_seeds()
    stream_seeds()
