#include "cli/check_output.h"

#include "cli/causal_output.h"

#include <cstdio>
#include <mutex>

namespace ariadne::cli {

namespace {

constexpr size_t kPrefixShown = 12;  // last operations of the prefix printed

std::string partition_name(const PartitionResult& p) {
  return p.keyed ? "key " + to_edn(p.key) : std::string("the history");
}

std::string json_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  return buf;
}

}  // namespace

std::string check_text(const History& h, const CheckResult& r) {
  std::string out = h.name + "\t";
  if (r.error) return out + "error\n";
  out += std::string(verdict_name(r.verdict));
  if (r.verdict == Verdict::kUnknown) out += "\t" + r.reason;
  out += "\n";
  out += causal_text(h, r);
  if (!r.failing) return out;
  const PartitionResult& p = r.partitions[*r.failing];
  out += "  in " + partition_name(p) + " (" + std::to_string(p.operations) + " operations)\n";
  if (p.stuck_op) out += "  cannot be linearized: " + describe_op(h, *p.stuck_op) + "\n";
  size_t n = p.longest_prefix.size();
  out += "  longest legal prefix: " + std::to_string(n) + " operations";
  out += n == 0 ? "\n" : ", ending\n";
  size_t from = n > kPrefixShown ? n - kPrefixShown : 0;
  if (from > 0) out += "    ... " + std::to_string(from) + " earlier\n";
  for (size_t i = from; i < n; ++i)
    out += "    " + std::to_string(i + 1) + ". " + describe_op(h, p.longest_prefix[i]) + "\n";
  out += "  model states there:";
  for (size_t i = 0; i < p.stuck_states.size(); ++i)
    out += (i == 0 ? " " : ", ") + p.stuck_states[i];
  out += "\n";
  return out;
}

std::string check_json(const std::string& file, const CheckOptions& options, const ReadResult& read,
                       const CheckResult& r, double parse_seconds) {
  std::string out = "{\"file\":";
  append_json_string(out, file);
  out += ",\"verdict\":";
  if (!read.ok() || r.error) {
    out += "\"unknown\",\"reason\":\"malformed history\",\"error\":";
    append_json_string(out, read.ok() ? r.error->to_string() : read.error->to_string());
  } else {
    append_json_string(out, verdict_name(r.verdict));
    if (r.verdict == Verdict::kUnknown) {
      out += ",\"reason\":";
      append_json_string(out, r.reason);
    }
  }
  out += ",\"model\":";
  append_json_string(out, options.model);
  out += ",\"consistency\":";
  append_json_string(out, consistency_name(options.consistency));
  out += ",\"parse_seconds\":" + json_number(parse_seconds);
  out += ",\"check_seconds\":" + json_number(r.check_seconds);
  if (read.ok()) out += ",\"operations\":" + std::to_string(read.history.ops.size());
  out += ",\"partitions\":" + std::to_string(r.partitions.size());
  uint64_t states = 0;
  for (const PartitionResult& p : r.partitions) states += p.states;
  out += ",\"states\":" + std::to_string(states);
  if (r.failing) {
    const PartitionResult& p = r.partitions[*r.failing];
    const History& h = read.history;
    out += ",\"failure\":{";
    if (p.keyed) {
      out += "\"key\":";
      append_json(out, p.key);
      out += ',';
    }
    out += "\"stuck_op\":";
    if (p.stuck_op)
      append_json_string(out, describe_op(h, *p.stuck_op));
    else
      out += "null";
    out += ",\"longest_prefix\":[";
    for (size_t i = 0; i < p.longest_prefix.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, describe_op(h, p.longest_prefix[i]));
    }
    out += "],\"states\":[";
    for (size_t i = 0; i < p.stuck_states.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, p.stuck_states[i]);
    }
    out += "]}";
  }
  if (read.ok() && !r.error) out += causal_json(read.history, r);
  out += '}';
  return out;
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
