#include "cli/progress.h"

#include <cstdio>
#include <mutex>

namespace ariadne::cli {

namespace {
std::mutex progress_mu;
bool progress_shown = false;
}  // namespace

std::function<void(const Progress&)> progress_printer(const std::string& file,
                                                      std::chrono::steady_clock::time_point start) {
  return [file, start](const Progress& p) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed < 1.0) return;
    std::lock_guard<std::mutex> lock(progress_mu);
    std::fprintf(stderr, "\r\033[K%s: %zu/%zu partitions, %llu states, %.0f s", file.c_str(),
                 p.partitions_done, p.partitions_total,
                 static_cast<unsigned long long>(p.states_explored), elapsed);
    progress_shown = true;
  };
}

void clear_progress() {
  std::lock_guard<std::mutex> lock(progress_mu);
  if (progress_shown) std::fprintf(stderr, "\r\033[K");
  progress_shown = false;
}

}  // namespace ariadne::cli
