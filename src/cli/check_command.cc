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
#include <mutex>

#include "ariadne/checker.h"
#include "ariadne/parse.h"
#include "ariadne/report.h"
#include "ariadne/transactions.h"
#include "budget.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/output_file.h"
#include "cli/progress.h"
#include "cli/units.h"
#include "models/model.h"
#include "transactions/workloads.h"

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
  std::string nil_reads = "value";
  std::string initial_default;
  bool linearizable_sets = false;
  std::string arbitration = "causal";
  bool no_fast_path = false;
};

// A value given on the command line, as EDN or JSON (ariadne/parse.h).
Value parse_initial(const std::string& text, const std::string& flag = "--initial") {
  ParsedValue r = parse_value(text, flag);
  if (!r.ok()) throw UsageError{flag + ": " + r.error->message};
  return r.value;
}

using models::ModelDef;

// The model named by --model; check_options() has validated the name.
// The model --model names; for a transactional-only workload (not in the
// registry, transactions/workloads.h) a definition with no traits.
const ModelDef& model_of(const CheckFlags& flags) {
  static const ModelDef none{};
  const ModelDef* m = models::find_model(flags.model);
  return m ? *m : none;
}

// Models whose keys a map --initial names (ModelDef::initial_by_key).
bool has_keys(const CheckFlags& flags) { return model_of(flags).initial_by_key; }

std::string keyed_models() {
  return models::model_list([](const ModelDef& m) { return m.initial_by_key; }, " or ");
}
std::string nil_any_models() {
  return models::model_list([](const ModelDef& m) { return m.nil_reads_any; }, " or ");
}
std::string models_for(Consistency c) {
  return models::model_list([c](const ModelDef& m) { return m.supports(c); }, " or ");
}
std::string converging_as(models::Convergence kind) {
  return models::model_list([kind](const ModelDef& m) { return m.convergence == kind; }, " or ");
}

// --initial and --initial-default into o.initial and o.initial_by_key. A
// map --initial names keys' initial values (ModelDef::initial_by_key only);
// --initial-default is the value of every other key (nil when absent).
void set_initial_values(const CheckFlags& flags, CheckOptions& o) {
  bool given_default = !flags.initial_default.empty();
  if (given_default && !has_keys(flags))
    throw UsageError{"--initial-default: only with --model " + keyed_models() +
                     " (the value of each key a map --initial does not name), got --model " +
                     flags.model};
  if (given_default) o.initial = parse_initial(flags.initial_default, "--initial-default");
  if (flags.initial.empty()) return;
  Value initial = parse_initial(flags.initial);
  if (initial.kind() != Kind::kMap) {
    if (given_default)
      throw UsageError{
          "--initial-default: only with a map --initial such as '{:x 0 :y 0}'; "
          "--initial " +
          flags.initial + " already gives every key its initial value"};
    o.initial = initial;
    return;
  }
  if (!has_keys(flags))
    throw UsageError{"--initial: a map gives each key its own initial value, for --model " +
                     keyed_models() + " only; --model " + flags.model + " has no keys"};
  auto items = initial.items();
  for (size_t i = 0; i + 1 < items.size(); i += 2)
    o.initial_by_key.emplace_back(items[i], items[i + 1]);
}

// Transactions (issue 17): the workloads of Elle's checker
// (transactions/workloads.h).
bool txn_workload(const std::string& model) { return txn::find_workload(model) != nullptr; }

std::string isolation_names() {
  std::string list;
  for (txn::IsolationModel m : txn::all_isolation_models())
    list += (list.empty() ? "" : ", ") + std::string(txn::isolation_name(m));
  return list;
}

// The isolation model a transactional history is checked against when
// --consistency names none of Elle's: linearizable reads as
// strict-serializable, sequential as strong-session-serializable (a serial
// order that keeps each process's), strongest as strongest; "" otherwise.
std::string implied_isolation(const std::string& consistency) {
  if (consistency == "linearizable") return "strict-serializable";
  if (consistency == "sequential") return "strong-session-serializable";
  if (consistency == "strongest") return "strongest";
  return "";
}

// Whether any operation of `h` is a transaction (:f :txn).
bool has_transactions(const History& h) {
  return std::any_of(h.ops.begin(), h.ops.end(), [&](const Operation& op) {
    Value f = h.f(op);
    return f.is_text() && f.as_text() == "txn";
  });
}

// Sets o.isolation from an Elle name in --consistency (or, for
// rw-register, the implied one); true when it did.
bool set_isolation(const CheckFlags& flags, CheckOptions& o) {
  auto iso = txn::parse_isolation(flags.consistency);
  if (iso && !txn_workload(flags.model))
    throw UsageError{
        "--consistency " + flags.consistency + ": a transactional isolation model, for --model " +
        txn::workload_names(" or ") + " with :txn operations, got --model " + flags.model};
  if (iso) {
    o.isolation = std::string(txn::isolation_name(*iso));
    return true;
  }
  if (!txn::only_transactional(flags.model)) return false;
  o.isolation = implied_isolation(flags.consistency);
  if (o.isolation.empty())
    throw UsageError{"--model " + flags.model +
                     " checks transactions: expected --consistency "
                     "linearizable, sequential, strongest or one of " +
                     isolation_names() + ", got '" + flags.consistency + "'"};
  return true;
}

CheckOptions check_options(const CheckFlags& flags, const InputOptions& in) {
  CheckOptions o;
  const auto& models = model_names();
  if (!txn::only_transactional(flags.model) &&
      std::find(models.begin(), models.end(), flags.model) == models.end()) {
    std::string list;
    for (const auto& m : models) list += (list.empty() ? "" : ", ") + m;
    throw UsageError{"unknown --model '" + flags.model + "' (one of " + list + ", " +
                     txn::workload_names(", ", true) + ")"};
  }
  o.model = flags.model;
  bool transactional = set_isolation(flags, o);
  auto c = parse_consistency(flags.consistency);
  if (!c && !transactional)
    throw UsageError{"unknown --consistency '" + flags.consistency +
                     "' (one of linearizable, sequential, causal, causal-convergence, "
                     "causal-memory, eventual, strongest; for --model " +
                     txn::workload_names(" or ") + " transactions also " + isolation_names() + ")"};
  o.consistency = c.value_or(Consistency::kLinearizable);
  if (c == Consistency::kEventual && !model_of(flags).supports(*c))
    throw UsageError{"--consistency eventual: expected --model " +
                     models_for(Consistency::kEventual) + ", got '" + flags.model + "'"};
  auto semantics = parse_set_semantics(flags.set_semantics);
  if (!semantics)
    throw UsageError{"unknown --set-semantics '" + flags.set_semantics +
                     "' (one of add-wins, remove-wins, lww)"};
  o.set_semantics = *semantics;
  set_initial_values(flags, o);
  if (flags.nil_reads != "value" && flags.nil_reads != "any")
    throw UsageError{"unknown --nil-reads '" + flags.nil_reads + "' (one of value, any)"};
  if (flags.nil_reads == "any") {
    if (!model_of(flags).nil_reads_any)
      throw UsageError{"--nil-reads any: only with --model " + nil_any_models() + ", got --model " +
                       flags.model};
    if (*c == Consistency::kEventual)
      throw UsageError{
          "--nil-reads any: not with --consistency eventual, which reads a final read of nil "
          "as the value nil (use linearizable, sequential, causal, causal-convergence, "
          "causal-memory or strongest)"};
    o.nil_reads = NilReads::kAny;
  }
  o.linearizable_sets = flags.linearizable_sets;
  auto arbitration = parse_arbitration(flags.arbitration);
  if (!arbitration)
    throw UsageError{"unknown --arbitration '" + flags.arbitration + "' (one of causal, realtime)"};
  o.arbitration = *arbitration;
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
  o.fast_path = !flags.no_fast_path;
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
  std::string isolation;  // the transactional model it was checked against, if any
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
      "with several files the worst wins (65 > 1 > 2 > 0). 73: an output file cannot be\n"
      "created (checked before any history is read); 74: writing an output failed.\n"
      "Reports written to a file appear whole or not at all.\n\nOptions");
  const std::string consistency_help =
      "linearizable, sequential, causal, causal-convergence, causal-memory (" +
      models_for(Consistency::kCausal) +
      " histories with unique written values per key), eventual (replicas converge: " +
      models_for(Consistency::kEventual) +
      "), or strongest (the strongest of linearizable, sequential and the causal models that "
      "holds, and why each stronger one fails). Transactions (:f :txn, --model " +
      txn::workload_names(" or ") + ", Elle's workloads): one of Elle's isolation models (" +
      isolation_names() +
      ") or strongest; there linearizable (the default) reads as strict-serializable and "
      "sequential as strong-session-serializable";
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "model", po::value(&flags.model)->default_value("cas-register"),
      ("datatype (`ariadne models` lists each one's operations): " +
       models::model_list([](const ModelDef&) { return true; }) + "; or " +
       txn::workload_names(" or ", true) + " (transactions only)")
          .c_str())("consistency", po::value(&flags.consistency)->default_value("linearizable"),
                    consistency_help.c_str())(
      "set-semantics", po::value(&flags.set_semantics)->default_value("add-wins"),
      ("with --consistency eventual --model " + converging_as(models::Convergence::kSet) +
       " and a node field (replicas): how a concurrent add and remove merge: "
       "add-wins, remove-wins or lww (last writer wins); no part in set-full; "
       "default add-wins")
          .c_str())(
      "initial", po::value(&flags.initial)->value_name("VALUE"),
      ("initial value of every register or key, as EDN/JSON (e.g. 0 or '\"\"'); default nil. "
       "For " +
       keyed_models() +
       " a map ('{:x 0 :y 0}' or '{\"x\":0}') gives each named key its own initial value (a "
       "keyword and a string of the same text name one key)")
          .c_str())(
      "initial-default", po::value(&flags.initial_default)->value_name("VALUE"),
      (keyed_models() + ": initial value of every key a map --initial does not name; alone, of "
                        "every key (so a map can be every key's initial value); default nil")
          .c_str())(
      "nil-reads", po::value(&flags.nil_reads)->default_value("value")->value_name("any|value"),
      ("what an ok read that returned nil means (" + nil_any_models() +
       ", reads and [:read k nil] micro-ops): value (default) reads it as the value nil, which "
       "is stricter and finds stale reads of nil that Knossos misses; any reads it as Knossos "
       "does, as matching every state (not with --consistency eventual)")
          .c_str())(
      "timeout", po::value(&flags.timeout)->value_name("DURATION"),
      "bound the whole run to DURATION (e.g. 60s), from when the first history is read: "
      "search, shrinking and explaining of every file; a history not decided in time is "
      "unknown (reason timeout), one found invalid keeps the smallest counterexample so far "
      "(not shown minimal); default none")(
      "max-memory", po::value(&flags.max_memory)->value_name("SIZE"),
      "one memory budget for the whole run (every file, key and thread at once, e.g. 2G): a "
      "history whose check needs more is unknown, the others go on; default the least of "
      "available memory, the cgroup's limit and the address space left, less a quarter")(
      "json", po::value(&flags.json)->value_name("FILE|-"),
      "write one JSON object per history (JSON Lines) to FILE, - for stdout")(
      "html", po::value(&flags.html)->value_name("FILE"),
      "write one self-contained HTML report of every history to FILE; default none")(
      "junit", po::value(&flags.junit)->value_name("FILE"),
      "write a JUnit XML report (a testcase per history, per failing key and per "
      "transactional anomaly found) to FILE; "
      "default none")(
      "no-partition", po::bool_switch(&flags.no_partition),
      "check a keyed history as one object instead of key by key (slower; for comparison); "
      "default off")(
      "no-shrink", po::bool_switch(&flags.no_shrink),
      "report the whole failing partition instead of a minimal counterexample; default off")(
      "linearizable-sets", po::bool_switch(&flags.linearizable_sets),
      ("with --consistency eventual --model " + converging_as(models::Convergence::kSet) +
       " and no node field (Jepsen's set-full reading): a stale element (missing from a read "
       "invoked after it was known added) is a violation too, as set-full's :linearizable? "
       "true; ignored otherwise; default off")
          .c_str())(
      "arbitration", po::value(&flags.arbitration)->default_value("causal"),
      ("with --consistency eventual and " + converging_as(models::Convergence::kRegister) +
       ": which overwrite may lose a write: causal (only a write that happened after the "
       "surviving one, by process order and reads-from) or realtime (any write that began "
       "after it completed); ignored otherwise; default causal")
          .c_str())(
      "shrink-timeout",
      po::value(&flags.shrink_timeout)->default_value("10s")->value_name("DURATION"),
      "stop shrinking a counterexample after DURATION and report the smallest found; a part "
      "of --timeout, not added to it")(
      "no-fast-path", po::bool_switch(&flags.no_fast_path),
      "linearizability: never use a model's fast decision procedure (docs/fast-paths.md "
      "lists them and when each applies); the search decides every partition (for "
      "comparison); default off");
  add_input_options(desc, in);
  po::variables_map vm;
  parse_command_line(argc, argv, desc, in, vm);
  if (help) {
    std::cout << desc << "\n";
    return kExitValid;
  }
  for (const char* flag : {"initial", "timeout", "max-memory", "clock-skew"})
    if (vm.count(flag) && vm[flag].as<std::string>().empty())
      throw UsageError{"--" + std::string(flag) + ": expected a value, got ''"};
  for (const char* output : {"json", "html", "junit"})
    if (vm.count(output) && vm[output].as<std::string>().empty())
      throw UsageError{"--" + std::string(output) + ": expected a file name" +
                       (output[1] == 's' ? ", or - for stdout" : "") + ", got ''"};
  ReadOptions read_opts = read_options(in);
  CheckOptions options = check_options(flags, in);

  // Every output is created before any check runs (exit 73 if one cannot be).
  std::unique_ptr<OutputFile> json_file =
      flags.json == "-" ? nullptr : open_output("--json", flags.json);
  std::unique_ptr<OutputFile> html_file = open_output("--html", flags.html);
  std::unique_ptr<OutputFile> junit_file = open_output("--junit", flags.junit);

  int thread_count = in.threads > 0 ? in.threads : tbb::info::default_concurrency();
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, thread_count);
  // One budget for every check the run makes at once.
  options.memory =
      std::make_shared<MemoryBudget>(run_budget_limit(options.max_memory, thread_count));
  bool show_progress = !in.quiet && isatty(STDERR_FILENO);
  std::vector<FileOutcome> outcomes(in.files.size());
  // --timeout bounds the whole run, not each file: its clock starts when the
  // first history has been read, and every file's check ends by then.
  std::once_flag timeout_started;
  auto run_deadline = std::chrono::steady_clock::time_point::max();
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
    // list-append with :txn operations: the transactional checker, at the
    // isolation --consistency implies (single-object histories as before).
    if (mine.isolation.empty() && txn_workload(flags.model) && has_transactions(o.read.history))
      mine.isolation = implied_isolation(flags.consistency);
    if (options.timeout_ns > 0) {
      std::call_once(timeout_started, [&] {
        run_deadline = Budget::after(std::chrono::steady_clock::now(), options.timeout_ns);
      });
      mine.deadline = run_deadline;
    }
    if (show_progress) mine.progress = progress_printer(in.files[i], t0);
    o.isolation = mine.isolation;
    o.check = check(o.read.history, mine);
    if (show_progress) clear_progress();
    if (o.read.skipped > 0 && o.read.history.ops.empty() && !o.check.error) {
      // Every record was skipped: nothing was checked, so nothing is proven.
      o.check.verdict = Verdict::kUnknown;
      o.check.reason = "no operations";
      o.check.partitions.clear();
    }
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
  // Reports name the model each file was checked against (a list-append
  // file with :txn operations: its isolation model).
  auto options_of = [&](const FileOutcome& o) {
    CheckOptions shown = options;
    shown.isolation = o.isolation;
    return shown;
  };
  int code = kExitValid;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    FileOutcome& o = outcomes[i];
    code = worst_exit(code, o.exit_code);
    if (!o.read.ok()) {
      report_read(o.read, in.quiet);
    } else {
      report_read(o.read, in.quiet);  // warnings
      if (o.check.error) std::cerr << terminal_escape(o.check.error->to_string()) << "\n";
      if (flags.json != "-") std::cout << text_report(file_report(i), options_of(o));
    }
    std::string line = json_report(file_report(i), options_of(o)) + "\n";
    if (json_file) json_file->write(line);
    if (flags.json == "-") std::cout << line;
  }
  std::vector<FileReport> reports;
  for (size_t i = 0; i < outcomes.size(); ++i) reports.push_back(file_report(i));
  CheckOptions shown = options;  // the isolation model, when every file had the same
  if (!outcomes.empty()) shown.isolation = outcomes.front().isolation;
  for (const FileOutcome& o : outcomes)
    if (o.isolation != shown.isolation) shown.isolation = options.isolation;
  if (html_file) html_file->write(html_report(reports, shown));
  if (junit_file) junit_file->write(junit_report(reports, shown));
  for (OutputFile* f : {json_file.get(), html_file.get(), junit_file.get()})
    if (f) f->commit();
  flush_stdout();
  return code;
}

}  // namespace ariadne::cli
