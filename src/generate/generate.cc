// The scheduler of generate(): client processes issue operations against
// the objects (one per key), each completes at a random later step, and
// every event is written as it happens. See ariadne/generate.h.
#include "ariadne/generate.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "generate/sink.h"
#include "generate/store.h"
#include "generate/txn.h"
#include "models/model.h"

namespace ariadne {

const std::vector<std::string>& generate_models() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const models::ModelDef* m : models::all_models())
      if (m->generator) out.push_back(m->name);
    return out;
  }();
  return names;
}

const std::vector<std::string>& generate_anomalies() {
  static const std::vector<std::string> anomalies = {"stale-read",     "lost-write",  "duplicate",
                                                     "reorder",        "future-read", "missing",
                                                     "impossible-read"};
  return anomalies;
}

namespace gen {

namespace {

// The anomaly of generate_anomalies() named `name`.
std::optional<Anomaly> anomaly_named(const std::string& name) {
  const auto& names = generate_anomalies();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Anomaly>(i);  // the enum's order
  return std::nullopt;
}

// The model of `o`, with a generator. Throws std::invalid_argument.
const models::ModelDef& generated_model(const GenerateOptions& o) {
  const models::ModelDef* def = models::find_model(o.model);
  if (!def || !def->generator) throw std::invalid_argument("unknown model '" + o.model + "'");
  return *def;
}

void validate(const GenerateOptions& o) {
  const gen::Generator& g = *generated_model(o).generator;
  if (o.processes < 1) throw std::invalid_argument("--processes must be at least 1");
  if (o.keys < 0) throw std::invalid_argument("--keys must not be negative");
  if (o.crash_rate < 0 || o.fail_rate < 0 || o.crash_rate + o.fail_rate > 1)
    throw std::invalid_argument("--crash-rate and --fail-rate must be in [0, 1], summing to <= 1");
  if (o.format == Format::kAuto) throw std::invalid_argument("--format must name a format");
  if (o.clocks < 1) throw std::invalid_argument("--clocks must be at least 1");
  if (o.skew_ns < 0) throw std::invalid_argument("--skew must not be negative");
  if (o.format == Format::kJepsenLog && (o.complete_ops || o.replicas > 0))
    throw std::invalid_argument(
        "the jepsen-log format has no start, end or node fields: use jsonl, json or edn");
  if (!o.anomaly.empty()) {
    std::optional<Anomaly> anomaly = anomaly_named(o.anomaly);
    if (!anomaly) throw std::invalid_argument("unknown --anomaly '" + o.anomaly + "'");
    if (std::find(g.anomalies.begin(), g.anomalies.end(), *anomaly) == g.anomalies.end())
      throw std::invalid_argument("--anomaly " + o.anomaly + " does not apply to model " + o.model);
    if (o.replicas > 0)
      throw std::invalid_argument("--anomaly applies to the single-copy store, not --replicas");
  }
  if (o.replicas > 0 && !g.replicated)
    throw std::invalid_argument("--replicas supports " + models::model_list(
                                                             [](const models::ModelDef& m) {
                                                               return m.generator &&
                                                                      m.generator->replicated;
                                                             },
                                                             " and "));
  if (o.final_reads && o.replicas == 0)
    throw std::invalid_argument("--final-reads needs --replicas");
  if (o.delivery != "random" && o.delivery != "fifo" && o.delivery != "causal")
    throw std::invalid_argument("--delivery must be random, fifo or causal");
}

// Clocks that drift: clock c reads true time plus an error that moves
// along a triangle wave within ±skew, slowly enough (slope < 1/2) that a
// later event never reads earlier on the same clock by more than half the
// time between.
class Clocks {
 public:
  Clocks(int count, int64_t skew, Rng& rng) : skew_(skew) {
    for (int c = 0; c < count; ++c) {
      phase_.push_back(static_cast<double>(rng() % 1000) / 1000.0);
      period_.push_back(4.0 * static_cast<double>(skew) + 1000.0 +
                        static_cast<double>(rng() % 1000));
    }
  }
  int64_t read(size_t clock, int64_t t) const {
    if (skew_ == 0) return t;
    double x = static_cast<double>(t) / period_[clock] + phase_[clock];
    double tri = 4.0 * std::fabs(x - std::floor(x) - 0.5) - 1.0;  // in [-1, 1]
    return t + static_cast<int64_t>(tri * 0.5 * static_cast<double>(skew_));
  }

 private:
  int64_t skew_;
  std::vector<double> phase_, period_;
};

// The single-copy store: one object per key, linearizable.
class SingleStore : public Store {
 public:
  // Keys in values (Keys::kInValue): one object spanning max(keys, 3)
  // registers; else one object per key.
  SingleStore(const GenerateOptions& o, const models::ModelDef& model) {
    bool one = model.keys == models::Keys::kInValue;
    int objects = one ? 1 : std::max(o.keys, 1);
    int registers = std::max(o.keys, 3);
    for (int k = 0; k < objects; ++k) objects_.push_back(model.generator->make(registers));
  }
  size_t keys() const override { return objects_.size(); }
  void choose(Rng& rng, Values& values, Op& op) override { object(op).choose(rng, values, op); }
  bool apply(Op& op, int /*node*/) override { return object(op).apply(op); }
  void unapplied(const Op& op, bool crashed) override { object(op).unapplied(op, crashed); }
  GenObject& object(const Op& op) { return *objects_[op.key ? static_cast<size_t>(*op.key) : 0]; }

 private:
  std::vector<std::unique_ptr<GenObject>> objects_;
};

class Scheduler {
 public:
  Scheduler(const GenerateOptions& o, const models::ModelDef& model, Store& store, EventSink& sink)
      : o_(o),
        gen_(*model.generator),
        store_(store),
        sink_(sink),
        rng_(o.seed),
        values_(o.unique_values || !o.anomaly.empty() || o.replicas > 0),
        clocks_(o.clocks, o.skew_ns, rng_) {
    keyed_ = (o.keys > 0 || model.keys == models::Keys::kRequired) &&
             model.keys != models::Keys::kInValue;
    for (int p = 0; p < o.processes; ++p) slots_.push_back({p, false, {}});
    anomaly_at_ = o.anomaly.empty() ? UINT64_MAX : o.ops / 2;
  }

  GenerateReport run() {
    uint64_t issued = 0;
    size_t in_flight = 0;
    while (issued < o_.ops || in_flight > 0) {
      store_.advance(now_);
      if (issued >= anomaly_at_ && in_flight == 0) {
        inject_anomaly();
        anomaly_at_ = UINT64_MAX;
      }
      Slot& s = slots_[rng_() % slots_.size()];
      if (!s.busy) {
        if (issued >= o_.ops || issued >= anomaly_at_) continue;
        invoke(s);
        ++issued;
        ++in_flight;
      } else {
        complete(s);
        --in_flight;
      }
    }
    if (o_.final_reads) final_reads();
    report_.operations = issued + scripted_;
    sink_.finish();
    report_.events = sink_.written();
    return report_;
  }

 private:
  struct Slot {
    int64_t process;
    bool busy;
    Op op;
  };

  int node_of(const Op& op) const {
    return o_.replicas > 0 ? static_cast<int>(op.process % o_.replicas) : -1;
  }
  bool apply(Op& op) { return store_.apply(op, node_of(op)); }
  // Events are 1-100 µs apart.
  int64_t tick() { return now_ += 1000 * (1 + static_cast<int64_t>(rng_() % 100)); }

  void invoke(Slot& s) {
    Op& op = s.op;
    op = Op{};
    op.process = s.process;
    if (keyed_) op.key = static_cast<int64_t>(rng_() % static_cast<uint64_t>(store_.keys()));
    store_.choose(rng_, values_, op);
    begin(op);
    s.busy = true;
  }

  void begin(Op& op) {
    op.invoked_at = tick();
    if (o_.complete_ops) return;  // one record, at completion
    op.index = next_index_++;
    emit(op, "invoke", op.arg, op.invoked_at);
  }

  void complete(Slot& s) {
    Op& op = s.op;
    s.busy = false;
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < o_.crash_rate && !kept_from_crashing(op)) {
      if (rng_() % 2 == 0)
        apply(op);  // took effect, or not
      else
        store_.unapplied(op, true);
      finish(op, "info", op.arg);
      s.process += o_.processes;  // Jepsen opens a new process
      return;
    }
    if (r < o_.crash_rate + o_.fail_rate) {
      store_.unapplied(op, false);
      finish(op, "fail", op.arg);
      return;
    }
    if (!apply(op)) {
      finish(op, "fail", op.arg);
      return;
    }
    finish(op, "ok", op.result);
  }

  // Whether `op` must not crash, so that the anomaly stays certain. A
  // crashed operation may take effect at any point after its invocation, or
  // never; with unique values that explains away none of the anomalies but
  // one: a removal invoked before a "missing" one, on its object, could have
  // taken the element the scripted removal finds missing. Every other
  // operation crashes at --crash-rate, on the anomaly's object too.
  bool kept_from_crashing(const Op& op) const {
    bool before = anomaly_at_ != UINT64_MAX;  // set to UINT64_MAX once injected
    return o_.anomaly == "missing" && before && (!op.key || *op.key == 0) &&
           std::string_view(op.f) == gen_.take;
  }

  void finish(Op& op, const char* type, const Datum& value) {
    int64_t at = tick();
    if (!o_.complete_ops) {
      emit(op, type, value, at);
      return;
    }
    op.index = next_index_++;  // records come out in order of completion
    EventOut e = event(op, type, value);
    e.complete = true;
    size_t clock = static_cast<size_t>(op.process % o_.clocks);
    e.start = clocks_.read(clock, op.invoked_at);
    e.end = std::max(e.start, clocks_.read(clock, at));
    sink_.write(e);
  }

  EventOut event(const Op& op, const char* type, const Datum& value) const {
    EventOut e;
    e.process = op.process;
    e.type = type;
    e.f = op.f;
    e.key = op.key;
    e.value = value;
    e.index = op.index;
    e.node = node_of(op);
    return e;
  }

  void emit(const Op& op, const char* type, const Datum& value, int64_t at) {
    EventOut e = event(op, type, value);
    e.time = at;
    if (std::string(type) != "invoke") e.index = next_index_++;
    sink_.write(e);
  }

  // A scripted operation, run alone: invoked, then completed with `result`
  // (applied to the object first when `apply`).
  int64_t scripted(int64_t process, const char* f, Datum arg, bool apply,
                   std::optional<Datum> result = std::nullopt) {
    Op op;
    op.process = process;
    op.f = f;
    if (keyed_) op.key = 0;
    op.arg = std::move(arg);
    begin(op);
    if (apply) this->apply(op);
    finish(op, "ok", result ? *result : op.result);
    ++scripted_;
    return op.index;
  }

  // After every update has reached every replica: one read per replica
  // and key, marked final.
  void final_reads() {
    store_.settle();
    for (int node = 0; node < o_.replicas; ++node) {
      for (size_t k = 0; k < store_.keys(); ++k) {
        Op op;
        op.process = node;  // node_of(op) == node
        op.f = gen_.read;
        if (keyed_) op.key = static_cast<int64_t>(k);
        begin(op);
        apply(op);
        int64_t at = tick();
        EventOut e = event(op, "ok", op.result);
        e.final = true;
        if (o_.complete_ops) {
          e.index = next_index_++;
          e.complete = true;
          e.start = op.invoked_at;
          e.end = at;
        } else {
          e.time = at;
          e.index = next_index_++;
        }
        sink_.write(e);
        ++scripted_;
      }
    }
  }

  // Runs when no operation is in flight, on key 0 (kept_from_crashing() says
  // why no crashed operation can explain the violation away).
  void inject_anomaly() {
    int64_t a = slots_[0].process;
    int64_t b = slots_[slots_.size() > 1 ? 1 : 0].process;
    auto fresh = [&] {
      int64_t v = values_.next(rng_);
      return gen_.string_values ? Datum::string("x" + std::to_string(v) + " ") : Datum::integer(v);
    };
    auto idx = [](int64_t i) { return std::to_string(i); };
    const char* write = gen_.write;
    const char* read = gen_.read;
    if (generated_model(o_).name == "set") return inject_set_anomaly(a, b, fresh());
    if (o_.anomaly == "future-read") {
      Datum later = fresh();
      int64_t r = scripted(b, read, Datum::nil(), false, later);
      int64_t w = scripted(a, write, later, true);
      report_.anomaly = "future-read: the " + std::string(read) + " at index " + idx(r) +
                        " returned the value of the " + write + " at index " + idx(w) +
                        ", invoked after it completed";
    } else if (o_.anomaly == "impossible-read") {
      int64_t r = scripted(b, "read", Datum::nil(), false, Datum::integer(-1));
      report_.anomaly = "impossible-read: the read at index " + idx(r) +
                        " returned -1, which no sum of the history's positive adds makes";
    } else if (o_.anomaly == "stale-read" || o_.anomaly == "lost-write") {
      bool lost = o_.anomaly == "lost-write";
      Datum old = fresh(), now = fresh();
      int64_t w0 = scripted(a, write, old, true);
      int64_t w1 = scripted(a, write, now, !lost);
      int64_t r = scripted(b, read, Datum::nil(), false, old);
      report_.anomaly = o_.anomaly + ": the " + write + " at index " + idx(w1) +
                        (lost ? " was acknowledged but never applied; " : " completed, yet ") +
                        "the " + read + " at index " + idx(r) +
                        " returned the value written at index " + idx(w0);
    } else {
      const char* put = gen_.put;
      const char* take = gen_.take;
      GenObject& q = static_cast<SingleStore&>(store_).object(Op{});
      while (q.size() > 0) scripted(a, take, Datum::nil(), true);  // empties it, legally
      if (o_.anomaly == "missing") {
        Datum x = fresh();
        int64_t e = scripted(a, put, x, true);
        int64_t d = scripted(b, take, Datum::nil(), false, Datum::nil());
        report_.anomaly = "missing: the element of the " + std::string(put) + " at index " +
                          idx(e) + " was in, yet the " + take + " at index " + idx(d) +
                          " found it empty";
      } else if (o_.anomaly == "duplicate") {
        Datum x = fresh();
        int64_t e = scripted(a, put, x, true);
        int64_t d1 = scripted(a, take, Datum::nil(), true);
        int64_t d2 = scripted(b, take, Datum::nil(), false, x);
        report_.anomaly = "duplicate: the element of the " + std::string(put) + " at index " +
                          idx(e) + " was handed out twice, at indices " + idx(d1) + " and " +
                          idx(d2);
      } else {
        Datum x = fresh(), y = fresh();
        int64_t e1 = scripted(a, put, x, true);
        int64_t e2 = scripted(a, put, y, true);
        // The order the model forbids: FIFO (and least first, values
        // rising) hands out x first, LIFO y.
        const Datum& first = gen_.lifo ? x : y;
        const Datum& second = gen_.lifo ? y : x;
        int64_t d1 = scripted(b, take, Datum::nil(), false, first);
        int64_t d2 = scripted(b, take, Datum::nil(), false, second);
        Op drop;  // both have left
        drop.f = take;
        q.apply(drop);
        q.apply(drop);
        std::string puts = std::string(put) + (std::string_view(put).ends_with("sh") ? "es" : "s");
        report_.anomaly = "reorder: " + puts + " at indices " + idx(e1) + " then " + idx(e2) +
                          " came out in the other order, at indices " + idx(d1) + " and " + idx(d2);
      }
    }
  }

  // A set's anomaly, on an emptied set (legally, by removes of the
  // elements the store holds), so that its reads list only the value x. A
  // crashed operation cannot explain it away: none names x before the
  // anomaly's read completes.
  void inject_set_anomaly(int64_t a, int64_t b, const Datum& x) {
    GenObject& set = static_cast<SingleStore&>(store_).object(Op{});
    Op all;
    all.f = "read";
    set.apply(all);
    for (const Datum& element : all.result.items) scripted(a, "remove", element, true);
    auto idx = [](int64_t i) { return std::to_string(i); };
    Datum none = Datum::list({}), just_x = Datum::list({x});
    if (o_.anomaly == "future-read") {
      int64_t r = scripted(b, "read", Datum::nil(), false, just_x);
      int64_t w = scripted(a, "add", x, true);
      report_.anomaly = "future-read: the read at index " + idx(r) +
                        " returned the element of the add at index " + idx(w) +
                        ", invoked after it completed";
    } else if (o_.anomaly == "missing") {
      int64_t w = scripted(a, "add", x, true);
      int64_t r = scripted(b, "read", Datum::nil(), false, none);
      report_.anomaly = "missing: the element added at index " + idx(w) +
                        " was in the set, yet the read at index " + idx(r) + " did not show it";
    } else {  // reorder
      int64_t w = scripted(a, "add", x, true);
      int64_t d = scripted(a, "remove", x, true);
      int64_t r = scripted(b, "read", Datum::nil(), false, just_x);
      report_.anomaly = "reorder: the element added at index " + idx(w) + " and removed at index " +
                        idx(d) + " was still shown by the read at index " + idx(r) +
                        ", as if the remove had gone first";
    }
  }

  const GenerateOptions& o_;
  const gen::Generator& gen_;
  Store& store_;
  EventSink& sink_;
  Rng rng_;
  Values values_;
  Clocks clocks_;
  bool keyed_ = false;
  std::vector<Slot> slots_;
  int64_t now_ = 1'000'000'000;  // one second in, so skewed clocks stay positive
  int64_t next_index_ = 0;
  uint64_t anomaly_at_ = 0;
  uint64_t scripted_ = 0;
  GenerateReport report_;
};

}  // namespace

}  // namespace gen

GenerateReport generate(const GenerateOptions& options, std::ostream& out) {
  if (options.txn) return gen::generate_txn(options, out);
  gen::validate(options);
  const models::ModelDef& model = gen::generated_model(options);
  gen::EventSink sink(out, options.format);
  std::unique_ptr<gen::Store> store;
  if (options.replicas > 0)
    store = gen::replicated_store(options, model);
  else
    store = std::make_unique<gen::SingleStore>(options, model);
  return gen::Scheduler(options, model, *store, sink).run();
}

}  // namespace ariadne
