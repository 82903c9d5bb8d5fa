// What `ariadne check` prints: text for people, JSON Lines for programs,
// HTML and JUnit files, a progress line for long runs. The dispatcher
// between the checkers' results and the reports of ariadne/report.h: a
// checker with its own output (causal, convergence) adds it here.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "ariadne/report.h"

namespace ariadne::cli {

// "FILE<TAB>verdict" and, for an invalid history, its counterexample; a
// line with the count of `skipped_records` (--lenient) when there were any.
// Bidi and other control characters are escaped (terminal_escape).
std::string check_text(const History& history, const CheckOptions& options,
                       const CheckResult& result, size_t skipped_records = 0);

// One JSON object (no newline): the fields of docs/report-json.md.
std::string check_json(const FileReport& report, const CheckOptions& options);

// The HTML report of every file, with each checker's extra sections.
std::string check_html(std::vector<FileReport> reports, const CheckOptions& options);

// The JUnit XML report of every file.
std::string check_junit(const std::vector<FileReport>& reports, const CheckOptions& options);

// A progress callback that rewrites one stderr line, once a check has run
// for a second. REQUIRES: stderr is a terminal.
std::function<void(const Progress&)> progress_printer(const std::string& file,
                                                      std::chrono::steady_clock::time_point start);
void clear_progress();

}  // namespace ariadne::cli
