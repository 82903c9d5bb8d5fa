// Every history under ../shared/histories/external reads, and has the
// number of operations counted here independently of ariadne's readers:
// line by line with plain string searches, an operation is an invoke, or a
// completion whose process has no invoke open (completion-only records);
// the nemesis's lines are not operations.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "ariadne/ingest.h"

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
  fs::path root = fs::path(ARIADNE_SHARED_DIR) / "histories" / "external";
  REQUIRE(fs::exists(root));
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
