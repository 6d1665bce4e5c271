// Files for tests: a fresh scratch directory per test, removed when the test passes, and reading a
// whole file back.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace wsconform::testing {

// Removes the scratch directories of each test that passed; a failed test's stay for a look.
class ScratchCleanup : public ::testing::EmptyTestEventListener {
 public:
  static ScratchCleanup& installed() {
    static ScratchCleanup* cleanup = [] {
      auto* created = new ScratchCleanup;
      ::testing::UnitTest::GetInstance()->listeners().Append(created);  // gtest owns it
      return created;
    }();
    return *cleanup;
  }
  void remember(std::filesystem::path dir) { dirs_.push_back(std::move(dir)); }
  void OnTestEnd(const ::testing::TestInfo& info) override {
    if (info.result()->Passed()) {
      for (const auto& dir : dirs_) {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
      }
    }
    dirs_.clear();
  }

 private:
  std::vector<std::filesystem::path> dirs_;
};

// A fresh, empty directory under the test temp dir, unique per name, test and process. It is
// removed when the test passes.
inline std::filesystem::path fresh_directory(std::string_view name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string leaf = std::string(name) + "-" + info->test_suite_name() + "-" + info->name() + "-" +
                     std::to_string(::getpid());
  // Parameterized suite and test names hold '/', which would nest the directory.
  for (char& c : leaf) {
    if (c == '/') c = '_';
  }
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / leaf;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ScratchCleanup::installed().remember(dir);
  return dir;
}

// The whole file as bytes; empty if it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace wsconform::testing
