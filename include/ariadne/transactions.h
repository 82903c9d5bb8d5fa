// ariadne/transactions.h — transactional isolation, Elle's domain: what a
// transactional check found and which isolation models it rules out.
//
// A transactional history has operations with f :txn whose value is a vector
// of micro-ops: list-append ([:append k v], [:r k [v ...]]) or rw-register
// ([:w k v], [:r k v]). The checker (CheckOptions::isolation non-empty)
// infers a dependency graph between transactions, as Adya and Elle do —
// ww, wr and rw edges from each key's version order, process edges (a
// process's order) and realtime edges (one completed before the other was
// invoked) — and reports the anomalies it finds.
//
// Vocabulary (docs/transactions.md says each in full, with sources):
//  * a cycle anomaly is named by the dependency edges its cycle uses:
//      G0             only ww edges;
//      G1c            ww and wr edges, at least one wr;
//      G-single       exactly one rw edge, the rest ww/wr;
//      G-nonadjacent  two or more rw edges, no two consecutive;
//      G2-item        one or more rw edges (any other cycle with rw);
//    with the suffix -process when the cycle also needs a process edge, and
//    -realtime when it needs a realtime edge;
//  * the others have their own witness: G1a (read of a value a failed
//    transaction wrote), G1b (read of an intermediate value), internal (a
//    transaction's read contradicts its own earlier micro-ops), garbage-read
//    (a value no transaction wrote), incompatible-order (two reads of a
//    list neither of which is a prefix of the other), duplicate-elements,
//    lost-update (two committed transactions read the same version of a key
//    and both wrote it), dirty-update (a committed write built on a failed
//    one), future-read (a transaction reads a value it writes only later).
//
// Transactions are named by their index into History::ops throughout.
//
// Thread safety: plain immutable values once built; share them freely.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ariadne/value.h"

namespace ariadne::txn {

enum class Anomaly : uint8_t {
  kG0,
  kG0Process,
  kG0Realtime,
  kG1a,
  kG1b,
  kG1c,
  kG1cProcess,
  kG1cRealtime,
  kGSingle,
  kGSingleProcess,
  kGSingleRealtime,
  kGNonadjacent,
  kGNonadjacentProcess,
  kGNonadjacentRealtime,
  kG2Item,
  kG2ItemProcess,
  kG2ItemRealtime,
  kInternal,
  kGarbageRead,
  kIncompatibleOrder,
  kDuplicateElements,
  kLostUpdate,
  kDirtyUpdate,
  kFutureRead,
};
inline constexpr int kAnomalyCount = 24;

std::string_view anomaly_name(Anomaly a);  // Elle's: "G0", "G-single-realtime", "internal", ...
std::optional<Anomaly> parse_anomaly(std::string_view name);
std::span<const Anomaly> all_anomalies();  // in the enum's order

// The isolation models, by Elle's names. The lattice and what each forbids
// are in models.cc (checkers/transactions) and docs/transactions.md.
enum class IsolationModel : uint8_t {
  kReadUncommitted,
  kReadCommitted,
  kMonotonicAtomicView,
  kCursorStability,
  kMonotonicView,
  kConsistentView,
  kReadAtomic,
  kUpdateAtomic,
  kCausalCerone,
  kPrefix,
  kParallelSnapshotIsolation,
  kSnapshotIsolation,
  kRepeatableRead,
  kSerializable,
  kStrongSessionReadUncommitted,
  kStrongSessionReadCommitted,
  kStrongReadUncommitted,
  kStrongReadCommitted,
  kStrongSessionConsistentView,
  kStrongSessionSnapshotIsolation,
  kStrongSnapshotIsolation,
  kStrongSessionSerializable,
  kStrictSerializable,
};
inline constexpr int kIsolationModelCount = 23;

std::string_view isolation_name(IsolationModel m);  // "read-committed", ...
// Elle's names and its aliases (PL-2, PL-3, PL-SI, conflict-serializable,
// strong-serializable, consistent-view = PL-2+, ...).
std::optional<IsolationModel> parse_isolation(std::string_view name);
std::span<const IsolationModel> all_isolation_models();  // weakest first (a topological order)

// a implies b: every history that satisfies a satisfies b (reflexive).
bool implies(IsolationModel a, IsolationModel b);
// The anomalies whose presence rules the model out (closed under the
// lattice and the anomalies' implications: G0 rules out whatever G1c does).
std::vector<Anomaly> forbidden_anomalies(IsolationModel m);
bool forbids(IsolationModel m, Anomaly a);

// One edge of a dependency cycle: `from` must precede `to`.
//  ww        `from` wrote version `value_from` of `key`, `to` wrote the next
//            one it installed, `value_to`;
//  wr        `to` read `value_to` of `key`, which `from` wrote (value_from =
//            value_to for registers; for list-append, value_from is the
//            element `from` appended and value_to the list `to` read);
//  rw        `from` read `key` at version `value_from` (a list, a register
//            value, nil for the initial version), `to` wrote the version
//            after it, `value_to` (the element appended / value written);
//  process   the same process ran `from`, then `to` (key and values null);
//  realtime  `from` completed before `to` was invoked.
struct Edge {
  enum class Kind : uint8_t { kWW, kWR, kRW, kProcess, kRealtime };
  Kind kind = Kind::kWW;
  uint32_t from = 0, to = 0;
  Value key, value_from, value_to;
  std::string why;  // plain words: "T1 appended 3 to x; T2 read x without 3, so ..."
};
std::string_view edge_kind_name(Edge::Kind k);  // "ww", "wr", "rw", "process", "realtime"

struct Violation {
  Anomaly anomaly = Anomaly::kG0;
  // The transactions of the witness, ascending. For a cycle, those of its
  // edges; for the others, the reader and the writer(s) involved.
  std::vector<uint32_t> ops;
  std::vector<Edge> cycle;  // cycle anomalies: the edges in order, last.to == first.from
  // Non-cycle anomalies: the key, and the values involved (G1a/G1b/garbage:
  // the value read; incompatible-order: the two reads; internal: expected
  // then read; lost-update: the version both read).
  Value key;
  std::vector<Value> values;
  std::string summary;   // one sentence, plain words
  bool minimal = false;  // dropping any one transaction of `ops` loses the anomaly (checked)
};

// For a model, the outcome of a check: it holds, or the anomaly (one of
// those found) that rules it out.
struct ModelOutcome {
  IsolationModel model = IsolationModel::kReadUncommitted;
  bool holds = true;
  std::optional<Anomaly> ruled_out_by;
};

struct TxnReport {
  enum class Workload : uint8_t { kListAppend, kRwRegister };
  Workload workload = Workload::kListAppend;
  // The model checked; std::nullopt for `strongest`.
  std::optional<IsolationModel> checked;
  size_t transactions = 0;  // ok + info transactions in the graph
  size_t micro_ops = 0;
  size_t edges = 0;  // dependency edges inferred (process/realtime included)
  // Anomalies found, at most one witness per anomaly name, most severe
  // first. For a single model, only the cycles it forbids are searched for
  // and listed (the non-cycle anomalies always are); for `strongest`, all.
  std::vector<Violation> violations;
  // `strongest`: every model of all_isolation_models(), in that order; a
  // single model: that model's alone.
  std::vector<ModelOutcome> outcomes;
  // The strongest models that hold (no stronger one holds; incomparable ones
  // are all listed), and Elle's :not — the weakest models ruled out, each
  // with its anomaly in `outcomes`.
  std::vector<IsolationModel> strongest;
  std::vector<IsolationModel> weakest_not;
  // What rw-register inference could not decide (docs/transactions.md):
  // e.g. keys whose version order is only partly known.
  std::vector<std::string> notes;
};

}  // namespace ariadne::txn
