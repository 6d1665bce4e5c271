#include "backend_client.hpp"

#include <memory>

namespace wsconform::websocketpp_server {
namespace {

class BackendRequest : public std::enable_shared_from_this<BackendRequest> {
 public:
  BackendRequest(asio::io_context& io, std::string request, BackendAnswer answer)
      : socket_(io), timer_(io), request_(std::move(request)), answer_(std::move(answer)) {}

  void start(const asio::ip::tcp::endpoint& backend, std::chrono::milliseconds timeout) {
    auto self = shared_from_this();
    timer_.expires_after(timeout);
    timer_.async_wait([self](const asio::error_code& error) {
      if (!error) self->finish(std::nullopt);  // too slow: the connection is given up
    });
    socket_.async_connect(backend, [self](const asio::error_code& error) {
      if (error) return self->finish(std::nullopt);
      asio::async_write(self->socket_, asio::buffer(self->request_),
                        [self](const asio::error_code& write_error, std::size_t) {
                          if (write_error) return self->finish(std::nullopt);
                          self->reply_.resize(self->request_.size());
                          asio::async_read(self->socket_, asio::buffer(self->reply_),
                                           [self](const asio::error_code& read_error, std::size_t) {
                                             if (read_error) return self->finish(std::nullopt);
                                             self->finish(self->reply_);
                                           });
                        });
    });
  }

 private:
  void finish(std::optional<std::string> reply) {
    if (!answer_) return;  // already answered (the timer and the read may both end it)
    const BackendAnswer answer = std::move(answer_);
    answer_ = nullptr;
    asio::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
    answer(std::move(reply));
  }

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::string request_;
  std::string reply_;
  BackendAnswer answer_;
};

}  // namespace

void ask_backend(asio::io_context& io, const asio::ip::tcp::endpoint& backend, std::string request,
                 std::chrono::milliseconds timeout, BackendAnswer answer) {
  std::make_shared<BackendRequest>(io, std::move(request), std::move(answer))
      ->start(backend, timeout);
}

}  // namespace wsconform::websocketpp_server
