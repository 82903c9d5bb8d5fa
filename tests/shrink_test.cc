// Minimal counterexamples (SPEC section 5): the exact sub-histories the
// hand-written bad histories shrink to, and on those and on random invalid
// histories, that S is invalid by the checker, closed under reads-from and
// 1-minimal, checked here by removing each op in turn.
#include <catch2/catch.hpp>

#include "initial_value.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "linearizability/reads_from.h"
#include "linearizability/shrink.h"

namespace {

using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::Consistency;
using ariadne::History;
using ariadne::Verdict;

const std::string kHistories = std::string(ARIADNE_SOURCE_DIR) + "/histories/";

struct Checked {
  History history;
  CheckOptions options;
  CheckResult result;
};

// Options whose shrinking no clock cuts short: a test that asserts S is
// minimal must not depend on how loaded the machine is.
CheckOptions untimed() {
  CheckOptions o;
  o.shrink_timeout_ns = 0;
  return o;
}

Checked check_text(const std::string& text, const std::string& model, Consistency c,
                   CheckOptions options = untimed(), ariadne::ReadOptions read = {}) {
  Checked out;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "test", read);
  REQUIRE(r.ok());
  out.history = std::move(r.history);
  options.model = model;
  options.consistency = c;
  out.options = options;
  out.result = ariadne::check(out.history, options);
  REQUIRE_FALSE(out.result.error.has_value());
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Checked check_file(const std::string& file, const std::string& model, Consistency c,
                   const std::string& initial = "", bool independent = false) {
  CheckOptions options = untimed();
  options.threads = 1;
  if (!initial.empty()) options.initial = parse_initial(initial);
  ariadne::ReadOptions read;
  read.independent = independent;
  return check_text(slurp(kHistories + file), model, c, options, read);
}

// The lines of S's invokes (of the completion for a completion-only op).
std::vector<uint32_t> lines(const Checked& c) {
  REQUIRE(c.result.counterexample.has_value());
  std::vector<uint32_t> out;
  for (uint32_t op : c.result.counterexample->ops)
    out.push_back(c.history.first_event(c.history.ops[op]).line);
  return out;
}

bool invalid(const History& h, const CheckOptions& options, const std::vector<uint32_t>& ops) {
  CheckOptions o = options;
  o.shrink = false;
  return ariadne::check(ariadne::sub_history(h, ops), o).verdict == Verdict::kInvalid;
}

// S is invalid and closed, and removing any single op loses one of the two.
void require_minimal(const Checked& c) {
  REQUIRE(c.result.counterexample.has_value());
  const ariadne::Counterexample& cx = *c.result.counterexample;
  CHECK(cx.minimal);
  std::vector<uint32_t> universe = ariadne::lin::failing_universe(c.history, c.result);
  ariadne::lin::ReadsFrom rf(c.history, c.options, universe);
  CHECK(invalid(c.history, c.options, cx.ops));
  CHECK(rf.closed(cx.ops));
  CHECK(std::is_sorted(cx.ops.begin(), cx.ops.end()));
  for (size_t i = 0; i < cx.ops.size(); ++i) {
    std::vector<uint32_t> less = cx.ops;
    less.erase(less.begin() + i);
    INFO("without op " << ariadne::describe_op(c.history, cx.ops[i]));
    CHECK_FALSE((rf.closed(less) && invalid(c.history, c.options, less)));
  }
}

}  // namespace

TEST_CASE("a stale read after a completed write shrinks to exactly the write and the read",
          "[shrink]") {
  Checked c = check_file("bad/register-sequential-not-linearizable.jsonl", "register",
                         Consistency::kLinearizable);
  CHECK(lines(c) == std::vector<uint32_t>{1, 3});
  require_minimal(c);
  const ariadne::Counterexample& cx = *c.result.counterexample;
  REQUIRE(cx.stuck_op.has_value());
  CHECK(c.history.first_event(c.history.ops[*cx.stuck_op]).line == 3);
  CHECK(cx.stuck_states == std::vector<std::string>{"1"});
  CHECK(cx.explanation.find("process 0's write 1 (line 1) completed at line 2 before process 1's "
                            "read -> nil (line 3) began.") != std::string::npos);
}

TEST_CASE("the hand-written bad histories shrink to the operations that show the anomaly",
          "[shrink]") {
  struct Case {
    std::string file, model;
    Consistency consistency;
    std::vector<uint32_t> lines;
    std::string initial = "";
    bool independent = false;
  };
  const Consistency lin = Consistency::kLinearizable, seq = Consistency::kSequential;
  std::vector<Case> cases = {
      // the write overwritten before the read began, the write read, the read
      {"bad/register-stale-read.jsonl", "register", lin, {1, 3, 5}},
      {"bad/register-lost-write.jsonl", "register", lin, {1, 3, 5}},
      // nobody wrote 3: the read alone
      {"bad/register-read-never-written.jsonl", "register", lin, {3}},
      {"bad/kv-stale-read.jsonl", "kv", lin, {5, 7, 9}},
      {"bad/fifo-queue-duplicated-dequeue.jsonl", "fifo-queue", lin, {1, 3, 5}},
      {"bad/fifo-queue-dequeue-out-of-order.jsonl", "fifo-queue", lin, {1, 3, 5}},
      {"bad/mutex-two-holders.jsonl", "mutex", lin, {1, 3}},
      {"bad/counter-lost-increment.jsonl", "counter", lin, {1, 3, 5}},
      {"bad/set-add-lost.jsonl", "set", lin, {1, 3, 5}},
      {"bad/list-append-order-reversed.jsonl", "list-append", lin, {1, 3, 5}},
      {"bad/multi-register-torn-read.edn", "multi-register", lin, {1, 3}},
      {"bad/independent-cas-register-stale-read.edn", "cas-register", lin, {5, 7, 9}, "", true},
      // as one object: both writes and both reads of the initial nil
      {"bad/kv-sequential-not-compositional.jsonl", "kv", seq, {1, 2, 5, 6}},
  };
  for (const Case& k : cases) {
    DYNAMIC_SECTION(k.file << " (" << ariadne::consistency_name(k.consistency) << ")") {
      Checked c = check_file(k.file, k.model, k.consistency, k.initial, k.independent);
      REQUIRE(c.result.verdict == Verdict::kInvalid);
      CHECK(lines(c) == k.lines);
      require_minimal(c);
    }
  }
}

TEST_CASE("a crashed write that a read saw stays in the counterexample, still crashed",
          "[shrink]") {
  // The crashed write of 1 took effect before the first read, so the later
  // read of nil is impossible.
  const std::string text =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value nil}\n"
      "{:process 0, :type :info, :f :write, :value 1}\n";
  Checked c = check_text(text, "register", Consistency::kLinearizable);
  REQUIRE(c.result.verdict == Verdict::kInvalid);
  CHECK(lines(c) == std::vector<uint32_t>{1, 2, 4});
  require_minimal(c);
  const ariadne::Counterexample& cx = *c.result.counterexample;
  History sub = ariadne::sub_history(c.history, cx.ops);
  REQUIRE(sub.ops.size() == 3);
  CHECK(sub.ops[0].status == ariadne::OpStatus::kCrashed);
  CHECK(sub.events[sub.ops[0].complete].line == 6);  // the :info, with its line
  CHECK(sub.events.size() == 6);
}

TEST_CASE("--no-shrink reports the whole failing partition, not minimal", "[shrink]") {
  CheckOptions options;
  options.shrink = false;
  Checked c = check_text(slurp(kHistories + "bad/kv-stale-read.jsonl"), "kv",
                         Consistency::kLinearizable, options);
  REQUIRE(c.result.counterexample.has_value());
  const ariadne::Counterexample& cx = *c.result.counterexample;
  CHECK_FALSE(cx.minimal);
  CHECK(cx.ops.size() == cx.from_operations);
  CHECK(lines(c) == std::vector<uint32_t>{5, 7, 9});
  CHECK(cx.oracle_checks == 0);
}

namespace {

// A random register history over `processes` clients: each op takes effect
// at its completion, so it is linearizable, then one ok read is changed to
// return another value written to its key (or the initial nil). Writes
// write distinct values; some writes crash. With keys > 0, each op names
// one of `keys` keys (a kv history).
std::string random_history(std::mt19937& rng, int processes, int ops, int keys = 0) {
  std::ostringstream out;
  std::vector<int> pending(processes, -1);  // -1 idle, 0 read, 1 write
  std::vector<int> pending_value(processes, 0), pending_key(processes, 0);
  std::vector<int> name(processes);
  for (int p = 0; p < processes; ++p) name[p] = p;
  int next_name = processes;
  int slots = std::max(keys, 1);
  std::vector<int> value(slots, 0);
  std::vector<std::vector<int>> written(slots, std::vector<int>{0});
  int next = 1, started = 0;
  std::vector<std::string> lines;
  std::vector<std::pair<size_t, int>> reads;  // (line of an ok read, its key)
  auto key_field = [&](int k) {
    return keys > 0 ? ",\"key\":\"k" + std::to_string(k) + "\"" : std::string();
  };
  auto text = [](int v) { return v == 0 ? std::string("null") : std::to_string(v); };
  while (started < ops ||
         std::any_of(pending.begin(), pending.end(), [](int x) { return x >= 0; })) {
    int p = static_cast<int>(rng() % processes);
    std::string proc = std::to_string(name[p]);
    int k = pending_key[p];
    if (pending[p] < 0) {
      if (started >= ops) continue;
      ++started;
      bool write = rng() % 2 == 0;
      pending[p] = write;
      pending_value[p] = write ? next++ : 0;
      pending_key[p] = k = static_cast<int>(rng() % slots);
      lines.push_back("{\"type\":\"invoke\",\"process\":" + proc + ",\"f\":\"" +
                      (write ? "write" : "read") + "\"" + key_field(k) +
                      ",\"value\":" + text(pending_value[p]) + "}");
    } else if (pending[p] == 1) {
      bool crash = rng() % 8 == 0;
      if (!crash || rng() % 2 == 0) value[k] = pending_value[p];
      written[k].push_back(pending_value[p]);
      lines.push_back("{\"type\":\"" + std::string(crash ? "info" : "ok") +
                      "\",\"process\":" + proc + ",\"f\":\"write\"" + key_field(k) +
                      ",\"value\":" + text(pending_value[p]) + "}");
      if (crash) name[p] = next_name++;
      pending[p] = -1;
    } else {
      reads.push_back({lines.size(), k});
      lines.push_back("{\"type\":\"ok\",\"process\":" + proc + ",\"f\":\"read\"" + key_field(k) +
                      ",\"value\":" + text(value[k]) + "}");
      pending[p] = -1;
    }
  }
  if (!reads.empty()) {
    auto [line, k] = reads[rng() % reads.size()];
    int v = written[k][rng() % written[k].size()];
    std::string& l = lines[line];
    l = l.substr(0, l.rfind(':') + 1) + text(v) + "}";
  }
  for (const std::string& l : lines) out << l << "\n";
  return out.str();
}

}  // namespace

TEST_CASE(
    "random invalid histories shrink to invalid, closed, 1-minimal sub-histories, the same "
    "at any thread count",
    "[shrink][property]") {
  std::mt19937 rng(20261127);
  int invalid_seen = 0;
  for (int round = 0; round < 300 && invalid_seen < 80; ++round) {
    int keys = round % 2 == 0 ? 0 : 2;
    std::string model = keys == 0 ? "register" : "kv";
    std::string text = random_history(rng, 2 + static_cast<int>(rng() % 3),
                                      6 + static_cast<int>(rng() % 14), keys);
    for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential}) {
      CheckOptions one = untimed();
      one.threads = 1;
      Checked a = check_text(text, model, c, one);
      if (a.result.verdict != Verdict::kInvalid) continue;
      ++invalid_seen;
      INFO(ariadne::consistency_name(c) << " history:\n" << text);
      require_minimal(a);
      CheckOptions four = untimed();
      four.threads = 4;
      Checked b = check_text(text, model, c, four);
      REQUIRE(b.result.counterexample.has_value());
      CHECK(b.result.counterexample->ops == a.result.counterexample->ops);
    }
  }
  CHECK(invalid_seen >= 40);
}

TEST_CASE("a shrink timeout reports the smallest counterexample found, marked not minimal",
          "[shrink]") {
  CheckOptions options;
  options.shrink_timeout_ns = 1;  // over before the first candidate
  options.initial = parse_initial("\"\"");
  std::string file = std::string(ARIADNE_SOURCE_DIR) + "/histories/porcupine/kv/c50-bad.txt";
  Checked c = check_text(slurp(file), "kv", Consistency::kLinearizable, options);
  REQUIRE(c.result.counterexample.has_value());
  const ariadne::Counterexample& cx = *c.result.counterexample;
  CHECK_FALSE(cx.minimal);
  CHECK(cx.not_minimal_reason == "not shown minimal (shrink time limit)");
  CHECK(invalid(c.history, c.options, cx.ops));

  // With time, the same history shrinks to a handful of operations.
  options.shrink_timeout_ns = 0;
  Checked full = check_text(slurp(file), "kv", Consistency::kLinearizable, options);
  require_minimal(full);
  // Key "4" fails first: its violation needs a read of ten appends, those
  // appends and one more.
  CHECK(full.result.counterexample->ops.size() <= 12);
}
