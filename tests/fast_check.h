// One small JSON Lines history checked as a single partition of `model`,
// with the fast path on or off: what the tests of the fast procedures share.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

namespace ariadne_test {

struct FastCheck {
  ariadne::History history;  // the counterexample's ops index into it
  ariadne::CheckResult result;
  ariadne::Verdict verdict = ariadne::Verdict::kUnknown;
  ariadne::PartitionResult partition;  // the one partition
  std::string procedure, declined;     // partition.procedure, partition.fast_declined
};

inline FastCheck fast_check(const std::string& model, const std::string& text, bool fast_path,
                            bool shrink = false) {
  ariadne::ReadOptions read_options;
  read_options.format = ariadne::Format::kJsonl;
  ariadne::ReadResult r = ariadne::read_history_buffer(text, "h.jsonl", read_options);
  REQUIRE(r.ok());
  ariadne::CheckOptions options;
  options.model = model;
  options.threads = 1;
  options.shrink = shrink;
  options.shrink_timeout_ns = 0;
  options.fast_path = fast_path;
  FastCheck o;
  o.history = std::move(r.history);
  o.result = ariadne::check(o.history, options);
  REQUIRE_FALSE(o.result.error);
  REQUIRE(o.result.partitions.size() == 1);
  o.verdict = o.result.verdict;
  o.partition = o.result.partitions[0];
  o.procedure = o.partition.procedure;
  o.declined = o.partition.fast_declined;
  return o;
}

}  // namespace ariadne_test
