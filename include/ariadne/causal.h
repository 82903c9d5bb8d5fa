// ariadne/causal.h — why a history is not causally consistent, and which
// of the consistency models it satisfies.
//
// Causal consistency (CC), causal convergence (CCv) and causal memory (CM)
// are those of Bouajjani, Enea, Guerraoui & Hamza, "On verifying causal
// consistency" (POPL 2017), for read/write histories in which each key's
// written values are unique (differentiated). A history violates one of
// them iff it contains one of the paper's bad patterns (Table 3):
//   CC:  CyclicCO, WriteCOInitRead, ThinAirRead, WriteCORead;
//   CM:  those, WriteHBInitRead and CyclicHB;
//   CCv: those of CC and CyclicCF.
// ariadne adds AbortedRead: a read of a value only a failed write wrote.
//
// A CausalViolation names the pattern found, the operations that form it
// and the shortest chain of edges that closes it (a cycle for the Cyclic*
// patterns, a path for the others; shortest = fewest facts, a run of one
// process's operations counting as one po edge), each edge with its reason
// in plain words. Operations are indices into History::ops. The reported
// operations are shrunk, when there are at most 64 of them, to a 1-minimal
// sub-history (SPEC section 5; Counterexample::minimal says whether), and
// the pattern and chain are those of that sub-history.
//
// A StrongestReport (`--consistency strongest`) lists, strongest first,
// the verdict of every model ariadne can check beside eventual consistency.
//
// Thread safety: plain immutable values once built; share them freely.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ariadne/checker.h"

namespace ariadne {

// One edge of a witness chain: `from` must come before `to`.
struct CausalEdge {
  enum class Kind : uint8_t {
    kPo,  // program order: same process, `from` first
    kRf,  // reads-from: `to` read the value `from` wrote
    kCf,  // conflict: `via` read from `to`, and `from` is causally before `via`
    kHb,  // happens-before of one process's view (CM): `via`, a read of that
          // process, read from `to` while `from` was already before `via`
  };
  Kind kind = Kind::kPo;
  uint32_t from = 0, to = 0;
  std::optional<uint32_t> via;  // kCf and kHb: the read that justifies the edge
  std::string why;              // plain words
};

std::string_view causal_edge_kind_name(CausalEdge::Kind kind);  // "po", "rf", "cf", "hb"

struct CausalViolation {
  // "CyclicCO", "WriteCOInitRead", "ThinAirRead", "WriteCORead",
  // "WriteHBInitRead", "CyclicHB", "CyclicCF" or "AbortedRead".
  std::string pattern;
  std::string summary;  // one sentence: what the pattern is here
  // The sub-history: every operation the edges name (reasons included) and
  // the write each of its reads read from; in history order.
  std::vector<uint32_t> ops;
  std::vector<CausalEdge> edges;  // the chain, in order
  // CM patterns: the process whose view (HBo) is contradictory.
  std::optional<Value> process;
};

// One model's outcome inside a StrongestReport.
struct ModelOutcome {
  Consistency consistency = Consistency::kLinearizable;
  Verdict verdict = Verdict::kUnknown;
  std::string reason;                             // unknown: why
  std::optional<Counterexample> counterexample;   // invalid: why not
  std::shared_ptr<const CausalViolation> causal;  // invalid causal models: the pattern
  std::optional<uint32_t> stuck_op;               // invalid lin/seq: where the search got stuck
};

struct StrongestReport {
  // The strongest model the history satisfies, in the order
  // linearizable, sequential, causal-memory, causal-convergence, causal
  // (CM and CCv are incomparable: when both hold, causal-memory is named
  // and both are in `outcomes`); empty when none is known to hold.
  std::optional<Consistency> strongest;
  std::vector<ModelOutcome> outcomes;  // in the order above
};

}  // namespace ariadne
