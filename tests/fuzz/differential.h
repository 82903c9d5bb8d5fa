// The differential check behind differential_fuzz.cc, shared with the
// Catch2 test that replays the inputs the fuzzer once failed on.
//
// The same events, written once as EDN and once as JSON Lines, must read as
// equal histories (events, operations, intervals) and get the same verdict
// from the register checker. The bytes are a program: each byte pair picks an
// event's type, process, f and value from small alphabets, so most inputs
// are histories (some malformed on purpose: a completion of another f, a
// double invoke), and both readers must then report the same error.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "require.h"

namespace ariadne::fuzz {

struct Texts {
  std::string edn, jsonl;
};

// A value in both notations: null, an integer, a short string, or a vector.
void add_value(Texts& t, uint8_t code) {
  switch (code % 6) {
    case 0:
      t.edn += "nil";
      t.jsonl += "null";
      return;
    case 1:
    case 2: {
      std::string n = std::to_string(static_cast<int>(code / 6) - 10);
      t.edn += n;
      t.jsonl += n;
      return;
    }
    case 3: {
      std::string s = "\"v" + std::to_string(code / 6) + (code & 64 ? "\\n\\\"q\"" : "\"");
      t.edn += s;
      t.jsonl += s;
      return;
    }
    case 4:
      t.edn += code & 8 ? "true" : "false";
      t.jsonl += code & 8 ? "true" : "false";
      return;
    default: {
      std::string a = std::to_string(code % 3), b = std::to_string(code / 50);
      t.edn += "[" + a + " " + b + "]";
      t.jsonl += "[" + a + "," + b + "]";
      return;
    }
  }
}

Texts program(const uint8_t* data, size_t size) {
  static const char* kTypes[] = {"invoke", "ok", "fail", "info"};
  static const char* kFs[] = {"read", "write", "cas", "write"};
  Texts t;
  for (size_t i = 0; i + 1 < size && i < 400; i += 2) {
    uint8_t a = data[i], b = data[i + 1];
    const char* type = kTypes[a & 3];
    int process = (a >> 2) & 3;
    const char* f = kFs[(a >> 4) & 3];
    bool timed = a & 64;
    t.edn += std::string("{:type :") + type + ", :process " + std::to_string(process) +
             ", :f :" + f + ", :value ";
    t.jsonl += std::string("{\"type\":\"") + type + "\",\"process\":" + std::to_string(process) +
               ",\"f\":\"" + f + "\",\"value\":";
    add_value(t, b);
    if (timed) {
      std::string time = std::to_string(i * 10);
      t.edn += ", :time " + time;
      t.jsonl += ",\"time\":" + time;
    }
    t.edn += "}\n";
    t.jsonl += "}\n";
  }
  return t;
}

// Aborts when the two readings disagree.
inline void differential_check(const uint8_t* data, size_t size) {
  Texts t = program(data, size);
  ariadne::ReadOptions options;
  options.threads = 1;
  ariadne::ReadResult edn = ariadne::read_history_buffer(t.edn, "h", options);
  ariadne::ReadResult json = ariadne::read_history_buffer(t.jsonl, "h", options);
  require(edn.format == ariadne::Format::kEdn);
  require(json.format == ariadne::Format::kJsonl || t.jsonl.empty());
  require(edn.ok() == json.ok());
  if (!edn.ok()) {
    require(edn.error->line == json.error->line);
    require(edn.error->message == json.error->message);
    return;
  }
  const ariadne::History& a = edn.history;
  const ariadne::History& b = json.history;
  require(a.events.size() == b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    const ariadne::Event& x = a.events[i];
    const ariadne::Event& y = b.events[i];
    require(x.process == y.process && x.f == y.f && x.value == y.value && x.type == y.type);
    require(x.time == y.time && x.line == y.line && x.flags == y.flags && x.extra == y.extra);
  }
  require(a.ops.size() == b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    require(a.ops[i].invoke == b.ops[i].invoke && a.ops[i].complete == b.ops[i].complete);
    require(a.start(a.ops[i]) == b.start(b.ops[i]) && a.end(a.ops[i]) == b.end(b.ops[i]));
  }
  ariadne::CheckOptions check_options;
  check_options.threads = 1;
  check_options.max_memory = uint64_t{256} << 20;
  check_options.shrink = false;  // verdicts are compared, not counterexamples
  ariadne::CheckResult ra = ariadne::check(a, check_options);
  ariadne::CheckResult rb = ariadne::check(b, check_options);
  require(ra.error.has_value() == rb.error.has_value());
  // The memory budget is net of resident memory, which changes between the
  // two checks: a limit hit by one and not the other is not a disagreement.
  if (ra.verdict != ariadne::Verdict::kUnknown && rb.verdict != ariadne::Verdict::kUnknown)
    require(ra.verdict == rb.verdict);
}

}  // namespace ariadne::fuzz
