// The transactional checker against a brute-force reference: on thousands
// of small random histories (3-5 transactions, 1-2 keys), enumerate every
// serial order of the transactions that happened (ok ones, and any subset
// of the info ones), respecting real-time order (strict-serializable),
// process order (strong-session-serializable) or neither (serializable),
// and replay it. The checker must never say invalid where such an order
// exists (soundness). Where it says valid and the reference finds no
// order, that is the inference's documented gap (docs/transactions.md):
// counted, and for list-append, where the version order is read directly,
// bounded.
#include <algorithm>
#include <map>
#include <random>

#include "transactions/txns.h"
#include "txn_support.h"

using namespace ariadne;

namespace {

struct GenTxn {
  std::vector<std::array<int, 3>> mops;  // kind (0 read, 1 write/append), key, value
  std::vector<std::vector<int>> reads;   // per mop: what the read returned (list or {v}/{} = nil)
  int process = 0;
  int status = 0;  // 0 ok, 1 fail, 2 info
  int start = 0, end = 0;
};

std::string mop_text(bool append, const std::array<int, 3>& m, const std::vector<int>* read) {
  std::string key = m[1] == 0 ? ":x" : ":y";
  if (m[0] == 1)
    return std::string("[") + (append ? ":append " : ":w ") + key + " " + std::to_string(m[2]) +
           "]";
  std::string v = "nil";
  if (read) {
    if (append) {
      v = "[";
      for (size_t i = 0; i < read->size(); ++i) v += (i ? " " : "") + std::to_string((*read)[i]);
      v += "]";
    } else if (!read->empty()) {
      v = std::to_string((*read)[0]);
    }
  }
  return "[:r " + key + " " + v + "]";
}

// A random history: transactions run in a random order, each reading the
// current state, or (sometimes) a stale or made-up one.
std::string random_history(std::mt19937& rng, bool append) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  int n = 3 + pick(3), keys = 1 + pick(2), processes = 1 + pick(3);
  std::vector<GenTxn> txns(n);
  int next_value = 1;
  std::vector<std::vector<std::vector<int>>> versions(2, {{}});  // per key, each state
  bool sloppy = pick(3) == 0;
  for (GenTxn& t : txns) {
    int len = 1 + pick(3);
    int r = pick(10);
    t.status = r < 8 ? 0 : r == 8 ? 1 : 2;
    bool applies = t.status == 0 || (t.status == 2 && pick(2) == 0);
    std::vector<std::vector<int>> local(2);
    for (int k = 0; k < 2; ++k) local[k] = versions[k].back();
    if (sloppy) {
      for (int k = 0; k < 2; ++k)
        local[k] = versions[k][pick(static_cast<int>(versions[k].size()))];
    }
    for (int i = 0; i < len; ++i) {
      std::array<int, 3> m{pick(2), pick(keys), 0};
      if (m[0] == 1) {
        m[2] = next_value++;
        if (append)
          local[m[1]].push_back(m[2]);
        else
          local[m[1]] = {m[2]};
        t.reads.push_back({});
      } else {
        std::vector<int> seen = local[m[1]];
        if (pick(25) == 0)
          seen = append ? std::vector<int>{next_value + 50} : std::vector<int>{next_value + 50};
        t.reads.push_back(seen);
      }
      t.mops.push_back(m);
    }
    if (applies)
      for (int k = 0; k < 2; ++k)
        if (local[k] != versions[k].back() || sloppy) versions[k].push_back(local[k]);
  }
  // Random order of execution vs. random intervals, per process sequential.
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<int> clock(processes, 0);
  for (int i : order) {
    GenTxn& t = txns[i];
    t.process = pick(processes);
    t.start = clock[t.process] + pick(4);
    t.end = t.start + 1 + pick(6);
    if (t.status != 2) clock[t.process] = t.end + 1;
    if (t.status == 2) t.process = 100 + i;  // a crashed process is done: a fresh id
  }
  struct Ev {
    int time, txn;
    bool invoke;
  };
  std::vector<Ev> evs;
  for (int i = 0; i < n; ++i) {
    evs.push_back({txns[i].start * 2, i, true});
    if (txns[i].status != 2) evs.push_back({txns[i].end * 2 + 1, i, false});
  }
  std::stable_sort(evs.begin(), evs.end(),
                   [](const Ev& a, const Ev& b) { return a.time < b.time; });
  std::string text;
  for (const Ev& e : evs) {
    const GenTxn& t = txns[e.txn];
    std::string mops;
    for (size_t i = 0; i < t.mops.size(); ++i)
      mops += (i ? " " : "") +
              mop_text(append, t.mops[i], (!e.invoke && t.status == 0) ? &t.reads[i] : nullptr);
    std::string type = e.invoke ? "invoke" : t.status == 0 ? "ok" : "fail";
    text += "{:type :" + type + ", :f :txn, :process " + std::to_string(t.process) + ", :value [" +
            mops + "]}\n";
  }
  return text;
}

enum class Order { kNone, kProcess, kRealtime };

struct Brute {
  const History& h;
  const txn::Txns& t;
  bool append;
  Order order;
  std::vector<std::vector<Value>> lists;  // list-append state per key
  std::vector<Value> regs;                // rw-register state per key
  std::vector<bool> placed;

  bool must_precede(uint32_t a, uint32_t b) const {
    const Operation& oa = h.ops[t.txns[a].op];
    const Operation& ob = h.ops[t.txns[b].op];
    if (order == Order::kRealtime) return h.end(oa) < h.start(ob);
    if (order == Order::kProcess)
      return t.txns[a].process == t.txns[b].process && a < b && oa.status == OpStatus::kOk;
    return false;
  }

  // Runs transaction i on the state; false when an ok transaction's read
  // is wrong. The state is changed either way (callers copy it).
  bool run(uint32_t i) {
    const txn::Txn& x = t.txns[i];
    bool check = x.status == OpStatus::kOk;
    for (uint32_t m = x.first; m < x.first + x.count; ++m) {
      const txn::Mop& mop = t.mops[m];
      if (mop.kind == txn::MopKind::kAppend) {
        lists[mop.key].push_back(mop.value);
      } else if (mop.kind == txn::MopKind::kWrite) {
        regs[mop.key] = mop.value;
      } else if (check) {
        if (append) {
          auto items = mop.value.items();
          if (!std::equal(items.begin(), items.end(), lists[mop.key].begin(), lists[mop.key].end()))
            return false;
        } else if (mop.value != regs[mop.key]) {
          return false;
        }
      }
    }
    return true;
  }

  bool done() const {
    for (uint32_t i = 0; i < t.txns.size(); ++i)
      if (t.txns[i].status == OpStatus::kOk && !placed[i]) return false;
    return true;
  }

  bool search() {
    if (done()) return true;
    for (uint32_t i = 0; i < t.txns.size(); ++i) {
      if (placed[i] || t.txns[i].status == OpStatus::kFail) continue;
      bool ready = true;
      for (uint32_t j = 0; j < t.txns.size() && ready; ++j)
        if (!placed[j] && j != i && t.txns[j].status == OpStatus::kOk && must_precede(j, i))
          ready = false;
      if (!ready) continue;
      auto saved_lists = lists;
      auto saved_regs = regs;
      placed[i] = true;
      if (run(i) && search()) return true;
      placed[i] = false;
      lists = std::move(saved_lists);
      regs = std::move(saved_regs);
    }
    return false;
  }
};

bool brute_force(const History& h, bool append, Order order) {
  Budget time;
  txn::Limits limits(nullptr, time);
  txn::Txns t;
  auto w = append ? txn::TxnReport::Workload::kListAppend : txn::TxnReport::Workload::kRwRegister;
  REQUIRE_FALSE(txn::parse_txns(h, w, t, limits));
  Brute b{h,
          t,
          append,
          order,
          std::vector<std::vector<Value>>(t.keys.size()),
          std::vector<Value>(t.keys.size()),
          std::vector<bool>(t.txns.size(), false)};
  return b.search();
}

void compare(bool append, int histories, uint32_t seed) {
  // TXN_PROPERTY_N / TXN_PROPERTY_SEED widen a run by hand.
  if (const char* n = getenv("TXN_PROPERTY_N")) histories = atoi(n);
  if (const char* s = getenv("TXN_PROPERTY_SEED")) seed = static_cast<uint32_t>(atoi(s));
  std::mt19937 rng(seed);
  const std::pair<const char*, Order> models[] = {{"serializable", Order::kNone},
                                                  {"strong-session-serializable", Order::kProcess},
                                                  {"strict-serializable", Order::kRealtime}};
  std::map<std::string, int> gap, invalid_both, valid_both;
  for (int n = 0; n < histories; ++n) {
    std::string text = random_history(rng, append);
    History h = txn_test::read_text(text);
    CheckResult strongest = txn_test::check(h, "strongest", append ? "list-append" : "rw-register");
    for (auto [name, order] : models) {
      bool reference = brute_force(h, append, order);
      CheckResult r = txn_test::check(h, name, append ? "list-append" : "rw-register");
      INFO("model " << name << "\n" << text);
      if (r.counterexample) INFO(r.counterexample->explanation);
      REQUIRE(r.verdict != Verdict::kUnknown);
      // Soundness: never invalid when a serial order exists.
      if (reference) REQUIRE(r.verdict == Verdict::kValid);
      if (!reference && r.verdict == Verdict::kValid) {
        ++gap[name];
        if (getenv("TXN_GAP") && gap[name] < 4) WARN("gap " << name << "\n" << text);
      }
      if (!reference && r.verdict == Verdict::kInvalid) ++invalid_both[name];
      // The counterexample alone violates the model too.
      if (r.verdict == Verdict::kInvalid) {
        REQUIRE(r.counterexample);
        REQUIRE_FALSE(brute_force(sub_history(h, r.counterexample->ops), append, order));
      }
      if (reference) ++valid_both[name];
      // The strongest report agrees with the single-model check.
      bool holds = false;
      for (const auto& o : strongest.transactions->outcomes)
        if (txn::isolation_name(o.model) == name) holds = o.holds;
      REQUIRE(holds == (r.verdict == Verdict::kValid));
    }
  }
  for (auto [name, order] : models) {
    WARN((append ? "list-append " : "rw-register ")
         << name << ": " << valid_both[name] << " valid, " << invalid_both[name]
         << " invalid found, " << gap[name] << " invalid missed (inference gap)");
    // List-append reads its version order directly: no gap is expected.
    if (append) CHECK(gap[name] == 0);
    // Both verdicts occur: the generator exercises the checker.
    CHECK(valid_both[name] > histories / 20);
    CHECK(invalid_both[name] > histories / 20);
  }
}

}  // namespace

TEST_CASE("list-append: the checker agrees with brute force on random small histories") {
  compare(true, 3000, 17);
}

TEST_CASE("rw-register: sound against brute force on random small histories") {
  compare(false, 3000, 29);
}
