// ariadne generate --txn: the shape of Elle's histories, determinism, and
// properties of the simulated store that hold at every isolation level,
// checked here without the transactional checker (txn_histories_test and
// txn_check_generated_test run the checker on generated histories).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"
#include "ariadne/transactions.h"

using namespace ariadne;

namespace {

GenerateOptions txn_options(const std::string& model, const std::string& isolation) {
  GenerateOptions o;
  o.txn = true;
  o.model = model;
  o.isolation = isolation;
  o.processes = 6;
  o.keys = 3;
  o.ops = 400;
  o.writes_per_key = 8;
  o.format = Format::kEdn;
  return o;
}

std::string generate_text(const GenerateOptions& o, GenerateReport* report = nullptr) {
  std::ostringstream out;
  GenerateReport r = generate(o, out);
  if (report) *report = r;
  return out.str();
}

History read_back(const std::string& text, Format format) {
  ReadOptions ro;
  ro.format = format;
  ReadResult r = read_history_buffer(text, "generated", ro);
  INFO(text.substr(0, 2000));
  REQUIRE(r.ok());
  return std::move(r.history);
}

// A micro-op as written: [f k v].
struct Micro {
  std::string f;
  int64_t key;
  Value value;
};

std::vector<Micro> micro_ops(Value txn) {
  std::vector<Micro> out;
  REQUIRE(txn.kind() == Kind::kVector);
  for (Value m : txn.items()) {
    REQUIRE(m.size() == 3);
    out.push_back({std::string(m.items()[0].as_text()), m.items()[1].as_int(), m.items()[2]});
  }
  return out;
}

std::vector<int64_t> ints(Value list) {
  std::vector<int64_t> out;
  for (Value v : list.items()) out.push_back(v.as_int());
  return out;
}

}  // namespace

TEST_CASE("generate --txn writes Elle's :txn operations with nil reads on invocation",
          "[generate][txn]") {
  for (const char* model : {"list-append", "rw-register"}) {
    INFO(model);
    GenerateOptions o = txn_options(model, "serializable");
    o.txn_length = 3;
    History h = read_back(generate_text(o), Format::kEdn);
    REQUIRE(h.ops.size() == 400);
    std::set<std::string> fs;
    for (const Operation& op : h.ops) {
      CHECK(std::string(h.f(op).as_text()) == "txn");
      std::vector<Micro> invoked = micro_ops(h.argument(op));
      CHECK(invoked.size() == 3);
      for (const Micro& m : invoked) {
        fs.insert(m.f);
        if (m.f == "r") CHECK(m.value.is_null());
      }
      if (op.status != OpStatus::kOk) continue;
      std::vector<Micro> done = micro_ops(h.result(op));
      REQUIRE(done.size() == invoked.size());
      for (size_t i = 0; i < done.size(); ++i) {
        CHECK(done[i].f == invoked[i].f);
        CHECK(done[i].key == invoked[i].key);
        if (done[i].f != "r") CHECK(done[i].value == invoked[i].value);
      }
    }
    std::string write = std::string(model) == "list-append" ? "append" : "w";
    CHECK(fs == std::set<std::string>{"r", write});
  }
}

TEST_CASE("generate --txn as JSON Lines writes micro-ops as [\"append\", k, v]",
          "[generate][txn]") {
  GenerateOptions o = txn_options("list-append", "serializable");
  o.ops = 3;
  o.format = Format::kJsonl;
  std::string text = generate_text(o);
  CHECK(text.find("\"f\": \"txn\"") != std::string::npos);
  CHECK((text.find("[\"append\", ") != std::string::npos ||
         text.find("[\"r\", ") != std::string::npos));
  for (const char* keyword : {":txn", ":append", ":r ", ":invoke", ":ok"})
    CHECK(text.find(keyword) == std::string::npos);  // keywords are strings
  History h = read_back(text, Format::kJsonl);
  CHECK(h.ops.size() == 3);
}

TEST_CASE("generate --txn gives the same bytes for the same seed, other bytes for another",
          "[generate][txn]") {
  GenerateOptions o = txn_options("list-append", "snapshot-isolation");
  o.crash_rate = 0.1;
  o.fail_rate = 0.1;
  std::string a = generate_text(o), b = generate_text(o);
  CHECK(a == b);
  o.seed = 2;
  CHECK(generate_text(o) != a);
}

// Every isolation level the generator simulates keeps these, whatever it
// lets transactions read: appended values are unique per key; every list
// read of a key is a prefix of the longest one (one version order); a
// read sees every append committed (ok) before its transaction began; and
// nothing appended by a failed transaction is ever read.
TEST_CASE("generated list-append reads agree on one order per key and see what committed before",
          "[generate][txn]") {
  for (const char* isolation : {"serializable", "snapshot-isolation", "read-committed"}) {
    DYNAMIC_SECTION(isolation) {
      GenerateOptions o = txn_options("list-append", isolation);
      o.crash_rate = 0.05;
      o.fail_rate = 0.05;
      History h = read_back(generate_text(o), Format::kEdn);
      std::map<int64_t, std::vector<int64_t>> longest;
      std::map<std::pair<int64_t, int64_t>, uint32_t> appended_by;  // (key, value) -> op
      std::set<std::pair<int64_t, int64_t>> failed;
      for (uint32_t i = 0; i < h.ops.size(); ++i) {
        for (const Micro& m : micro_ops(h.argument(h.ops[i]))) {
          if (m.f != "append") continue;
          CHECK(appended_by.emplace(std::pair{m.key, m.value.as_int()}, i).second);
          if (h.ops[i].status == OpStatus::kFail) failed.insert({m.key, m.value.as_int()});
        }
      }
      size_t reads = 0;
      for (const Operation& op : h.ops) {
        if (op.status != OpStatus::kOk) continue;
        for (const Micro& m : micro_ops(h.result(op))) {
          if (m.f != "r") continue;
          ++reads;
          std::vector<int64_t> seen = ints(m.value), &l = longest[m.key];
          if (seen.size() > l.size()) std::swap(seen, l);
          CHECK(std::equal(seen.begin(), seen.end(), l.begin()));  // prefix
        }
      }
      CHECK(reads > 100);
      for (const Operation& op : h.ops) {
        if (op.status != OpStatus::kOk) continue;
        for (const Micro& m : micro_ops(h.result(op))) {
          if (m.f != "r") continue;
          std::set<int64_t> seen;
          for (int64_t v : ints(m.value)) {
            CHECK(seen.insert(v).second);
            CHECK(failed.count({m.key, v}) == 0);
          }
          // Appends to this key committed before this transaction began.
          for (const auto& [kv, writer] : appended_by) {
            if (kv.first != m.key || h.ops[writer].status != OpStatus::kOk) continue;
            if (h.end(h.ops[writer]) < h.start(op)) CHECK(seen.count(kv.second) == 1);
          }
        }
      }
    }
  }
}

TEST_CASE("snapshot isolation aborts a transaction that writes a key written since its snapshot",
          "[generate][txn]") {
  GenerateOptions o = txn_options("list-append", "snapshot-isolation");
  o.processes = 20;
  o.keys = 2;
  History h = read_back(generate_text(o), Format::kEdn);
  size_t failed = 0;
  for (const Operation& op : h.ops) failed += op.status == OpStatus::kFail;
  CHECK(failed > 0);  // no --fail-rate: every failure is a first-committer-wins abort
  o.isolation = "serializable";
  h = read_back(generate_text(o), Format::kEdn);
  for (const Operation& op : h.ops) CHECK(op.status == OpStatus::kOk);
}

TEST_CASE("a key is retired after --writes-per-key writes, so reads stay short",
          "[generate][txn]") {
  GenerateOptions o = txn_options("list-append", "serializable");
  o.ops = 2000;
  o.writes_per_key = 5;
  History h = read_back(generate_text(o), Format::kEdn);
  std::map<int64_t, int> appends;
  for (const Operation& op : h.ops)
    for (const Micro& m : micro_ops(h.argument(op)))
      if (m.f == "append") ++appends[m.key];
  CHECK(appends.size() > 100);
  for (const auto& [key, n] : appends) CHECK(n <= 5);
}

TEST_CASE("generate --txn --anomaly names the planted transactions; bad options are refused",
          "[generate][txn]") {
  GenerateOptions o = txn_options("rw-register", "serializable");
  o.anomaly = "G1a";
  GenerateReport report;
  History h = read_back(generate_text(o, &report), Format::kEdn);
  CHECK(report.operations == 402);
  CHECK(report.anomaly.rfind("G1a (T1 at index ", 0) == 0);
  size_t failed = 0;
  for (const Operation& op : h.ops) failed += op.status == OpStatus::kFail;
  CHECK(failed == 1);  // the planted aborted write, and only it

  o.anomaly = "G0";
  CHECK_THROWS_WITH(generate_text(o), Catch::Contains("--anomaly G0 needs list-append"));
  o.anomaly = "stale-read";
  CHECK_THROWS_WITH(generate_text(o), Catch::Contains("unknown --anomaly 'stale-read' with --txn"));
  o.anomaly.clear();
  o.isolation = "chaos";
  CHECK_THROWS_WITH(generate_text(o), Catch::Contains("unknown --isolation 'chaos'"));
  o.isolation = "serializable";
  o.model = "register";
  CHECK_THROWS_WITH(generate_text(o), Catch::Contains("--txn supports --model list-append"));
}

namespace {

CheckResult check_txn(const History& h, const std::string& model, const std::string& isolation) {
  CheckOptions c;
  c.model = model;
  c.isolation = isolation;
  c.threads = 2;
  CheckResult r = check(h, c);
  REQUIRE_FALSE(r.error.has_value());
  REQUIRE(r.transactions != nullptr);
  return r;
}

std::string verdict_of(const History& h, const std::string& model, const std::string& isolation) {
  return std::string(verdict_name(check_txn(h, model, isolation).verdict));
}

}  // namespace

// Each simulated store is observably what it claims and no more: its
// histories hold at its level, and (with 10 processes on 3 keys, seed 1)
// show the anomaly that rules out the next level up.
TEST_CASE("a generated history holds at the isolation it was simulated at, and not above",
          "[generate][txn][transactions]") {
  for (const char* model : {"list-append", "rw-register"}) {
    DYNAMIC_SECTION(model) {
      GenerateOptions o = txn_options(model, "serializable");
      o.ops = 2000;
      o.processes = 10;
      o.writes_per_key = 16;
      o.crash_rate = 0.05;
      o.fail_rate = 0.05;
      History h = read_back(generate_text(o), Format::kEdn);
      CHECK(verdict_of(h, model, "strict-serializable") == "valid");

      o.isolation = "snapshot-isolation";
      h = read_back(generate_text(o), Format::kEdn);
      CHECK(verdict_of(h, model, "snapshot-isolation") == "valid");
      CHECK(verdict_of(h, model, "serializable") == "invalid");  // write skew

      o.isolation = "read-committed";
      h = read_back(generate_text(o), Format::kEdn);
      CHECK(verdict_of(h, model, "read-committed") == "valid");
      CHECK(verdict_of(h, model, "snapshot-isolation") == "invalid");  // read skew
    }
  }
}

// The planted anomaly is found, and it is the only thing wrong: every
// witness the checker finds lies within the planted transactions (those on
// the two keys the report names), the rest being strict-serializable.
TEST_CASE("generate --txn --anomaly plants exactly the anomaly it names",
          "[generate][txn][transactions]") {
  for (const char* model : {"list-append", "rw-register"}) {
    for (std::string anomaly : {"G0", "G1a", "G1b", "G1c", "G-single", "G2-item"}) {
      if (anomaly == "G0" && std::string(model) == "rw-register") continue;
      DYNAMIC_SECTION(model << " " << anomaly) {
        GenerateOptions o = txn_options(model, "serializable");
        o.anomaly = anomaly;
        o.crash_rate = 0.05;
        GenerateReport report;
        History h = read_back(generate_text(o, &report), Format::kEdn);
        INFO(report.anomaly);
        // "...; x is key N, y is key M): ..."
        size_t at = report.anomaly.find("x is key ");
        REQUIRE(at != std::string::npos);
        int64_t x = std::stoll(report.anomaly.substr(at + 9));
        std::set<uint32_t> planted;
        for (uint32_t i = 0; i < h.ops.size(); ++i)
          for (const Micro& m : micro_ops(h.argument(h.ops[i])))
            if (m.key == x || m.key == x + 1) planted.insert(i);
        CHECK(planted.size() >= 2);
        CheckResult r = check_txn(h, model, "strongest");
        std::vector<std::string> found;
        for (const txn::Violation& v : r.transactions->violations) {
          found.emplace_back(txn::anomaly_name(v.anomaly));
          for (uint32_t op : v.ops) CHECK(planted.count(op) == 1);
        }
        CHECK(std::find(found.begin(), found.end(), anomaly) != found.end());
        o.anomaly.clear();
        History clean = read_back(generate_text(o), Format::kEdn);
        CHECK(verdict_of(clean, model, "strict-serializable") == "valid");
      }
    }
  }
}
