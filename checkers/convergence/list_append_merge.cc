// List-append: is each final list a legal merge of the appends; which
// appends were lost, recovered, duplicated or never read; when each became
// stable on each replica.
//
// Invariants:
//   * an element may be held by a read at most as often as it was appended
//     by ops that did not fail; a final list holds it at least as often as
//     acknowledged appends wrote it (a crashed append that some read saw
//     took effect, so it counts as acknowledged for the final lists);
//   * order is judged only on elements held once by the final list: a read
//     agrees with it when their positions there rise along the read, which
//     fails exactly when some pair the read holds in one order the final
//     list holds in the other; the first falling step names such a pair;
//   * containing[x] lists the reads holding x sorted by (replica, read
//     index); latency walks stop at the first read that lacks the element.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "ariadne/report.h"
#include "convergence/list_append.h"

namespace ariadne::convergence {

namespace {

constexpr size_t kListed = 10;    // ops or elements spelled out per finding
constexpr size_t kKept = 100;     // elements a finding keeps (its JSON lists them)
constexpr size_t kOpChars = 160;  // an op's description, cut

using ValueMap = std::unordered_map<Value, uint32_t, ValueHash>;

std::string times(uint32_t n) {
  return n == 1 ? "once" : n == 2 ? "twice" : std::to_string(n) + " times";
}

// Elements of a list in order of first appearance, with their counts.
// Sorting the words instead of hashing keeps a read free of allocations
// once the buffers have grown.
struct Tally {
  std::vector<std::pair<Value, uint32_t>> distinct;
  void of(Value list) {
    auto items = list.items();
    sorted_.clear();
    for (uint32_t i = 0; i < items.size(); ++i) sorted_.push_back({items[i].bits(), i});
    std::sort(sorted_.begin(), sorted_.end());
    // (first position, count) per distinct element, then by first position.
    firsts_.clear();
    for (size_t k = 0; k < sorted_.size(); ++k)
      if (k > 0 && sorted_[k].first == sorted_[k - 1].first)
        ++firsts_.back().second;
      else
        firsts_.push_back({sorted_[k].second, 1});
    std::sort(firsts_.begin(), firsts_.end());
    distinct.clear();
    for (auto [at, n] : firsts_) distinct.push_back({items[at], n});
  }
  uint32_t count(Value v) const {
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::make_pair(v.bits(), 0u));
    uint32_t n = 0;
    for (; it != sorted_.end() && it->first == v.bits(); ++it) ++n;
    return n;
  }

 private:
  std::vector<std::pair<uint64_t, uint32_t>> sorted_;  // (word, position)
  std::vector<std::pair<uint32_t, uint32_t>> firsts_;
};

struct Appended {
  uint32_t acked = 0, possible = 0;  // possible: appends that did not fail
  std::vector<uint32_t> updates;     // indices into Object::updates
};

// `[... a b c ...]` around index i of a list, each element cut.
std::string window(Value list, size_t i) {
  auto items = list.items();
  size_t lo = i >= 2 ? i - 2 : 0, hi = std::min(items.size(), i + 3);
  std::string out = lo > 0 ? "[... " : "[";
  for (size_t k = lo; k < hi; ++k) out += (k > lo ? " " : "") + bounded_edn(items[k]);
  return out + (hi < items.size() ? " ...]" : "]");
}

std::string names(const Objects& objects, const Object& obj, const std::vector<uint32_t>& reads) {
  std::set<std::string> sorted;
  for (uint32_t ri : reads) sorted.insert(objects.replica_names[obj.reads[ri].replica]);
  std::string out;
  for (const std::string& n : sorted) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Rewrites final_states' divergence finding for lists: bounded, with the
// first index where the final lists differ and what each holds there.
void explain_divergence(const Objects& objects, const Object& obj, const History& h,
                        const std::vector<FinalState>& finals, Finding& f) {
  size_t i = 0;
  for (;; ++i) {
    auto first = finals[0].state.items();
    bool same = i < first.size();
    for (const FinalState& fs : finals) {
      auto items = fs.state.items();
      if (i >= items.size() || (same && items[i] != first[i])) same = false;
    }
    if (!same) break;
  }
  f.index = static_cast<int64_t>(i);
  f.elements.clear();
  std::string what = obj.keyed ? "key " + bounded_edn(obj.key) : std::string("the list");
  f.explanation = "the final reads of " + what + " disagree from index " + std::to_string(i) + ":";
  for (const FinalState& fs : finals) {
    auto items = fs.state.items();
    f.explanation += "\n  " + names(objects, obj, fs.reads) + " read " + window(fs.state, i) +
                     " (" + std::to_string(items.size()) +
                     (items.size() == 1 ? " element; " : " elements; ") +
                     op_words(h, obj.reads[fs.reads.front()].op) + "): ";
    if (i < items.size()) {
      f.explanation += bounded_edn(items[i]) + " at index " + std::to_string(i);
      if (std::find(f.elements.begin(), f.elements.end(), items[i]) == f.elements.end())
        f.elements.push_back(items[i]);
    } else {
      f.explanation += "the list ends";
    }
  }
}

}  // namespace

std::string op_words(const History& h, uint32_t op) {
  std::string words = describe_op(h, op);
  size_t lines = words.rfind(" [line ");
  if (words.size() <= kOpChars || lines == std::string::npos) return bounded(words, kOpChars);
  return bounded(words.substr(0, lines), kOpChars) + words.substr(lines);
}

void check_list_append(const Objects& objects, const Object& obj, const History& h,
                       ObjectOutcome& out) {
  auto on = [&](const Read& r) { return objects.replica_names[r.replica]; };
  std::unordered_map<Value, Appended, ValueHash> appended;
  for (uint32_t i = 0; i < obj.updates.size(); ++i) {
    Appended& a = appended[obj.updates[i].element];
    ++a.possible;
    if (!obj.updates[i].crashed) ++a.acked;
    a.updates.push_back(i);
  }

  // Every read: elements never appended, elements held too often.
  std::unordered_map<Value, std::vector<uint32_t>, ValueHash> containing;
  std::vector<std::pair<Value, uint32_t>> garbage;  // element, first read holding it
  std::vector<bool> duplicating(obj.reads.size(), false);
  Tally tally;
  for (uint32_t ri = 0; ri < obj.reads.size(); ++ri) {
    const Read& r = obj.reads[ri];
    tally.of(r.value);
    std::string twice;
    std::vector<Value> elements;
    for (const auto& [x, n] : tally.distinct) {
      std::vector<uint32_t>& holding = containing[x];
      if (holding.empty() && !appended.count(x)) garbage.push_back({x, ri});
      holding.push_back(ri);
      auto a = appended.find(x);
      if (a == appended.end() || n <= a->second.possible) continue;
      if (elements.size() < kListed)
        twice +=
            "\n  " + bounded_edn(x) + " " + times(n) + ", appended " + times(a->second.possible);
      elements.push_back(x);
    }
    if (elements.empty()) continue;
    duplicating[ri] = true;
    out.duplicated.push_back(r.op);
    std::string why = "a read on " + on(r) + " (" + op_words(h, r.op) +
                      ") holds elements more often than they were appended:" + twice;
    if (elements.size() > kListed) why += "\n  ... " + std::to_string(elements.size() - kListed);
    Finding f = make_finding(obj, FindingKind::kDuplicate, why, {r.op});
    f.replicas = {on(r)};
    f.elements = std::move(elements);
    if (f.elements.size() > kKept) f.elements.resize(kKept);
    out.findings.push_back(std::move(f));
  }
  if (!garbage.empty()) {
    std::string why = "reads hold elements that no append wrote (failed appends do not count):";
    std::vector<uint32_t> ops;
    std::vector<Value> elements;
    std::set<std::string> replicas;
    for (size_t k = 0; k < garbage.size(); ++k) {
      const Read& r = obj.reads[garbage[k].second];
      if (k < kListed)
        why += "\n  " + bounded_edn(garbage[k].first) + ", first in a read on " + on(r) + " (" +
               op_words(h, r.op) + ")";
      ops.push_back(r.op);
      replicas.insert(on(r));
      if (k < kKept) elements.push_back(garbage[k].first);
    }
    if (garbage.size() > kListed) why += "\n  ... " + std::to_string(garbage.size() - kListed);
    Finding f = make_finding(obj, FindingKind::kUnexpected, why, ops);
    f.elements = std::move(elements);
    f.replicas.assign(replicas.begin(), replicas.end());
    out.findings.push_back(std::move(f));
  }

  std::vector<FinalState> finals = final_states(objects, obj, h, out);
  if (finals.size() > 1)
    for (auto it = out.findings.rbegin(); it != out.findings.rend(); ++it)
      if (it->kind == FindingKind::kDivergent) {
        explain_divergence(objects, obj, h, finals, *it);
        break;
      }

  // state_of[ri]: 1 + the final state read ri returned, 0 for a read that is not final.
  std::vector<uint32_t> state_of(obj.reads.size(), 0);
  for (uint32_t k = 0; k < finals.size(); ++k)
    for (uint32_t ri : finals[k].reads) state_of[ri] = k + 1;
  std::vector<bool> lost(obj.updates.size(), false), recovered(obj.updates.size(), false);
  for (uint32_t k = 0; k < finals.size(); ++k) {
    const FinalState& fs = finals[k];
    const Read& witness = obj.reads[fs.reads.front()];
    std::string where = "the final read on " + on(witness) + " (" + op_words(h, witness.op) + ")";
    tally.of(fs.state);

    // Lost: held less often than acknowledged, or a crashed append some read saw.
    std::string why = where + " lacks appended elements:";
    std::vector<uint32_t> ops{witness.op};
    std::vector<Value> missing;
    std::set<Value> judged;
    for (const Update& u : obj.updates) {
      if (!judged.insert(u.element).second) continue;
      const Appended& a = appended[u.element];
      uint32_t have = tally.count(u.element);
      bool seen = containing.count(u.element) != 0;
      for (uint32_t ui : a.updates)
        if (obj.updates[ui].crashed && a.acked == 0 && have > 0) recovered[ui] = true;
      if (have >= a.acked && (a.acked > 0 || have > 0 || !seen)) continue;
      missing.push_back(u.element);
      if (missing.size() <= kListed)
        why += "\n  " + bounded_edn(u.element) +
               (have == 0 ? ", absent"
                          : ", held " + times(have) + " but acknowledged " + times(a.acked));
      for (uint32_t ui : a.updates) {
        const Update& w = obj.updates[ui];
        if (w.crashed && a.acked > 0) continue;
        lost[ui] = true;
        ops.push_back(w.op);
        if (missing.size() <= kListed)
          why +=
              "\n    appended by " + op_words(h, w.op) + (w.crashed ? ", yet a read saw it" : "");
      }
    }
    if (!missing.empty()) {
      if (missing.size() > kListed) why += "\n  ... " + std::to_string(missing.size() - kListed);
      Finding f = make_finding(obj, FindingKind::kLost, why, ops);
      f.replicas = {on(witness)};
      f.elements = std::move(missing);
      if (f.elements.size() > kKept) f.elements.resize(kKept);
      out.findings.push_back(std::move(f));
    }

    // Order: positions in the final list of elements it holds once.
    ValueMap pos;
    auto items = fs.state.items();
    for (uint32_t k = 0; k < items.size(); ++k)
      if (tally.count(items[k]) == 1) pos[items[k]] = k;
    size_t disagree = 0;
    const Read* first = nullptr;
    Value before, after;
    for (uint32_t ri = 0; ri < obj.reads.size(); ++ri) {
      // Duplicating reads are reported as such; a final list is compared
      // with those of later states only, so each disagreeing pair once.
      if (duplicating[ri] || (state_of[ri] != 0 && state_of[ri] <= k + 1)) continue;
      const Read& r = obj.reads[ri];
      int64_t prev = -1;
      Value prev_x;
      for (Value x : r.value.items()) {
        auto p = pos.find(x);
        if (p == pos.end()) continue;
        if (static_cast<int64_t>(p->second) < prev) {
          if (disagree++ == 0) {
            first = &r;
            before = prev_x;
            after = x;
          }
          break;
        }
        prev = p->second;
        prev_x = x;
      }
    }
    if (first != nullptr) {
      std::string why2 = "a read on " + on(*first) + " (" + op_words(h, first->op) + ") has " +
                         bounded_edn(before) + " before " + bounded_edn(after) + ", but " + where +
                         " has " + bounded_edn(after) + " before " + bounded_edn(before) +
                         "; an appended element never moves";
      if (disagree > 1)
        why2 += "\n  " + std::to_string(disagree) + " reads disagree with that final list";
      Finding f = make_finding(obj, FindingKind::kReordered, why2, {first->op, witness.op});
      std::set<std::string> replicas{on(*first), on(witness)};
      f.replicas.assign(replicas.begin(), replicas.end());
      f.elements = {before, after};
      out.findings.push_back(std::move(f));
    }
  }
  for (uint32_t i = 0; i < obj.updates.size(); ++i) {
    if (lost[i]) out.lost.push_back(obj.updates[i].op);
    if (recovered[i]) out.recovered.push_back(obj.updates[i].op);
  }
  std::sort(out.lost.begin(), out.lost.end());
  out.lost.erase(std::unique(out.lost.begin(), out.lost.end()), out.lost.end());
  std::sort(out.recovered.begin(), out.recovered.end());
  out.recovered.erase(std::unique(out.recovered.begin(), out.recovered.end()), out.recovered.end());

  // Latency: per acknowledged append and replica, walk that replica's reads
  // back from its last one while they hold the element.
  for (auto& [x, list] : containing)
    std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return obj.reads[a].replica < obj.reads[b].replica;
    });
  auto by_replica = reads_by_replica(objects, obj);
  std::vector<ReplicaStability> per(objects.replica_names.size());
  static const std::vector<uint32_t> kNone;
  for (const Update& u : obj.updates) {
    auto held = containing.find(u.element);
    const std::vector<uint32_t>& holding = held == containing.end() ? kNone : held->second;
    if (u.crashed) {
      if (holding.empty()) out.never_read.push_back(u.op);
      continue;
    }
    for (uint32_t rep = 0; rep < per.size(); ++rep) {
      const std::vector<uint32_t>& mine = by_replica[rep];
      per[rep] = {};
      auto lo = std::lower_bound(holding.begin(), holding.end(), rep, [&](uint32_t ri, uint32_t r) {
        return obj.reads[ri].replica < r;
      });
      auto hi = std::upper_bound(lo, holding.end(), rep, [&](uint32_t r, uint32_t ri) {
        return r < obj.reads[ri].replica;
      });
      auto after_ack =
          std::upper_bound(mine.begin(), mine.end(), u.ack,
                           [&](int64_t t, uint32_t ri) { return t < obj.reads[ri].start; });
      if (after_ack == mine.end()) continue;  // kNoRead
      // Walk back over the trailing reads that hold the element.
      auto j = mine.end();
      auto q = hi;
      while (j != after_ack && q != lo && *(q - 1) == *(j - 1)) {
        --q;
        --j;
      }
      if (j == mine.end())
        per[rep] = {ReplicaStability::kUnstable, 0};
      else if (j == after_ack)
        per[rep] = {ReplicaStability::kStable, 0};
      else
        per[rep] = {ReplicaStability::kStable, obj.reads[*j].start - u.ack};
    }
    record_update(u, per, out);
  }
}

}  // namespace ariadne::convergence
