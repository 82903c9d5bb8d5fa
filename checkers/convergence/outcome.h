// What checking one object yields, before objects are merged into a
// ConvergenceReport; and the checks every model shares (final reads,
// latency bookkeeping).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ariadne/convergence.h"
#include "convergence/causality.h"
#include "convergence/objects.h"

namespace ariadne::convergence {

using Finding = ConvergenceReport::Finding;
using FindingKind = ConvergenceReport::FindingKind;

struct UpdateLatency {
  uint32_t op;
  int64_t ack;
  int64_t latency;   // the largest over replicas that read after ack
  uint32_t replica;  // the replica where it is largest
};

struct ObjectOutcome {
  std::vector<Finding> findings;
  std::vector<uint32_t> lost, recovered, never_read, duplicated;  // History::ops indices
  std::vector<UpdateLatency> latencies;                           // stable updates only
  std::vector<ConvergenceReport::LatencyPoint> points;
  size_t unstable = 0, final_reads = 0;
  std::string latency_note;  // non-empty: latency was not computed, and why
  size_t concurrent_overwrites = 0;
  std::vector<ConvergenceReport::Overwrite> overwrites;  // registers, causal arbitration
};

// One distinct state the final reads of an object returned, normalized
// (a set read as a set), with the reads that returned it.
struct FinalState {
  Value state;
  std::vector<uint32_t> reads;  // indices into Object::reads
};

// Groups the final reads by state, in order of first appearance; adds a
// kDivergent finding when there are several states and a kMissingFinalRead
// one when a replica that touched the object (and is not retired) has no
// final read.
std::vector<FinalState> final_states(const Objects& objects, const Object& obj, const History& h,
                                     ObjectOutcome& out);

// A finding about `obj` with its ops sorted into history order, deduplicated.
Finding make_finding(const Object& obj, FindingKind kind, std::string explanation,
                     std::vector<uint32_t> ops);

// Where one acknowledged update stands on one replica.
struct ReplicaStability {
  enum State : uint8_t { kNoRead, kUnstable, kStable } state = kNoRead;
  int64_t latency = 0;  // kStable only
};

// Records an acknowledged update's stability, one entry per replica of
// Objects::replica_names; adds it to never_read when no replica read after
// its acknowledgement.
void record_update(const Update& u, const std::vector<ReplicaStability>& per_replica,
                   ObjectOutcome& out);

// Reads of an object by replica, each list ascending (so by invocation).
std::vector<std::vector<uint32_t>> reads_by_replica(const Objects& objects, const Object& obj);

// Models. Each adds findings, set-full outcomes and latencies to `out`.
void check_set(const Objects& objects, const Object& obj, const History& h, SetSemantics semantics,
               Value initial, ObjectOutcome& out);
void check_counter(const Objects& objects, const Object& obj, const History& h, Value initial,
                   ObjectOutcome& out);
// causality: null for Arbitration::kRealtime.
void check_register(const Objects& objects, const Object& obj, const History& h, Value initial,
                    const Causality* causality, ObjectOutcome& out);

}  // namespace ariadne::convergence
