// Isolation models and anomalies: names, the lattice, what each model
// forbids (ariadne/transactions.h; docs/transactions.md "Models").
//
// Two graphs, both read "left is stronger / left implies right":
//  * kModelImplies: a history satisfying the left model satisfies each
//    model on the right;
//  * kAnomalyImplies: a history with the left anomaly has each anomaly on
//    the right too (a G0 cycle is a G1c cycle; a cycle without process
//    edges is trivially one in the graph with them).
// A model is ruled out by an anomaly a when a, or something a implies, is
// among the anomalies the model or a weaker model it implies forbids
// directly (kDirect). Only anomalies this checker detects appear here: a
// model whose remaining conditions (Adya's G-cursor, G-MAV, ...) cannot be
// checked is judged by the detectable ones, as Elle does.
#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>

#include "ariadne/transactions.h"
#include "txns.h"

namespace ariadne::txn {
namespace {

using A = Anomaly;
using M = IsolationModel;
using Bits = uint32_t;  // a set of anomalies; kAnomalyCount <= 32

constexpr Bits bit(A a) { return Bits{1} << static_cast<int>(a); }
constexpr Bits bits(std::initializer_list<A> as) {
  Bits b = 0;
  for (A a : as) b |= bit(a);
  return b;
}

constexpr std::array<std::string_view, kAnomalyCount> kAnomalyNames = {
    "G0",
    "G0-process",
    "G0-realtime",
    "G1a",
    "G1b",
    "G1c",
    "G1c-process",
    "G1c-realtime",
    "G-single",
    "G-single-process",
    "G-single-realtime",
    "G-nonadjacent",
    "G-nonadjacent-process",
    "G-nonadjacent-realtime",
    "G2-item",
    "G2-item-process",
    "G2-item-realtime",
    "internal",
    "garbage-read",
    "incompatible-order",
    "duplicate-elements",
    "lost-update",
    "dirty-update",
    "future-read",
};

constexpr std::array<std::string_view, kIsolationModelCount> kModelNames = {
    "read-uncommitted",
    "read-committed",
    "monotonic-atomic-view",
    "cursor-stability",
    "monotonic-view",
    "consistent-view",
    "read-atomic",
    "update-atomic",
    "causal-cerone",
    "prefix",
    "parallel-snapshot-isolation",
    "snapshot-isolation",
    "repeatable-read",
    "serializable",
    "strong-session-read-uncommitted",
    "strong-session-read-committed",
    "strong-read-uncommitted",
    "strong-read-committed",
    "strong-session-consistent-view",
    "strong-session-snapshot-isolation",
    "strong-snapshot-isolation",
    "strong-session-serializable",
    "strict-serializable",
};

struct Alias {
  std::string_view name;
  M model;
};
// Adya's PL names and other spellings Elle accepts.
constexpr Alias kAliases[] = {
    {"PL-1", M::kReadUncommitted},
    {"PL-2", M::kReadCommitted},
    {"PL-CS", M::kCursorStability},
    {"PL-2L", M::kMonotonicView},
    {"monotonic-view", M::kMonotonicView},
    {"PL-2+", M::kConsistentView},
    {"PL-2.99", M::kRepeatableRead},
    {"PL-3", M::kSerializable},
    {"conflict-serializable", M::kSerializable},
    {"PL-SI", M::kSnapshotIsolation},
    {"PL-SS", M::kStrictSerializable},
    {"strong-serializable", M::kStrictSerializable},
    {"strong-session-PL-1", M::kStrongSessionReadUncommitted},
    {"strong-session-PL-2", M::kStrongSessionReadCommitted},
    {"strong-PL-1", M::kStrongReadUncommitted},
    {"strong-PL-2", M::kStrongReadCommitted},
};

struct Implication {
  A from;
  Bits to;
};
constexpr Implication kAnomalyImplies[] = {
    {A::kG0, bits({A::kG1c, A::kG0Process})},
    {A::kG0Process, bits({A::kG1cProcess, A::kG0Realtime})},
    {A::kG0Realtime, bits({A::kG1cRealtime})},
    {A::kG1c, bits({A::kG1cProcess})},
    {A::kG1cProcess, bits({A::kG1cRealtime})},
    {A::kGSingle, bits({A::kGNonadjacent, A::kGSingleProcess})},
    {A::kGSingleProcess, bits({A::kGNonadjacentProcess, A::kGSingleRealtime})},
    {A::kGSingleRealtime, bits({A::kGNonadjacentRealtime})},
    {A::kGNonadjacent, bits({A::kG2Item, A::kGNonadjacentProcess})},
    {A::kGNonadjacentProcess, bits({A::kG2ItemProcess, A::kGNonadjacentRealtime})},
    {A::kGNonadjacentRealtime, bits({A::kG2ItemRealtime})},
    {A::kG2Item, bits({A::kG2ItemProcess})},
    {A::kG2ItemProcess, bits({A::kG2ItemRealtime})},
    {A::kIncompatibleOrder, bits({A::kG1a})},
    {A::kDirtyUpdate, bits({A::kG1a})},
    {A::kFutureRead, bits({A::kG1c})},
    {A::kLostUpdate, bits({A::kG2Item})},
};

constexpr Bits kG1 = bits({A::kG1a, A::kG1b, A::kG1c});
constexpr Bits kG1Process = kG1 | bit(A::kG1cProcess);
constexpr Bits kG1Realtime = kG1Process | bit(A::kG1cRealtime);

struct ModelRow {
  M model;
  std::initializer_list<M> implies;  // weaker models, directly
  Bits forbids;                      // directly (weaker models add theirs)
};
// Sources per row in docs/transactions.md.
const ModelRow kRows[] = {
    {M::kReadUncommitted, {}, bits({A::kG0, A::kDuplicateElements, A::kGarbageRead})},
    {M::kReadCommitted, {M::kReadUncommitted}, kG1},
    {M::kMonotonicAtomicView, {M::kReadCommitted}, 0},
    {M::kCursorStability, {M::kReadCommitted}, kG1 | bit(A::kLostUpdate)},
    {M::kMonotonicView, {M::kReadCommitted}, kG1},
    {M::kConsistentView, {M::kCursorStability, M::kMonotonicView}, kG1 | bit(A::kGSingle)},
    {M::kReadAtomic, {M::kMonotonicAtomicView}, bits({A::kInternal, A::kG1a, A::kFutureRead})},
    {M::kUpdateAtomic, {M::kReadAtomic}, bit(A::kLostUpdate)},
    {M::kCausalCerone, {M::kReadAtomic}, bits({A::kInternal, A::kG1a})},
    {M::kPrefix, {M::kCausalCerone}, bits({A::kInternal, A::kG1a})},
    {M::kParallelSnapshotIsolation,
     {M::kCausalCerone, M::kUpdateAtomic},
     bits({A::kInternal, A::kG1a})},
    {M::kSnapshotIsolation,
     {M::kConsistentView, M::kMonotonicAtomicView, M::kParallelSnapshotIsolation, M::kPrefix},
     kG1 | bits({A::kInternal, A::kGNonadjacent})},
    {M::kRepeatableRead,
     {M::kCursorStability, M::kMonotonicAtomicView},
     kG1 | bits({A::kG2Item, A::kLostUpdate})},
    {M::kSerializable,
     {M::kRepeatableRead, M::kSnapshotIsolation},
     kG1 | bits({A::kInternal, A::kG2Item})},
    {M::kStrongSessionReadUncommitted, {M::kReadUncommitted}, bit(A::kG0Process)},
    {M::kStrongSessionReadCommitted,
     {M::kReadCommitted, M::kStrongSessionReadUncommitted},
     bit(A::kG1cProcess)},
    {M::kStrongReadUncommitted, {M::kStrongSessionReadUncommitted}, bit(A::kG0Realtime)},
    {M::kStrongReadCommitted,
     {M::kStrongSessionReadCommitted, M::kStrongReadUncommitted},
     bit(A::kG1cRealtime)},
    {M::kStrongSessionConsistentView,
     {M::kConsistentView, M::kStrongSessionReadCommitted},
     kG1Process | bit(A::kGSingleProcess)},
    {M::kStrongSessionSnapshotIsolation,
     {M::kSnapshotIsolation, M::kStrongSessionReadCommitted, M::kStrongSessionConsistentView},
     kG1Process | bits({A::kInternal, A::kGNonadjacentProcess})},
    {M::kStrongSnapshotIsolation,
     {M::kStrongSessionSnapshotIsolation, M::kStrongReadCommitted},
     kG1Realtime | bits({A::kInternal, A::kGNonadjacentRealtime})},
    {M::kStrongSessionSerializable,
     {M::kSerializable, M::kStrongSessionSnapshotIsolation},
     kG1Process | bit(A::kG2ItemProcess)},
    {M::kStrictSerializable,
     {M::kSerializable, M::kSnapshotIsolation, M::kStrongSnapshotIsolation,
      M::kStrongSessionSerializable},
     kG1 | bits({A::kG1cRealtime, A::kG2ItemRealtime})},
};

struct Tables {
  std::array<Bits, kAnomalyCount> implied{};            // reflexive, transitive
  std::array<uint32_t, kIsolationModelCount> weaker{};  // models implied, reflexive
  std::array<Bits, kIsolationModelCount> forbidden{};   // closed both ways

  Tables() {
    for (int a = 0; a < kAnomalyCount; ++a) implied[a] = Bits{1} << a;
    for (bool changed = true; changed;) {
      changed = false;
      for (const Implication& i : kAnomalyImplies)
        for (int a = 0; a < kAnomalyCount; ++a)
          if ((implied[a] & bit(i.from)) && (implied[a] | i.to) != implied[a]) {
            implied[a] |= i.to;
            changed = true;
          }
    }
    // kRows is in a topological order, weakest first.
    for (const ModelRow& row : kRows) {
      int m = static_cast<int>(row.model);
      weaker[m] = uint32_t{1} << m;
      Bits direct = row.forbids;
      for (M w : row.implies) {
        weaker[m] |= weaker[static_cast<int>(w)];
        direct |= forbidden[static_cast<int>(w)];
      }
      Bits closed = 0;
      for (int a = 0; a < kAnomalyCount; ++a)
        if (implied[a] & direct) closed |= Bits{1} << a;
      forbidden[m] = closed;
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

constexpr std::array<A, kAnomalyCount> make_anomalies() {
  std::array<A, kAnomalyCount> out{};
  for (int i = 0; i < kAnomalyCount; ++i) out[i] = static_cast<A>(i);
  return out;
}
constexpr std::array<M, kIsolationModelCount> make_models() {
  std::array<M, kIsolationModelCount> out{};
  for (int i = 0; i < kIsolationModelCount; ++i) out[i] = static_cast<M>(i);
  return out;
}
constexpr auto kAllAnomalies = make_anomalies();
constexpr auto kAllModels = make_models();

}  // namespace

std::string_view anomaly_name(Anomaly a) { return kAnomalyNames[static_cast<int>(a)]; }

std::optional<Anomaly> parse_anomaly(std::string_view name) {
  for (int i = 0; i < kAnomalyCount; ++i)
    if (kAnomalyNames[i] == name) return static_cast<A>(i);
  return std::nullopt;
}

std::span<const Anomaly> all_anomalies() { return kAllAnomalies; }

std::string_view isolation_name(IsolationModel m) { return kModelNames[static_cast<int>(m)]; }

std::optional<IsolationModel> parse_isolation(std::string_view name) {
  for (int i = 0; i < kIsolationModelCount; ++i)
    if (kModelNames[i] == name) return static_cast<M>(i);
  for (const Alias& a : kAliases)
    if (a.name == name) return a.model;
  return std::nullopt;
}

std::span<const IsolationModel> all_isolation_models() { return kAllModels; }

bool implies(IsolationModel a, IsolationModel b) {
  return (tables().weaker[static_cast<int>(a)] >> static_cast<int>(b)) & 1;
}

bool forbids(IsolationModel m, Anomaly a) {
  return (tables().forbidden[static_cast<int>(m)] >> static_cast<int>(a)) & 1;
}

std::vector<Anomaly> forbidden_anomalies(IsolationModel m) {
  std::vector<Anomaly> out;
  for (Anomaly a : kAllAnomalies)
    if (forbids(m, a)) out.push_back(a);
  return out;
}

bool anomaly_implies(Anomaly a, Anomaly b) {
  return (tables().implied[static_cast<int>(a)] >> static_cast<int>(b)) & 1;
}

std::string_view edge_kind_name(Edge::Kind k) {
  switch (k) {
    case Edge::Kind::kWW: return "ww";
    case Edge::Kind::kWR: return "wr";
    case Edge::Kind::kRW: return "rw";
    case Edge::Kind::kProcess: return "process";
    case Edge::Kind::kRealtime: return "realtime";
  }
  return "ww";
}

}  // namespace ariadne::txn
