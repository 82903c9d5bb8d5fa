#include "cli/check_output.h"

#include <cstdio>
#include <mutex>

namespace ariadne::cli {

std::string check_text(const History& h, const CheckOptions& options, const CheckResult& r) {
  return text_report(h, options, r);
}

std::string check_json(const FileReport& report, const CheckOptions& options) {
  return json_report(report, options);
}

std::string check_html(std::vector<FileReport> reports, const CheckOptions& options) {
  // Checkers with sections of their own append them to each report's
  // html_sections here.
  return html_report(reports, options);
}

std::string check_junit(const std::vector<FileReport>& reports, const CheckOptions& options) {
  return junit_report(reports, options);
}

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
