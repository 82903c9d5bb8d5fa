// The hand-written histories under histories/good and histories/bad: every
// file's verdicts, for linearizability and sequential consistency (and, for
// the eventual-* files, eventual consistency), as the tables in
// histories/README.md give them (the one place they are written down), and
// where the search gets stuck on a few of the bad ones.
#include <catch2/catch.hpp>

#include "initial_value.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "models/model.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::Consistency;
using ariadne::History;
using ariadne::Verdict;

const std::string kHistories = std::string(ARIADNE_SOURCE_DIR) + "/histories/";

std::string trim(std::string s) {
  const char* space = " \t\r\n";
  s.erase(0, s.find_first_not_of(space));
  s.erase(s.find_last_not_of(space) + 1);
  return s;
}

std::string unquote_code(std::string s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') s = s.substr(1, s.size() - 2);
  return s;
}

// One row of the README's table.
struct Row {
  std::string file, model, flags;
  Verdict linearizable = Verdict::kUnknown, sequential = Verdict::kUnknown;
  // causal-memory, causal-convergence, causal; nullopt where the table says
  // "-" (a datatype the causal models do not apply to).
  std::optional<Verdict> causal_memory, causal_convergence, causal;
};

Verdict parse_verdict(const std::string& s, bool unknown_allowed = false) {
  if (s == "valid") return Verdict::kValid;
  if (s == "invalid") return Verdict::kInvalid;
  if (unknown_allowed && s == "unknown") return Verdict::kUnknown;
  FAIL("histories/README.md: expected valid or invalid, got '" << s << "'");
  return Verdict::kUnknown;
}

std::optional<Verdict> parse_causal_verdict(const std::string& s) {
  if (s == "-") return std::nullopt;
  if (s == "unknown") return Verdict::kUnknown;
  return parse_verdict(s);
}

// The lines of the README's table rows ("| `good/...` | ..."): those before
// the "## Eventual consistency" heading, or those after it.
std::vector<std::string> table_lines(bool eventual) {
  std::ifstream in(kHistories + "README.md");
  REQUIRE(in);
  std::vector<std::string> lines;
  bool in_eventual = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## Eventual consistency", 0) == 0) in_eventual = true;
    if (line.rfind("| `", 0) == 0 && in_eventual == eventual) lines.push_back(line);
  }
  return lines;
}

// The rows of the first table: lines "| `good/...` | model | flags | lin | seq | ... |".
std::vector<Row> readme_rows() {
  std::vector<Row> rows;
  for (const std::string& line : table_lines(false)) {
    std::vector<std::string> cells;
    std::stringstream cells_in(line.substr(1));
    std::string cell;
    while (std::getline(cells_in, cell, '|')) cells.push_back(trim(cell));
    REQUIRE(cells.size() >= 9);
    Row row;
    row.file = unquote_code(cells[0]);
    row.model = cells[1];
    row.flags = unquote_code(cells[2]);
    row.linearizable = parse_verdict(cells[3]);
    row.sequential = parse_verdict(cells[4]);
    row.causal_memory = parse_causal_verdict(cells[5]);
    row.causal_convergence = parse_causal_verdict(cells[6]);
    row.causal = parse_causal_verdict(cells[7]);
    rows.push_back(row);
  }
  return rows;
}

// One row of the eventual-consistency table.
struct EventualRow {
  std::string file, model, flags;
  Verdict eventual = Verdict::kUnknown;
};

// Lines "| `bad/eventual-...` | model | flags | eventual | ... |".
std::vector<EventualRow> eventual_rows() {
  std::vector<EventualRow> rows;
  for (const std::string& line : table_lines(true)) {
    std::vector<std::string> cells;
    std::stringstream cells_in(line.substr(1));
    std::string cell;
    while (std::getline(cells_in, cell, '|')) cells.push_back(trim(cell));
    REQUIRE(cells.size() >= 5);
    rows.push_back(
        {unquote_code(cells[0]), cells[1], unquote_code(cells[2]), parse_verdict(cells[3], true)});
  }
  return rows;
}

// Reads `file` (relative to histories/) with the flags of the README.
History read_history(const std::string& file, const std::string& flags, CheckOptions& options) {
  ariadne::ReadOptions read_options;
  std::stringstream words(flags);
  std::string word;
  while (words >> word) {
    if (word == "--independent") {
      read_options.independent = true;
    } else if (word == "--set-semantics") {
      std::string name;
      REQUIRE(static_cast<bool>(words >> name));
      auto semantics = ariadne::parse_set_semantics(name);
      REQUIRE(semantics.has_value());
      options.set_semantics = *semantics;
    } else if (word == "--linearizable-sets") {
      options.linearizable_sets = true;
    } else if (word == "--arbitration") {
      std::string name;
      REQUIRE(static_cast<bool>(words >> name));
      auto arbitration = ariadne::parse_arbitration(name);
      REQUIRE(arbitration.has_value());
      options.arbitration = *arbitration;
    } else if (word == "--initial") {
      std::string value;
      REQUIRE(static_cast<bool>(words >> value));
      options.initial = parse_initial(value);
      if (options.initial.kind() == ariadne::Kind::kMap) {  // per key, as the CLI reads it
        auto items = options.initial.items();
        for (size_t i = 0; i + 1 < items.size(); i += 2)
          options.initial_by_key.emplace_back(items[i], items[i + 1]);
        options.initial = ariadne::Value();
      }
    } else {
      FAIL("histories/README.md: unknown flag '" << word << "' for " << file);
    }
  }
  ariadne::ReadResult r = ariadne::read_history_file(kHistories + file, read_options);
  INFO(file);
  REQUIRE(r.ok());
  REQUIRE(r.warnings.empty());
  return std::move(r.history);
}

struct Checked {
  History history;
  CheckResult result;
};

Checked check_file(const std::string& file, const std::string& model, Consistency consistency,
                   const std::string& flags = "", bool fast_path = true) {
  CheckOptions options;
  options.model = model;
  options.consistency = consistency;
  options.threads = 1;
  options.fast_path = fast_path;
  Checked c;
  c.history = read_history(file, flags, options);
  c.result = ariadne::check(c.history, options);
  INFO(file << " (" << ariadne::consistency_name(consistency) << ")");
  REQUIRE_FALSE(c.result.error.has_value());
  return c;
}

// The line of an operation: its invoke's.
uint32_t line_of(const History& h, uint32_t op) { return h.first_event(h.ops[op]).line; }

const ariadne::PartitionResult& failing_partition(const Checked& c) {
  REQUIRE(c.result.verdict == Verdict::kInvalid);
  REQUIRE(c.result.failing.has_value());
  return c.result.partitions[*c.result.failing];
}

std::vector<uint32_t> prefix_lines(const Checked& c) {
  std::vector<uint32_t> lines;
  for (uint32_t op : failing_partition(c).longest_prefix) lines.push_back(line_of(c.history, op));
  return lines;
}

uint32_t stuck_line(const Checked& c) {
  const ariadne::PartitionResult& p = failing_partition(c);
  REQUIRE(p.stuck_op.has_value());
  return line_of(c.history, *p.stuck_op);
}

}  // namespace

TEST_CASE("every hand-written history has the verdicts histories/README.md gives",
          "[histories][linearizability][sequential]") {
  std::vector<Row> rows = readme_rows();
  REQUIRE(rows.size() >= 30);
  for (const Row& row : rows) {
    for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential}) {
      DYNAMIC_SECTION(row.file << " (" << ariadne::consistency_name(c) << ")") {
        Checked checked = check_file(row.file, row.model, c, row.flags);
        Verdict expected = c == Consistency::kLinearizable ? row.linearizable : row.sequential;
        CHECK(ariadne::verdict_name(checked.result.verdict) == ariadne::verdict_name(expected));
      }
    }
  }
}

TEST_CASE("every read/write history has the causal verdicts histories/README.md gives",
          "[histories][causal]") {
  size_t checked = 0;
  for (const Row& row : readme_rows()) {
    for (auto [c, expected] : {std::pair{Consistency::kCausalMemory, row.causal_memory},
                               std::pair{Consistency::kCausalConvergence, row.causal_convergence},
                               std::pair{Consistency::kCausal, row.causal}}) {
      if (!expected) continue;
      DYNAMIC_SECTION(row.file << " (" << ariadne::consistency_name(c) << ")") {
        Checked checked_file = check_file(row.file, row.model, c, row.flags);
        CHECK(ariadne::verdict_name(checked_file.result.verdict) ==
              ariadne::verdict_name(*expected));
      }
      ++checked;
    }
  }
  CHECK(checked >= 60);
}

TEST_CASE("causal memory and causal convergence each imply causal consistency in the table",
          "[histories][causal]") {
  for (const Row& row : readme_rows()) {
    INFO(row.file);
    if (!row.causal) continue;
    if (row.causal_memory == Verdict::kValid || row.causal_convergence == Verdict::kValid)
      CHECK(row.causal == Verdict::kValid);
    if (row.sequential == Verdict::kValid && *row.causal != Verdict::kUnknown) {
      CHECK(row.causal_memory == Verdict::kValid);
      CHECK(row.causal_convergence == Verdict::kValid);
    }
  }
}

TEST_CASE("histories/README.md lists exactly the files of histories/good and histories/bad",
          "[histories]") {
  std::set<std::string> listed, present;
  for (const Row& row : readme_rows()) {
    INFO(row.file);
    CHECK(listed.insert(row.file).second);  // no file twice
  }
  for (const EventualRow& row : eventual_rows()) {
    INFO(row.file);
    CHECK(listed.insert(row.file).second);
  }
  for (const char* dir : {"good", "bad"})
    for (const auto& entry : std::filesystem::directory_iterator(kHistories + dir))
      present.insert(std::string(dir) + "/" + entry.path().filename().string());
  CHECK(listed == present);
}

TEST_CASE("every registered model has a linearizable and a non-linearizable history in the table",
          "[histories][models]") {
  std::vector<Row> rows = readme_rows();
  for (const ariadne::models::ModelDef* m : ariadne::models::all_models()) {
    INFO("model " << m->name << ": add a history of it to histories/good and histories/bad");
    auto has = [&](Verdict v) {
      return std::any_of(rows.begin(), rows.end(),
                         [&](const Row& r) { return r.model == m->name && r.linearizable == v; });
    };
    CHECK(has(Verdict::kValid));
    CHECK(has(Verdict::kInvalid));
  }
}

TEST_CASE("histories in good/ are linearizable and histories in bad/ are not", "[histories]") {
  for (const Row& row : readme_rows()) {
    INFO(row.file);
    bool good = row.file.rfind("good/", 0) == 0;
    CHECK(row.linearizable == (good ? Verdict::kValid : Verdict::kInvalid));
    // Linearizable implies sequentially consistent.
    if (row.linearizable == Verdict::kValid) CHECK(row.sequential == Verdict::kValid);
  }
}

TEST_CASE("every eventual-* history has the eventual verdict histories/README.md gives",
          "[histories][convergence]") {
  std::vector<EventualRow> rows = eventual_rows();
  REQUIRE(rows.size() >= 15);
  for (const EventualRow& row : rows) {
    DYNAMIC_SECTION(row.file) {
      bool good = row.file.rfind("good/", 0) == 0;
      CHECK(row.file.find("/eventual-") != std::string::npos);
      CHECK((row.eventual == Verdict::kValid) == good);
      Checked checked = check_file(row.file, row.model, Consistency::kEventual, row.flags);
      CHECK(ariadne::verdict_name(checked.result.verdict) == ariadne::verdict_name(row.eventual));
      REQUIRE(checked.result.convergence != nullptr);
      CHECK(checked.result.counterexample.has_value() == (row.eventual == Verdict::kInvalid));
    }
  }
}

TEST_CASE("a stale read is where the linearizability search gets stuck", "[linearizability]") {
  Checked c = check_file("bad/register-stale-read.jsonl", "register", Consistency::kLinearizable);
  CHECK(stuck_line(c) == 5);                              // p1's read -> 1
  CHECK(prefix_lines(c) == std::vector<uint32_t>{1, 3});  // write 1, write 2
  CHECK(failing_partition(c).stuck_states == std::vector<std::string>{"2"});
}

TEST_CASE("the second dequeue of one element is where the search gets stuck",
          "[linearizability][fifo-queue]") {
  // The search's own stuck point: fifo-queue's fast procedure decides this
  // history without searching.
  Checked c = check_file("bad/fifo-queue-duplicated-dequeue.jsonl", "fifo-queue",
                         Consistency::kLinearizable, "", /*fast_path=*/false);
  CHECK(stuck_line(c) == 5);
  CHECK(prefix_lines(c) == std::vector<uint32_t>{1, 3});
  CHECK(failing_partition(c).stuck_states == std::vector<std::string>{"[]"});
}

TEST_CASE("a second holder's acquire cannot be linearized while the mutex is held",
          "[linearizability][mutex]") {
  Checked c = check_file("bad/mutex-two-holders.jsonl", "mutex", Consistency::kLinearizable);
  CHECK(stuck_line(c) == 3);
  CHECK(prefix_lines(c) == std::vector<uint32_t>{1});
  CHECK(failing_partition(c).stuck_states == std::vector<std::string>{"held"});
}

TEST_CASE("a lost increment leaves the sequential search stuck at the last read",
          "[sequential][counter]") {
  Checked c = check_file("bad/counter-lost-increment.jsonl", "counter", Consistency::kSequential);
  CHECK(stuck_line(c) == 7);  // p1's read -> 1, after both adds
  CHECK(failing_partition(c).longest_prefix.size() == 3);
  CHECK(failing_partition(c).stuck_states == std::vector<std::string>{"2"});
}

TEST_CASE("a stale read of one key is reported in that key's partition", "[linearizability][kv]") {
  Checked c = check_file("bad/kv-stale-read.jsonl", "kv", Consistency::kLinearizable);
  const ariadne::PartitionResult& p = failing_partition(c);
  CHECK(p.keyed);
  CHECK(ariadne::to_edn(p.key) == "\"y\"");
  CHECK(stuck_line(c) == 9);
  CHECK(c.result.partitions.size() == 2);
}

TEST_CASE("a crashed write may be read later, but a failed one may not", "[linearizability]") {
  // The history of good/register-crashed-write-read-later.edn with the
  // write's :info turned into :fail.
  const std::string text =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :fail, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}\n";
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "failed-write-read.edn", {});
  REQUIRE(r.ok());
  for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential}) {
    CheckOptions options;
    options.model = "register";
    options.consistency = c;
    INFO(ariadne::consistency_name(c));
    CHECK(ariadne::check(r.history, options).verdict == Verdict::kInvalid);
  }
}

TEST_CASE(
    "sequential consistency is not compositional: each key alone is sequential, the whole is not",
    "[sequential][kv]") {
  // p1: w(x,1) r(y)=nil; p2: w(y,1) r(x)=nil. As one object, process order
  // forces w(x) < r(y) and w(y) < r(x), and the nil reads force r(y) < w(y)
  // and r(x) < w(x): a cycle. For key x alone, r(x)=nil (p2) can be ordered
  // before w(x,1) (p1), another process; the same for y.
  const std::string file = "bad/kv-sequential-not-compositional.jsonl";
  Checked whole = check_file(file, "kv", Consistency::kSequential);
  CHECK(whole.result.verdict == Verdict::kInvalid);
  CHECK(whole.result.partitions.size() == 1);  // never split per key

  std::ifstream in(kHistories + file);
  REQUIRE(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::map<std::string, std::string> per_key;  // key -> its events, as JSON Lines
  for (const ariadne::Event& e : whole.history.events)
    per_key[ariadne::to_edn(e.key)] += lines.at(e.line - 1) + "\n";
  REQUIRE(per_key.size() == 2);
  for (const auto& [key, text] : per_key) {
    INFO("key " << key << ":\n" << text);
    ariadne::ReadResult r = ariadne::read_history_buffer(text, "key " + key, {});
    REQUIRE(r.ok());
    REQUIRE(r.history.ops.size() == 2);
    CheckOptions options;
    options.model = "kv";
    options.consistency = Consistency::kSequential;
    CHECK(ariadne::check(r.history, options).verdict == Verdict::kValid);
  }
}
