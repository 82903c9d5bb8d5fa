// ariadne/generate.h — synthetic histories for tests and benchmarks.
//
// generate() simulates client processes against a correct store of one of
// the models of SPEC section 2 and writes the history they would record,
// streaming, in any supported format. The same options (seed included) give
// the same bytes.
//
// The single-copy store is linearizable by construction: an operation takes
// effect at the moment it completes (or, when it crashes, at that moment
// or never; a unique-value set's crashed remove: then or just before a
// later operation), so the order of completions is a linearization.
//
// With `anomaly`, one violation is injected and described in
// GenerateReport::anomaly, naming the operations it touched by their
// `index` (the position of their invoke event). Anomalies force unique
// values, and `missing` keeps the removals of its key invoked before it from
// crashing (a crashed one could have taken the element), so the violation
// is certain rather than likely (every other operation, on that key too,
// crashes at crash_rate). The anomalies:
//   stale-read   a read returns the value its register had before a write
//                that completed before the read began;
//   lost-write   an acknowledged write is never applied, and a later read
//                shows the value it overwrote;
//   duplicate    an element is dequeued (or popped) twice;
//   reorder      a fifo-queue hands out the later of two sequential enqueues
//                first, a stack the earlier of two sequential pushes; a
//                priority-queue the greater of two sequential
//                inserts (bare values, each its own priority) first; a set's
//                read shows an element whose add and then remove completed
//                before the read began;
//   future-read  a read returns the value of a write invoked after the read
//                completed (a set: an element added after the read);
//   missing      a dequeue (or pop) finds the queue empty right after an
//                element was enqueued (a set: a read lacks an element whose
//                add completed before it began);
//   impossible-read  a counter read returns -1, which no sum of positive
//                adds makes.
// Unique values make every counter add +1.
//
// With `replicas` > 0 the store is replicated (register, cas-register, kv,
// set, counter): each process talks to node p mod replicas, which applies
// updates at once and ships them to the other replicas, delivered in random,
// per-sender FIFO, or causal order. Registers merge by last writer wins.
// Events carry `node`; `final_reads` adds one read per replica and key,
// marked `final`, after every update has been delivered.
//
// With shape complete-ops, each operation is one record with `start` and
// `end`, stamped by one of `clocks` clocks whose error stays within
// ±skew_ns (check with --clock-skew of at least twice that).
//
// Thread safety: generate() may run concurrently with itself.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "ariadne/ingest.h"

namespace ariadne {

struct GenerateOptions {
  std::string model = "cas-register";
  int processes = 5;
  uint64_t ops = 1000;
  int keys = 0;  // 0: no key field (kv and list-append: 1 key)
  double crash_rate = 0;
  double fail_rate = 0;
  bool unique_values = false;
  uint64_t seed = 1;
  Format format = Format::kJsonl;   // kAuto is not allowed
  std::string anomaly;              // empty: none
  int replicas = 0;                 // 0: one copy, linearizable
  std::string delivery = "random";  // random, fifo or causal
  bool final_reads = false;
  bool complete_ops = false;  // shape complete-ops
  int clocks = 1;
  int64_t skew_ns = 0;
  // Transactions in Elle's shape (--txn; model list-append or rw-register):
  // see src/generate/txn.h. `keys` is then the number of keys active at a
  // time (0 counts as 1); `anomaly` one of G0, G1a, G1b, G1c, G-single,
  // G2-item.
  bool txn = false;
  std::string isolation = "serializable";  // snapshot-isolation, read-committed
  int txn_length = 4;                      // micro-ops per transaction
  int writes_per_key = 32;                 // then the key is retired for a fresh one
};

struct GenerateReport {
  uint64_t operations = 0;
  uint64_t events = 0;  // records written
  std::string anomaly;  // what was injected, and where; empty if nothing
};

// Models generate() simulates, and the anomalies each supports.
const std::vector<std::string>& generate_models();
const std::vector<std::string>& generate_anomalies();

// Throws std::invalid_argument with a message for options that do not fit
// together (an anomaly the model cannot show, replicas of a queue, ...).
GenerateReport generate(const GenerateOptions& options, std::ostream& out);

}  // namespace ariadne
