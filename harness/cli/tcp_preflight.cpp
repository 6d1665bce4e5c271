#include "cli/tcp_preflight.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace wsconform::cli {

namespace {

struct AddressList {
  addrinfo* head = nullptr;
  ~AddressList() {
    if (head != nullptr) freeaddrinfo(head);
  }
};

struct Socket {
  int fd;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

// Connects one address without blocking longer than `timeout`. Returns 0 or an errno value.
int connect_with_timeout(const addrinfo& address, std::chrono::milliseconds timeout) {
  Socket socket{::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                         address.ai_protocol)};
  if (socket.fd < 0) return errno;
  if (::connect(socket.fd, address.ai_addr, address.ai_addrlen) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  pollfd waiting{socket.fd, POLLOUT, 0};
  int ready = 0;
  do {
    ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  if (ready == 0) return ETIMEDOUT;
  if (ready < 0) return errno;
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  return error;
}

}  // namespace

std::optional<std::string> tcp_connect_problem(const std::string& host, std::uint16_t port,
                                               std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  AddressList addresses;
  const std::string service = std::to_string(port);
  if (const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses.head);
      status != 0) {
    return fmt::format("cannot resolve '{}': {}", host, gai_strerror(status));
  }
  std::string last_problem = "no address to connect to";
  for (const addrinfo* address = addresses.head; address != nullptr; address = address->ai_next) {
    const int error = connect_with_timeout(*address, timeout);
    if (error == 0) return std::nullopt;
    last_problem = error == ETIMEDOUT ? fmt::format("no answer within {} ms", timeout.count())
                                      : std::string(std::strerror(error));
  }
  return last_problem;
}

}  // namespace wsconform::cli
