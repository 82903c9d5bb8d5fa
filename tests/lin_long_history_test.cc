// Long, low-concurrency histories with crashed operations: the case where
// the search's placed sets are keyed relative to their frontier
// (placed_set.h), in both the dense and the sparse form. Their verdicts are
// known by construction (ariadne/generate.h): a history from a correct
// store is linearizable; one with an injected anomaly is not. And the
// check's memory stays linear in the history.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"

using namespace ariadne;

namespace {

History generated(const GenerateOptions& g) {
  std::ostringstream out;
  generate(g, out);
  ReadResult r = read_history_buffer(out.str(), "generated", {});
  REQUIRE(r.ok());
  return std::move(r.history);
}

CheckOptions options_for(const std::string& model, Consistency c = Consistency::kLinearizable) {
  CheckOptions o;
  o.model = model;
  o.consistency = c;
  o.threads = 1;
  o.max_memory = uint64_t{1} << 30;
  o.shrink = false;
  return o;
}

}  // namespace

TEST_CASE("long histories with crashed operations from a correct store are valid",
          "[linearizability][long]") {
  // Crashed enqueues and increments make queue and counter searches
  // exponential (the same before frontier keys): those run without crashes.
  for (const char* model : {"register", "cas-register", "set", "fifo-queue", "counter"}) {
    bool crashes = std::string(model) != "fifo-queue" && std::string(model) != "counter";
    for (uint64_t seed = 1; seed <= 6; ++seed) {
      GenerateOptions g;
      g.model = model;
      g.processes = 1 + static_cast<int>(seed % 3);
      g.ops = 200 + 150 * seed;
      g.crash_rate = crashes ? 0.01 * static_cast<double>(seed) : 0;
      g.seed = seed;
      CheckResult r = check(generated(g), options_for(model));
      INFO(model << " seed " << seed << ": " << r.reason);
      CHECK(r.verdict == Verdict::kValid);
      if (g.processes == 1) {
        CheckResult s = check(generated(g), options_for(model, Consistency::kSequential));
        CHECK(s.verdict == Verdict::kValid);
      }
    }
  }
}

TEST_CASE("long histories with an injected anomaly and crashed operations are invalid",
          "[linearizability][long]") {
  struct Case {
    const char* model;
    const char* anomaly;
  };
  for (Case c :
       {Case{"register", "stale-read"}, Case{"cas-register", "lost-write"},
        Case{"fifo-queue", "reorder"}, Case{"fifo-queue", "duplicate"}, Case{"stack", "reorder"}}) {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      GenerateOptions g;
      g.model = c.model;
      g.anomaly = c.anomaly;
      g.processes = 1 + static_cast<int>(seed % 3);
      g.ops = 300 + 100 * seed;
      g.crash_rate = std::string(c.model) == "fifo-queue" ? 0 : 0.05;
      g.seed = seed;
      CheckResult r = check(generated(g), options_for(c.model));
      INFO(c.model << " " << c.anomaly << " seed " << seed << ": " << r.reason);
      CHECK(r.verdict == Verdict::kInvalid);
    }
  }
}

TEST_CASE("a 20k-operation history from one process is checked in a budget linear in it",
          "[linearizability][long]") {
  GenerateOptions g;
  g.model = "register";
  g.processes = 1;
  g.ops = 20000;
  g.crash_rate = 0.01;
  History h = generated(g);
  CheckOptions o = options_for("register");
  // A bitset of every operation per cached state would need 20000 / 8 bytes
  // for each of ~20000 states: 50 MB. Linear bookkeeping fits in 16 MiB,
  // the history's own events included.
  o.max_memory = uint64_t{16} << 20;
  CheckResult r = check(h, o);
  INFO(r.reason);
  CHECK(r.verdict == Verdict::kValid);
  CHECK(r.peak_bytes > 0);
  CHECK(r.peak_bytes <= (uint64_t{16} << 20) / 10 * 9);
}
