// ariadne/checker.h — does a history satisfy a consistency model?
//
// Three levels, as in Porcupine:
//   check(history, options).verdict            — the answer;
//   CheckOptions::timeout_ns, max_memory, threads — bounded, parallel;
//   CheckResult::partitions                     — per key: how far the search
//                                                 got, where it got stuck.
//
// A verdict is not an error. `kInvalid` comes with the partition that fails
// and where its search got stuck; `kUnknown` with the reason (timeout,
// memory limit). Input the model cannot interpret (a `cas` without
// [old new], an f the model does not know) is an error: CheckResult::error,
// pointing at the line of the operation.
//
// Determinism: the verdict never depends on `threads`, and the reported
// violation is the same at any thread count: partitions are ordered
// (largest first, then by key) and the first invalid one in that order is
// reported. So is its counterexample (CheckResult::counterexample), unless
// a time limit (timeout_ns, shrink_timeout_ns) cut shrinking short.
//
// Thread safety: check() may be called concurrently on different or the
// same (immutable) histories.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ariadne/history.h"
#include "ariadne/ingest.h"
#include "ariadne/memory.h"
#include "ariadne/value.h"

namespace ariadne {

enum class Verdict { kValid, kInvalid, kUnknown };
std::string_view verdict_name(Verdict v);

enum class Consistency {
  kLinearizable,
  kSequential,
  kCausal,
  kCausalConvergence,
  kCausalMemory,
  kEventual,
  kStrongest,
};
std::string_view consistency_name(Consistency c);
std::optional<Consistency> parse_consistency(std::string_view name);

// The models of SPEC section 2, by name.
const std::vector<std::string>& model_names();

struct Progress {
  size_t partitions_done = 0, partitions_total = 0;
  uint64_t states_explored = 0;
};

// How an eventually consistent set merges a concurrent add and remove
// (ariadne/convergence.h).
enum class SetSemantics { kAddWins, kRemoveWins, kLastWriterWins };
std::string_view set_semantics_name(SetSemantics s);
std::optional<SetSemantics> parse_set_semantics(std::string_view name);  // add-wins, ...

// What an ok read that returned nil means (register, cas-register, kv and
// multi-register's read micro-ops). kValue: the register holds nil (a
// stale read of nil is caught). kAny: Knossos' reading, the read matches
// every state and constrains nothing, as if it had not been recorded.
enum class NilReads { kValue, kAny };
// Which overwrite of an eventually consistent register loses a write
// (ariadne/convergence.h): kCausal, only one that happened after the
// surviving write; kRealtime, any that began after it completed.
enum class Arbitration { kCausal, kRealtime };
std::string_view arbitration_name(Arbitration a);
std::optional<Arbitration> parse_arbitration(std::string_view name);  // causal, realtime

class UserModel;  // ariadne/model.h

struct CheckOptions {
  std::string model = "cas-register";
  Consistency consistency = Consistency::kLinearizable;
  Value initial;            // every register's (or key's) initial value
  int threads = 0;          // 0: every core
  int64_t timeout_ns = 0;   // 0: none
  uint64_t max_memory = 0;  // bytes; 0: the default of run_budget_limit (memory.h)
  // The memory budget is nine tenths of max_memory (a tenth is left for
  // what it does not count).
  // The budget this check takes from, shared by checks that run at once
  // (the CLI makes one per run, of run_budget_limit(max_memory, threads)).
  // Null: each check makes its own, and max_memory bounds that check alone.
  std::shared_ptr<MemoryBudget> memory;
  // Check linearizability per key when every operation has one
  // (P-compositionality). Off: the whole history is one object.
  bool partition = true;
  // Shrink an invalid history's counterexample to a 1-minimal sub-history
  // (SPEC section 5), for at most shrink_timeout_ns (0: no bound). Off: the
  // counterexample is the whole failing partition, marked not minimal.
  bool shrink = true;
  int64_t shrink_timeout_ns = 10'000'000'000;
  // Consistency::kEventual with model set only.
  SetSemantics set_semantics = SetSemantics::kAddWins;
  // Called about every 100 ms from some worker thread while checking.
  std::function<void(const Progress&)> progress;
  NilReads nil_reads = NilReads::kValue;  // linearizable, sequential and causal checks
  // kv and multi-register: initial values of named keys (--initial as a
  // map), each pair (key, value). A key not named starts at `initial`. A
  // text key (string, keyword or symbol) names every key of the same text:
  // :x and "x" are one key here.
  std::vector<std::pair<Value, Value>> initial_by_key;
  // The initial value of `key`: from initial_by_key, else `initial`. The
  // reference lives as long as these options.
  const Value& initial_of(Value key) const;
  // Consistency::kEventual, set with no `node`: a stale element is a
  // violation too (Jepsen set-full's :linearizable? true).
  bool linearizable_sets = false;
  // Consistency::kEventual, register, cas-register and kv.
  Arbitration arbitration = Arbitration::kCausal;
  // timeout_ns (and shrink_timeout_ns within it) bounds the whole check, every
  // phase after reading: the search, shrinking (shrink_timeout_ns is a part
  // of timeout_ns, not added to it) and explaining. Out of time before a
  // violation is found: verdict unknown, reason "timeout". Out of time while
  // shrinking: verdict invalid, the smallest counterexample found so far,
  // not_minimal_reason "not shown minimal (time limit)".
  //
  // An absolute end on the steady clock, for a caller that checks several
  // histories under one limit (`ariadne check` sets it for all its files);
  // the check ends at the earlier of this and timeout_ns after it starts.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // A bound on work instead of time: the check stops, as for a timeout but
  // with reason "state limit", once its searches (shrinking's included) have
  // explored about this many states in all (0: none). Checked every 1024
  // states of a search. The same on every run and machine with threads = 1,
  // so tests use it where they need a check to run out.
  uint64_t max_states = 0;
  // Linearizability: let a model's fast decision procedure decide a
  // partition when its precondition holds (checkers/models/fast.h). Off:
  // the search decides every partition (--no-fast-path).
  bool fast_path = true;
  // Transactional isolation (ariadne/transactions.h; issue 17): an Elle
  // model name ("serializable", "snapshot-isolation", PL-2, ...) or
  // "strongest" selects the transactional checker for :txn histories of
  // model list-append or rw-register. Empty: not a transactional check.
  std::string isolation;
  // A user-defined model (ariadne/model.h: make_model, use_model). When set,
  // it is the model of linearizable and sequential checks, whatever `model`
  // says (use_model sets `model` to its name, for reports); other
  // consistency models do not take one.
  std::shared_ptr<const UserModel> user_model;
};

struct PartitionResult {
  bool keyed = false;
  Value key;
  Verdict verdict = Verdict::kValid;
  std::string reason;     // why unknown
  size_t operations = 0;  // operations checked (fail ops and crashed reads excluded)
  double seconds = 0;
  uint64_t states = 0;  // search nodes explored
  // Invalid only. Operations are indices into History::ops. When a fast
  // procedure decided (`procedure`), these are the search's over the
  // counterexample (Counterexample::longest_prefix, ...), if any.
  std::vector<uint32_t> longest_prefix;   // a longest legal order the search found
  std::optional<uint32_t> stuck_op;       // could not be placed after that prefix
  std::vector<std::string> stuck_states;  // states the model could be in there
  // Unknown only: the most ok operations placed before the search stopped.
  size_t progress_ops = 0;
  // The model's fast decision procedure that decided this partition
  // (checkers/models/fast.h), empty when the search did; and, when the
  // model has one that was not used, why.
  std::string procedure;
  std::string fast_declined;
  // Invalid by a fast procedure: History::ops indices of operations involved
  // (FastResult::witness), where shrinking starts.
  std::vector<uint32_t> fast_witness;
};

// One step of a linearization (or sequential order) of a counterexample:
// the model states the op may be applied in and those it may lead to.
// `after` is empty for the op that cannot be applied (the stuck op).
struct ModelStep {
  uint32_t op = 0;  // index into History::ops
  std::vector<std::string> before, after;
};

// A violation as SPEC section 5 shows it: the operations of a sub-history S
// that alone violates the model, and why in plain words.
//
// "Every value read in S is written in S": see linearizability/reads_from.h
// for what reading and writing mean for each model.
struct Counterexample {
  std::vector<uint32_t> ops;  // indices into History::ops, in history order
  std::string explanation;    // plain words, one sentence a line
  bool minimal = false;       // 1-minimal as SPEC section 5 defines it
  // The fields below are filled for linearizability and sequential
  // consistency; a checker without them leaves them empty.
  // Why `minimal` is false: "not shrunk (--no-shrink)", "shrink timeout", ...
  std::string not_minimal_reason;
  size_t from_operations = 0;  // operations of the failing partition S came from
  double shrink_seconds = 0;   // 0 when not shrunk
  uint64_t oracle_checks = 0;  // checks of candidate sub-histories run while shrinking
  // The search over S alone: a longest legal order of S's operations, the op
  // that cannot follow it, and the model's states along the way.
  std::vector<uint32_t> longest_prefix;
  std::optional<uint32_t> stuck_op;
  std::vector<std::string> stuck_states;
  std::vector<ModelStep> steps;  // longest_prefix, then stuck_op
  // Ops of `ops` that are ok reads of nil read as the value nil
  // (NilReads::kValue): Knossos would read each as matching any state.
  std::vector<uint32_t> nil_reads;
};

struct CausalViolation;    // ariadne/causal.h: the bad pattern and its cycle
struct ConvergenceReport;  // ariadne/convergence.h: replicas, lost updates, latency
struct StrongestReport;    // ariadne/causal.h: every model's verdict, strongest first
namespace txn {
struct TxnReport;  // ariadne/transactions.h: anomalies, cycles, per-model outcome
}

struct CheckResult {
  Verdict verdict = Verdict::kValid;
  std::string reason;
  std::optional<ParseError> error;                       // the history does not fit the model
  std::vector<PartitionResult> partitions;               // deterministic order
  std::optional<size_t> failing;                         // index into partitions
  std::optional<Counterexample> counterexample;          // invalid only
  std::shared_ptr<const CausalViolation> causal;         // causal models, invalid only
  std::shared_ptr<const ConvergenceReport> convergence;  // eventual, always
  std::shared_ptr<const StrongestReport> strongest;      // --consistency strongest
  double check_seconds = 0;
  // The most bytes this check held of its memory budget at once: the
  // history's events and operations, then what the checker charges
  // (linearizability: prepared operations, search stacks and caches).
  uint64_t peak_bytes = 0;
  // The operations the checker took into account: linearizability and
  // sequential consistency, those of every partition; the causal models,
  // the causal graph's (failed operations and crashed reads that nobody
  // read excluded); eventual, updates and reads.
  size_t checked_operations = 0;
  // Linearizability and sequential consistency, invalid only: what a report
  // draws around the counterexample. The failing partition's operations
  // near the counterexample's (ascending, at most a few thousand), and the
  // model's states along the longest legal order the search over the whole
  // partition found (PartitionResult::longest_prefix, then stuck_op), for
  // those of them that order places.
  std::vector<uint32_t> failure_context;
  std::vector<ModelStep> failure_steps;
  // Transactional checks (CheckOptions::isolation): anomalies and cycles.
  std::shared_ptr<const txn::TxnReport> transactions;
};

CheckResult check(const History& history, const CheckOptions& options);

// Text for an operation: "p3 :write 4 (line 12)".
std::string describe_op(const History& history, uint32_t op_index);

}  // namespace ariadne
