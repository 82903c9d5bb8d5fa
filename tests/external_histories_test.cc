// Every history under ../shared/histories/external reads, and has the
// number of operations counted here independently of ariadne's readers:
// line by line with plain string searches, an operation is an invoke, or a
// completion whose process has no invoke open (completion-only records);
// the nemesis's lines are not operations. And the EDN and Jepsen log
// readers, record by record, on those files. Every case needs ../shared
// (see shared_dir.h).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "ariadne/ingest.h"
#include "edn_test_util.h"
#include "shared_dir.h"

namespace fs = std::filesystem;

namespace {

// The process of a line: after "jepsen.util - " up to whitespace (Jepsen
// log), or after ":process " up to ',' or '}' (EDN maps).
std::string process_of(const std::string& line) {
  size_t at = line.find("jepsen.util - ");
  if (at != std::string::npos) {
    size_t from = at + 14;
    return line.substr(from, line.find_first_of(" \t", from) - from);
  }
  at = line.find(":process ");
  if (at == std::string::npos) return "";
  size_t from = at + 9;
  return line.substr(from, line.find_first_of(",}", from) - from);
}

size_t count_operations(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::map<std::string, bool> open;
  size_t ops = 0;
  while (std::getline(in, line)) {
    if (process_of(line) == ":nemesis") continue;  // the fault injector's, never checked
    if (line.find(":invoke") != std::string::npos) {
      open[process_of(line)] = true;
      ++ops;
    } else if (line.find(":ok") != std::string::npos || line.find(":fail") != std::string::npos ||
               line.find(":info") != std::string::npos) {
      bool& is_open = open[process_of(line)];
      if (!is_open) ++ops;
      is_open = false;
    }
  }
  return ops;
}

}  // namespace

TEST_CASE("every external history reads with the operations it holds", "[external]") {
  ARIADNE_NEEDS_SHARED();
  fs::path root = shared_test::external_dir();
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext == ".md" || ext == ".csv") continue;
    ++files;
    DYNAMIC_SECTION(entry.path().lexically_relative(root).string()) {
      ariadne::ReadResult r = ariadne::read_history_file(entry.path().string(), {});
      INFO((r.error ? r.error->to_string() : std::string()));
      REQUIRE(r.ok());
      CHECK(r.skipped == 0);
      CHECK(r.history.ops.size() == count_operations(entry.path()));
    }
  }
  SECTION("all of them") { CHECK(files == 122); }  // 103 etcd logs, 6 kv files, 13 causal examples
}

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("every EDN sample history reads without error, one record per line", "[edn]") {
  using namespace edn_test;
  ARIADNE_NEEDS_SHARED();
  const fs::path root = shared_test::external_dir();
  int files = 0;
  for (const char* dir : {"porcupine/kv", "incrementalccc"}) {
    for (const auto& entry : fs::directory_iterator(root / dir)) {
      auto ext = entry.path().extension();
      if (ext != ".txt" && ext != ".edn") continue;
      std::string text = slurp(entry.path());
      size_t lines = 0;
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);)
        if (line.find('{') != std::string::npos) ++lines;
      Read r = edn(text);
      INFO(entry.path().string() << "\n" << r.error());
      CHECK(r.ok());
      CHECK(r.sink.records.size() == lines);
      ++files;
    }
  }
  CHECK(files == 19);
}

TEST_CASE("every porcupine etcd log reads whole, one record per marker line", "[jepsen-log]") {
  using namespace edn_test;
  ARIADNE_NEEDS_SHARED();
  const fs::path dir = fs::path(shared_test::external_dir()) / "porcupine/jepsen";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".log") continue;
    const std::string text = slurp(entry.path());
    size_t ops = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      if (line.find("jepsen.util - ") != std::string::npos) ++ops;
    Read r = jlog(text);
    INFO(entry.path().string() << "\n" << r.error());
    CHECK(r.ok());
    CHECK(r.sink.records.size() == ops);
    CHECK(r.result.ignored == 0);
    for (const auto& rec : r.sink.records) CHECK(rec.fields.size() >= 4);
    ++files;
  }
  CHECK(files == 103);
}
