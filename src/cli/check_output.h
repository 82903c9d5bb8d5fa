// What `ariadne check` prints: text for people, JSON Lines for programs,
// a progress line for long runs.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

namespace ariadne::cli {

// "FILE<TAB>verdict" and, for an invalid history, where the search got stuck.
std::string check_text(const History& history, const CheckResult& result);

// One JSON object (no newline) with the fields of SPEC section 5 known now.
std::string check_json(const std::string& file, const CheckOptions& options, const ReadResult& read,
                       const CheckResult& result, double parse_seconds);

// A progress callback that rewrites one stderr line, once a check has run
// for a second. REQUIRES: stderr is a terminal.
std::function<void(const Progress&)> progress_printer(const std::string& file,
                                                      std::chrono::steady_clock::time_point start);
void clear_progress();

}  // namespace ariadne::cli
