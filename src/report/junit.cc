// The JUnit report: one <testsuite>, one <testcase> per history file and
// one more per invalid partition (key). Invalid: <failure>; malformed
// history: <error>; unknown (timeout, memory): <skipped>, as nothing was
// proven either way.
#include <cstdio>

#include "ariadne/report.h"
#include "report/layout.h"

namespace ariadne {

namespace {

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

}  // namespace

std::string junit_report(const std::vector<FileReport>& reports, const CheckOptions& options) {
  std::string cases;
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double total = 0;
  std::string classname =
      "ariadne." + options.model + "." + std::string(consistency_name(options.consistency));
  auto open_case = [&](const std::string& name, double time) {
    ++tests;
    cases += "  <testcase classname=\"" + markup_escape(classname) + "\" name=\"" +
             markup_escape(name) + "\" time=\"" + seconds(time) + "\"";
  };
  for (const FileReport& f : reports) {
    const CheckResult* r = f.check;
    double time = f.parse_seconds + (r ? r->check_seconds : 0);
    total += time;
    open_case(f.file, time);
    if (!f.read->ok() || !r || r->error) {
      ++errors;
      std::string message = !f.read->ok()   ? f.read->error->to_string()
                            : r && r->error ? r->error->to_string()
                                            : "not checked";
      cases += ">\n    <error message=\"malformed history\" type=\"malformed\">" +
               markup_escape(message) + "</error>\n  </testcase>\n";
      continue;
    }
    if (r->verdict == Verdict::kValid) {
      cases += "/>\n";
      continue;
    }
    if (r->verdict == Verdict::kUnknown) {
      ++skipped;
      cases += ">\n    <skipped message=\"" + markup_escape("unknown: " + r->reason) +
               "\"/>\n  </testcase>\n";
      continue;
    }
    ++failures;
    std::string explanation = r->counterexample ? r->counterexample->explanation : "";
    std::string first_line = explanation.substr(0, explanation.find('\n'));
    std::string message = "invalid: not " + report::consistency_words(options.consistency) +
                          (first_line.empty() ? "" : ". " + first_line);
    std::string body = text_report(f.read->history, options, *r);
    cases += ">\n    <failure message=\"" + markup_escape(message) + "\" type=\"invalid\">" +
             markup_escape(body) + "</failure>\n  </testcase>\n";
    for (const PartitionResult& p : r->partitions) {
      if (p.verdict != Verdict::kInvalid || !p.keyed) continue;
      open_case(f.file + " key " + to_edn(p.key), p.seconds);
      ++failures;
      cases += ">\n    <failure message=\"" +
               markup_escape("invalid: key " + to_edn(p.key) + " is not " +
                             report::consistency_words(options.consistency)) +
               "\" type=\"invalid\">" + markup_escape(explanation) + "</failure>\n  </testcase>\n";
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuite name=\"ariadne check\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
         std::to_string(skipped) + "\" time=\"" + seconds(total) + "\">\n";
  out += cases;
  out += "</testsuite>\n";
  return out;
}

}  // namespace ariadne
