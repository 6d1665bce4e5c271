#include "report/writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "report/html/report.hpp"
#include "report/json/report.hpp"
#include "report/text/junit_report.hpp"
#include "report/text/markdown_summary.hpp"

namespace wsconform::report {

namespace {

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path, int error) {
  throw ReportWriteError(
      fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error)));
}

// Closes the descriptor on every path out of the scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void write_all(int fd, std::string_view content, const std::filesystem::path& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

// Makes the rename itself durable; failure here loses nothing already visible, so it is ignored.
void sync_directory(const std::filesystem::path& directory) {
  FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

void ensure_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) fail("create the directory", directory, error.value());
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) fail("create", temporary, errno);
    try {
      write_all(fd.get(), content, temporary);
      if (::fsync(fd.get()) != 0) fail("fsync", temporary, errno);
      if (::close(fd.release()) != 0) fail("close", temporary, errno);
    } catch (...) {
      ::unlink(temporary.c_str());
      throw;
    }
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail("rename into place", path, error);
  }
  sync_directory(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
}

void write_reports(const std::filesystem::path& directory, const Json& report) {
  ensure_directory(directory);
  write_file_atomically(directory / "report.json", dump_json_report(report));
  write_derived_reports(directory, report);
}

void write_derived_reports(const std::filesystem::path& directory, const Json& report) {
  ensure_directory(directory);
  write_file_atomically(directory / "junit.xml", render_junit(report));
  write_file_atomically(directory / "summary.md", render_markdown_summary(report));
  write_file_atomically(directory / "report.html", render_html(report));
}

}  // namespace wsconform::report
