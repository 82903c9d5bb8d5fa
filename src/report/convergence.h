// The renderings of a ConvergenceReport (CheckResult::convergence,
// `--consistency eventual`): text for the text, HTML and JUnit reports, a
// JSON object for the JSON report, and an SVG plot of convergence latency
// for the HTML report.
#pragma once

#include <string>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"

namespace ariadne::report {

// Indented lines after the verdict line: replicas, violations, Jepsen's
// set-full outcomes, latency quantiles and the worst stale updates.
std::string convergence_text(const History& history, const ConvergenceReport& report);

// One JSON object (no newline), the value of the report's "convergence" field.
std::string convergence_json(const History& history, const ConvergenceReport& report);

// A self-contained SVG document: latency (y) by acknowledgement (x), one
// colour per replica. Every string from the history is XML-escaped.
std::string convergence_svg(const ConvergenceReport& report);

}  // namespace ariadne::report
