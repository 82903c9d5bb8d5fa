// Transactions against a multi-version store (see generate/txn.h).
//
// Invariants of the store: every committed transaction gets the next
// commit sequence number; a key's versions are in commit order, each the
// key's state after one transaction's write (list-append: the length of the
// key's element list then; rw-register: the value). The state of a key "at
// seq s" is its last version with seq <= s, or the initial state (empty
// list, nil) when none is.
#include "generate/txn.h"

#include <algorithm>
#include <optional>
#include <random>
#include <stdexcept>

#include "generate/sink.h"
#include "models/generator.h"
#include "transactions/workloads.h"

namespace ariadne::gen {

const std::vector<std::string>& txn_anomalies() {
  static const std::vector<std::string> all = {"G0", "G1a", "G1b", "G1c", "G-single", "G2-item"};
  return all;
}

const std::vector<std::string>& txn_isolations() {
  static const std::vector<std::string> all = {"serializable", "snapshot-isolation",
                                               "read-committed"};
  return all;
}

namespace {

enum class Isolation { kSerializable, kSnapshot, kReadCommitted };

struct Micro {
  bool write = false;
  int64_t key = 0;
  int64_t value = 0;              // a write's value
  std::vector<int64_t> list;      // list-append: a read's result
  std::optional<int64_t> scalar;  // rw-register: a read's result
};

struct Txn {
  int64_t process = 0;
  std::vector<Micro> ops;
  uint64_t start_seq = 0;  // the commit sequence number when it was invoked
  int64_t index = 0;
};

struct Version {
  uint64_t seq;
  int64_t value;  // rw-register
  uint32_t len;   // list-append
};

struct KeyState {
  std::vector<int64_t> elements;  // list-append: every committed append, in order
  std::vector<Version> versions;
  uint32_t writes_chosen = 0;  // writes issued to it so far (committed or not)
  int64_t next_value = 1;
};

void validate(const GenerateOptions& o) {
  if (!txn::find_workload(o.model))
    throw std::invalid_argument("--txn supports --model " + txn::workload_names(" and ") +
                                ", not '" + o.model + "'");
  if (o.processes < 1) throw std::invalid_argument("--processes must be at least 1");
  if (o.txn_length < 1) throw std::invalid_argument("--txn-length must be at least 1");
  if (o.writes_per_key < 1) throw std::invalid_argument("--writes-per-key must be at least 1");
  if (o.crash_rate < 0 || o.fail_rate < 0 || o.crash_rate + o.fail_rate > 1)
    throw std::invalid_argument("--crash-rate and --fail-rate must be in [0, 1], summing to <= 1");
  if (o.format == Format::kAuto) throw std::invalid_argument("--format must name a format");
  if (o.replicas > 0) throw std::invalid_argument("--txn simulates one store: no --replicas");
  if (o.complete_ops)
    throw std::invalid_argument("--txn writes events (invoke and completion): no complete-ops");
  const auto& levels = txn_isolations();
  if (std::find(levels.begin(), levels.end(), o.isolation) == levels.end())
    throw std::invalid_argument("unknown --isolation '" + o.isolation +
                                "' (serializable, snapshot-isolation or read-committed)");
  if (!o.anomaly.empty()) {
    const auto& all = txn_anomalies();
    if (std::find(all.begin(), all.end(), o.anomaly) == all.end())
      throw std::invalid_argument("unknown --anomaly '" + o.anomaly +
                                  "' with --txn (G0, G1a, G1b, G1c, G-single or G2-item)");
    if (o.anomaly == "G0" &&
        txn::find_workload(o.model)->workload == txn::TxnReport::Workload::kRwRegister)
      throw std::invalid_argument(
          "--anomaly G0 needs list-append: a blind-write cycle leaves no trace in rw-register "
          "reads");
    if (o.processes < 3)
      throw std::invalid_argument("--anomaly with --txn needs --processes of at least 3");
  }
}

class TxnGenerator {
 public:
  TxnGenerator(const GenerateOptions& o, EventSink& sink)
      : o_(o),
        sink_(sink),
        rng_(o.seed),
        append_(txn::find_workload(o.model)->workload == txn::TxnReport::Workload::kListAppend) {
    isolation_ = o.isolation == "snapshot-isolation" ? Isolation::kSnapshot
                 : o.isolation == "read-committed"   ? Isolation::kReadCommitted
                                                     : Isolation::kSerializable;
    int active = std::max(o.keys, 1);
    for (int i = 0; i < active; ++i) active_.push_back(new_key());
    for (int p = 0; p < o.processes; ++p) slots_.push_back({p, false, {}});
    anomaly_at_ = o.anomaly.empty() ? UINT64_MAX : o.ops / 2;
  }

  GenerateReport run() {
    uint64_t issued = 0;
    size_t in_flight = 0;
    while (issued < o_.ops || in_flight > 0) {
      if (issued >= anomaly_at_ && in_flight == 0) {
        plant();
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
    if (anomaly_at_ != UINT64_MAX) plant();  // --ops 0
    report_.operations = issued + scripted_;
    sink_.finish();
    report_.events = sink_.written();
    return report_;
  }

 private:
  struct Slot {
    int64_t process;
    bool busy;
    Txn txn;
  };

  int64_t new_key() {
    keys_.emplace_back();
    return static_cast<int64_t>(keys_.size() - 1);
  }
  // Events are 1-100 µs apart.
  int64_t tick() { return now_ += 1000 * (1 + static_cast<int64_t>(rng_() % 100)); }

  void invoke(Slot& s) {
    Txn& t = s.txn;
    t = Txn{};
    t.process = s.process;
    for (int i = 0; i < o_.txn_length; ++i) {
      Micro m;
      size_t slot = rng_() % active_.size();
      m.key = active_[slot];
      m.write = rng_() % 2 == 0;
      if (m.write) {
        KeyState& k = keys_[static_cast<size_t>(m.key)];
        m.value = k.next_value++;
        if (++k.writes_chosen >= static_cast<uint32_t>(o_.writes_per_key))
          active_[slot] = new_key();  // retired: no new writes to it
      }
      t.ops.push_back(std::move(m));
    }
    begin(t);
    s.busy = true;
  }

  void begin(Txn& t) {
    t.start_seq = seq_;
    t.index = next_index_++;
    emit(t, "invoke", false);
  }

  void complete(Slot& s) {
    Txn& t = s.txn;
    s.busy = false;
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < o_.crash_rate) {
      if (rng_() % 2 == 0) run_and_commit(t);  // took effect, or not
      emit(t, "info", false);
      s.process += o_.processes;  // Jepsen opens a new process
    } else if (r < o_.crash_rate + o_.fail_rate) {
      emit(t, "fail", false);
    } else {
      emit(t, run_and_commit(t) ? "ok" : "fail", true);
    }
  }

  // The state of `key` that a read sees, at commit sequence number `at`.
  const Version* version_at(const KeyState& k, uint64_t at) const {
    auto it = std::upper_bound(k.versions.begin(), k.versions.end(), at,
                               [](uint64_t s, const Version& v) { return s < v.seq; });
    return it == k.versions.begin() ? nullptr : &*(it - 1);
  }

  // Runs t's micro-ops at its isolation level and commits its writes;
  // false when snapshot isolation aborts it (nothing is installed).
  bool run_and_commit(Txn& t) {
    std::vector<const Micro*> writes;  // in order
    // Read committed: the version of each key this transaction reads, fixed
    // at its first read (so its reads of one key agree); a key it writes is
    // read at the latest version, on which its writes will install.
    std::vector<std::pair<int64_t, uint64_t>> read_at;
    auto writes_key = [&](int64_t key) {
      return std::any_of(t.ops.begin(), t.ops.end(),
                         [&](const Micro& w) { return w.write && w.key == key; });
    };
    for (Micro& m : t.ops) {
      if (m.write) {
        writes.push_back(&m);
        continue;
      }
      const KeyState& k = keys_[static_cast<size_t>(m.key)];
      uint64_t at = seq_;
      if (isolation_ == Isolation::kSnapshot) {
        at = t.start_seq;
      } else if (isolation_ == Isolation::kReadCommitted && !writes_key(m.key)) {
        auto seen = std::find_if(read_at.begin(), read_at.end(),
                                 [&](const auto& p) { return p.first == m.key; });
        if (seen != read_at.end()) {
          at = seen->second;
        } else {
          at = t.start_seq + rng_() % (seq_ - t.start_seq + 1);
          read_at.emplace_back(m.key, at);
        }
      }
      const Version* v = version_at(k, at);
      if (append_) {
        m.list.assign(k.elements.begin(), k.elements.begin() + (v ? v->len : 0));
        for (const Micro* w : writes)
          if (w->key == m.key) m.list.push_back(w->value);
      } else {
        m.scalar = v ? std::optional<int64_t>(v->value) : std::nullopt;
        for (const Micro* w : writes)
          if (w->key == m.key) m.scalar = w->value;
      }
    }
    if (isolation_ == Isolation::kSnapshot) {
      for (const Micro* w : writes) {
        const KeyState& k = keys_[static_cast<size_t>(w->key)];
        if (!k.versions.empty() && k.versions.back().seq > t.start_seq) return false;
      }
    }
    if (writes.empty()) return true;
    ++seq_;
    for (const Micro* w : writes) {
      KeyState& k = keys_[static_cast<size_t>(w->key)];
      if (append_) k.elements.push_back(w->value);
      k.versions.push_back({seq_, w->value, static_cast<uint32_t>(k.elements.size())});
    }
    return true;
  }

  Datum micro(const Micro& m, bool with_reads) const {
    const char* f = m.write ? (append_ ? "append" : "w") : "r";
    Datum v = Datum::integer(m.value);
    if (!m.write) {
      if (!with_reads) {
        v = Datum::nil();
      } else if (append_) {
        std::vector<Datum> items;
        items.reserve(m.list.size());
        for (int64_t x : m.list) items.push_back(Datum::integer(x));
        v = Datum::list(std::move(items));
      } else {
        v = m.scalar ? Datum::integer(*m.scalar) : Datum::nil();
      }
    }
    return Datum::list({Datum::keyword(f), Datum::integer(m.key), std::move(v)});
  }

  // An invocation (reads nil), or a completion: ok with what was read,
  // fail or info with the invocation's value.
  void emit(const Txn& t, const char* type, bool with_reads) {
    EventOut e;
    e.process = t.process;
    e.type = type;
    e.f = "txn";
    std::vector<Datum> items;
    items.reserve(t.ops.size());
    for (const Micro& m : t.ops) items.push_back(micro(m, with_reads));
    e.value = Datum::list(std::move(items));
    e.time = tick();
    e.index = std::string(type) == "invoke" ? t.index : next_index_++;
    sink_.write(e);
  }

  // The planted anomaly: transactions on two fresh keys x and y, invoked
  // one after another and then completed (ok, or fail for `failed`), so
  // that none precedes another in real time or process order.
  void plant() {
    int64_t x = new_key(), y = new_key();
    auto w = [&](int64_t key, int64_t value) {
      Micro m;
      m.write = true;
      m.key = key;
      m.value = value;
      return m;
    };
    auto r = [&](int64_t key, std::vector<int64_t> seen) {
      Micro m;
      m.key = key;
      if (append_)
        m.list = seen;
      else if (!seen.empty())
        m.scalar = seen.back();
      return m;
    };
    const std::string& a = o_.anomaly;
    std::vector<Txn> txns;
    std::string what;
    bool first_fails = false;
    auto txn = [&](std::vector<Micro> ops) { txns.push_back(Txn{0, std::move(ops), 0, 0}); };
    if (a == "G0") {
      txn({w(x, 1), w(y, 1)});
      txn({w(x, 2), w(y, 2)});
      txn({r(x, {1, 2}), r(y, {2, 1})});
      what =
          "T1 and T2 each write x and y; T3 reads x in the order T1, T2 and y in the order "
          "T2, T1: a cycle of write-write dependencies";
    } else if (a == "G1a") {
      txn({w(x, 1)});
      txn({r(x, {1})});
      first_fails = true;
      what = "T1 writes x = 1 and fails; T2 reads it (an aborted read)";
    } else if (a == "G1b") {
      txn({w(x, 1), w(x, 2)});
      txn({r(x, {1})});
      what = "T1 writes 1 then 2 to x; T2 reads the intermediate 1";
    } else if (a == "G1c") {
      txn({w(x, 1), r(y, {1})});
      txn({w(y, 1), r(x, {1})});
      what =
          "T1 writes x and reads T2's y; T2 writes y and reads T1's x: a cycle of "
          "write-read dependencies";
    } else if (a == "G-single") {
      txn({r(x, {}), r(y, {1})});
      txn({w(x, 1), w(y, 1)});
      if (append_) txn({r(x, {1}), r(y, {1})});
      what =
          "T2 writes x and y; T1 reads T2's y but the x before T2's: a cycle with one "
          "read-write anti-dependency (read skew)";
    } else {  // G2-item
      txn({r(y, {}), w(x, 1)});
      txn({r(x, {}), w(y, 1)});
      if (append_) txn({r(x, {1}), r(y, {1})});
      what =
          "T1 reads y and writes x; T2 reads x and writes y; neither sees the other's "
          "write: a cycle of two read-write anti-dependencies (write skew)";
    }
    for (size_t i = 0; i < txns.size(); ++i) {
      txns[i].process = slots_[i].process;
      begin(txns[i]);
    }
    std::string where;
    for (size_t i = 0; i < txns.size(); ++i) {
      bool failed = i == 0 && first_fails;
      emit(txns[i], failed ? "fail" : "ok", !failed);
      where += (i ? ", T" : " (T") + std::to_string(i + 1) + " at index " +
               std::to_string(txns[i].index);
      ++scripted_;
    }
    report_.anomaly = a + where + "; x is key " + std::to_string(x) + ", y is key " +
                      std::to_string(y) + "): " + what;
    // The store never saw these transactions: x and y are used by no one else.
  }

  const GenerateOptions& o_;
  EventSink& sink_;
  Rng rng_;
  bool append_;
  Isolation isolation_ = Isolation::kSerializable;
  std::vector<KeyState> keys_;  // by key
  std::vector<int64_t> active_;
  std::vector<Slot> slots_;
  uint64_t seq_ = 0;
  int64_t now_ = 1'000'000'000;
  int64_t next_index_ = 0;
  uint64_t anomaly_at_ = 0;
  uint64_t scripted_ = 0;
  GenerateReport report_;
};

}  // namespace

GenerateReport generate_txn(const GenerateOptions& options, std::ostream& out) {
  validate(options);
  EventSink sink(out, options.format);
  return TxnGenerator(options, sink).run();
}

}  // namespace ariadne::gen
