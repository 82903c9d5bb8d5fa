// Helpers for the causal tests: histories from JSON Lines text, checked
// for one consistency model.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "ariadne/causal.h"
#include "ariadne/checker.h"
#include "ariadne/ingest.h"

namespace causal_test {

struct Checked {
  ariadne::History history;
  ariadne::CheckResult result;
};

inline ariadne::History read_jsonl(const std::string& text, bool independent = false) {
  ariadne::ReadOptions ro;
  ro.independent = independent;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "test.jsonl", ro);
  INFO(text);
  REQUIRE(r.ok());
  return std::move(r.history);
}

inline ariadne::CheckResult check_history(const ariadne::History& h, ariadne::Consistency c,
                                          const std::string& model = "kv",
                                          ariadne::Value initial = ariadne::Value(),
                                          int threads = 1) {
  ariadne::CheckOptions o;
  o.model = model;
  o.consistency = c;
  o.initial = initial;
  o.threads = threads;
  o.shrink_timeout_ns = 0;  // tests assert minimal witnesses: no clock may cut shrinking
  return ariadne::check(h, o);
}

inline Checked check_text(const std::string& text, ariadne::Consistency c,
                          const std::string& model = "kv",
                          ariadne::Value initial = ariadne::Value()) {
  Checked out;
  out.history = read_jsonl(text);
  out.result = check_history(out.history, c, model, initial);
  return out;
}

// One ok-only event: an operation at one point of real time.
inline std::string op(int process, const std::string& f, const std::string& key,
                      const std::string& value, const std::string& type = "ok") {
  return "{\"type\":\"" + type + "\",\"process\":" + std::to_string(process) + ",\"f\":\"" + f +
         "\",\"key\":\"" + key + "\",\"value\":" + value + "}\n";
}

// An edge as (kind, line of from, line of to), for comparisons.
struct EdgeLines {
  std::string kind;
  uint32_t from, to;
  bool operator==(const EdgeLines& o) const {
    return kind == o.kind && from == o.from && to == o.to;
  }
};

inline std::ostream& operator<<(std::ostream& os, const EdgeLines& e) {
  return os << e.kind << " " << e.from << "->" << e.to;
}

inline uint32_t line_of(const ariadne::History& h, uint32_t op) {
  return h.first_event(h.ops[op]).line;
}

inline std::vector<EdgeLines> edge_lines(const Checked& c) {
  REQUIRE(c.result.causal);
  std::vector<EdgeLines> out;
  for (const ariadne::CausalEdge& e : c.result.causal->edges)
    out.push_back({std::string(ariadne::causal_edge_kind_name(e.kind)), line_of(c.history, e.from),
                   line_of(c.history, e.to)});
  return out;
}

inline std::vector<uint32_t> op_lines(const Checked& c) {
  REQUIRE(c.result.causal);
  std::vector<uint32_t> out;
  for (uint32_t op : c.result.causal->ops) out.push_back(line_of(c.history, op));
  return out;
}

}  // namespace causal_test
