// Building the causal checks' graph from a history: which operations take
// part (see causal_graph.h), reads-from by value, and CO's vector clocks.
#include "causal/causal_graph.h"

#include <algorithm>
#include <unordered_map>

#include <oneapi/tbb/parallel_for.h>

#include "ariadne/report.h"
#include "models/model.h"

namespace ariadne::causal {

namespace {

enum class OpKind { kRead, kWrite, kOther };

struct KeyValue {
  uint32_t key;
  Value value;
  bool operator==(const KeyValue& o) const { return key == o.key && value == o.value; }
};
struct KeyValueHash {
  size_t operator()(const KeyValue& kv) const {
    return kv.value.hash() * 0x9E3779B97F4A7C15ull ^ (kv.key + 0x632BE59BD9B4E019ull);
  }
};

ParseError op_error(const History& h, uint32_t op, std::string message) {
  ParseError e;
  e.file = h.name;
  e.line = h.first_event(h.ops[op]).line;
  e.column = 1;
  e.message = std::move(message);
  return e;
}

std::string line_of(const History& h, uint32_t op) {
  return "line " + std::to_string(h.first_event(h.ops[op]).line);
}

// "process 1 write x=2 (line 3)"; `keyed` says whether to name the key.
std::string label(const History& h, uint32_t op, bool is_write, bool keyed) {
  const Operation& o = h.ops[op];
  std::string out = "process " + bounded_edn(h.process(o)) + (is_write ? " write " : " read ");
  if (keyed) out += bounded_edn(h.key(o)) + "=";
  out += bounded_edn(is_write ? h.argument(o) : h.result(o));
  if (o.status == OpStatus::kCrashed) out += " (crashed)";
  if (o.status == OpStatus::kFail) out += " (failed)";
  return out + " (" + line_of(h, op) + ")";
}

}  // namespace

uint32_t Graph::last_write_before(const WriterGroup& g, uint32_t limit) const {
  // writes[g.begin, g.end) have increasing pos.
  uint32_t lo = g.begin, hi = g.end;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (pos[writes[mid]] < limit)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == g.begin ? kNone : writes[lo - 1];
}

std::string op_label(const Graph& g, uint32_t node) {
  const History& h = *g.history;
  return label(h, g.op[node], g.is_write[node], h.has_key(h.ops[g.op[node]]));
}

BuildOutcome build_graph(const History& h, const CheckOptions& options, Graph& g) {
  BuildOutcome out;
  const std::string& model = options.model;
  const models::ModelDef* def = models::find_model(model);
  if (!def || !def->registers) {
    out.unknown = "causal consistency is checked for read/write histories (models " +
                  models::model_list(
                      [](const models::ModelDef& m) { return m.registers.has_value(); }, " and ") +
                  "), not for model " + model;
    return out;
  }
  const models::RegisterOps& ops = *def->registers;
  bool require_key = def->keys == models::Keys::kRequired;
  g.history = &h;
  bool nil_any = options.nil_reads == NilReads::kAny;
  auto initial_of = [&](const Operation& op) -> const Value& {
    return options.initial_of(h.has_key(op) ? h.key(op) : Value());
  };

  // Classify every operation; intern keys and processes.
  std::unordered_map<Value, uint32_t, ValueHash> key_ids, process_ids;
  Value unkeyed = Value::keyword("\x01unkeyed");  // apart from key nil
  std::vector<OpKind> kind(h.ops.size(), OpKind::kOther);
  std::vector<uint32_t> key_of(h.ops.size(), 0);
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    Value f = h.f(op);
    if (ops.is_read(f)) {
      kind[i] = OpKind::kRead;
    } else if (ops.is_write(f)) {
      kind[i] = OpKind::kWrite;
    } else if (ops.is_cas(f) || ops.is_append(f)) {
      if (op.status == OpStatus::kFail) continue;  // certainly did not happen
      out.unknown = "causal consistency is checked for reads and writes only; " + bounded_edn(f) +
                    " at " + line_of(h, i) + " is neither";
      return out;
    } else {
      out.error = op_error(
          h, i, "expected f " + ops.expected() + " for model " + model + ", got " + bounded_edn(f));
      return out;
    }
    if (require_key && !h.has_key(op)) {
      out.error = op_error(
          h, i, "expected field \"key\" (or --independent tuples) for this model, got none");
      return out;
    }
    Value k = h.has_key(op) ? h.key(op) : unkeyed;
    auto [it, fresh] = key_ids.try_emplace(k, static_cast<uint32_t>(g.key_value.size()));
    if (fresh) g.key_value.push_back(k);
    key_of[i] = it->second;
  }

  // Writes by (key, value): ok and crashed ones, and failed ones apart.
  std::unordered_map<KeyValue, uint32_t, KeyValueHash> written, failed;
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    if (kind[i] != OpKind::kWrite) continue;
    const Operation& op = h.ops[i];
    KeyValue kvp{key_of[i], h.argument(op)};
    if (op.status == OpStatus::kFail) {
      failed.try_emplace(kvp, i);
      continue;
    }
    auto [it, fresh] = written.try_emplace(kvp, i);
    if (!fresh && !out.unknown)
      out.unknown = "the history is not differentiated: " + bounded_edn(kvp.value) +
                    " is written twice to one key (" + line_of(h, it->second) + " and " +
                    line_of(h, i) + "); causal checks need each key's written values unique";
    if (kvp.value == initial_of(op) && !out.unknown)
      out.unknown = "the history is not differentiated: the write at " + line_of(h, i) +
                    " writes the initial value " + bounded_edn(initial_of(op)) +
                    ", so a read of it cannot be told apart from a read of the initial value";
  }

  // Reads: resolve rf by value. A read of a value nobody wrote, or only a
  // failed write wrote, is a violation whatever else the history holds.
  std::vector<uint32_t> source(h.ops.size(), kNone);  // op -> op read from, or kInitial
  std::vector<uint8_t> read_from(h.ops.size(), 0);
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    if (kind[i] != OpKind::kRead || h.ops[i].status != OpStatus::kOk) continue;
    const Operation& op = h.ops[i];
    Value v = h.result(op);
    // --nil-reads any: a read of nil matches every state, so it reads from
    // no write and constrains nothing; it is left out of the graph.
    if (nil_any && v.is_null()) continue;
    KeyValue kvp{key_of[i], v};
    auto it = written.find(kvp);
    if (it != written.end()) {
      source[i] = it->second;
      read_from[it->second] = 1;
      continue;
    }
    if (v == initial_of(op)) {
      source[i] = kInitial;
      continue;
    }
    bool keyed = h.has_key(op);
    auto v_out = std::make_shared<CausalViolation>();
    auto f = failed.find(kvp);
    if (f != failed.end()) {
      v_out->pattern = "AbortedRead";
      v_out->summary = label(h, i, false, keyed) + " returned a value only " +
                       label(h, f->second, true, keyed) +
                       " wrote, and that write failed: it certainly did not happen";
      v_out->ops = {std::min(i, f->second), std::max(i, f->second)};
      v_out->edges.push_back({CausalEdge::Kind::kRf, f->second, i, std::nullopt,
                              label(h, i, false, keyed) + " read the value of the failed " +
                                  label(h, f->second, true, keyed)});
    } else {
      v_out->pattern = "ThinAirRead";
      v_out->summary = label(h, i, false, keyed) +
                       " returned a value that no write wrote and that is not the initial value " +
                       bounded_edn(initial_of(op));
      v_out->ops = {i};
    }
    out.violation = v_out;
    return out;
  }
  if (out.unknown) return out;

  // Nodes in ops order.
  auto keep = [&](uint32_t i) {
    const Operation& op = h.ops[i];
    return kind[i] == OpKind::kRead ? source[i] != kNone
           : kind[i] == OpKind::kWrite
               ? op.status == OpStatus::kOk || (op.status == OpStatus::kCrashed && read_from[i])
               : false;
  };
  // A crashed write followed by a kept op of its process (a process reused
  // after :info) may have taken effect after that op, or never, as the
  // linearizability search reads it: it is in no process order, a chain of
  // its own (Elle's reading). A crashed write last in its process stays in
  // its chain, after its process's earlier ops.
  std::unordered_map<Value, uint32_t, ValueHash> last_kept;
  for (uint32_t i = 0; i < h.ops.size(); ++i)
    if (keep(i)) last_kept[h.process(h.ops[i])] = i;
  std::vector<uint32_t> node_of(h.ops.size(), kNone);
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    if (!keep(i)) continue;
    uint32_t n = g.size++;
    node_of[i] = n;
    g.op.push_back(i);
    g.is_write.push_back(kind[i] == OpKind::kWrite);
    g.key.push_back(key_of[i]);
    if (op.status == OpStatus::kCrashed && last_kept[h.process(op)] != i) {
      g.proc.push_back(static_cast<uint32_t>(g.chains.size()));
      g.process_value.push_back(h.process(op));
      g.pos.push_back(0);
      g.chains.push_back({n});
      continue;
    }
    auto [it, fresh] =
        process_ids.try_emplace(h.process(op), static_cast<uint32_t>(g.process_value.size()));
    if (fresh) {
      g.process_value.push_back(h.process(op));
      g.chains.emplace_back();
    }
    g.proc.push_back(it->second);
    g.pos.push_back(static_cast<uint32_t>(g.chains[it->second].size()));
    g.chains[it->second].push_back(n);
  }
  g.rf.assign(g.size, kNone);
  std::vector<uint32_t> reader_count(g.size + 1, 0);
  for (uint32_t n = 0; n < g.size; ++n) {
    if (g.is_write[n]) continue;
    uint32_t s = source[g.op[n]];
    g.rf[n] = s == kInitial ? kInitial : node_of[s];
    if (s != kInitial) ++reader_count[g.rf[n]];
  }
  g.reader_begin.assign(g.size + 1, 0);
  for (uint32_t n = 0; n < g.size; ++n) g.reader_begin[n + 1] = g.reader_begin[n] + reader_count[n];
  g.readers.resize(g.reader_begin[g.size]);
  std::vector<uint32_t> fill(g.reader_begin.begin(), g.reader_begin.end() - 1);
  for (uint32_t n = 0; n < g.size; ++n)
    if (!g.is_write[n] && g.rf[n] != kInitial) g.readers[fill[g.rf[n]]++] = n;

  // Writers per key and process.
  for (uint32_t n = 0; n < g.size; ++n)
    if (g.is_write[n]) g.writes.push_back(n);
  std::sort(g.writes.begin(), g.writes.end(), [&](uint32_t a, uint32_t b) {
    if (g.key[a] != g.key[b]) return g.key[a] < g.key[b];
    if (g.proc[a] != g.proc[b]) return g.proc[a] < g.proc[b];
    return g.pos[a] < g.pos[b];
  });
  uint32_t keys = static_cast<uint32_t>(g.key_value.size());
  g.group_begin.assign(keys + 1, 0);
  for (uint32_t i = 0; i < g.writes.size(); ++i) {
    uint32_t w = g.writes[i];
    if (i == 0 || g.key[g.writes[i - 1]] != g.key[w] || g.proc[g.writes[i - 1]] != g.proc[w]) {
      g.groups.push_back({g.proc[w], i, i + 1});
      ++g.group_begin[g.key[w] + 1];
    } else {
      g.groups.back().end = i + 1;
    }
  }
  for (uint32_t k = 0; k < keys; ++k) g.group_begin[k + 1] += g.group_begin[k];
  return out;
}

bool topological_order(const Graph& g, std::vector<uint32_t>& order) {
  // In-degree: po predecessor and rf source, at most one each.
  std::vector<uint8_t> indegree(g.size, 0);
  for (uint32_t n = 0; n < g.size; ++n)
    indegree[n] = (g.pos[n] > 0) + (!g.is_write[n] && g.rf[n] != kInitial);
  order.clear();
  order.reserve(g.size);
  for (uint32_t n = 0; n < g.size; ++n)
    if (indegree[n] == 0) order.push_back(n);
  for (size_t i = 0; i < order.size(); ++i) {
    uint32_t n = order[i];
    uint32_t next = g.po_next(n);
    if (next != kNone && --indegree[next] == 0) order.push_back(next);
    if (g.is_write[n])
      for (uint32_t r : g.readers_of(n))
        if (--indegree[r] == 0) order.push_back(r);
  }
  return order.size() == g.size;
}

void compute_clocks(Graph& g, const std::vector<uint32_t>& order) {
  uint32_t p = g.processes();
  g.clocks.assign(size_t{g.size} * p, 0);
  for (uint32_t n : order) {
    uint32_t* c = g.clocks.data() + size_t{n} * p;
    uint32_t prev = g.po_prev(n);
    if (prev != kNone) std::copy_n(g.clock(prev), p, c);
    if (!g.is_write[n] && g.rf[n] != kInitial) {
      const uint32_t* s = g.clock(g.rf[n]);
      for (uint32_t q = 0; q < p; ++q) c[q] = std::max(c[q], s[q]);
    }
    c[g.proc[n]] = g.pos[n] + 1;
  }
}

}  // namespace ariadne::causal
