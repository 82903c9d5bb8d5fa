// Latency where a read reflects an update when a number the read carries
// reaches the update's threshold (registers: the latest end of a write of
// the value read, against the write's start; counters: the value read,
// against the sum acknowledged by then).
//
// Invariant: MinTree holds, at each node, the minimum of its leaves; leaves
// past the end hold INT64_MAX, so they never match "below".
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "convergence/outcome.h"

namespace ariadne::convergence {

class MinTree {
 public:
  explicit MinTree(const std::vector<int64_t>& values) : n_(values.size()) {
    size_ = 1;
    while (size_ < n_) size_ *= 2;
    tree_.assign(2 * size_, INT64_MAX);
    for (size_t i = 0; i < n_; ++i) tree_[size_ + i] = values[i];
    for (size_t i = size_ - 1; i >= 1; --i) tree_[i] = std::min(tree_[2 * i], tree_[2 * i + 1]);
  }

  // The last index i >= lo with values[i] < t, or -1.
  int64_t last_below(size_t lo, int64_t t) const {
    if (lo >= n_) return -1;
    return search(1, 0, size_, lo, t);
  }

 private:
  int64_t search(size_t node, size_t l, size_t r, size_t lo, int64_t t) const {
    if (r <= lo || tree_[node] >= t) return -1;
    if (r - l == 1) return static_cast<int64_t>(l);
    size_t m = (l + r) / 2;
    int64_t right = search(2 * node + 1, m, r, lo, t);
    return right >= 0 ? right : search(2 * node, l, m, lo, t);
  }

  size_t n_, size_ = 1;
  std::vector<int64_t> tree_;
};

// Per replica: its reads' invocations and numbers, and a MinTree over them.
class ThresholdReads {
 public:
  // number(read) is the number a read carries.
  template <class Number>
  ThresholdReads(const Objects& objects, const Object& obj, Number number) {
    for (const std::vector<uint32_t>& mine : reads_by_replica(objects, obj)) {
      std::vector<int64_t> starts, numbers;
      for (uint32_t ri : mine) {
        starts.push_back(obj.reads[ri].start);
        numbers.push_back(number(obj.reads[ri]));
      }
      replicas_.push_back({starts, numbers, MinTree(numbers)});
    }
  }

  // Stability on each replica of an update acknowledged at `ack` that a
  // read reflects when its number is >= `threshold`.
  void stability(int64_t ack, int64_t threshold, std::vector<ReplicaStability>& out) const {
    out.assign(replicas_.size(), {});
    for (size_t rep = 0; rep < replicas_.size(); ++rep) {
      const PerReplica& p = replicas_[rep];
      size_t lo = std::upper_bound(p.starts.begin(), p.starts.end(), ack) - p.starts.begin();
      if (lo == p.starts.size()) continue;  // no read after ack
      if (p.numbers.back() < threshold) {
        out[rep].state = ReplicaStability::kUnstable;
        continue;
      }
      int64_t last = p.tree.last_below(lo, threshold);
      out[rep].state = ReplicaStability::kStable;
      out[rep].latency = last < 0 ? 0 : p.starts[last + 1] - ack;
    }
  }

 private:
  struct PerReplica {
    std::vector<int64_t> starts, numbers;
    MinTree tree;
  };
  std::vector<PerReplica> replicas_;
};

}  // namespace ariadne::convergence
