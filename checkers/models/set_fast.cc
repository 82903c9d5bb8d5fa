// The fast procedure of set (add x, remove x, read -> every element) when
// every value is added at most once, removed at most once and not in the
// initial set if added (else it declines, naming the value). Reads of
// values never added, and reads that show a value twice, are invalid first.
//  0. when no element is ever removed: the exact decision of
//     set_grow_fast.cc, which never declines;
//  1. else a greedy sweep over real time builds a linearization, placing
//     each op after its call and by its return and applying the set as it
//     goes; built means valid. Choices: a read that matches the current set
//     goes at once; an add or remove goes only when it must: at its
//     return, or when a read returns and needs it. A remove whose value a
//     read shows that begins after the remove returned goes first, as a
//     no-op. A remove that returns before its value's add goes as a no-op
//     when some read not yet placed shows the value, unless those reads
//     are all open and match the set with the value: then the add, those
//     reads and the remove go. Before an add or remove spoils an open read,
//     that read goes first if a few begun ops make it match (try_place);
//  2. if the sweep gets stuck on a read, violations it can prove about that
//     read (stuck());
//  3. otherwise it declines, and the search decides. No exact polynomial
//     procedure is known to us for sets with removes and whole-set reads
//     (docs/fast-paths.md says why).
// Crashed adds and removes go only when a read needs them; crashed reads
// were dropped. O(n log n + the total size of the reads, times the reads
// open at once for each change).
#include <algorithm>
#include <unordered_map>

#include "ariadne/report.h"
#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/set_fast.h"

namespace ariadne::models {

namespace {

using collection::kNone;
using collection::kOpen;

constexpr const char* kName = "set: unique adds (greedy sweep)";
constexpr const char* kGrowing = "set: unique adds, none removed (exact)";

struct Elem {
  int32_t add = kNone, remove = kNone;  // ops; an initial element has no add
  bool initial = false;
  bool present = false, added = false;
  bool removed = false;                 // by its remove, after it was added
  uint32_t unplaced_reads = 0;          // reads that show it, not yet placed
  int64_t last_shown_call = INT64_MIN;  // the latest call of a read that shows it
  int32_t slot = kNone;                 // position in Set::present_
};

class Set {
 public:
  explicit Set(const FastInput& in) : in_(in) {}

  FastResult run() {
    if (auto done = collection::stopped(in_)) return *done;
    if (collection::several_slots(in_))
      return collection::declined(kName, "the partition holds several keys");
    if (!collection::doubled_times(in_, s_, e_))
      return collection::declined(kName, "a time is beyond +-2^61 ns");
    if (auto done = index()) return *done;
    if (std::none_of(elems_.begin(), elems_.end(), [](const Elem& x) { return x.remove != kNone; }))
      return growing();
    size_t n = in_.ops.size();
    started_.assign(n, false);
    placed_.assign(n, false);
    for (size_t v = 0; v < elems_.size(); ++v)
      if (elems_[v].initial) show(static_cast<int32_t>(v));
    std::vector<std::pair<int64_t, int32_t>>& events = events_;
    for (size_t i = 0; i < n; ++i) {
      events.push_back({s_[i], static_cast<int32_t>(i)});
      if (!in_.ops[i].crashed) events.push_back({e_[i], ~static_cast<int32_t>(i)});
    }
    std::sort(events.begin(), events.end());
    for (; now_ < events.size(); ++now_) {
      auto [t, code] = events[now_];
      if (((now_ + 1) & 0xffff) == 0 && in_.budget.reason()) {
        FastResult r;
        r.verdict = FastVerdict::kUnknown;
        r.reason = in_.budget.reason();
        return r;
      }
      if (code >= 0) {
        call(code);
      } else if (!placed_[~code] && !force(~code)) {
        return stuck(~code);
      }
      settle();
    }
    return collection::valid(kName);
  }

 private:
  const lin::PreparedOp& op(int32_t k) const { return in_.ops[k]; }

  // No element is ever removed: the exact decision of set_grow_fast.cc.
  FastResult growing() {
    set::Indexed x;
    x.s = std::move(s_);
    x.e = std::move(e_);
    for (const Elem& el : elems_) x.add.push_back(el.add);
    x.shows = std::move(shows_);
    for (size_t i = 0; i < in_.ops.size(); ++i)
      if (op(i).code == kSetRead) x.reads.push_back(static_cast<int32_t>(i));
    return set::decide_growing(in_, x, kGrowing);
  }

  std::optional<FastResult> index() {
    std::vector<std::pair<uint64_t, int32_t>> by_value;  // (bits, op), initial: op kNone
    Value init = in_.options.initial;
    if (init.kind() == Kind::kVector || init.kind() == Kind::kSet)
      for (Value v : init.items()) by_value.push_back({v.bits(), kNone});
    for (size_t i = 0; i < in_.ops.size(); ++i)
      if (op(i).code != kSetRead) by_value.push_back({op(i).a.bits(), static_cast<int32_t>(i)});
    std::sort(by_value.begin(), by_value.end());
    elem_of_op_.assign(in_.ops.size(), kNone);
    for (size_t a = 0; a < by_value.size();) {
      Elem el;
      size_t b = a;
      std::vector<int32_t> removes;
      for (; b < by_value.size() && by_value[b].first == by_value[a].first; ++b) {
        int32_t k = by_value[b].second;
        if (k == kNone) {
          el.initial = true;  // an initial element listed twice is one
        } else if (op(k).code == kSetAdd) {
          if (el.add != kNone)
            return collection::declined(
                kName, "value " + bounded_edn(op(k).a) + " is added more than once");
          el.add = k;
        } else {
          removes.push_back(k);
        }
      }
      if (el.initial && el.add != kNone)
        return collection::declined(
            kName, "value " + bounded_edn(op(el.add).a) + " is in the initial set and added");
      if (el.add == kNone && !el.initial) {  // removes of a value never there change nothing
        a = b;
        continue;
      }
      if (removes.size() > 1)
        return collection::declined(
            kName, "value " + bounded_edn(op(removes[0]).a) + " is removed more than once");
      if (!removes.empty()) el.remove = removes[0];
      auto id = static_cast<int32_t>(elems_.size());
      if (el.add != kNone) elem_of_op_[el.add] = id;
      if (el.remove != kNone) elem_of_op_[el.remove] = id;
      elem_by_bits_.emplace(by_value[a].first, static_cast<int32_t>(elems_.size()));
      elems_.push_back(el);
      a = b;
    }
    shows_.resize(in_.ops.size());
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      if (op(i).code != kSetRead) continue;
      if (op(i).aux) return collection::invalid(in_, kName, {static_cast<int32_t>(i)});
      for (Value v : op(i).result.items()) {
        auto it = elem_by_bits_.find(v.bits());
        if (it == elem_by_bits_.end())  // never added, not initial
          return collection::invalid(in_, kName, {static_cast<int32_t>(i)});
        int32_t el = it->second;
        shows_[i].push_back(el);
        ++elems_[el].unplaced_reads;
        elems_[el].last_shown_call = std::max(elems_[el].last_shown_call, s_[i]);
      }
      std::sort(shows_[i].begin(), shows_[i].end());
    }
    return std::nullopt;
  }

  bool shows(int32_t read, int32_t el) const {
    return std::binary_search(shows_[read].begin(), shows_[read].end(), el);
  }

  // The set gains or loses `el`; open reads keep their counts of hits.
  void show(int32_t el) {
    Elem& x = elems_[el];
    x.present = true;
    x.slot = static_cast<int32_t>(present_.size());
    present_.push_back(el);
    for (OpenRead& r : open_)
      if (shows(r.op, el)) ++r.hits;
  }
  void hide(int32_t el) {
    Elem& x = elems_[el];
    x.present = false;
    int32_t last = present_.back();
    present_[x.slot] = last;
    elems_[last].slot = x.slot;
    present_.pop_back();
    for (OpenRead& r : open_)
      if (shows(r.op, el)) --r.hits;
  }
  void add(int32_t el) {
    Elem& x = elems_[el];
    placed_[x.add] = true;
    x.added = true;
    show(el);
  }
  // Before the add (or with no add applied), a remove changes nothing.
  void remove(int32_t el) {
    Elem& x = elems_[el];
    placed_[x.remove] = true;
    if (!x.present) return;
    x.removed = true;
    hide(el);
  }

  void call(int32_t k) {
    started_[k] = true;
    if (op(k).code != kSetRead) return;
    OpenRead r{k, 0};
    for (int32_t el : shows_[k]) r.hits += elems_[el].present;
    open_.push_back(r);
  }

  void place_read(size_t at) {
    int32_t k = open_[at].op;
    placed_[k] = true;
    for (int32_t el : shows_[k]) --elems_[el].unplaced_reads;
    open_[at] = open_.back();
    open_.pop_back();
  }

  // Places op k, which returns now.
  bool force(int32_t k) {
    int32_t el = elem_of_op_[k];
    if (op(k).code == kSetAdd) {
      Elem& x = elems_[el];
      // A read that shows x begins after x's remove returned: the remove
      // goes first, as a no-op.
      if (x.remove != kNone && started_[x.remove] && !placed_[x.remove] &&
          x.last_shown_call > e_[x.remove])
        placed_[x.remove] = true;
      rescue(el, false);
      add(el);
      return true;
    }
    if (op(k).code == kSetRemove) {
      if (el == kNone) {
        placed_[k] = true;
        return true;
      }
      Elem& x = elems_[el];
      if (!x.present && !x.added && x.add != kNone && started_[x.add] &&
          (x.unplaced_reads == 0 || all_readers_fit(el))) {
        add(el);  // then gone at once: every read that shows it goes first
        settle();
      }
      if (x.present) rescue(el, true);
      remove(el);
      return true;
    }
    // The open reads its changes would spoil go first when they can.
    for (int32_t need : shows_[k])
      if (!elems_[need].present) rescue(need, false);
    for (size_t i = 0; i < present_.size(); ++i)
      if (!shows(k, present_[i])) rescue(present_[i], true);
    for (int32_t need : shows_[k]) {
      Elem& x = elems_[need];
      if (x.present) continue;
      if (x.added || x.add == kNone || !started_[x.add]) return false;
      add(need);
    }
    for (size_t i = 0; i < present_.size();) {
      int32_t have = present_[i];
      if (shows(k, have)) {
        ++i;
        continue;
      }
      Elem& x = elems_[have];
      if (x.remove == kNone || !started_[x.remove] || placed_[x.remove]) return false;
      remove(have);  // moves another element into slot i
    }
    for (size_t at = 0; at < open_.size(); ++at)
      if (open_[at].op == k) place_read(at);
    return true;
  }

  // Whether every read that shows el (not placed) is open and matches the
  // set plus el: then adding el, placing them and removing el loses nothing.
  bool all_readers_fit(int32_t el) const {
    uint32_t fit = 0;
    for (const OpenRead& r : open_)
      if (shows(r.op, el) && r.hits == present_.size() &&
          shows_[r.op].size() == present_.size() + 1)
        ++fit;
    return fit == elems_[el].unplaced_reads;
  }

  // Before el is added (`leaving` false) or removed: each open read that
  // the change would spoil goes first when it can go now, by applying the
  // begun, unplaced adds and removes it needs (only a few: kRescue).
  void rescue(int32_t el, bool leaving) {
    for (size_t at = 0; at < open_.size();) {
      int32_t k = open_[at].op;
      if (shows(k, el) == leaving && try_place(at)) continue;  // `at` now holds another
      ++at;
    }
  }

  // In early for read k, before its add returns: only when no other read
  // that may go before that return lacks el (those open now, and those
  // called before it; when that is far, no).
  bool can_add(int32_t el, int32_t k) const {
    static constexpr size_t kAhead = 256;
    const Elem& x = elems_[el];
    if (x.added || x.add == kNone || !started_[x.add]) return false;
    for (const OpenRead& r : open_)
      if (r.op != k && !shows(r.op, el)) return false;
    for (size_t j = now_ + 1; j < events_.size() && events_[j].first < e_[x.add]; ++j) {
      if (j > now_ + kAhead) return false;
      int32_t c = events_[j].second;
      if (c >= 0 && op(c).code == kSetRead && !shows(c, el)) return false;
    }
    return true;
  }
  // Gone, el never comes back: only when no read left shows it.
  bool can_remove(int32_t el) const {
    const Elem& x = elems_[el];
    return x.remove != kNone && started_[x.remove] && !placed_[x.remove] && x.unplaced_reads == 0;
  }

  bool try_place(size_t at) {
    static constexpr size_t kRescue = 4;
    int32_t k = open_[at].op;
    size_t hits = open_[at].hits;
    if (shows_[k].size() - hits + present_.size() - hits > kRescue) return false;
    std::vector<int32_t> adds, removes;
    for (int32_t need : shows_[k]) {
      if (elems_[need].present) continue;
      if (!can_add(need, k)) return false;
      adds.push_back(need);
    }
    for (int32_t have : present_) {
      if (shows(k, have)) continue;
      if (!can_remove(have)) return false;
      removes.push_back(have);
    }
    for (int32_t need : adds) add(need);
    for (int32_t have : removes) remove(have);
    place_read(at);
    return true;
  }

  void settle() {
    for (size_t at = 0; at < open_.size();) {
      const OpenRead& r = open_[at];
      if (r.hits == present_.size() && shows_[r.op].size() == present_.size())
        place_read(at);
      else
        ++at;
    }
  }

  // The sweep could not place read k by its return: a violation it can
  // prove about k, or a decline.
  FastResult stuck(int32_t k) {
    // k goes after the adds of the values it shows: after `lo`, the latest
    // call among k and those adds (`lo_op`).
    int64_t lo = s_[k];
    int32_t lo_op = kNone;
    for (int32_t el : shows_[k]) {
      const Elem& x = elems_[el];
      if (x.add != kNone && s_[x.add] > e_[k]) return collection::invalid(in_, kName, {x.add, k});
      if (x.add != kNone && s_[x.add] > lo) {
        lo = s_[x.add];
        lo_op = x.add;
      }
    }
    for (int32_t el : shows_[k]) {
      const Elem& x = elems_[el];
      bool in_before = x.initial || (x.add != kNone && e_[x.add] < kOpen);
      if (x.remove != kNone && !op(x.remove).crashed && e_[x.remove] < lo &&
          (x.initial || (in_before && e_[x.add] < s_[x.remove])))
        return collection::invalid(in_, kName, {x.add, x.remove, k, lo_op});
    }
    for (size_t el = 0; el < elems_.size(); ++el) {
      const Elem& x = elems_[el];
      bool in_before = x.initial || (x.add != kNone && !op(x.add).crashed && e_[x.add] < lo);
      // Its remove can take it out before k ends only if invoked by then and
      // not over before the add began.
      bool may_go =
          x.remove != kNone && s_[x.remove] < e_[k] && (x.initial || !(e_[x.remove] < s_[x.add]));
      if (in_before && !may_go && !shows(k, static_cast<int32_t>(el)))
        return collection::invalid(in_, kName, {x.add, k, lo_op});
    }
    return collection::declined(kName, collection::stuck_reason(in_, k));
  }

  struct OpenRead {
    int32_t op;
    size_t hits;  // elements it shows that are in the set now
  };

  const FastInput& in_;
  std::vector<int64_t> s_, e_;
  std::vector<Elem> elems_;
  std::unordered_map<uint64_t, int32_t> elem_by_bits_;  // a value's bits -> its element
  std::vector<int32_t> elem_of_op_;                     // per add or remove: its element
  std::vector<std::vector<int32_t>> shows_;  // per read: the elements it shows, ascending
  std::vector<bool> started_, placed_;
  std::vector<int32_t> present_;                     // the set now
  std::vector<OpenRead> open_;                       // begun reads not placed
  std::vector<std::pair<int64_t, int32_t>> events_;  // (time, op) call; (time, ~op) return
  size_t now_ = 0;                                   // the sweep is at events_[now_]
};

}  // namespace

FastResult set_fast(const FastInput& in) { return Set(in).run(); }

}  // namespace ariadne::models
