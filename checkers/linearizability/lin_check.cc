// Linearizability and sequential consistency of a whole history: picks
// the model, splits the history into partitions (per key, for
// linearizability: P-compositionality, Horn & Kroening 2015), prepares
// each partition's operations and runs the searches in parallel.
#include "linearizability/lin_check.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "ariadne/report.h"
#include "linearizability/models/counter.h"
#include "linearizability/models/keyed.h"
#include "linearizability/models/list_append.h"
#include "linearizability/models/multi_register.h"
#include "linearizability/models/mutex.h"
#include "linearizability/models/queue.h"
#include "linearizability/models/register.h"
#include "linearizability/models/set.h"
#include "linearizability/models/stack.h"
#include "linearizability/partition.h"
#include "linearizability/search.h"
#include "linearizability/sequential.h"
#include "models/fast_table.h"

namespace ariadne::lin {

namespace {

using Clock = std::chrono::steady_clock;

// Rounds of the search (see Runner::run): the first budget, its growth,
// and the budget from which a round runs without one.
constexpr uint64_t kFirstBudget = uint64_t{1} << 10;
constexpr uint64_t kBudgetGrowth = 4;
constexpr uint64_t kLastBudget = uint64_t{1} << 32;

struct PreparedPartition {
  std::vector<PreparedOp> ops;
  std::vector<Interval> times;
  std::vector<uint32_t> process_of;
  uint64_t bytes() const {
    return ops.capacity() * sizeof(PreparedOp) + times.capacity() * sizeof(Interval) +
           process_of.capacity() * sizeof(uint32_t);
  }
};

template <class Model>
std::optional<ParseError> prepare(const History& h, const Partition& part, Model& model,
                                  bool require_key, PreparedPartition& out) {
  std::unordered_map<Value, uint32_t, ValueHash> process_ids;
  const std::vector<uint32_t>& members = part.members;
  for (size_t k = 0; k < members.size(); ++k) {
    prefetch_member(h, members, k);
    uint32_t index = members[k];
    const Operation& op = h.ops[index];
    if (op.status == OpStatus::kFail) continue;  // certainly did not happen
    auto error = [&](std::string message) {
      const Event& e = h.first_event(op);
      ParseError err;
      err.file = h.name;
      err.line = e.line;
      err.column = 1;
      err.message = std::move(message);
      return err;
    };
    if (require_key && !h.has_key(op))
      return error("expected field \"key\" (or --independent tuples) for this model, got none");
    PreparedOp p;
    p.op = index;
    p.crashed = op.status == OpStatus::kCrashed;
    std::string why;
    Prepared result = model.prepare(h, op, p, why);
    if (result == Prepared::kError) return error(why);
    if (result == Prepared::kDrop) continue;
    out.ops.push_back(p);
    out.times.push_back({h.start(op), h.end(op)});
    auto [it, fresh] =
        process_ids.try_emplace(h.process(op), static_cast<uint32_t>(process_ids.size()));
    out.process_of.push_back(it->second);
  }
  return std::nullopt;
}

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
  CheckResult run(MakeModel make, bool split, bool require_key) {
    auto started = Clock::now();
    CheckResult result;
    bool sequential = options_.consistency == Consistency::kSequential;
    std::vector<Partition> parts =
        partition_ops(h_, split && !sequential && options_.partition, options_.threads);
    size_t count = parts.size();
    result.partitions.resize(count);

    // Prepare every partition once (models may learn keys while preparing).
    using Model = decltype(make(parts[0]));  // NOLINT: a type, not a call
    std::vector<std::optional<Model>> models(count);
    std::vector<PreparedPartition> prepared(count);
    // In parallel: each partition's ops are scattered through the history,
    // so this is mostly waiting for memory. The error reported is the first
    // in partition order, as a serial pass would find it.
    int prepare_threads =
        options_.threads > 0 ? options_.threads : tbb::this_task_arena::max_concurrency();
    std::vector<std::optional<ParseError>> errors(count);
    tbb::task_arena(prepare_threads).execute([&] {
      tbb::parallel_for(size_t{0}, count, [&](size_t i) {
        PartitionResult& pr = result.partitions[i];
        pr.verdict = Verdict::kUnknown;  // until its search decides
        pr.reason = "not checked";
        pr.keyed = parts[i].keyed;
        pr.key = parts[i].key;
        models[i].emplace(make(parts[i]));
        errors[i] = prepare(h_, parts[i], *models[i], require_key, prepared[i]);
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
      own = std::make_unique<MemoryBudget>(run_budget_limit(options_.max_memory, prepare_threads));
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
        seq[i] =
            std::make_unique<SequentialSearch<Model>>(*models[i], pp.ops, pp.process_of, budget);
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

    int threads = options_.threads > 0 ? options_.threads : tbb::this_task_arena::max_concurrency();
    tbb::task_arena arena(threads);
    std::vector<size_t> pending;
    if (!sequential) decide_fast(prepared, result, budget, arena);
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
        for (size_t i : still) {
          result.partitions[i].reason = "not checked: another partition is invalid";
        }
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

 private:
  // Lets the model's fast procedure (checkers/models/fast.h) decide each
  // partition it can; a partition it decides gets `procedure` set.
  template <class Prepared>
  void decide_fast(const std::vector<Prepared>& prepared, CheckResult& result, MemoryBudget&,
                   tbb::task_arena& arena) {
    models::FastProcedure fast =
        options_.fast_path ? models::fast_procedure_for(options_.model) : nullptr;
    if (!fast) return;
    arena.execute([&] {
      tbb::parallel_for(size_t{0}, prepared.size(), [&](size_t i) {
        PartitionResult& pr = result.partitions[i];
        const Prepared& pp = prepared[i];
        auto t0 = Clock::now();
        models::FastResult fr = fast({h_, pp.ops, pp.times, pp.process_of, options_, time_});
        pr.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        switch (fr.verdict) {
          case models::FastVerdict::kDeclined: pr.fast_declined = std::move(fr.declined); return;
          case models::FastVerdict::kUnknown: pr.fast_declined = "stopped: " + fr.reason; return;
          case models::FastVerdict::kValid: pr.verdict = Verdict::kValid; break;
          case models::FastVerdict::kInvalid: pr.verdict = Verdict::kInvalid; break;
        }
        pr.reason.clear();
        pr.procedure = std::move(fr.procedure);
      });
    });
  }

  // Calls the progress callback every 100 ms from its own thread.
  class ProgressTicker {
   public:
    ProgressTicker(const std::function<void(const Progress&)>& callback,
                   std::atomic<uint64_t>& explored, std::atomic<size_t>& done, size_t total) {
      if (!callback) return;
      thread_ = std::thread([this, &callback, &explored, &done, total] {
        std::unique_lock<std::mutex> lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; }))
          callback({done.load(), total, explored.load()});
      });
    }
    void stop() {
      {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
      }
      cv_.notify_all();
      if (thread_.joinable()) thread_.join();
    }
    ~ProgressTicker() { stop(); }

   private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
  };

  void summarize(CheckResult& result) const {
    if (result.error) return;
    if (result.failing) {
      result.verdict = Verdict::kInvalid;
      return;
    }
    for (const PartitionResult& p : result.partitions) {
      if (p.verdict != Verdict::kUnknown) continue;
      result.verdict = Verdict::kUnknown;
      std::string where = p.keyed ? "key " + bounded_edn(p.key) : std::string("the history");
      result.reason = p.reason + " on " + where + " after placing " +
                      std::to_string(p.progress_ops) + " of its ok operations (" +
                      std::to_string(p.states) + " states explored)";
      return;
    }
    result.verdict = Verdict::kValid;
  }

  const History& h_;
  const CheckOptions& options_;
  Budget& time_;
};

}  // namespace

// Whether real time orders each process's operations: every one starts
// strictly after the previous one of its process ended (not at the same
// time: intervals are closed; not before a crashed one, which never ends).
// Then every linearization respects process order, so it is also a
// sequential one.
bool real_time_orders_processes(const History& h) {
  std::unordered_map<Value, int64_t, ValueHash> last_end;
  for (const Operation& op : h.ops) {
    auto [it, fresh] = last_end.try_emplace(h.process(op), h.end(op));
    if (!fresh) {
      if (it->second >= h.start(op)) return false;
      it->second = h.end(op);
    }
  }
  return true;
}

CheckResult check_one_way(const History& h, const CheckOptions& options, Budget& budget);

CheckResult check_linearizable_or_sequential(const History& h, const CheckOptions& options,
                                             Budget& budget) {
  if (options.consistency != Consistency::kSequential || !real_time_orders_processes(h))
    return check_one_way(h, options, budget);
  // Linearizable implies sequentially consistent, and the linearizability
  // search (per key, bounded by real time) is far faster: try it first.
  // Both draw on the same budget.
  CheckOptions lin = options;
  lin.consistency = Consistency::kLinearizable;
  lin.partition = true;
  CheckResult first = check_one_way(h, lin, budget);
  if (first.error || first.verdict == Verdict::kValid) return first;
  CheckResult second = check_one_way(h, options, budget);
  second.check_seconds += first.check_seconds;
  return second;
}

CheckResult check_one_way(const History& h, const CheckOptions& options, Budget& budget) {
  Runner runner(h, options, budget);
  const std::string& m = options.model;
  Value init = options.initial;
  // A keyed history checked for sequential consistency is one object: the
  // model is wrapped in KeyedModel. `make_inner(key)` builds the model of
  // one key's partition (key nil: unkeyed, or the whole history).
  auto simple = [&](auto make_inner, bool require_key = false) {
    bool keyed =
        std::any_of(h.ops.begin(), h.ops.end(), [&](const Operation& op) { return h.has_key(op); });
    using Inner = decltype(make_inner(Value()));
    bool whole = options.consistency == Consistency::kSequential || !options.partition;
    if (whole && keyed)
      return runner.run([&](const Partition&) { return KeyedModel<Inner>(make_inner(Value())); },
                        false, require_key);
    return runner.run([&](const Partition& p) { return make_inner(p.keyed ? p.key : Value()); },
                      true, require_key);
  };
  if (m == "register" || m == "cas-register" || m == "kv")
    return simple([&](Value key) { return RegisterModel(m, options, key); }, m == "kv");
  if (m == "set") return simple([&](Value) { return SetModel(init); });
  if (m == "counter") return simple([&](Value) { return CounterModel(init); });
  if (m == "fifo-queue") return simple([&](Value) { return QueueModel(true); });
  if (m == "unordered-queue") return simple([&](Value) { return QueueModel(false); });
  if (m == "stack") return simple([&](Value) { return StackModel(); });
  if (m == "mutex") return simple([&](Value) { return MutexModel(); });
  if (m == "list-append") return simple([&](Value) { return ListAppendModel(); }, true);
  if (m == "multi-register")
    return runner.run([&](const Partition&) { return MultiRegisterModel(options); }, false, false);
  CheckResult r;
  ParseError e;
  e.file = h.name;
  e.message = "unknown model '" + m + "'";
  r.error = e;
  return r;
}

}  // namespace ariadne::lin
