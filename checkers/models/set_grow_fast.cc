// The exact decision for a set that only grows (Jepsen's set workload: add
// and read; a remove, if any, is of a value never added and not initial,
// so it changes nothing and goes anywhere in its interval).
//
// Claim. Let the reads' sets, without repeats, be ordered by size. The
// history is linearizable iff
//  (a) every read shows every initial element,
//  (b) the reads' sets form a chain S_1 < S_2 < ... < S_m under strict
//      inclusion (equal sizes: equal sets), and
//  (c) the layers A_1, G_1, A_2, G_2, ..., G_m, A_{m+1} can go in this
//      order in real time: no op of a later layer returned before an op of
//      an earlier layer was invoked. Here G_j is the reads of S_j, A_j the
//      adds of the values first shown in S_j (S_j minus S_{j-1}), A_{m+1}
//      the ok adds nobody reads; a crashed add nobody reads is left out.
// (c) is one comparison per boundary between consecutive layers: the
// latest invocation among the layers before it against the earliest return
// among the layers after it. So O(n log n + the total size of the reads).
//
// Proof. Only if: in a linearization the set grows, so the reads, in their
// order, show growing sets: (a) and (b). A value x first shown in S_j is
// added after every read of S_{j-1} (they lack it) and before every read
// of S_j; an ok add nobody reads comes after every read. So the reads of
// S_j come before the adds of A_{j+1}, and (through a read of G_j, never
// empty) every op of a layer precedes every op of a later one. A
// linearization respects real time, hence (c) (a crashed add nobody reads
// is either left out or, after every read, constrains nothing).
// If: take the layers in order and, within a layer, its ops by invocation.
// Real time is respected: across layers by (c); within a layer, an op that
// returned before another was invoked was invoked first. Before the reads
// of G_j exactly the adds of A_1..A_j have gone, so the set is the initial
// set plus S_j's added values, which is S_j by (a) and (b).
//
// An invalid answer names at most four ops (the shrinker adds the adds of
// the values their reads show): a read that lacks an initial element; two
// reads with sets neither contains, and one add from each side; or, at the
// boundary where (c) fails, the op invoked late, the op that returned early,
// and when both are adds, a read that shows one and not the other.
#include <algorithm>

#include "models/collection_fast.h"
#include "models/collection_procedures.h"
#include "models/set_fast.h"

namespace ariadne::models::set {

namespace {

using collection::kNone;

}  // namespace

FastResult decide_growing(const FastInput& in, const Indexed& x, const char* procedure) {
  size_t elements = x.add.size();
  size_t initial = 0;
  for (int32_t a : x.add) initial += a == kNone;
  // (a): shows are element ids; the initial elements are those with no add.
  for (int32_t r : x.reads) {
    size_t seen = 0;
    for (int32_t el : x.shows[r]) seen += x.add[el] == kNone;
    if (seen != initial) return collection::invalid(in, procedure, {r});
  }
  // (b): by size; first[el] is the first position showing el. The reads are
  // a chain iff the read at each position shows every element shown at or
  // before it (it shows no other).
  std::vector<int32_t> order(x.reads);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return x.shows[a].size() < x.shows[b].size(); });
  size_t reads = order.size();
  std::vector<size_t> first(elements, reads);
  for (size_t i = reads; i-- > 0;)
    for (int32_t el : x.shows[order[i]]) first[el] = i;
  std::vector<size_t> upto(reads, 0);  // upto[i]: elements first shown at position i
  for (size_t el = 0; el < elements; ++el)
    if (first[el] < reads) ++upto[first[el]];
  size_t shown = 0;
  for (size_t i = 0; i < reads; ++i) {
    shown += upto[i];
    if (x.shows[order[i]].size() == shown) continue;
    // Some y first shown at j < i is not in S_i; S_j is no larger than S_i,
    // so some z of S_i is not in S_j either.
    std::vector<bool> mark(elements, false);
    for (int32_t el : x.shows[order[i]]) mark[el] = true;
    size_t y = 0;
    while (first[y] >= i || mark[y]) ++y;
    int32_t j = order[first[y]];
    std::fill(mark.begin(), mark.end(), false);
    for (int32_t el : x.shows[j]) mark[el] = true;
    int32_t z = kNone;
    for (int32_t el : x.shows[order[i]])
      if (!mark[el]) z = el;
    return collection::invalid(in, procedure,
                               {j, order[i], x.add[y], z == kNone ? kNone : x.add[z]});
  }
  // (c): layer 2g + 1 is the g-th distinct set's reads, layer 2g the adds
  // of the values it shows first, layer 2m the ok adds nobody reads.
  std::vector<size_t> group(reads);
  size_t groups = 0;
  for (size_t i = 0; i < reads; ++i) {
    if (i > 0 && x.shows[order[i]].size() != x.shows[order[i - 1]].size()) ++groups;
    group[i] = groups;
  }
  if (reads > 0) ++groups;
  size_t layers = 2 * groups + 1;
  std::vector<int32_t> latest(layers, kNone), earliest(layers, kNone);  // by s, by e
  auto put = [&](int32_t k, size_t layer) {
    if (latest[layer] == kNone || x.s[k] > x.s[latest[layer]]) latest[layer] = k;
    if (earliest[layer] == kNone || x.e[k] < x.e[earliest[layer]]) earliest[layer] = k;
  };
  for (size_t i = 0; i < reads; ++i) put(order[i], 2 * group[i] + 1);
  for (size_t el = 0; el < elements; ++el) {
    int32_t a = x.add[el];
    if (a == kNone) continue;
    if (first[el] < reads)
      put(a, 2 * group[first[el]]);
    else if (!in.ops[a].crashed)
      put(a, 2 * groups);
  }
  // after[k]: the op of layers > k that returned first.
  std::vector<int32_t> after(layers, kNone);
  for (size_t k = layers - 1; k-- > 0;) {
    after[k] = after[k + 1];
    int32_t b = earliest[k + 1];
    if (b != kNone && (after[k] == kNone || x.e[b] < x.e[after[k]])) after[k] = b;
  }
  int32_t before = kNone;  // the op of layers <= k invoked last
  size_t before_layer = 0;
  for (size_t k = 0; k + 1 < layers; ++k) {
    int32_t a = latest[k];
    if (a != kNone && (before == kNone || x.s[a] > x.s[before])) {
      before = a;
      before_layer = k;
    }
    int32_t b = after[k];
    if (before == kNone || b == kNone || x.e[b] > x.s[before]) continue;
    // b returned before `before` was invoked, yet must follow it.
    std::vector<int32_t> ops{before, b};
    bool a_add = before_layer % 2 == 0;
    bool b_add = in.ops[b].code != kSetRead;
    if (a_add && b_add && reads > 0) {
      // A read of the group right after `before`'s layer shows its value
      // and not b's.
      size_t g = before_layer / 2;
      for (size_t i = 0; i < reads; ++i)
        if (group[i] == g) {
          ops.push_back(order[i]);
          break;
        }
    }
    return collection::invalid(in, procedure, ops);
  }
  return collection::valid(procedure);
}

}  // namespace ariadne::models::set
