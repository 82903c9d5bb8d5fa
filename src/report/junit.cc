// The JUnit report: one <testsuite>, one <testcase> per history file and
// one more per invalid partition (key). Invalid: <failure>; malformed
// history: <error>; unknown (timeout, memory, no operations): <skipped>,
// as nothing was proven either way. Records skipped under --lenient are
// counted in the testcase's <system-out>. Values are cut (bounded()).
#include <cstdio>

#include "ariadne/report.h"
#include "ariadne/transactions.h"
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
    std::string skipped_records;  // under --lenient: how many records were not read
    if (f.read->ok() && f.read->skipped > 0)
      skipped_records = "    <system-out>skipped " + std::to_string(f.read->skipped) +
                        " malformed records (--lenient)</system-out>\n";
    std::string close_case = skipped_records + "  </testcase>\n";
    if (!f.read->ok() || !r || r->error) {
      ++errors;
      std::string message = !f.read->ok()   ? f.read->error->to_string()
                            : r && r->error ? r->error->to_string()
                                            : "not checked";
      std::string first_line = message.substr(0, message.find('\n'));
      cases += ">\n    <error message=\"" + markup_escape(bounded(first_line)) +
               "\" type=\"malformed\">" + markup_escape(message) + "</error>\n" + close_case;
      continue;
    }
    if (r->verdict == Verdict::kValid) {
      cases += skipped_records.empty() ? "/>\n" : ">\n" + close_case;
      continue;
    }
    if (r->verdict == Verdict::kUnknown) {
      ++skipped;
      cases += ">\n    <skipped message=\"" + markup_escape(bounded("unknown: " + r->reason)) +
               "\"/>\n" + close_case;
      continue;
    }
    ++failures;
    std::string explanation = r->counterexample ? r->counterexample->explanation : "";
    std::string first_line = explanation.substr(0, explanation.find('\n'));
    std::string message =
        "invalid: not " +
        (options.isolation.empty() ? report::consistency_words(options.consistency)
                                   : options.isolation) +
        (first_line.empty() ? "" : ". " + first_line);
    std::string body = text_report(f.read->history, options, *r);
    cases += ">\n    <failure message=\"" + markup_escape(bounded(message, 2 * kShownBytes)) +
             "\" type=\"invalid\">" + markup_escape(body) + "</failure>\n" + close_case;
    // Transactional: a testcase per anomaly found (one witness each).
    if (r->transactions) {
      for (const txn::Violation& v : r->transactions->violations) {
        open_case(f.file + " " + std::string(txn::anomaly_name(v.anomaly)), 0);
        ++failures;
        cases += ">\n    <failure message=\"" + markup_escape(bounded(v.summary, 2 * kShownBytes)) +
                 "\" type=\"invalid\">" + markup_escape(bounded(v.summary, 4 * kShownBytes)) +
                 "</failure>\n  </testcase>\n";
      }
    }
    for (const PartitionResult& p : r->partitions) {
      if (p.verdict != Verdict::kInvalid || !p.keyed) continue;
      std::string key = bounded_edn(p.key);
      open_case(f.file + " key " + key, p.seconds);
      ++failures;
      cases += ">\n    <failure message=\"" +
               markup_escape("invalid: key " + key + " is not " +
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
