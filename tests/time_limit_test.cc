// One budget bounds every phase of a check (checkers/budget.h): the search,
// shrinking and explaining. Tests run out of work (CheckOptions::max_states,
// the same on every machine with one thread) or start past a deadline, never
// out of a wall-clock interval that a loaded machine might not reach.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"
#include "ariadne/report.h"
#include "budget.h"
#include "run_cli.h"

using namespace ariadne;

namespace {

// A fifo-queue history with one reordered pair of dequeues: invalid, and
// hard enough that the search takes some ten thousand states.
std::string reordered_queue_text() {
  GenerateOptions o;
  o.model = "fifo-queue";
  o.ops = 100;
  o.processes = 5;
  o.anomaly = "reorder";
  o.seed = 3;
  std::ostringstream out;
  generate(o, out);
  return out.str();
}

History reordered_queue() {
  ReadResult r = read_history_buffer(reordered_queue_text(), "queue", {});
  REQUIRE(r.ok());
  return std::move(r.history);
}

CheckOptions queue_options() {
  CheckOptions o;
  o.model = "fifo-queue";
  o.threads = 1;  // where a state limit stops is then the same on every run
  o.shrink_timeout_ns = 0;
  o.fast_path = false;  // these tests bound the search; the fast procedure decides it at once
  return o;
}

uint64_t states_of(const CheckResult& r) {
  uint64_t n = 0;
  for (const PartitionResult& p : r.partitions) n += p.states;
  return n;
}

bool invalid_alone(const History& h, const CheckOptions& options,
                   const std::vector<uint32_t>& ops) {
  CheckOptions o = options;
  o.shrink = false;
  o.max_states = 0;
  return check(sub_history(h, ops), o).verdict == Verdict::kInvalid;
}

}  // namespace

TEST_CASE("a sub-budget shares the work count and ends at the earlier deadline", "[limits]") {
  auto now = Budget::Clock::now();
  CheckOptions options;
  options.max_states = 100;
  Budget check = Budget::for_check(options, now);
  CHECK(check.reason() == nullptr);
  CHECK(check.deadline() == Budget::Clock::time_point::max());
  // A sub-phase whose own deadline has passed: only it is over.
  Budget shrinking = check.within(now, Budget::kShrinkTimeout);
  CHECK(std::string(shrinking.reason()) == "shrink timeout");
  CHECK_FALSE(check.exhausted());
  // Work in a sub-phase counts against the whole check.
  Budget later = check.within(now + std::chrono::hours(1), Budget::kShrinkTimeout);
  later.spend(100);
  CHECK(std::string(check.reason()) == "state limit");
  // The check's own deadline is a timeout, whichever budget looks at it.
  options.max_states = 0;
  options.deadline = now;
  Budget over = Budget::for_check(options, now);
  CHECK(std::string(over.reason()) == "timeout");
  CHECK(std::string(over.within(now, Budget::kShrinkTimeout).reason()) == "timeout");
  // No bound: a timeout of a year or more, or none.
  options.deadline = Budget::Clock::time_point::max();
  options.timeout_ns = int64_t{400} * 24 * 3600 * 1'000'000'000;
  CHECK(Budget::for_check(options, now).deadline() == Budget::Clock::time_point::max());
  options.timeout_ns = 1'000'000'000;
  Budget second = Budget::for_check(options, now);
  CHECK(second.deadline() == now + std::chrono::seconds(1));
  // A sub-phase's later deadline does not extend the check's.
  CHECK(second.within(now + std::chrono::hours(1), Budget::kShrinkTimeout).deadline() ==
        now + std::chrono::seconds(1));
}

TEST_CASE(
    "out of work while shrinking, the verdict stays invalid with the smallest "
    "counterexample so far",
    "[limits][shrink]") {
  History h = reordered_queue();
  CheckOptions options = queue_options();
  CheckOptions unshrunk = options;
  unshrunk.shrink = false;
  CheckResult whole = check(h, unshrunk);
  REQUIRE(whole.verdict == Verdict::kInvalid);
  const uint64_t search = states_of(whole);  // the search alone, before shrinking
  CheckResult full = check(h, options);
  REQUIRE(full.counterexample);
  REQUIRE(full.counterexample->minimal);
  const std::vector<uint32_t>& minimal = full.counterexample->ops;
  REQUIRE(minimal.size() < whole.counterexample->ops.size());

  // Any amount of work left for shrinking: invalid, S a counterexample
  // between the whole partition and the minimal one, marked when it is not
  // shown minimal.
  auto shrink_with = [&](uint64_t extra) {
    INFO("states for shrinking: " << extra);
    options.max_states = search + extra;
    CheckResult r = check(h, options);
    REQUIRE(r.verdict == Verdict::kInvalid);
    REQUIRE(r.counterexample);
    const Counterexample& cx = *r.counterexample;
    CHECK(std::includes(whole.counterexample->ops.begin(), whole.counterexample->ops.end(),
                        cx.ops.begin(), cx.ops.end()));
    CHECK(cx.ops.size() >= minimal.size());
    CHECK(invalid_alone(h, options, cx.ops));
    CHECK_FALSE(cx.explanation.empty());
    // What the search over S found is kept from the check that showed S
    // invalid: the stuck op and the prefix are in S.
    REQUIRE(cx.stuck_op);
    CHECK(std::binary_search(cx.ops.begin(), cx.ops.end(), *cx.stuck_op));
    for (uint32_t op : cx.longest_prefix)
      CHECK(std::binary_search(cx.ops.begin(), cx.ops.end(), op));
    CHECK(cx.steps.size() == cx.longest_prefix.size() + 1);
    if (cx.minimal) {
      CHECK(cx.ops == minimal);
      CHECK(cx.not_minimal_reason.empty());
    } else {
      CHECK(cx.not_minimal_reason == "not shown minimal (state limit)");
    }
    return cx;
  };
  Counterexample none = shrink_with(0);  // nothing left to shrink with
  CHECK_FALSE(none.minimal);
  CHECK(none.ops == whole.counterexample->ops);
  // More work never shrinks less (the path is the same, only cut later), so
  // the least amount that shows S minimal is found by bisection; with one
  // state less, S is smaller than the partition but not shown minimal.
  uint64_t enough = 64;
  while (!shrink_with(enough).minimal) enough *= 2;
  uint64_t short_of = 0;
  while (enough - short_of > 1) {
    uint64_t mid = short_of + (enough - short_of) / 2;
    (shrink_with(mid).minimal ? enough : short_of) = mid;
  }
  Counterexample partial = shrink_with(short_of);
  CHECK_FALSE(partial.minimal);
  CHECK(partial.ops.size() < whole.counterexample->ops.size());
}

TEST_CASE("out of work before a violation is found, the verdict is unknown with the reason",
          "[limits]") {
  History h = reordered_queue();
  CheckOptions options = queue_options();
  CheckResult whole = check(h, options);
  REQUIRE(whole.verdict == Verdict::kInvalid);
  REQUIRE(states_of(whole) > 2048);  // the search must look at the limit at least once
  options.max_states = 1;
  CheckResult r = check(h, options);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason.rfind("state limit on the history after placing ", 0) == 0);
  CHECK_FALSE(r.counterexample);
  CHECK(r.partitions.at(0).states == 1024);  // where the search first looks
}

TEST_CASE("a check that starts past its deadline decides nothing", "[limits]") {
  History h = reordered_queue();
  CheckOptions options = queue_options();
  options.deadline = std::chrono::steady_clock::now();
  CheckResult r = check(h, options);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason ==
        "timeout on the history after placing 0 of its ok operations (0 states "
        "explored)");
}

TEST_CASE("a shrink time limit is a part of the check's budget and says so", "[limits][shrink]") {
  History h = reordered_queue();
  CheckOptions options = queue_options();
  options.shrink_timeout_ns = 1;  // over before the first candidate
  CheckResult r = check(h, options);
  REQUIRE(r.verdict == Verdict::kInvalid);
  REQUIRE(r.counterexample);
  CHECK_FALSE(r.counterexample->minimal);
  CHECK(r.counterexample->not_minimal_reason == "not shown minimal (shrink time limit)");
  CHECK(r.counterexample->oracle_checks == 0);
}

TEST_CASE("past the deadline, the causal and convergence checks are unknown", "[limits]") {
  const std::string dir = std::string(ARIADNE_SOURCE_DIR) + "/histories/";
  CheckOptions options;
  options.deadline = std::chrono::steady_clock::now();
  SECTION("causal") {
    ReadResult r =
        read_history_file(dir + "bad/causal-fig2a-causal-memory-not-convergent.jsonl", {});
    REQUIRE(r.ok());
    options.model = "register";
    options.consistency = Consistency::kCausalConvergence;
    CheckResult c = check(r.history, options);
    CHECK(c.verdict == Verdict::kUnknown);
    CHECK(c.reason == "timeout");
    options.deadline = std::chrono::steady_clock::time_point::max();
    CHECK(check(r.history, options).verdict == Verdict::kInvalid);
  }
  SECTION("eventual") {
    ReadResult r = read_history_file(dir + "bad/eventual-set-lost-add.jsonl", {});
    REQUIRE(r.ok());
    options.model = "set";
    options.consistency = Consistency::kEventual;
    CheckResult c = check(r.history, options);
    CHECK(c.verdict == Verdict::kUnknown);
    CHECK(c.reason.rfind("timeout after checking 0 of ", 0) == 0);
    options.deadline = std::chrono::steady_clock::time_point::max();
    CHECK(check(r.history, options).verdict == Verdict::kInvalid);
  }
}

TEST_CASE("--timeout bounds the whole run: every file's check ends by it", "[limits][cli]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ariadne-time-limit-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string a = (dir / "a.jsonl").string(), b = (dir / "b.jsonl").string();
  std::ofstream(a) << reordered_queue_text();
  std::ofstream(b) << reordered_queue_text();
  // 1ns has passed before any search starts, on any machine.
  cli_test::Run r =
      cli_test::ariadne("check --model fifo-queue --timeout 1ns --json - " + a + " " + b);
  CHECK(r.code == 2);
  size_t timeouts = 0;
  for (size_t at = 0;
       (at = r.out.find("\"reason\":\"timeout on the history", at)) != std::string::npos; ++at)
    ++timeouts;
  CHECK(timeouts == 2);
  fs::remove_all(dir);
}

TEST_CASE("every report says when a counterexample is not shown minimal", "[limits][report]") {
  History h = reordered_queue();
  CheckOptions options = queue_options();
  CheckOptions unshrunk = options;
  unshrunk.shrink = false;
  options.max_states = states_of(check(h, unshrunk));  // nothing left for shrinking
  CheckResult r = check(h, options);
  REQUIRE(r.counterexample);
  REQUIRE(r.counterexample->not_minimal_reason == "not shown minimal (state limit)");
  ReadResult read;
  read.history = h;
  FileReport file{"queue.jsonl", &read, &r, 0, {}};
  CHECK(text_report(h, options, r).find(" show it (not shown minimal (state limit))\n") !=
        std::string::npos);
  CHECK(json_report(file, options)
            .find("\"minimal\":false,\"not_minimal_reason\":\"not shown minimal (state limit)\"") !=
        std::string::npos);
  CHECK(html_report({file}, options).find("(not shown minimal (state limit))") !=
        std::string::npos);
}
