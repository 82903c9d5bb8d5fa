// The text report: the verdict line, then for a violation its
// counterexample drawn as a timeline, in plain words, and the search's view;
// then the checker's details (causal pattern, strongest, convergence).
#include <algorithm>
#include <cstdio>

#include "ariadne/report.h"
#include "report/causal.h"
#include "report/convergence.h"
#include "report/layout.h"
#include "report/txn_report.h"

namespace ariadne {

namespace {

constexpr size_t kPrefixShown = 12;  // last operations of the prefix printed
constexpr size_t kMaxDrawnOps = 60;  // larger counterexamples are listed, not drawn

std::string partition_name(const PartitionResult& p) {
  return p.keyed ? "key " + bounded_edn(p.key) : std::string("the history");
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

// One line per row; each op drawn as [label----] from its first event's
// column to its completion's; a crashed op runs on to the right edge, ">".
std::string timeline(const History& h, const std::vector<uint32_t>& ops,
                     const std::string& indent) {
  report::Layout layout = report::lay_out(h, ops);
  bool keys = report::several_keys(h, ops);
  std::vector<std::string> labels;
  for (const report::Box& b : layout.boxes) {
    const Operation& op = h.ops[b.op];
    std::string label =
        report::op_label(h, b.op, 16, keys) + " L" + std::to_string(h.first_event(op).line);
    if (b.open) label += " crashed";
    labels.push_back(label);
  }
  // Columns: each slot right of the previous one, and far enough right of
  // every box's start for its label to fit.
  std::vector<size_t> x(layout.slots + 1, 0);
  std::vector<size_t> min_x(layout.slots + 1, 0);
  for (size_t k = 0; k <= layout.slots; ++k) {
    if (k > 0) x[k] = std::max(x[k - 1] + 2, min_x[k]);
    for (size_t i = 0; i < layout.boxes.size(); ++i) {
      const report::Box& b = layout.boxes[i];
      if (b.end == k && b.start < k) x[k] = std::max(x[k], x[b.start] + labels[i].size() + 2);
    }
    for (size_t i = 0; i < layout.boxes.size(); ++i) {  // a point pushes the next slot
      const report::Box& b = layout.boxes[i];
      if (b.start == k && b.end == k && k < layout.slots)
        min_x[k + 1] = std::max(min_x[k + 1], x[k] + labels[i].size() + 4);
    }
  }
  size_t name_width = 0;
  for (const std::string& r : layout.rows) name_width = std::max(name_width, r.size());
  std::vector<std::string> lines(layout.rows.size());
  for (size_t i = 0; i < layout.boxes.size(); ++i) {
    const report::Box& b = layout.boxes[i];
    std::string& line = lines[b.row];
    size_t from = x[b.start];
    size_t to = b.open             ? std::max(x[layout.slots], from + labels[i].size() + 2)
                : b.end == b.start ? from + labels[i].size() + 1
                                   : x[b.end];
    if (line.size() < to + 1) line.resize(to + 1, ' ');
    std::string bar = "[" + labels[i];
    bar.resize(to - from, ' ');
    bar += b.open ? '>' : ']';
    line.replace(from, bar.size(), bar);
  }
  std::string out;
  for (size_t r = 0; r < layout.rows.size(); ++r) {
    std::string name = layout.rows[r];
    name.resize(name_width + 2, ' ');
    std::string line = lines[r];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += indent + name + line + "\n";
  }
  return out;
}

std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  size_t from = 0;
  while (from < text.size()) {
    size_t nl = text.find('\n', from);
    if (nl == std::string::npos) nl = text.size();
    out += indent + text.substr(from, nl - from) + "\n";
    from = nl + 1;
  }
  return out;
}

std::string states_list(const std::vector<std::string>& states) {
  std::string out;
  for (size_t i = 0; i < states.size(); ++i) out += (i == 0 ? "" : ", ") + bounded(states[i]);
  return out.empty() ? "none" : out;
}

// What a checker found besides its counterexample.
std::string details_text(const History& h, const CheckResult& r) {
  if (r.error) return "";
  std::string out = report::causal_text(h, r);
  if (r.convergence) out += report::convergence_text(h, *r.convergence);
  return out;
}

}  // namespace

std::string nil_reads_note(const History& h, const std::vector<uint32_t>& ops) {
  constexpr size_t kMaxNamed = 5;
  size_t named = std::min(ops.size(), kMaxNamed);
  std::string lines;
  for (size_t i = 0; i < named; ++i)
    lines += (i == 0                ? ""
              : i + 1 == ops.size() ? " and "
                                    : ", ") +
             std::to_string(h.first_event(h.ops[ops[i]]).line);
  if (named < ops.size()) lines += " and " + std::to_string(ops.size() - named) + " more";
  return std::string(
             "Knossos reads a read that returned nil as matching any state and would "
             "not flag the nil read") +
         (ops.size() == 1 ? " at line " : "s at lines ") + lines +
         "; --nil-reads any gives that reading.";
}

namespace {

// The verdict line and the counterexample.
std::string verdict_text(const History& h, const CheckOptions& options, const CheckResult& r) {
  std::string out = h.name + "\t";
  if (r.error) return out + "error\n";
  out += std::string(verdict_name(r.verdict));
  if (r.verdict == Verdict::kUnknown) out += "\t" + bounded(r.reason);
  if (r.verdict == Verdict::kValid && h.ops.empty()) out += "\t0 operations";
  out += "\n";
  // Unknown: why the fast path (which would not run out) did not decide.
  if (r.verdict == Verdict::kUnknown)
    for (const PartitionResult& p : r.partitions)
      if (p.verdict == Verdict::kUnknown && !p.fast_declined.empty()) {
        out +=
            "  fast path not used on " + partition_name(p) + ": " + bounded(p.fast_declined) + "\n";
        break;
      }
  if (r.transactions) return out + report::txn_text(h, *r.transactions);
  if (!r.failing) return out;
  const PartitionResult& p = r.partitions[*r.failing];
  std::string consistency = report::consistency_words(options.consistency);
  if (r.counterexample) {
    const Counterexample& cx = *r.counterexample;
    out += "  " + partition_name(p) + " is not " + consistency + ": " +
           std::to_string(cx.ops.size()) + " of its " + std::to_string(cx.from_operations) +
           " operations show it";
    if (cx.minimal)
      out += " (a minimal counterexample, shrunk in " + seconds(cx.shrink_seconds) + ")\n";
    else
      out += " (" + cx.not_minimal_reason + ")\n";
    if (cx.ops.size() <= kMaxDrawnOps) {
      out += timeline(h, cx.ops, "    ");
    } else {
      for (uint32_t op : cx.ops) out += "    " + describe_op(h, op) + "\n";
    }
    out += "  Why:\n" + indented(cx.explanation, "    ");
    if (!cx.nil_reads.empty()) out += "  " + nil_reads_note(h, cx.nil_reads) + "\n";
    if (cx.stuck_op)
      out += "  Model states where the search over these operations got stuck: " +
             states_list(cx.stuck_states) + "\n";
  }
  if (!p.procedure.empty()) {
    out += "  Decided by the fast procedure \"" + bounded(p.procedure) + "\" over all " +
           std::to_string(p.operations) + " operations of " + partition_name(p) +
           " (--no-fast-path: by the search)";
    if (!p.stuck_op) return out + "\n";
    out += "; the search over the counterexample:\n";
  } else {
    out += "  Search over all " + std::to_string(p.operations) + " operations of " +
           partition_name(p) + ":\n";
  }
  if (p.stuck_op) out += "    cannot be linearized: " + describe_op(h, *p.stuck_op) + "\n";
  size_t n = p.longest_prefix.size();
  out += "    longest legal prefix: " + std::to_string(n) + " operations";
  out += n == 0 ? "\n" : ", ending\n";
  size_t from = n > kPrefixShown ? n - kPrefixShown : 0;
  if (from > 0) out += "      ... " + std::to_string(from) + " earlier\n";
  for (size_t i = from; i < n; ++i)
    out += "      " + std::to_string(i + 1) + ". " + describe_op(h, p.longest_prefix[i]) + "\n";
  out += "    model states there: " + states_list(p.stuck_states) + "\n";
  return out;
}

}  // namespace

std::string text_report(const History& h, const CheckOptions& options, const CheckResult& r) {
  return verdict_text(h, options, r) + details_text(h, r);
}

std::string text_report(const FileReport& report, const CheckOptions& options) {
  const History& h = report.read->history;
  const CheckResult& r = *report.check;
  std::string out = verdict_text(h, options, r);
  if (report.read->skipped > 0)
    out += "  skipped " + std::to_string(report.read->skipped) + " malformed records (--lenient)\n";
  return terminal_escape(out + details_text(h, r));
}

}  // namespace ariadne
