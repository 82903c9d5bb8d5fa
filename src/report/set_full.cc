#include "report/set_full.h"

#include <cstdio>
#include "ariadne/report.h"

namespace ariadne::report {

namespace {

using Element = ConvergenceReport::SetFullElement;

constexpr size_t kTextListed = 10;    // elements listed per outcome in text
constexpr size_t kJsonListed = 1000;  // entries per list in JSON

std::string quantile_name(double q) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%g", q);
  return buf;
}

std::string element_words(const Element& e) {
  std::string s = bounded_edn(e.element);
  if (e.keyed) s += " (key " + bounded_edn(e.key) + ")";
  return s;
}

void text_elements(std::string& out, const char* what, const std::vector<Element>& list) {
  if (list.empty()) return;
  out += "    " + std::string(what) + ":";
  for (size_t i = 0; i < list.size() && i < kTextListed; ++i) out += " " + element_words(list[i]);
  if (list.size() > kTextListed)
    out += " ... " + std::to_string(list.size() - kTextListed) + " more";
  out += "\n";
}

void text_quantiles(std::string& out, const char* what,
                    const std::vector<std::pair<double, int64_t>>& qs, const std::string& unit) {
  if (qs.empty()) return;
  out += "    " + std::string(what) + " (" + unit + "):";
  for (size_t i = 0; i < qs.size(); ++i)
    out += (i ? ", " : " ") + quantile_name(qs[i].first) + ": " + std::to_string(qs[i].second);
  out += "\n";
}

void json_op(std::string& out, const History& h, const char* name, uint32_t op) {
  out += ",\"" + std::string(name) + "\":";
  if (op == Element::kNone) {
    out += "null";
    return;
  }
  out += "{\"line\":" + std::to_string(h.first_event(h.ops[op]).line) + ",\"op\":";
  append_json_string(out, describe_op(h, op));
  out += '}';
}

void json_elements(std::string& out, const History& h, const char* name,
                   const std::vector<Element>& list) {
  out += ",\"" + std::string(name) + "_count\":" + std::to_string(list.size());
  out += ",\"" + std::string(name) + "\":[";
  for (size_t i = 0; i < list.size() && i < kJsonListed; ++i) {
    const Element& e = list[i];
    out += i ? ",{\"element\":" : "{\"element\":";
    append_json(out, e.element);
    if (e.keyed) {
      out += ",\"key\":";
      append_json(out, e.key);
    }
    out += ",\"latency\":" + std::to_string(e.latency);
    json_op(out, h, "add", e.add);
    json_op(out, h, "known", e.known);
    json_op(out, h, "last_present", e.last_present);
    json_op(out, h, "last_absent", e.last_absent);
    out += '}';
  }
  out += ']';
}

void json_quantiles(std::string& out, const char* name,
                    const std::vector<std::pair<double, int64_t>>& qs) {
  out += ",\"" + std::string(name) + "\":{";
  for (size_t i = 0; i < qs.size(); ++i)
    out += (i ? ",\"" : "\"") + quantile_name(qs[i].first) + "\":" + std::to_string(qs[i].second);
  out += '}';
}

}  // namespace

std::string set_full_text(const History& h, const ConvergenceReport::SetFull& s,
                          const std::string& unit) {
  std::string out = "  set-full (Jepsen's reading: no node, one store read by clients):\n";
  out += "    " + std::to_string(s.attempts) + " attempted, " + std::to_string(s.stable) +
         " stable, " + std::to_string(s.lost.size()) + " lost, " +
         std::to_string(s.never_read.size()) + " never read, " + std::to_string(s.stale.size()) +
         " stale" + (s.linearizable ? " (invalid: --linearizable-sets)" : "") + ", " +
         std::to_string(s.duplicated.size()) + " duplicated, " + std::to_string(s.unexpected) +
         " unexpected\n";
  text_elements(out, "lost", s.lost);
  text_elements(out, "never read", s.never_read);
  for (size_t i = 0; i < s.duplicated.size() && i < kTextListed; ++i)
    out += "    duplicated: " + bounded_edn(s.duplicated[i].element) + " " +
           std::to_string(s.duplicated[i].times) + " times in " +
           describe_op(h, s.duplicated[i].read) + "\n";
  text_quantiles(out, "stable latency", s.stable_latencies, unit);
  text_quantiles(out, "lost latency", s.lost_latencies, unit);
  if (!s.stale.empty()) out += "    worst stale:\n";
  for (size_t i = 0; i < s.stale.size() && i < 8; ++i) {
    const Element& e = s.stale[i];
    out += "      " + element_words(e) + ": " + std::to_string(e.latency) + " " + unit +
           "; known by " + describe_op(h, e.known) + "\n        missing from " +
           describe_op(h, e.last_absent) + "\n";
  }
  return out;
}

std::string set_full_json(const History& h, const ConvergenceReport::SetFull& s) {
  std::string out = ",\"set_full\":{\"linearizable\":";
  out += s.linearizable ? "true" : "false";
  out += ",\"attempt_count\":" + std::to_string(s.attempts) +
         ",\"stable_count\":" + std::to_string(s.stable) +
         ",\"unexpected_count\":" + std::to_string(s.unexpected);
  json_elements(out, h, "lost", s.lost);
  json_elements(out, h, "never_read", s.never_read);
  json_elements(out, h, "stale", s.stale);
  out += ",\"duplicated_count\":" + std::to_string(s.duplicated.size()) + ",\"duplicated\":[";
  for (size_t i = 0; i < s.duplicated.size() && i < kJsonListed; ++i) {
    const auto& d = s.duplicated[i];
    out += i ? ",{\"element\":" : "{\"element\":";
    append_json(out, d.element);
    if (d.keyed) {
      out += ",\"key\":";
      append_json(out, d.key);
    }
    out += ",\"times\":" + std::to_string(d.times);
    json_op(out, h, "read", d.read);
    out += '}';
  }
  out += ']';
  json_quantiles(out, "stable_latencies", s.stable_latencies);
  json_quantiles(out, "lost_latencies", s.lost_latencies);
  out += '}';
  return out;
}

std::string overwrites_text(const History& h, const ConvergenceReport& r) {
  if (r.concurrent_overwrites == 0) return "";
  std::string out =
      "  concurrent overwrites (not violations: the overwritten write did not follow "
      "the surviving one causally): " +
      std::to_string(r.concurrent_overwrites) + "\n";
  for (const ConvergenceReport::Overwrite& o : r.worst_overwrites)
    out += "    began " + std::to_string(o.gap) + " " + r.time_unit + " after " +
           describe_op(h, o.winner) + " completed:\n      " + describe_op(h, o.write) + "\n";
  return out;
}

std::string overwrites_json(const History& h, const ConvergenceReport& r) {
  std::string out = ",\"concurrent_overwrites\":" + std::to_string(r.concurrent_overwrites) +
                    ",\"worst_overwrites\":[";
  for (size_t i = 0; i < r.worst_overwrites.size(); ++i) {
    const ConvergenceReport::Overwrite& o = r.worst_overwrites[i];
    out += i ? ",{\"gap\":" : "{\"gap\":";
    out += std::to_string(o.gap);
    json_op(out, h, "write", o.write);
    json_op(out, h, "winner", o.winner);
    out += '}';
  }
  out += ']';
  return out;
}

}  // namespace ariadne::report
