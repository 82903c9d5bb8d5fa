// The greedy sweep of ordered_sweep.h.
#include "models/ordered_sweep.h"

#include <algorithm>
#include <deque>
#include <set>

namespace ariadne::models::collection {

namespace {

enum class Where : uint8_t { kOut, kIn, kGone };

class Sweep {
 public:
  Sweep(const FastInput& in, const Indexed& x, bool lifo, bool eager)
      : in_(in),
        eager_(eager),
        x_(x),
        lifo_(lifo),
        started_(in.ops.size()),
        placed_(in.ops.size()),
        where_(x.items.size(), Where::kOut) {}

  bool run(int32_t& stuck) {
    return collection::walk_in_time_order(
        in_, x_, [&](int32_t k) { call(k); }, [&](int32_t k) { return placed_[k] || force(k); },
        [&] { settle(); }, stuck);
  }

 private:
  const lin::PreparedOp& op(int32_t k) const { return in_.ops[k]; }
  bool is_insert(int32_t k) const {
    return x_.item_of[k] != kNone && x_.items[x_.item_of[k]].insert == k;
  }
  // Sorts pending inserts: for a queue, values removed sooner first; for a
  // stack, values removed later first (they go lower).
  int64_t key(int32_t item) const {
    int32_t d = x_.items[item].remove;
    return d == kNone ? kOpen : x_.e[d];
  }

  void call(int32_t k) {
    started_[k] = true;
    int32_t item = x_.item_of[k];
    if (op(k).crashed && !is_insert(k)) {
      crashed_.push_back(k);
      return;
    }
    if (item == kNone) {  // an empty removal
      empties_.push_back(k);
      return;
    }
    const Item& it = x_.items[item];
    if (is_insert(k)) {
      if (it.remove == kNone && op(k).crashed) return;  // never applied
      pending_.insert({key(item), item});
      if (it.remove != kNone && started_[it.remove]) pairs_.push_back(item);
    } else if (started_[it.insert] && where_[item] == Where::kOut) {
      pairs_.push_back(item);
    }
  }

  void put(int32_t item) {
    pending_.erase({key(item), item});
    where_[item] = Where::kIn;
    placed_[x_.items[item].insert] = true;
    box_.push_back(item);
  }
  int32_t end_item() const { return lifo_ ? box_.back() : box_.front(); }
  void take_end() {
    int32_t item = end_item();
    if (lifo_)
      box_.pop_back();
    else
      box_.pop_front();
    where_[item] = Where::kGone;
  }
  // Removes the element at the removal end: by its own removal if that has
  // begun; an element no ok removal returns, by a pending crashed removal.
  bool remove_end() {
    int32_t item = end_item();
    int32_t d = x_.items[item].remove;
    if (d != kNone) {
      if (!started_[d]) return false;
      placed_[d] = true;
    } else {
      if (crashed_.empty()) return false;
      placed_[crashed_.back()] = true;
      crashed_.pop_back();
    }
    take_end();
    return true;
  }
  bool drain() {
    while (!box_.empty())
      if (!remove_end()) return false;
    return true;
  }

  // Places op k, which returns now.
  bool force(int32_t k) {
    int32_t item = x_.item_of[k];
    if (item == kNone) {  // an empty removal
      if (!drain()) return false;
      placed_[k] = true;
      return true;
    }
    if (is_insert(k)) {
      insert_with_others(item);
      return true;
    }
    if (where_[item] == Where::kOut) {  // in and out at once
      int32_t e = x_.items[item].insert;
      if (!started_[e]) return false;
      if (!lifo_ && !drain()) return false;
      put(item);
    }
    while (end_item() != item)
      if (!remove_end()) return false;
    placed_[k] = true;
    take_end();
    return true;
  }

  void insert_with_others(int32_t item) {
    std::vector<int32_t> first;
    int32_t d = x_.items[item].remove;
    for (const auto& [k, other] : pending_) {
      if (other == item) continue;
      int32_t od = x_.items[other].remove;
      if (!lifo_) {
        if (k >= key(item)) break;  // sorted by key
        // Ahead of a value no ok dequeue returns goes only a value whose
        // dequeue has begun: one that stays long blocks the queue.
        if (d == kNone && !eager_ && !started_[od]) continue;
        first.push_back(other);
      } else if (d != kNone && x_.e[x_.items[other].insert] < x_.s[d] &&
                 (od == kNone || x_.s[od] > x_.e[d])) {
        // In before x leaves, for certain, and it cannot leave before x.
        first.push_back(other);
      }
    }
    if (lifo_)  // removed later goes lower; never removed lowest
      std::sort(first.begin(), first.end(), [&](int32_t a, int32_t b) {
        int32_t da = x_.items[a].remove, db = x_.items[b].remove;
        int64_t ka = da == kNone ? kOpen : x_.s[da], kb = db == kNone ? kOpen : x_.s[db];
        return ka > kb;
      });
    for (int32_t other : first) put(other);
    put(item);
  }

  // Applies every choice that keeps all linearizations (ordered_sweep.h).
  void settle() {
    for (bool changed = true; changed;) {
      changed = false;
      if (box_.empty()) {
        for (int32_t k : empties_) placed_[k] = true;
        empties_.clear();
      } else {
        int32_t d = x_.items[end_item()].remove;
        if (d != kNone && started_[d] && !placed_[d]) {
          placed_[d] = true;
          take_end();
          changed = true;
          continue;
        }
      }
      while (!pairs_.empty() && where_[pairs_.back()] != Where::kOut) pairs_.pop_back();
      if ((lifo_ || box_.empty()) && !pairs_.empty()) {
        int32_t item = pairs_.back();
        pairs_.pop_back();
        put(item);
        placed_[x_.items[item].remove] = true;
        take_end();
        changed = true;
      }
    }
    // Empty removals still pending wait for the box to empty.
    std::erase_if(empties_, [&](int32_t k) { return placed_[k]; });
  }

  const FastInput& in_;
  bool eager_;
  const Indexed& x_;
  bool lifo_;
  std::vector<bool> started_, placed_;
  std::vector<Where> where_;
  std::deque<int32_t> box_;                        // the model's state: items
  std::set<std::pair<int64_t, int32_t>> pending_;  // (key, item): begun inserts not placed
  std::vector<int32_t> pairs_;                     // items with both ops begun, not placed
  std::vector<int32_t> crashed_;                   // begun crashed removals not used
  std::vector<int32_t> empties_;                   // begun empty removals not placed
};

}  // namespace

bool ordered_sweep(const FastInput& in, const Indexed& x, bool lifo, bool eager, int32_t& stuck) {
  return Sweep(in, x, lifo, eager).run(stuck);
}

}  // namespace ariadne::models::collection
