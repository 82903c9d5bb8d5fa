// `ariadne stats HISTORY...`
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "ariadne/report.h"
#include "ariadne/stats.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/output_file.h"

namespace po = boost::program_options;

namespace ariadne::cli {

int stats_command(int argc, char** argv) {
  InputOptions in;
  std::string json;
  bool help = false;
  po::options_description desc(
      "Usage: ariadne stats HISTORY... [options]\n"
      "Operations by outcome and by f, processes, keys, crashed operations, time span and\n"
      "the most operations open at once.\n"
      "Exit: 0 read, 64 usage error, 65 malformed history, 73 the --json file cannot be\n"
      "created, 74 writing an output failed.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "json", po::value(&json)->value_name("FILE|-"),
      "also write one JSON object per history (JSON Lines) to FILE, - for stdout");
  add_input_options(desc, in);
  po::variables_map vm;
  parse_command_line(argc, argv, desc, in, vm);
  if (help) {
    std::cout << desc << "\n";
    return kExitValid;
  }
  if (vm.count("clock-skew") && in.clock_skew.empty())
    throw UsageError{"--clock-skew: expected a value, got ''"};
  if (vm.count("json") && json.empty())
    throw UsageError{"--json: expected a file name, or - for stdout, got ''"};
  ReadOptions options = read_options(in);
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              in.threads > 0 ? in.threads : tbb::info::default_concurrency());

  std::unique_ptr<OutputFile> json_file = json == "-" ? nullptr : open_output("--json", json);
  int code = kExitValid;
  for (const std::string& file : in.files) {
    auto started = std::chrono::steady_clock::now();
    ReadResult r = read_history_file(file, options);
    double parse_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!report_read(r, in.quiet)) {
      code = worst_exit(code, kExitBadInput);
      continue;
    }
    HistoryStats s = compute_stats(r.history);
    if (json != "-")
      std::cout << terminal_escape(file + " (" + std::string(format_name(r.format)) + ")\n" +
                                   stats_text(s));
    if (!json.empty()) {
      std::string line = stats_json(s, file);
      char timing[64];
      std::snprintf(timing, sizeof timing, ",\"parse_seconds\":%.6f}", parse_seconds);
      line.back() = ' ';  // replaces the closing brace
      line.pop_back();
      line += std::string(timing) + "\n";
      if (json_file)
        json_file->write(line);
      else
        std::cout << line;
    }
  }
  if (json_file) json_file->commit();
  flush_stdout();
  return code;
}

}  // namespace ariadne::cli
