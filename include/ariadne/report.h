// ariadne/report.h — what a check is reported as: text for people, JSON
// Lines for programs (docs/report-json.md), one self-contained HTML file,
// and JUnit XML for CI.
//
// Every string that comes from a history is escaped for where it goes:
// JSON string escapes in JSON; entities in HTML text and attributes, and
// \u003c, \u003e, \u0026, \u2028, \u2029 in JSON embedded in <script>; XML
// entities in JUnit. The HTML report loads nothing from the network.
//
// Thread safety: every function is reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"

namespace ariadne {

// An extra section of the HTML report, after those html_report() draws from
// the result itself (causal pattern, strongest, convergence). `html` is trusted markup:
// build it with markup_escape() around every string from the history. `id` is
// an anchor ([a-z0-9-]), `title` plain text.
struct HtmlSection {
  std::string id, title, html;
};

// One history file and how its check went.
struct FileReport {
  std::string file;                    // as given on the command line
  const ReadResult* read = nullptr;    // never null
  const CheckResult* check = nullptr;  // null when the file did not read
  double parse_seconds = 0;
  std::vector<HtmlSection> html_sections;  // added after the counterexample
};

// "FILE<TAB>verdict[<TAB>reason]\n" and, when invalid, the counterexample:
// a timeline with one row per process, the explanation, the model states
// where the search got stuck, then where the search over the whole failing
// partition got stuck; then what the checker found besides (the causal bad
// pattern, every model's verdict under strongest, the convergence report).
// Not escaped for a terminal.
std::string text_report(const History& history, const CheckOptions& options,
                        const CheckResult& result);
// What `ariadne check` prints for one file that was read (REQUIRES:
// report.read->ok() and report.check): text_report(), with a line counting
// the records skipped under --lenient after the counterexample, escaped for
// a terminal (terminal_escape()).
std::string text_report(const FileReport& report, const CheckOptions& options);

// One JSON object, no newline: the fields of docs/report-json.md (every
// checker's: causal, strongest and convergence included).
std::string json_report(const FileReport& report, const CheckOptions& options);

// The original record of an event, as JSON: every field it had in the input
// plus "line" (a [key value] tuple put back together under --independent).
// For an event of a complete-operation record (start/end), the record;
// `other` is the other event of its operation, when known (else it is
// looked for nearby). With `max_value_bytes` > 0, a value (or key, or
// other field) whose JSON is longer is given as a string: bounded() of
// that JSON. 0 keeps every value whole (the JSON report).
std::string event_json(const History& history, uint32_t event, uint32_t other = Operation::kNoEvent,
                       size_t max_value_bytes = 0);

// The events of a counterexample's operations in history order, one
// record each (a complete-operation record once): a history by itself.
std::vector<uint32_t> counterexample_events(const History& history, const Counterexample& cx);

// One HTML document for every file.
std::string html_report(const std::vector<FileReport>& reports, const CheckOptions& options);

// One sentence, no newline: the counterexample's nil reads (`ops`) that
// Knossos would not flag, by line (five named at most), and the flag that
// reads them as Knossos does. In the text and HTML reports.
std::string nil_reads_note(const History& history, const std::vector<uint32_t>& ops);

// One <testsuite>: a testcase per file and per invalid partition.
std::string junit_report(const std::vector<FileReport>& reports, const CheckOptions& options);

// Text for HTML or XML, in content or in a quoted attribute: &, <, >, "
// and ' as references, and the characters XML 1.0 forbids (controls below
// 0x20 but tab, line feed and carriage return; U+FFFE and U+FFFF) as
// U+FFFD.
std::string markup_escape(std::string_view text);
// Text for a terminal: control characters but tab and line feed (C0, DEL,
// C1) and the bidirectional controls that can make a line read otherwise
// than it is (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) as
// \uXXXX.
std::string terminal_escape(std::string_view text);

// The most bytes of one value the text, HTML and JUnit reports show.
constexpr size_t kShownBytes = 300;
// `text` if at most `max_bytes` long, else its first `max_bytes` (cut at a
// UTF-8 boundary) then "…(N bytes)", N the whole size.
std::string bounded(std::string_view text, size_t max_bytes = kShownBytes);
// A value from a history as shown in a message or a text, HTML or JUnit
// report: bounded() of its EDN text. The one way to show a value there;
// JSON counterexample events keep values whole (event_json).
std::string bounded_edn(Value v, size_t max_bytes = kShownBytes);

// JSON text made safe inside <script>: <, >, &, U+2028, U+2029, U+FFFE and
// U+FFFF as \u escapes.
std::string script_safe_json(std::string_view json);

}  // namespace ariadne
