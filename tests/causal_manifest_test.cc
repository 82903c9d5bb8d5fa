// The causal-consistency examples of IncrementalCCC
// (shared/histories/external/incrementalccc): every row of its MANIFEST.csv,
// read in place; the verdicts of its "unknown" rows worked out from the
// definitions; and, for the causal-memory rows where that matters, a legal
// serialisation of each process's causal past checked step by step.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "causal_support.h"
#include "initial_value.h"
#include "shared_dir.h"

namespace {

using ariadne::Verdict;
using causal_test::Checked;

}  // namespace

namespace {

const std::string kIncrementalCCC =
    std::string(ARIADNE_SHARED_DIR) + "/histories/external/incrementalccc/";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else if (c != '\r')
      out.back() += c;
  }
  return out;
}

// Verdicts for the manifest's "unknown" rows, worked out from the paper's
// definitions (see the report and the test cases below). Every other row is
// asserted as the manifest gives it. (TransitiveHBo and CyclicHB_perProcess
// were derived here until the manifest's corrections confirmed them; their
// causal-memory witnesses are the serialisation tests below.)
const std::map<std::pair<std::string, std::string>, std::string> kDerived = {
    // With co = CO, the arbitration c=1 d=1 (read d=1) c=2 a=2 b=1 a=1 ...
    // gives every read the arbitration-last write of its key in its causal
    // past: CCv, hence CC. (CM fails: process 1's view is cyclic.)
    {{"CyclicHB_history.edn", "causal"}, "valid"},
    {{"CyclicHB_history.edn", "causal-convergence"}, "valid"},
    // With the manifest's flags (initial nil) the reads of 0 read a value
    // no write wrote (ThinAirRead); with --initial 0 it is causal under all
    // three (tested below).
    {{"small_history.edn", "causal"}, "invalid"},
    {{"small_history.edn", "causal-convergence"}, "invalid"},
    {{"small_history.edn", "causal-memory"}, "invalid"},
};

struct ManifestRow {
  std::string file, model, consistency, flags, expected;
};

std::vector<ManifestRow> manifest() {
  std::ifstream in(kIncrementalCCC + "MANIFEST.csv");
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  CHECK(split(line, ',') ==
        std::vector<std::string>{"file", "model", "consistency", "flags", "expected"});
  std::vector<ManifestRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto f = split(line, ',');
    INFO(line);
    REQUIRE(f.size() == 5);
    rows.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return rows;
}

// The manifest's verdict for a file under a consistency model.
std::string manifest_verdict(const std::string& file, const std::string& consistency) {
  for (const ManifestRow& row : manifest())
    if (row.file == file && row.consistency == consistency) return row.expected;
  FAIL("no row for " << file << " " << consistency);
  return "";
}

Checked check_file(const std::string& file, const std::string& model,
                   const std::string& consistency, const std::string& flags) {
  ariadne::ReadOptions ro;
  ariadne::CheckOptions o;
  o.model = model;
  o.consistency = *ariadne::parse_consistency(consistency);
  o.threads = 1;
  std::stringstream words(flags);
  std::string word;
  while (words >> word) {
    if (word == "--independent") {
      ro.independent = true;
    } else if (word == "--initial") {
      std::string v;
      REQUIRE(static_cast<bool>(words >> v));
      o.initial = parse_initial(v);
    } else {
      FAIL("unknown flag " << word);
    }
  }
  ariadne::ReadResult r = ariadne::read_history_file(kIncrementalCCC + file, ro);
  REQUIRE(r.ok());
  Checked c;
  c.history = std::move(r.history);
  c.result = ariadne::check(c.history, o);
  return c;
}

}  // namespace

TEST_CASE("every row of the IncrementalCCC manifest has its verdict", "[causal][external]") {
  ARIADNE_NEEDS_SHARED();
  size_t rows = 0, derived = 0;
  for (const ManifestRow& row : manifest()) {
    ++rows;
    std::pair<std::string, std::string> key{row.file, row.consistency};
    std::string expected = row.expected;
    if (expected == "unknown") {
      INFO(row.file << " " << row.consistency << ": an unknown row without a derived verdict");
      REQUIRE(kDerived.count(key) == 1);
      expected = kDerived.at(key);
      ++derived;
    } else {
      // A verdict derived here for a row the manifest decides is stale.
      INFO(row.file << " " << row.consistency << ": the manifest now gives " << expected);
      CHECK(kDerived.count(key) == 0);
    }
    DYNAMIC_SECTION(row.file << " " << row.consistency) {
      Checked c = check_file(row.file, row.model, row.consistency, row.flags);
      REQUIRE_FALSE(c.result.error);
      CHECK(ariadne::verdict_name(c.result.verdict) == expected);
    }
  }
  CHECK(rows == 39);
  CHECK(derived == kDerived.size());
}

TEST_CASE("the manifest's patterns are the ones found", "[causal][external]") {
  ARIADNE_NEEDS_SHARED();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"CyclicCO_history.edn", "CyclicCO"},
      {"ThinAirRead_history.edn", "ThinAirRead"},
      {"WriteCOInitRead_history.edn", "WriteCOInitRead"},
      {"WriteCORead_history.edn", "WriteCORead"},
      {"WriteReadWrite_history.edn", "WriteCORead"},
  };
  for (const auto& [file, name] : expected) {
    INFO(file);
    Checked c = check_file(file, "kv", "causal", "--independent");
    REQUIRE(c.result.causal);
    CHECK(c.result.causal->pattern == name);
  }
  CHECK(check_file("CyclicCF_history.edn", "kv", "causal-convergence", "--independent")
            .result.causal->pattern == "CyclicCF");
  CHECK(check_file("CyclicHB_history.edn", "kv", "causal-memory", "--independent")
            .result.causal->pattern == "CyclicHB");
  CHECK(check_file("WriteHBInitRead_history.edn", "kv", "causal-memory", "--independent")
            .result.causal->pattern == "WriteHBInitRead");
  CHECK(check_file("small_history.edn", "kv", "causal", "--independent").result.causal->pattern ==
        "ThinAirRead");
}

TEST_CASE("IncrementalCCC's small_history is causal under all three with --initial 0",
          "[causal][external]") {
  ARIADNE_NEEDS_SHARED();
  for (const char* c : {"causal", "causal-convergence", "causal-memory"}) {
    INFO(c);
    CHECK(check_file("small_history.edn", "kv", c, "--independent --initial 0").result.verdict ==
          Verdict::kValid);
  }
}

namespace {

// Checks a causal-memory witness by the paper's definition (AxCausalSeq
// with co = CO) for every operation o of `process`: `order` (lines of the
// file) restricted to o's causal past is all of it, respects po and rf, and
// has every read of the process up to o return the last value written to
// its key before it (the initial nil if none). With every process checked
// (a process without reads holds trivially), the history is CM.
void check_serialisation(const Checked& c, int process, const std::vector<uint32_t>& order) {
  const ariadne::History& h = c.history;
  auto at_line = [&](uint32_t line) {
    for (uint32_t i = 0; i < h.ops.size(); ++i)
      if (causal_test::line_of(h, i) == line) return i;
    FAIL("no operation at line " << line);
    return 0u;
  };
  auto is_write = [&](uint32_t i) { return h.f(h.ops[i]).as_text() == "write"; };
  auto value = [&](uint32_t i) { return is_write(i) ? h.argument(h.ops[i]) : h.result(h.ops[i]); };
  // Immediate CO predecessors: po and rf.
  auto preds = [&](uint32_t i) {
    std::vector<uint32_t> out;
    for (uint32_t j = 0; j < i; ++j)
      if (h.process(h.ops[j]) == h.process(h.ops[i])) out.push_back(j);
    if (!is_write(i))
      for (uint32_t j = 0; j < h.ops.size(); ++j)
        if (is_write(j) && h.key(h.ops[j]) == h.key(h.ops[i]) && value(j) == value(i))
          out.push_back(j);
    return out;
  };
  auto mine = [&](uint32_t i) { return h.process(h.ops[i]) == ariadne::Value::integer(process); };
  // For every operation o of the process, `order` restricted to o's causal
  // past must be all of it, respect po and rf, and make every read of the
  // process up to o legal (AxCausalSeq for o).
  for (uint32_t o = 0; o < h.ops.size(); ++o) {
    if (!mine(o)) continue;
    INFO("causal past of line " << causal_test::line_of(h, o));
    std::vector<bool> past(h.ops.size(), false);
    std::vector<uint32_t> todo{o};
    while (!todo.empty()) {
      uint32_t i = todo.back();
      todo.pop_back();
      if (past[i]) continue;
      past[i] = true;
      for (uint32_t j : preds(i)) todo.push_back(j);
    }
    std::vector<bool> placed(h.ops.size(), false);
    size_t count = 0;
    std::map<ariadne::Value, ariadne::Value> state;
    for (uint32_t line : order) {
      uint32_t i = at_line(line);
      if (!past[i]) continue;
      INFO("line " << line);
      for (uint32_t j : preds(i)) CHECK(placed[j]);
      placed[i] = true;
      ++count;
      ariadne::Value k = h.key(h.ops[i]);
      if (is_write(i))
        state[k] = value(i);
      else if (mine(i) && i <= o)
        CHECK(state[k] == value(i));
    }
    CHECK(count == static_cast<size_t>(std::count(past.begin(), past.end(), true)));
  }
}

}  // namespace

TEST_CASE("TransitiveHBo is causal memory: every process's view has a legal order",
          "[causal][external]") {
  ARIADNE_NEEDS_SHARED();
  Checked c = check_file("TransitiveHBo_history.edn", "kv", "causal-memory", "--independent");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(manifest_verdict("TransitiveHBo_history.edn", "causal-memory") == "valid");
  check_serialisation(c, 0, {1, 2, 3});
  check_serialisation(c, 1, {1, 2, 3, 4, 5, 6, 7, 8});
  check_serialisation(c, 2, {4, 5, 9, 6, 10, 11, 12, 13});
  // Process 3 reads a=1 from process 2; b=1 (line 1) is not in its past.
  check_serialisation(c, 3, {4, 9, 10, 11, 14, 15});
}

TEST_CASE("CyclicHB_perProcess is causal memory: every process's view has a legal order",
          "[causal][external]") {
  ARIADNE_NEEDS_SHARED();
  Checked c = check_file("CyclicHB_perProcess_history.edn", "kv", "causal-memory", "--independent");
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(manifest_verdict("CyclicHB_perProcess_history.edn", "causal-memory") == "valid");
  check_serialisation(c, 0, {5, 6, 1, 3, 2});
  check_serialisation(c, 2, {3, 5, 6, 4, 7, 8});
  check_serialisation(c, 1, {3, 4});  // writes only
}
