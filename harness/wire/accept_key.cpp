// Sec-WebSocket-Accept (RFC 6455 §4.2.2 step 5.4), base64 (RFC 4648 §4) and the client nonce.
#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "wire/http.hpp"

namespace wsconform::wire {

namespace {
// §1.3 / §4.2.2: the GUID every server appends to the client's key.
constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
// Input chunk for EVP_EncodeBlock: a multiple of 3 (no padding mid-stream) that fits in an int.
constexpr std::size_t kBase64Chunk = 3 * 1024;
}  // namespace

std::string base64_encode(ByteView bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::array<unsigned char, kBase64Chunk / 3 * 4 + 1> encoded{};  // +1: EVP writes a NUL
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), kBase64Chunk);
    const int written = EVP_EncodeBlock(encoded.data(), bytes.data(), static_cast<int>(take));
    out.append(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(written));
    bytes = bytes.subspan(take);
  }
  return out;
}

// §4.2.2 step 5.4: base64(SHA-1(key + GUID)), the key taken as a string, not base64-decoded.
std::string compute_accept(std::string_view key) {
  std::string input(key);
  input.append(kAcceptGuid);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &digest_size, EVP_sha1(), nullptr) !=
      1) {
    return {};  // only if OpenSSL itself is broken; an empty accept never matches a server's
  }
  return base64_encode(ByteView(digest.data(), digest_size));
}

// §4.1 client step 7: the key is a randomly selected 16-byte value, base64-encoded.
std::string generate_key(std::mt19937_64& rng) {
  std::array<std::uint8_t, 16> nonce{};
  for (std::size_t i = 0; i < nonce.size(); i += 8) {
    std::uint64_t word = rng();
    for (std::size_t j = 0; j < 8; ++j, word >>= 8) nonce[i + j] = static_cast<std::uint8_t>(word);
  }
  return base64_encode(nonce);
}

}  // namespace wsconform::wire
