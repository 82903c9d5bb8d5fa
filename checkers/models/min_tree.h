// A segment tree over leaves of int64_t: minimum over a range, additions to
// a range, and take(): hand out and remove every leaf of a range whose value
// is at most a limit. O(log n) per operation and per leaf handed out
// (stack_fast.cc: gaps found free, intervals holding a free gap).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ariadne::models::collection {

constexpr int64_t kGone = INT64_MAX / 4;  // a leaf taken out of a MinTree

// Minimum over a range of leaves with range additions; take() hands out and
// removes every leaf in [lo, hi] whose value is at most `limit`.
class MinTree {
 public:
  explicit MinTree(const std::vector<int64_t>& leaves) {
    while (size_ < leaves.size()) size_ *= 2;
    min_.assign(2 * size_, kGone);
    add_.assign(2 * size_, 0);
    for (size_t i = 0; i < leaves.size(); ++i) min_[size_ + i] = leaves[i];
    for (size_t i = size_ - 1; i > 0; --i) min_[i] = std::min(min_[2 * i], min_[2 * i + 1]);
  }
  void add(size_t lo, size_t hi, int64_t d) { add(1, 0, size_ - 1, lo, hi, d); }
  template <class F>
  void take(size_t lo, size_t hi, int64_t limit, F&& f) {
    take(1, 0, size_ - 1, lo, hi, limit, 0, f);
  }

 private:
  void pull(size_t k) { min_[k] = std::min(min_[2 * k], min_[2 * k + 1]) + add_[k]; }
  void add(size_t k, size_t l, size_t r, size_t lo, size_t hi, int64_t d) {
    if (hi < l || r < lo) return;
    if (lo <= l && r <= hi) {
      min_[k] += d;
      add_[k] += d;
      return;
    }
    size_t mid = (l + r) / 2;
    add(2 * k, l, mid, lo, hi, d);
    add(2 * k + 1, mid + 1, r, lo, hi, d);
    pull(k);
  }
  // `above`: the sum of the additions of k's ancestors.
  template <class F>
  void take(size_t k, size_t l, size_t r, size_t lo, size_t hi, int64_t limit, int64_t above,
            F& f) {
    if (hi < l || r < lo || min_[k] + above > limit) return;
    if (l == r) {
      min_[k] = kGone;
      f(l);
      return;
    }
    size_t mid = (l + r) / 2;
    take(2 * k, l, mid, lo, hi, limit, above + add_[k], f);
    take(2 * k + 1, mid + 1, r, lo, hi, limit, above + add_[k], f);
    pull(k);
  }

  size_t size_ = 1;
  std::vector<int64_t> min_, add_;
};

}  // namespace ariadne::models::collection
