// Plain words for transactional anomalies (explain.h).
#include "explain.h"

#include <algorithm>

#include "ariadne/checker.h"
#include "ariadne/report.h"

namespace ariadne::txn {
namespace {

class Names {
 public:
  explicit Names(const Txns& t) : t_(t) {}
  std::string operator()(uint32_t txn) {
    auto it = std::find(order_.begin(), order_.end(), txn);
    if (it == order_.end()) {
      order_.push_back(txn);
      it = order_.end() - 1;
    }
    return "T" + std::to_string(it - order_.begin() + 1);
  }
  const std::vector<uint32_t>& order() const { return order_; }

 private:
  const Txns& t_;
  std::vector<uint32_t> order_;
};

std::string show(Value v) { return bounded_edn(v, 80); }

std::string edge_why(const History& h, const Txns& t, const RawEdge& raw, Names& name) {
  RawEdge e = raw;
  if (e.kind == Edge::Kind::kWR) e.value_to = version_value(e.value_to, e.prefix);
  if (e.kind == Edge::Kind::kRW) e.value_from = version_value(e.value_from, e.prefix);
  const bool la = t.workload == TxnReport::Workload::kListAppend;
  std::string f = name(e.from), to = name(e.to);
  std::string k = e.key != kNone ? show(t.keys[e.key]) : "";
  switch (e.kind) {
    case Edge::Kind::kWW:
      if (la) {
        std::string s = f + " appended " + show(e.value_from) + " to " + k + " and " + to +
                        " appended " + show(e.value_to) + " right after it";
        if (e.support != kNone) s += " (" + name(e.support) + " read them in that order)";
        return s + ", so " + f + " precedes " + to;
      }
      return to + " read " + k + " = " + show(e.value_from) + ", which " + f +
             " wrote, then wrote " + show(e.value_to) + ", so " + f + "'s write precedes " + to +
             "'s";
    case Edge::Kind::kWR:
      if (la)
        return f + " appended " + show(e.value_from) + " to " + k + "; " + to + " read " + k +
               " as " + show(e.value_to) + ", ending in it, so " + to + " follows " + f;
      return f + " wrote " + k + " = " + show(e.value_from) + "; " + to + " read it, so " + to +
             " follows " + f;
    case Edge::Kind::kRW:
      if (la) {
        std::string s = f + " read " + k + " as " + show(e.value_from) + ", without " +
                        show(e.value_to) + "; " + to + " appended " + show(e.value_to);
        if (e.support != kNone) s += " (" + name(e.support) + " read it right after that version)";
        return s + ", so " + f + " precedes " + to;
      }
      return f + " read " + k + " = " +
             (e.value_from.is_null() ? std::string("nil, its initial value") : show(e.value_from)) +
             "; " + to + " wrote " + show(e.value_to) + " over that version, so " + f +
             " precedes " + to;
    case Edge::Kind::kProcess:
      if (e.key != kNone) {  // a version order read from process order (rw_register.cc)
        std::string r = name(e.support);
        return f + " wrote " + k + " = " + show(e.value_from) + ", then " + r +
               ", later on the same process, read " + k + " = " + show(e.value_to) + ", which " +
               to + " wrote; so " + f + "'s write precedes " + to + "'s";
      }
      return f + " and then " + to + " ran on process " + show(h.process(h.ops[t.txns[e.from].op]));
    case Edge::Kind::kRealtime: return f + " completed before " + to + " was invoked";
  }
  return "";
}

std::string shape_words(Anomaly a) {
  std::string name(anomaly_name(a));
  std::string s;
  if (name.rfind("G0", 0) == 0)
    s = "write dependencies (ww) alone";
  else if (name.rfind("G1c", 0) == 0)
    s = "ww and wr dependencies, no rw";
  else if (name.rfind("G-single", 0) == 0)
    s = "dependencies with exactly one rw anti-dependency";
  else if (name.rfind("G-nonadjacent", 0) == 0)
    s = "dependencies with rw anti-dependencies, no two in a row";
  else
    s = "dependencies with rw anti-dependencies";
  if (name.find("-process") != std::string::npos) s += " and process order";
  if (name.find("-realtime") != std::string::npos) s += " and real-time order";
  return s;
}

}  // namespace

Violation explain(const History& h, const Txns& t, const Found& f, std::vector<uint32_t> ops,
                  bool minimal, std::string& text) {
  Violation v;
  v.anomaly = f.anomaly;
  v.minimal = minimal;
  for (uint32_t& o : ops) o = t.txns[o].op;
  v.ops = std::move(ops);
  Names name(t);
  if (!f.cycle.empty()) {
    for (const RawEdge& e : f.cycle) name(e.from);
    std::string path;
    for (const RawEdge& e : f.cycle) {
      Edge out;
      out.kind = e.kind;
      out.from = t.txns[e.from].op;
      out.to = t.txns[e.to].op;
      if (e.key != kNone) out.key = t.keys[e.key];
      out.value_from =
          e.kind == Edge::Kind::kRW ? version_value(e.value_from, e.prefix) : e.value_from;
      out.value_to = e.kind == Edge::Kind::kWR ? version_value(e.value_to, e.prefix) : e.value_to;
      out.why = edge_why(h, t, e, name);
      path += name(e.from) + " -" + std::string(edge_kind_name(e.kind)) + "-> ";
      v.cycle.push_back(std::move(out));
    }
    path += name(f.cycle.front().from);
    v.summary = std::string(anomaly_name(f.anomaly)) + ": " + path + " is a cycle of " +
                shape_words(f.anomaly) + "; no order of these transactions satisfies every edge";
    text = v.summary + "\n";
    for (size_t i = 0; i < name.order().size(); ++i)
      text +=
          "T" + std::to_string(i + 1) + " = " + describe_op(h, t.txns[name.order()[i]].op) + "\n";
    for (const Edge& e : v.cycle) text += e.why + "\n";
    return v;
  }
  const Finding& g = f.finding;
  for (uint32_t x : g.txns) name(x);
  std::string k = g.key != kNone ? show(t.keys[g.key]) : "";
  if (g.key != kNone) v.key = t.keys[g.key];
  v.values = g.values;
  auto val = [&](size_t i) { return i < g.values.size() ? show(g.values[i]) : std::string("?"); };
  auto tx = [&](size_t i) { return i < g.txns.size() ? name(g.txns[i]) : std::string("?"); };
  std::string s;
  switch (f.anomaly) {
    case Anomaly::kG1a:
      s = tx(0) + " read " + val(0) + " of " + k + ", which only " + tx(1) + " wrote, and " +
          tx(1) + " failed (an aborted read)";
      break;
    case Anomaly::kG1b:
      s = tx(0) + " read " + val(0) + " of " + k + ", an intermediate value: " + tx(1) + " wrote " +
          k + " again later in the same transaction";
      break;
    case Anomaly::kInternal:
      s = tx(0) + " read " + k + " = " + val(1) + ", but its own earlier micro-ops imply " + val(0);
      break;
    case Anomaly::kGarbageRead:
      s = tx(0) + " read " + val(0) + " of " + k + ", a value no transaction wrote";
      break;
    case Anomaly::kIncompatibleOrder:
      s = tx(0) + " read " + k + " as " + val(0) + " and " + tx(1) + " as " + val(1) +
          "; neither is a prefix of the other, so no one order of appends explains both";
      break;
    case Anomaly::kDuplicateElements:
      s = tx(0) + " read " + k + " as " + val(0) + ", with " + val(1) + " more than once";
      break;
    case Anomaly::kLostUpdate:
      s = tx(0) + " and " + tx(1) + " both read " + k + " at version " + val(0) +
          " and both wrote " + k + ": one of the two updates is lost";
      if (g.txns.size() > 2) s += " (" + tx(2) + " wrote that version)";
      break;
    case Anomaly::kDirtyUpdate:
      s = tx(0) + " appended " + val(0) + " to " + k + " after an append by " + tx(1) +
          ", which failed (" + tx(2) + " read both): a committed write built on an aborted one";
      break;
    case Anomaly::kFutureRead:
      s = tx(0) + " read " + k + " as " + val(0) + ", which shows its own later write";
      break;
    default: s = "anomaly";
  }
  v.summary = std::string(anomaly_name(f.anomaly)) + ": " + s;
  text = v.summary + "\n";
  for (size_t i = 0; i < name.order().size(); ++i)
    text += "T" + std::to_string(i + 1) + " = " + describe_op(h, t.txns[name.order()[i]].op) + "\n";
  return v;
}

}  // namespace ariadne::txn
