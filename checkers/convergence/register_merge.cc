// Registers (last writer wins) and counters: is each final state a legal
// merge of the updates; what was lost or recovered; latency.
//
// Invariants:
//   * Arbitration::kRealtime: a register's winners are the writes that did
//     not fail and that no acknowledged write follows in real time: ack >=
//     the latest start of an acknowledged write;
//   * Arbitration::kCausal: the winners are the writes that did not fail
//     and that happened before (Causality) no acknowledged write of
//     another value;
//   * counter bounds are computed in 128 bits: no delta sum overflows.
#include <algorithm>
#include <unordered_map>

#include "ariadne/report.h"
#include "convergence/threshold_latency.h"

namespace ariadne::convergence {

namespace {

std::string on(const Objects& objects, const Read& r) { return objects.replica_names[r.replica]; }

std::string to_text(__int128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
  std::string s;
  while (u > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return negative ? "-" + s : s;
}

}  // namespace

namespace {

// Arbitration::kCausal for one final state v: legal when some write of v
// that did not fail happened before no acknowledged write of another value
// (the initial value: when no write was acknowledged). Fills `lost` with
// the acknowledged writes the best candidate happened before, and the
// concurrent overwrites of the winner. Returns the candidate (or null).
const Update* causal_winner(const Object& obj, Value v, const Causality& causality, bool& legal,
                            std::vector<bool>& lost, ObjectOutcome& out) {
  const Update* best = nullptr;
  std::vector<uint32_t> best_losers;
  legal = false;
  for (const Update& w : obj.updates) {
    if (w.element != v) continue;
    const std::vector<uint32_t>& after = causality.after(w.op);
    std::vector<uint32_t> losers;
    for (uint32_t i = 0; i < obj.updates.size(); ++i) {
      const Update& u = obj.updates[i];
      if (!u.crashed && u.element != v && std::binary_search(after.begin(), after.end(), u.op))
        losers.push_back(i);
    }
    // Prefer a legal candidate, then the latest acknowledged; else fewest losers.
    bool better = !best || (losers.empty() && (!best_losers.empty() || w.ack >= best->ack)) ||
                  (!best_losers.empty() && losers.size() < best_losers.size());
    if (!better) continue;
    best = &w;
    best_losers = std::move(losers);
  }
  if (!best) return nullptr;
  legal = best_losers.empty();
  for (uint32_t i : best_losers) lost[i] = true;
  if (!legal || best->crashed) return best;
  for (const Update& u : obj.updates) {
    if (u.crashed || u.element == v || u.start <= best->ack) continue;
    ++out.concurrent_overwrites;
    out.overwrites.push_back({u.op, best->op, u.start - best->ack});
  }
  return best;
}

}  // namespace

void check_register(const Objects& objects, const Object& obj, const History& h, Value initial,
                    const Causality* causality, ObjectOutcome& out) {
  int64_t max_ok_start = INT64_MIN;
  bool any_ok = false;
  const Update* latest_ok = nullptr;
  std::unordered_map<Value, int64_t, ValueHash> max_ack;  // per value written
  for (const Update& u : obj.updates) {
    auto [it, fresh] = max_ack.try_emplace(u.element, u.ack);
    if (!fresh) it->second = std::max(it->second, u.ack);
    if (!u.crashed && (!any_ok || u.start > max_ok_start)) {
      max_ok_start = u.start;
      latest_ok = &u;
      any_ok = true;
    }
  }
  std::vector<FinalState> finals = final_states(objects, obj, h, out);
  std::vector<bool> lost(obj.updates.size(), false), recovered(obj.updates.size(), false);
  for (const FinalState& fs : finals) {
    const Read& witness = obj.reads[fs.reads.front()];
    Value v = fs.state;
    const Update* winner = nullptr;  // a write of v that may be last
    const Update* any_write = nullptr;
    bool acked_write = false;
    for (const Update& u : obj.updates) {
      if (u.element != v) continue;
      any_write = &u;
      if (!u.crashed) acked_write = true;
      if (u.ack >= max_ok_start && (!winner || winner->crashed)) winner = &u;
    }
    bool legal = winner != nullptr || (v == initial && !any_ok);
    std::vector<bool> lost_here(obj.updates.size(), false);
    if (causality && any_write) {
      winner = causal_winner(obj, v, *causality, legal, lost_here, out);
    } else if (!legal) {
      // Real time (or the initial value): every acknowledged write that may be last.
      for (uint32_t i = 0; i < obj.updates.size(); ++i)
        lost_here[i] = !obj.updates[i].crashed && obj.updates[i].ack >= max_ok_start;
    }
    for (uint32_t i = 0; i < obj.updates.size(); ++i)
      if (obj.updates[i].element == v && obj.updates[i].crashed && !acked_write)
        recovered[i] = true;
    if (legal) continue;
    std::string why = "the final read on " + on(objects, witness) + " (" +
                      describe_op(h, witness.op) + ") returns " + bounded_edn(v);
    std::vector<uint32_t> ops{witness.op};
    FindingKind kind = FindingKind::kLost;
    if (any_write == nullptr && v != initial) {
      kind = FindingKind::kUnexpected;
      why += ", which no write wrote";
    } else {
      const Update* shown = winner ? winner : any_write;
      if (shown) ops.push_back(shown->op);
      why +=
          shown ? ", written by " + describe_op(h, shown->op) : std::string(", the initial value");
      why += causality && shown ? ",\n  but these acknowledged writes happened after it (process "
                                  "order and reads-from) and are lost:"
                                : ",\n  but these acknowledged writes follow it and are lost:";
      for (uint32_t i = 0; i < obj.updates.size(); ++i) {
        if (!lost_here[i]) continue;
        lost[i] = true;
        ops.push_back(obj.updates[i].op);
        why += "\n  " + describe_op(h, obj.updates[i].op);
      }
      if (latest_ok && !causality) ops.push_back(latest_ok->op);
    }
    Finding f = make_finding(obj, kind, why, ops);
    f.replicas = {on(objects, witness)};
    f.elements = {v};
    out.findings.push_back(std::move(f));
  }
  for (uint32_t i = 0; i < obj.updates.size(); ++i) {
    if (lost[i]) out.lost.push_back(obj.updates[i].op);
    if (recovered[i]) out.recovered.push_back(obj.updates[i].op);
  }

  // A read reflects write w when it returns the value of a write that does
  // not precede w: the latest end among writes of that value >= w's start.
  ThresholdReads reads(objects, obj, [&](const Read& r) {
    auto it = max_ack.find(r.value);
    return it == max_ack.end() ? INT64_MIN : it->second;
  });
  std::unordered_map<Value, bool, ValueHash> read_values;
  for (const Read& r : obj.reads) read_values[r.value] = true;
  std::vector<ReplicaStability> per;
  for (const Update& u : obj.updates) {
    if (u.crashed) {
      if (!read_values.count(u.element)) out.never_read.push_back(u.op);
      continue;
    }
    reads.stability(u.ack, u.start, per);
    record_update(u, per, out);
  }
}

void check_counter(const Objects& objects, const Object& obj, const History& h, Value initial,
                   ObjectOutcome& out) {
  __int128 base = initial.is_int() ? initial.as_int() : 0;
  __int128 lower = base, upper = base;
  bool negative = false;
  std::vector<uint32_t> acked;  // indices into updates, by acknowledgement
  for (uint32_t i = 0; i < obj.updates.size(); ++i) {
    const Update& u = obj.updates[i];
    if (u.delta < 0) negative = true;
    if (!u.crashed) {
      lower += u.delta;
      upper += u.delta;
      acked.push_back(i);
    } else {
      (u.delta < 0 ? lower : upper) += u.delta;
    }
  }
  std::vector<FinalState> finals = final_states(objects, obj, h, out);
  for (const FinalState& fs : finals) {
    const Read& witness = obj.reads[fs.reads.front()];
    __int128 v = fs.state.as_int();
    if (v >= lower && v <= upper) continue;
    std::vector<uint32_t> ops{witness.op};
    bool low = v < lower;
    for (const Update& u : obj.updates)
      if (low ? (!u.crashed || u.delta < 0) : (!u.crashed || u.delta > 0)) ops.push_back(u.op);
    std::string why = "the final read on " + on(objects, witness) + " (" +
                      describe_op(h, witness.op) + ") returns " + to_text(v) + ", but ";
    if (low) {
      why += "the acknowledged increments (and the crashed decrements) make at least " +
             to_text(lower) + ": " + to_text(lower - v) + " lost";
      for (const Update& u : obj.updates)
        if (!u.crashed && u.delta > 0) out.lost.push_back(u.op);
    } else {
      why += "every increment not known to have failed makes at most " + to_text(upper) + ": " +
             to_text(v - upper) + " too many";
    }
    Finding f = make_finding(obj, low ? FindingKind::kLost : FindingKind::kUnexpected, why, ops);
    f.replicas = {on(objects, witness)};
    f.elements = {fs.state};
    out.findings.push_back(std::move(f));
  }
  std::sort(out.lost.begin(), out.lost.end());
  out.lost.erase(std::unique(out.lost.begin(), out.lost.end()), out.lost.end());

  if (negative) {
    out.latency_note = "counter latency is not computed when some delta is negative";
    return;
  }
  // A read reflects increment u once it reaches everything acknowledged by
  // u's acknowledgement.
  std::stable_sort(acked.begin(), acked.end(),
                   [&](uint32_t a, uint32_t b) { return obj.updates[a].ack < obj.updates[b].ack; });
  ThresholdReads reads(objects, obj, [](const Read& r) { return r.value.as_int(); });
  std::vector<ReplicaStability> per;
  __int128 sum = base;
  for (size_t k = 0; k < acked.size();) {
    size_t end = k;
    int64_t ack = obj.updates[acked[k]].ack;
    while (end < acked.size() && obj.updates[acked[end]].ack == ack)
      sum += obj.updates[acked[end++]].delta;
    int64_t need = sum > INT64_MAX ? INT64_MAX : static_cast<int64_t>(sum);
    for (; k < end; ++k) {
      reads.stability(ack, need, per);
      record_update(obj.updates[acked[k]], per, out);
    }
  }
  for (const Update& u : obj.updates)
    if (u.crashed) out.never_read.push_back(u.op);
}

}  // namespace ariadne::convergence
