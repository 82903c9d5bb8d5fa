// Jepsen's set-full, per object (each key when every op has one).
//
// Per element x, as Jepsen's SetFull tracks it over the history in event
// order: tracking starts at the last invocation of an add of x; a read
// counts for x when it completes after that; `known` is the first
// completion that shows x (an ok add of it, or a read holding it);
// last_present / last_absent are the counting reads with the latest
// invocation that hold / lack x. Then
//   stable     last_present, and no last_absent invoked after it;
//   lost       known, last_absent invoked after last_present (if any) and
//              after known completed;
//   never read otherwise;
//   stale      stable with a positive stable latency, where the stable
//              latency is max(0, last_absent's invocation + 1 - known), the
//              lost latency max(0, last_present's invocation + 1 - known),
//              both on the history's clock (Jepsen rounds to milliseconds).
//
// Invariants: reads are in History::ops order, so by invocation position;
// containing[x] lists the reads holding x ascending. Finding last_absent
// walks the reads back from the last one, skipping reads that hold x (at
// most |containing[x]| of them) and stopping once no earlier read
// completes after x's add was invoked (prefix_complete).
#include "convergence/set_full.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "ariadne/convergence.h"
#include "ariadne/report.h"
#include "convergence/objects.h"

namespace ariadne::convergence {

namespace {

using Element = ConvergenceReport::SetFullElement;
using SetFull = ConvergenceReport::SetFull;
using Finding = ConvergenceReport::Finding;
using FindingKind = ConvergenceReport::FindingKind;
constexpr uint32_t kNone = Element::kNone;
constexpr size_t kWorstStale = 8;
constexpr size_t kNamed = 20;  // elements named in one finding
constexpr double kQuantiles[] = {0, 0.5, 0.95, 0.99, 1};

struct SetRead {
  uint32_t op, invoke, complete;  // invoke: the first event's position
};

struct Tracked {
  uint32_t add = 0, add_invoke = 0;
  uint32_t known_pos = UINT32_MAX, known = kNone;  // position of the completion, op
};

struct SetObject {
  bool keyed = false;
  Value key;
  std::vector<uint32_t> adds;  // ops, history order
  std::vector<SetRead> reads;  // ok reads, history order
};

std::vector<std::pair<double, int64_t>> quantiles(std::vector<int64_t> v) {
  std::vector<std::pair<double, int64_t>> out;
  if (v.empty()) return out;
  std::sort(v.begin(), v.end());
  for (double q : kQuantiles)
    out.push_back({q, v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]});
  return out;
}

std::string object_words(const SetObject& obj) {
  return obj.keyed ? " of key " + bounded_edn(obj.key) : std::string();
}

Finding finding(const SetObject& obj, FindingKind kind, std::string why, std::vector<uint32_t> ops,
                std::vector<Value> elements) {
  std::sort(ops.begin(), ops.end());
  ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
  return Finding{kind,          obj.keyed,           obj.key,       std::move(why),
                 {"the store"}, std::move(elements), std::move(ops)};
}

// Element list for an explanation: at most kNamed, then "...".
std::string named(const std::vector<Element>& list, size_t from) {
  std::string out;
  for (size_t i = from; i < list.size() && i < from + kNamed; ++i)
    out += " " + bounded_edn(list[i].element);
  if (list.size() - from > kNamed) out += " ...";
  return out;
}

class Checker {
 public:
  Checker(const History& h, const CheckOptions& o, SetFull& r, ConvergenceReport& c)
      : h_(h), options_(o), report_(r), conv_(c) {}

  void check(const SetObject& obj) {
    // Dense ids: the tried elements first (ids below `tried`), then the
    // elements reads hold that no add tried.
    std::unordered_map<Value, uint32_t, ValueHash> id;
    std::vector<Value> element_of;
    std::vector<Tracked> tracked;
    for (uint32_t op : obj.adds) {
      const Operation& o = h_.ops[op];
      auto [it, fresh] = id.try_emplace(h_.argument(o), static_cast<uint32_t>(tracked.size()));
      if (fresh) {
        element_of.push_back(h_.argument(o));
        tracked.emplace_back();
      }
      // Adds are in invocation order: a later add starts over, as in Jepsen.
      tracked[it->second] = {op, h_.first_event_index(o)};
    }
    size_t tried = tracked.size();
    for (uint32_t op : obj.adds) {  // ok adds after the tracked invocation
      const Operation& o = h_.ops[op];
      Tracked& t = tracked[id[h_.argument(o)]];
      if (o.status == OpStatus::kOk && o.complete > t.add_invoke && o.complete < t.known_pos)
        t = {t.add, t.add_invoke, o.complete, op};
    }
    // Reads: which hold each element (containing, by id); duplicates;
    // unexpected elements.
    std::vector<std::vector<uint32_t>> containing(tried);
    std::vector<uint32_t> times(tried, 0);  // in the current read
    std::vector<uint32_t> prefix_complete, ids;
    std::vector<Value> unexpected;
    uint32_t first_unexpected_read = kNone;
    for (uint32_t ri = 0; ri < obj.reads.size(); ++ri) {
      const SetRead& r = obj.reads[ri];
      prefix_complete.push_back(std::max(ri ? prefix_complete.back() : 0, r.complete));
      ids.clear();  // elements this read holds more than once
      for (Value x : h_.result(h_.ops[r.op]).items()) {
        auto [it, fresh] = id.try_emplace(x, static_cast<uint32_t>(element_of.size()));
        if (fresh) {
          element_of.push_back(x);
          containing.emplace_back();
          times.push_back(0);
        }
        uint32_t xi = it->second;
        std::vector<uint32_t>& holds = containing[xi];
        if (!holds.empty() && holds.back() == ri) {
          if (++times[xi] == 2) ids.push_back(xi);
          continue;
        }
        times[xi] = 1;
        if (xi >= tried && holds.empty() && !initial(x)) {
          unexpected.push_back(x);
          if (first_unexpected_read == kNone) first_unexpected_read = r.op;
        }
        holds.push_back(ri);
      }
      for (uint32_t xi : ids) note_duplicate(obj, element_of[xi], times[xi], r.op);
    }

    std::vector<Element> lost, stale;
    for (uint32_t xi = 0; xi < tried; ++xi) {
      const Tracked& t = tracked[xi];
      Value x = element_of[xi];
      ++report_.attempts;
      const std::vector<uint32_t>& holding = containing[xi];
      Element e{obj.keyed, obj.key, x, t.add};
      uint32_t known_pos = t.known_pos;
      e.known = t.known;
      uint32_t present_inv = 0, absent_inv = 0;
      for (auto it = holding.rbegin(); it != holding.rend(); ++it) {
        const SetRead& r = obj.reads[*it];
        if (r.complete <= t.add_invoke) continue;
        if (e.last_present == kNone) {
          e.last_present = r.op;
          present_inv = r.invoke;
        }
        if (r.complete < known_pos) {
          known_pos = r.complete;
          e.known = r.op;
        }
      }
      auto hold = holding.rbegin();
      for (size_t ri = obj.reads.size(); ri-- > 0 && prefix_complete[ri] > t.add_invoke;) {
        while (hold != holding.rend() && *hold > ri) ++hold;
        if (hold != holding.rend() && *hold == ri) continue;
        const SetRead& r = obj.reads[ri];
        if (r.complete <= t.add_invoke) continue;
        e.last_absent = r.op;
        absent_inv = r.invoke;
        break;
      }
      bool stable = e.last_present != kNone && (e.last_absent == kNone || absent_inv < present_inv);
      bool is_lost = e.known != kNone && e.last_absent != kNone &&
                     (e.last_present == kNone || present_inv < absent_inv) &&
                     known_pos < absent_inv;
      int64_t known_time = e.known == kNone ? 0 : time(known_pos);  // stable or lost: known
      if (stable) {
        ++report_.stable;
        int64_t at = e.last_absent == kNone ? INT64_MIN : time(absent_inv) + 1;
        e.latency = at == INT64_MIN ? 0 : std::max<int64_t>(0, at - known_time);
        stable_latencies_.push_back(e.latency);
        conv_.points.push_back({known_time, e.latency, 0, e.add});
        if (e.latency > 0) stale.push_back(e);
      } else if (is_lost) {
        int64_t at = e.last_present == kNone ? INT64_MIN : time(present_inv) + 1;
        e.latency = at == INT64_MIN ? 0 : std::max<int64_t>(0, at - known_time);
        lost_latencies_.push_back(e.latency);
        lost.push_back(e);
      } else {
        report_.never_read.push_back(e);
      }
    }
    by_element(lost);
    by_element(stale);
    if (!lost.empty()) {
      std::vector<uint32_t> ops;
      for (const Element& e : lost) ops.insert(ops.end(), {e.add, e.last_absent});
      std::vector<Value> xs;
      for (const Element& e : lost) xs.push_back(e.element);
      std::string why = std::to_string(lost.size()) + " element" + (lost.size() == 1 ? "" : "s") +
                        object_words(obj) +
                        " known to be added, then absent from every read invoked after some "
                        "point (lost, as Jepsen's set-full says):" +
                        named(lost, 0) + "\n  first: " + describe_op(h_, lost[0].add) +
                        "\n  last read without it: " + describe_op(h_, lost[0].last_absent);
      conv_.findings.push_back(
          finding(obj, FindingKind::kLost, std::move(why), std::move(ops), std::move(xs)));
    }
    if (!stale.empty() && options_.linearizable_sets) {
      std::vector<uint32_t> ops;
      std::vector<Value> xs;
      for (const Element& e : stale) {
        ops.insert(ops.end(), {e.add, e.known, e.last_absent});
        xs.push_back(e.element);
      }
      std::string why = std::to_string(stale.size()) + " element" + (stale.size() == 1 ? "" : "s") +
                        object_words(obj) +
                        " missing from a read invoked after the element was known to be added "
                        "(stale; --linearizable-sets forbids it):" +
                        named(stale, 0) + "\n  first known: " + describe_op(h_, stale[0].known) +
                        "\n  later read without it: " + describe_op(h_, stale[0].last_absent);
      conv_.findings.push_back(
          finding(obj, FindingKind::kStale, std::move(why), std::move(ops), std::move(xs)));
    }
    if (!unexpected.empty()) {
      report_.unexpected += unexpected.size();
      std::string why = "reads" + object_words(obj) + " hold elements no add ever tried to add:";
      for (size_t i = 0; i < unexpected.size() && i < kNamed; ++i)
        why += " " + bounded_edn(unexpected[i]);
      if (unexpected.size() > kNamed) why += " ...";
      why += "\n  first: " + describe_op(h_, first_unexpected_read);
      conv_.findings.push_back(finding(obj, FindingKind::kUnexpected, std::move(why),
                                       {first_unexpected_read}, std::move(unexpected)));
    }
    report_.lost.insert(report_.lost.end(), lost.begin(), lost.end());
    report_.stale.insert(report_.stale.end(), stale.begin(), stale.end());
  }

  // Moves what spans objects (duplicates, latency quantiles) into the report.
  void finish() {
    for (auto& [unused, d] : dups_) report_.duplicated.push_back(d);
    std::sort(report_.duplicated.begin(), report_.duplicated.end(),
              [](const auto& a, const auto& b) { return a.read < b.read; });
    report_.stable_latencies = quantiles(std::move(stable_latencies_));
    report_.lost_latencies = quantiles(std::move(lost_latencies_));
  }

 private:
  int64_t time(uint32_t pos) const {
    return h_.timed ? h_.events[pos].time : static_cast<int64_t>(pos);
  }

  bool initial(Value x) const {
    Value i = options_.initial;
    if (i.kind() != Kind::kVector && i.kind() != Kind::kSet) return false;
    for (Value v : i.items())
      if (v == x) return true;
    return false;
  }

  void note_duplicate(const SetObject& obj, Value x, size_t n, uint32_t read) {
    auto& d = dups_[{obj.key, x}];
    if (n <= d.times) return;
    if (d.times == 0) {
      std::string why = "a read" + object_words(obj) + " returns " + bounded_edn(x) + " " +
                        std::to_string(n) + " times (" + describe_op(h_, read) +
                        "); a set holds each element once";
      conv_.findings.push_back(finding(obj, FindingKind::kDuplicate, why, {read}, {x}));
      conv_.duplicated.push_back(read);
    }
    d = {obj.keyed, obj.key, x, n, read};
  }

  static void by_element(std::vector<Element>& v) {
    std::sort(v.begin(), v.end(), [](const Element& a, const Element& b) { return a.add < b.add; });
  }

  struct PairHash {
    size_t operator()(const std::pair<Value, Value>& p) const {
      return ValueHash()(p.first) * 31 + ValueHash()(p.second);
    }
  };

  const History& h_;
  const CheckOptions& options_;
  SetFull& report_;
  ConvergenceReport& conv_;
  std::unordered_map<std::pair<Value, Value>, SetFull::Duplicate, PairHash> dups_;
  std::vector<int64_t> stable_latencies_, lost_latencies_;
};

}  // namespace

CheckResult check_set_full(const History& h, const CheckOptions& options) {
  auto started = std::chrono::steady_clock::now();
  CheckResult result;
  bool keyed = !h.ops.empty() && std::all_of(h.ops.begin(), h.ops.end(),
                                             [&](const Operation& op) { return h.has_key(op); });
  std::vector<SetObject> objects;
  std::unordered_map<Value, uint32_t, ValueHash> ids;
  for (uint32_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    Value f = h.f(op);
    bool add = f_is(f, {"add"});
    if (!add && !f_is(f, {"read"})) {
      result.error = op_error(h, op,
                              "expected f :add or :read: with no \"node\" field a set is judged "
                              "as Jepsen's set-full, which has no " +
                                  bounded_edn(f) + " (name replicas with node to check removes)");
      return result;
    }
    if (!add && op.status != OpStatus::kOk) continue;
    Value r = h.result(op);
    if (!add && r.kind() != Kind::kVector && r.kind() != Kind::kSet && !r.is_null()) {
      result.error =
          op_error(h, op, "expected a set read to return a collection, got " + describe_value(r));
      return result;
    }
    Value key = keyed ? h.key(op) : Value();
    auto [it, fresh] = ids.try_emplace(key, static_cast<uint32_t>(objects.size()));
    if (fresh) objects.push_back({keyed, key, {}, {}});
    SetObject& obj = objects[it->second];
    if (add)
      obj.adds.push_back(i);
    else
      obj.reads.push_back({i, h.first_event_index(op), op.complete});
  }

  auto report = std::make_shared<ConvergenceReport>();
  auto full = std::make_shared<SetFull>();
  full->linearizable = options.linearizable_sets;
  report->time_unit = h.timed ? "ns" : "positions";
  report->replicas = {"the store"};
  report->objects = objects.size();
  Checker checker(h, options, *full, *report);
  for (const SetObject& obj : objects) {
    report->updates += obj.adds.size();
    report->reads += obj.reads.size();
    checker.check(obj);
  }
  checker.finish();
  std::sort(full->never_read.begin(), full->never_read.end(),
            [](const Element& a, const Element& b) { return a.add < b.add; });
  std::stable_sort(full->stale.begin(), full->stale.end(),
                   [](const Element& a, const Element& b) { return a.latency > b.latency; });

  // The shared fields, so every renderer shows the outcome.
  for (const Element& e : full->lost) report->lost.push_back(e.add);
  for (const Element& e : full->never_read) report->never_read.push_back(e.add);
  std::sort(report->lost.begin(), report->lost.end());
  std::sort(report->never_read.begin(), report->never_read.end());
  std::sort(report->duplicated.begin(), report->duplicated.end());
  report->duplicated.erase(std::unique(report->duplicated.begin(), report->duplicated.end()),
                           report->duplicated.end());
  report->stable = full->stable;
  report->stale = full->stale.size();
  report->quantiles = full->stable_latencies;
  for (size_t i = 0; i < full->stale.size() && i < kWorstStale; ++i)
    report->worst_stale.push_back({full->stale[i].add, full->stale[i].latency, "the store"});
  std::sort(report->points.begin(), report->points.end(), [](const auto& a, const auto& b) {
    return a.acknowledged != b.acknowledged ? a.acknowledged < b.acknowledged : a.op < b.op;
  });

  if (!report->findings.empty()) {
    result.verdict = Verdict::kInvalid;
    Counterexample cx;
    cx.ops = report->findings.front().ops;
    cx.explanation = report->findings.front().explanation;
    if (report->findings.size() > 1)
      cx.explanation += "\n" + std::to_string(report->findings.size() - 1) + " more violation" +
                        (report->findings.size() > 2 ? "s" : "") + " in the convergence report";
    result.counterexample = std::move(cx);
  } else if (full->stable == 0) {
    result.verdict = Verdict::kUnknown;
    result.reason =
        full->attempts == 0
            ? "no adds to check"
            : "no element was read stably (set-full: " + std::to_string(full->never_read.size()) +
                  " never read)";
  }
  report->set_full = std::move(full);
  result.convergence = std::move(report);
  result.check_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ariadne::convergence
