// The transactional checker within --max-memory and --timeout (issue 17):
// every table it builds is charged to the check's memory budget, so a
// budget too small for them ends the check with verdict unknown and the
// memory reason, at the same place on every run; time running out ends any
// phase the same way. Never a wrong verdict: what a stopped check found is
// real, and what it did not look at is unknown.
#include <memory>
#include <set>
#include <string>

#include "ariadne/memory.h"
#include "txn_support.h"

using namespace ariadne;
using namespace txn_test;

namespace {

// Serializable transactions over a few keys: the reads see every earlier
// append (one process after another), so the history is valid under
// strict-serializable. Big enough for each phase to take some memory.
History serial_history(int txns) {
  std::string text;
  std::vector<std::string> seen(4);
  for (int i = 0; i < txns; ++i) {
    std::string key = ":k" + std::to_string(i % 4);
    std::string& list = seen[i % 4];
    text += ok(i % 3,
               "[:r " + key + " [" + list + "]] [:append " + key + " " + std::to_string(i) + "]");
    list += (list.empty() ? "" : " ") + std::to_string(i);
  }
  return read_text(text);
}

// The same, with a write skew (G2-item) at its end.
History skewed_history(int txns) {
  std::string text;
  for (int i = 0; i < txns; ++i) text += ok(i % 3, "[:append :z" + std::to_string(i) + " 1]");
  text += ok(0, "[:r :x []] [:append :y 1]") + ok(1, "[:r :y []] [:append :x 1]") +
          ok(2, "[:r :x [1]] [:r :y [1]]");
  return read_text(text);
}

// rw-register: each transaction reads a key, then writes a fresh value.
History serial_registers(int txns) {
  std::string text;
  std::vector<std::string> last(4, "nil");
  for (int i = 0; i < txns; ++i) {
    std::string key = ":k" + std::to_string(i % 4);
    text += ok(i % 3, "[:r " + key + " " + last[i % 4] + "] [:w " + key + " " +
                          std::to_string(i + 1) + "]");
    last[i % 4] = std::to_string(i + 1);
  }
  return read_text(text);
}

CheckResult check_within(const History& h, const std::string& isolation, uint64_t limit,
                         const std::string& model = "list-append") {
  CheckOptions o;
  o.model = model;
  o.isolation = isolation;
  o.threads = 1;
  o.memory = std::make_shared<MemoryBudget>(limit);
  Budget budget;
  CheckResult r = txn::check(h, o, budget);
  CHECK(o.memory->held() == 0);  // every charge given back
  CHECK(o.memory->peak() <= limit);
  return r;
}

bool memory_reason(const CheckResult& r) {
  return r.reason.rfind("memory limit while ", 0) == 0 &&
         r.reason.find("; refused ") != std::string::npos && r.reason.size() > 7 &&
         r.reason.substr(r.reason.size() - 7) == " budget";
}

}  // namespace

TEST_CASE("a budget too small for the transactional checker's tables: unknown, with the reason",
          "[txn][memory]") {
  History h = serial_history(400);
  for (const char* isolation : {"strict-serializable", "strongest"}) {
    INFO(isolation);
    CheckResult r = check_within(h, isolation, 1024);
    CHECK(r.verdict == Verdict::kUnknown);
    CHECK(memory_reason(r));
    CHECK(r.reason.rfind("memory limit while reading the transactions; refused ", 0) == 0);
    // The charge is counted, not measured: the same on every run.
    CHECK(check_within(h, isolation, 1024).reason == r.reason);
    REQUIRE(r.transactions);
    CHECK(r.transactions->strongest.empty());  // none shown to hold
  }
  // Enough memory: the verdict.
  CHECK(check_within(h, "strict-serializable", uint64_t{64} << 20).verdict == Verdict::kValid);
}

TEST_CASE(
    "each phase of the transactional checker is charged: refusals move along the phases "
    "as the budget grows, and never change a verdict",
    "[txn][memory]") {
  History valid = serial_history(300);
  History invalid = skewed_history(300);
  std::set<std::string> phases;
  bool valid_seen = false, invalid_seen = false;
  for (uint64_t limit = 1024; limit <= (uint64_t{8} << 20); limit += limit / 4) {
    INFO(limit);
    CheckResult v = check_within(valid, "strict-serializable", limit);
    CHECK(v.verdict != Verdict::kInvalid);
    if (v.verdict == Verdict::kUnknown) {
      CHECK(memory_reason(v));
      phases.insert(v.reason.substr(0, v.reason.find(';')));
    }
    valid_seen |= v.verdict == Verdict::kValid;
    CheckResult w = check_within(invalid, "serializable", limit);
    CHECK(w.verdict != Verdict::kValid);
    if (w.verdict == Verdict::kUnknown) CHECK(memory_reason(w));
    // With real-time edges every phase has its turn to be refused.
    for (const char* isolation : {"strict-serializable", "strongest"}) {
      CheckResult x = check_within(invalid, isolation, limit);
      // strongest: valid when read-uncommitted holds, with G2-item found.
      if (std::string(isolation) == "strongest")
        CHECK((x.verdict == Verdict::kUnknown || has(x, "G2-item")));
      else
        CHECK(x.verdict != Verdict::kValid);
      if (x.verdict == Verdict::kUnknown) {
        CHECK(memory_reason(x));
        phases.insert(x.reason.substr(0, x.reason.find(';')));
      }
    }
    if (w.verdict == Verdict::kInvalid) {
      invalid_seen = true;
      CHECK(has(w, "G2-item"));
    }
  }
  CHECK(valid_seen);
  CHECK(invalid_seen);
  // rw-register's inference is charged too.
  History registers = serial_registers(300);
  bool registers_refused = false, registers_valid = false;
  for (uint64_t limit = 1024; limit <= (uint64_t{8} << 20); limit += limit / 4) {
    CheckResult r = check_within(registers, "strict-serializable", limit, "rw-register");
    CHECK(r.verdict != Verdict::kInvalid);
    if (r.verdict == Verdict::kUnknown) {
      CHECK(memory_reason(r));
      registers_refused |= r.reason.rfind("memory limit while inferring", 0) == 0;
    }
    registers_valid |= r.verdict == Verdict::kValid;
  }
  CHECK(registers_refused);
  CHECK(registers_valid);
  // Refused in more than one phase: each phase takes before it builds.
  CHECK(phases.count("memory limit while reading the transactions") == 1);
  CHECK(phases.count("memory limit while inferring the version orders") +
            phases.count("memory limit while inferring dependency edges") >=
        1);
  CHECK(phases.count("memory limit while building the dependency graph") == 1);
  CHECK(phases.count("memory limit while finding strongly connected components") == 1);
  CHECK(phases.count("memory limit while searching for cycles") == 1);
}

TEST_CASE("a transactional check whose time has run out is unknown, whatever the phase",
          "[txn][timeout]") {
  History h = skewed_history(50);
  CheckOptions o;
  o.model = "list-append";
  o.isolation = "serializable";
  o.threads = 1;
  o.deadline = std::chrono::steady_clock::now();  // already passed
  Budget budget = Budget::for_check(o, std::chrono::steady_clock::now());
  CheckResult r = txn::check(h, o, budget);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "timeout");
  REQUIRE(r.transactions);
  CHECK(r.transactions->violations.empty());
}
