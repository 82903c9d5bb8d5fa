// Happened-before among a history's operations, for last-writer-wins
// arbitration: (process order ∪ reads-from)+.
//
//   * Process order: the operations of one process, in history order.
//   * Reads-from: an ok read (read, get) or a cas (ok or crashed) of
//     value v on a key reads from the write of v on that key (write, put,
//     or cas [old v]) when exactly one write that did not fail wrote v
//     there; with several such writes, or none (the initial value), the
//     read adds no edge, so happened-before is never claimed on a guess.
//   * Keys: each op's key when every op has one, else one register.
//
// Thread safety: immutable once built; reach() may run concurrently.
#pragma once

#include <cstdint>
#include <vector>

#include "ariadne/history.h"

namespace ariadne::convergence {

class Causality {
 public:
  explicit Causality(const History& h);

  // Per process, the first position in its order that `op` happened
  // before (UINT32_MAX: none). Costs O(operations reached).
  std::vector<uint32_t> reach(uint32_t op) const;

  // Whether `reach` (of some op a) says a happened before `op`.
  bool follows(const std::vector<uint32_t>& reach, uint32_t op) const {
    return position_[op] >= reach[process_[op]];
  }

 private:
  std::vector<uint32_t> process_, position_;       // per op
  std::vector<std::vector<uint32_t>> by_process_;  // ops, history order
  std::vector<std::vector<uint32_t>> readers_;     // per op: ops that read from it
};

}  // namespace ariadne::convergence
