// Files for tests: a fresh scratch directory per test, and reading a whole file back.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace wsconform::testing {

// A fresh, empty directory under the test temp dir, unique per name, test and process.
inline std::filesystem::path fresh_directory(std::string_view name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              (std::string(name) + "-" + info->test_suite_name() + "-" +
                               info->name() + "-" + std::to_string(::getpid()));
  // Parameterized test names hold '/', which would nest the directory.
  std::string leaf = dir.filename().string();
  for (char& c : leaf) {
    if (c == '/') c = '_';
  }
  dir.replace_filename(leaf);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
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
