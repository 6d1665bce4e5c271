#include "report/writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "report/json/report.hpp"
#include "sample_report.hpp"
#include "support/temp_files.hpp"
#include "xml_check.hpp"

namespace wsconform::report {
namespace {

using wsconform::testing::read_file;

namespace fs = std::filesystem;
using scenario::Verdict;
using testing::hostile_report;
using testing::SampleRun;

std::vector<std::string> file_names(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ReportWriter, WritesAllFourReportsIntoANewDirectoryAndNoTemporaries) {
  const fs::path root = testing::fresh_directory("writer");
  const fs::path directory = root / "nested" / "reports";
  const Json report = hostile_report();
  write_reports(directory, report);
  EXPECT_EQ(file_names(directory),
            (std::vector<std::string>{"junit.xml", "report.html", "report.json", "summary.md"}));

  const Json parsed = Json::parse(read_file(directory / "report.json"));
  EXPECT_EQ(parsed.at("schema"), "wsconform-report/2");
  EXPECT_EQ(parsed.at("counts").at("by_verdict").at("fail"), 1);
  EXPECT_EQ(parsed.at("conformant"), false);
  EXPECT_NE(parsed.at("cases")
                .at(0)
                .at("observed")
                .at("server_close")
                .at("reason")
                .at("text")
                .get<std::string>()
                .find("<script>"),
            std::string::npos);

  const std::string xml = read_file(directory / "junit.xml");
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_FALSE(testing::has_forbidden_control_byte(xml));
  EXPECT_TRUE(testing::xml_file_is_well_formed(directory / "junit.xml"));

  const std::string md = read_file(directory / "summary.md");
  EXPECT_NE(md.find("not conformant"), std::string::npos);
  EXPECT_EQ(md.find("<script"), std::string::npos);

  const std::string html = read_file(directory / "report.html");
  EXPECT_NE(html.find("Not conformant"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(ReportWriter, DerivedReportsComeFromAReportReadBack) {
  const fs::path first = testing::fresh_directory("writer-first");
  write_reports(first, hostile_report());
  const fs::path second = testing::fresh_directory("writer-second");
  write_derived_reports(second, Json::parse(read_file(first / "report.json")));
  EXPECT_EQ(file_names(second),
            (std::vector<std::string>{"junit.xml", "report.html", "summary.md"}));
  EXPECT_EQ(read_file(second / "junit.xml"), read_file(first / "junit.xml"));
  EXPECT_EQ(read_file(second / "summary.md"), read_file(first / "summary.md"));
  EXPECT_EQ(read_file(second / "report.html"), read_file(first / "report.html"));
}

TEST(ReportWriter, AtomicWriteReplacesTheOldContent) {
  const fs::path directory = testing::fresh_directory("writer-atomic");
  const fs::path file = directory / "out.txt";
  write_file_atomically(file, "first version, rather long");
  write_file_atomically(file, "second");
  EXPECT_EQ(read_file(file), "second");
  EXPECT_EQ(file_names(directory), (std::vector<std::string>{"out.txt"}));
}

TEST(ReportWriter, FailuresNameTheFile) {
  const fs::path directory = testing::fresh_directory("writer-fail");
  const fs::path not_a_directory = directory / "plain-file";
  write_file_atomically(not_a_directory, "x");
  try {
    write_reports(not_a_directory / "reports", hostile_report());
    FAIL() << "expected ReportWriteError";
  } catch (const ReportWriteError& error) {
    EXPECT_NE(std::string(error.what()).find("plain-file"), std::string::npos) << error.what();
  }
  try {
    write_file_atomically(directory / "missing-dir" / "x.txt", "x");
    FAIL() << "expected ReportWriteError";
  } catch (const ReportWriteError& error) {
    EXPECT_NE(std::string(error.what()).find("x.txt.tmp"), std::string::npos) << error.what();
  }
  EXPECT_EQ(file_names(directory), (std::vector<std::string>{"plain-file"}));
}

}  // namespace
}  // namespace wsconform::report
