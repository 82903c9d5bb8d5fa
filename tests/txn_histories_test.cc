// The hand-written transactional histories under histories/transactions:
// every file's verdict under five isolation models and the anomaly
// `strongest` reports, as histories/transactions/README.md gives them (the
// one place they are written down); Elle's paper example; and the reports
// drawn from a transactional result.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "ariadne/report.h"
#include "ariadne/transactions.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::History;
using ariadne::Verdict;

const std::string kDir = std::string(ARIADNE_SOURCE_DIR) + "/histories/transactions/";
const std::vector<std::string> kModels = {"read-committed", "snapshot-isolation", "serializable",
                                          "strong-session-serializable", "strict-serializable"};

std::string trim(std::string s) {
  const char* space = " \t\r\n";
  s.erase(0, s.find_first_not_of(space));
  s.erase(s.find_last_not_of(space) + 1);
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') s = s.substr(1, s.size() - 2);
  return s;
}

struct Row {
  std::string file, model;
  std::vector<Verdict> verdicts;  // one per kModels
  std::string anomaly;            // what strongest reports; "-" for none
};

std::vector<Row> readme_rows() {
  std::ifstream in(kDir + "README.md");
  REQUIRE(in);
  std::vector<Row> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream cells_in(line.substr(1));
    for (std::string cell; std::getline(cells_in, cell, '|');) cells.push_back(trim(cell));
    REQUIRE(cells.size() >= 9);
    Row row{cells[0], cells[1], {}, cells[7]};
    for (size_t i = 0; i < kModels.size(); ++i) {
      INFO(line);
      REQUIRE((cells[2 + i] == "valid" || cells[2 + i] == "invalid"));
      row.verdicts.push_back(cells[2 + i] == "valid" ? Verdict::kValid : Verdict::kInvalid);
    }
    rows.push_back(row);
  }
  return rows;
}

struct Checked {
  History history;
  CheckResult result;
};

Checked check_file(const std::string& file, const std::string& model,
                   const std::string& isolation) {
  ariadne::ReadResult r = ariadne::read_history_file(kDir + file, {});
  INFO(file);
  REQUIRE(r.ok());
  CheckOptions options;
  options.model = model;
  options.isolation = isolation;
  options.threads = 1;
  Checked c{std::move(r.history), {}};
  c.result = ariadne::check(c.history, options);
  INFO(file << " (" << isolation << ")");
  REQUIRE_FALSE(c.result.error.has_value());
  REQUIRE(c.result.transactions != nullptr);
  return c;
}

std::vector<std::string> anomalies(const CheckResult& r) {
  std::vector<std::string> names;
  for (const ariadne::txn::Violation& v : r.transactions->violations)
    names.emplace_back(ariadne::txn::anomaly_name(v.anomaly));
  return names;
}

// Whether the operations `ops` of `h` (read from row.file), written out
// alone from the file's lines, show `anomaly` under strongest.
bool shows(const Row& row, const History& h, const std::vector<uint32_t>& ops,
           const std::string& anomaly) {
  std::ifstream in(kDir + row.file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::set<uint32_t> wanted;  // lines of the ops' events
  for (uint32_t op : ops) {
    const ariadne::Operation& o = h.ops[op];
    for (uint32_t e : {o.invoke, o.complete})
      if (e != ariadne::Operation::kNoEvent) wanted.insert(h.events[e].line);
  }
  std::string text;
  bool json_array = row.file.size() > 5 && row.file.substr(row.file.size() - 5) == ".json";
  for (uint32_t line : wanted) {
    std::string l = lines.at(line - 1);
    if (json_array) {  // one object a line: strip the array's brackets and commas
      l.erase(0, l.find('{'));
      l.erase(l.rfind('}') + 1);
    }
    text += l + "\n";
  }
  if (text.empty()) return false;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "witness", {});
  REQUIRE(r.ok());
  CheckOptions options;
  options.model = row.model;
  options.isolation = "strongest";
  options.threads = 1;
  CheckResult result = ariadne::check(r.history, options);
  REQUIRE(result.transactions != nullptr);
  std::vector<std::string> found = anomalies(result);
  return std::find(found.begin(), found.end(), anomaly) != found.end();
}

}  // namespace

TEST_CASE("every transactional history has the verdicts its README table gives",
          "[histories][transactions]") {
  std::vector<Row> rows = readme_rows();
  REQUIRE(rows.size() >= 20);
  for (const Row& row : rows) {
    for (size_t i = 0; i < kModels.size(); ++i) {
      DYNAMIC_SECTION(row.file << " (" << kModels[i] << ")") {
        Checked c = check_file(row.file, row.model, kModels[i]);
        CHECK(ariadne::verdict_name(c.result.verdict) == ariadne::verdict_name(row.verdicts[i]));
        // An invalid verdict comes with a witness of an anomaly the model forbids.
        if (c.result.verdict == Verdict::kInvalid) {
          REQUIRE_FALSE(c.result.transactions->violations.empty());
          auto model = ariadne::txn::parse_isolation(kModels[i]);
          REQUIRE(model.has_value());
          CHECK(ariadne::txn::forbids(*model, c.result.transactions->violations.front().anomaly));
          CHECK(c.result.counterexample.has_value());
        }
      }
    }
  }
}

TEST_CASE("strongest reports each history's anomaly, and none for the valid ones",
          "[histories][transactions]") {
  for (const Row& row : readme_rows()) {
    DYNAMIC_SECTION(row.file) {
      Checked c = check_file(row.file, row.model, "strongest");
      std::vector<std::string> found = anomalies(c.result);
      INFO("found: " << found.size());
      for (const std::string& a : found) INFO(a);
      if (row.anomaly == "-") {
        CHECK(found.empty());
        CHECK(c.result.verdict == Verdict::kValid);
      } else {
        CHECK(std::find(found.begin(), found.end(), row.anomaly) != found.end());
      }
    }
  }
}

// The issue asks for 1-minimal witnesses; this checks it independently of
// the checker's own `minimal` flag, from the file's own lines.
TEST_CASE("every witness strongest shows is 1-minimal, checked from the file's own lines",
          "[histories][transactions]") {
  for (const Row& row : readme_rows()) {
    DYNAMIC_SECTION(row.file) {
      Checked c = check_file(row.file, row.model, "strongest");
      // Its transactions alone show the anomaly; without any one, they do not.
      for (const ariadne::txn::Violation& v : c.result.transactions->violations) {
        std::string name(ariadne::txn::anomaly_name(v.anomaly));
        INFO("witness of " << name);
        CHECK(shows(row, c.history, v.ops, name));
        for (size_t drop = 0; drop < v.ops.size(); ++drop) {
          std::vector<uint32_t> less = v.ops;
          less.erase(less.begin() + static_cast<std::ptrdiff_t>(drop));
          INFO("without op " << v.ops[drop]);
          CHECK_FALSE(shows(row, c.history, less, name));
        }
      }
    }
  }
}

TEST_CASE("the README table lists exactly the files of histories/transactions",
          "[histories][transactions]") {
  std::set<std::string> listed, present;
  for (const Row& row : readme_rows()) CHECK(listed.insert(row.file).second);
  for (const auto& entry : std::filesystem::directory_iterator(kDir))
    if (entry.path().filename() != "README.md") present.insert(entry.path().filename().string());
  CHECK(listed == present);
}

TEST_CASE("Elle's paper example is the paper's G-single: rw on 255, wr on 255, ww on 256",
          "[histories][transactions]") {
  // Ops: 0 the nine appends, 1 [:append 255 8], 2 the reader that appends
  // 4 to 256, 3 the reader of 255 without 8 that appends 3 to 256.
  Checked c = check_file("elle-paper-example.edn", "list-append", "serializable");
  REQUIRE(c.result.verdict == Verdict::kInvalid);
  const ariadne::txn::Violation& v = c.result.transactions->violations.front();
  CHECK(ariadne::txn::anomaly_name(v.anomaly) == "G-single");
  CHECK(v.ops == std::vector<uint32_t>{1, 2, 3});
  REQUIRE(v.cycle.size() == 3);
  std::vector<std::string> edges;
  for (const ariadne::txn::Edge& e : v.cycle)
    edges.push_back(std::string(ariadne::txn::edge_kind_name(e.kind)) + " " +
                    std::to_string(e.from) + "->" + std::to_string(e.to) + " " +
                    ariadne::to_edn(e.key) + " " + ariadne::to_edn(e.value_from) + " " +
                    ariadne::to_edn(e.value_to));
  std::sort(edges.begin(), edges.end());
  CHECK(edges == std::vector<std::string>{"rw 3->1 255 [2 3 4 5] 8", "wr 1->2 255 8 [2 3 4 5 8]",
                                          "ww 2->3 256 4 3"});
}

TEST_CASE("the text report says the cycle's edges with kind, key and values",
          "[histories][transactions][report]") {
  Checked c = check_file("G-single.edn", "list-append", "snapshot-isolation");
  CheckOptions options;
  options.model = "list-append";
  options.isolation = "snapshot-isolation";
  std::string text = ariadne::text_report(c.history, options, c.result);
  CHECK(text.find("\tinvalid\n") != std::string::npos);
  CHECK(text.find("not snapshot-isolation: 1 anomaly it forbids") != std::string::npos);
  CHECK(text.find("T1 = process 0 ok [[:r :x []] [:r :y [1]]] (line 1)") != std::string::npos);
  CHECK(text.find("T1 -> T2  rw :x [] -> 1\n") != std::string::npos);
  CHECK(text.find("T2 -> T1  wr :y 1 -> [1]\n") != std::string::npos);
}

TEST_CASE("the JSON report has a transactions field with the cycle, and HTML draws it in SVG",
          "[histories][transactions][report]") {
  Checked c = check_file("G2-item.edn", "list-append", "serializable");
  ariadne::ReadResult read;
  read.history = c.history;
  ariadne::FileReport f;
  f.file = "G2-item.edn";
  f.read = &read;
  f.check = &c.result;
  CheckOptions options;
  options.model = "list-append";
  options.isolation = "serializable";
  std::string json = ariadne::json_report(f, options);
  CHECK(json.find("\"consistency\":\"serializable\"") != std::string::npos);
  CHECK(json.find("\"transactions\":{\"workload\":\"list-append\",\"checked\":\"serializable\"") !=
        std::string::npos);
  CHECK(json.find("\"anomalies\":[\"G2-item\"]") != std::string::npos);
  CHECK(json.find("{\"kind\":\"rw\",\"from\":\"T1\",\"to\":\"T2\"") != std::string::npos);
  std::string html = ariadne::html_report({f}, options);
  CHECK(html.find("<svg class=\"txn-cycle\"") != std::string::npos);
  CHECK(html.find(">rw :x</text>") != std::string::npos);
  CHECK(html.find(">rw :y</text>") != std::string::npos);
  std::string junit = ariadne::junit_report({f}, options);
  CHECK(junit.find("name=\"G2-item.edn G2-item\"") != std::string::npos);
  CHECK(junit.find("invalid: not serializable") != std::string::npos);
}

TEST_CASE("history strings in a transactional report are escaped and bounded",
          "[transactions][report]") {
  // G1c on a key that tries to close the SVG text and open a script, and a
  // second key 5,000 bytes long.
  std::string evil = "</text><script>alert(1)</script>";
  std::string huge(5000, 'k');
  std::string text =
      "{\"type\": \"invoke\", \"f\": \"txn\", \"process\": 0, \"value\": [[\"append\", \"" + evil +
      "\", 1], [\"r\", \"" + huge + "\", null]]}\n" +
      "{\"type\": \"invoke\", \"f\": \"txn\", \"process\": 1, \"value\": [[\"append\", \"" + huge +
      "\", 1], [\"r\", \"" + evil + "\", null]]}\n" +
      "{\"type\": \"ok\", \"f\": \"txn\", \"process\": 0, \"value\": [[\"append\", \"" + evil +
      "\", 1], [\"r\", \"" + huge + "\", [1]]]}\n" +
      "{\"type\": \"ok\", \"f\": \"txn\", \"process\": 1, \"value\": [[\"append\", \"" + huge +
      "\", 1], [\"r\", \"" + evil + "\", [1]]]}\n";
  ariadne::ReadResult read = ariadne::read_history_buffer(text, "evil.jsonl", {});
  REQUIRE(read.ok());
  CheckOptions options;
  options.model = "list-append";
  options.isolation = "serializable";
  CheckResult r = ariadne::check(read.history, options);
  REQUIRE(r.verdict == Verdict::kInvalid);
  REQUIRE(r.transactions != nullptr);
  CHECK(ariadne::txn::anomaly_name(r.transactions->violations.front().anomaly) == "G1c");
  ariadne::FileReport f;
  f.file = "evil.jsonl";
  f.read = &read;
  f.check = &r;
  std::string html = ariadne::html_report({f}, options);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)") != std::string::npos);
  CHECK(html.find(huge) == std::string::npos);  // bounded, not whole
  std::string report = ariadne::text_report(read.history, options, r);
  CHECK(report.find(huge) == std::string::npos);
  CHECK(report.find("bytes)") != std::string::npos);
  std::string json = ariadne::json_report(f, options);
  size_t section = json.find("\"transactions\":{");
  REQUIRE(section != std::string::npos);
  // A value whose JSON passes 4096 bytes is a bounded string there (the
  // counterexample's events keep it whole, as SPEC section 5 asks).
  CHECK(json.find(huge, section) == std::string::npos);
  CHECK(json.find("</text><script>alert(1)</script>", section) != std::string::npos);
}

TEST_CASE("an anomaly the checked model allows is shown as allowed, not as a violation",
          "[histories][transactions][report]") {
  // internal.edn: read committed allows an internal inconsistency (Elle's lattice).
  Checked c = check_file("internal.edn", "list-append", "read-committed");
  REQUIRE(c.result.verdict == Verdict::kValid);
  CheckOptions options;
  options.model = "list-append";
  options.isolation = "read-committed";
  std::string text = ariadne::text_report(c.history, options, c.result);
  CHECK(text.find("not read-committed") == std::string::npos);
  CHECK(text.find("also found, allowed by read-committed:\n  internal: ") != std::string::npos);
}
