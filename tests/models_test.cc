// The model registry (checkers/models/model.h) and `ariadne models`.

#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <sstream>
#include <string>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"
#include "linearizability/replay.h"
#include "models/model.h"
#include "run_cli.h"

namespace {

using ariadne::Consistency;
using ariadne::models::all_models;
using ariadne::models::find_model;

TEST_CASE("ariadne models prints one line per model: name, operations, consistency models") {
  cli_test::Run r = cli_test::ariadne("models");
  REQUIRE(r.code == 0);
  std::istringstream lines(r.out);
  std::string line;
  std::set<std::string> seen;
  size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    seen.insert(line);
  }
  CHECK(count == all_models().size());
  CHECK(seen.count("cas-register\tread, write, cas\tlinearizable, sequential, causal, "
                   "causal-convergence, causal-memory, eventual") == 1);
  CHECK(seen.count("fifo-queue\tenqueue, dequeue\tlinearizable, sequential") == 1);
  // Simple models first (rank), so the first line is the register.
  CHECK(r.out.rfind("register\tread, write\t", 0) == 0);
}

TEST_CASE("ariadne models --verbose ends each line with the model's help") {
  cli_test::Run r = cli_test::ariadne("models --verbose");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\nstack\tpush, pop\tlinearizable, sequential\ta LIFO stack; pop returns nil "
                   "when it is empty\n") != std::string::npos);
}

TEST_CASE("ariadne models rejects arguments with exit 64") {
  CHECK(cli_test::ariadne("models --bogus").code == 64);
}

TEST_CASE("the registry: unique names, each found by name, each with a search and a replay") {
  std::set<std::string> names;
  for (const auto* m : all_models()) {
    INFO(m->name);
    CHECK(names.insert(m->name).second);
    CHECK(find_model(m->name) == m);
    CHECK(m->search != nullptr);
    CHECK(m->replay != nullptr);
    CHECK(!m->operations.empty());
    CHECK(!m->help.empty());
    CHECK(m->supports(Consistency::kLinearizable));
    // Eventual consistency needs a convergence kind, and conversely.
    CHECK(m->supports(Consistency::kEventual) ==
          (m->convergence != ariadne::models::Convergence::kNone));
  }
  CHECK(names.size() >= 11);
  CHECK(find_model("no-such-model") == nullptr);
  CHECK(find_model("") == nullptr);
}

TEST_CASE("check() and replay() of an unknown model: an error, not an empty answer") {
  ariadne::History h;
  ariadne::CheckOptions options;
  options.model = "no-such-model";
  ariadne::CheckResult r = ariadne::check(h, options);
  REQUIRE(r.error);
  CHECK(r.error->message == "unknown model 'no-such-model'");
  CHECK_THROWS_WITH(ariadne::lin::replay(h, options, {}, std::nullopt),
                    "replay: unknown model 'no-such-model'");
}

// A small generated history of `model` (correct by construction), with
// crashed and failed ops, keyed when `keys` > 0.
ariadne::History generated(const std::string& model, uint64_t seed, int keys) {
  ariadne::GenerateOptions o;
  o.model = model;
  o.ops = 24;
  o.processes = 3;
  o.crash_rate = 0.1;
  o.fail_rate = 0.1;
  o.keys = keys;
  o.seed = seed;
  std::ostringstream out;
  ariadne::generate(o, out);
  ariadne::ReadOptions ro;
  ro.format = ariadne::Format::kJsonl;
  ariadne::ReadResult r = ariadne::read_history_buffer(out.str(), "generated", ro);
  REQUIRE(r.ok());
  return std::move(r.history);
}

// Swaps the results of two ok ops with the same f and different results:
// usually a violation. False when the history has no such pair.
bool swap_two_results(ariadne::History& h, std::mt19937_64& rng) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t i = 0; i < h.ops.size(); ++i)
    for (uint32_t j = i + 1; j < h.ops.size(); ++j) {
      const ariadne::Operation &a = h.ops[i], &b = h.ops[j];
      if (a.status == ariadne::OpStatus::kOk && b.status == ariadne::OpStatus::kOk &&
          h.f(a) == h.f(b) && h.result(a) != h.result(b))
        pairs.push_back({i, j});
    }
  if (pairs.empty()) return false;
  auto [i, j] = pairs[rng() % pairs.size()];
  std::swap(h.events[h.ops[i].complete].value, h.events[h.ops[j].complete].value);
  return true;
}

ariadne::CheckResult check_as(const ariadne::History& h, const std::string& model, Consistency c,
                              bool fast_path) {
  ariadne::CheckOptions options;
  options.model = model;
  options.consistency = c;
  options.threads = 1;
  options.fast_path = fast_path;
  options.max_states = 20'000'000;  // a runaway search fails the test
  return ariadne::check(h, options);
}

TEST_CASE(
    "every registered model: its generated histories are valid, and with two results "
    "swapped the fast path and the search agree",
    "[models][property]") {
  size_t invalid = 0, models = 0;
  for (const auto* m : all_models()) {
    if (!m->generator || !m->search) {
      WARN("model " << m->name << " has no generator or no search: not covered here");
      continue;
    }
    ++models;
    std::mt19937_64 rng(20261206);
    for (uint64_t seed = 1; seed <= 30; ++seed) {
      int keys = m->keys == ariadne::models::Keys::kInValue ? 3 : static_cast<int>(seed % 3);
      ariadne::History h = generated(m->name, seed, keys);
      INFO(m->name << " seed " << seed << " keys " << keys);
      for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential}) {
        ariadne::CheckResult r = check_as(h, m->name, c, true);
        REQUIRE(!r.error);
        CHECK(r.verdict == ariadne::Verdict::kValid);
      }
      if (!swap_two_results(h, rng)) continue;
      ariadne::CheckResult fast = check_as(h, m->name, Consistency::kLinearizable, true);
      ariadne::CheckResult search = check_as(h, m->name, Consistency::kLinearizable, false);
      REQUIRE(!search.error);
      CHECK(fast.verdict == search.verdict);
      if (search.verdict != ariadne::Verdict::kInvalid) continue;
      ++invalid;
      // The counterexample replays through the model's own states.
      REQUIRE(search.counterexample);
      CHECK(!search.counterexample->ops.empty());
      CHECK(search.counterexample->steps.size() == search.counterexample->longest_prefix.size() +
                                                       (search.counterexample->stuck_op ? 1 : 0));
    }
  }
  CHECK(models >= 11);
  // Swapping results finds violations in most models (not in a mutex, whose
  // ops return nothing).
  CHECK(invalid >= 5 * (models - 2));
}

}  // namespace
