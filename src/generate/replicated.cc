// A replicated store for the causal and convergence checkers: each replica
// applies its clients' updates at once and ships them to the others, which
// apply them on delivery. Registers merge by last writer wins, by the true
// time of the write (then replica): a write that began after another
// completed always wins, as the convergence checker expects; sets (add and remove of unique
// elements) and counters merge by applying every update once, which commutes.
//
// Delivery orders: random (each message arrives after its own delay), fifo
// (per sender, in sending order), causal (only after every update its
// sender had applied when sending it). A message carries its sender's
// vector clock; replica d may apply a message m from s iff
//   fifo or causal: m.clock[s] == applied_d[s] + 1, and
//   causal: m.clock[j] <= applied_d[j] for every j != s.
#include <algorithm>

#include "generate/store.h"

namespace ariadne::gen {

namespace {

struct Update {
  int origin = 0;
  int64_t key = 0;
  std::string f;
  Datum arg;
  int64_t stamp = 0;            // true time of the write, for last writer wins
  std::vector<uint64_t> clock;  // sender's applied counts, its own included
  int64_t arrives = 0;
};

struct RegisterState {
  Datum value;
  int64_t stamp = -1;
  int origin = -1;
};

class ReplicatedStore : public Store {
 public:
  ReplicatedStore(const GenerateOptions& o, const models::ModelDef& model)
      : kind_(model.convergence),
        gen_(*model.generator),
        delivery_(o.delivery),
        keys_(static_cast<size_t>(std::max(o.keys, 1))),
        replicas_(static_cast<size_t>(o.replicas)),
        rng_(o.seed ^ 0x5eed5eedull) {
    Replica r;
    r.registers.resize(keys_);
    r.sets.resize(keys_);
    r.counters.assign(keys_, 0);
    r.applied.assign(replicas_, 0);
    r.removed.resize(keys_);
    nodes_.assign(replicas_, r);
    transit_.resize(replicas_);
  }

  size_t keys() const override { return keys_; }

  void choose(Rng& rng, Values& values, Op& op) override {
    auto value = [&] { return values.next(rng); };
    int r = static_cast<int>(rng() % 10);
    op.arg = Datum::nil();
    if (kind_ == models::Convergence::kSet) {
      op.f = r < 5 ? "add" : r < 6 ? "remove" : "read";
      op.update = r < 6;
      if (r < 5) op.arg = Datum::integer(value());
      // A remove names an element some replica has seen added, if any.
      if (r == 5) op.arg = Datum::integer(added_.empty() ? value() : added_[rng() % added_.size()]);
    } else if (kind_ == models::Convergence::kCounter) {
      op.f = r < 6 ? "add" : "read";
      op.update = r < 6;
      if (r < 6) op.arg = Datum::integer(1 + static_cast<int64_t>(rng() % 5));
    } else {  // a register, last writer wins
      op.f = r < 5 ? gen_.read : gen_.write;
      op.update = r >= 5;
      if (op.update)
        op.arg = gen_.string_values ? Datum::string("x" + std::to_string(value()) + " ")
                                    : Datum::integer(value());
    }
  }

  bool apply(Op& op, int node) override {
    Replica& rep = nodes_[static_cast<size_t>(node)];
    size_t k = op.key ? static_cast<size_t>(*op.key) : 0;
    op.result = op.arg;
    if (!op.update) {
      op.result = read(rep, k);
      return true;
    }
    Update u;
    u.origin = node;
    u.key = static_cast<int64_t>(k);
    u.f = op.f;
    u.arg = op.arg;
    u.stamp = now_;
    apply_update(rep, u);
    rep.applied[static_cast<size_t>(node)] += 1;
    u.clock = rep.applied;
    if (u.f == "add") added_.push_back(u.arg.number);
    for (size_t d = 0; d < replicas_; ++d) {
      if (d == static_cast<size_t>(node)) continue;
      Update copy = u;
      copy.arrives = now_ + 1000 * (1 + static_cast<int64_t>(rng_() % 400));
      transit_[d].push_back(std::move(copy));
    }
    return true;
  }

  void advance(int64_t now) override {
    now_ = now;
    for (size_t d = 0; d < replicas_; ++d) deliver(d, false);
  }

  void settle() override {
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t d = 0; d < replicas_; ++d) progress |= deliver(d, true);
    }
  }

 private:
  struct Replica {
    std::vector<RegisterState> registers;
    std::vector<std::vector<int64_t>> sets;     // sorted
    std::vector<std::vector<int64_t>> removed;  // sorted: removes seen, for adds yet to come
    std::vector<int64_t> counters;
    std::vector<uint64_t> applied;  // updates applied, per origin
  };

  Datum read(const Replica& rep, size_t k) const {
    if (kind_ == models::Convergence::kCounter) return Datum::integer(rep.counters[k]);
    if (kind_ == models::Convergence::kSet) {
      std::vector<Datum> items;
      for (int64_t x : rep.sets[k]) items.push_back(Datum::integer(x));
      return Datum::list(std::move(items));
    }
    return rep.registers[k].value;
  }

  void apply_update(Replica& rep, const Update& u) {
    size_t k = static_cast<size_t>(u.key);
    if (kind_ == models::Convergence::kCounter) {
      rep.counters[k] += u.arg.number;
    } else if (kind_ == models::Convergence::kSet) {
      // Elements are added once each, so a remove that arrives before its
      // add leaves a tombstone that the add then respects: replicas agree
      // whatever the delivery order.
      const int64_t x = u.arg.number;
      std::vector<int64_t>& s = rep.sets[k];
      std::vector<int64_t>& gone = rep.removed[k];
      auto it = std::lower_bound(s.begin(), s.end(), x);
      bool present = it != s.end() && *it == x;
      if (u.f == "add" && !present && !std::binary_search(gone.begin(), gone.end(), x))
        s.insert(it, x);
      if (u.f == "remove") {
        if (present) s.erase(it);
        auto g = std::lower_bound(gone.begin(), gone.end(), x);
        if (g == gone.end() || *g != x) gone.insert(g, x);
      }
    } else {
      RegisterState& r = rep.registers[k];
      if (u.stamp > r.stamp || (u.stamp == r.stamp && u.origin > r.origin))
        r = {u.arg, u.stamp, u.origin};
    }
  }

  bool ready(const Replica& rep, const Update& u) const {
    if (delivery_ == "random") return true;
    size_t s = static_cast<size_t>(u.origin);
    if (u.clock[s] != rep.applied[s] + 1) return false;
    if (delivery_ == "fifo") return true;
    for (size_t j = 0; j < replicas_; ++j)
      if (j != s && u.clock[j] > rep.applied[j]) return false;
    return true;
  }

  // Applies every message to replica d that has arrived (or all, when
  // `everything`) and may be applied; repeats while that frees others.
  bool deliver(size_t d, bool everything) {
    std::vector<Update>& q = transit_[d];
    Replica& rep = nodes_[d];
    bool any = false;
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t i = 0; i < q.size();) {
        if ((everything || q[i].arrives <= now_) && ready(rep, q[i])) {
          apply_update(rep, q[i]);
          rep.applied[static_cast<size_t>(q[i].origin)] += 1;
          q[i] = std::move(q.back());
          q.pop_back();
          progress = any = true;
        } else {
          ++i;
        }
      }
    }
    return any;
  }

  models::Convergence kind_;
  const gen::Generator& gen_;
  std::string delivery_;
  size_t keys_, replicas_;
  Rng rng_;
  std::vector<Replica> nodes_;
  std::vector<std::vector<Update>> transit_;  // per destination
  std::vector<int64_t> added_;
  int64_t now_ = 0;
};

}  // namespace

std::unique_ptr<Store> replicated_store(const GenerateOptions& options,
                                        const models::ModelDef& model) {
  return std::make_unique<ReplicatedStore>(options, model);
}

}  // namespace ariadne::gen
