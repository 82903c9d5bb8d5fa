// Sets: is each final state a legal merge of the adds and removes; which
// adds were lost, recovered, duplicated or never read; when each add and
// remove became stable on each replica.
//
// Invariants:
//   * per element, only aggregates of its adds and removes decide legality
//     (see ElementOps); they are exact for the rules of ariadne/convergence.h
//     because each rule compares one op against the latest of the others;
//   * containing[x] lists the reads holding x sorted by (replica, read
//     index); every walk over it stops at the first read that does not
//     reflect the update, so latency costs at most the total size of the
//     reads plus one step per (update, replica).
#include <algorithm>
#include <unordered_map>

#include "ariadne/report.h"
#include "convergence/outcome.h"

namespace ariadne::convergence {

namespace {

constexpr int64_t kBefore = INT64_MIN;  // the initial elements' "time"

struct ElementOps {
  bool added = false, acked_add = false, removed = false;
  bool initial = false;
  int64_t max_add_ack = kBefore;          // adds that did not fail (crashed: never ends)
  int64_t max_ok_add_start = kBefore;     // acknowledged adds
  int64_t max_remove_ack = kBefore;       // removes that did not fail
  int64_t max_ok_remove_start = kBefore;  // acknowledged removes
  std::vector<uint32_t> updates;          // indices into Object::updates
};

struct Verdict {
  bool legal;
  FindingKind kind;
};

Verdict present_legal(const ElementOps& e, SetSemantics s) {
  if (!e.added) return {false, FindingKind::kUnexpected};
  if (s == SetSemantics::kAddWins) return {true, FindingKind::kIllegalMerge};
  // Some add may follow every acknowledged remove.
  return {e.max_add_ack >= e.max_ok_remove_start, FindingKind::kIllegalMerge};
}

bool absent_legal(const ElementOps& e, SetSemantics s) {
  if (!e.acked_add) return true;
  if (s == SetSemantics::kRemoveWins) return e.removed;
  // Every acknowledged add may have been seen by (add-wins), or come
  // before (lww), some remove.
  return e.removed && e.max_ok_add_start <= e.max_remove_ack;
}

std::string semantics_words(SetSemantics s) {
  return std::string(set_semantics_name(s)) + " semantics";
}

}  // namespace

void check_set(const Objects& objects, const Object& obj, const History& h, SetSemantics semantics,
               Value initial, ObjectOutcome& out) {
  std::unordered_map<Value, ElementOps, ValueHash> elements;
  if (initial.kind() == Kind::kVector || initial.kind() == Kind::kSet)
    for (Value v : initial.items()) {
      ElementOps& e = elements[v];
      e.added = e.acked_add = e.initial = true;
    }
  for (uint32_t i = 0; i < obj.updates.size(); ++i) {
    const Update& u = obj.updates[i];
    ElementOps& e = elements[u.element];
    e.updates.push_back(i);
    if (u.remove) {
      e.removed = true;
      e.max_remove_ack = std::max(e.max_remove_ack, u.ack);
      if (!u.crashed) e.max_ok_remove_start = std::max(e.max_ok_remove_start, u.start);
    } else {
      e.added = true;
      e.max_add_ack = std::max(e.max_add_ack, u.ack);
      if (!u.crashed) {
        e.acked_add = true;
        e.max_ok_add_start = std::max(e.max_ok_add_start, u.start);
      }
    }
  }

  // Reads: duplicates, and which reads hold each element.
  std::unordered_map<Value, std::vector<uint32_t>, ValueHash> containing;
  std::vector<uint64_t> bits;
  for (uint32_t i = 0; i < obj.reads.size(); ++i) {
    const Read& r = obj.reads[i];
    bits.clear();
    for (Value v : r.value.items()) bits.push_back(v.bits());
    std::sort(bits.begin(), bits.end());
    std::vector<Value> twice;
    for (size_t k = 0; k < bits.size(); ++k) {
      bool repeat = k > 0 && bits[k] == bits[k - 1];
      if (repeat && (twice.empty() || twice.back().bits() != bits[k]))
        twice.push_back(Value::from_bits(bits[k]));
      if (!repeat) containing[Value::from_bits(bits[k])].push_back(i);
    }
    if (!twice.empty()) {
      out.duplicated.push_back(r.op);
      std::string why = "a read on " + objects.replica_names[r.replica] + " returns";
      for (Value v : twice) why += " " + bounded_edn(v);
      why += twice.size() == 1 ? " more than once" : " each more than once";
      why += " (" + describe_op(h, r.op) + "); a set holds each element once";
      Finding f = make_finding(obj, FindingKind::kDuplicate, why, {r.op});
      f.replicas = {objects.replica_names[r.replica]};
      f.elements = std::move(twice);
      out.findings.push_back(std::move(f));
    }
  }
  for (auto& [x, list] : containing)
    std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return obj.reads[a].replica < obj.reads[b].replica;
    });

  // Legality of each distinct final state.
  std::vector<FinalState> finals = final_states(objects, obj, h, out);
  std::vector<bool> lost(obj.updates.size(), false), recovered(obj.updates.size(), false);
  for (const FinalState& fs : finals) {
    const Read& witness = obj.reads[fs.reads.front()];
    std::string who = objects.replica_names[witness.replica];
    std::vector<Value> present(fs.state.items().begin(), fs.state.items().end());
    for (Value x : present) {
      auto it = elements.find(x);
      static const ElementOps kNever;
      const ElementOps& e = it == elements.end() ? kNever : it->second;
      Verdict v = present_legal(e, semantics);
      for (uint32_t ui : e.updates)
        if (!obj.updates[ui].remove && obj.updates[ui].crashed && !e.acked_add)
          recovered[ui] = true;
      if (v.legal) continue;
      std::vector<uint32_t> ops{witness.op};
      std::string why = "the final read on " + who + " (" + describe_op(h, witness.op) +
                        ") holds " + bounded_edn(x);
      if (v.kind == FindingKind::kUnexpected) {
        why += ", which was never added";
      } else {
        why += ", which an acknowledged remove follows under " + semantics_words(semantics);
        for (uint32_t ui : e.updates) ops.push_back(obj.updates[ui].op);
      }
      Finding f = make_finding(obj, v.kind, why, ops);
      f.replicas = {who};
      f.elements = {x};
      out.findings.push_back(std::move(f));
    }
    for (auto& [x, e] : elements) {
      if (std::binary_search(present.begin(), present.end(), x) || absent_legal(e, semantics))
        continue;
      std::vector<uint32_t> ops{witness.op};
      std::string adds;
      for (uint32_t ui : e.updates) {
        const Update& u = obj.updates[ui];
        if (u.remove || u.crashed) continue;
        // The acknowledged adds no remove explains.
        if (semantics == SetSemantics::kRemoveWins ? e.removed : u.start <= e.max_remove_ack)
          continue;
        lost[ui] = true;
        ops.push_back(u.op);
        adds += "\n  " + describe_op(h, u.op);
      }
      std::string why = "the final read on " + who + " (" + describe_op(h, witness.op) +
                        ") lacks " + bounded_edn(x) + ", acknowledged by";
      why += e.initial && adds.empty() ? " the initial value" : adds;
      why += e.removed ? "\n  and no remove of it explains that under " + semantics_words(semantics)
                       : "\n  and never removed";
      Finding f = make_finding(obj, FindingKind::kLost, why, ops);
      f.replicas = {who};
      f.elements = {x};
      out.findings.push_back(std::move(f));
    }
  }
  for (uint32_t i = 0; i < obj.updates.size(); ++i) {
    if (lost[i]) out.lost.push_back(obj.updates[i].op);
    if (recovered[i]) out.recovered.push_back(obj.updates[i].op);
  }

  // Latency: per acknowledged update and replica, walk that replica's reads
  // back from its last one while they reflect the update.
  auto by_replica = reads_by_replica(objects, obj);
  std::vector<ReplicaStability> per(objects.replica_names.size());
  static const std::vector<uint32_t> kNone;
  for (const Update& u : obj.updates) {
    auto cit = containing.find(u.element);
    const std::vector<uint32_t>& holding = cit == containing.end() ? kNone : cit->second;
    if (u.crashed) {
      if (holding.empty() && !u.remove) out.never_read.push_back(u.op);
      continue;
    }
    for (uint32_t rep = 0; rep < per.size(); ++rep) {
      const std::vector<uint32_t>& mine = by_replica[rep];
      ReplicaStability& s = per[rep];
      s = {};
      // Reads of `rep` holding the element, ascending.
      auto lo = std::lower_bound(holding.begin(), holding.end(), rep, [&](uint32_t ri, uint32_t r) {
        return obj.reads[ri].replica < r;
      });
      auto hi = std::upper_bound(lo, holding.end(), rep, [&](uint32_t r, uint32_t ri) {
        return r < obj.reads[ri].replica;
      });
      // First read of `rep` invoked after the acknowledgement.
      auto after = std::upper_bound(mine.begin(), mine.end(), u.ack, [&](int64_t t, uint32_t ri) {
        return t < obj.reads[ri].start;
      });
      if (after == mine.end()) continue;  // kNoRead
      if (u.remove) {
        // Unstable while the last read holds it; else stable after the last one that does.
        auto last_holding = hi == lo ? mine.end() : std::lower_bound(after, mine.end(), *(hi - 1));
        if (last_holding == mine.end() || *last_holding != *(hi - 1)) {
          s = {ReplicaStability::kStable, 0};
        } else if (last_holding + 1 == mine.end()) {
          s = {ReplicaStability::kUnstable, 0};
        } else {
          s = {ReplicaStability::kStable, obj.reads[*(last_holding + 1)].start - u.ack};
        }
        continue;
      }
      auto j = mine.end();
      auto q = hi;
      int64_t earliest = 0;
      bool reflected = false;
      s.state = ReplicaStability::kStable;
      while (j != after) {
        uint32_t ri = *(j - 1);
        if (q != lo && *(q - 1) == ri) {
          reflected = true;
          earliest = obj.reads[ri].start;
          --q;
          --j;
          continue;
        }
        s = reflected ? ReplicaStability{ReplicaStability::kStable, earliest - u.ack}
                      : ReplicaStability{ReplicaStability::kUnstable, 0};
        break;
      }
    }
    record_update(u, per, out);
  }
}

}  // namespace ariadne::convergence
