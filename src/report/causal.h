// The renderings of a causal bad pattern (CheckResult::causal) and of a
// `--consistency strongest` report (CheckResult::strongest): lines of text
// for the text, HTML and JUnit reports, JSON members for the JSON report.
// Drawn from the result's data only.
#pragma once

#include <string>

#include "ariadne/checker.h"

namespace ariadne::report {

// Indented lines to print after "FILE<TAB>verdict": the bad pattern, its
// chain of edges and operations; or every model's verdict for strongest.
// Empty when the result has neither.
std::string causal_text(const History& history, const CheckResult& result);

// JSON members, each with a leading comma, to append inside the file's
// object: "causal" (pattern, summary, ops, edges) and "strongest" (every
// model's verdict). Empty when the result has neither. (The counterexample
// is the common report's.)
std::string causal_json(const History& history, const CheckResult& result);

}  // namespace ariadne::report
