// List-append inference (Elle's): each key's version order is its longest
// read; every other read must be a prefix of it (else incompatible-order).
//
// Edges, for a key whose longest read is L = [e0 .. e(n-1)]:
//  ww  writer(e_i) -> writer(e_(i+1));
//  wr  writer(e_(m-1)) -> T, for T's read of length m (T's own trailing
//      appends stripped: T read the version before them);
//  rw  T -> writer(e_m), for a read of length m < n;
//  ww  writer(e_(n-1)) -> U, and
//  rw  T -> U, for a read of all of L, where U is a transaction in the graph
//      whose append to the key no read shows: a list only grows, so U's
//      element comes after all of L — a chain of versions follows e_(n-1)
//      and the version T read, and U's is in it. The rw edges are capped in
//      total (Inferred::notes says when the cap cut some).
// Only transactions in the graph take part: ok ones, and info ones whose
// appends some read shows (they happened).
//
// Non-cycle anomalies: internal (a read contradicts the transaction's own
// earlier reads and appends), duplicate-elements, garbage-read (an element
// no transaction appended), G1a (one a failed transaction appended),
// dirty-update (a committed append after a failed one in L), G1b (a read
// ending in an element its writer followed with another append to the
// key), future-read (a read shows the reader's own later append).
#include <algorithm>
#include <span>

#include "txns.h"

namespace ariadne::txn {
namespace {

// 24 bytes: its key is the group it is in (Index::of).
struct Append {
  uint64_t element;  // Value bits
  uint32_t txn, mop;
  uint32_t pos = kNone;    // position in the key's longest read
  bool ambiguous = false;  // appended more than once
};

// Every append, grouped by key (a counting sort: linear in the appends),
// and by element within a key.
class Index {
 public:
  // Stops early (empty) when `limits` refuses the memory.
  Index(const Txns& t, Limits& limits) : bytes_(limits) {
    constexpr const char* kWhat = "indexing the appends";
    size_t n = 0;
    for (const Mop& m : t.mops) n += m.kind == MopKind::kAppend;
    if (!assign(bytes_, start_, t.keys.size() + 1, uint32_t{0}, kWhat) ||
        !reserve(bytes_, v_, n, kWhat))
      return;
    for (const Mop& m : t.mops)
      if (m.kind == MopKind::kAppend) ++start_[m.key + 1];
    for (size_t k = 0; k < t.keys.size(); ++k) start_[k + 1] += start_[k];
    v_.resize(n);
    std::vector<uint32_t> fill(start_.begin(), start_.end() - 1);  // charged with start_
    if (!bytes_.add(uint64_t{fill.size()} * sizeof(uint32_t), kWhat)) return;
    for (uint32_t i = 0; i < t.txns.size(); ++i)
      for (uint32_t m = t.txns[i].first; m < t.txns[i].first + t.txns[i].count; ++m)
        if (t.mops[m].kind == MopKind::kAppend)
          v_[fill[t.mops[m].key]++] = Append{t.mops[m].value.bits(), i, m};
    for (size_t k = 0; k < t.keys.size(); ++k) {
      if (limits.stop()) return;
      auto b = v_.begin() + start_[k], e = v_.begin() + start_[k + 1];
      std::stable_sort(b, e,
                       [](const Append& x, const Append& y) { return x.element < y.element; });
      for (auto it = b; it != e && it + 1 != e; ++it)
        if (it->element == (it + 1)->element) it->ambiguous = (it + 1)->ambiguous = true;
    }
  }
  Append* find(uint32_t key, Value element) {
    if (key + 1 >= start_.size()) return nullptr;
    auto b = v_.begin() + start_[key], e = v_.begin() + start_[key + 1];
    auto it = std::lower_bound(b, e, element.bits(),
                               [](const Append& a, uint64_t x) { return a.element < x; });
    if (it == e || it->element != element.bits()) return nullptr;
    return &*it;
  }
  std::vector<Append>& all() { return v_; }
  // The appends to `key`, by element.
  std::span<Append> of(uint32_t key) {
    if (key + 1 >= start_.size()) return {};
    return std::span<Append>(v_).subspan(start_[key], start_[key + 1] - start_[key]);
  }

 private:
  Charge bytes_;
  std::vector<uint32_t> start_;  // keys + 1: key k's appends are v_[start_[k], start_[k+1])
  std::vector<Append> v_;
};

struct Read {
  uint32_t txn, mop;
  Value list;
};

void check_internal(const Txns& t, uint32_t i, Inferred& out) {
  struct State {
    uint32_t key;
    bool known;
    std::vector<Value> list;  // known: the whole list; else own appends so far
  };
  std::vector<State> states;
  const Txn& tx = t.txns[i];
  bool repeats = false;  // only a key accessed twice can be inconsistent
  for (uint32_t a = tx.first; a < tx.first + tx.count && !repeats; ++a)
    for (uint32_t b = tx.first; b < a && !repeats; ++b) repeats = t.mops[a].key == t.mops[b].key;
  if (!repeats) return;
  for (uint32_t m = tx.first; m < tx.first + tx.count; ++m) {
    const Mop& mop = t.mops[m];
    auto it = std::find_if(states.begin(), states.end(),
                           [&](const State& s) { return s.key == mop.key; });
    if (it == states.end()) {
      states.push_back(State{mop.key, false, {}});
      it = states.end() - 1;
    }
    if (mop.kind == MopKind::kAppend) {
      it->list.push_back(mop.value);
      continue;
    }
    auto read = mop.value.items();
    bool ok;
    if (it->known) {
      ok = std::equal(read.begin(), read.end(), it->list.begin(), it->list.end());
    } else {
      ok = read.size() >= it->list.size() &&
           std::equal(it->list.begin(), it->list.end(), read.end() - it->list.size());
    }
    if (!ok) {
      Value expected = Value::vector(it->list);
      if (!it->known) {
        // "[... a b]": the read should end with the transaction's own appends.
        std::vector<Value> shown{Value::symbol("...")};
        shown.insert(shown.end(), it->list.begin(), it->list.end());
        expected = Value::vector(shown);
      }
      add_finding(out, Finding{Anomaly::kInternal, {i}, mop.key, {expected, mop.value}});
    }
    it->known = true;
    it->list.assign(read.begin(), read.end());
  }
}

// Index of the last append by txn i to key, or kNone.
uint32_t last_append(const Txns& t, uint32_t i, uint32_t key) {
  uint32_t last = kNone;
  for (uint32_t m = t.txns[i].first; m < t.txns[i].first + t.txns[i].count; ++m)
    if (t.mops[m].kind == MopKind::kAppend && t.mops[m].key == key) last = m;
  return last;
}

}  // namespace

Value version_value(Value list, uint32_t prefix) {
  if (prefix == kNone) return list;
  return Value::vector(list.items().subspan(0, prefix));
}

void infer_list_append(const History& h, Txns& t, Inferred& out, Limits& limits) {
  constexpr const char* kWhat = "inferring the version orders";
  out.edge_bytes.attach(limits);
  Index index(t, limits);
  if (limits.stop()) return;
  // Reads of ok transactions, by key: key k's are reads[rstart[k], rstart[k+1]).
  Charge read_bytes(limits);
  std::vector<uint32_t> rstart, rfill;
  std::vector<Read> read_list;
  size_t nreads = 0;
  for (uint32_t i = 0; i < t.txns.size(); ++i) {
    Txn& tx = t.txns[i];
    tx.in_graph = tx.status == OpStatus::kOk;
    if (tx.status != OpStatus::kOk) continue;
    for (uint32_t m = tx.first; m < tx.first + tx.count; ++m)
      nreads += t.mops[m].kind == MopKind::kRead;
  }
  // Edges: at most one ww per append and one wr and one rw per read, but
  // for those to appends no read shows (added past this, doubling).
  size_t nappends = index.all().size();
  if (!reserve(out.edge_bytes, out.edges, nappends + 2 * nreads, kWhat)) return;
  if (!assign(read_bytes, rstart, t.keys.size() + 1, uint32_t{0}, kWhat)) return;
  if (!reserve(read_bytes, read_list, nreads, kWhat)) return;
  for (uint32_t i = 0; i < t.txns.size(); ++i) {
    const Txn& tx = t.txns[i];
    if (tx.status != OpStatus::kOk) continue;
    for (uint32_t m = tx.first; m < tx.first + tx.count; ++m)
      if (t.mops[m].kind == MopKind::kRead) ++rstart[t.mops[m].key + 1];
  }
  for (size_t k = 0; k < t.keys.size(); ++k) rstart[k + 1] += rstart[k];
  if (!reserve(read_bytes, rfill, t.keys.size(), kWhat)) return;
  rfill.assign(rstart.begin(), rstart.end() - 1);
  read_list.resize(nreads);
  for (uint32_t i = 0; i < t.txns.size(); ++i) {
    if (limits.stop()) return;
    const Txn& tx = t.txns[i];
    if (tx.status != OpStatus::kOk) continue;
    for (uint32_t m = tx.first; m < tx.first + tx.count; ++m)
      if (t.mops[m].kind == MopKind::kRead)
        read_list[rfill[t.mops[m].key]++] = Read{i, m, t.mops[m].value};
    check_internal(t, i, out);
  }
  auto reads = [&](uint32_t k) {
    return std::span<const Read>(read_list).subspan(rstart[k], rstart[k + 1] - rstart[k]);
  };
  bool ambiguous_noted = false;
  for (uint32_t k = 0; k < t.keys.size() && !ambiguous_noted; ++k)
    for (const Append& a : index.of(k))
      if (a.ambiguous && !ambiguous_noted) {
        out.notes.push_back(
            "an element was appended more than once to key " + to_edn(t.keys[k]) +
            ": no edges are inferred from such elements (Elle assumes unique appends)");
        ambiguous_noted = true;
      }

  auto usable = [&](const Append* a) {
    return a != nullptr && !a->ambiguous && t.txns[a->txn].status != OpStatus::kFail;
  };
  Charge key_bytes(limits);
  std::vector<uint32_t> longest;  // index into reads(k)
  std::vector<bool> incompatible;
  std::vector<std::vector<Append*>> at;  // per key, the append at each position of L
  if (!assign(key_bytes, longest, t.keys.size(), kNone, kWhat) ||
      !assign(key_bytes, incompatible, t.keys.size(), false, kWhat) ||
      !assign(key_bytes, at, t.keys.size(), std::vector<Append*>(), kWhat))
    return;
  // Pass 1: longest reads, positions, incompatible orders, element checks.
  for (uint32_t k = 0; k < t.keys.size(); ++k) {
    if (limits.stop()) return;
    auto rs = reads(k);
    if (rs.empty()) continue;
    uint32_t li = 0;
    for (uint32_t r = 1; r < rs.size(); ++r)
      if (rs[r].list.size() > rs[li].list.size()) li = r;
    longest[k] = li;
    const Read& L = rs[li];
    auto le = L.list.items();
    uint32_t failed_writer = kNone;
    auto& placed = at[k];
    if (!key_bytes.add(uint64_t{le.size()} * sizeof(Append*), kWhat)) return;
    placed.assign(le.size(), nullptr);
    for (uint32_t p = 0; p < le.size(); ++p) {
      Append* a = index.find(k, le[p]);
      if (a == nullptr) {
        add_finding(out, Finding{Anomaly::kGarbageRead, {L.txn}, k, {le[p]}});
        continue;
      }
      if (a->pos != kNone) {  // placed already, at an earlier position of L
        add_finding(out, Finding{Anomaly::kDuplicateElements, {L.txn, a->txn}, k, {L.list, le[p]}});
        continue;
      }
      a->pos = p;
      placed[p] = a;
      if (a->ambiguous) continue;
      const Txn& w = t.txns[a->txn];
      if (w.status == OpStatus::kFail) {
        add_finding(out, Finding{Anomaly::kG1a, {L.txn, a->txn}, k, {le[p]}});
        if (failed_writer == kNone) failed_writer = a->txn;
      } else {
        if (w.status == OpStatus::kCrashed && a->txn != L.txn) t.txns[a->txn].in_graph = true;
        if (failed_writer != kNone)
          add_finding(out,
                      Finding{Anomaly::kDirtyUpdate, {a->txn, failed_writer, L.txn}, k, {le[p]}});
      }
    }
    for (const Read& r : rs) {
      if (r.list == L.list) continue;
      auto re = r.list.items();
      bool prefix = re.size() <= le.size() && std::equal(re.begin(), re.end(), le.begin());
      if (prefix) continue;
      incompatible[k] = true;
      add_finding(out, Finding{Anomaly::kIncompatibleOrder, {L.txn, r.txn}, k, {L.list, r.list}});
      for (Value e : re) {
        Append* a = index.find(k, e);
        if (a == nullptr) {
          add_finding(out, Finding{Anomaly::kGarbageRead, {r.txn}, k, {e}});
        } else if (!a->ambiguous && t.txns[a->txn].status == OpStatus::kFail) {
          add_finding(out, Finding{Anomaly::kG1a, {r.txn, a->txn}, k, {e}});
        } else if (!a->ambiguous && t.txns[a->txn].status == OpStatus::kCrashed) {
          t.txns[a->txn].in_graph = true;
        }
      }
    }
  }

  // Pass 2: edges.
  size_t unobserved_cap = 2 * t.mops.size() + 1024, unobserved_edges = 0;
  bool capped = false;
  for (uint32_t k = 0; k < t.keys.size(); ++k) {
    if (limits.stop()) return;
    auto rs = reads(k);
    if (rs.empty() || incompatible[k]) continue;
    const Read& L = rs[longest[k]];
    auto le = L.list.items();
    const uint32_t n = static_cast<uint32_t>(le.size());
    // This key's scratch: by_length, support, full_readers, overwrites.
    Charge scratch(limits);
    if (!scratch.add(uint64_t{rs.size()} * (2 * sizeof(uint32_t) + 16) + uint64_t{n} * 4, kWhat))
      return;
    // support[i]: a shortest read showing positions 0..i.
    std::vector<uint32_t> by_length(rs.size());
    for (uint32_t r = 0; r < rs.size(); ++r) by_length[r] = r;
    std::stable_sort(by_length.begin(), by_length.end(),
                     [&](uint32_t a, uint32_t b) { return rs[a].list.size() < rs[b].list.size(); });
    std::vector<uint32_t> support(n, L.txn);
    for (size_t j = 0, p = 0; p < n; ++p) {
      while (j < by_length.size() && rs[by_length[j]].list.size() <= p) ++j;
      if (j < by_length.size()) support[p] = rs[by_length[j]].txn;
    }
    std::vector<Append*>& writer = at[k];
    for (uint32_t p = 0; p < n; ++p)
      if (!usable(writer[p]) || !t.txns[writer[p]->txn].in_graph) writer[p] = nullptr;
    for (uint32_t p = 0; p + 1 < n; ++p)
      if (writer[p] && writer[p + 1] && writer[p]->txn != writer[p + 1]->txn)
        if (!out.add_edge(RawEdge{writer[p]->txn, writer[p + 1]->txn, Edge::Kind::kWW, k,
                                  support[p + 1], kNone, le[p], le[p + 1]}))
          return;
    std::vector<uint32_t> full_readers;
    std::vector<std::pair<uint64_t, uint32_t>> overwrites;  // (version read, txn appending after)
    for (const Read& r : rs) {
      auto re = r.list.items();
      uint32_t m = static_cast<uint32_t>(re.size());
      // Strip the reader's own trailing appends: it read the version before.
      bool own_before = false;
      for (uint32_t mm = t.txns[r.txn].first; mm < r.mop; ++mm)
        own_before |= t.mops[mm].kind == MopKind::kAppend && t.mops[mm].key == k;
      while (own_before && m > 0) {
        Append* a = index.find(k, re[m - 1]);
        if (a == nullptr || a->txn != r.txn) break;
        --m;
      }
      // Future read: an element of this read is appended by the reader later.
      for (uint32_t mm = r.mop + 1; mm < t.txns[r.txn].first + t.txns[r.txn].count; ++mm) {
        const Mop& later = t.mops[mm];
        if (later.kind != MopKind::kAppend || later.key != k) continue;
        Append* a = index.find(k, later.value);
        if (a && a->pos != kNone && a->pos < re.size() && a->txn == r.txn)
          add_finding(out, Finding{Anomaly::kFutureRead, {r.txn}, k, {r.list, later.value}});
      }
      uint32_t prefix = m == re.size() ? kNone : m;  // the version: r.list[0, m)
      uint32_t own_last = last_append(t, r.txn, k);
      if (own_last != kNone && own_last > r.mop && m == re.size())
        overwrites.emplace_back(r.list.bits(), r.txn);
      if (m > 0 && writer[m - 1] && writer[m - 1]->txn != r.txn) {
        uint32_t w = writer[m - 1]->txn;
        if (!out.add_edge(RawEdge{w, r.txn, Edge::Kind::kWR, k, kNone, prefix, le[m - 1], r.list}))
          return;
        if (last_append(t, w, k) != writer[m - 1]->mop)
          add_finding(out, Finding{Anomaly::kG1b, {r.txn, w}, k, {le[m - 1]}});
      }
      if (m < n) {
        if (writer[m] && writer[m]->txn != r.txn)
          if (!out.add_edge(RawEdge{r.txn, writer[m]->txn, Edge::Kind::kRW, k, support[m], prefix,
                                    r.list, le[m]}))
            return;
      } else {
        full_readers.push_back(r.txn);
      }
    }
    std::sort(overwrites.begin(), overwrites.end());
    for (size_t i = 1; i < overwrites.size(); ++i)
      if (overwrites[i].first == overwrites[i - 1].first &&
          overwrites[i].second != overwrites[i - 1].second) {
        add_finding(out, Finding{Anomaly::kLostUpdate,
                                 {overwrites[i - 1].second, overwrites[i].second},
                                 k,
                                 {Value::from_bits(overwrites[i].first)}});
        break;
      }
    std::sort(full_readers.begin(), full_readers.end());
    full_readers.erase(std::unique(full_readers.begin(), full_readers.end()), full_readers.end());
    // Appends no read shows, by transactions in the graph.
    for (const Append& a : index.of(k)) {
      if (a.pos != kNone || a.ambiguous || !t.txns[a.txn].in_graph) continue;
      // The element comes after all of L: after L's last element's write.
      if (n > 0 && writer[n - 1] && writer[n - 1]->txn != a.txn)
        if (!out.add_edge(RawEdge{writer[n - 1]->txn, a.txn, Edge::Kind::kWW, k, L.txn, kNone,
                                  le[n - 1], Value::from_bits(a.element)}))
          return;
      for (uint32_t r : full_readers) {
        if (r == a.txn) continue;
        if (++unobserved_edges > unobserved_cap) {
          capped = true;
          break;
        }
        if (!out.add_edge(RawEdge{r, a.txn, Edge::Kind::kRW, k, kNone, kNone, L.list,
                                  Value::from_bits(a.element)}))
          return;
      }
    }
  }
  if (capped)
    out.notes.push_back(
        "rw edges from reads of a whole list to appends no read shows were capped; a cycle "
        "through such edges may be missed");
  (void)h;
}

}  // namespace ariadne::txn
