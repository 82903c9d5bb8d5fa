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
  std::string set_semantics = "add-wins";
  std::string initial;
  std::string timeout, max_memory, shrink_timeout = "10s";
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
  o.consistency = *c;
  if (*c == Consistency::kEventual && flags.model != "set" && flags.model != "counter" &&
      flags.model != "register" && flags.model != "cas-register" && flags.model != "kv")
    throw UsageError{
        "--consistency eventual: expected --model set, counter, register, "
        "cas-register or kv, got '" +
        flags.model + "'"};
  auto semantics = parse_set_semantics(flags.set_semantics);
  if (!semantics)
    throw UsageError{"unknown --set-semantics '" + flags.set_semantics +
                     "' (one of add-wins, remove-wins, lww)"};
  o.set_semantics = *semantics;
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
  o.shrink = !flags.no_shrink;
  auto shrink_ns = parse_duration_ns(flags.shrink_timeout);
  if (!shrink_ns || *shrink_ns == 0)
    throw UsageError{"--shrink-timeout: expected a duration such as 10s, got '" +
                     flags.shrink_timeout + "'"};
  o.shrink_timeout_ns = *shrink_ns;
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
      "cas-register and kv histories with unique written values per key), eventual (replicas "
      "converge: set, counter, register, cas-register, kv), or strongest (the strongest of "
      "linearizable, sequential and the causal models that holds, and why each stronger one "
      "fails)")("set-semantics", po::value(&flags.set_semantics)->default_value("add-wins"),
                "with --consistency eventual --model set: how a concurrent add and remove merge: "
                "add-wins, remove-wins or lww (last writer wins); default add-wins")(
      "initial", po::value(&flags.initial)->value_name("VALUE"),
      "initial value of every register or key, as EDN/JSON (e.g. 0 or '\"\"'); default nil")(
      "timeout", po::value(&flags.timeout)->value_name("DURATION"),
      "give up with verdict unknown after DURATION (e.g. 30s); default none")(
      "max-memory", po::value(&flags.max_memory)->value_name("SIZE"),
      "one memory budget for the whole run (every file, key and thread at once, e.g. 2G): a "
      "history whose check needs more is unknown, the others go on; default the least of "
      "available memory, the cgroup's limit and the address space left, less a quarter")(
      "json", po::value(&flags.json)->value_name("FILE|-"),
      "write one JSON object per history (JSON Lines) to FILE, - for stdout")(
      "html", po::value(&flags.html)->value_name("FILE"),
      "write one self-contained HTML report of every history to FILE; default none")(
      "junit", po::value(&flags.junit)->value_name("FILE"),
      "write a JUnit XML report (a testcase per history and per failing key) to FILE; "
      "default none")(
      "no-partition", po::bool_switch(&flags.no_partition),
      "check a keyed history as one object instead of key by key (slower; for comparison); "
      "default off")(
      "no-shrink", po::bool_switch(&flags.no_shrink),
      "report the whole failing partition instead of a minimal counterexample; default off")(
      "shrink-timeout",
      po::value(&flags.shrink_timeout)->default_value("10s")->value_name("DURATION"),
      "stop shrinking a counterexample after DURATION and report the smallest found");
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

  int thread_count = in.threads > 0 ? in.threads : tbb::info::default_concurrency();
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, thread_count);
  // One budget for every check the run makes at once.
  options.memory =
      std::make_shared<MemoryBudget>(run_budget_limit(options.max_memory, thread_count));
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

  auto file_report = [&](size_t i) {
    FileReport r;
    r.file = in.files[i];
    r.read = &outcomes[i].read;
    r.check = outcomes[i].read.ok() ? &outcomes[i].check : nullptr;
    r.parse_seconds = outcomes[i].parse_seconds;
    return r;
  };
  int code = kExitValid;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    FileOutcome& o = outcomes[i];
    code = worst_exit(code, o.exit_code);
    if (!o.read.ok()) {
      report_read(o.read, in.quiet);
    } else {
      report_read(o.read, in.quiet);  // warnings
      if (o.check.error) std::cerr << o.check.error->to_string() << "\n";
      if (json_out != &std::cout) std::cout << check_text(o.read.history, options, o.check);
    }
    if (json_out) *json_out << check_json(file_report(i), options) << "\n";
  }
  std::vector<FileReport> reports;
  for (size_t i = 0; i < outcomes.size(); ++i) reports.push_back(file_report(i));
  auto write_file = [](const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) std::cerr << "ariadne: cannot write " << path << "\n";
  };
  if (!flags.html.empty()) write_file(flags.html, check_html(reports, options));
  if (!flags.junit.empty()) write_file(flags.junit, check_junit(reports, options));
  return code;
}

}  // namespace ariadne::cli
