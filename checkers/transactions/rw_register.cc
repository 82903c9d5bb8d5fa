// Read-write register inference: only edges every execution of the history
// must have (docs/transactions.md, "What rw-register can infer").
//
// Each key starts at nil (the initial version; a key some transaction writes
// nil to gets no nil-read edges). Written values are assumed unique per key;
// a value written twice gives no edges. A transaction's external read of a
// key is its first access to it, when that is a read.
//  wr  W -> T: T externally read the value W wrote.
//  ww  W -> T: T externally read W's value of the key, then wrote the key
//      (the version T installs, its last write, follows the one it read).
//  rw  R -> T: R externally read the version T read and then overwrote.
//  rw  R -> W: R read nil, and W wrote the key without reading a non-nil
//      version of it first (W's version follows nil). Capped in total.
//  process  T1 -> W: T1 installed v1 of the key, then a later transaction
//      T2 of the same process externally read v2 != v1, which W wrote: where
//      process order holds, v1 precedes v2 (the edge's support is T2).
// What is not inferred: the order of two writes that no transaction read
// and then overwrote, nor one process's write and another's read (real-time
// order does not order versions). So a history can hide a cycle this
// checker misses; none it reports is unsound.
//
// Non-cycle anomalies: internal, garbage-read (a value nobody wrote), G1a
// (a value only a failed transaction wrote), G1b (a value its writer
// overwrote within the same transaction), future-read (a transaction reads
// what it writes only later), lost-update (two committed transactions read
// the same version of a key and both wrote the key).
#include <algorithm>
#include <unordered_map>

#include "txns.h"

namespace ariadne::txn {
namespace {

struct Write {
  uint32_t key;
  uint64_t value;
  uint32_t txn, mop;
  bool ambiguous = false;
};

struct ExtRead {
  uint32_t key;
  uint64_t value;  // bits; 0 = nil
  uint32_t txn;
  uint32_t mop;
  bool then_writes;  // the transaction writes the key after this read
};

}  // namespace

void infer_rw_register(const History& h, Txns& t, Inferred& out, Limits& limits) {
  constexpr const char* kWhat = "inferring the version orders";
  out.edge_bytes.attach(limits);
  Charge write_bytes(limits), ext_bytes(limits), table_bytes(limits);
  std::vector<Write> writes;
  std::vector<ExtRead> ext;
  std::vector<bool> nil_written;
  std::vector<uint32_t> last_write;  // per write mop: the txn's last to that key
  if (!assign(table_bytes, nil_written, t.keys.size(), false, kWhat) ||
      !assign(table_bytes, last_write, t.mops.size(), kNone, kWhat))
    return;
  for (uint32_t i = 0; i < t.txns.size(); ++i) {
    if (limits.stop()) return;
    Txn& tx = t.txns[i];
    tx.in_graph = tx.status == OpStatus::kOk;
    struct State {
      uint32_t key;
      bool known;
      Value value;
      int64_t ext = -1;  // index into ext of the external read
      uint32_t last = kNone;
    };
    std::vector<State> st;
    for (uint32_t m = tx.first; m < tx.first + tx.count; ++m) {
      const Mop& mop = t.mops[m];
      auto it =
          std::find_if(st.begin(), st.end(), [&](const State& s) { return s.key == mop.key; });
      bool first_access = it == st.end();
      if (first_access) {
        st.push_back(State{mop.key, false, Value()});
        it = st.end() - 1;
      }
      if (mop.kind == MopKind::kWrite) {
        if (!grow(write_bytes, writes, kWhat)) return;
        writes.push_back(Write{mop.key, mop.value.bits(), i, m});
        if (mop.value.is_null()) nil_written[mop.key] = true;
        it->known = true;
        it->value = mop.value;
        if (it->ext >= 0) ext[it->ext].then_writes = true;
        it->last = m;
        continue;
      }
      if (tx.status != OpStatus::kOk) continue;  // reads of others are unknown
      if (it->known) {
        if (mop.value != it->value)
          add_finding(out, Finding{Anomaly::kInternal, {i}, mop.key, {it->value, mop.value}});
      } else if (first_access) {
        it->ext = static_cast<int64_t>(ext.size());
        if (!grow(ext_bytes, ext, kWhat)) return;
        ext.push_back(ExtRead{mop.key, mop.value.bits(), i, m, false});
      }
      it->known = true;
      it->value = mop.value;
    }
    for (const State& s : st)
      if (s.last != kNone) last_write[s.last] = s.last;
  }
  auto by_kv = [](const auto& a, const auto& b) {
    return a.key != b.key ? a.key < b.key : a.value < b.value;
  };
  std::sort(writes.begin(), writes.end(), by_kv);
  for (size_t i = 1; i < writes.size(); ++i)
    if (writes[i].key == writes[i - 1].key && writes[i].value == writes[i - 1].value)
      writes[i].ambiguous = writes[i - 1].ambiguous = true;
  auto find = [&](uint32_t key, uint64_t value) -> const Write* {
    auto it = std::lower_bound(writes.begin(), writes.end(), Write{key, value, 0, 0}, by_kv);
    if (it == writes.end() || it->key != key || it->value != value) return nullptr;
    return &*it;
  };

  // Reads: which info transactions happened; non-cycle anomalies.
  for (const ExtRead& r : ext) {
    if (limits.stop()) return;
    Value v = Value::from_bits(r.value);
    if (v.is_null()) continue;
    const Write* w = find(r.key, r.value);
    if (w == nullptr) {
      add_finding(out, Finding{Anomaly::kGarbageRead, {r.txn}, r.key, {v}});
      continue;
    }
    if (w->ambiguous) continue;
    if (w->txn == r.txn) {
      add_finding(out, Finding{Anomaly::kFutureRead, {r.txn}, r.key, {v}});
      continue;
    }
    const Txn& wt = t.txns[w->txn];
    if (wt.status == OpStatus::kFail) {
      add_finding(out, Finding{Anomaly::kG1a, {r.txn, w->txn}, r.key, {v}});
      continue;
    }
    if (wt.status == OpStatus::kCrashed) t.txns[w->txn].in_graph = true;
    if (last_write[w->mop] == kNone)
      add_finding(out, Finding{Anomaly::kG1b, {r.txn, w->txn}, r.key, {v}});
  }
  // Process order orders versions, for the models that keep it: T1 installed
  // v1 of a key, then T2 on the same process read v2 != v1, so v1 precedes
  // v2 — T1 precedes v2's writer. A process edge (it holds only where
  // process order does), its reader kept as the edge's support. ext is in
  // transaction order here, and transactions in History order.
  {
    std::unordered_map<uint64_t, std::pair<uint32_t, Value>> last;  // (process, key) -> writer
    Charge map_bytes(limits);
    auto slot = [](uint32_t process, uint32_t key) { return (uint64_t{process} << 32) | key; };
    size_t e = 0;
    for (uint32_t i = 0; i < t.txns.size(); ++i) {
      if (limits.stop()) return;
      const Txn& tx = t.txns[i];
      for (; e < ext.size() && ext[e].txn == i; ++e) {
        auto it = last.find(slot(tx.process, ext[e].key));
        if (it == last.end() || it->second.second.bits() == ext[e].value) continue;
        if (ext[e].value == 0) continue;  // nil after a write: the nil-read rw edges say it
        const Write* w = find(ext[e].key, ext[e].value);
        if (!w || w->ambiguous || !t.txns[w->txn].in_graph || w->txn == it->second.first ||
            w->txn == i)
          continue;
        if (!out.add_edge(RawEdge{it->second.first, w->txn, Edge::Kind::kProcess, ext[e].key, i,
                                  kNone, it->second.second, Value::from_bits(ext[e].value)}))
          return;
      }
      if (tx.status != OpStatus::kOk) continue;
      for (uint32_t m = tx.first; m < tx.first + tx.count; ++m)
        if (t.mops[m].kind == MopKind::kWrite && last_write[m] != kNone) {
          auto [it, fresh] =
              last.insert_or_assign(slot(tx.process, t.mops[m].key), std::pair{i, t.mops[m].value});
          if (fresh && !map_bytes.add(kMapEntryBytes, kWhat)) return;
        }
    }
  }
  // Edges. ext sorted by (key, version): the readers of each version together.
  std::sort(ext.begin(), ext.end(), by_kv);
  // The version each writer installs, per (txn, key): its last write.
  auto installed = [&](uint32_t txn, uint32_t key) -> Value {
    Value v;
    for (uint32_t m = t.txns[txn].first; m < t.txns[txn].first + t.txns[txn].count; ++m)
      if (t.mops[m].kind == MopKind::kWrite && t.mops[m].key == key) v = t.mops[m].value;
    return v;
  };
  size_t nil_cap = 2 * t.mops.size() + 1024, nil_edges = 0;
  bool capped = false;
  for (size_t lo = 0; lo < ext.size();) {
    if (limits.stop()) return;
    size_t hi = lo;
    while (hi < ext.size() && ext[hi].key == ext[lo].key && ext[hi].value == ext[lo].value) ++hi;
    const uint32_t key = ext[lo].key;
    Value v = Value::from_bits(ext[lo].value);
    const Write* w = v.is_null() ? nullptr : find(key, ext[lo].value);
    bool writer_ok = w && !w->ambiguous && t.txns[w->txn].in_graph;
    bool known_version = v.is_null() ? !nil_written[key] : writer_ok;
    std::vector<uint32_t> overwriters;
    for (size_t i = lo; i < hi; ++i) {
      const ExtRead& r = ext[i];
      if (writer_ok && w->txn != r.txn &&
          !out.add_edge(RawEdge{w->txn, r.txn, Edge::Kind::kWR, key, kNone, kNone, v, v}))
        return;
      if (r.then_writes && known_version) {
        overwriters.push_back(r.txn);
        if (writer_ok && w->txn != r.txn &&
            !out.add_edge(RawEdge{w->txn, r.txn, Edge::Kind::kWW, key, kNone, kNone, v,
                                  installed(r.txn, key)}))
          return;
      }
    }
    if (overwriters.size() >= 2) {
      Finding f{Anomaly::kLostUpdate, {overwriters[0], overwriters[1]}, key, {v}};
      if (writer_ok) f.txns.push_back(w->txn);  // who wrote the version both read
      add_finding(out, std::move(f));
    }
    if (known_version && !v.is_null())
      for (size_t i = lo; i < hi; ++i)
        for (uint32_t o : overwriters)
          if (o != ext[i].txn && !out.add_edge(RawEdge{ext[i].txn, o, Edge::Kind::kRW, key, kNone,
                                                       kNone, v, installed(o, key)}))
            return;
    lo = hi;
  }
  // Nil readers precede every writer whose version has no known non-nil
  // predecessor (the others follow those by ww edges).
  // Charged at twice their elements (a vector's capacity may be double).
  std::vector<std::vector<uint32_t>> nil_readers, has_pred;
  if (!assign(table_bytes, nil_readers, t.keys.size(), std::vector<uint32_t>(), kWhat) ||
      !assign(table_bytes, has_pred, t.keys.size(), std::vector<uint32_t>(), kWhat))
    return;
  for (const ExtRead& r : ext) {
    bool nil = r.value == 0 && !nil_written[r.key], pred = r.value != 0 && r.then_writes;
    if ((nil || pred) && !table_bytes.add(2 * sizeof(uint32_t), kWhat)) return;
    if (nil) nil_readers[r.key].push_back(r.txn);
    if (pred) has_pred[r.key].push_back(r.txn);
  }
  for (size_t lo = 0; lo < writes.size();) {
    if (limits.stop()) return;
    size_t hi = lo;
    while (hi < writes.size() && writes[hi].key == writes[lo].key) ++hi;
    const uint32_t key = writes[lo].key;
    auto& preds = has_pred[key];
    std::sort(preds.begin(), preds.end());
    std::vector<uint32_t> roots;
    for (size_t i = lo; i < hi; ++i) {
      const Write& w = writes[i];
      if (w.ambiguous || !t.txns[w.txn].in_graph || last_write[w.mop] == kNone) continue;
      if (std::binary_search(preds.begin(), preds.end(), w.txn)) continue;
      roots.push_back(i);
    }
    for (uint32_t r : nil_readers[key])
      for (uint32_t i : roots) {
        if (writes[i].txn == r) continue;
        if (++nil_edges > nil_cap) {
          capped = true;
          break;
        }
        if (!out.add_edge(RawEdge{r, writes[i].txn, Edge::Kind::kRW, key, kNone, kNone, Value(),
                                  Value::from_bits(writes[i].value)}))
          return;
      }
    lo = hi;
  }
  if (capped)
    out.notes.push_back(
        "rw edges from reads of nil were capped; a cycle through them may be missed");
  (void)h;
}

}  // namespace ariadne::txn
