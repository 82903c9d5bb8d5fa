// How `ariadne check` shows a causal bad pattern and a `--consistency
// strongest` report: lines of text for people, JSON members for programs.
#pragma once

#include <string>

#include "ariadne/checker.h"

namespace ariadne::cli {

// Indented lines to print after "FILE<TAB>verdict": the bad pattern, its
// chain of edges and operations; or every model's verdict for strongest.
// Empty when the result has neither.
std::string causal_text(const History& history, const CheckResult& result);

// JSON members, each with a leading comma, to append inside the file's
// object: "causal" (pattern, summary, ops, edges) and "strongest" (every
// model's verdict). Empty when the result has neither. (The counterexample
// is the common report's.)
std::string causal_json(const History& history, const CheckResult& result);

}  // namespace ariadne::cli
