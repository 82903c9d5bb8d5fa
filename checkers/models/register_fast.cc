// The fast procedure of register, cas-register and kv (one key's register)
// when every written value is unique (Gibbons & Korach, SIAM J. Comput.
// 1997: a read/write register history is decided in polynomial time when
// each read's write is known).
//
// Precondition, per key: no two writes (write/put, and the new value of a
// cas, crashed ones included) write the same value, none writes the
// register's initial value, and there is no kv append. Else it declines.
//
// Reading of the history:
//  * A cluster is a value's writer (a write, a cas, or the initial value)
//    and the ok reads that returned the value. An ok cas [a b] reads a and
//    writes b. Values are unique, so in every linearization a cluster's ops
//    are contiguous, its writer first: once another value is written, the
//    register never holds this one again.
//  * The cas that reads a value (at most one: after it, the value is gone)
//    begins the next cluster right after this one. Clusters linked by cas
//    form a chain, contiguous in every linearization, in a fixed order; a
//    plain write or the initial value begins a chain.
//  * A crashed write or cas takes effect iff some op that takes effect
//    reads the value it writes: one whose value nobody reads can be left
//    out of any linearization (nothing observes it before the next write),
//    and one whose value is read must have taken effect. Taking effect, its
//    interval runs from its invocation on, with no end.
//
// Then the history is linearizable iff (1) within each chain, the fixed
// order (each cluster's writer, then its reads in order of return)
// respects real time, and (2) the chains can be ordered: chain D must
// precede C when an op of D returned before an op of C was invoked, i.e.
// e(D) < s(C) with e the earliest return and s the latest invocation in a
// chain. This relation (e(D) < s(C)) has the interval-order property
// (e1 < s2 and e3 < s4 imply e1 < s4 or e3 < s2), so a cycle among chains
// implies one of two chains: (2) holds iff no two chains D != C have
// e(D) < s(C) and e(C) < s(D). The initial value's chain precedes every
// other. O(n log n).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "ariadne/report.h"
#include "models/register_spec.h"
#include "models/value_fast.h"

namespace ariadne::models {

namespace {

using lin::RegisterModel;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kInitial = kNone - 1;  // the initial value's "writer"

// One key's ops (indices into FastInput::ops).
class OneKey {
 public:
  OneKey(const FastInput& in, std::vector<uint32_t> ops) : in_(in), ops_(std::move(ops)) {}

  FastResult decide() {
    const lin::PreparedOp& first = in_.ops[ops_[0]];
    const Operation& op0 = in_.history.ops[first.op];
    initial_ = in_.options.initial_of(in_.history.has_key(op0) ? in_.history.key(op0) : Value());
    writer_.reserve(ops_.size());
    cluster_of_.reserve(ops_.size());
    clusters_.reserve(ops_.size() + 1);
    if (auto declined = index_writers()) return *declined;
    if (auto invalid = take_effect()) return *invalid;
    if (auto invalid = build_chains()) return *invalid;
    for (Chain& c : chains_)
      if (auto invalid = check_chain(c)) return *invalid;
    return order_chains();
  }

 private:
  struct Cluster {
    uint32_t writer = kNone;      // index into in_.ops, or kInitial
    std::vector<uint32_t> reads;  // ok reads of the value
    uint32_t consumer = kNone;    // the cas that reads the value, if any
    bool reached = false;
  };
  struct Chain {
    std::vector<uint32_t> clusters;
    int64_t earliest_end = 0, latest_start = 0;
    bool initial = false;
  };

  const lin::Interval& time(uint32_t i) const { return in_.times[i]; }

  static FastResult verdict(FastVerdict v) {
    FastResult r;
    r.verdict = v;
    r.procedure = "unique-value register (Gibbons-Korach)";
    return r;
  }
  FastResult invalid(std::vector<uint32_t> local) const {
    FastResult r = verdict(FastVerdict::kInvalid);
    std::sort(local.begin(), local.end());
    local.erase(std::unique(local.begin(), local.end()), local.end());
    for (uint32_t i : local)
      if (i != kInitial && i != kNone) r.witness.push_back(in_.ops[i].op);
    std::sort(r.witness.begin(), r.witness.end());
    return r;
  }

  // Which op writes each value; declines on a repeated value or an append.
  std::optional<FastResult> index_writers() {
    auto decline = [](std::string why) {
      FastResult r;
      r.declined = std::move(why);
      return r;
    };
    for (uint32_t i : ops_) {
      const lin::PreparedOp& p = in_.ops[i];
      if (p.code == RegisterModel::kAppend)
        return decline("kv append: a read's value is not one write's, so its writer is unknown");
      if (p.code != RegisterModel::kWrite && p.code != RegisterModel::kCas) continue;
      Value v = p.code == RegisterModel::kWrite ? p.a : p.b;
      if (v == initial_)
        return decline("a write writes the initial value " + bounded_edn(v) +
                       ": written values are not unique");
      auto [it, fresh] = writer_.try_emplace(v, i);
      if (!fresh)
        return decline("value " + bounded_edn(v) +
                       " is written twice: written values are not unique");
    }
    return std::nullopt;
  }

  // The writer of v: an index into in_.ops, kInitial, or kNone (nobody).
  uint32_t writer_of(Value v) const {
    if (v == initial_) return kInitial;
    auto it = writer_.find(v);
    return it == writer_.end() ? kNone : it->second;
  }
  // The value op i reads (reads and cas), and writes (writes and cas).
  Value read_value(uint32_t i) const {
    const lin::PreparedOp& p = in_.ops[i];
    return p.code == RegisterModel::kRead ? p.result : p.a;
  }
  Value written_value(uint32_t i) const {
    const lin::PreparedOp& p = in_.ops[i];
    return p.code == RegisterModel::kWrite ? p.a : p.b;
  }

  // Which ops take effect: every ok op, and each crashed write or cas
  // whose value an op that takes effect reads. Fills clusters' reads and
  // consumers. Invalid: a value read that nobody writes, or two cas
  // reading one value.
  std::optional<FastResult> take_effect() {
    std::vector<uint32_t> work;
    effect_.assign(in_.ops.size(), 0);
    for (uint32_t i : ops_)
      if (!in_.ops[i].crashed) {
        effect_[i] = 1;
        work.push_back(i);
      }
    // Ok writes begin clusters too.
    for (uint32_t i : ops_)
      if (!in_.ops[i].crashed && in_.ops[i].code != RegisterModel::kRead)
        cluster(written_value(i)).writer = i;
    cluster(initial_).writer = kInitial;
    while (!work.empty()) {
      uint32_t i = work.back();
      work.pop_back();
      const lin::PreparedOp& p = in_.ops[i];
      if (p.code == RegisterModel::kWrite) continue;
      Value v = read_value(i);
      uint32_t w = writer_of(v);
      if (w == kNone) return invalid({i});  // reads a value nobody writes
      Cluster& c = cluster(v);
      if (p.code == RegisterModel::kRead) {
        c.reads.push_back(i);
      } else {
        if (c.consumer != kNone) return invalid({c.consumer, i, w});
        c.consumer = i;
      }
      if (w != kInitial && !effect_[w]) {  // a crashed write or cas, read
        effect_[w] = 1;
        c.writer = w;
        work.push_back(w);
      }
    }
    return std::nullopt;
  }

  Cluster& cluster(Value v) {
    auto [it, fresh] = cluster_of_.try_emplace(v, static_cast<uint32_t>(clusters_.size()));
    if (fresh) clusters_.emplace_back();
    return clusters_[it->second];
  }

  // Chains from each plain write and the initial value, following cas.
  // A cluster begun by a cas that no chain reaches lies on a cycle of cas.
  std::optional<FastResult> build_chains() {
    for (uint32_t index = 0; index < clusters_.size(); ++index) {
      Cluster& root = clusters_[index];
      if (root.writer == kNone) continue;  // nobody writes it that takes effect
      if (root.writer != kInitial && in_.ops[root.writer].code == RegisterModel::kCas) continue;
      Chain chain;
      chain.initial = root.writer == kInitial;
      uint32_t at = index;
      for (;;) {
        clusters_[at].reached = true;
        chain.clusters.push_back(at);
        uint32_t cas = clusters_[at].consumer;
        if (cas == kNone) break;
        at = cluster_of_.at(written_value(cas));
      }
      chains_.push_back(std::move(chain));
    }
    for (const Cluster& c : clusters_)
      if (c.writer != kNone && c.writer != kInitial && !c.reached) return invalid({c.writer});
    return std::nullopt;
  }

  // (1): the chain's fixed order respects real time; also sets the chain's
  // earliest return and latest invocation.
  std::optional<FastResult> check_chain(Chain& c) {
    int64_t before = std::numeric_limits<int64_t>::min();  // latest start of earlier blocks
    uint32_t before_op = kNone;
    c.earliest_end = std::numeric_limits<int64_t>::max();
    c.latest_start = std::numeric_limits<int64_t>::min();
    auto see = [&](uint32_t i) {
      c.earliest_end = std::min(c.earliest_end, time(i).end);
      c.latest_start = std::max(c.latest_start, time(i).start);
    };
    for (uint32_t k : c.clusters) {
      Cluster& cl = clusters_[k];
      uint32_t w = cl.writer;
      int64_t block = before;
      uint32_t block_op = before_op;
      if (w != kInitial) {
        if (time(w).end < before) return invalid({w, before_op, writer_before(before_op)});
        see(w);
        if (time(w).start > block) {
          block = time(w).start;
          block_op = w;
        }
      }
      std::sort(cl.reads.begin(), cl.reads.end(),
                [&](uint32_t a, uint32_t b) { return time(a).end < time(b).end; });
      int64_t next = block;
      uint32_t next_op = block_op;
      for (uint32_t r : cl.reads) {
        if (time(r).end < block) return invalid({r, w, block_op, writer_before(block_op)});
        see(r);
        if (time(r).start > next) {
          next = time(r).start;
          next_op = r;
        }
      }
      before = next;
      before_op = next_op;
    }
    return std::nullopt;
  }

  // The writer of the value op i reads, if any (for witnesses).
  uint32_t writer_before(uint32_t i) const {
    if (i == kNone || i == kInitial || in_.ops[i].code == RegisterModel::kWrite) return kNone;
    return writer_of(read_value(i));
  }

  // The ops of a chain, writers included.
  void chain_ops(const Chain& c, std::vector<uint32_t>& out) const {
    for (uint32_t k : c.clusters) {
      out.push_back(clusters_[k].writer);
      out.insert(out.end(), clusters_[k].reads.begin(), clusters_[k].reads.end());
    }
  }

  // Chains a and b must each precede the other. The witness: in each, the
  // op that returned first, and the op of the other invoked soonest after
  // that, with the writers of their values.
  FastResult two_chains(const Chain& a, const Chain& b) const {
    std::vector<uint32_t> w;
    for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      std::vector<uint32_t> in_from, in_to;
      chain_ops(*from, in_from);
      chain_ops(*to, in_to);
      uint32_t first_end = kNone, next_start = kNone;
      for (uint32_t i : in_from)
        if (i != kInitial && (first_end == kNone || time(i).end < time(first_end).end))
          first_end = i;
      int64_t after =
          first_end == kNone ? std::numeric_limits<int64_t>::min() : time(first_end).end;
      for (uint32_t i : in_to)
        if (i != kInitial && time(i).start > after &&
            (next_start == kNone || time(i).start < time(next_start).start))
          next_start = i;
      for (uint32_t i : {first_end, next_start}) {
        w.push_back(i);
        w.push_back(writer_before(i));
      }
    }
    return invalid(std::move(w));
  }

  // (2): no two chains must each precede the other.
  FastResult order_chains() {
    std::vector<uint32_t> rest;
    for (uint32_t i = 0; i < chains_.size(); ++i) {
      if (!chains_[i].initial) {
        rest.push_back(i);
        continue;
      }
      // Every chain follows the initial one: none may have to precede it.
      for (uint32_t j = 0; j < chains_.size(); ++j)
        if (j != i && chains_[j].earliest_end < chains_[i].latest_start)
          return two_chains(chains_[j], chains_[i]);
    }
    // Sweep chains C by latest start; among the chains D with
    // e(D) < s(C), the two with the latest starts.
    std::vector<uint32_t> by_start = rest, by_end = rest;
    std::sort(by_start.begin(), by_start.end(), [&](uint32_t a, uint32_t b) {
      return chains_[a].latest_start < chains_[b].latest_start;
    });
    std::sort(by_end.begin(), by_end.end(), [&](uint32_t a, uint32_t b) {
      return chains_[a].earliest_end < chains_[b].earliest_end;
    });
    uint32_t top[2] = {kNone, kNone};  // latest starts among those added
    size_t added = 0;
    for (uint32_t c : by_start) {
      while (added < by_end.size() &&
             chains_[by_end[added]].earliest_end < chains_[c].latest_start) {
        uint32_t d = by_end[added++];
        if (top[0] == kNone || chains_[d].latest_start > chains_[top[0]].latest_start) {
          top[1] = top[0];
          top[0] = d;
        } else if (top[1] == kNone || chains_[d].latest_start > chains_[top[1]].latest_start) {
          top[1] = d;
        }
      }
      uint32_t d = top[0] == c ? top[1] : top[0];
      if (d != kNone && chains_[c].earliest_end < chains_[d].latest_start)
        return two_chains(chains_[d], chains_[c]);
    }
    return verdict(FastVerdict::kValid);
  }

  const FastInput& in_;
  std::vector<uint32_t> ops_;
  Value initial_;
  std::unordered_map<Value, uint32_t, ValueHash> writer_;      // value -> its writer
  std::unordered_map<Value, uint32_t, ValueHash> cluster_of_;  // value -> clusters_ index
  std::vector<Cluster> clusters_;
  std::vector<Chain> chains_;
  std::vector<char> effect_;  // per in_.ops index: takes effect
};

}  // namespace

FastResult register_fast(const FastInput& in) {
  // Ops are one key's, unless the history is checked whole (--no-partition):
  // then each key (slot) is decided alone, linearizability being local.
  std::vector<std::vector<uint32_t>> by_slot;
  for (uint32_t i = 0; i < in.ops.size(); ++i) {
    uint32_t slot = in.ops[i].slot;
    if (slot >= by_slot.size()) by_slot.resize(slot + 1);
    by_slot[slot].push_back(i);
  }
  FastResult valid;
  valid.verdict = FastVerdict::kValid;
  valid.procedure = "unique-value register (Gibbons-Korach)";
  // Declines anywhere come first: a verdict needs every key decided.
  std::optional<FastResult> first_invalid;
  for (auto& ops : by_slot) {
    if (ops.empty()) continue;
    FastResult r = OneKey(in, std::move(ops)).decide();
    if (r.verdict == FastVerdict::kDeclined) return r;
    if (r.verdict == FastVerdict::kInvalid && !first_invalid) first_invalid = std::move(r);
  }
  return first_invalid ? *first_invalid : valid;
}

}  // namespace ariadne::models
