// ariadne/convergence.h — what the eventual-consistency check found.
//
// check() with Consistency::kEventual (models set, counter, register,
// cas-register, kv, list-append) fills CheckResult::convergence with a
// ConvergenceReport.
// The contract of that check:
//
//   * Objects. Each key is an object of its own (kv always; set, counter and
//     registers when every operation has a key); otherwise the history is
//     one object.
//   * Replicas. An operation's replica is its `node` field (on the invoke,
//     else on the completion). When no operation has one, the history is
//     one logical store read by clients: one replica, "the store" (a set
//     is then judged as Jepsen's set-full, below).
//   * Final reads. The ok reads marked `final: true` or `final-read?: true`
//     (on the invoke or the completion). When no read of the history is
//     marked: the ok reads of an object invoked after every update of it
//     has completed (a crashed update counts as completed at its last
//     event).
//   * Verdict. Invalid when the final reads of an object disagree, when
//     their state is not a legal merge of the updates (an acknowledged update
//     lost, a state no update explains) or when a set read returns an
//     element twice. Otherwise unknown when a replica that touched an
//     object has no final read of it (or the object has none at all), else
//     valid.
//   * Legal merges. Real time bounds causality: an operation can only have
//     seen another that was invoked no later than it completed.
//       set, add-wins (OR-set): an element is present only if some add of it
//         did not fail; absent only if every acknowledged add of it could
//         have been seen by a remove that did not fail.
//       set, remove-wins: present only if some add that did not fail could
//         follow every acknowledged remove; absent only if no add was
//         acknowledged or some remove did not fail.
//       set, last-writer-wins: present only if some add that did not fail is
//         not followed in real time by an acknowledged remove; absent only
//         if no add was acknowledged or some remove that did not fail is not
//         followed in real time by an acknowledged add.
//       counter: initial + acknowledged deltas + (the negative, resp.
//         positive) crashed deltas bound the value below and above.
//       register (last writer wins; cas [old new] writes new), with
//         Arbitration::kCausal (default): the value of a write w that did
//         not fail such that no acknowledged write of another value
//         happened after w, where happened-before is (process order ∪
//         reads-from)+ over the whole history (reads-from only when one
//         write that did not fail wrote the value read on that key); an
//         acknowledged write that began after w was acknowledged yet lost
//         without following it is a concurrent overwrite, reported, not a
//         violation. With Arbitration::kRealtime: the value of a write that
//         did not fail and that no acknowledged write follows in real time.
//         Either way, the initial value only when no write was acknowledged.
//   * Set-full (model set, no `node`), as Jepsen's set-full checker, per
//     key: ops are adds (any outcome) and ok reads only. An element is
//     tracked from the last invocation of an add of it; it is known at the
//     first completion showing it (its ok add, or a read holding it);
//     stable when some read held it and no read invoked later lacked it;
//     lost when known and a read invoked after it was known, and after the
//     last read holding it, lacks it; never read otherwise; stale when
//     stable and some read invoked after it was known lacked it. Stable
//     latency: max(0, that read's invocation + 1 - known); lost latency:
//     max(0, the last holding read's invocation + 1 - known), on the
//     history's clock (Jepsen truncates to milliseconds). Invalid when an
//     element is lost or duplicated in a read, when a read holds an element
//     no add tried (Jepsen ignores those), or, with linearizable_sets, when
//     one is stale; else unknown when no element is stable; else valid.
//   * list-append. Ops are :append/:read (on `key`, else one list) or
//     Elle-style :txn ops of [:append k v] and [:r k list] micro-ops; each
//     key is an object. With no `node` anywhere, the history is one logical
//     store read by clients (one replica, "the store"). Invalid when a read
//     holds an element no append (that did not fail) wrote, or holds one
//     more often than it was appended; when the final reads of a key
//     disagree (the finding's index is where they first differ); when a
//     final list holds an element less often than acknowledged appends
//     wrote it, or lacks a crashed append that some read saw (both lost);
//     when a read holds a before b and a final list b before a (reordered;
//     a read need not be a prefix of the final list, since concurrent
//     appends on different replicas may interleave).
//   * Latency. An update is reflected by a read when the read shows it (a
//     set read holds an added element or lacks a removed one; a register
//     read returns its value or that of a write not preceding it; a counter
//     read reaches the sum of the deltas acknowledged by then). Per replica,
//     an acknowledged update is stable from the first read after which every
//     read of that replica invoked after the acknowledgement reflects it;
//     its latency is that read's invocation minus the acknowledgement
//     (0 when every such read reflects it), on the history's clock
//     (nanoseconds, or event positions when the history is untimed).
//
// Thread safety: a report is immutable once built; share it freely.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ariadne/value.h"

namespace ariadne {

struct ConvergenceReport {
  enum class FindingKind : uint8_t {
    kDivergent,         // the final reads of an object disagree (invalid)
    kLost,              // an acknowledged update is missing from the final state (invalid)
    kUnexpected,        // the final state holds what no update wrote (invalid)
    kIllegalMerge,      // the final state is no merge of the updates (invalid)
    kDuplicate,         // a set read returns an element more than once (invalid)
    kMissingFinalRead,  // replicas with no final read of an object (unknown)
    kReordered,         // a read and a final list hold two elements in opposite orders (invalid)
    kStale,             // set-full with linearizable_sets: an element read stale (invalid)
  };
  struct Finding {
    FindingKind kind;
    bool keyed = false;
    Value key;
    std::string explanation;            // plain words
    std::vector<std::string> replicas;  // the replicas concerned
    std::vector<Value> elements;        // elements or values concerned
    std::vector<uint32_t> ops;          // indices into History::ops, history order
    int64_t index = -1;  // list-append kDivergent: the first index where the final lists differ
  };
  struct FinalRead {
    uint32_t op;
    std::string replica;
    Value value;
  };
  // Per acknowledged update and replica that read after the acknowledgement.
  struct LatencyPoint {
    int64_t acknowledged;  // on the history's clock
    int64_t latency;
    uint32_t replica;  // index into replicas
    uint32_t op;
  };
  struct Stale {
    uint32_t op;
    int64_t latency;  // the largest over replicas
    std::string replica;
  };

  std::string time_unit;  // "ns", or "positions" for an untimed history
  bool replicas_from_node = false;
  std::vector<std::string> replicas;  // names, in order of first appearance
  size_t objects = 0, updates = 0, reads = 0, final_reads = 0;

  std::vector<Finding> findings;  // by object (history order of first op), then kind
  // Jepsen's set-full outcomes, over every object (indices into History::ops):
  std::vector<uint32_t> lost;        // acknowledged, absent from a final read, unexplained
  std::vector<uint32_t> recovered;   // crashed, present in a final read
  std::vector<uint32_t> never_read;  // no read invoked after it was known
  std::vector<uint32_t> duplicated;  // reads that return some element twice

  // Convergence latency over acknowledged updates stable on every replica
  // that read after them.
  size_t stable = 0, stale = 0, unstable = 0;
  std::vector<std::pair<double, int64_t>> quantiles;  // (0, 0.5, 0.95, 0.99, 1) -> latency
  std::vector<Stale> worst_stale;                     // largest latency first, at most 8
  std::vector<LatencyPoint> points;                   // for plots: ack order, one per
                                                      // (update, replica)
  std::string latency_note;                           // why some latencies are missing

  // Registers and kv: acknowledged writes that began after the surviving
  // write completed and lost to it without following it causally
  // (information, not a violation; Arbitration::kCausal only).
  struct Overwrite {
    uint32_t write;   // the overwritten write (History::ops)
    uint32_t winner;  // the write whose value survives
    int64_t gap;      // write's start minus winner's acknowledgement
  };
  size_t concurrent_overwrites = 0;
  std::vector<Overwrite> worst_overwrites;  // largest gap first, at most 8

  // Jepsen's set-full reading, present for a set history with no `node`.
  struct SetFullElement {
    bool keyed = false;
    Value key, element;
    uint32_t add = 0;  // the last add of the element invoked (History::ops)
    // History::ops indices; kNone when absent: the op that first made the
    // element known (the add's ok, or a read completing with it), and the
    // latest-invoked reads that held and lacked it.
    static constexpr uint32_t kNone = UINT32_MAX;
    uint32_t known = kNone, last_present = kNone, last_absent = kNone;
    int64_t latency = 0;  // stable (or lost) latency, on the history's clock
  };
  struct SetFull {
    bool linearizable = false;
    size_t attempts = 0, stable = 0, unexpected = 0;
    std::vector<SetFullElement> lost, never_read;  // by key, then element
    std::vector<SetFullElement> stale;             // largest latency first
    struct Duplicate {
      bool keyed = false;
      Value key, element;
      size_t times;  // the most times one read returned it
      uint32_t read;
    };
    std::vector<Duplicate> duplicated;  // by key, then element
    std::vector<std::pair<double, int64_t>> stable_latencies, lost_latencies;
  };
  std::shared_ptr<const SetFull> set_full;
};

std::string_view finding_kind_name(ConvergenceReport::FindingKind kind);

}  // namespace ariadne
