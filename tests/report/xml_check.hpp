// Checks for the report tests: is an XML document well-formed (parsed by Python's minidom, a
// real XML parser), and does text hold any byte XML 1.0 forbids.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "support/temp_files.hpp"

namespace wsconform::report::testing {

using wsconform::testing::fresh_directory;

inline bool xml_file_is_well_formed(const std::filesystem::path& file) {
  const std::string command =
      "python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' '" +
      file.string() + "'";
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

inline bool xml_is_well_formed(std::string_view xml, const std::filesystem::path& directory) {
  const std::filesystem::path file = directory / "check.xml";
  std::ofstream(file, std::ios::binary) << xml;
  return xml_file_is_well_formed(file);
}

// A C0 control byte other than tab, LF and CR: never allowed in XML 1.0.
inline bool has_forbidden_control_byte(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') return true;
  }
  return false;
}

}  // namespace wsconform::report::testing
