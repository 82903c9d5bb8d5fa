// The fast procedures of counter, register, cas-register and kv
// (checkers/models/{counter,register}_fast.cc) against the search: many
// random small histories per model, each checked with the fast path on and
// off (CheckOptions::fast_path); the verdicts must agree. A disagreement
// fails with the history as JSON Lines.
//
// Histories come from simulating a correct object under a random schedule
// of 1-4 processes (each op takes effect at a random point within its
// interval), with crashed operations (info, or never completed, effect
// applied or not) and failed ones, then perturbing a result now and then so
// that many are not linearizable. Registers write fresh values, except now
// and then one that repeats (or the initial value): the fast path must
// decline those. Counters add one delta per history (+1, -2 or +3), except
// now and then a different one or 0. Reads of the initial value (nil or 0)
// and, for kv, --no-partition and --nil-reads any, are in the mix; a third
// of the histories carry times that tie.
//
// Deterministic: a fixed seed per model. Fewer histories under a sanitizer;
// ARIADNE_FAST_PROPERTY_VERBOSE=1 prints the counts.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARIADNE_FAST_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARIADNE_FAST_TEST_SANITIZED 1
#endif
#endif

namespace {

#ifdef ARIADNE_FAST_TEST_SANITIZED
constexpr int kHistories = 2000;
#else
constexpr int kHistories = 12000;
#endif

struct Sim {
  std::mt19937_64 rng;
  explicit Sim(uint64_t seed) : rng(seed) {}
  int pick(int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }
  bool coin(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
};

struct Op {
  int process = 0;
  std::string f;
  int key = -1;  // -1: no key field
  std::string arg = "null";
  std::string result = "null";
  enum { kOk, kFail, kCrashed, kNeverCompleted } status = kOk;
  bool applied = false;
};

// One history: its JSON Lines and what the check needs to know.
struct Generated {
  std::string text;
  std::string initial;  // --initial, empty: none (nil)
  bool partition = true;
  bool nil_any = false;
};

// Simulates `model` ("register", "cas-register", "kv" or "counter").
Generated generate(const std::string& model, Sim& s) {
  Generated g;
  bool counter = model == "counter";
  bool kv = model == "kv";
  int keys = kv ? 1 + s.pick(2) : 1;
  if (counter) {
    if (s.coin(0.3)) g.initial = std::to_string(s.pick(5) - 2);
  } else if (s.coin(0.4)) {
    g.initial = "0";
  }
  if (kv) g.partition = !s.coin(0.25);
  if (!counter) g.nil_any = g.initial.empty() && s.coin(0.15);
  int64_t delta = counter ? (s.coin(0.5) ? 1 : s.coin(0.5) ? -2 : 3) : 0;
  // State per key: the value as JSON text.
  std::vector<std::string> state(keys, counter ? (g.initial.empty() ? "0" : g.initial)
                                               : (g.initial.empty() ? "null" : g.initial));
  std::vector<std::string> written;  // values written so far
  int next_value = 1;
  int processes = 1 + s.pick(4);
  int total = 2 + s.pick(8);
  std::vector<Op> ops;
  std::vector<int> pending(processes, -1);  // per process slot: op index
  std::vector<int> process_id(processes);
  for (int p = 0; p < processes; ++p) process_id[p] = p;
  int fresh_process = processes;
  struct Event {
    int op;
    bool completion;
  };
  std::vector<Event> events;
  auto fresh = [&]() -> std::string {
    if (!written.empty() && s.coin(0.06)) return written[s.pick(static_cast<int>(written.size()))];
    if (s.coin(0.02)) return state[0] == "null" ? "0" : state[0];  // maybe the initial value
    std::string v = std::to_string(next_value++);
    written.push_back(v);
    return v;
  };
  int issued = 0;
  while (issued < total ||
         std::any_of(pending.begin(), pending.end(), [](int i) { return i >= 0; })) {
    int p = s.pick(processes);
    if (pending[p] < 0) {
      if (issued >= total) continue;
      Op op;
      op.process = process_id[p];
      op.key = kv ? s.pick(keys) : -1;
      int r = s.pick(10);
      if (counter) {
        op.f = r < 6 ? "add" : "read";
        if (r < 6) {
          int64_t d = delta;
          if (s.coin(0.04)) d = delta + 1;
          if (s.coin(0.04)) d = 0;
          op.arg = std::to_string(d);
        }
      } else if (model == "cas-register" && r < 3) {
        op.f = "cas";
        std::string k = state[0];
        std::string expected =
            s.coin(0.7) || written.empty() ? k : written[s.pick(static_cast<int>(written.size()))];
        op.arg = "[" + expected + "," + fresh() + "]";
      } else if (r < 6) {
        op.f = kv && s.coin(0.5) ? "put" : "write";
        op.arg = fresh();
      } else {
        op.f = kv && s.coin(0.5) ? "get" : "read";
      }
      if (s.coin(0.1))
        op.status = Op::kFail;
      else if (s.coin(0.12))
        op.status = s.coin(0.5) ? Op::kCrashed : Op::kNeverCompleted;
      pending[p] = static_cast<int>(ops.size());
      events.push_back({static_cast<int>(ops.size()), false});
      ops.push_back(op);
      ++issued;
      continue;
    }
    Op& op = ops[pending[p]];
    std::string& st = state[op.key < 0 ? 0 : op.key];
    if (!op.applied && op.status != Op::kFail && !s.coin(0.4)) {
      op.applied = true;
      bool crashed = op.status == Op::kCrashed || op.status == Op::kNeverCompleted;
      if (crashed && s.coin(0.5)) continue;  // a crashed op that never took effect
      if (op.f == "read" || op.f == "get") {
        op.result = st;
      } else if (op.f == "add") {
        st = std::to_string(std::stoll(st) + std::stoll(op.arg));
      } else if (op.f == "cas") {
        std::string expected = op.arg.substr(1, op.arg.find(',') - 1);
        std::string next = op.arg.substr(op.arg.find(',') + 1);
        next.pop_back();
        if (expected == st)
          st = next;
        else if (!crashed)
          op.status = Op::kFail;
      } else {
        st = op.arg;
      }
      continue;
    }
    if (!op.applied && op.status != Op::kFail) continue;
    if (op.status != Op::kNeverCompleted) events.push_back({pending[p], true});
    if (op.status == Op::kCrashed || op.status == Op::kNeverCompleted)
      process_id[p] = fresh_process++;  // Jepsen's new process after info
    pending[p] = -1;
  }
  // Perturb: a read returns something else.
  for (Op& op : ops) {
    if (op.status != Op::kOk || (op.f != "read" && op.f != "get") || !s.coin(0.15)) continue;
    if (counter)
      op.result = std::to_string(std::stoll(op.result) + (s.coin(0.5) ? delta : -delta));
    else if (!written.empty() && s.coin(0.8))
      op.result = written[s.pick(static_cast<int>(written.size()))];
    else
      op.result = "null";
  }
  // A third of the histories carry times, two events per tick or so: ties
  // make closed intervals touch.
  bool timed = s.coin(0.33);
  int64_t tick = 0;
  for (const Event& e : events) {
    const Op& op = ops[e.op];
    if (timed && s.coin(0.5)) ++tick;
    const char* type = !e.completion            ? "invoke"
                       : op.status == Op::kOk   ? "ok"
                       : op.status == Op::kFail ? "fail"
                                                : "info";
    bool shows_result = e.completion && op.status == Op::kOk && (op.f == "read" || op.f == "get");
    g.text += std::string("{\"type\":\"") + type + "\",\"process\":" + std::to_string(op.process) +
              ",\"f\":\"" + op.f + "\"";
    if (op.key >= 0) g.text += ",\"key\":\"k" + std::to_string(op.key) + "\"";
    g.text += ",\"value\":" + (shows_result ? op.result : op.arg);
    if (timed) g.text += ",\"time\":" + std::to_string(tick);
    g.text += "}\n";
  }
  return g;
}

struct Counts {
  int histories = 0, fast_valid = 0, fast_invalid = 0, declined = 0, invalid = 0;
  int disagreements = 0;
  std::string first;
};

void compare(const std::string& model, uint64_t seed, Counts& counts) {
  Sim s(seed);
  for (int i = 0; i < kHistories; ++i) {
    Generated g = generate(model, s);
    ariadne::ReadResult read = ariadne::read_history_buffer(g.text, "generated.jsonl", {});
    REQUIRE(read.ok());
    ariadne::CheckOptions o;
    o.model = model;
    o.threads = 1;
    o.shrink = false;
    o.partition = g.partition;
    if (g.nil_any) o.nil_reads = ariadne::NilReads::kAny;
    if (!g.initial.empty()) o.initial = ariadne::Value::integer(std::stoll(g.initial));
    ariadne::CheckResult fast = ariadne::check(read.history, o);
    o.fast_path = false;
    ariadne::CheckResult search = ariadne::check(read.history, o);
    REQUIRE(!fast.error);
    ++counts.histories;
    counts.invalid += search.verdict == ariadne::Verdict::kInvalid;
    bool decided = !fast.partitions.empty();
    for (const ariadne::PartitionResult& p : fast.partitions)
      decided = decided && (!p.procedure.empty() || p.verdict == ariadne::Verdict::kUnknown);
    bool by_fast = false;
    for (const ariadne::PartitionResult& p : fast.partitions) by_fast |= !p.procedure.empty();
    if (!by_fast)
      ++counts.declined;
    else if (fast.verdict == ariadne::Verdict::kValid)
      ++counts.fast_valid;
    else if (fast.verdict == ariadne::Verdict::kInvalid)
      ++counts.fast_invalid;
    for (const ariadne::PartitionResult& p : search.partitions) REQUIRE(p.procedure.empty());
    if (fast.verdict == search.verdict) continue;
    if (counts.disagreements++ == 0)
      counts.first = "history " + std::to_string(i) + " (" + model + ", initial " +
                     (g.initial.empty() ? "nil" : g.initial) +
                     (g.partition ? "" : ", --no-partition") +
                     (g.nil_any ? ", --nil-reads any" : "") + "): fast path " +
                     std::string(ariadne::verdict_name(fast.verdict)) + ", search " +
                     std::string(ariadne::verdict_name(search.verdict)) + "\n" + g.text;
  }
}

}  // namespace

TEST_CASE("the fast procedures of counter and the registers agree with the search",
          "[linearizability][property][fast-path]") {
  const char* const models[] = {"counter", "register", "cas-register", "kv"};
  for (size_t m = 0; m < std::size(models); ++m) {
    const std::string model = models[m];
    DYNAMIC_SECTION("model " << model) {
      Counts c;
      compare(model, 20261206 + m, c);
      if (std::getenv("ARIADNE_FAST_PROPERTY_VERBOSE"))
        std::printf(
            "%-13s %d histories (%d invalid): fast path %d valid, %d invalid; declined %d\n",
            model.c_str(), c.histories, c.invalid, c.fast_valid, c.fast_invalid, c.declined);
      INFO(c.disagreements << " of " << c.histories << " histories disagree; the first:\n"
                           << c.first);
      CHECK(c.disagreements == 0);
      // Not vacuous: the fast path decides most histories, both ways, and
      // declines the ones whose values repeat.
      CHECK(c.fast_valid >= c.histories / 4);
      CHECK(c.fast_invalid >= c.histories / 20);
      CHECK(c.declined >= c.histories / 50);
    }
  }
}
