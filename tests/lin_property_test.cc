// Differential tests of the linearizability and sequential-consistency
// checks: thousands of small random histories per model, each checked by
// ariadne::check and by the naive reference checker (reference_checker.h),
// for both consistency models. A disagreement fails with the history, shrunk
// to a minimal one (no single operation can be removed and keep the
// disagreement), as JSON Lines, and both verdicts.
//
// Histories come from simulating correct objects under a random schedule of
// 1-4 client processes (so they start out linearizable), with crashed
// operations (`info`, or never completed; sometimes the process goes on
// after an `info`) and failed ones, then perturbing some results with some
// probability so that about a third are not. At most 8 operations; values
// are 0-3 so that collisions happen. A quarter of the histories name one of
// two keys in every operation (kv and list-append always do): linearizability
// is then checked per key, sequential consistency on the whole. Every
// history goes through the JSON Lines reader (read_history_buffer), a third
// of them with `time` fields that tie (closed intervals touching at one
// point are concurrent).
//
// Deterministic: a fixed seed per model. Fewer iterations under a sanitizer;
// ARIADNE_PROPERTY_ITERATIONS=N sets the number per model, and
// ARIADNE_PROPERTY_VERBOSE=1 prints what was checked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "models/model.h"
#include "reference_checker.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARIADNE_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARIADNE_TEST_SANITIZED 1
#endif
#endif

namespace {

using reference::Op;
using reference::Status;

#ifdef ARIADNE_TEST_SANITIZED
constexpr int kHistoriesPerModel = 1000;
#else
constexpr int kHistoriesPerModel = 20000;
#endif

// The number of histories per model: ARIADNE_PROPERTY_ITERATIONS overrides.
int histories_per_model() {
  if (const char* env = std::getenv("ARIADNE_PROPERTY_ITERATIONS")) return std::atoi(env);
  return kHistoriesPerModel;
}

const char* const kKeyNames[] = {"x", "y"};

// A generated history: operations and the order of their events.
struct Generated {
  std::string model;
  std::optional<int64_t> initial;  // register, cas-register, kv
  int keys = 0;                    // 0: no `key` field; else ops name one of `keys` keys
  bool timed = false;              // events carry `time`, two per tick
  bool string_processes = false;   // "p0" rather than 0
  std::vector<Op> ops;             // start/end/order are filled in by render()
  struct EventRef {
    size_t op;
    bool completion;
  };
  std::vector<EventRef> events;
  bool nil_any = false;              // --nil-reads any
  std::vector<int64_t> key_initial;  // kv: a map --initial, per key (kNil: nil)

  reference::Spec spec() const { return {model, initial, std::max(keys, 1), nil_any, key_initial}; }
};

bool takes_argument(const std::string& f) {
  return f == "write" || f == "add" || f == "remove" || f == "enqueue" || f == "push" ||
         f == "append";
}
bool returns_value(const std::string& f) { return f == "read" || f == "dequeue" || f == "pop"; }
bool reads_a_list(const std::string& model) {
  return model == "set" || model == "list-append" || model == "kv-append";
}

// kv-append: each piece is the one-character string of its digit.
std::string kv_append_value(const Generated& g, const Op& op, bool completion) {
  auto piece = [](int64_t x) { return std::to_string(x); };
  if (op.f == "cas") return "[\"" + piece(op.arg) + "\", \"" + piece(op.arg2) + "\"]";
  if (takes_argument(op.f)) return "\"" + piece(op.arg) + "\"";
  if (!completion || op.status != Status::kOk || !returns_value(op.f)) return "null";
  std::string text;
  for (int64_t x : op.elements) text += piece(x);
  return "\"" + text + "\"";
}

std::string json_value(const Generated& g, const Op& op, bool completion) {
  if (g.model == "kv-append") return kv_append_value(g, op, completion);
  if (op.f == "cas") return "[" + std::to_string(op.arg) + ", " + std::to_string(op.arg2) + "]";
  if (takes_argument(op.f)) return std::to_string(op.arg);
  if (!completion || op.status != Status::kOk || !returns_value(op.f)) return "null";
  if (reads_a_list(g.model)) {
    std::string out = "[";
    for (size_t i = 0; i < op.elements.size(); ++i)
      out += (i ? ", " : "") + std::to_string(op.elements[i]);
    return out + "]";
  }
  return op.result ? std::to_string(*op.result) : "null";
}

// Writes the JSON Lines text and fills in each op's start, end and order as
// the checker will see them (positions, or times when timed).
std::string render(Generated& g) {
  std::string out;
  for (Op& op : g.ops) op.end = reference::kInfinity;
  for (size_t pos = 0; pos < g.events.size(); ++pos) {
    const Generated::EventRef& e = g.events[pos];
    Op& op = g.ops[e.op];
    const int64_t time = g.timed ? static_cast<int64_t>(pos / 2) * 10 : static_cast<int64_t>(pos);
    const char* type = "invoke";
    if (e.completion)
      type = op.status == Status::kOk ? "ok" : op.status == Status::kFail ? "fail" : "info";
    std::string process =
        g.string_processes ? "\"p" + std::to_string(op.process) + "\"" : std::to_string(op.process);
    out += "{\"process\": " + process + ", \"type\": \"" + type + "\", \"f\": \"" + op.f + "\"";
    if (op.key >= 0) out += std::string(", \"key\": \"") + kKeyNames[op.key] + "\"";
    out += ", \"value\": " + json_value(g, op, e.completion);
    if (g.timed) out += ", \"time\": " + std::to_string(time);
    out += "}\n";
    if (!e.completion) {
      op.start = time;
      op.order = static_cast<int64_t>(pos);
    } else if (op.status != Status::kCrashed) {
      op.end = time;
    }
  }
  return out;
}

// Simulates correct objects of `model` under a random schedule, then
// perturbs the history.
class Generator {
 public:
  // knossos: histories to check with --nil-reads any (mostly), kv ones
  // mostly with per-key initial values, and more reads of nil.
  Generator(std::string model, uint64_t seed, bool knossos = false)
      : model_(std::move(model)), knossos_(knossos), rng_(seed) {}

  Generated next() {
    Generated g;
    g.model = model_;
    const bool registers = model_ == "register" || model_ == "cas-register" || model_ == "kv";
    if (registers && chance(0.3)) g.initial = 0;
    if (model_ == "kv" || model_ == "kv-append" || model_ == "list-append")
      g.keys = uniform(1, 2);
    else if (chance(0.25))
      g.keys = uniform(1, 2);
    if (knossos_) {
      g.nil_any = chance(0.8);
      if (model_ == "kv" && chance(0.7))
        for (int k = 0; k < g.keys; ++k) {
          int v = uniform(-1, 1);
          g.key_initial.push_back(v < 0 ? reference::kNil : v);
        }
    }
    g.timed = chance(0.33);
    g.string_processes = chance(0.2);
    const bool crashes = chance(0.6), failures = chance(0.6);
    const int target_ops = uniform(1, 8);
    const int processes = uniform(1, 4);

    reference::Spec spec = g.spec();
    reference::States objects = spec.initial_states();
    std::vector<int> holder(objects.size(), -1);  // mutex: the process holding each lock

    std::vector<Client> clients;
    int next_process = 0;
    for (int i = 0; i < processes; ++i) clients.push_back({next_process++});

    for (int step = 0; step < 200; ++step) {
      bool all_done = true;
      for (const Client& c : clients)
        if (c.phase != Client::kGone &&
            (c.phase != Client::kIdle || (int)g.ops.size() < target_ops))
          all_done = false;
      if (all_done) break;
      Client& c = clients[uniform(0, static_cast<int>(clients.size()) - 1)];
      if (c.phase == Client::kGone) continue;
      if (c.phase == Client::kIdle) {
        if ((int)g.ops.size() >= target_ops) continue;
        Op op = random_op(g.keys, holder, c.id);
        op.process = c.id;
        c.op = g.ops.size();
        g.ops.push_back(op);
        g.events.push_back({c.op, false});
        c.phase = Client::kInvoked;
        continue;
      }
      Op& op = g.ops[c.op];
      if (c.phase == Client::kInvoked) {
        if (crashes && chance(0.08)) {  // crashed before taking effect
          op.status = Status::kCrashed;
          g.events.push_back({c.op, true});
          retire(c, clients, next_process);
          continue;
        }
        if (failures && chance(0.1)) {  // failed: no effect
          op.status = Status::kFail;
          g.events.push_back({c.op, true});
          c.phase = Client::kIdle;
          continue;
        }
        if (chance(0.5)) continue;  // not yet
        const size_t k = op.key < 0 ? 0 : static_cast<size_t>(op.key);
        if (!apply(objects[k], op)) {
          if (model_ == "mutex") continue;  // waits for the lock
          op.status = Status::kFail;        // a cas that did not match
          g.events.push_back({c.op, true});
          c.phase = Client::kIdle;
          continue;
        }
        if (model_ == "mutex") holder[k] = op.f == "acquire" ? c.id : -1;
        c.phase = Client::kApplied;
        continue;
      }
      // Applied: completes ok, or crashes after taking effect.
      if (crashes && chance(0.12)) {
        op.status = Status::kCrashed;
        g.events.push_back({c.op, true});
        retire(c, clients, next_process);
        continue;
      }
      if (chance(0.3)) continue;  // not yet
      op.status = Status::kOk;
      g.events.push_back({c.op, true});
      c.phase = Client::kIdle;
    }
    // Whatever is still open never completed.
    for (Client& c : clients)
      if (c.phase == Client::kInvoked || c.phase == Client::kApplied)
        g.ops[c.op].status = Status::kCrashed;
    if (!crashes) drop_open_ops(g);

    if (chance(0.9)) perturb(g, uniform(1, 3));
    if (knossos_ && chance(0.6)) {  // an ok read returns nil
      Op& op = g.ops[uniform(0, static_cast<int>(g.ops.size()) - 1)];
      if (op.status == Status::kOk && op.f == "read") op.result = std::nullopt;
    }
    return g;
  }

 private:
  struct Client {
    int id;
    enum { kIdle, kInvoked, kApplied, kGone } phase = kIdle;
    size_t op = 0;
  };

  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  int64_t small_value() { return uniform(0, 3); }
  std::optional<int64_t> small_value_or_nil() {
    int v = uniform(-1, 3);
    return v < 0 ? std::nullopt : std::optional<int64_t>(v);
  }

  Op random_op(int keys, const std::vector<int>& holder, int process) {
    Op op;
    auto pick = [&](std::initializer_list<const char*> fs) {
      std::vector<const char*> v(fs);
      op.f = v[uniform(0, static_cast<int>(v.size()) - 1)];
    };
    if (model_ == "register") pick({"read", "write"});
    if (model_ == "cas-register" || model_ == "kv") pick({"read", "write", "cas"});
    if (model_ == "kv-append") pick({"read", "append", "append", "write", "cas"});
    if (model_ == "counter") pick({"read", "add"});
    if (model_ == "set") pick({"read", "add", "add", "remove"});
    if (model_ == "list-append") pick({"read", "append"});
    if (model_ == "fifo-queue" || model_ == "unordered-queue") pick({"enqueue", "dequeue"});
    if (model_ == "stack") pick({"push", "pop"});
    op.key = keys > 0 ? uniform(0, keys - 1) : -1;
    if (model_ == "mutex") {  // release a lock it holds, else acquire one
      op.f = "acquire";
      for (size_t k = 0; k < holder.size(); ++k)
        if (holder[k] == process) {
          op.f = "release";
          op.key = keys > 0 ? static_cast<int>(k) : -1;
        }
    }
    op.arg = model_ == "counter" ? uniform(1, 2) : small_value();
    op.arg2 = small_value();
    return op;
  }

  // Applies op to the true object and records its result; false when it
  // cannot happen now (a mutex held, a cas that does not match).
  bool apply(reference::State& object, Op& op) {
    reference::Spec spec{model_, std::nullopt};
    if (op.f == "dequeue" || op.f == "pop") {
      // Every possible outcome, as if crashed; then pick one.
      Op any = op;
      any.status = Status::kCrashed;
      std::vector<reference::State> outcomes = spec.next(object, any);
      reference::State after = outcomes[uniform(0, static_cast<int>(outcomes.size()) - 1)];
      op.result = std::nullopt;
      if (after.size() < object.size()) {  // the element that left
        reference::State rest = after;
        for (int64_t x : object) {
          auto it = std::find(rest.begin(), rest.end(), x);
          if (it == rest.end()) {
            op.result = x;
            break;
          }
          rest.erase(it);
        }
      }
      object = after;
      return true;
    }
    if (op.f == "read") {
      if (reads_a_list(model_)) {
        op.elements = object;
        if (model_ == "set") std::shuffle(op.elements.begin(), op.elements.end(), rng_);
      } else {
        op.result = object[0] == reference::kNil ? std::nullopt : std::optional<int64_t>(object[0]);
      }
      return true;
    }
    if (op.f == "cas" && model_ != "kv-append" && object[0] != op.arg) return false;
    std::vector<reference::State> outcomes = spec.next(object, op);
    if (outcomes.empty()) return false;
    object = outcomes[0];
    return true;
  }

  // After a crash. Mostly the process is finished and Jepsen opens a new
  // one; sometimes (after `info`) it goes on, so that a crashed operation
  // precedes others of its process.
  void retire(Client& client, std::vector<Client>& clients, int& next_process) {
    if (chance(0.2)) {
      client.phase = Client::kIdle;
      return;
    }
    client.phase = Client::kGone;
    if (chance(0.7)) clients.push_back({next_process++});  // Jepsen opens a new process
  }

  static void drop_open_ops(Generated& g) {
    // No crashes wanted: forget the operations still open at the end.
    std::vector<bool> completed(g.ops.size(), false);
    for (const auto& e : g.events)
      if (e.completion) completed[e.op] = true;
    std::vector<size_t> renumber(g.ops.size());
    std::vector<Op> kept;
    for (size_t i = 0; i < g.ops.size(); ++i) {
      renumber[i] = kept.size();
      if (completed[i]) kept.push_back(g.ops[i]);
    }
    std::vector<Generated::EventRef> events;
    for (const auto& e : g.events)
      if (completed[e.op]) events.push_back({renumber[e.op], e.completion});
    g.ops.swap(kept);
    g.events.swap(events);
  }

  // Makes the history (probably) wrong: a result changed, an outcome
  // flipped between ok and fail, an argument changed, a mutex operation's
  // kind swapped.
  void perturb(Generated& g, int times) {
    for (int t = 0; t < times && !g.ops.empty(); ++t) {
      // Mostly an ok operation: changing a crashed one rarely matters.
      Op* pick = &g.ops[uniform(0, static_cast<int>(g.ops.size()) - 1)];
      for (int tries = 0; tries < 3 && pick->status != Status::kOk; ++tries)
        pick = &g.ops[uniform(0, static_cast<int>(g.ops.size()) - 1)];
      Op& op = *pick;
      const bool completed = op.status != Status::kCrashed;
      const int what = uniform(0, 3);
      if (model_ == "mutex" && what < 2) {
        op.f = op.f == "acquire" ? "release" : "acquire";
      } else if (what < 2 && op.status == Status::kOk && returns_value(op.f)) {
        if (reads_a_list(model_)) {
          std::vector<int64_t>& e = op.elements;
          int how = uniform(0, 3);
          if (how == 0 || e.empty()) {
            e.insert(e.begin() + uniform(0, static_cast<int>(e.size())), small_value());
          } else if (how == 1) {
            e.erase(e.begin() + uniform(0, static_cast<int>(e.size()) - 1));
          } else if (how == 2) {
            e[uniform(0, static_cast<int>(e.size()) - 1)] = small_value();
          } else {
            std::swap(e[uniform(0, static_cast<int>(e.size()) - 1)], e.back());
          }
        } else if (model_ == "counter") {
          op.result = *op.result + uniform(-2, 2);
        } else {
          op.result = small_value_or_nil();
        }
      } else if (what == 2 && completed) {
        // ok <-> fail: a failed operation whose effect is visible, or a
        // successful one that did nothing. Reads keep their result.
        op.status = op.status == Status::kOk ? Status::kFail : Status::kOk;
        if (op.status == Status::kOk && returns_value(op.f) && !op.result && !reads_a_list(model_))
          op.result =
              model_ == "counter" ? std::optional<int64_t>(small_value()) : small_value_or_nil();
      } else if (takes_argument(op.f)) {
        op.arg = model_ == "counter" ? uniform(1, 2) : small_value();
      }
    }
  }

  std::string model_;
  bool knossos_;
  std::mt19937_64 rng_;
};

struct Verdicts {
  bool linearizable = false, sequential = false;
  std::string error;  // ariadne could not check
};

Verdicts reference_verdicts(const Generated& g) {
  reference::Spec spec = g.spec();
  return {reference::linearizable(spec, g.ops), reference::sequential(spec, g.ops), ""};
}

Verdicts ariadne_verdicts(const Generated& g, const std::string& text) {
  Verdicts v;
  ariadne::ReadOptions read_options;
  read_options.format = ariadne::Format::kJsonl;
  read_options.threads = 1;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "generated.jsonl", read_options);
  if (!r.ok()) {
    v.error = "read: " + r.error->to_string();
    return v;
  }
  for (ariadne::Consistency c :
       {ariadne::Consistency::kLinearizable, ariadne::Consistency::kSequential}) {
    ariadne::CheckOptions options;
    options.model = g.model == "kv-append" ? "kv" : g.model;
    options.consistency = c;
    options.threads = 1;
    options.max_memory = uint64_t{16} << 30;  // not reading /proc/meminfo on every check
    options.shrink = false;                   // verdicts only
    if (g.initial) options.initial = ariadne::Value::integer(*g.initial);
    if (g.model == "kv-append") options.initial = ariadne::Value::string("");
    if (g.nil_any) options.nil_reads = ariadne::NilReads::kAny;
    for (size_t k = 0; k < g.key_initial.size(); ++k)
      options.initial_by_key.emplace_back(ariadne::Value::string(kKeyNames[k]),
                                          g.key_initial[k] == reference::kNil
                                              ? ariadne::Value()
                                              : ariadne::Value::integer(g.key_initial[k]));
    ariadne::CheckResult result = ariadne::check(r.history, options);
    if (result.error) {
      v.error = "check: " + result.error->to_string();
      return v;
    }
    if (result.verdict == ariadne::Verdict::kUnknown) {
      v.error = "check: unknown: " + result.reason;
      return v;
    }
    bool valid = result.verdict == ariadne::Verdict::kValid;
    (c == ariadne::Consistency::kLinearizable ? v.linearizable : v.sequential) = valid;
  }
  return v;
}

bool disagree(const Verdicts& a, const Verdicts& b) {
  return !b.error.empty() || a.linearizable != b.linearizable || a.sequential != b.sequential;
}

// Removes operations one at a time while ariadne and the reference still
// disagree.
Generated shrink(Generated g) {
  bool shrunk = true;
  while (shrunk) {
    shrunk = false;
    for (size_t drop = 0; drop < g.ops.size(); ++drop) {
      Generated smaller = g;
      smaller.ops.erase(smaller.ops.begin() + static_cast<std::ptrdiff_t>(drop));
      smaller.events.clear();
      for (const auto& e : g.events)
        if (e.op != drop) smaller.events.push_back({e.op > drop ? e.op - 1 : e.op, e.completion});
      std::string text = render(smaller);
      if (disagree(reference_verdicts(smaller), ariadne_verdicts(smaller, text))) {
        g = std::move(smaller);
        shrunk = true;
        break;
      }
    }
  }
  render(g);
  return g;
}

std::string verdict_text(const Verdicts& v) {
  if (!v.error.empty()) return v.error;
  return std::string("linearizable: ") + (v.linearizable ? "valid" : "invalid") +
         ", sequential: " + (v.sequential ? "valid" : "invalid");
}

std::string describe(Generated g) {
  std::string text = render(g);
  std::string out = "model " + g.model;
  if (g.initial) out += " --initial " + std::to_string(*g.initial);
  if (g.model == "kv-append") out += " (model kv --initial '\"\"')";
  if (g.nil_any) out += " --nil-reads any";
  if (!g.key_initial.empty()) {
    out += " --initial '{";
    for (size_t k = 0; k < g.key_initial.size(); ++k)
      out += std::string(k ? ", " : "") + "\"" + kKeyNames[k] + "\": " +
             (g.key_initial[k] == reference::kNil ? "null" : std::to_string(g.key_initial[k]));
    out += "}'";
  }
  if (g.keys > 0) out += " (keyed)";
  out += "\n" + text;
  out += "reference: " + verdict_text(reference_verdicts(g)) + "\n";
  out += "ariadne:   " + verdict_text(ariadne_verdicts(g, text)) + "\n";
  return out;
}

struct Counts {
  int histories = 0, lin_valid = 0, seq_valid = 0, with_crashed = 0, with_failed = 0;
  int sequential_only = 0;  // sequentially consistent, not linearizable
  int disagreements = 0;
  int linearizable_not_sequential = 0;  // ariadne contradicting itself
  std::string first_disagreement;       // shrunk, as text
  int nil_reads_matter = 0;             // --nil-reads any and value give different verdicts
};

// Checks `n` histories of `model`, counting verdicts and disagreements.
void compare_on_random_histories(const std::string& model, int n, uint64_t seed, Counts& counts,
                                 bool knossos = false) {
  Generator gen(model, seed, knossos);
  for (int i = 0; i < n; ++i) {
    Generated g = gen.next();
    std::string text = render(g);
    Verdicts expected = reference_verdicts(g);
    Verdicts got = ariadne_verdicts(g, text);
    ++counts.histories;
    counts.lin_valid += expected.linearizable;
    counts.seq_valid += expected.sequential;
    counts.sequential_only += expected.sequential && !expected.linearizable;
    bool crashed = false, failed = false;
    for (const Op& op : g.ops) {
      crashed |= op.status == Status::kCrashed;
      failed |= op.status == Status::kFail;
    }
    counts.with_crashed += crashed;
    counts.with_failed += failed;
    if (g.nil_any) {
      reference::Spec value = g.spec();
      value.nil_reads_any = false;
      counts.nil_reads_matter += reference::linearizable(value, g.ops) != expected.linearizable;
    }
    // Linearizable implies sequential when real time orders each process's
    // ops (untimed: no ties), crashed ops and reused processes included (a
    // crashed op precedes nothing of its process in either reading).
    counts.linearizable_not_sequential +=
        !g.timed && got.error.empty() && got.linearizable && !got.sequential;
    if (!disagree(expected, got)) continue;
    if (counts.disagreements++ == 0)
      counts.first_disagreement = "history " + std::to_string(i) + " of model " + model + ":\n" +
                                  describe(g) + "shrunk to:\n" + describe(shrink(g));
  }
}

// The registry's models that the reference knows, then kv-append (kv
// histories with appends).
std::vector<std::string> compared_models() {
  std::vector<std::string> out;
  for (const ariadne::models::ModelDef* m : ariadne::models::all_models())
    if (reference::knows(m->name)) out.push_back(m->name);
  out.push_back("kv-append");
  return out;
}

}  // namespace

TEST_CASE("random small histories get the reference checker's verdicts, for every model",
          "[linearizability][sequential][property]") {
  const int n = histories_per_model();
  for (const ariadne::models::ModelDef* def : ariadne::models::all_models())
    if (!reference::knows(def->name))
      WARN("model " << def->name << " has no reference specification (tests/reference_checker.h)");
  const std::vector<std::string> models = compared_models();
  CHECK(models.size() >= 11);
  for (size_t m = 0; m < models.size(); ++m) {
    const std::string model = models[m];
    DYNAMIC_SECTION("model " << model) {
      Counts counts;
      auto started = std::chrono::steady_clock::now();
      compare_on_random_histories(model, n, 20240601 + m, counts);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (std::getenv("ARIADNE_PROPERTY_VERBOSE"))
        std::printf(
            "%-16s %5d histories: linearizable %5d valid %5d invalid; sequential %5d valid "
            "%5d invalid; %4d sequential but not linearizable; %5d with crashed ops, %5d with "
            "failed ops; %.2f s\n",
            model.c_str(), counts.histories, counts.lin_valid, counts.histories - counts.lin_valid,
            counts.seq_valid, counts.histories - counts.seq_valid, counts.sequential_only,
            counts.with_crashed, counts.with_failed, seconds);
      {
        INFO(counts.disagreements << " of " << counts.histories
                                  << " histories disagree; the first one:\n"
                                  << counts.first_disagreement);
        CHECK(counts.disagreements == 0);
      }
      CHECK(counts.linearizable_not_sequential == 0);
      // The generator is worth something only if it makes both kinds.
      CHECK(counts.lin_valid >= counts.histories / 5);
      CHECK(counts.histories - counts.lin_valid >= counts.histories / 10);
      CHECK(counts.sequential_only >= counts.histories / 400);
      CHECK(counts.with_crashed >= counts.histories / 10);
      CHECK(counts.with_failed >= counts.histories / 10);
    }
  }
}

TEST_CASE(
    "with --nil-reads any and per-key initial values, random register histories get the "
    "reference checker's verdicts",
    "[linearizability][sequential][property][nil-reads][initial]") {
  const int n = histories_per_model() / 4;
  const char* const registers[] = {"register", "cas-register", "kv"};
  for (size_t m = 0; m < std::size(registers); ++m) {
    const std::string model = registers[m];
    DYNAMIC_SECTION("model " << model) {
      Counts counts;
      compare_on_random_histories(model, n, 20261206 + m, counts, true);
      INFO(counts.disagreements << " of " << counts.histories
                                << " histories disagree; the first one:\n"
                                << counts.first_disagreement);
      CHECK(counts.disagreements == 0);
      CHECK(counts.lin_valid >= counts.histories / 5);
      CHECK(counts.histories - counts.lin_valid >= counts.histories / 10);
      CHECK(counts.nil_reads_matter >= counts.histories / 50);
    }
  }
}

TEST_CASE("the reference checker knows the textbook cases", "[linearizability][reference]") {
  using reference::Spec;
  auto op = [](int process, std::string f, int64_t start, int64_t end) {
    Op o;
    o.process = process;
    o.f = std::move(f);
    o.start = start;
    o.order = start;
    o.end = end;
    return o;
  };
  Spec reg{"register", std::nullopt};
  // p0 writes 1, then p1 reads nil: sequential (the read first), not linearizable.
  Op w = op(0, "write", 0, 1);
  w.arg = 1;
  Op r = op(1, "read", 2, 3);
  CHECK_FALSE(reference::linearizable(reg, {w, r}));
  CHECK(reference::sequential(reg, {w, r}));
  // The write crashed: it may never have happened.
  w.status = Status::kCrashed;
  w.end = reference::kInfinity;
  CHECK(reference::linearizable(reg, {w, r}));
  // The read returns 1 instead: a crashed write may be read.
  r.result = 1;
  CHECK(reference::linearizable(reg, {w, r}));
  // ... but a failed one may not.
  w.status = Status::kFail;
  CHECK_FALSE(reference::linearizable(reg, {w, r}));
  CHECK_FALSE(reference::sequential(reg, {w, r}));
}

TEST_CASE("a set read that returns one element twice and misses another is invalid",
          "[linearizability][set][regression]") {
  // After adds of 1 and 2 the set is #{1 2}; a read of [1, 1] names two
  // elements but not the same two.
  const std::string text =
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"add\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"add\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"add\", \"value\": 2}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"add\", \"value\": 2}\n"
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"read\", \"value\": [1, 1]}\n";
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "set-duplicate-read.jsonl", {});
  REQUIRE(r.ok());
  for (ariadne::Consistency c :
       {ariadne::Consistency::kLinearizable, ariadne::Consistency::kSequential}) {
    ariadne::CheckOptions options;
    options.model = "set";
    options.consistency = c;
    ariadne::CheckResult result = ariadne::check(r.history, options);
    INFO("consistency " << ariadne::consistency_name(c));
    CHECK(result.verdict == ariadne::Verdict::kInvalid);
  }
}

// Regressions: the smallest histories the property test found, each named
// for what the checker got wrong.

namespace {

ariadne::Verdict check_text(const std::string& text, const std::string& model,
                            ariadne::Consistency consistency,
                            ariadne::Value initial = ariadne::Value()) {
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "regression.jsonl", {});
  REQUIRE(r.ok());
  ariadne::CheckOptions options;
  options.model = model;
  options.consistency = consistency;
  options.initial = initial;
  ariadne::CheckResult result = ariadne::check(r.history, options);
  REQUIRE_FALSE(result.error.has_value());
  return result.verdict;
}

}  // namespace

TEST_CASE("a write of the value a register already holds may still be linearized later",
          "[linearizability][sequential][regression]") {
  // Initial 1. p0's write of 1 overlaps p1's write of 0 and read of 1:
  // w0 w1 r1 is a linearization. Placed first, the write of 1 leaves the
  // state at 1, but it is no read: placed after w0 it changes 0 to 1.
  const std::string text =
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"write\", \"value\": 0}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"write\", \"value\": 0}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"write\", \"value\": 1}\n";
  const ariadne::Value one = ariadne::Value::integer(1);
  CHECK(check_text(text, "register", ariadne::Consistency::kLinearizable, one) ==
        ariadne::Verdict::kValid);
  CHECK(check_text(text, "register", ariadne::Consistency::kSequential, one) ==
        ariadne::Verdict::kValid);
}

TEST_CASE("a write of the value a register already holds may still come later in process order",
          "[sequential][regression]") {
  // p0: w1, w1'; p1: r1, w0, r1. In real time w1 r1 w0 w1' r1: linearizable,
  // so sequential. Placing w1' right after r1 leaves the state at 1, yet
  // it is needed after w0.
  const std::string text =
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"value\": 1}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"write\", \"value\": 0}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"write\", \"value\": 0}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n"
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"value\": 1}\n";
  CHECK(check_text(text, "register", ariadne::Consistency::kLinearizable) ==
        ariadne::Verdict::kValid);
  CHECK(check_text(text, "register", ariadne::Consistency::kSequential) ==
        ariadne::Verdict::kValid);
}

TEST_CASE("a read does not rule out its process's earlier crashed write",
          "[sequential][regression]") {
  // Initial 0. p0: w1 (info), r0; p1: r1, w0. Sequentially: w1 r1 w0 r0.
  // Placing p0's read of 0 first, past its crashed w1, would rule w1 out
  // for good (it cannot come after a later op of its process), and p1's
  // read of 1 needs it.
  const std::string text =
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"info\", \"f\": \"write\", \"value\": 1}\n"
      "{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n"
      "{\"process\": 0, \"type\": \"ok\", \"f\": \"read\", \"value\": 0}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"value\": 1}\n"
      "{\"process\": 1, \"type\": \"invoke\", \"f\": \"write\", \"value\": 0}\n"
      "{\"process\": 1, \"type\": \"ok\", \"f\": \"write\", \"value\": 0}\n";
  const ariadne::Value zero = ariadne::Value::integer(0);
  CHECK(check_text(text, "register", ariadne::Consistency::kLinearizable, zero) ==
        ariadne::Verdict::kValid);
  CHECK(check_text(text, "register", ariadne::Consistency::kSequential, zero) ==
        ariadne::Verdict::kValid);
}
