// The causal checks against the definitions, on small random histories:
//   * a brute-force reference for CC, CCv and CM (Bouajjani et al., POPL
//     2017, Section 3: there is a causal order co ⊇ po — any strict
//     partial order — under which every operation's causal past explains
//     it) on histories of at most 5 operations: ariadne's bad-pattern
//     verdicts must agree with it on every history;
//   * implications between the models on random register histories checked
//     by the existing sequential-consistency search: SC ⇒ CM ⇒ CC and
//     SC ⇒ CCv ⇒ CC.
// Deterministic: fixed seeds. Fewer histories under a sanitizer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "causal_support.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARIADNE_CAUSAL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARIADNE_CAUSAL_SANITIZED 1
#endif
#endif

namespace {

using ariadne::Consistency;
using ariadne::Verdict;

#ifdef ARIADNE_CAUSAL_SANITIZED
constexpr int kBruteForceHistories = 300;
constexpr int kImplicationHistories = 300;
#else
constexpr int kBruteForceHistories = 3000;
constexpr int kImplicationHistories = 3000;
#endif

// A tiny history: operations in history order; value 0 is the initial one.
struct TinyOp {
  int process;
  bool write;
  int key;
  int value;
};
using Tiny = std::vector<TinyOp>;

// A relation on n ≤ 5 elements: bit j of row i set iff i < j in it.
using Relation = std::vector<uint32_t>;

bool in(const Relation& r, int i, int j) { return (r[i] >> j) & 1; }

// Every strict partial order on n elements (each one once).
const std::vector<Relation>& partial_orders(int n) {
  static std::vector<std::vector<Relation>> cache(6);
  std::vector<Relation>& out = cache[n];
  if (!out.empty() || n == 0) return out;
  std::set<Relation> seen;
  std::vector<int> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  int pairs = n * (n - 1) / 2;
  do {
    // Every partial order is the closure of a subset of the forward pairs of
    // one of its linear extensions.
    for (uint32_t mask = 0; mask < (1u << pairs); ++mask) {
      Relation r(n, 0);
      int bit = 0;
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b, ++bit)
          if ((mask >> bit) & 1) r[perm[a]] |= 1u << perm[b];
      for (int k = 0; k < n; ++k)
        for (int i = 0; i < n; ++i)
          if (in(r, i, k)) r[i] |= r[k];
      seen.insert(r);
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  out.assign(seen.begin(), seen.end());
  return out;
}

bool contains_po(const Tiny& h, const Relation& co) {
  for (size_t i = 0; i < h.size(); ++i)
    for (size_t j = i + 1; j < h.size(); ++j)
      if (h[i].process == h[j].process && !in(co, i, j)) return false;
  return true;
}

// Is read r legal after the writes of `seq` (in order)?
bool legal_after(const Tiny& h, const std::vector<int>& seq, int r) {
  int last = 0;
  for (int w : seq)
    if (h[w].write && h[w].key == h[r].key) last = h[w].value;
  return last == h[r].value;
}

// AxCausalValue: every read has a serialisation of its strict causal past
// that ends with its value: its write is in the past and no other write of
// the key is co-after it there (or, for the initial value, no write at all).
bool cc_with(const Tiny& h, const Relation& co) {
  for (size_t r = 0; r < h.size(); ++r) {
    if (h[r].write) continue;
    int source = -1;
    bool ok = true;
    for (size_t w = 0; w < h.size(); ++w)
      if (h[w].write && h[w].key == h[r].key && in(co, w, r) && h[w].value == h[r].value)
        source = static_cast<int>(w);
    for (size_t w = 0; w < h.size() && ok; ++w) {
      if (!h[w].write || h[w].key != h[r].key || !in(co, w, r) || static_cast<int>(w) == source)
        continue;
      if (h[r].value == 0 || source < 0 || !in(co, source, w)) continue;
      ok = false;  // w overwrites the source in every serialisation
    }
    if (h[r].value == 0) {
      for (size_t w = 0; w < h.size(); ++w)
        if (h[w].write && h[w].key == h[r].key && in(co, w, r)) ok = false;
    } else if (source < 0) {
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

// Calls f(order) for each linear extension of co restricted to `members`
// until f returns true.
template <class F>
bool some_extension(const Relation& co, std::vector<int> members, F f) {
  std::sort(members.begin(), members.end());
  do {
    bool ok = true;
    for (size_t a = 0; a < members.size() && ok; ++a)
      for (size_t b = a + 1; b < members.size() && ok; ++b)
        if (in(co, members[b], members[a])) ok = false;
    if (ok && f(members)) return true;
  } while (std::next_permutation(members.begin(), members.end()));
  return false;
}

// AxArb + AxCausalArb: one total order arb ⊇ co such that every read sees,
// among the writes in its strict causal past, the arb-last one.
bool ccv_with(const Tiny& h, const Relation& co) {
  std::vector<int> all(h.size());
  std::iota(all.begin(), all.end(), 0);
  return some_extension(co, all, [&](const std::vector<int>& arb) {
    for (size_t r = 0; r < h.size(); ++r) {
      if (h[r].write) continue;
      std::vector<int> past;
      for (int o : arb)
        if (in(co, o, r)) past.push_back(o);
      if (!legal_after(h, past, static_cast<int>(r))) return false;
    }
    return true;
  });
}

// AxCausalSeq: for every o, one serialisation of o's causal past (o
// included) in which every operation of o's process up to o is legal.
bool cm_with(const Tiny& h, const Relation& co) {
  for (size_t o = 0; o < h.size(); ++o) {
    std::vector<int> past;
    for (size_t u = 0; u < h.size(); ++u)
      if (u == o || in(co, u, o)) past.push_back(static_cast<int>(u));
    bool ok = some_extension(co, past, [&](const std::vector<int>& seq) {
      for (size_t k = 0; k < seq.size(); ++k) {
        int u = seq[k];
        if (h[u].write || h[u].process != h[o].process || u > static_cast<int>(o)) continue;
        if (!legal_after(h, std::vector<int>(seq.begin(), seq.begin() + k), u)) return false;
      }
      return true;
    });
    if (!ok) return false;
  }
  return true;
}

Verdict reference(const Tiny& h, Consistency c) {
  if (h.empty()) return Verdict::kValid;
  for (const Relation& co : partial_orders(static_cast<int>(h.size()))) {
    if (!contains_po(h, co)) continue;
    bool ok = c == Consistency::kCausal              ? cc_with(h, co)
              : c == Consistency::kCausalConvergence ? ccv_with(h, co)
                                                     : cm_with(h, co);
    if (ok) return Verdict::kValid;
  }
  return Verdict::kInvalid;
}

// Random: 1-5 operations, 1-3 processes, 1-2 keys; written values unique
// per key; reads return the initial 0, any value written to their key
// (earlier or later), or now and then one nobody wrote.
Tiny random_tiny(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int n = 1 + pick(5), procs = 1 + pick(3), keys = 1 + pick(2);
  Tiny h(n);
  std::vector<int> next(keys, 1);
  for (TinyOp& o : h) {
    o.process = pick(procs);
    o.key = pick(keys);
    o.write = pick(2) == 0;
    if (o.write) o.value = next[o.key]++;
  }
  for (TinyOp& o : h) {
    if (o.write) continue;
    int written = next[o.key] - 1;
    o.value = pick(10) == 0 ? 9 : pick(written + 1);
  }
  return h;
}

std::string to_jsonl(const Tiny& h) {
  std::string out;
  for (const TinyOp& o : h)
    out += causal_test::op(o.process, o.write ? "write" : "read", "k" + std::to_string(o.key),
                           std::to_string(o.value));
  return out;
}

// Every read in the witness (but a ThinAirRead's) returns the initial 0 or
// a value some write in the witness wrote: the witness stands alone.
bool reads_from_inside(const ariadne::History& h, const ariadne::CausalViolation& v) {
  if (v.pattern == "ThinAirRead") return true;
  for (uint32_t r : v.ops) {
    const ariadne::Operation& op = h.ops[r];
    if (h.f(op).as_text() != "read" || h.result(op) == ariadne::Value::integer(0)) continue;
    bool found = false;
    for (uint32_t w : v.ops) {
      const ariadne::Operation& wop = h.ops[w];
      found |= h.f(wop).as_text() == "write" && h.key(wop) == h.key(op) &&
               h.argument(wop) == h.result(op);
    }
    if (!found) return false;
  }
  return true;
}

// Every read with a value other than the initial 0 has its write in h.
bool closed(const Tiny& h) {
  for (const TinyOp& r : h) {
    if (r.write || r.value == 0) continue;
    bool found = false;
    for (const TinyOp& w : h) found |= w.write && w.key == r.key && w.value == r.value;
    if (!found) return false;
  }
  return true;
}

Tiny pick_ops(const Tiny& h, const std::vector<uint32_t>& ops) {
  Tiny out;
  for (uint32_t i : ops) out.push_back(h[i]);  // one event per operation
  return out;
}

// SPEC section 5, by the reference: the counterexample alone violates the
// model, and removing any one operation makes it hold or leaves a read
// whose value is not written inside.
void check_minimal(const Tiny& h, const ariadne::CheckResult& got, Consistency c) {
  REQUIRE(got.counterexample);
  const std::vector<uint32_t>& s = got.counterexample->ops;
  CHECK(reference(pick_ops(h, s), c) == Verdict::kInvalid);
  if (got.causal->pattern == "ThinAirRead") return;
  CHECK(got.counterexample->minimal);
  for (size_t i = 0; i < s.size(); ++i) {
    std::vector<uint32_t> t = s;
    t.erase(t.begin() + static_cast<std::ptrdiff_t>(i));
    Tiny sub = pick_ops(h, t);
    INFO("without operation " << s[i]);
    CHECK((!closed(sub) || reference(sub, c) == Verdict::kValid));
  }
}

}  // namespace

TEST_CASE("CC, CCv and CM agree with the definitions on every tiny history", "[causal][property]") {
  std::mt19937 rng(20170115);
  int invalid[3] = {0, 0, 0};
  for (int i = 0; i < kBruteForceHistories; ++i) {
    Tiny tiny = random_tiny(rng);
    std::string text = to_jsonl(tiny);
    ariadne::History h = causal_test::read_jsonl(text);
    int k = 0;
    for (Consistency c :
         {Consistency::kCausal, Consistency::kCausalConvergence, Consistency::kCausalMemory}) {
      auto got = causal_test::check_history(h, c, "kv", ariadne::Value::integer(0));
      Verdict want = reference(tiny, c);
      INFO(ariadne::consistency_name(c) << "\n" << text);
      REQUIRE_FALSE(got.error);
      REQUIRE(ariadne::verdict_name(got.verdict) == ariadne::verdict_name(want));
      if (want == Verdict::kInvalid) {
        ++invalid[k];
        REQUIRE(got.causal);
        CHECK(reads_from_inside(h, *got.causal));
        check_minimal(tiny, got, c);
      }
      ++k;
    }
  }
  // The generator reaches both verdicts of every model, and the three differ.
  for (int k = 0; k < 3; ++k) {
    CHECK(invalid[k] > kBruteForceHistories / 20);
    CHECK(invalid[k] < kBruteForceHistories * 19 / 20);
  }
  // CCv and CM are stronger than CC; with enough histories, strictly so.
  CHECK(invalid[1] >= invalid[0]);
  CHECK(invalid[2] >= invalid[0]);
  if (kBruteForceHistories >= 1000) {
    CHECK(invalid[1] > invalid[0]);
    CHECK(invalid[2] > invalid[0]);
  }
}

namespace {

// A register history from a sequential simulation (each read returns the
// key's current value), then a third of the reads perturbed to another
// value of their key, events interleaved across processes at random while
// each process keeps its order.
std::string random_register_history(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int n = 2 + pick(7), procs = 1 + pick(3), keys = 1 + pick(2);
  std::vector<int> current(keys, 0), next(keys, 1);
  std::vector<std::vector<std::string>> per_process(procs);
  std::vector<std::pair<int, int>> reads;  // (process, index)
  struct Op {
    int process, key, value;
    bool write;
  };
  std::vector<Op> ops;
  for (int i = 0; i < n; ++i) {
    Op o{pick(procs), pick(keys), 0, pick(2) == 0};
    if (o.write) {
      o.value = next[o.key]++;
      current[o.key] = o.value;
    } else {
      o.value = current[o.key];
      if (pick(3) == 0) o.value = pick(next[o.key]);
    }
    ops.push_back(o);
  }
  std::vector<std::vector<Op>> queues(procs);
  for (const Op& o : ops) queues[o.process].push_back(o);
  std::vector<size_t> at(procs, 0);
  std::string out;
  for (size_t done = 0; done < ops.size();) {
    int p = pick(procs);
    if (at[p] == queues[p].size()) continue;
    const Op& o = queues[p][at[p]++];
    ++done;
    std::string f = o.write ? "write" : "read", key = "\"k" + std::to_string(o.key) + "\"";
    out += "{\"type\":\"invoke\",\"process\":" + std::to_string(p) + ",\"f\":\"" + f +
           "\",\"key\":" + key + ",\"value\":" + (o.write ? std::to_string(o.value) : "null") +
           "}\n";
    out += "{\"type\":\"ok\",\"process\":" + std::to_string(p) + ",\"f\":\"" + f +
           "\",\"key\":" + key + ",\"value\":" + std::to_string(o.value) + "}\n";
  }
  return out;
}

}  // namespace

TEST_CASE(
    "sequential consistency implies causal memory and causal convergence, and each "
    "implies causal consistency",
    "[causal][property]") {
  std::mt19937 rng(42);
  int sequential = 0, not_causal = 0;
  for (int i = 0; i < kImplicationHistories; ++i) {
    std::string text = random_register_history(rng);
    ariadne::History h = causal_test::read_jsonl(text);
    ariadne::Value zero = ariadne::Value::integer(0);
    auto seq = causal_test::check_history(h, Consistency::kSequential, "kv", zero);
    auto lin = causal_test::check_history(h, Consistency::kLinearizable, "kv", zero);
    auto cc = causal_test::check_history(h, Consistency::kCausal, "kv", zero);
    auto ccv = causal_test::check_history(h, Consistency::kCausalConvergence, "kv", zero);
    auto cm = causal_test::check_history(h, Consistency::kCausalMemory, "kv", zero);
    INFO(text);
    REQUIRE(seq.verdict != Verdict::kUnknown);
    if (lin.verdict == Verdict::kValid) CHECK(seq.verdict == Verdict::kValid);
    if (seq.verdict == Verdict::kValid) {
      ++sequential;
      CHECK(cm.verdict == Verdict::kValid);
      CHECK(ccv.verdict == Verdict::kValid);
    }
    if (cm.verdict == Verdict::kValid || ccv.verdict == Verdict::kValid)
      CHECK(cc.verdict == Verdict::kValid);
    if (cc.verdict == Verdict::kInvalid) {
      ++not_causal;
      CHECK(seq.verdict == Verdict::kInvalid);
    }
    // strongest, an orchestrator over the same checkers, claims each
    // model's own verdict and names the first that holds.
    auto strongest = causal_test::check_history(h, Consistency::kStrongest, "kv", zero);
    REQUIRE(strongest.strongest);
    const std::vector<std::pair<Consistency, Verdict>> single = {
        {Consistency::kLinearizable, lin.verdict},
        {Consistency::kSequential, seq.verdict},
        {Consistency::kCausalMemory, cm.verdict},
        {Consistency::kCausalConvergence, ccv.verdict},
        {Consistency::kCausal, cc.verdict}};
    REQUIRE(strongest.strongest->outcomes.size() == single.size());
    std::optional<Consistency> holds;
    for (size_t k = 0; k < single.size(); ++k) {
      CHECK(strongest.strongest->outcomes[k].consistency == single[k].first);
      CHECK(strongest.strongest->outcomes[k].verdict == single[k].second);
      if (!holds && single[k].second == Verdict::kValid) holds = single[k].first;
    }
    CHECK(strongest.strongest->strongest == holds);
    CHECK(strongest.verdict == (holds ? Verdict::kValid : cc.verdict));
  }
  CHECK(sequential > kImplicationHistories / 5);
  CHECK(not_causal > kImplicationHistories / 20);
}
