#include "reference/raw_server/raw_connection.hpp"

#include <asio/buffer.hpp>
#include <asio/write.hpp>

namespace wsconform::raw_server {

RawConnection::RawConnection(asio::ip::tcp::socket socket, SessionOptions options,
                             ConnectionLimits limits)
    : socket_(std::move(socket)),
      wake_timer_(socket_.get_executor()),
      deadline_timer_(socket_.get_executor()),
      limits_(limits),
      unbounded_queue_(options.modes.contains(BrokenMode::unbounded_write_queue)),
      session_(std::move(options)) {}

void RawConnection::start() {
  std::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  arm_idle();
  read_more();
}

void RawConnection::close_now() {
  close_socket();
}

void RawConnection::read_more() {
  // Backpressure: a client that does not read what it is sent stops being read, so what waits
  // for it stays bounded (the TCP window then stops the client).
  const bool queue_full = queued_bytes_ > limits_.max_queued_write_bytes && !unbounded_queue_;
  if (reading_ || closed_ || queue_full) return;
  reading_ = true;
  socket_.async_read_some(
      asio::buffer(read_buffer_),
      [self = shared_from_this()](const std::error_code& error, std::size_t size) {
        self->on_read(error, size);
      });
}

void RawConnection::on_read(const std::error_code& error, std::size_t size) {
  reading_ = false;
  if (closed_) return;
  if (error == asio::error::eof && !fin_requested_) {
    // The client ended first: the session says what to send; the FIN follows it.
    apply(session_.on_client_end());
    return;
  }
  if (error) {
    if (error == asio::error::connection_reset) session_.on_client_reset();
    // A reset, or the client's FIN after ours (or while ours waits behind queued writes): once
    // the queue is written there is nothing left to say.
    if (!fin_requested_ || fin_sent_) close_socket();
    return;
  }
  if (!fin_requested_) {
    arm_idle();
    apply(session_.on_receive(wire::ByteView(read_buffer_.data(), size)));
  }
  read_more();
}

void RawConnection::apply(SessionOutput output) {
  if (!output.bytes.empty()) {
    queued_bytes_ += output.bytes.size();
    write_queue_.push_back(std::move(output.bytes));
  }
  if (output.end_tcp) {
    fin_requested_ = true;
    wake_timer_.cancel();
  }
  if (output.wake_after) arm_wake(*output.wake_after);
  write_next();
}

void RawConnection::write_next() {
  if (writing_ || closed_) return;
  if (write_queue_.empty()) {
    if (fin_requested_ && !fin_sent_) send_fin();
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(write_queue_.front()),
                    [self = shared_from_this()](const std::error_code& error, std::size_t) {
                      self->on_written(error);
                    });
}

void RawConnection::on_written(const std::error_code& error) {
  writing_ = false;
  if (closed_) return;
  if (error) {
    close_socket();
    return;
  }
  queued_bytes_ -= write_queue_.front().size();
  write_queue_.pop_front();
  write_next();
  read_more();  // reading may have paused while the queue was full
}

void RawConnection::send_fin() {
  fin_sent_ = true;
  std::error_code error;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, error);
  if (error) {
    close_socket();
    return;
  }
  // Keep reading (and discarding) until the client's FIN: closing with unread bytes would send
  // RST, which can destroy our close frame before the client reads it.
  deadline_timer_.expires_after(limits_.linger);
  deadline_timer_.async_wait([self = shared_from_this()](const std::error_code& wait_error) {
    if (!wait_error) self->close_socket();
  });
  read_more();
}

void RawConnection::arm_wake(std::chrono::milliseconds after) {
  wake_timer_.expires_after(after);
  wake_timer_.async_wait([self = shared_from_this()](const std::error_code& error) {
    if (error || self->closed_ || self->fin_requested_) return;
    self->apply(self->session_.on_timer());
  });
}

void RawConnection::arm_idle() {
  deadline_timer_.expires_after(limits_.idle_timeout);
  deadline_timer_.async_wait([self = shared_from_this()](const std::error_code& error) {
    if (!error) self->close_socket();
  });
}

void RawConnection::close_socket() {
  if (closed_) return;
  closed_ = true;
  std::error_code ignored;
  wake_timer_.cancel();
  deadline_timer_.cancel();
  socket_.close(ignored);
}

}  // namespace wsconform::raw_server
