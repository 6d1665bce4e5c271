// What `wsconform explain` prints about a close code or an HTTP status: name, meaning, when you
// see it, how to fix it, what a client should do, whether it may be on the wire, and how it
// differs from its neighbours.
#pragma once

#include <cstdint>
#include <string>

namespace wsconform::cli {

std::string explain_close_code(std::uint16_t code);
std::string explain_http_status(int status);

}  // namespace wsconform::cli
