// Internal: transactions read from a History, and the dependency graph
// inferred from them (checkers/transactions).
//
// Indices: a transaction is named by its index t into Txns::txns, and
// Txns::txns[t].op is its index into History::ops. Graph nodes [0, n) are
// transactions; nodes from n on are realtime barriers (graph.h).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ariadne/history.h"
#include "ariadne/ingest.h"
#include "ariadne/transactions.h"
#include "ariadne/value.h"
#include "limits.h"

namespace ariadne::txn {

inline constexpr uint32_t kNone = UINT32_MAX;

enum class MopKind : uint8_t { kAppend, kRead, kWrite };

// One micro-op. `value`: the element appended, the value written, or what
// was read (a list for list-append; null: unknown for a transaction that is
// not ok, the initial value for an ok rw-register read; an ok list-append
// read of nil reads the empty list).
struct Mop {
  MopKind kind = MopKind::kRead;
  uint32_t key = 0;  // index into Txns::keys
  Value value;
};

struct Txn {
  uint32_t op = 0;                // index into History::ops
  uint32_t first = 0, count = 0;  // its micro-ops: Txns::mops[first, first + count)
  uint32_t process = 0;           // index into the processes seen
  OpStatus status = OpStatus::kOk;
  bool in_graph = false;  // ok, or info with a write some other transaction observed
};

struct Txns {
  TxnReport::Workload workload = TxnReport::Workload::kListAppend;
  std::vector<Txn> txns;  // History::ops order
  std::vector<Mop> mops;
  std::vector<Value> keys;
  uint32_t processes = 0;
  Charge txn_bytes, mop_bytes, key_bytes;  // txns, mops, keys (limits.h)
};

// Reads every operation of `h` as a transaction. Every operation must have
// f :txn and a vector of micro-ops ([f k v], f one of append/r for
// list-append, w/r for rw-register; keywords, strings or symbols). Stops
// early, leaving `out` partial, when `limits` says so.
std::optional<ParseError> parse_txns(const History& h, TxnReport::Workload workload, Txns& out,
                                     Limits& limits);

// Kinds as bits, for masks over edges.
inline constexpr uint8_t kind_bit(Edge::Kind k) { return uint8_t(1u << static_cast<int>(k)); }
inline constexpr uint8_t kWWBit = kind_bit(Edge::Kind::kWW);
inline constexpr uint8_t kWRBit = kind_bit(Edge::Kind::kWR);
inline constexpr uint8_t kRWBit = kind_bit(Edge::Kind::kRW);
inline constexpr uint8_t kProcessBit = kind_bit(Edge::Kind::kProcess);
inline constexpr uint8_t kRealtimeBit = kind_bit(Edge::Kind::kRealtime);

// An inferred edge. Key and values as in Edge (ariadne/transactions.h);
// `support`: for list-append ww/rw edges, the transaction whose read showed
// the version order used (kNone when the edge's own ends show it).
struct RawEdge {
  uint32_t from = 0, to = 0;
  Edge::Kind kind = Edge::Kind::kWW;
  uint32_t key = kNone;
  uint32_t support = kNone;
  // A list-append version read is `the list read`[0, prefix) when prefix is
  // not kNone (the reader's own trailing appends cut off; made a Value only
  // when shown, since interning a list per read is costly).
  uint32_t prefix = kNone;
  Value value_from, value_to;
};

// The value an edge's list-append version stands for (see RawEdge::prefix).
Value version_value(Value list, uint32_t prefix);

// An anomaly with its own witness (not a cycle).
struct Finding {
  Anomaly anomaly = Anomaly::kG1a;
  std::vector<uint32_t> txns;  // transaction indices, the reader first
  uint32_t key = kNone;
  std::vector<Value> values;
};

// What inference produced: the edges between transactions (ww, wr, rw) and
// the findings; process and realtime edges are added by the graph.
struct Inferred {
  std::vector<RawEdge> edges;
  Charge edge_bytes;              // edges' capacity (limits.h)
  std::vector<Finding> findings;  // at most one per anomaly
  std::vector<std::string> notes;

  // Appends an edge, taking its room first: false when refused.
  bool add_edge(const RawEdge& e, const char* what = "inferring dependency edges") {
    if (!grow(edge_bytes, edges, what)) return false;
    edges.push_back(e);
    return true;
  }
};

// Marks Txn::in_graph and infers. list_append.cc and rw_register.cc. When
// `limits` stops them the edges are partial (the findings found are sound).
void infer_list_append(const History& h, Txns& txns, Inferred& out, Limits& limits);
void infer_rw_register(const History& h, Txns& txns, Inferred& out, Limits& limits);

// a implies b (reflexive): a history with a has b (models.cc).
bool anomaly_implies(Anomaly a, Anomaly b);

// Keeps one finding per anomaly: the first reported.
void add_finding(Inferred& out, Finding f);

}  // namespace ariadne::txn
