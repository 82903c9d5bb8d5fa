// The progress line of `ariadne check` on a terminal.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "ariadne/checker.h"

namespace ariadne::cli {

// A progress callback that rewrites one stderr line, once a check has run
// for a second. REQUIRES: stderr is a terminal.
std::function<void(const Progress&)> progress_printer(const std::string& file,
                                                      std::chrono::steady_clock::time_point start);
void clear_progress();

}  // namespace ariadne::cli
