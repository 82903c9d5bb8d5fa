// The HTML section of a transactional check: each cycle drawn as a small
// inline SVG graph (report/txn_report.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "ariadne/report.h"
#include "report/txn_report.h"

namespace ariadne::report {

namespace {

constexpr size_t kMaxViolationsShown = 10;
constexpr size_t kMaxNodesDrawn = 16;

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

const char* edge_color(txn::Edge::Kind k) {
  switch (k) {
    case txn::Edge::Kind::kWW: return "#1f77b4";
    case txn::Edge::Kind::kWR: return "#2ca02c";
    case txn::Edge::Kind::kRW: return "#d62728";
    case txn::Edge::Kind::kProcess: return "#9467bd";
    case txn::Edge::Kind::kRealtime: return "#7f7f7f";
  }
  return "#000";
}

// Nodes on a circle, T1 at the top, clockwise; each edge a quadratic curve
// bent to its right, so that the two edges of a pair of transactions do
// not overlap, with an arrowhead and its label (kind and key) at the bend.
std::string cycle_svg(const txn::Violation& v, const std::vector<uint32_t>& names) {
  const size_t n = names.size();
  const double r = n <= 2 ? 70 : 50 + 22.0 * static_cast<double>(n);
  const double margin = 90, size = 2 * r + 2 * margin, c = size / 2, node = 18;
  auto pos = [&](uint32_t op, double& x, double& y) {
    size_t i = static_cast<size_t>(std::find(names.begin(), names.end(), op) - names.begin());
    double a = -std::numbers::pi / 2 +
               2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    x = c + r * std::cos(a);
    y = c + r * std::sin(a);
  };
  std::string out = "<svg class=\"txn-cycle\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(size) + "\" height=\"" + num(size) + "\" viewBox=\"0 0 " + num(size) + " " +
                    num(size) + "\" role=\"img\" aria-label=\"" +
                    markup_escape(std::string(txn::anomaly_name(v.anomaly))) + " cycle\">\n";
  out +=
      "<defs><marker id=\"txn-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 "
      "L 0 10 z\" fill=\"context-stroke\"/></marker></defs>\n";
  for (const txn::Edge& e : v.cycle) {
    double x1, y1, x2, y2;
    pos(e.from, x1, y1);
    pos(e.to, x2, y2);
    double dx = x2 - x1, dy = y2 - y1, len = std::max(1.0, std::hypot(dx, dy));
    double ux = dx / len, uy = dy / len;
    // Start and end on the nodes' rims; bend to the right of the direction.
    double sx = x1 + ux * node, sy = y1 + uy * node, ex = x2 - ux * node, ey = y2 - uy * node;
    double bend = 0.25 * len, mx = (x1 + x2) / 2 - uy * bend, my = (y1 + y2) / 2 + ux * bend;
    std::string label = std::string(txn::edge_kind_name(e.kind));
    if (!e.key.is_null()) label += " " + bounded_edn(e.key, 16);
    const char* color = edge_color(e.kind);
    out += "<path d=\"M " + num(sx) + " " + num(sy) + " Q " + num(mx) + " " + num(my) + " " +
           num(ex) + " " + num(ey) + "\" fill=\"none\" stroke=\"" + color +
           "\" stroke-width=\"2\" marker-end=\"url(#txn-arrow)\"><title>" +
           markup_escape(bounded(e.why, 600)) + "</title></path>\n";
    // The curve's midpoint is halfway between the chord's midpoint and the control point.
    double lx = ((x1 + x2) / 2 + mx) / 2, ly = ((y1 + y2) / 2 + my) / 2;
    out += "<text x=\"" + num(lx) + "\" y=\"" + num(ly) +
           "\" font-size=\"12\" text-anchor=\"middle\" fill=\"" + color + "\">" +
           markup_escape(label) + "</text>\n";
  }
  for (size_t i = 0; i < n; ++i) {
    double x, y;
    pos(names[i], x, y);
    out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(node) +
           "\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.5\"/><text x=\"" + num(x) +
           "\" y=\"" + num(y + 4) + "\" font-size=\"13\" text-anchor=\"middle\">T" +
           std::to_string(i + 1) + "</text>\n";
  }
  out += "</svg>\n";
  return out;
}

void violation_html(std::string& out, const History& h, const txn::TxnReport& r,
                    const txn::Violation& v) {
  std::vector<uint32_t> names = txn_names(v);
  std::string verdict;
  if (r.checked)
    verdict =
        std::string(txn::forbids(*r.checked, v.anomaly) ? " (forbidden by " : " (allowed by ") +
        std::string(txn::isolation_name(*r.checked)) + ")";
  out += "<h3>" + markup_escape(std::string(txn::anomaly_name(v.anomaly))) + verdict +
         "</h3>\n<p>" + markup_escape(bounded(v.summary, 1000)) + "</p>\n";
  if (!v.cycle.empty() && names.size() <= kMaxNodesDrawn) out += cycle_svg(v, names);
  out += "<ol class=\"txns\">\n";
  for (size_t i = 0; i < names.size(); ++i)
    out += "<li>T" + std::to_string(i + 1) + " = " + markup_escape(txn_describe(h, names[i])) +
           "</li>\n";
  out += "</ol>\n";
  if (!v.cycle.empty()) {
    out += "<ul class=\"edges\">\n";
    for (const txn::Edge& e : v.cycle)
      out += "<li>" + markup_escape(bounded(e.why, 600)) + "</li>\n";
    out += "</ul>\n";
  }
  out += std::string("<p>") +
         (v.minimal ? "1-minimal: without any one of these transactions the anomaly is gone."
                    : "Not shown minimal.") +
         "</p>\n";
}

}  // namespace

std::string txn_html(const History& h, const txn::TxnReport& r) {
  std::string out = "<p>" + std::to_string(r.transactions) + " transactions, " +
                    std::to_string(r.micro_ops) + " micro-ops, " + std::to_string(r.edges) +
                    " dependency edges.</p>\n";
  for (size_t i = 0; i < r.violations.size() && i < kMaxViolationsShown; ++i)
    violation_html(out, h, r, r.violations[i]);
  if (r.violations.size() > kMaxViolationsShown)
    out += "<p>" + std::to_string(r.violations.size() - kMaxViolationsShown) +
           " more anomalies are in the JSON report.</p>\n";
  if (!r.outcomes.empty()) {
    out +=
        "<table class=\"txn-models\"><tr><th>model</th><th>holds</th><th>ruled out by</th></tr>\n";
    for (const txn::ModelOutcome& o : r.outcomes) {
      out += "<tr><td>" + std::string(txn::isolation_name(o.model)) + "</td><td>" +
             (o.holds ? "yes" : "no") + "</td><td>" +
             (o.ruled_out_by ? std::string(txn::anomaly_name(*o.ruled_out_by)) : "") +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  for (const std::string& note : r.notes)
    out += "<p>" + markup_escape(bounded(note, 600)) + "</p>\n";
  return out;
}

}  // namespace ariadne::report
