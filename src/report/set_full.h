// Renderings of two parts of a ConvergenceReport: Jepsen's set-full outcome
// (a set history with no `node`) and the concurrent overwrites of
// last-writer-wins registers. Text lines are indented like the rest of the
// convergence report; JSON is a comma-led list of fields to append inside
// its object. Strings from the history are bounded in text and escaped in
// JSON.
#pragma once

#include <string>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"

namespace ariadne::report {

std::string set_full_text(const History& h, const ConvergenceReport::SetFull& s,
                          const std::string& time_unit);
// ,"set_full":{...}
std::string set_full_json(const History& h, const ConvergenceReport::SetFull& s);

// Empty when there are none.
std::string overwrites_text(const History& h, const ConvergenceReport& r);
// ,"concurrent_overwrites":N,"worst_overwrites":[...]
std::string overwrites_json(const History& h, const ConvergenceReport& r);

}  // namespace ariadne::report
