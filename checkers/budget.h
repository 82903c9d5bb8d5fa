// The time and work one check of a history may still spend.
//
// check() makes one Budget when it starts and passes it down to every phase
// that may run long: the searches, the counterexample search and its shrinking
// (each candidate's search included), the causal and convergence passes. So
// CheckOptions::timeout_ns, CheckOptions::deadline and CheckOptions::max_states
// bound the check as a whole, not each phase on its own.
//
// Invariants:
//  * Work is counted in search states (the searches' unit, SearchOutcome::
//    states). The count is shared by a budget and every budget made from it
//    with within(), so a sub-phase's work counts against the whole check.
//  * exhausted() never turns false again once true (time only moves on, the
//    count only grows).
//  * Where a search stops for max_states is a count, so it is the same on
//    every run when the check runs on one thread (CheckOptions::threads = 1);
//    with more threads, searches running at once share the count in
//    whatever order they reach it.
//
// Thread safety: spend(), exhausted() and reason() may be called from any
// thread at once.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ariadne/checker.h"

namespace ariadne {

class Budget {
 public:
  using Clock = std::chrono::steady_clock;

  // Why a budget ran out, as partitions' and results' reasons say it.
  static constexpr const char* kTimeout = "timeout";
  static constexpr const char* kStateLimit = "state limit";
  static constexpr const char* kShrinkTimeout = "shrink timeout";  // within() for shrinking

  // Counterexample::not_minimal_reason for a shrink this budget cut short.
  static const char* not_minimal_reason(std::string_view why) {
    if (why == kStateLimit) return "not shown minimal (state limit)";
    if (why == kShrinkTimeout) return "not shown minimal (shrink time limit)";
    return "not shown minimal (time limit)";
  }

  // No bound on time or work.
  Budget() : spent_(std::make_shared<std::atomic<uint64_t>>(0)) {}

  // The budget of a check that starts at `started`: it ends at the earlier of
  // options.deadline and started + options.timeout_ns, or after
  // options.max_states states.
  static Budget for_check(const CheckOptions& options, Clock::time_point started) {
    Budget b;
    b.outer_ = options.deadline;
    if (options.timeout_ns > 0) b.outer_ = std::min(b.outer_, after(started, options.timeout_ns));
    b.inner_ = b.outer_;
    b.max_states_ = options.max_states;
    return b;
  }

  // A budget for a sub-phase: this one, further ending at `deadline` (for
  // which reason() says `why`). It shares this one's count of work.
  Budget within(Clock::time_point deadline, const char* why) const {
    Budget b = *this;
    if (deadline < b.inner_) {
      b.inner_ = deadline;
      b.inner_why_ = why;
    }
    return b;
  }

  // `ns` after `from`, or no bound at all for a duration beyond a year (a
  // time point that far could overflow).
  static Clock::time_point after(Clock::time_point from, int64_t ns) {
    constexpr int64_t kYear = int64_t{365} * 24 * 3600 * 1'000'000'000;
    if (ns <= 0 || ns >= kYear) return Clock::time_point::max();
    return from + std::chrono::nanoseconds(ns);
  }

  void spend(uint64_t states) { spent_->fetch_add(states, std::memory_order_relaxed); }
  uint64_t spent() const { return spent_->load(std::memory_order_relaxed); }

  bool exhausted() const { return reason() != nullptr; }

  // Why the budget ran out: kTimeout when the check's own deadline passed,
  // the reason given to within() when a sub-phase's did, kStateLimit when
  // the work did; null while there is some left.
  const char* reason() const {
    if (max_states_ != 0 && spent() >= max_states_) return kStateLimit;
    if (inner_ == Clock::time_point::max()) return nullptr;
    auto now = Clock::now();
    if (now >= outer_) return kTimeout;
    if (now >= inner_) return inner_why_;
    return nullptr;
  }

  // The time this budget ends, time_point::max() for none.
  Clock::time_point deadline() const { return inner_; }

 private:
  Clock::time_point outer_ = Clock::time_point::max();  // the check's own deadline
  Clock::time_point inner_ = Clock::time_point::max();  // <= outer_: a sub-phase's
  const char* inner_why_ = kTimeout;
  uint64_t max_states_ = 0;
  std::shared_ptr<std::atomic<uint64_t>> spent_;
};

}  // namespace ariadne
