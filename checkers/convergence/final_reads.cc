// Final reads (agreement, replicas missing) and the per-update latency
// bookkeeping every model shares.
#include <algorithm>
#include <map>

#include "ariadne/report.h"
#include "convergence/outcome.h"

namespace ariadne::convergence {

namespace {

Value normalized(ModelKind model, Value v) {
  if (model != ModelKind::kSet) return v;
  return Value::set(v.items());  // null reads as the empty set
}

std::string object_name(const Object& obj) {
  return obj.keyed ? "key " + bounded_edn(obj.key) : std::string("the object");
}

}  // namespace

Finding make_finding(const Object& obj, FindingKind kind, std::string explanation,
                     std::vector<uint32_t> ops) {
  std::sort(ops.begin(), ops.end());
  ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
  Finding f{kind, obj.keyed, obj.key, std::move(explanation), {}, {}, std::move(ops)};
  return f;
}

std::vector<FinalState> final_states(const Objects& objects, const Object& obj, const History& h,
                                     ObjectOutcome& out) {
  std::vector<FinalState> states;
  std::vector<bool> has_final(objects.replica_names.size(), false);
  for (uint32_t i = 0; i < obj.reads.size(); ++i) {
    const Read& r = obj.reads[i];
    if (!r.final) continue;
    ++out.final_reads;
    has_final[r.replica] = true;
    Value s = normalized(objects.model, r.value);
    auto it = std::find_if(states.begin(), states.end(),
                           [&](const FinalState& fs) { return fs.state == s; });
    if (it == states.end()) {
      states.push_back({s, {}});
      it = states.end() - 1;
    }
    it->reads.push_back(i);
  }

  std::vector<std::string> missing;
  for (uint32_t rep : obj.touched_by)
    if (!has_final[rep]) missing.push_back(objects.replica_names[rep]);
  if (!missing.empty()) {
    std::string why = states.empty() ? "no final read of " + object_name(obj) + " at all" +
                                           (objects.replicas_from_node ? "; " : "")
                                     : std::string();
    if (objects.replicas_from_node) {
      why += "no final read of " + object_name(obj) + " on replica";
      why += missing.size() > 1 ? "s " : " ";
      for (size_t i = 0; i < missing.size(); ++i) why += (i ? ", " : "") + missing[i];
    }
    Finding f = make_finding(obj, FindingKind::kMissingFinalRead, why, {});
    f.replicas = std::move(missing);
    out.findings.push_back(std::move(f));
  }

  if (states.size() > 1) {
    std::string why = "the final reads of " + object_name(obj) + " disagree:";
    std::vector<uint32_t> ops;
    std::vector<std::string> replicas;
    for (const FinalState& fs : states) {
      ops.push_back(obj.reads[fs.reads.front()].op);
      std::map<std::string, bool> names;
      for (uint32_t ri : fs.reads) names[objects.replica_names[obj.reads[ri].replica]] = true;
      why += "\n  ";
      bool first = true;
      for (const auto& [name, unused] : names) {
        why += (first ? "" : ", ") + name;
        replicas.push_back(name);
        first = false;
      }
      why += " read " + bounded_edn(fs.state) + " (" +
             describe_op(h, obj.reads[fs.reads.front()].op) + ")";
    }
    Finding f = make_finding(obj, FindingKind::kDivergent, why, std::move(ops));
    std::sort(replicas.begin(), replicas.end());
    replicas.erase(std::unique(replicas.begin(), replicas.end()), replicas.end());
    f.replicas = std::move(replicas);
    if (objects.model == ModelKind::kSet) {
      // Elements in some final state but not in all of them.
      std::map<Value, size_t> count;
      for (const FinalState& fs : states)
        for (Value v : fs.state.items()) ++count[v];
      for (const auto& [v, n] : count)
        if (n < states.size()) f.elements.push_back(v);
      f.explanation += "\n  they disagree on " + std::to_string(f.elements.size()) + " element" +
                       (f.elements.size() == 1 ? "" : "s") + ":";
      for (size_t i = 0; i < f.elements.size() && i < 20; ++i)
        f.explanation += " " + bounded_edn(f.elements[i]);
      if (f.elements.size() > 20) f.explanation += " ...";
    } else {
      for (const FinalState& fs : states) f.elements.push_back(fs.state);
    }
    out.findings.push_back(std::move(f));
  }
  return states;
}

std::vector<std::vector<uint32_t>> reads_by_replica(const Objects& objects, const Object& obj) {
  std::vector<std::vector<uint32_t>> by(objects.replica_names.size());
  for (uint32_t i = 0; i < obj.reads.size(); ++i) by[obj.reads[i].replica].push_back(i);
  return by;
}

void record_update(const Update& u, const std::vector<ReplicaStability>& per_replica,
                   ObjectOutcome& out) {
  bool any_read = false, stable = true;
  int64_t worst = -1;
  uint32_t worst_replica = 0;
  for (uint32_t rep = 0; rep < per_replica.size(); ++rep) {
    const ReplicaStability& s = per_replica[rep];
    if (s.state == ReplicaStability::kNoRead) continue;
    any_read = true;
    if (s.state == ReplicaStability::kUnstable) {
      stable = false;
      continue;
    }
    out.points.push_back({u.ack, s.latency, rep, u.op});
    if (s.latency > worst) {
      worst = s.latency;
      worst_replica = rep;
    }
  }
  if (!any_read) {
    out.never_read.push_back(u.op);
    return;
  }
  if (!stable) {
    ++out.unstable;
    return;
  }
  out.latencies.push_back({u.op, u.ack, worst, worst_replica});
}

}  // namespace ariadne::convergence
