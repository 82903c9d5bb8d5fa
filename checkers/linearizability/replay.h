// The model's states along an order of operations: what a report shows
// beside each operation of a counterexample.
#pragma once

#include <optional>
#include <unordered_set>
#include <vector>

#include "ariadne/checker.h"

namespace ariadne::lin {

// Applies `order` (indices into h.ops) to the model of `options` from its
// initial state, keeping every state an op may lead to (crashed ops and
// nondeterministic models may have several), then tries `stuck` (its
// `after` is then empty when it cannot be applied). Ops the model drops (a
// crashed read) leave the states as they are. The model is built as
// check() builds it for `h` (one object per key when h is checked whole).
// At most kMaxReplayStates states are kept per step. With `wanted`, only
// the steps of ops it holds are returned (the replay still runs in full).
// Throws std::invalid_argument when options.model names no model with a
// replay (check() reports an unknown model before any replay).
std::vector<ModelStep> replay(const History& h, const CheckOptions& options,
                              const std::vector<uint32_t>& order, std::optional<uint32_t> stuck,
                              const std::unordered_set<uint32_t>* wanted = nullptr);

inline constexpr size_t kMaxReplayStates = 16;

}  // namespace ariadne::lin
