// Porcupine's test histories (shared/histories/external/porcupine): every
// verdict in its MANIFEST.csv, through the library, one section per file.
// And the kv histories checked for sequential consistency, where keys may
// not be split (SPEC section 3): one object of ten registers.
#include <catch2/catch.hpp>

#include "initial_value.h"
#include "shared_dir.h"

#include <fstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

namespace {

using ariadne::CheckOptions;
using ariadne::Consistency;
using ariadne::Verdict;

const std::string kPorcupine = std::string(ARIADNE_SHARED_DIR) + "/histories/external/porcupine/";

// Splits one CSV line (RFC 4180: "quoted, with "" for a quote") into fields.
std::vector<std::string> csv_fields(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// Splits flags as a POSIX shell would: blanks separate words, '...' and
// "..." quote.
std::vector<std::string> shell_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      size_t close = text.find(c, i + 1);
      REQUIRE(close != std::string::npos);
      word += text.substr(i + 1, close - i - 1);
      i = close;
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

struct Row {
  std::string file, model, consistency, flags, expected;
};

std::vector<Row> manifest_rows() {
  std::ifstream in(kPorcupine + "MANIFEST.csv");
  REQUIRE(in);
  std::string line;
  REQUIRE(std::getline(in, line));
  REQUIRE(csv_fields(line) ==
          std::vector<std::string>{"file", "model", "consistency", "flags", "expected"});
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> f = csv_fields(line);
    INFO(line);
    REQUIRE(f.size() == 5);
    rows.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return rows;
}

struct Setup {
  ariadne::ReadOptions read;
  CheckOptions check;
};

Setup setup_for(const Row& row) {
  Setup s;
  s.check.model = row.model;
  auto consistency = ariadne::parse_consistency(row.consistency);
  REQUIRE(consistency.has_value());
  s.check.consistency = *consistency;
  std::vector<std::string> words = shell_words(row.flags);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--independent") {
      s.read.independent = true;
    } else if (words[i] == "--initial" && i + 1 < words.size()) {
      s.check.initial = parse_initial(words[++i]);
    } else {
      FAIL("MANIFEST.csv: unknown flag '" << words[i] << "' for " << row.file);
    }
  }
  return s;
}

}  // namespace

// Runs without ../shared too, but ctest reports this whole file as skipped
// then: its helpers serve only the manifest.
TEST_CASE("the manifest's flags field reads as the shell would read it", "[porcupine]") {
  CHECK(
      csv_fields("kv/c01-ok.txt,kv,linearizable,\"--initial '\"\"\"\"'\",valid\r") ==
      std::vector<std::string>{"kv/c01-ok.txt", "kv", "linearizable", "--initial '\"\"'", "valid"});
  CHECK(shell_words("--initial '\"\"'") == std::vector<std::string>{"--initial", "\"\""});
  CHECK(parse_initial("\"\"") == ariadne::Value::string(""));
}

TEST_CASE("every Porcupine history gets the verdict its MANIFEST.csv gives",
          "[porcupine][linearizability]") {
  ARIADNE_NEEDS_SHARED();
  std::vector<Row> rows = manifest_rows();
  REQUIRE(rows.size() == 109);
  size_t known = 0;
  for (const Row& row : rows) {
    if (row.expected == "unknown") continue;  // no verdict to compare with
    ++known;
    DYNAMIC_SECTION(row.file << " (" << row.model << ", " << row.consistency << ")") {
      Setup s = setup_for(row);
      s.check.max_states = 500'000'000;  // a runaway search is a failure, not a wait
      ariadne::ReadResult r = ariadne::read_history_file(kPorcupine + row.file, s.read);
      INFO((r.error ? r.error->to_string() : std::string()));
      REQUIRE(r.ok());
      REQUIRE_FALSE(r.history.ops.empty());
      ariadne::CheckResult result = ariadne::check(r.history, s.check);
      INFO(result.reason);
      REQUIRE_FALSE(result.error.has_value());
      CHECK(ariadne::verdict_name(result.verdict) == row.expected);
    }
  }
  CHECK(known == 108);
}

TEST_CASE("kv/c10-ok.txt checked as one object is sequentially consistent within 2 GiB",
          "[porcupine][sequential]") {
  ARIADNE_NEEDS_SHARED();
  // Linearizable, so sequentially consistent. The sequential search alone
  // (one object, ten registers, ten processes) gives up here; the checker
  // tries linearizability first.
  ariadne::ReadResult r = ariadne::read_history_file(kPorcupine + "kv/c10-ok.txt", {});
  REQUIRE(r.ok());
  CheckOptions options;
  options.model = "kv";
  options.consistency = Consistency::kSequential;
  options.initial = ariadne::Value::string("");
  options.max_memory = uint64_t{2} << 30;
  options.max_states = 100'000'000;
  ariadne::CheckResult result = ariadne::check(r.history, options);
  INFO(result.reason);
  REQUIRE_FALSE(result.error.has_value());
  // Found through the linearizability search, per key: linearizable
  // implies sequentially consistent.
  CHECK(result.partitions.size() == 10);
  CHECK(ariadne::verdict_name(result.verdict) == "valid");
}
