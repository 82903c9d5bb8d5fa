// A process that invokes again after a crashed (:info) operation: outside
// SPEC's contract (Jepsen opens a new process), but every model must read
// it alike. A crashed operation may take effect at any point after its
// invocation, or never, so it is ordered before none of its process's later
// operations: in real time (linearizable), in process order (sequential,
// sequential.h) and in the causal order (causal_graph.h). `strongest` then
// never claims what the single checks deny.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "ariadne/causal.h"
#include "ariadne/checker.h"
#include "ariadne/ingest.h"

using ariadne::Consistency;

namespace {

constexpr Consistency kSingle[] = {Consistency::kLinearizable, Consistency::kSequential,
                                   Consistency::kCausalMemory, Consistency::kCausalConvergence,
                                   Consistency::kCausal};

ariadne::CheckResult run(const std::string& edn, Consistency c, const std::string& model) {
  ariadne::ReadResult r = ariadne::read_history_buffer(edn, "h.edn", {});
  INFO((r.error ? r.error->to_string() : std::string()));
  REQUIRE(r.ok());
  ariadne::CheckOptions o;
  o.model = model;
  o.consistency = c;
  o.threads = 1;
  o.shrink = false;
  ariadne::CheckResult result = ariadne::check(r.history, o);
  INFO((result.error ? result.error->to_string() : std::string()));
  REQUIRE_FALSE(result.error.has_value());
  return result;
}

// Each single model's verdict, and what `strongest` claims for each.
using Verdicts = std::map<std::string, std::string>;

Verdicts singles(const std::string& edn, const std::string& model) {
  Verdicts out;
  for (Consistency c : kSingle)
    out[std::string(ariadne::consistency_name(c))] =
        std::string(ariadne::verdict_name(run(edn, c, model).verdict));
  return out;
}

Verdicts strongest(const std::string& edn, const std::string& model) {
  ariadne::CheckResult r = run(edn, Consistency::kStrongest, model);
  REQUIRE(r.strongest);
  Verdicts out;
  for (const ariadne::ModelOutcome& m : r.strongest->outcomes)
    out[std::string(ariadne::consistency_name(m.consistency))] =
        std::string(ariadne::verdict_name(m.verdict));
  return out;
}

const Verdicts kAllValid = {{"linearizable", "valid"},
                            {"sequential", "valid"},
                            {"causal-memory", "valid"},
                            {"causal-convergence", "valid"},
                            {"causal", "valid"}};

}  // namespace

TEST_CASE("a crashed write is not ordered before its process's next read", "[reused-process]") {
  // Process 0's write of 1 crashes; process 0 then reads nil, process 1
  // reads 1: the write took effect after process 0's read.
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :info, :f :write, :value nil}\n"
      "{:process 0, :type :invoke, :f :read, :value nil}\n"
      "{:process 0, :type :ok, :f :read, :value nil}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}\n";
  CHECK(singles(h, "register") == kAllValid);
  CHECK(strongest(h, "register") == kAllValid);
}

TEST_CASE("a crashed write is not ordered before its process's next write", "[reused-process]") {
  // Process 1 reads 2, then the crashed 1: the crashed write took effect
  // after process 0's write of 2.
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :info, :f :write, :value nil}\n"
      "{:process 0, :type :invoke, :f :write, :value 2}\n"
      "{:process 0, :type :ok, :f :write, :value 2}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 2}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}\n";
  CHECK(singles(h, "register") == kAllValid);
  CHECK(strongest(h, "register") == kAllValid);
}

TEST_CASE("a crashed write still comes after its process's earlier operations",
          "[reused-process]") {
  // Process 0 writes x=1, then crashes writing y=1 (its last op, as in
  // Jepsen). Process 1 reads y=1, then x=nil: the crashed write came after
  // x=1 in process 0's order, so every model refuses this.
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :key :x, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :key :x, :value 1}\n"
      "{:process 0, :type :invoke, :f :write, :key :y, :value 1}\n"
      "{:process 0, :type :info, :f :write, :key :y, :value nil}\n"
      "{:process 1, :type :invoke, :f :read, :key :y, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :key :y, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :key :x, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :key :x, :value nil}\n";
  const Verdicts none = {{"linearizable", "invalid"},
                         {"sequential", "invalid"},
                         {"causal-memory", "invalid"},
                         {"causal-convergence", "invalid"},
                         {"causal", "invalid"}};
  CHECK(singles(h, "kv") == none);
  CHECK(strongest(h, "kv") == none);
}

TEST_CASE("eventual: a write after its process's crashed write need not follow it",
          "[reused-process][arbitration]") {
  // The crashed write of 1 survives; process 0's later write of 2 may have
  // taken effect before it, so it is not lost under causal arbitration (nor
  // under realtime: the crashed write never completed).
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :info, :f :write, :value 1}\n"
      "{:process 0, :type :invoke, :f :write, :value 2}\n"
      "{:process 0, :type :ok, :f :write, :value 2}\n"
      "{:process 1, :type :invoke, :f :read, :value nil, :final true}\n"
      "{:process 1, :type :ok, :f :read, :value 1, :final true}\n";
  CHECK(run(h, Consistency::kEventual, "register").verdict == ariadne::Verdict::kValid);
  // Had it been an ok write, the write of 2 would follow it and be lost.
  std::string ok = h;
  ok.replace(ok.find(":info"), 5, ":ok");
  CHECK(run(ok, Consistency::kEventual, "register").verdict == ariadne::Verdict::kInvalid);
}

namespace {

// A random register history of 2-3 processes: writes of distinct values,
// reads of nil or of any value written so far, ops concurrent, some
// crashed, and a crashed process often invoking again.
std::string random_history(std::mt19937_64& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int processes = uniform(2, 3), events = uniform(4, 14);
  struct Open {
    bool open = false, write = false;
    int value = 0;
  };
  std::vector<Open> open(processes);
  int written = 0;
  std::string out;
  for (int e = 0; e < events; ++e) {
    int p = uniform(0, processes - 1);
    Open& o = open[p];
    std::string head = "{:process " + std::to_string(p) + ", :type ";
    if (!o.open) {
      o.open = true;
      o.write = uniform(0, 1) == 0;
      o.value = o.write ? ++written : 0;
      out += head + ":invoke, :f " +
             (o.write ? ":write, :value " + std::to_string(o.value)
                      : std::string(":read, :value nil")) +
             "}\n";
      continue;
    }
    o.open = false;
    bool crash = uniform(0, 3) == 0;
    if (o.write) {
      out += head + (crash ? ":info" : ":ok") + ", :f :write, :value " + std::to_string(o.value) +
             "}\n";
    } else {
      int v = uniform(0, written);  // 0: nil
      out += head + (crash ? ":info" : ":ok") + ", :f :read, :value " +
             (v == 0 ? std::string("nil") : std::to_string(v)) + "}\n";
    }
  }
  return out;  // ops still open at the end are crashed too
}

}  // namespace

TEST_CASE("strongest claims what the single checks say, with crashed ops and reused processes",
          "[reused-process][property]") {
  std::mt19937_64 rng(20261206);
  int checked = 0, reused = 0, lin_valid = 0, seq_only = 0;
  for (int i = 0; i < 400; ++i) {
    std::string h = random_history(rng);
    INFO(h);
    Verdicts s = singles(h, "register");
    CHECK(strongest(h, "register") == s);
    // The models' implications: linearizable, then sequential, then each
    // causal model.
    if (s["linearizable"] == "valid") CHECK(s["sequential"] == "valid");
    if (s["sequential"] == "valid") {
      CHECK(s["causal-memory"] == "valid");
      CHECK(s["causal-convergence"] == "valid");
    }
    if (s["causal-memory"] == "valid" || s["causal-convergence"] == "valid")
      CHECK(s["causal"] == "valid");
    ++checked;
    lin_valid += s["linearizable"] == "valid";
    seq_only += s["sequential"] == "valid" && s["linearizable"] != "valid";
    // A process that invokes after its own :info.
    for (int p = 0; p < 3; ++p) {
      std::string tag = "{:process " + std::to_string(p) + ", :type ";
      size_t info = h.find(tag + ":info");
      if (info != std::string::npos && h.find(tag + ":invoke", info) != std::string::npos) {
        ++reused;
        break;
      }
    }
  }
  // The generator covers the case at hand, and both verdicts.
  CHECK(reused > 40);
  CHECK(lin_valid > 40);
  CHECK(lin_valid < checked - 40);
  CHECK(seq_only > 0);
}
