// Property tests of list-append convergence over a replicated list store
// simulated here: each replica keeps every key's list ordered by Lamport
// timestamp (ties by replica), appends locally and ships each append to the
// others with random delays, so concurrent appends interleave and earlier
// reads need not be prefixes of the final lists. Histories come out as
// single ops or Elle-style txns, in JSON or EDN, with or without `node`.
//   * Clean runs must be valid with no findings.
//   * One injected fault (a delivery dropped, an acknowledged append lost
//     everywhere, an element doubled, a value nobody appended, two elements
//     swapped in every final list after a read saw them in order) must be
//     invalid with the finding that names it.
//   * Randomly corrupted reads: the verdict must match a brute-force
//     reference that applies the contract's rules pair by pair.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"

namespace {

using ariadne::Verdict;
using Kind = ariadne::ConvergenceReport::FindingKind;
using List = std::vector<int64_t>;

enum class Fault { kNone, kDrop, kLose, kDouble, kGarbage, kSwap, kCorrupt };

struct Micro {
  bool append;
  int key;
  int64_t element = 0;  // append
  List list;            // read, as returned
};

struct Op {
  int replica;
  bool ok = true, final = false;
  std::vector<Micro> micros;
};

struct Entry {
  int64_t lamport;
  int replica;
  int64_t element;
  bool operator<(const Entry& o) const {
    return lamport != o.lamport ? lamport < o.lamport : replica < o.replica;
  }
};

struct Replica {
  std::map<int, std::vector<Entry>> lists;
  int64_t clock = 0;
  void apply(int key, const Entry& e) {
    std::vector<Entry>& l = lists[key];
    auto at = std::lower_bound(l.begin(), l.end(), e);
    if (at == l.end() || at->element != e.element) l.insert(at, e);
    clock = std::max(clock, e.lamport);
  }
  List read(int key) {
    List out;
    for (const Entry& e : lists[key]) out.push_back(e.element);
    return out;
  }
};

struct Pending {
  int due, to, key;
  Entry entry;
};

class Sim {
 public:
  Sim(uint64_t seed, Fault fault) : rng_(seed), fault_(fault) {
    replicas_.resize(1 + rng_() % 3);
    keys_ = 1 + static_cast<int>(rng_() % 3);
    txn_ = rng_() % 2;
    edn_ = rng_() % 2;
  }

  // Returns false when the fault could not be injected in this run.
  bool run() {
    int steps = 8 + static_cast<int>(rng_() % 30);
    int64_t dropped = -1;
    for (int t = 0; t < steps; ++t) {
      deliver(t, false);
      int r = static_cast<int>(rng_() % replicas_.size());
      Op op;
      op.replica = r;
      int micros = txn_ ? 1 + static_cast<int>(rng_() % 3) : 1;
      bool crash = rng_() % 10 == 0;
      bool applied = !crash || rng_() % 2;
      for (int m = 0; m < micros; ++m) {
        int key = static_cast<int>(rng_() % keys_);
        if (rng_() % 2) {
          Entry e{++replicas_[r].clock, r, next_++};
          op.micros.push_back({true, key, e.element, {}});
          if (!applied) continue;
          replicas_[r].apply(key, e);
          for (int to = 0; to < static_cast<int>(replicas_.size()); ++to) {
            if (to == r) continue;
            if (fault_ == Fault::kDrop && dropped < 0 && !crash) {
              dropped = e.element;
              continue;
            }
            pending_.push_back({t + 1 + static_cast<int>(rng_() % 6), to, key, e});
          }
        } else if (!crash) {
          op.micros.push_back({false, key, 0, replicas_[r].read(key)});
        }
      }
      if (op.micros.empty()) continue;
      op.ok = !crash;
      ops_.push_back(op);
    }
    deliver(0, true);
    if (fault_ == Fault::kDrop && dropped < 0) return false;
    if (fault_ == Fault::kLose && !lose_one()) return false;
    int swap_key = -1;
    if (fault_ == Fault::kSwap) {
      for (int k = 0; k < keys_ && swap_key < 0; ++k)
        if (replicas_[0].read(k).size() >= 2) swap_key = k;
      if (swap_key < 0) return false;
      ops_.push_back({0, true, false, {{false, swap_key, 0, replicas_[0].read(swap_key)}}});
    }
    // Final reads: every replica reads every key.
    for (int r = 0; r < static_cast<int>(replicas_.size()); ++r) {
      std::vector<Micro> reads;
      for (int k = 0; k < keys_; ++k) reads.push_back({false, k, 0, replicas_[r].read(k)});
      for (Micro& m : reads) {
        if (m.key == swap_key) std::swap(m.list[0], m.list[1]);
        if (txn_) continue;
        ops_.push_back({r, true, true, {m}});
      }
      if (txn_) ops_.push_back({r, true, true, reads});
    }
    if (fault_ == Fault::kDouble || fault_ == Fault::kGarbage) {
      Op& last = ops_.back();
      List& l = last.micros[rng_() % last.micros.size()].list;
      if (fault_ == Fault::kDouble) {
        if (l.empty()) return false;
        l.push_back(l[rng_() % l.size()]);
      } else {
        l.insert(l.begin() + static_cast<ptrdiff_t>(rng_() % (l.size() + 1)), 1000000);
      }
    }
    if (fault_ == Fault::kCorrupt) corrupt();
    return true;
  }

  std::string text() const {
    std::string out;
    for (const Op& op : ops_) out += event(op, true) + event(op, false);
    return out;
  }
  const char* name() const { return edn_ ? "sim.edn" : "sim.jsonl"; }

  // The contract's rules, pair by pair: invalid or valid (every replica
  // reads every key at the end, so never unknown).
  Verdict reference() const {
    for (int k = 0; k < keys_; ++k) {
      std::map<int64_t, int> possible, acked;
      std::vector<List> reads, finals;
      for (const Op& op : ops_)
        for (const Micro& m : op.micros) {
          if (m.key != k) continue;
          if (m.append) {
            ++possible[m.element];
            if (op.ok) ++acked[m.element];
          } else if (op.ok) {
            reads.push_back(m.list);
            if (op.final) finals.push_back(m.list);
          }
        }
      auto count = [](const List& l, int64_t x) { return std::count(l.begin(), l.end(), x); };
      std::vector<bool> duplicating(reads.size(), false);
      for (size_t i = 0; i < reads.size(); ++i)
        for (int64_t x : reads[i])
          if (count(reads[i], x) > possible[x]) return Verdict::kInvalid;
      for (const List& f : finals) {
        if (f != finals[0]) return Verdict::kInvalid;
        for (auto [x, n] : possible) {
          bool seen = std::any_of(reads.begin(), reads.end(),
                                  [&](const List& r) { return count(r, x) > 0; });
          if (count(f, x) < acked[x] || (acked[x] == 0 && seen && count(f, x) == 0))
            return Verdict::kInvalid;
        }
        for (const List& r : reads)
          for (size_t i = 0; i < r.size(); ++i)
            for (size_t j = i + 1; j < r.size(); ++j) {
              auto a = std::find(f.begin(), f.end(), r[i]), b = std::find(f.begin(), f.end(), r[j]);
              if (a != f.end() && b != f.end() && count(f, r[i]) == 1 && count(f, r[j]) == 1 &&
                  b < a)
                return Verdict::kInvalid;
            }
      }
    }
    return Verdict::kValid;
  }

 private:
  void deliver(int now, bool all) {
    for (size_t i = 0; i < pending_.size();) {
      if (all || pending_[i].due <= now) {
        replicas_[pending_[i].to].apply(pending_[i].key, pending_[i].entry);
        pending_.erase(pending_.begin() + static_cast<ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
  }

  // Removes an acknowledged append from every replica.
  bool lose_one() {
    for (const Op& op : ops_)
      for (const Micro& m : op.micros)
        if (op.ok && m.append) {
          for (Replica& r : replicas_) {
            auto& l = r.lists[m.key];
            l.erase(std::remove_if(l.begin(), l.end(),
                                   [&](const Entry& e) { return e.element == m.element; }),
                    l.end());
          }
          return true;
        }
    return false;
  }

  // Swaps, drops, doubles or invents elements in a few random reads.
  void corrupt() {
    for (Op& op : ops_)
      for (Micro& m : op.micros) {
        if (m.append || rng_() % 4 != 0) continue;
        List& l = m.list;
        switch (rng_() % 4) {
          case 0:
            if (l.size() >= 2) std::swap(l[rng_() % l.size()], l[rng_() % l.size()]);
            break;
          case 1:
            if (!l.empty()) l.erase(l.begin() + static_cast<ptrdiff_t>(rng_() % l.size()));
            break;
          case 2:
            if (!l.empty()) l.push_back(l[rng_() % l.size()]);
            break;
          default: l.push_back(static_cast<int64_t>(rng_() % (next_ + 2))); break;
        }
      }
  }

  std::string key_text(int k) const {
    return edn_ ? ":k" + std::to_string(k) : "\"k" + std::to_string(k) + "\"";
  }

  std::string list_text(const List& l) const {
    std::string out = "[";
    for (size_t i = 0; i < l.size(); ++i)
      out += (i ? (edn_ ? " " : ",") : "") + std::to_string(l[i]);
    return out + "]";
  }

  std::string event(const Op& op, bool invoke) const {
    const char* sep = edn_ ? " " : ",";
    auto field = [&](const std::string& name, const std::string& value) {
      return edn_ ? ":" + name + " " + value : "\"" + name + "\":" + value;
    };
    auto word = [&](const std::string& w) { return edn_ ? ":" + w : "\"" + w + "\""; };
    std::string type = invoke ? "invoke" : op.ok ? "ok" : "info";
    std::string out =
        "{" + field("process", std::to_string(op.replica)) + sep + field("type", word(type)) + sep;
    if (replicas_.size() > 1) out += field("node", "\"n" + std::to_string(op.replica) + "\"") + sep;
    if (op.final) out += field(edn_ ? "final-read?" : "final", "true") + sep;
    auto micro_value = [&](const Micro& m) {
      if (m.append) return std::to_string(m.element);
      return invoke || !op.ok ? std::string(edn_ ? "nil" : "null") : list_text(m.list);
    };
    if (txn_) {
      std::string v = "[";
      for (size_t i = 0; i < op.micros.size(); ++i) {
        const Micro& m = op.micros[i];
        v += (i ? sep : "") + std::string("[") + word(m.append ? "append" : "r") + sep +
             key_text(m.key) + sep + micro_value(m) + "]";
      }
      out += field("f", word("txn")) + sep + field("value", v + "]");
    } else {
      const Micro& m = op.micros[0];
      out += field("f", word(m.append ? "append" : "read")) + sep + field("key", key_text(m.key)) +
             sep + field("value", micro_value(m));
    }
    return out + "}\n";
  }

  std::mt19937_64 rng_;
  Fault fault_;
  std::vector<Replica> replicas_;
  std::vector<Pending> pending_;
  std::vector<Op> ops_;
  int keys_ = 1;
  bool txn_ = false, edn_ = false;
  int64_t next_ = 1;
};

ariadne::CheckResult check(const Sim& sim) {
  ariadne::ReadResult r = ariadne::read_history_buffer(sim.text(), sim.name(), {});
  INFO(sim.text());
  REQUIRE(r.ok());
  ariadne::CheckOptions options;
  options.model = "list-append";
  options.consistency = ariadne::Consistency::kEventual;
  options.threads = 1;
  ariadne::CheckResult c = ariadne::check(r.history, options);
  REQUIRE_FALSE(c.error.has_value());
  REQUIRE(c.convergence != nullptr);
  return c;
}

bool has(const ariadne::CheckResult& c, Kind kind) {
  const auto& fs = c.convergence->findings;
  return std::any_of(fs.begin(), fs.end(), [&](const auto& f) { return f.kind == kind; });
}

}  // namespace

TEST_CASE("a simulated replicated list: clean runs are valid, every injected fault is found",
          "[list-append-convergence]") {
  struct Case {
    Fault fault;
    Kind kind;
  };
  for (Case k : {Case{Fault::kNone, Kind::kDivergent}, Case{Fault::kDrop, Kind::kLost},
                 Case{Fault::kLose, Kind::kLost}, Case{Fault::kDouble, Kind::kDuplicate},
                 Case{Fault::kGarbage, Kind::kUnexpected}, Case{Fault::kSwap, Kind::kReordered}}) {
    int injected = 0;
    for (uint64_t seed = 1; seed <= 400; ++seed) {
      Sim sim(seed * 7919 + static_cast<uint64_t>(k.fault), k.fault);
      if (!sim.run()) continue;
      ++injected;
      ariadne::CheckResult c = check(sim);
      INFO("fault " << static_cast<int>(k.fault) << " seed " << seed << "\n" << sim.text());
      CHECK(sim.reference() == c.verdict);
      if (k.fault == Fault::kNone) {
        CHECK(c.verdict == Verdict::kValid);
        CHECK(c.convergence->findings.empty());
      } else {
        CHECK(c.verdict == Verdict::kInvalid);
        CHECK(has(c, k.kind));
      }
    }
    CHECK(injected >= 100);  // most runs can carry the fault
  }
}

TEST_CASE("list-append convergence agrees with a brute-force reference on corrupted reads",
          "[list-append-convergence]") {
  int invalid = 0, valid = 0;
  for (uint64_t seed = 1; seed <= 1500; ++seed) {
    Sim sim(seed, Fault::kCorrupt);
    REQUIRE(sim.run());
    ariadne::CheckResult c = check(sim);
    INFO("seed " << seed << "\n" << sim.text());
    REQUIRE(sim.reference() == c.verdict);
    (c.verdict == Verdict::kInvalid ? invalid : valid)++;
  }
  // Both verdicts occur often enough for the comparison to mean something.
  CHECK(invalid >= 200);
  CHECK(valid >= 100);
}
