// The read/write history the causal checks work on: its operations as
// nodes, their program order (po), reads-from (rf) and causal order
// CO = (po ∪ rf)+ as vector clocks.
//
// Invariants, once build_graph() succeeded:
//   * nodes are the kept operations in History::ops order: ok reads and
//     ok writes, and crashed writes whose value some kept read returned;
//     failed operations and crashed reads are not nodes;
//   * chains[p] lists process p's nodes in po; pos[n] is n's index there;
//     a crashed write followed by a node of its process is a chain of its
//     own (in no process order), so process_value may repeat;
//   * rf[n] is, for a read, the one write of its key and value (the
//     history is differentiated), or kInitial when it read the initial
//     value; kNone for writes;
//   * writers of key k: groups [group_begin[k], group_begin[k+1]), one per
//     process that writes k, each listing that process's writes of k in po.
// After compute_clocks() (only when CO is acyclic):
//   * clock(n)[p] = 1 + the highest pos of a node of process p that is
//     ≤CO n (0: none). So a ≤CO b iff clock(b)[proc[a]] > pos[a], since
//     po is a chain inside each process.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ariadne/causal.h"
#include "ariadne/checker.h"

namespace ariadne::causal {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kInitial = kNone - 1;

struct WriterGroup {
  uint32_t process;
  uint32_t begin, end;  // range of Graph::writes, sorted by pos
};

struct Graph {
  const History* history = nullptr;
  uint32_t size = 0;
  std::vector<uint32_t> op;  // node -> index into History::ops
  std::vector<uint8_t> is_write;
  std::vector<uint32_t> key, proc, pos, rf;
  std::vector<std::vector<uint32_t>> chains;
  std::vector<Value> key_value, process_value;
  // Writers per key (see invariants).
  std::vector<uint32_t> writes;  // write nodes sorted by (key, process, pos)
  std::vector<WriterGroup> groups;
  std::vector<uint32_t> group_begin;  // per key, into groups; size keys + 1
  // Readers per write: reads of node w are readers[reader_begin[w] ..
  // reader_begin[w + 1]), in node order.
  std::vector<uint32_t> readers, reader_begin;
  // Vector clocks, size * processes words (see invariants).
  std::vector<uint32_t> clocks;

  uint32_t processes() const { return static_cast<uint32_t>(chains.size()); }
  const uint32_t* clock(uint32_t n) const { return clocks.data() + size_t{n} * processes(); }
  bool co_before_eq(uint32_t a, uint32_t b) const { return clock(b)[proc[a]] > pos[a]; }
  bool is_read(uint32_t n) const { return !is_write[n]; }
  std::span<const WriterGroup> writers(uint32_t k) const {
    return {groups.data() + group_begin[k], groups.data() + group_begin[k + 1]};
  }
  // In group g, the last write whose pos is below `limit`; kNone if none.
  uint32_t last_write_before(const WriterGroup& g, uint32_t limit) const;
  std::span<const uint32_t> readers_of(uint32_t w) const {
    return {readers.data() + reader_begin[w], readers.data() + reader_begin[w + 1]};
  }
  uint32_t po_prev(uint32_t n) const { return pos[n] == 0 ? kNone : chains[proc[n]][pos[n] - 1]; }
  uint32_t po_next(uint32_t n) const {
    const auto& c = chains[proc[n]];
    return pos[n] + 1 < c.size() ? c[pos[n] + 1] : kNone;
  }
};

// What building the graph found before any order was computed.
struct BuildOutcome {
  std::optional<ParseError> error;             // an op the model cannot interpret
  std::optional<std::string> unknown;          // no verdict possible: why
  std::shared_ptr<CausalViolation> violation;  // ThinAirRead or AbortedRead
};

// REQUIRES: options.model has ModelDef::registers (else unknown).
BuildOutcome build_graph(const History& h, const CheckOptions& options, Graph& g);

// Kahn's algorithm on po ∪ rf. Returns false when CO is cyclic.
bool topological_order(const Graph& g, std::vector<uint32_t>& order);

// Fills g.clocks. REQUIRES: order is a topological order of po ∪ rf.
void compute_clocks(Graph& g, const std::vector<uint32_t>& order);

// "process 1 read x=2 (line 4)": how witnesses name an operation.
std::string op_label(const Graph& g, uint32_t node);

}  // namespace ariadne::causal
