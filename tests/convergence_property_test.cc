// Property tests of the eventual-consistency checker over a replicated
// store simulated here: replicas apply updates locally and ship them to the
// others with random delays (an add-wins OR-set, a last-writer-wins
// register, a counter). Clean runs must be valid with no findings; runs with
// one injected fault (a delivery dropped at one replica, an acknowledged
// update lost everywhere, an element duplicated in a read or an increment
// applied twice, a value nobody wrote) must be invalid, and the report must
// name the fault.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"

namespace {

using ariadne::Verdict;
using Kind = ariadne::ConvergenceReport::FindingKind;

enum class Model { kSet, kRegister, kCounter };
enum class Fault { kNone, kDiverge, kLose, kDuplicate };

const char* model_name(Model m) {
  return m == Model::kSet ? "set" : m == Model::kRegister ? "register" : "counter";
}

// One replica's state. Set: element -> live tags; register: (timestamp, value).
struct Replica {
  std::map<int64_t, std::set<int64_t>> tags;
  std::set<int64_t> removed_tags;
  int64_t ts = -1, value = 0;  // register: value meaningful when ts >= 0
  int64_t count = 0;
  int process = 0;
};

// An effect as shipped between replicas.
struct Effect {
  enum { kAdd, kRemove, kWrite, kIncrement } kind;
  int64_t element = 0, tag = 0, ts = 0, value = 0;
  std::vector<int64_t> tags;  // remove: the tags observed
};

struct Delivery {
  int64_t due;
  int to;
  Effect effect;
};

class Store {
 public:
  Store(uint64_t seed, Model model, Fault fault)
      : rng_(seed), model_(model), fault_(fault), replicas_(2 + rng_() % 4) {
    for (size_t i = 0; i < replicas_.size(); ++i) replicas_[i].process = static_cast<int>(i);
    // A crashed delta widens a counter's bounds, and a crashed write may
    // legally be the last writer: with either, a fault need not show.
    crashes_ = model == Model::kSet || fault == Fault::kNone;
  }

  void run() {
    int steps = 20 + static_cast<int>(rng_() % 40);
    for (int i = 0; i < steps; ++i) step(static_cast<int>(rng_() % replicas_.size()), false);
    if (fault_ != Fault::kNone) inject();
    for (size_t r = 0; r < replicas_.size(); ++r) finish_open(static_cast<int>(r));
    deliver(INT64_MAX);
    for (size_t r = 0; r < replicas_.size(); ++r) final_read(static_cast<int>(r));
  }

  std::string text;
  int victim_line = 0;   // the faulty update's (or read's) invoke line
  int dropped_at = -1;   // kDiverge: the replica that missed it
  int64_t phantom = -1;  // register kDuplicate: the value nobody wrote
  size_t replica_count() const { return replicas_.size(); }

 private:
  struct Open {
    bool open = false;
    std::string f, arg, result;
    std::string completion = "ok";
  };

  std::string node(int r) const { return "n" + std::to_string(r); }

  void emit(int r, const std::string& type, const std::string& f, const std::string& value,
            bool final = false) {
    text += "{\"process\":" + std::to_string(replicas_[r].process) + ",\"node\":\"" + node(r) +
            "\",\"type\":\"" + type + "\",\"f\":\"" + f + "\",\"value\":" + value +
            (final ? ",\"final\":true" : "") + "}\n";
    ++line_;
    ++now_;
    deliver(now_);
  }

  void deliver(int64_t until) {
    auto due = [&](const Delivery& d) { return d.due <= until; };
    std::vector<Delivery> ready;
    for (const Delivery& d : pending_)
      if (due(d)) ready.push_back(d);
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(), due), pending_.end());
    for (const Delivery& d : ready) apply(d.to, d.effect);
  }

  void apply(int r, const Effect& e) {
    Replica& rep = replicas_[r];
    switch (e.kind) {
      case Effect::kAdd:
        if (!rep.removed_tags.count(e.tag)) rep.tags[e.element].insert(e.tag);
        break;
      case Effect::kRemove:
        for (int64_t t : e.tags) {
          rep.removed_tags.insert(t);
          rep.tags[e.element].erase(t);
        }
        if (rep.tags[e.element].empty()) rep.tags.erase(e.element);
        break;
      case Effect::kWrite:
        if (e.ts > rep.ts) {
          rep.ts = e.ts;
          rep.value = e.value;
        }
        break;
      case Effect::kIncrement: rep.count += e.value; break;
    }
  }

  // Applies locally and ships to the others, except `skip`.
  void broadcast(int r, const Effect& e, int skip = -1) {
    apply(r, e);
    for (size_t o = 0; o < replicas_.size(); ++o)
      if (static_cast<int>(o) != r && static_cast<int>(o) != skip)
        pending_.push_back({now_ + static_cast<int64_t>(rng_() % 12), static_cast<int>(o), e});
  }

  std::string read_value(int r) const {
    const Replica& rep = replicas_[r];
    if (model_ == Model::kCounter) return std::to_string(rep.count);
    if (model_ == Model::kRegister) return rep.ts < 0 ? "null" : std::to_string(rep.value);
    std::string out = "[";
    for (const auto& [x, tags] : rep.tags) out += (out.size() > 1 ? "," : "") + std::to_string(x);
    return out + "]";
  }

  Effect update_effect(int r, std::string& f, std::string& arg, bool fresh) {
    Effect e{};
    if (model_ == Model::kSet) {
      const Replica& rep = replicas_[r];
      if (!fresh && !rep.tags.empty() && rng_() % 3 == 0) {
        auto it = rep.tags.begin();
        std::advance(it, rng_() % rep.tags.size());
        f = "remove";
        e.kind = Effect::kRemove;
        e.element = it->first;
        e.tags.assign(it->second.begin(), it->second.end());
      } else {
        f = "add";
        e.kind = Effect::kAdd;
        e.element = fresh ? 1000 + next_tag_ : static_cast<int64_t>(rng_() % 8);
        e.tag = next_tag_++;
      }
      arg = std::to_string(e.element);
    } else if (model_ == Model::kRegister) {
      f = "write";
      e.kind = Effect::kWrite;
      e.ts = now_;
      e.value = fresh ? 1000 + now_ : static_cast<int64_t>(rng_() % 5);
      arg = std::to_string(e.value);
    } else {
      f = "add";
      e.kind = Effect::kIncrement;
      e.value = 1 + static_cast<int64_t>(rng_() % 5);
      arg = std::to_string(e.value);
    }
    return e;
  }

  void step(int r, bool) {
    Open& o = open_[r];
    if (o.open) {
      emit(r, o.completion, o.f, o.completion == "ok" ? o.result : o.arg);
      if (o.completion == "info") replicas_[r].process += 100;  // Jepsen opens a new process
      o.open = false;
      return;
    }
    o = Open{};
    o.open = true;
    if (rng_() % 3 == 0) {
      o.f = "read";
      o.arg = "null";
      emit(r, "invoke", "read", "null");
      o.result = read_value(r);
    } else {
      Effect e = update_effect(r, o.f, o.arg, false);
      emit(r, "invoke", o.f, o.arg);
      unsigned fate = rng_() % 10;
      if (fate == 0) {
        o.completion = "fail";  // not applied
      } else if (fate == 1 && crashes_) {
        o.completion = "info";  // not applied
      } else {
        if (fate == 2 && crashes_) o.completion = "info";  // applied, not acknowledged
        broadcast(r, e);
      }
      o.result = o.arg;
    }
    if (rng_() % 2) step(r, false);  // complete at once, or later
  }

  void finish_open(int r) {
    if (open_[r].open) step(r, false);
    if (open_[r].open) step(r, false);
  }

  // One acknowledged update (or read) that breaks the run.
  void inject() {
    for (size_t r = 0; r < replicas_.size(); ++r) finish_open(static_cast<int>(r));
    int r = static_cast<int>(rng_() % replicas_.size());
    if (fault_ == Fault::kDuplicate && model_ != Model::kCounter) {
      if (model_ == Model::kRegister) {
        phantom = 999999;
        broadcast(r, Effect{Effect::kWrite, 0, 0, now_ + 1000000, phantom, {}});
        return;
      }
      duplicate_final_ = true;  // a set: the final read of replica r shows one element twice
      duplicate_at_ = r;
    }
    std::string f, arg;
    Effect e = update_effect(r, f, arg, true);
    victim_line = line_ + 1;
    emit(r, "invoke", f, arg);
    if (fault_ == Fault::kDiverge) {
      dropped_at = static_cast<int>((r + 1 + rng_() % (replicas_.size() - 1)) % replicas_.size());
      broadcast(r, e, dropped_at);
    } else if (fault_ == Fault::kDuplicate) {
      broadcast(r, e);
      if (model_ == Model::kCounter) broadcast(r, e);  // applied twice
    }                                                  // kLose: applied nowhere, yet acknowledged
    emit(r, "ok", f, arg);
  }

  void final_read(int r) {
    std::string v = read_value(r);
    if (duplicate_final_ && duplicate_at_ == r) {
      victim_line = line_ + 1;
      v.insert(1, v.substr(1, v.find_first_of(",]") - 1) + ",");
    }
    emit(r, "invoke", "read", "null", true);
    emit(r, "ok", "read", v, true);
  }

  std::mt19937_64 rng_;
  Model model_;
  Fault fault_;
  std::vector<Replica> replicas_;
  std::map<int, Open> open_;
  std::vector<Delivery> pending_;
  int64_t now_ = 0, next_tag_ = 0;
  int line_ = 0;
  bool crashes_ = true, duplicate_final_ = false;
  int duplicate_at_ = -1;
};

std::vector<int> lines_of(const ariadne::History& h, const std::vector<uint32_t>& ops) {
  std::vector<int> out;
  for (uint32_t op : ops) out.push_back(static_cast<int>(h.first_event(h.ops[op]).line));
  return out;
}

bool has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("a simulated replicated store: clean runs are valid, every injected fault is found",
          "[convergence][property]") {
  constexpr uint64_t kSeeds = 1500;
  size_t checked = 0;
  for (Fault fault : {Fault::kNone, Fault::kDiverge, Fault::kLose, Fault::kDuplicate}) {
    for (uint64_t seed = 0; seed < kSeeds; ++seed) {
      Model model = static_cast<Model>(seed % 3);
      Store store(seed * 7919 + static_cast<uint64_t>(fault), model, fault);
      store.run();
      ariadne::ReadResult read = ariadne::read_history_buffer(store.text, "sim.jsonl", {});
      REQUIRE(read.ok());
      ariadne::CheckOptions options;
      options.model = model_name(model);
      options.consistency = ariadne::Consistency::kEventual;
      options.threads = 1;
      // This store's registers promise that a later write wins (true-time
      // LWW), so a lost write is judged by real time.
      options.arbitration = ariadne::Arbitration::kRealtime;
      ariadne::CheckResult r = ariadne::check(read.history, options);
      INFO("fault " << static_cast<int>(fault) << " model " << model_name(model) << " seed " << seed
                    << "\n"
                    << store.text);
      REQUIRE_FALSE(r.error.has_value());
      REQUIRE(r.convergence != nullptr);
      const auto& report = *r.convergence;
      ++checked;
      REQUIRE(report.replicas.size() == store.replica_count());
      if (fault == Fault::kNone) {
        REQUIRE(r.verdict == Verdict::kValid);
        REQUIRE(report.findings.empty());
        REQUIRE(report.lost.empty());
        // Causal arbitration is weaker: a clean run stays valid under it.
        options.arbitration = ariadne::Arbitration::kCausal;
        REQUIRE(ariadne::check(read.history, options).verdict == Verdict::kValid);
        continue;
      }
      REQUIRE(r.verdict == Verdict::kInvalid);
      REQUIRE(r.counterexample.has_value());
      auto kinds = [&](Kind k) {
        return std::count_if(report.findings.begin(), report.findings.end(),
                             [&](const auto& f) { return f.kind == k; });
      };
      switch (fault) {
        case Fault::kDiverge: {
          std::string missed = "n" + std::to_string(store.dropped_at);
          auto it = std::find_if(report.findings.begin(), report.findings.end(),
                                 [](const auto& f) { return f.kind == Kind::kDivergent; });
          REQUIRE(it != report.findings.end());
          REQUIRE(std::find(it->replicas.begin(), it->replicas.end(), missed) !=
                  it->replicas.end());
          REQUIRE(has(lines_of(read.history, report.lost), store.victim_line));
          break;
        }
        case Fault::kLose:
          REQUIRE(kinds(Kind::kDivergent) == 0);
          REQUIRE(has(lines_of(read.history, report.lost), store.victim_line));
          break;
        case Fault::kDuplicate:
          if (model == Model::kSet) {
            REQUIRE(has(lines_of(read.history, report.duplicated), store.victim_line));
          } else if (model == Model::kCounter) {
            REQUIRE(kinds(Kind::kUnexpected) == 1);
          } else {
            REQUIRE(kinds(Kind::kUnexpected) == 1);
            REQUIRE(report.findings.front().elements.front() == ariadne::Value::integer(999999));
          }
          break;
        case Fault::kNone: break;
      }
    }
  }
  CHECK(checked == 4 * kSeeds);
}
