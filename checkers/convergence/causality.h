// Happened-before among a history's operations, for last-writer-wins
// arbitration: (process order ∪ reads-from)+.
//
//   * Process order: the operations of one process, in history order; a
//     crashed op followed by another of its process precedes none of them.
//   * Reads-from: an ok read (read, get) or a cas (ok or crashed) of
//     value v on an object reads from the write of v on that object
//     (write, put, or cas [old v]) when exactly one write that did not
//     fail wrote v there; with several such writes, or none (the initial
//     value), the read adds no edge, so happened-before is never claimed
//     on a guess.
//   * Objects are those of build_objects (each key, or one register).
//
// Only what the register check asks is computed: for each candidate (an
// update whose value some final read of its object returned), the updates
// of its object that it happened before. When po ∪ rf is acyclic this is
// one forward sweep in topological order per 64 candidates, each carrying
// a bit per candidate from the first candidate of its batch on; otherwise
// (a history no causal store produces) a search from each candidate.
//
// Thread safety: immutable once built; after() may run concurrently.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "ariadne/history.h"
#include "convergence/objects.h"

namespace ariadne::convergence {

class Causality {
 public:
  // plain: always search from each candidate (the reference for tests).
  Causality(const History& h, const Objects& objects, bool plain = false);

  // The ops of `candidate`'s object's updates that it happened before,
  // ascending. Empty for an op that is not a candidate.
  const std::vector<uint32_t>& after(uint32_t candidate) const;

  bool swept() const { return swept_; }  // the sweep ran (po ∪ rf acyclic)

 private:
  void edges(const History& h, const Objects& objects);
  bool topological_order(std::vector<uint32_t>& order) const;
  void sweep(const std::vector<uint32_t>& order, const std::vector<uint32_t>& candidates,
             const std::vector<const Object*>& object_of);
  void search(const std::vector<uint32_t>& candidates, const std::vector<const Object*>& object_of);
  uint32_t next_in_process(uint32_t op) const;

  std::vector<uint32_t> process_, position_;       // per op
  std::vector<std::vector<uint32_t>> by_process_;  // ops, history order
  std::vector<std::vector<uint32_t>> readers_;     // per op: ops that read from it
  std::unordered_map<uint32_t, std::vector<uint32_t>> after_;
  bool swept_ = false;
};

}  // namespace ariadne::convergence
