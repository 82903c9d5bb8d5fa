// `ariadne generate`: synthetic histories (ariadne/generate.h).
#include <iostream>
#include <stdexcept>

#include "ariadne/generate.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/output_file.h"
#include "cli/units.h"

namespace po = boost::program_options;

namespace ariadne::cli {

int generate_command(int argc, char** argv) {
  GenerateOptions o;
  std::string format = "jsonl", shape = "events", skew = "0", output = "-";
  bool help = false;
  po::options_description desc(
      "Usage: ariadne generate [options]\n"
      "Simulates clients against a correct store and writes the history they record.\n"
      "The same options and --seed give the same bytes.\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "model", po::value(&o.model)->default_value(o.model),
      "register, cas-register, kv, set, counter, fifo-queue, unordered-queue, stack, mutex, "
      "list-append or multi-register")(
      "processes", po::value(&o.processes)->default_value(o.processes), "concurrent clients")(
      "ops", po::value(&o.ops)->default_value(o.ops), "operations to issue")(
      "keys", po::value(&o.keys)->default_value(o.keys),
      "objects, named by a `key` field (0: none; kv and list-append always have at least 1; "
      "multi-register: registers per transaction, at least 3)")(
      "crash-rate", po::value(&o.crash_rate)->default_value(o.crash_rate),
      "fraction of operations that end as info (their effect applied or not, at random)")(
      "fail-rate", po::value(&o.fail_rate)->default_value(o.fail_rate),
      "fraction of operations that fail (no effect)")(
      "unique-values", po::bool_switch(&o.unique_values),
      "every written value is new (default: values 0-4, so they collide)")(
      "seed", po::value(&o.seed)->default_value(o.seed), "random seed")(
      "format", po::value(&format)->default_value(format), "jsonl, json, edn or jepsen-log")(
      "output,o", po::value(&output)->default_value(output), "file to write, - for stdout")(
      "anomaly", po::value(&o.anomaly)->value_name("KIND"),
      "inject one violation, described on stderr: stale-read or lost-write (register, "
      "cas-register, kv), duplicate (queues, stack), reorder (fifo-queue); forces unique values "
      "and no crashes on the key it touches")(
      "replicas", po::value(&o.replicas)->default_value(o.replicas),
      "replicate the store over N nodes (register, cas-register, kv, set, counter); events get "
      "`node`; 0: one linearizable copy")(
      "delivery", po::value(&o.delivery)->default_value(o.delivery),
      "with --replicas: random, fifo or causal delivery of updates")(
      "final-reads", po::bool_switch(&o.final_reads),
      "with --replicas: after all updates are delivered, one read per replica and key, marked "
      "final")("shape", po::value(&shape)->default_value(shape),
               "events (an invoke and a completion per operation) or complete-ops (one record with "
               "start and end, as production logs)")(
      "clocks", po::value(&o.clocks)->default_value(o.clocks),
      "with complete-ops: clocks that stamp start and end (process p uses clock p mod N)")(
      "skew", po::value(&skew)->default_value(skew),
      "with complete-ops: the most a clock is off (e.g. 5ms); check with --clock-skew of twice "
      "that");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError{e.what()};
  }
  if (help) {
    std::cout << desc << "\n";
    return kExitValid;
  }
  auto f = parse_format(format);
  if (!f || *f == Format::kAuto) throw UsageError{"unknown --format '" + format + "'"};
  o.format = *f;
  if (shape != "events" && shape != "complete-ops")
    throw UsageError{"--shape must be events or complete-ops, got '" + shape + "'"};
  o.complete_ops = shape == "complete-ops";
  auto ns = parse_duration_ns(skew);
  if (!ns) throw UsageError{"--skew: expected a duration such as 5ms, got '" + skew + "'"};
  o.skew_ns = static_cast<int64_t>(*ns);

  std::unique_ptr<OutputFile> file = output == "-" ? nullptr : open_output("--output", output);
  GenerateReport report;
  try {
    report = generate(o, file ? file->stream() : std::cout);
  } catch (const std::invalid_argument& e) {
    throw UsageError{e.what()};
  }
  if (file)
    file->commit();
  else
    flush_stdout();
  std::cerr << "generated " << report.operations << " operations (" << report.events
            << " records)\n";
  if (!report.anomaly.empty()) std::cerr << "injected " << report.anomaly << "\n";
  return kExitValid;
}

}  // namespace ariadne::cli
