// Jepsen's set-full reading of set histories with no `node`: the cases of
// Jepsen's own set-full tests, rewritten as small histories, with the
// verdicts and per-element outcomes Jepsen gives; then a property test
// against a direct transcription of Jepsen's event walk.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"
#include "convergence_support.h"
#include "report/convergence.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::ConvergenceReport;
using ariadne::History;
using ariadne::Value;
using ariadne::Verdict;
using Element = ConvergenceReport::SetFullElement;
using Ints = std::vector<int64_t>;

// One event: process, type, f and value (reads: -1 for nil, else the
// elements in `read`).
struct Ev {
  int process;
  const char* type;
  const char* f;
  int value = -1;
  Ints read = {};
};

Ev add(int p, const char* type, int x) { return {p, type, "add", x}; }
Ev read_inv(int p) { return {p, "invoke", "read"}; }
Ev read_ok(int p, Ints xs) { return {p, "ok", "read", 0, std::move(xs)}; }

// Event i is at i milliseconds, as in Jepsen's test helper.
std::string edn(const std::vector<Ev>& evs, bool timed = true) {
  std::string out;
  for (size_t i = 0; i < evs.size(); ++i) {
    const Ev& e = evs[i];
    out += "{:process " + std::to_string(e.process) + ", :type :" + e.type + ", :f :" + e.f +
           ", :value ";
    if (std::string(e.f) == "add") {
      out += std::to_string(e.value);
    } else if (std::string(e.type) == "invoke") {
      out += "nil";
    } else {
      out += "#{";
      for (int64_t x : e.read) out += std::to_string(x) + " ";
      out += "}";
    }
    if (timed) out += ", :time " + std::to_string(i * 1'000'000);
    out += "}\n";
  }
  return out;
}

using convergence_test::Checked;

Checked check(const std::string& text, bool linearizable = false) {
  CheckOptions o = convergence_test::eventual("set");
  o.linearizable_sets = linearizable;
  return convergence_test::check_text(text, o, "inline.edn");
}

Ints elements(const std::vector<Element>& list) {
  Ints out;
  for (const Element& e : list) out.push_back(e.element.as_int());
  std::sort(out.begin(), out.end());
  return out;
}

using Quantiles = std::vector<std::pair<double, int64_t>>;

Quantiles all(int64_t v) { return {{0, v}, {0.5, v}, {0.95, v}, {0.99, v}, {1, v}}; }

}  // namespace

TEST_CASE("Jepsen's checker test: process 0 adds 0, process 1 reads #{0}: valid", "[set-full]") {
  Checked c = check(edn({add(0, "invoke", 0), add(0, "ok", 0), read_inv(1), read_ok(1, {0})}));
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(c.full().stable == 1);
  CHECK(c.result.convergence->replicas == std::vector<std::string>{"the store"});
  CHECK_FALSE(c.result.convergence->replicas_from_node);
}

TEST_CASE("set-full: an add never read is never-read, and the verdict unknown", "[set-full]") {
  Checked c = check(edn({add(0, "invoke", 0), add(0, "ok", 0)}));
  CHECK(c.result.verdict == Verdict::kUnknown);
  CHECK(c.full().attempts == 1);
  CHECK(elements(c.full().never_read) == Ints{0});
  CHECK(c.full().stable == 0);
  CHECK(c.full().lost.empty());
}

TEST_CASE("set-full: never confirmed, never read", "[set-full]") {
  Checked c = check(edn({add(0, "invoke", 0), read_inv(1), read_ok(1, {})}));
  CHECK(c.result.verdict == Verdict::kUnknown);
  CHECK(elements(c.full().never_read) == Ints{0});
}

TEST_CASE("set-full: a read holding the element, concurrent or after, makes it stable at 0",
          "[set-full]") {
  Ev a = add(0, "invoke", 0), a_ok = add(0, "ok", 0), r = read_inv(1), r_ok = read_ok(1, {0});
  for (const auto& h : {std::vector<Ev>{r, a, r_ok, a_ok}, std::vector<Ev>{r, a, a_ok, r_ok},
                        std::vector<Ev>{a, r, r_ok, a_ok}, std::vector<Ev>{a, r, a_ok, r_ok},
                        std::vector<Ev>{a, a_ok, r, r_ok}}) {
    Checked c = check(edn(h));
    CHECK(c.result.verdict == Verdict::kValid);
    CHECK(c.full().stable == 1);
    CHECK(c.full().never_read.empty());
    CHECK(c.full().stale.empty());
    CHECK(c.full().stable_latencies == all(0));
  }
}

TEST_CASE("set-full: a read invoked after the add completed that lacks it: lost", "[set-full]") {
  Checked c = check(edn({add(0, "invoke", 0), add(0, "ok", 0), read_inv(1), read_ok(1, {})}));
  CHECK(c.result.verdict == Verdict::kInvalid);
  REQUIRE(c.full().lost.size() == 1);
  CHECK(c.full().lost[0].element == Value::integer(0));
  CHECK(c.full().lost_latencies == all(0));
  CHECK(c.full().stable == 0);
  // The counterexample names the add and the read that lacks it.
  CHECK(c.result.counterexample->ops == std::vector<uint32_t>{0, 1});
}

TEST_CASE("set-full: a concurrent read that lacks the element is never-read, not lost",
          "[set-full]") {
  Ev a = add(0, "invoke", 0), a_ok = add(0, "ok", 0), r = read_inv(1), r_no = read_ok(1, {});
  for (const auto& h : {std::vector<Ev>{r, a, r_no, a_ok}, std::vector<Ev>{r, a, a_ok, r_no},
                        std::vector<Ev>{a, r, r_no, a_ok}, std::vector<Ev>{a, r, a_ok, r_no}}) {
    Checked c = check(edn(h));
    CHECK(c.result.verdict == Verdict::kUnknown);
    CHECK(elements(c.full().never_read) == Ints{0});
    CHECK(c.full().lost.empty());
  }
}

TEST_CASE("set-full: write, present, missing: both lost, with Jepsen's lost latencies",
          "[set-full]") {
  // Adds of 0 and 1 run concurrently; process 2 reads #{1} before the add
  // of 1 completes, then #{0 1}, then #{0}, then #{}.
  Checked c = check(edn({add(0, "invoke", 0), add(1, "invoke", 1), read_inv(2), read_ok(2, {1}),
                         add(0, "ok", 0), add(1, "ok", 1), read_inv(2), read_ok(2, {0, 1}),
                         read_inv(2), read_ok(2, {0}), read_inv(2), read_ok(2, {})}));
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(elements(c.full().lost) == Ints{0, 1});
  CHECK(c.full().stable == 0);
  // Jepsen: {0 3, 0.5 4, ...} in whole milliseconds; here nanoseconds: 1 is
  // known at 3 ms and last present at 6 ms, 0 at 4 ms and 8 ms (+1 ns each).
  CHECK(
      c.full().lost_latencies ==
      Quantiles{
          {0, 3'000'001}, {0.5, 4'000'001}, {0.95, 4'000'001}, {0.99, 4'000'001}, {1, 4'000'001}});
}

TEST_CASE("set-full: write, flutter: 0 lost, 1 stale but stable", "[set-full]") {
  // t: 0 a0, 1 a0', 2 a1, 3 r2, 4 r2'#{1}, 5 a1', 6 r2, 7 r3, 8 r3'#{1}, 9 r2'#{0}
  std::vector<Ev> h = {add(0, "invoke", 0), add(0, "ok", 0), add(1, "invoke", 1), read_inv(2),
                       read_ok(2, {1}),     add(1, "ok", 1), read_inv(2),         read_inv(3),
                       read_ok(3, {1}),     read_ok(2, {0})};
  Checked c = check(edn(h));
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(elements(c.full().lost) == Ints{0});
  CHECK(c.full().lost_latencies == all(5'000'001));
  CHECK(c.full().stable == 1);
  REQUIRE(elements(c.full().stale) == Ints{1});
  const Element& stale = c.full().stale[0];
  CHECK(stale.latency == 2'000'001);  // Jepsen: 2 (ms)
  // Known at the read completing at 4 ms (before the add's ok); missing
  // from the read invoked at 6 ms.
  CHECK(c.history.ops[stale.known].complete == 4);
  CHECK(c.history.first_event_index(c.history.ops[stale.last_absent]) == 6);
  CHECK(c.full().stable_latencies == all(2'000'001));
}

TEST_CASE("set-full: a stale element is valid, and invalid with --linearizable-sets",
          "[set-full]") {
  // 1 is added and acknowledged; a later read misses it; the last holds it.
  std::string h = edn({add(0, "invoke", 1), add(0, "ok", 1), read_inv(1), read_ok(1, {}),
                       read_inv(1), read_ok(1, {1})});
  Checked loose = check(h);
  CHECK(loose.result.verdict == Verdict::kValid);
  CHECK(elements(loose.full().stale) == Ints{1});
  Checked strict = check(h, true);
  CHECK(strict.result.verdict == Verdict::kInvalid);
  REQUIRE(strict.result.convergence->findings.size() == 1);
  CHECK(strict.result.convergence->findings[0].kind == ConvergenceReport::FindingKind::kStale);
  CHECK(strict.result.counterexample->ops == std::vector<uint32_t>{0, 1});
}

TEST_CASE("set-full: a read holding an element twice is invalid (duplicated)", "[set-full]") {
  Checked c = check(
      "[{:process 0, :type :invoke, :f :add, :value 1} {:process 0, :type :ok, :f :add, :value 1}"
      " {:process 1, :type :invoke, :f :read} {:process 1, :type :ok, :f :read, :value [1 1 1]}]");
  CHECK(c.result.verdict == Verdict::kInvalid);
  REQUIRE(c.full().duplicated.size() == 1);
  CHECK(c.full().duplicated[0].times == 3);
  CHECK(c.full().stable == 1);
}

TEST_CASE("set-full: an element no add tried is unexpected (invalid)", "[set-full]") {
  Checked c = check(edn({add(0, "invoke", 1), add(0, "ok", 1), read_inv(1), read_ok(1, {1, 7})}));
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(c.full().unexpected == 1);
  CHECK(c.result.convergence->findings[0].kind == ConvergenceReport::FindingKind::kUnexpected);
}

TEST_CASE("set-full: a remove with no node is refused with its line", "[set-full]") {
  ariadne::ReadResult r = ariadne::read_history_buffer(
      "{:process 0, :type :invoke, :f :add, :value 1}\n"
      "{:process 0, :type :ok, :f :add, :value 1}\n"
      "{:process 0, :type :invoke, :f :remove, :value 1}\n",
      "inline.edn", {});
  REQUIRE(r.ok());
  CheckOptions o;
  o.model = "set";
  o.consistency = ariadne::Consistency::kEventual;
  CheckResult res = ariadne::check(r.history, o);
  REQUIRE(res.error.has_value());
  CHECK(res.error->line == 3);
  CHECK(res.error->message.find("set-full") != std::string::npos);
}

TEST_CASE("set-full: the text and JSON reports show the outcome", "[set-full]") {
  std::vector<Ev> h = {add(0, "invoke", 0), add(0, "ok", 0), add(1, "invoke", 1), read_inv(2),
                       read_ok(2, {1}),     add(1, "ok", 1), read_inv(2),         read_inv(3),
                       read_ok(3, {1}),     read_ok(2, {0})};
  Checked c = check(edn(h));
  std::string text = ariadne::report::convergence_text(c.history, *c.result.convergence);
  CHECK(text.find("2 attempted, 1 stable, 1 lost, 0 never read, 1 stale") != std::string::npos);
  CHECK(text.find("    lost: 0\n") != std::string::npos);
  CHECK(text.find("1: 2000001 ns; known by") != std::string::npos);
  std::string json = ariadne::report::convergence_json(c.history, *c.result.convergence);
  CHECK(json.find("\"set_full\":{\"linearizable\":false,\"attempt_count\":2,\"stable_count\":1") !=
        std::string::npos);
  CHECK(json.find("\"lost_count\":1,\"lost\":[{\"element\":0,\"latency\":5000001") !=
        std::string::npos);
  CHECK(json.find("\"replicas_from\":\"store\"") != std::string::npos);
}

// ---- Property: the checker against a transcription of Jepsen's walk ----

namespace {

struct RefElement {
  bool tracked = false;
  long known = -1, last_present = -1, last_absent = -1;  // event positions
};

// Jepsen's SetFull reduce, event by event: O(reads x elements).
std::map<int64_t, RefElement> reference(const History& h) {
  std::map<int64_t, RefElement> els;
  for (uint32_t i = 0; i < h.events.size(); ++i) {
    const ariadne::Event& e = h.events[i];
    bool is_add = e.f.as_text() == "add";
    if (is_add && e.type == ariadne::EventType::kInvoke) {
      els[e.value.as_int()] = RefElement{true};
    } else if (is_add && e.type == ariadne::EventType::kOk) {
      auto it = els.find(e.value.as_int());
      if (it != els.end() && it->second.known < 0) it->second.known = i;
    } else if (!is_add && e.type == ariadne::EventType::kOk) {
      long inv = -1;  // the invocation: the process's previous event
      for (long j = static_cast<long>(i) - 1; j >= 0 && inv < 0; --j)
        if (h.events[j].process == e.process) inv = j;
      std::vector<int64_t> held;
      for (Value v : e.value.items()) held.push_back(v.as_int());
      for (auto& [x, s] : els) {
        if (std::find(held.begin(), held.end(), x) != held.end()) {
          if (s.known < 0) s.known = i;
          s.last_present = std::max(s.last_present, inv);
        } else {
          s.last_absent = std::max(s.last_absent, inv);
        }
      }
    }
  }
  return els;
}

}  // namespace

TEST_CASE("set-full agrees with Jepsen's event walk on random histories", "[set-full][property]") {
  std::mt19937 rng(20261206);
  for (int round = 0; round < 400; ++round) {
    // A few clients; each op either adds an element (ok, info or fail) or
    // reads a random subset of the elements tried so far.
    int processes = 2 + static_cast<int>(rng() % 3), elements = 1 + static_cast<int>(rng() % 5);
    std::vector<Ev> evs;
    std::vector<int> open(processes, -1);  // -1 idle, -2 reading, else adding x
    int next = 0;
    for (int step = 0; step < 24; ++step) {
      int p = static_cast<int>(rng() % processes);
      if (open[p] == -1) {
        if (next < elements && rng() % 2) {
          evs.push_back(add(p, "invoke", next));
          open[p] = next++;
        } else {
          evs.push_back(read_inv(p));
          open[p] = -2;
        }
      } else if (open[p] == -2) {
        Ints xs;
        for (int x = 0; x < elements; ++x)
          if (rng() % 3) xs.push_back(x);
        evs.push_back(read_ok(p, xs));
        open[p] = -1;
      } else {
        const char* types[] = {"ok", "ok", "ok", "info", "fail"};
        evs.push_back(add(p, types[rng() % 5], open[p]));
        open[p] = -1;
      }
    }
    std::string text = edn(evs, false);
    INFO(text);
    ariadne::ReadResult r = ariadne::read_history_buffer(text, "inline.edn", {});
    REQUIRE(r.ok());
    Checked c = check(text);
    std::map<int64_t, bool> tried, read_any;
    for (const Ev& e : evs) {
      if (std::string(e.f) == "add") tried[e.value] = true;
      for (int64_t x : e.read) read_any[x] = true;
    }
    size_t unexpected = 0;
    for (const auto& [x, unused] : read_any) unexpected += !tried.count(x);
    CHECK(c.full().unexpected == unexpected);
    auto ref = reference(r.history);
    size_t lost = 0, stable = 0, never = 0;
    std::map<int64_t, char> outcome;
    for (const auto& [x, s] : ref) {
      bool is_stable = s.last_present >= 0 && s.last_absent < s.last_present;
      bool is_lost = s.known >= 0 && s.last_absent >= 0 && s.last_present < s.last_absent &&
                     s.known < s.last_absent;
      outcome[x] = is_stable ? 's' : is_lost ? 'l' : 'n';
      (is_stable ? stable : is_lost ? lost : never)++;
    }
    const auto& full = c.full();
    CHECK(full.attempts == ref.size());
    CHECK(full.stable == stable);
    CHECK(full.lost.size() == lost);
    CHECK(full.never_read.size() == never);
    for (const Element& e : full.lost) CHECK(outcome[e.element.as_int()] == 'l');
    for (const Element& e : full.never_read) CHECK(outcome[e.element.as_int()] == 'n');
    for (const Element& e : full.stale) {
      const RefElement& s = ref[e.element.as_int()];
      CHECK(outcome[e.element.as_int()] == 's');
      CHECK(e.latency == std::max<long>(0, s.last_absent + 1 - s.known));
    }
    size_t ref_stale = 0;
    for (const auto& [x, s] : ref)
      if (outcome[x] == 's' && s.last_absent + 1 - s.known > 0 && s.last_absent >= 0) ++ref_stale;
    CHECK(full.stale.size() == ref_stale);
    bool invalid = lost > 0 || unexpected > 0;
    CHECK((c.result.verdict == Verdict::kInvalid) == invalid);
    if (!invalid) CHECK((c.result.verdict == Verdict::kUnknown) == (stable == 0));
  }
}
