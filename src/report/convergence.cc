#include "report/convergence.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "ariadne/report.h"
#include "report/set_full.h"

namespace ariadne::report {

namespace {

constexpr size_t kTextListed = 10;    // ops listed per outcome in the text report
constexpr size_t kJsonListed = 1000;  // entries per list in the JSON report

std::string indent(const std::string& text, const std::string& by) {
  std::string out = by;
  for (char c : text) {
    out += c;
    if (c == '\n') out += by;
  }
  return out;
}

std::string object_name(const ConvergenceReport::Finding& f) {
  return f.keyed ? "key " + bounded_edn(f.key) : std::string("the object");
}

void text_ops(std::string& out, const History& h, const char* what,
              const std::vector<uint32_t>& ops) {
  out += "  " + std::string(what) + ": " + std::to_string(ops.size()) + "\n";
  for (size_t i = 0; i < ops.size() && i < kTextListed; ++i)
    out += "    " + describe_op(h, ops[i]) + "\n";
  if (ops.size() > kTextListed)
    out += "    ... " + std::to_string(ops.size() - kTextListed) + " more\n";
}

std::string quantile_name(double q) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%g", q);
  return buf;
}

void json_strings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}

void json_ops(std::string& out, const History& h, const char* name,
              const std::vector<uint32_t>& ops) {
  out += ",\"" + std::string(name) + "_count\":" + std::to_string(ops.size());
  out += ",\"" + std::string(name) + "\":[";
  for (size_t i = 0; i < ops.size() && i < kJsonListed; ++i) {
    if (i) out += ',';
    out += "{\"line\":" + std::to_string(h.first_event(h.ops[ops[i]]).line) + ",\"op\":";
    append_json_string(out, describe_op(h, ops[i]));
    out += '}';
  }
  out += ']';
}

}  // namespace

std::string convergence_text(const History& h, const ConvergenceReport& r) {
  std::string out = "  replicas (by node): ";
  for (size_t i = 0; i < r.replicas.size(); ++i) out += (i ? ", " : "") + r.replicas[i];
  if (!r.replicas_from_node)
    out = "  replicas: the store (no node field: one store read by clients)";
  out += "\n  " + std::to_string(r.objects) + " objects, " + std::to_string(r.updates) +
         " updates, " + std::to_string(r.reads) + " reads, " + std::to_string(r.final_reads) +
         " final reads\n";
  size_t shown = 0;
  for (const ConvergenceReport::Finding& f : r.findings) {
    if (shown++ == kTextListed) {
      out += "  ... " + std::to_string(r.findings.size() - kTextListed) + " more findings\n";
      break;
    }
    out += "  " + std::string(finding_kind_name(f.kind)) + " in " + object_name(f) + ":\n";
    out += indent(f.explanation, "    ") + "\n";
  }
  if (r.set_full) return out + set_full_text(h, *r.set_full, r.time_unit);
  out += overwrites_text(h, r);
  text_ops(out, h, "lost", r.lost);
  text_ops(out, h, "recovered", r.recovered);
  text_ops(out, h, "duplicated (reads)", r.duplicated);
  out += "  never read: " + std::to_string(r.never_read.size()) + "\n";
  out += "  convergence latency (" + r.time_unit + "): " + std::to_string(r.stable) +
         " updates stable, " + std::to_string(r.stale) + " of them stale, " +
         std::to_string(r.unstable) + " never stable\n";
  if (!r.latency_note.empty()) out += "    " + r.latency_note + "\n";
  if (!r.quantiles.empty()) {
    out += "    quantiles:";
    for (size_t i = 0; i < r.quantiles.size(); ++i)
      out += (i ? ", " : " ") + quantile_name(r.quantiles[i].first) + ": " +
             std::to_string(r.quantiles[i].second);
    out += "\n";
  }
  if (!r.worst_stale.empty()) out += "    worst stale:\n";
  for (const ConvergenceReport::Stale& s : r.worst_stale)
    out += "      " + std::to_string(s.latency) + " " + r.time_unit + " on " + s.replica + ": " +
           describe_op(h, s.op) + "\n";
  return out;
}

std::string convergence_json(const History& h, const ConvergenceReport& r) {
  std::string out = "{\"time_unit\":";
  append_json_string(out, r.time_unit);
  out += ",\"replicas_from\":";
  append_json_string(out, r.replicas_from_node ? "node" : "store");
  out += ",\"replicas\":";
  json_strings(out, r.replicas);
  out += ",\"objects\":" + std::to_string(r.objects) + ",\"updates\":" + std::to_string(r.updates) +
         ",\"reads\":" + std::to_string(r.reads) +
         ",\"final_reads\":" + std::to_string(r.final_reads);
  out += ",\"findings_count\":" + std::to_string(r.findings.size()) + ",\"findings\":[";
  for (size_t i = 0; i < r.findings.size() && i < kJsonListed; ++i) {
    const ConvergenceReport::Finding& f = r.findings[i];
    if (i) out += ',';
    out += "{\"kind\":";
    append_json_string(out, finding_kind_name(f.kind));
    if (f.keyed) {
      out += ",\"key\":";
      append_json(out, f.key);
    }
    if (f.index >= 0) out += ",\"index\":" + std::to_string(f.index);
    out += ",\"explanation\":";
    append_json_string(out, f.explanation);
    out += ",\"replicas\":";
    json_strings(out, f.replicas);
    out += ",\"elements\":[";
    for (size_t k = 0; k < f.elements.size(); ++k) {
      if (k) out += ',';
      append_json(out, f.elements[k]);
    }
    out += "],\"lines\":[";
    for (size_t k = 0; k < f.ops.size(); ++k)
      out += (k ? "," : "") + std::to_string(h.first_event(h.ops[f.ops[k]]).line);
    out += "]}";
  }
  out += ']';
  json_ops(out, h, "lost", r.lost);
  json_ops(out, h, "recovered", r.recovered);
  json_ops(out, h, "duplicated", r.duplicated);
  json_ops(out, h, "never_read", r.never_read);
  out += overwrites_json(h, r);
  if (r.set_full) out += set_full_json(h, *r.set_full);
  out += ",\"latency\":{\"unit\":";
  append_json_string(out, r.time_unit);
  out += ",\"stable\":" + std::to_string(r.stable) + ",\"stale\":" + std::to_string(r.stale) +
         ",\"never_stable\":" + std::to_string(r.unstable) + ",\"quantiles\":{";
  for (size_t i = 0; i < r.quantiles.size(); ++i)
    out += (i ? ",\"" : "\"") + quantile_name(r.quantiles[i].first) +
           "\":" + std::to_string(r.quantiles[i].second);
  out += "},\"worst_stale\":[";
  for (size_t i = 0; i < r.worst_stale.size(); ++i) {
    const ConvergenceReport::Stale& s = r.worst_stale[i];
    out +=
        (i ? "," : "") + std::string("{\"latency\":") + std::to_string(s.latency) + ",\"replica\":";
    append_json_string(out, s.replica);
    out += ",\"line\":" + std::to_string(h.first_event(h.ops[s.op]).line) + ",\"op\":";
    append_json_string(out, describe_op(h, s.op));
    out += '}';
  }
  out += "]";
  if (!r.latency_note.empty()) {
    out += ",\"note\":";
    append_json_string(out, r.latency_note);
  }
  out += "}}";
  return out;
}

std::string convergence_svg(const ConvergenceReport& r) {
  constexpr int kWidth = 720, kHeight = 360, kLeft = 70, kRight = 150, kTop = 30, kBottom = 50;
  constexpr size_t kBuckets = 600;  // per replica, at most this many points are drawn
  static const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  int64_t x_min = 0, x_max = 1, y_max = 1;
  if (!r.points.empty()) {
    x_min = r.points.front().acknowledged;
    x_max = std::max(x_min + 1, r.points.back().acknowledged);
    for (const auto& p : r.points) y_max = std::max(y_max, p.latency);
  }
  double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](int64_t x) {
    return kLeft + plot_w * static_cast<double>(x - x_min) / static_cast<double>(x_max - x_min);
  };
  auto py = [&](int64_t y) {
    return kTop + plot_h - plot_h * static_cast<double>(y) / static_cast<double>(y_max);
  };
  // Per replica and bucket of the x axis, the largest latency.
  std::map<std::pair<uint32_t, size_t>, ConvergenceReport::LatencyPoint> kept;
  for (const auto& p : r.points) {
    size_t b = static_cast<size_t>((px(p.acknowledged) - kLeft) / plot_w * (kBuckets - 1));
    auto [it, fresh] = kept.try_emplace({p.replica, b}, p);
    if (!fresh && p.latency > it->second.latency) it->second = p;
  }
  char buf[256];
  std::string out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kWidth) +
      "\" height=\"" + std::to_string(kHeight) + "\" viewBox=\"0 0 " + std::to_string(kWidth) +
      " " + std::to_string(kHeight) +
      "\" font-family=\"sans-serif\" font-size=\"11\">\n<title>Convergence latency by "
      "acknowledgement, per replica</title>\n";
  std::snprintf(buf, sizeof buf,
                "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                "stroke=\"#444\"/>\n",
                kLeft, kTop, plot_w, plot_h);
  out += buf;
  std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>\n",
                kLeft - 4, kTop + 4, static_cast<long long>(y_max));
  out += buf;
  std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">0</text>\n",
                kLeft - 4, kTop + plot_h + 4);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "<text x=\"%d\" y=\"%d\">%lld</text><text x=\"%.0f\" y=\"%d\" "
                "text-anchor=\"end\">%lld</text>\n",
                kLeft, kHeight - kBottom + 16, static_cast<long long>(x_min), kLeft + plot_w,
                kHeight - kBottom + 16, static_cast<long long>(x_max));
  out += buf;
  out += "<text x=\"" + std::to_string(kLeft + static_cast<int>(plot_w) / 2) + "\" y=\"" +
         std::to_string(kHeight - 10) + "\" text-anchor=\"middle\">acknowledged at (";
  out += markup_escape(r.time_unit);
  out += ")</text>\n<text x=\"14\" y=\"" + std::to_string(kTop + static_cast<int>(plot_h) / 2) +
         "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
         std::to_string(kTop + static_cast<int>(plot_h) / 2) + ")\">latency (";
  out += markup_escape(r.time_unit);
  out += ")</text>\n";
  if (r.points.empty())
    out += "<text x=\"" + std::to_string(kLeft + 10) + "\" y=\"" + std::to_string(kTop + 20) +
           "\">no acknowledged update was read after its acknowledgement</text>\n";
  for (const auto& [where, p] : kept) {
    std::snprintf(buf, sizeof buf,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.7\"/>\n",
                  px(p.acknowledged), py(p.latency), kColours[p.replica % 10]);
    out += buf;
  }
  for (size_t i = 0; i < r.replicas.size() && i < 20; ++i) {
    int y = kTop + 6 + static_cast<int>(i) * 16;
    std::snprintf(buf, sizeof buf,
                  "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
                  kWidth - kRight + 14, y, kColours[i % 10], kWidth - kRight + 22, y + 4);
    out += buf;
    out += markup_escape(r.replicas[i]);
    out += "</text>\n";
  }
  if (r.replicas.size() > 20)
    out += "<text x=\"" + std::to_string(kWidth - kRight + 14) + "\" y=\"" +
           std::to_string(kTop + 6 + 20 * 16) + "\">...</text>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace ariadne::report
