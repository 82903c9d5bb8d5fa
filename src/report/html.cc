// The HTML report: one self-contained file (inline CSS and script, no
// network). Per history: the verdict; for a violation, its explanation, the
// counterexample's timeline (one row per process) and a timeline of the
// failing key's operations around it, the counterexample highlighted.
// Hovering or clicking an operation shows its original events and the
// model states before and after it.
//
// Size: only the failing partition is drawn, and of it the operations the
// checker kept around the counterexample (CheckResult::failure_context: a
// window on each side of every counterexample operation, at most a few
// thousand in all), so the file stays small for any history. The report
// runs no check and no replay: the model states come from the result.
//
// Values are cut to kShownBytes (bounded()), events' values too.
//
// Escaping: text and attributes through markup_escape(); data for the script
// as JSON in <script type="application/json">, through script_safe_json(),
// and the script puts it in the page with textContent only.
#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "ariadne/report.h"
#include "report/causal.h"
#include "report/convergence.h"
#include "report/layout.h"
#include "report/txn_report.h"

namespace ariadne {

namespace {

constexpr size_t kMaxKeysListed = 50;
constexpr size_t kMaxNemesisShown = 100;
// Larger (unshrunk) ones are drawn near the stuck op; the same bound as the
// context the linearizability checker keeps (search_checker.cc kMaxFocusOps).
constexpr size_t kMaxDrawnCounterexample = 200;

const char* kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#1d1d1f}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
h3{font-size:1.05em}
table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}
.valid{color:#1a7f37}.invalid{color:#cf222e;font-weight:600}.unknown{color:#9a6700}
pre{background:#f6f8fa;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere}
.tl{display:flex;border:1px solid #ddd;margin:6px 0;max-width:100%}
.names{flex:none;background:#fafafa;border-right:1px solid #ddd}
.names div{height:26px;line-height:26px;padding:0 8px;white-space:nowrap;font-size:12px}
.lanes{position:relative;overflow-x:auto;flex:1}
.op{position:absolute;height:20px;line-height:20px;font:12px ui-monospace,monospace;
 border:1px solid #8c959f;background:#eaeef2;border-radius:3px;overflow:hidden;white-space:nowrap;
 padding:0 3px;box-sizing:border-box;cursor:pointer}
.cx{background:#ffebe9;border-color:#cf222e;font-weight:600}
.stuck{background:#cf222e;color:#fff}
.sw{display:inline-block;padding:0 6px;margin-right:8px;border:1px solid #8c959f;border-radius:3px;
 background:#eaeef2;font:12px ui-monospace,monospace}
.op.open{border-right:3px dashed #8c959f}
.op.sel{outline:2px solid #0969da}
.stuck-row td{background:#ffebe9;font-weight:600}
.details{border:1px solid #ddd;padding:8px;min-height:3em;background:#fff}
.details .k{color:#57606a}
)";

const char* kScript = R"(
(function(){
  var data = {};
  document.querySelectorAll('script[data-ops]').forEach(function(s){
    data[s.getAttribute('data-ops')] = JSON.parse(s.textContent);
  });
  function line(box, label, text){
    var p = document.createElement('div');
    var k = document.createElement('span'); k.className = 'k'; k.textContent = label + ' ';
    p.appendChild(k); p.appendChild(document.createTextNode(text)); box.appendChild(p);
  }
  function show(el){
    var f = el.getAttribute('data-f');
    if (f === null || !data[f]) return;
    var d = data[f][el.getAttribute('data-i')];
    var box = document.getElementById('details-' + f);
    if (!d || !box) return;
    document.querySelectorAll('.op.sel').forEach(function(o){ o.classList.remove('sel'); });
    document.querySelectorAll('.op[data-f="' + f + '"][data-i="' + el.getAttribute('data-i') + '"]')
      .forEach(function(o){ o.classList.add('sel'); });
    box.textContent = '';
    line(box, 'operation', d.op);
    line(box, 'note', d.note);
    line(box, 'model states before', d.before ? d.before.join(', ') : 'not known');
    line(box, 'model states after', d.after ? (d.after.length ? d.after.join(', ') : 'none: it cannot take effect here') : 'not known');
    var pre = document.createElement('pre');
    pre.textContent = d.events.join('\n');
    line(box, 'events', ''); box.appendChild(pre);
  }
  document.addEventListener('click', function(e){
    var el = e.target.closest ? e.target.closest('.op') : null; if (el) show(el);
  });
  document.addEventListener('mouseover', function(e){
    var el = e.target.closest ? e.target.closest('.op') : null; if (el) show(el);
  });
  document.querySelectorAll('.lanes[data-focus]').forEach(function(l){
    l.scrollLeft = Math.max(0, parseInt(l.getAttribute('data-focus'), 10) - 60);
  });
  var first = {};
  document.querySelectorAll('.op.stuck').forEach(function(o){
    var f = o.getAttribute('data-f'); if (!first[f]) { first[f] = true; show(o); }
  });
  document.body.setAttribute('data-ariadne-ready', '1');
})();
)";

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

std::string verdict_span(std::string_view verdict) {
  std::string v(verdict);
  return "<span class=\"" + v + "\">" + v + "</span>";
}

struct OpInfo {
  std::string note;
  const ModelStep* step = nullptr;
};

// Draws `ops` as a timeline; ops in `cx` highlighted, `stuck` the more.
// slot_px <= 0: chosen from the number of slots.
// Returns the markup; records in `shown` each op drawn (for the data block).
std::string draw_timeline(const History& h, const std::vector<uint32_t>& ops,
                          const std::unordered_set<uint32_t>& cx, std::optional<uint32_t> stuck,
                          size_t file, int slot_px, std::vector<uint32_t>& shown) {
  report::Layout layout = report::lay_out(h, ops);
  bool keys = report::several_keys(h, ops);
  const int row_px = 26, pad = 6;
  // Wide enough to read a label when there is room, 22 px when there are many.
  if (slot_px <= 0)
    slot_px =
        static_cast<int>(std::clamp<size_t>(1000 / std::max<size_t>(layout.slots, 1), 22, 110));
  std::string names = "<div class=\"names\">";
  for (const std::string& r : layout.rows) names += "<div>" + markup_escape(r) + "</div>";
  names += "</div>";
  size_t width = (layout.slots + 1) * slot_px + 2 * pad;
  long focus = -1;
  std::string lanes;
  for (const report::Box& b : layout.boxes) {
    const Operation& op = h.ops[b.op];
    long left = pad + static_cast<long>(b.start) * slot_px;
    long right = b.open             ? static_cast<long>(width) - pad
                 : b.end == b.start ? left + slot_px - 2
                                    : pad + static_cast<long>(b.end) * slot_px + slot_px - 2;
    std::string cls = "op";
    if (cx.count(b.op)) {
      cls += " cx";
      if (focus < 0) focus = left;
    }
    if (stuck && *stuck == b.op) cls += " stuck";
    if (b.open) cls += " open";
    std::string label = report::op_label(h, b.op, 24, keys);
    std::string title = describe_op(h, b.op);
    lanes += "<div class=\"" + cls + "\" data-f=\"" + std::to_string(file) + "\" data-i=\"" +
             std::to_string(b.op) + "\" style=\"left:" + std::to_string(left) +
             "px;width:" + std::to_string(std::max(right - left, 8L)) +
             "px;top:" + std::to_string(b.row * row_px + 3) + "px\" title=\"" +
             markup_escape(title) + "\">" + markup_escape(label) + " <small>L" +
             std::to_string(h.first_event(op).line) + "</small></div>";
    shown.push_back(b.op);
  }
  std::string out = "<div class=\"tl\">" + names + "<div class=\"lanes\"";
  if (focus >= 0) out += " data-focus=\"" + std::to_string(focus) + "\"";
  out += "><div style=\"position:relative;width:" + std::to_string(width) +
         "px;height:" + std::to_string(layout.rows.size() * row_px) + "px\">" + lanes +
         "</div></div></div>\n";
  return out;
}

// The longest legal order of the counterexample, step by step, as
// Porcupine's partial linearizations: each op with the states it leads to,
// the last one the op that cannot take effect.
std::string steps_table(const History& h, const Counterexample& cx) {
  if (cx.steps.empty()) return "";
  auto states = [](const std::vector<std::string>& ss) {
    std::string out;
    for (const std::string& s : ss) out += (out.empty() ? "" : ", ") + bounded(s);
    return markup_escape(out);
  };
  std::string out =
      "<table class=\"steps\"><tr><th>#</th><th>operation</th><th>model state before</th>"
      "<th>after</th></tr>\n";
  for (size_t i = 0; i < cx.steps.size(); ++i) {
    const ModelStep& st = cx.steps[i];
    bool stuck = cx.stuck_op && *cx.stuck_op == st.op && i + 1 == cx.steps.size();
    out += std::string("<tr") + (stuck ? " class=\"stuck-row\"" : "") + "><td>" +
           std::to_string(i + 1) + "</td><td>" + markup_escape(describe_op(h, st.op)) +
           "</td><td><code>" + states(st.before) + "</code></td><td>" +
           (stuck ? std::string("cannot take effect") : "<code>" + states(st.after) + "</code>") +
           "</td></tr>\n";
  }
  return out + "</table>\n";
}

// The nemesis events (faults injected) during the ops of `window`.
std::string nemesis_list(const History& h, const std::vector<uint32_t>& window) {
  if (h.nemesis.empty() || window.empty()) return "";
  uint32_t first = UINT32_MAX, last = 0;  // event positions spanned by the window
  for (uint32_t i : window) {
    const Operation& op = h.ops[i];
    first = std::min(first, h.first_event_index(op));
    last =
        std::max(last, op.complete != Operation::kNoEvent ? op.complete : h.first_event_index(op));
  }
  std::string items;
  size_t shown = 0;
  for (uint32_t e : h.nemesis) {
    if (e < first || e > last) continue;
    if (++shown > kMaxNemesisShown) break;
    items += "<li>line " + std::to_string(h.events[e].line) + ": <code>" +
             markup_escape(event_json(h, e, Operation::kNoEvent, kShownBytes)) + "</code></li>\n";
  }
  if (items.empty()) return "";
  return "<h4>Nemesis events meanwhile</h4>\n<ul>\n" + items + "</ul>\n";
}

std::string ops_data(const History& h, const std::vector<uint32_t>& shown,
                     const std::unordered_map<uint32_t, OpInfo>& info) {
  std::string json = "{";
  std::unordered_set<uint32_t> done;
  for (uint32_t op : shown) {
    if (!done.insert(op).second) continue;
    if (done.size() > 1) json += ',';
    append_json_string(json, std::to_string(op));
    json += ":{\"op\":";
    append_json_string(json, describe_op(h, op));
    auto it = info.find(op);
    json += ",\"note\":";
    append_json_string(json, it != info.end() ? it->second.note : "");
    if (it != info.end() && it->second.step) {
      for (const char* which : {"before", "after"}) {
        const auto& states = which[0] == 'b' ? it->second.step->before : it->second.step->after;
        json += ",\"" + std::string(which) + "\":[";
        for (size_t i = 0; i < states.size(); ++i) {
          if (i > 0) json += ',';
          append_json_string(json, bounded(states[i]));
        }
        json += ']';
      }
    }
    json += ",\"events\":[";
    const Operation& o = h.ops[op];
    bool first = true;
    for (uint32_t e : {o.invoke, o.complete}) {
      if (e == Operation::kNoEvent) continue;
      bool record_twice = e == o.complete && o.invoke != Operation::kNoEvent &&
                          h.events[e].has(Event::kCompleteRecord);
      if (record_twice) continue;  // one record made both events
      if (!first) json += ',';
      first = false;
      append_json_string(json,
                         event_json(h, e, e == o.invoke ? o.complete : o.invoke, kShownBytes));
    }
    json += "]}";
  }
  json += "}";
  return json;
}

std::string violation_section(const FileReport& f, const CheckOptions& options, size_t file,
                              size_t violation) {
  const History& h = f.read->history;
  const CheckResult& r = *f.check;
  const Counterexample& cx = *r.counterexample;
  const PartitionResult& p = r.partitions[*r.failing];
  std::string where = p.keyed ? "key " + bounded_edn(p.key) : std::string("the history");
  std::string out = "<section class=\"violation\" id=\"violation-" + std::to_string(violation) +
                    "\">\n<h3>" + markup_escape(where) + " is not " +
                    report::consistency_words(options.consistency) + ": " +
                    std::to_string(cx.ops.size()) + " of its " +
                    std::to_string(cx.from_operations) + " operations show it";
  out += cx.minimal ? " (a minimal counterexample)"
                    : " (" + markup_escape(cx.not_minimal_reason) + ")";
  out += "</h3>\n<pre class=\"explanation\">" + markup_escape(cx.explanation) + "</pre>\n";
  if (!cx.nil_reads.empty())
    out += "<p class=\"note\">" + markup_escape(nil_reads_note(h, cx.nil_reads)) + "</p>\n";
  if (!cx.stuck_states.empty()) {
    std::string states;
    for (const std::string& s : cx.stuck_states)
      states += (states.empty() ? "" : ", ") + bounded(s);
    out += "<p>Model states where the search over the counterexample got stuck: <code>" +
           markup_escape(states) + "</code></p>\n";
  }

  std::unordered_map<uint32_t, OpInfo> info;
  std::unordered_set<uint32_t> in_cx(cx.ops.begin(), cx.ops.end());
  // States along the search over the whole partition, for the ops around
  // (computed by the checker: CheckResult::failure_context, failure_steps).
  // A counterexample too large to draw (not shrunk) is drawn where its
  // search got stuck.
  bool whole_cx = cx.ops.size() <= kMaxDrawnCounterexample;
  std::vector<uint32_t> focus =
      whole_cx ? cx.ops : std::vector<uint32_t>{cx.stuck_op.value_or(cx.ops.back())};
  const std::vector<uint32_t>& context = r.failure_context.empty() ? focus : r.failure_context;
  std::vector<uint32_t> drawn_cx;
  for (uint32_t op : context)
    if (whole_cx || in_cx.count(op)) drawn_cx.push_back(op);
  if (whole_cx) drawn_cx = cx.ops;
  for (const ModelStep& s : r.failure_steps) {
    OpInfo& i = info[s.op];
    i.step = &s;
    i.note = "states: along the longest legal order the search found over all of " + where;
  }
  for (uint32_t op : context)
    if (!info.count(op)) info[op].note = "not placed by the search over all of " + where;
  std::unordered_map<uint32_t, OpInfo> cx_info = info;
  for (const ModelStep& s : cx.steps) {
    OpInfo& i = cx_info[s.op];
    i.step = &s;
    i.note = s.after.empty() && cx.stuck_op == s.op
                 ? "in the counterexample: the operation that cannot take effect"
                 : "in the counterexample; states along the longest legal order of its operations";
  }
  for (uint32_t op : cx.ops)
    if (!cx_info[op].step) cx_info[op].note = "in the counterexample; not placed by its search";

  out += steps_table(h, cx);
  std::vector<uint32_t> shown_cx, shown_context;
  out +=
      "<p class=\"legend\"><span class=\"op cx\" style=\"position:static\">counterexample</span>"
      "<span class=\"op cx stuck\" style=\"position:static\">cannot take effect</span>"
      "<span class=\"op\" style=\"position:static\">other operations</span>"
      "Hover or click an operation for its events and model states.</p>\n";
  out += whole_cx ? std::string("<h4>The counterexample</h4>\n")
                  : "<h4>The counterexample, near where its search got stuck: " +
                        std::to_string(drawn_cx.size()) + " of its " +
                        std::to_string(cx.ops.size()) + " operations</h4>\n";
  out += draw_timeline(h, drawn_cx, in_cx, cx.stuck_op, file * 2, 0, shown_cx);
  out += "<div class=\"details\" id=\"details-" + std::to_string(file * 2) +
         "\">Hover over an operation.</div>\n";
  out += "<h4>Around it: " + std::to_string(context.size()) + " operations of " +
         markup_escape(where) + "</h4>\n";
  out += draw_timeline(h, context, in_cx, cx.stuck_op, file * 2 + 1, 0, shown_context);
  out += "<div class=\"details\" id=\"details-" + std::to_string(file * 2 + 1) +
         "\">Hover over an operation.</div>\n";
  out += nemesis_list(h, context);
  out += "<script type=\"application/json\" data-ops=\"" + std::to_string(file * 2) + "\">" +
         script_safe_json(ops_data(h, shown_cx, cx_info)) + "</script>\n";
  out += "<script type=\"application/json\" data-ops=\"" + std::to_string(file * 2 + 1) + "\">" +
         script_safe_json(ops_data(h, shown_context, info)) + "</script>\n";
  out += "</section>\n";
  return out;
}

// The sections drawn from the checker's details, then the caller's.
std::vector<HtmlSection> details_sections(const FileReport& f) {
  const History& h = f.read->history;
  const CheckResult& r = *f.check;
  std::vector<HtmlSection> out;
  if (r.causal || r.strongest)
    out.push_back({"causal", r.causal ? "Bad pattern" : "Strongest model",
                   "<pre>" + markup_escape(report::causal_text(h, r)) + "</pre>"});
  if (r.convergence)
    out.push_back({"convergence", "Convergence latency",
                   "<pre>" + markup_escape(report::convergence_text(h, *r.convergence)) + "</pre>" +
                       report::convergence_svg(*r.convergence)});
  out.insert(out.end(), f.html_sections.begin(), f.html_sections.end());
  return out;
}

std::string results_table(const CheckResult& r) {
  std::string out =
      "<table><tr><th>key</th><th>verdict</th><th>operations</th><th>time</th>"
      "<th>states</th></tr>\n";
  size_t listed = 0;
  for (size_t i = 0; i < r.partitions.size(); ++i) {
    const PartitionResult& p = r.partitions[i];
    bool failing = r.failing && *r.failing == i;
    if (listed >= kMaxKeysListed && !failing) continue;
    ++listed;
    out += "<tr><td>" + markup_escape(p.keyed ? bounded_edn(p.key) : "(all)") + "</td><td>" +
           verdict_span(verdict_name(p.verdict)) +
           (p.reason.empty() ? "" : " " + markup_escape(bounded(p.reason))) + "</td><td>" +
           std::to_string(p.operations) + "</td><td>" + seconds(p.seconds) + "</td><td>" +
           std::to_string(p.states) + "</td></tr>\n";
  }
  if (listed < r.partitions.size())
    out += "<tr><td colspan=\"5\">… " + std::to_string(r.partitions.size() - listed) +
           " more keys</td></tr>\n";
  return out + "</table>\n";
}

}  // namespace

std::string html_report(const std::vector<FileReport>& reports, const CheckOptions& options) {
  std::string body;
  size_t violations = 0;
  std::string summary =
      "<table><tr><th>file</th><th>verdict</th><th>operations</th>"
      "<th>check time</th></tr>\n";
  for (size_t i = 0; i < reports.size(); ++i) {
    const FileReport& f = reports[i];
    const CheckResult* r = f.check;
    bool malformed = !f.read->ok() || !r || r->error;
    std::string verdict = malformed ? "error" : std::string(verdict_name(r->verdict));
    summary += "<tr><td><a href=\"#file-" + std::to_string(i) + "\">" + markup_escape(f.file) +
               "</a></td><td>" + verdict_span(verdict) + "</td><td>" +
               (f.read->ok() ? std::to_string(f.read->history.ops.size()) : "") + "</td><td>" +
               (r ? seconds(r->check_seconds) : "") + "</td></tr>\n";
    body += "<section class=\"file\" id=\"file-" + std::to_string(i) + "\">\n<h2>" +
            markup_escape(f.file) + ": " + verdict_span(verdict) + "</h2>\n";
    if (malformed) {
      std::string message = !f.read->ok()   ? f.read->error->to_string()
                            : r && r->error ? r->error->to_string()
                                            : "not checked";
      body += "<pre>" + markup_escape(message) + "</pre>\n";
    } else {
      if (r->verdict == Verdict::kUnknown)
        body += "<p>" + markup_escape(bounded(r->reason)) + "</p>\n";
      if (f.read->skipped > 0)
        body += "<p>skipped " + std::to_string(f.read->skipped) +
                " malformed records (--lenient)</p>\n";
      if (r->verdict == Verdict::kInvalid && r->failing && r->counterexample)
        body += violation_section(f, options, i, ++violations);
      for (const HtmlSection& s : details_sections(f))
        body += "<section id=\"" + markup_escape(s.id) + "\">\n<h3>" + markup_escape(s.title) +
                "</h3>\n" + s.html + "\n</section>\n";
      if (r->transactions)
        body += "<section id=\"transactions-" + std::to_string(i) + "\">\n<h3>Transactions</h3>\n" +
                report::txn_html(f.read->history, *r->transactions) + "</section>\n";
      body += "<details><summary>Keys</summary>\n" + results_table(*r) + "</details>\n";
    }
    body += "</section>\n";
  }
  summary += "</table>\n";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>ariadne check</title>\n<style>" +
      std::string(kStyle) + "</style>\n</head>\n<body>\n<h1>ariadne check</h1>\n<p>model <code>" +
      markup_escape(options.model) + "</code>, consistency <code>" +
      (options.isolation.empty() ? std::string(consistency_name(options.consistency))
                                 : markup_escape(options.isolation)) +
      "</code>. ";
  out += violations > 0 ? "<a id=\"first-violation\" href=\"#violation-1\">Jump to the first "
                          "violation</a>"
                        : std::string("No violation.");
  out += "</p>\n" + summary + body + "<script>" + std::string(kScript) +
         "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace ariadne
