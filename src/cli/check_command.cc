// `ariadne check HISTORY...`
#include <unistd.h>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "ariadne/checker.h"
#include "cli/check_output.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/units.h"
#include "ingest/edn_value.h"

namespace po = boost::program_options;

namespace ariadne::cli {

namespace {

struct CheckFlags {
  std::string model = "cas-register";
  std::string consistency = "linearizable";
  std::string initial;
  std::string timeout, max_memory;
  std::string json, html, junit;
  bool no_shrink = false;
  bool no_partition = false;
};

Value parse_initial(const std::string& text) {
  ingest::Source source{"--initial", text};
  auto r = ingest::parse_edn_value(source, 0, text.size(), 1);
  if (!r.ok()) throw UsageError{"--initial: " + r.error->message};
  for (size_t i = r.end; i < text.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i])))
      throw UsageError{"--initial: expected one value, got more text after it"};
  return r.value;
}

CheckOptions check_options(const CheckFlags& flags, const InputOptions& in) {
  CheckOptions o;
  const auto& models = model_names();
  if (std::find(models.begin(), models.end(), flags.model) == models.end()) {
    std::string list;
    for (const auto& m : models) list += (list.empty() ? "" : ", ") + m;
    throw UsageError{"unknown --model '" + flags.model + "' (one of " + list + ")"};
  }
  o.model = flags.model;
  auto c = parse_consistency(flags.consistency);
  if (!c) throw UsageError{"unknown --consistency '" + flags.consistency + "'"};
  if (*c == Consistency::kEventual)
    throw UsageError{"--consistency " + flags.consistency + " is not available yet"};
  o.consistency = *c;
  if (!flags.initial.empty()) o.initial = parse_initial(flags.initial);
  o.threads = in.threads;
  if (!flags.timeout.empty()) {
    auto ns = parse_duration_ns(flags.timeout);
    if (!ns || *ns == 0)
      throw UsageError{"--timeout: expected a duration such as 30s, got '" + flags.timeout + "'"};
    o.timeout_ns = *ns;
  }
  if (!flags.max_memory.empty()) {
    auto bytes = parse_size_bytes(flags.max_memory);
    if (!bytes || *bytes == 0)
      throw UsageError{"--max-memory: expected a size such as 2G, got '" + flags.max_memory + "'"};
    o.max_memory = *bytes;
  }
  o.partition = !flags.no_partition;
  if (!flags.html.empty()) throw UsageError{"--html is not available yet"};
  if (!flags.junit.empty()) throw UsageError{"--junit is not available yet"};
  return o;
}

struct FileOutcome {
  ReadResult read;
  CheckResult check;
  double parse_seconds = 0;
  int exit_code = kExitValid;
};

}  // namespace

int check_command(int argc, char** argv) {
  InputOptions in;
  CheckFlags flags;
  bool help = false;
  po::options_description desc(
      "Usage: ariadne check HISTORY... [options]\n"
      "Checks each history file on its own and prints FILE<TAB>valid|invalid|unknown.\n"
      "Exit: 0 valid, 1 invalid, 2 unknown, 64 usage error, 65 malformed history;\n"
      "with several files the worst wins (65 > 1 > 2 > 0).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "model", po::value(&flags.model)->default_value("cas-register"),
      "datatype: register, cas-register, kv, set, counter, fifo-queue, unordered-queue, "
      "stack, mutex, list-append, multi-register")(
      "consistency", po::value(&flags.consistency)->default_value("linearizable"),
      "linearizable, sequential, causal, causal-convergence, causal-memory (register, "
      "cas-register and kv histories with unique written values per key), or strongest "
      "(the strongest of these that holds, and why each stronger one fails); eventual is not "
      "available yet")(
      "initial", po::value(&flags.initial)->value_name("VALUE"),
      "initial value of every register or key, as EDN/JSON (e.g. 0 or '\"\"'); default nil")(
      "timeout", po::value(&flags.timeout)->value_name("DURATION"),
      "give up with verdict unknown after DURATION (e.g. 30s); default none")(
      "max-memory", po::value(&flags.max_memory)->value_name("SIZE"),
      "give up with verdict unknown when the search needs more than SIZE (e.g. 2G); "
      "default 3/4 of available memory")(
      "json", po::value(&flags.json)->value_name("FILE|-"),
      "write one JSON object per history (JSON Lines) to FILE, - for stdout")(
      "html", po::value(&flags.html)->value_name("FILE"), "HTML report (not available yet)")(
      "junit", po::value(&flags.junit)->value_name("FILE"), "JUnit report (not available yet)")(
      "no-partition", po::bool_switch(&flags.no_partition),
      "check a keyed history as one object instead of key by key (slower; for comparison); "
      "default off")(
      "no-shrink", po::bool_switch(&flags.no_shrink),
      "do not shrink counterexamples (nothing is shrunk yet, so this changes nothing)");
  add_input_options(desc, in);
  po::variables_map vm;
  parse_command_line(argc, argv, desc, in, vm);
  if (help) {
    std::cout << desc << "\n";
    return kExitValid;
  }
  ReadOptions read_opts = read_options(in);
  CheckOptions options = check_options(flags, in);

  std::ofstream json_file;
  std::ostream* json_out = open_json_output(flags.json, json_file);

  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              in.threads > 0 ? in.threads : tbb::info::default_concurrency());
  bool show_progress = !in.quiet && isatty(STDERR_FILENO);
  std::vector<FileOutcome> outcomes(in.files.size());
  auto run_one = [&](size_t i) {
    FileOutcome& o = outcomes[i];
    auto t0 = std::chrono::steady_clock::now();
    o.read = read_history_file(in.files[i], read_opts);
    o.parse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!o.read.ok()) {
      o.exit_code = kExitBadInput;
      return;
    }
    CheckOptions mine = options;
    if (show_progress) mine.progress = progress_printer(in.files[i], t0);
    o.check = check(o.read.history, mine);
    if (show_progress) clear_progress();
    o.exit_code = o.check.error                          ? kExitBadInput
                  : o.check.verdict == Verdict::kInvalid ? kExitInvalid
                  : o.check.verdict == Verdict::kUnknown ? kExitUnknown
                                                         : kExitValid;
  };
  // Files are checked in parallel; results are printed in the order given.
  tbb::parallel_for(size_t{0}, in.files.size(), run_one);

  int code = kExitValid;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    FileOutcome& o = outcomes[i];
    code = worst_exit(code, o.exit_code);
    if (!o.read.ok()) {
      report_read(o.read, in.quiet);
    } else {
      report_read(o.read, in.quiet);  // warnings
      if (o.check.error) std::cerr << o.check.error->to_string() << "\n";
      if (json_out != &std::cout) std::cout << check_text(o.read.history, o.check);
    }
    if (json_out)
      *json_out << check_json(in.files[i], options, o.read, o.check, o.parse_seconds) << "\n";
  }
  return code;
}

}  // namespace ariadne::cli
