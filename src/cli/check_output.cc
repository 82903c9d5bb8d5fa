#include "cli/check_output.h"

#include <cstdio>
#include <mutex>

#include "ariadne/convergence.h"
#include "cli/causal_output.h"
#include "cli/convergence_output.h"

namespace ariadne::cli {

std::string check_text(const History& h, const CheckOptions& options, const CheckResult& r,
                       size_t skipped_records) {
  std::string out = text_report(h, options, r);
  if (skipped_records > 0)
    out += "  skipped " + std::to_string(skipped_records) + " malformed records (--lenient)\n";
  out += causal_text(h, r);
  if (r.convergence) out += convergence_text(h, *r.convergence);
  return terminal_escape(out);
}

std::string check_json(const FileReport& report, const CheckOptions& options) {
  std::string out = json_report(report, options);
  const CheckResult* r = report.check;
  if (!r || !report.read->ok() || r->error) return out;
  const History& h = report.read->history;
  out.pop_back();  // the closing brace: each checker's members go inside
  out += causal_json(h, *r);
  if (r->convergence) out += ",\"convergence\":" + convergence_json(h, *r->convergence);
  out += '}';
  return out;
}

std::string check_html(std::vector<FileReport> reports, const CheckOptions& options) {
  // Checkers with sections of their own append them to each report's
  // html_sections here.
  for (FileReport& report : reports) {
    const CheckResult* r = report.check;
    if (r && !r->error && (r->causal || r->strongest))
      report.html_sections.push_back(
          {"causal", r->causal ? "Bad pattern" : "Strongest model",
           "<pre>" + markup_escape(causal_text(report.read->history, *r)) + "</pre>"});
    if (r && r->convergence)
      report.html_sections.push_back(
          {"convergence", "Convergence latency",
           "<pre>" + markup_escape(convergence_text(report.read->history, *r->convergence)) +
               "</pre>" + convergence_svg(*r->convergence)});
  }
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
