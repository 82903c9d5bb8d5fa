// Reading a history from a file or text and checking it for eventual
// consistency, for the convergence tests (set, counter, register,
// list-append, set-full, arbitration).
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"

namespace convergence_test {

inline const std::string kHistories = std::string(ARIADNE_SOURCE_DIR) + "/histories/";

struct Checked {
  ariadne::History history;
  ariadne::CheckResult result;
  const ariadne::ConvergenceReport& report() const {
    REQUIRE(result.convergence != nullptr);
    return *result.convergence;
  }
  // The set-full reading (a set history with no node).
  const ariadne::ConvergenceReport::SetFull& full() const {
    REQUIRE(report().set_full != nullptr);
    return *result.convergence->set_full;
  }
};

// Options for --consistency eventual of `model` on one thread.
inline ariadne::CheckOptions eventual(const std::string& model) {
  ariadne::CheckOptions o;
  o.model = model;
  o.consistency = ariadne::Consistency::kEventual;
  o.threads = 1;
  return o;
}

// Checks a history that must read cleanly; with `must_check`, the check
// must end without an error too.
inline Checked check_read(ariadne::ReadResult r, const ariadne::CheckOptions& options,
                          bool must_check) {
  REQUIRE(r.ok());
  Checked c{std::move(r.history), {}};
  c.result = ariadne::check(c.history, options);
  if (must_check) REQUIRE_FALSE(c.result.error.has_value());
  return c;
}

// `text` read as a file named `name` (its ending picks the format).
inline Checked check_text(const std::string& text, const ariadne::CheckOptions& options,
                          const std::string& name = "inline.jsonl", bool must_check = true) {
  INFO(text);
  return check_read(ariadne::read_history_buffer(text, name, {}), options, must_check);
}

// A file of histories/.
inline Checked check_file(const std::string& file, const ariadne::CheckOptions& options) {
  INFO(file);
  return check_read(ariadne::read_history_file(kHistories + file, {}), options, true);
}

// The lines of the ops' first events.
inline std::vector<uint32_t> lines(const ariadne::History& h, const std::vector<uint32_t>& ops) {
  std::vector<uint32_t> out;
  for (uint32_t op : ops) out.push_back(h.first_event(h.ops[op]).line);
  return out;
}

inline std::vector<std::string> edn(const std::vector<ariadne::Value>& values) {
  std::vector<std::string> out;
  for (ariadne::Value v : values) out.push_back(ariadne::to_edn(v));
  return out;
}

}  // namespace convergence_test
