// The JSON report: one object per history file (docs/report-json.md), with
// every checker's details.
#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "ariadne/report.h"
#include "report/causal.h"
#include "report/convergence.h"
#include "report/txn_report.h"

namespace ariadne {

namespace {

std::string json_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  return buf;
}

void append_key(std::string& out, std::string_view name) {
  append_json_string(out, name);
  out += ':';
}

void append_field_name(std::string& out, Value name) {
  if (name.is_text())
    append_json_string(out, name.as_text());
  else
    append_json_string(out, to_edn(name));
  out += ':';
}

void append_strings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}

void append_counterexample(std::string& out, const History& h, const Counterexample& cx) {
  out += "{\"operations\":" + std::to_string(cx.ops.size());
  out += ",\"from_operations\":" + std::to_string(cx.from_operations);
  out += ",\"minimal\":";
  out += cx.minimal ? "true" : "false";
  if (!cx.minimal) {
    out += ",\"not_minimal_reason\":";
    append_json_string(out, cx.not_minimal_reason);
  }
  out += ",\"shrink_seconds\":" + json_number(cx.shrink_seconds);
  out += ",\"oracle_checks\":" + std::to_string(cx.oracle_checks);
  out += ",\"explanation\":";
  append_json_string(out, cx.explanation);
  out += ",\"nil_reads\":[";
  for (size_t i = 0; i < cx.nil_reads.size(); ++i)
    out += (i == 0 ? "" : ",") + std::to_string(h.first_event(h.ops[cx.nil_reads[i]]).line);
  out += ']';
  out += ",\"ops\":[";
  for (size_t i = 0; i < cx.ops.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, describe_op(h, cx.ops[i]));
  }
  out += "],\"stuck_op\":";
  if (cx.stuck_op)
    append_json_string(out, describe_op(h, *cx.stuck_op));
  else
    out += "null";
  out += ",\"stuck_states\":";
  append_strings(out, cx.stuck_states);
  out += ",\"steps\":[";
  for (size_t i = 0; i < cx.steps.size(); ++i) {
    const ModelStep& s = cx.steps[i];
    if (i > 0) out += ',';
    out += "{\"op\":";
    append_json_string(out, describe_op(h, s.op));
    out += ",\"line\":" + std::to_string(h.first_event(h.ops[s.op]).line);
    out += ",\"before\":";
    append_strings(out, s.before);
    out += ",\"after\":";
    append_strings(out, s.after);
    out += '}';
  }
  out += "],\"events\":[";
  std::vector<uint32_t> events = counterexample_events(h, cx);
  std::unordered_map<uint32_t, uint32_t> other;  // invoke <-> completion
  for (uint32_t i : cx.ops) {
    const Operation& op = h.ops[i];
    other[op.invoke] = op.complete;
    other[op.complete] = op.invoke;
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    out += event_json(h, events[i], other[events[i]]);
  }
  out += "]}";
}

// Which procedure decided a partition: "search", or a model's fast
// procedure (checkers/models/fast.h); and why the fast one was not used.
void append_decided_by(std::string& out, const PartitionResult& p) {
  bool decided = p.verdict != Verdict::kUnknown || !p.procedure.empty();
  out += ",\"procedure\":";
  if (!decided)
    out += "null";
  else
    append_json_string(out, p.procedure.empty() ? "search" : p.procedure);
  if (!p.fast_declined.empty()) {
    out += ",\"fast_declined\":";
    append_json_string(out, bounded(p.fast_declined));
  }
}

// Overall: how many partitions each procedure decided, and the first
// reason (in partition order) the fast path was declined.
void append_procedures(std::string& out, const CheckResult& r) {
  std::vector<std::pair<std::string, size_t>> counts;
  const std::string* declined = nullptr;
  for (const PartitionResult& p : r.partitions) {
    if (!declined && !p.fast_declined.empty()) declined = &p.fast_declined;
    if (p.verdict == Verdict::kUnknown && p.procedure.empty()) continue;
    std::string name = p.procedure.empty() ? "search" : p.procedure;
    auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end())
      counts.emplace_back(name, 1);
    else
      ++it->second;
  }
  out += ",\"procedures\":[";
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"procedure\":";
    append_json_string(out, counts[i].first);
    out += ",\"partitions\":" + std::to_string(counts[i].second) + "}";
  }
  out += ']';
  if (declined) {
    out += ",\"fast_declined\":";
    append_json_string(out, bounded(*declined));
  }
}

}  // namespace

std::string event_json(const History& h, uint32_t index, uint32_t other, size_t max_value_bytes) {
  auto append_value = [max_value_bytes](std::string& out, Value v) {
    if (max_value_bytes == 0) return append_json(out, v);
    std::string whole;
    append_json(whole, v);
    if (whole.size() <= max_value_bytes)
      out += whole;
    else
      append_json_string(out, bounded(whole, max_value_bytes));
  };
  const Event& e = h.events[index];
  const Event* start = nullptr;  // a complete record's synthetic invoke
  const Event* rec = &e;
  if (e.has(Event::kCompleteRecord)) {
    // The two events of a record are equal but for type and time, and on
    // the same line.
    auto partner = [&](bool want_invoke) -> const Event* {
      if (other != Operation::kNoEvent) return &h.events[other];
      constexpr uint32_t kNear = 256;
      for (uint32_t d = 1; d <= kNear; ++d) {
        uint32_t j = want_invoke ? index - std::min(index, d) : index + d;
        if (j >= h.events.size() || j == index) continue;
        const Event& c = h.events[j];
        if (c.line == e.line && c.has(Event::kCompleteRecord) &&
            (c.type == EventType::kInvoke) == want_invoke)
          return &c;
      }
      return nullptr;
    };
    if (e.type == EventType::kInvoke) {
      start = &e;
      if (const Event* c = partner(false)) rec = c;
    } else {
      start = partner(true);
    }
  }
  std::string out = "{";
  append_key(out, "type");
  append_json_string(out, event_type_name(rec->type));
  out += ',';
  append_key(out, "process");
  append_value(out, rec->process);
  out += ',';
  append_key(out, "f");
  std::string f = rec->f.is_text() ? std::string(rec->f.as_text()) : to_edn(rec->f);
  append_json_string(out, max_value_bytes > 0 ? bounded(f, max_value_bytes) : f);
  out += ',';
  append_key(out, "value");
  if (rec->has(Event::kSplitTuple)) {
    Value tuple[2] = {rec->key, rec->value};
    append_value(out, Value::vector(tuple));
  } else {
    append_value(out, rec->value);
  }
  if (rec->has(Event::kHasKey) && !rec->has(Event::kSplitTuple)) {
    out += ',';
    append_key(out, "key");
    append_value(out, rec->key);
  }
  if (rec->has(Event::kCompleteRecord)) {
    out += ",\"start\":" + std::to_string(start ? start->time : rec->time);
    out += ",\"end\":" + std::to_string(rec->time);
  } else if (rec->has(Event::kHasTime)) {
    out += ",\"time\":" + std::to_string(rec->time);
  }
  if (rec->has(Event::kHasIndex)) out += ",\"index\":" + std::to_string(rec->index);
  if (rec->extra.kind() == Kind::kMap) {
    auto items = rec->extra.items();
    for (size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].is_text() && items[i].as_text() == "line") continue;  // ours wins
      out += ',';
      append_field_name(out, items[i]);
      append_value(out, items[i + 1]);
    }
  }
  out += ",\"line\":" + std::to_string(rec->line) + "}";
  return out;
}

std::vector<uint32_t> counterexample_events(const History& h, const Counterexample& cx) {
  std::vector<uint32_t> events;
  for (uint32_t i : cx.ops) {
    const Operation& op = h.ops[i];
    bool record = h.first_event(op).has(Event::kCompleteRecord);
    if (op.invoke != Operation::kNoEvent) events.push_back(op.invoke);
    if (op.complete != Operation::kNoEvent && !(record && op.invoke != Operation::kNoEvent))
      events.push_back(op.complete);
  }
  std::sort(events.begin(), events.end());
  return events;
}

std::string json_report(const FileReport& report, const CheckOptions& options) {
  const ReadResult& read = *report.read;
  const CheckResult* r = report.check;
  bool malformed = !read.ok() || r == nullptr || r->error;
  std::string out = "{\"file\":";
  append_json_string(out, report.file);
  out += ",\"verdict\":";
  if (malformed) {
    // A parse error is not a verdict: "error", with the message and where.
    const ParseError* e = read.error ? &*read.error : r && r->error ? &*r->error : nullptr;
    out += "\"error\",\"error\":";
    append_json_string(out, e ? e->to_string() : std::string("not checked"));
    out += ",\"message\":";
    append_json_string(out, e ? e->message : std::string("not checked"));
    if (e && e->line > 0) {
      out += ",\"position\":{\"file\":";
      append_json_string(out, e->file);
      out +=
          ",\"line\":" + std::to_string(e->line) + ",\"column\":" + std::to_string(e->column) + "}";
    }
  } else {
    append_json_string(out, verdict_name(r->verdict));
    if (r->verdict == Verdict::kUnknown) {
      out += ",\"reason\":";
      append_json_string(out, r->reason);
    }
  }
  out += ",\"model\":";
  append_json_string(out, options.model);
  out += ",\"consistency\":";
  if (!options.isolation.empty())  // transactional: the isolation model, or strongest
    append_json_string(out, options.isolation);
  else
    append_json_string(out, consistency_name(options.consistency));
  out += ",\"parse_seconds\":" + json_number(report.parse_seconds);
  out += ",\"check_seconds\":" + json_number(r ? r->check_seconds : 0);
  if (read.ok()) {
    out += ",\"operations\":" + std::to_string(read.history.ops.size());
    out += ",\"skipped_records\":" + std::to_string(read.skipped);
  }
  size_t partitions = r && !malformed ? r->partitions.size() : 0;
  out += ",\"partitions\":" + std::to_string(partitions);
  uint64_t states = 0;
  for (size_t i = 0; i < partitions; ++i) states += r->partitions[i].states;
  out += ",\"states\":" + std::to_string(states);
  out += ",\"peak_bytes\":" + std::to_string(r ? r->peak_bytes : 0);
  out += ",\"results\":[";
  for (size_t i = 0; i < partitions; ++i) {
    const PartitionResult& p = r->partitions[i];
    if (i > 0) out += ',';
    out += "{\"key\":";
    if (p.keyed)
      append_json(out, p.key);
    else
      out += "null";
    out += ",\"keyed\":";
    out += p.keyed ? "true" : "false";
    out += ",\"verdict\":";
    append_json_string(out, verdict_name(p.verdict));
    if (!p.reason.empty()) {
      out += ",\"reason\":";
      append_json_string(out, p.reason);
    }
    out += ",\"operations\":" + std::to_string(p.operations);
    out += ",\"seconds\":" + json_number(p.seconds);
    out += ",\"states\":" + std::to_string(p.states);
    append_decided_by(out, p);
    out += '}';
  }
  out += ']';
  if (partitions > 0) append_procedures(out, *r);
  if (r && !malformed && r->failing) {
    const PartitionResult& p = r->partitions[*r->failing];
    const History& h = read.history;
    out += ",\"failure\":{";
    if (p.keyed) {
      out += "\"key\":";
      append_json(out, p.key);
      out += ',';
    }
    out += "\"stuck_op\":";
    if (p.stuck_op)
      append_json_string(out, describe_op(h, *p.stuck_op));
    else
      out += "null";
    out += ",\"longest_prefix\":[";
    for (size_t i = 0; i < p.longest_prefix.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, describe_op(h, p.longest_prefix[i]));
    }
    out += "],\"states\":";
    append_strings(out, p.stuck_states);
    out += '}';
  }
  // Every checker's counterexample, with or without a failing partition.
  if (r && !malformed && r->counterexample) {
    out += ",\"counterexample\":";
    append_counterexample(out, read.history, *r->counterexample);
  }
  // Each checker's details.
  if (r && !malformed) {
    out += ",\"checked_operations\":" + std::to_string(r->checked_operations);
    out += report::causal_json(read.history, *r);
    if (r->convergence)
      out += ",\"convergence\":" + report::convergence_json(read.history, *r->convergence);
  }
  if (r && !malformed && r->transactions)
    out += ",\"transactions\":" + report::txn_json(read.history, *r->transactions);
  out += '}';
  return out;
}

}  // namespace ariadne
