// The linearizability and sequential-consistency searches, and the replay
// for reports, instantiated for any model type M (linearizability/model.h
// says what M provides). A model file (checkers/models/<name>.cc) calls
// search_model / replay_model with its spec type, so each step of the search
// is a direct call into the model, never a virtual one.
//
// What a check does: split the history into partitions (per key, for
// linearizability: P-compositionality, Horn & Kroening 2015), prepare each
// partition's operations with its own model, let the fast procedure decide
// what it can (checkers/models/fast.h), and run the searches of the rest in
// parallel, in rounds with a growing budget of states (Runner::run).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "ariadne/checker.h"
#include "budget.h"
#include "linearizability/keyed.h"
#include "linearizability/model.h"
#include "linearizability/partition.h"
#include "linearizability/replay.h"
#include "linearizability/search.h"
#include "linearizability/sequential.h"
#include "models/fast.h"
#include "models/model.h"

namespace ariadne::lin {

// How the check splits and reads a history, from the model's definition.
struct SearchSetup {
  bool split = true;         // per key when linearizable and partitioned
  bool require_key = false;  // an op without a key is an input error
  models::FastProcedure fast = nullptr;
};

struct PreparedPartition {
  std::vector<PreparedOp> ops;
  std::vector<Interval> times;
  std::vector<uint32_t> process_of;
  uint64_t bytes() const {
    return ops.capacity() * sizeof(PreparedOp) + times.capacity() * sizeof(Interval) +
           process_of.capacity() * sizeof(uint32_t);
  }
};

// An input error at the line of op's first event.
ParseError op_error(const History& h, const Operation& op, std::string message);

// Whether any op of h names a key.
bool any_keyed(const History& h);

// Whether h is checked as one object (sequential consistency, which is not
// compositional, or --no-partition).
bool checked_whole(const CheckOptions& options);

template <class Model>
std::optional<ParseError> prepare_partition(const History& h, const Partition& part, Model& model,
                                            bool require_key, PreparedPartition& out) {
  std::unordered_map<Value, uint32_t, ValueHash> process_ids;
  const std::vector<uint32_t>& members = part.members;
  for (size_t k = 0; k < members.size(); ++k) {
    prefetch_member(h, members, k);
    uint32_t index = members[k];
    const Operation& op = h.ops[index];
    if (op.status == OpStatus::kFail) continue;  // certainly did not happen
    if (require_key && !h.has_key(op))
      return op_error(h, op,
                      "expected field \"key\" (or --independent tuples) for this model, got none");
    PreparedOp p;
    p.op = index;
    p.crashed = op.status == OpStatus::kCrashed;
    std::string why;
    Prepared result = model.prepare(h, op, p, why);
    if (result == Prepared::kError) return op_error(h, op, why);
    if (result == Prepared::kDrop) continue;
    out.ops.push_back(p);
    out.times.push_back({h.start(op), h.end(op)});
    auto [it, fresh] =
        process_ids.try_emplace(h.process(op), static_cast<uint32_t>(process_ids.size()));
    out.process_of.push_back(it->second);
  }
  return std::nullopt;
}

// Calls the progress callback every 100 ms from its own thread.
class ProgressTicker {
 public:
  ProgressTicker(const std::function<void(const Progress&)>& callback,
                 std::atomic<uint64_t>& explored, std::atomic<size_t>& done, size_t total);
  void stop();
  ~ProgressTicker() { stop(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

class Runner {
 public:
  Runner(const History& h, const CheckOptions& options, Budget& time)
      : h_(h), options_(options), time_(time) {}

  // `make(partition)` builds a fresh model for one partition.
  //
  // Partitions are searched in rounds with a growing budget of states
  // (a count, so the same at any thread count). After a round in which some
  // partition is found invalid, the first invalid one in partition order is
  // the answer; the others are left. So an easy violation in one key is not
  // hidden behind a hard search in another, and the reported violation is
  // deterministic.
  template <class MakeModel>
  CheckResult run(MakeModel make, const SearchSetup& setup);

 private:
  // Rounds of the search: the first budget, its growth, and the budget from
  // which a round runs without one.
  static constexpr uint64_t kFirstBudget = uint64_t{1} << 10;
  static constexpr uint64_t kBudgetGrowth = 4;
  static constexpr uint64_t kLastBudget = uint64_t{1} << 32;

  // Lets `fast` (checkers/models/fast.h) decide each partition it can; a
  // partition it decides gets `procedure` set.
  //
  // Memory: a procedure's tables are not counted as it builds them; each
  // partition takes kFastBytesPerOp per op of `memory` first (more than
  // the register and counter procedures hold), and where the budget
  // refuses, the fast path is not used.
  static constexpr uint64_t kFastBytesPerOp = 160;
  void decide_fast(models::FastProcedure fast, const std::vector<PreparedPartition>& prepared,
                   CheckResult& result, MemoryBudget& memory, tbb::task_arena& arena);
  void summarize(CheckResult& result) const;
  int threads() const;

  const History& h_;
  const CheckOptions& options_;
  Budget& time_;
};

template <class MakeModel>
CheckResult Runner::run(MakeModel make, const SearchSetup& setup) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  CheckResult result;
  bool sequential = options_.consistency == Consistency::kSequential;
  std::vector<Partition> parts =
      partition_ops(h_, setup.split && !sequential && options_.partition, options_.threads);
  size_t count = parts.size();
  result.partitions.resize(count);

  // Prepare every partition once (models may learn keys while preparing).
  using Model = decltype(make(parts[0]));  // NOLINT: a type, not a call
  std::vector<std::optional<Model>> models(count);
  std::vector<PreparedPartition> prepared(count);
  // In parallel: each partition's ops are scattered through the history,
  // so this is mostly waiting for memory. The error reported is the first
  // in partition order, as a serial pass would find it.
  std::vector<std::optional<ParseError>> errors(count);
  tbb::task_arena(threads()).execute([&] {
    tbb::parallel_for(size_t{0}, count, [&](size_t i) {
      PartitionResult& pr = result.partitions[i];
      pr.verdict = Verdict::kUnknown;  // until its search decides
      pr.reason = "not checked";
      pr.keyed = parts[i].keyed;
      pr.key = parts[i].key;
      models[i].emplace(make(parts[i]));
      errors[i] = prepare_partition(h_, parts[i], *models[i], setup.require_key, prepared[i]);
      pr.operations = prepared[i].ops.size();
    });
  });
  for (auto& error : errors) {
    if (error) {
      result.error = error;
      return result;
    }
  }

  // This check's budget, within the run's (CheckOptions::memory) or, when
  // called without one, within one of its own. The prepared partitions
  // are in memory already: charged, not asked for.
  std::unique_ptr<MemoryBudget> own;
  MemoryBudget* run_budget = options_.memory.get();
  if (!run_budget) {
    own = std::make_unique<MemoryBudget>(run_budget_limit(options_.max_memory, threads()));
    run_budget = own.get();
  }
  MemoryBudget budget(MemoryBudget::kUnlimited, run_budget);
  for (const PreparedPartition& pp : prepared) budget.charge(pp.bytes());
  std::unique_ptr<std::atomic<bool>[]> stop(new std::atomic<bool>[count]);
  for (size_t i = 0; i < count; ++i) stop[i] = false;
  std::atomic<uint64_t> explored{0};
  std::mutex halt_mu;
  std::string halted;  // why every search stopped: time, work or memory ran out
  std::atomic<size_t> done{0};
  ProgressTicker ticker(options_.progress, explored, done, count);

  // Searches live across rounds, so a round goes on where the last stopped.
  std::vector<std::unique_ptr<LinearizableSearch<Model>>> lin(count);
  std::vector<std::unique_ptr<SequentialSearch<Model>>> seq(count);
  auto halt = [&](const std::string& why) {
    std::lock_guard<std::mutex> lock(halt_mu);
    if (halted.empty()) halted = why;
    for (size_t j = 0; j < count; ++j) stop[j] = true;
  };
  auto search_one = [&](size_t i, uint64_t max_states) {
    auto t0 = Clock::now();
    PartitionResult& pr = result.partitions[i];
    const PreparedPartition& pp = prepared[i];
    // A search checks the budget every 1024 states; many small ones would
    // never look.
    if (const char* why = time_.reason()) return halt(why);
    Limits limits{&budget, &time_, &stop[i], &explored, max_states};
    if (sequential && !seq[i])
      seq[i] = std::make_unique<SequentialSearch<Model>>(*models[i], pp.ops, pp.process_of, budget);
    if (!sequential && !lin[i])
      lin[i] = std::make_unique<LinearizableSearch<Model>>(*models[i], pp.ops, pp.times, budget);
    const SearchOutcome& o = sequential ? seq[i]->run(limits) : lin[i]->run(limits);
    pr.verdict = o.verdict;
    pr.reason = o.reason;
    pr.states = o.states;
    pr.progress_ops = o.best_ok;
    pr.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    if (o.verdict == Verdict::kInvalid) {
      for (uint32_t k : o.longest_prefix) pr.longest_prefix.push_back(pp.ops[k].op);
      if (o.stuck >= 0) pr.stuck_op = pp.ops[o.stuck].op;
      pr.stuck_states = o.stuck_states;
    }
    // Running out of time, work or memory ends every search.
    if (pr.verdict == Verdict::kUnknown && pr.reason != kOverBudget && !o.cancelled)
      halt(pr.reason);
    if (pr.verdict != Verdict::kUnknown) {  // decided: free the search (and `o`)
      lin[i].reset();
      seq[i].reset();
      ++done;
    }
  };

  tbb::task_arena arena(threads());
  std::vector<size_t> pending;
  if (!sequential && options_.fast_path && setup.fast)
    decide_fast(setup.fast, prepared, result, budget, arena);
  if (sequential && options_.fast_path && setup.fast)
    for (PartitionResult& pr : result.partitions)
      pr.fast_declined = "sequential consistency: the fast procedure decides linearizability only";
  for (size_t i = 0; i < count; ++i) {
    const PartitionResult& pr = result.partitions[i];
    if (pr.verdict == Verdict::kInvalid && !result.failing) result.failing = i;
    if (pr.procedure.empty()) pending.push_back(i);
  }
  if (result.failing) {
    for (size_t i : pending)
      result.partitions[i].reason = "not checked: another partition is invalid";
    pending.clear();
  }
  for (uint64_t max_states = kFirstBudget; !pending.empty(); max_states *= kBudgetGrowth) {
    // A lone partition has nothing to race against: no budget.
    bool last = max_states >= kLastBudget || pending.size() == 1;
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(0, pending.size(), 1), [&](const auto& r) {
        for (size_t k = r.begin(); k != r.end(); ++k)
          if (!stop[pending[k]]) search_one(pending[k], last ? 0 : max_states);
      });
    });
    std::vector<size_t> still;
    for (size_t i : pending) {
      const PartitionResult& pr = result.partitions[i];
      if (pr.verdict == Verdict::kInvalid && !result.failing) result.failing = i;
      if (pr.verdict == Verdict::kUnknown && pr.reason == kOverBudget) still.push_back(i);
    }
    if (result.failing) {
      for (size_t i : still)
        result.partitions[i].reason = "not checked: another partition is invalid";
      break;
    }
    // Running out of time, work or memory ends every search, including
    // those this round skipped or cut short.
    if (!halted.empty()) {
      for (PartitionResult& pr : result.partitions)
        if (pr.verdict == Verdict::kUnknown) pr.reason = halted;
      break;
    }
    pending.swap(still);
  }
  ticker.stop();
  summarize(result);
  if (result.verdict == Verdict::kUnknown && budget.refused())
    result.reason += "; " + budget.refusal();
  result.check_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

// The check of a model whose objects are independent (one per key):
// `make_inner(key)` builds the model of one key (key nil: unkeyed, or the
// whole history). Checked whole (checked_whole), a keyed history is one
// object of many keys: the model is wrapped in KeyedModel.
template <class MakeInner>
CheckResult search_per_key(const History& h, const CheckOptions& options, Budget& budget,
                           MakeInner make_inner, SearchSetup setup) {
  Runner runner(h, options, budget);
  using Inner = decltype(make_inner(Value()));
  if (checked_whole(options) && any_keyed(h)) {
    setup.split = false;
    return runner.run([&](const Partition&) { return KeyedModel<Inner>(make_inner(Value())); },
                      setup);
  }
  setup.split = true;
  return runner.run([&](const Partition& p) { return make_inner(p.keyed ? p.key : Value()); },
                    setup);
}

// The check of a model that is one object over the whole history (a
// transaction spans keys): `make()` builds it.
template <class Make>
CheckResult search_whole(const History& h, const CheckOptions& options, Budget& budget, Make make,
                         SearchSetup setup) {
  Runner runner(h, options, budget);
  setup.split = false;
  return runner.run([&](const Partition&) { return make(); }, setup);
}

// replay() (replay.h) for one model value.
template <class Model>
std::vector<ModelStep> replay_steps(Model model, const History& h,
                                    const std::vector<uint32_t>& order,
                                    std::optional<uint32_t> stuck,
                                    const std::unordered_set<uint32_t>* wanted) {
  // Prepare every op first, in ops order, as the check does: models learn
  // keys while preparing, and the initial state depends on them.
  std::unordered_map<uint32_t, PreparedOp> prepared;
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    if (op.status == OpStatus::kFail) continue;
    PreparedOp p;
    p.op = i;
    p.crashed = op.status == OpStatus::kCrashed;
    std::string why;
    if (model.prepare(h, op, p, why) == Prepared::kKeep) prepared.emplace(i, p);
  }
  std::set<State> states;
  State init;
  model.initial(init);
  states.insert(init);
  auto describe = [&](const std::set<State>& ss) {
    std::vector<std::string> out;
    for (const State& s : ss) out.push_back(model.describe(s));
    return out;
  };
  std::vector<ModelStep> steps;
  std::vector<uint32_t> all = order;
  if (stuck) all.push_back(*stuck);
  for (uint32_t i : all) {
    bool shown = wanted == nullptr || wanted->count(i) > 0;
    ModelStep step;
    step.op = i;
    if (shown) step.before = describe(states);
    auto it = prepared.find(i);
    if (it != prepared.end()) {
      std::set<State> next;
      State out;
      for (const State& s : states)
        for (unsigned alt = 0; next.size() < kMaxReplayStates; ++alt) {
          if (!model.step(Words(s), it->second, alt, out)) break;
          next.insert(out);
        }
      states.swap(next);
    }
    if (!shown) continue;
    step.after = describe(states);
    steps.push_back(std::move(step));
  }
  return steps;
}

// The replay of a search_per_key model. Checked per key, `order` and
// `stuck` are one key's ops: the model is that key's (make_inner(key)).
template <class MakeInner>
std::vector<ModelStep> replay_per_key(const History& h, const CheckOptions& options,
                                      MakeInner make_inner, const std::vector<uint32_t>& order,
                                      std::optional<uint32_t> stuck,
                                      const std::unordered_set<uint32_t>* wanted) {
  using Inner = decltype(make_inner(Value()));
  if (checked_whole(options) && any_keyed(h))
    return replay_steps(KeyedModel<Inner>(make_inner(Value())), h, order, stuck, wanted);
  Value key;
  std::vector<uint32_t> ops = order;
  if (stuck) ops.push_back(*stuck);
  auto keyed_op =
      std::find_if(ops.begin(), ops.end(), [&](uint32_t i) { return h.has_key(h.ops[i]); });
  if (keyed_op != ops.end()) key = h.key(h.ops[*keyed_op]);
  return replay_steps(make_inner(key), h, order, stuck, wanted);
}

// The ModelDef::search and ModelDef::replay of a model file, from a type F
// with `static M make(const ModelDef&, const CheckOptions&, Value key)`
// (or, without the definition, `make(const CheckOptions&, Value key)`)
// building the spec M of one object (one key's, or the whole history's with
// key nil):
//   d.search = &lin::search_model<F>;  d.replay = &lin::replay_model<F>;
// Keys::kInValue models are one object over the whole history (make gets
// key nil); the others one object per key (search_per_key).
template <class F>
auto make_spec(const models::ModelDef& def, const CheckOptions& options, Value key) {
  if constexpr (requires { F::make(def, options, key); })
    return F::make(def, options, key);
  else
    return F::make(options, key);
}

template <class F>
CheckResult search_model(const models::ModelDef& def, const History& h, const CheckOptions& options,
                         Budget& budget) {
  models::FastProcedure fast = def.fast;
  SearchSetup setup{true, def.keys == models::Keys::kRequired, fast};
  if (def.keys == models::Keys::kInValue)
    return search_whole(
        h, options, budget, [&] { return make_spec<F>(def, options, Value()); }, setup);
  return search_per_key(
      h, options, budget, [&](Value key) { return make_spec<F>(def, options, key); }, setup);
}

template <class F>
std::vector<ModelStep> replay_model(const models::ModelDef& def, const History& h,
                                    const CheckOptions& options, const std::vector<uint32_t>& order,
                                    std::optional<uint32_t> stuck,
                                    const std::unordered_set<uint32_t>* wanted) {
  if (def.keys == models::Keys::kInValue)
    return replay_steps(make_spec<F>(def, options, Value()), h, order, stuck, wanted);
  return replay_per_key(
      h, options, [&](Value key) { return make_spec<F>(def, options, key); }, order, stuck, wanted);
}

}  // namespace ariadne::lin
