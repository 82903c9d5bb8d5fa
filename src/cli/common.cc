#include "cli/common.h"

#include <oneapi/tbb/info.h>
#include <iostream>

#include "ariadne/report.h"
#include "cli/units.h"

namespace po = boost::program_options;

namespace ariadne::cli {

int worst_exit(int a, int b) {
  auto rank = [](int code) {
    switch (code) {
      case kExitBadInput: return 4;
      case kExitUsage: return 5;
      case kExitInvalid: return 3;
      case kExitUnknown: return 2;
      default: return 1;
    }
  };
  return rank(a) >= rank(b) ? a : b;
}

void add_input_options(po::options_description& desc, InputOptions& in) {
  desc.add_options()("format", po::value(&in.format)->default_value("auto"),
                     "input format: auto (from content), edn, jsonl, json, jepsen-log")(
      "independent", po::bool_switch(&in.independent),
      "read each value as a [key value] tuple (jepsen.independent); default off")(
      "clock-skew", po::value(&in.clock_skew)->value_name("DURATION"),
      "widen every interval by DURATION on both sides (e.g. 5ms), at most 24h; default 0")(
      "lenient", po::bool_switch(&in.lenient),
      "skip and count malformed records instead of stopping; default off")(
      "threads", po::value(&in.threads)->default_value(0),
      "worker threads, 0 to 1024; 0 = every core")("quiet,q", po::bool_switch(&in.quiet),
                                                   "no warnings or progress on stderr");
}

ReadOptions read_options(const InputOptions& in) {
  ReadOptions r;
  auto format = parse_format(in.format);
  if (!format)
    throw UsageError{"unknown --format '" + in.format +
                     "' (one of auto, edn, jsonl, json, "
                     "jepsen-log)"};
  r.format = *format;
  r.independent = in.independent;
  r.lenient = in.lenient;
  if (in.threads < 0 || in.threads > kMaxThreads)
    throw UsageError{"--threads: expected 0 (every core) to " + std::to_string(kMaxThreads) +
                     ", got " + std::to_string(in.threads)};
  r.threads = in.threads;
  if (!in.clock_skew.empty()) {
    // Bounded so that widened times cannot overflow.
    constexpr int64_t kMaxClockSkewNs = int64_t{24} * 3600 * 1000000000;
    auto ns = parse_duration_ns(in.clock_skew);
    if (!ns || *ns > kMaxClockSkewNs)
      throw UsageError{"--clock-skew: expected a duration from 0 to 24h such as 5ms, got '" +
                       in.clock_skew + "'"};
    r.clock_skew_ns = *ns;
  }
  if (in.files.empty()) throw UsageError{"no HISTORY file given (use - for standard input)"};
  return r;
}

void parse_command_line(int argc, char** argv, const po::options_description& visible,
                        InputOptions& in, po::variables_map& vm) {
  po::options_description all;
  all.add(visible);
  all.add_options()("history", po::value(&in.files));
  po::positional_options_description pos;
  pos.add("history", -1);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError{e.what()};
  }
}

bool report_read(const ReadResult& result, bool quiet) {
  if (result.error) {
    std::cerr << terminal_escape(result.error->to_string()) << "\n";
    return false;
  }
  if (!quiet)
    for (const std::string& w : result.warnings)
      std::cerr << terminal_escape(result.history.name + ": warning: " + w) << "\n";
  return true;
}

}  // namespace ariadne::cli
