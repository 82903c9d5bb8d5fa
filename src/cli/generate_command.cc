// `ariadne generate`: synthetic histories (ariadne/generate.h).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iostream>
#include <stdexcept>

#include "ariadne/generate.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/output_file.h"
#include "cli/units.h"
#include "models/model.h"

namespace po = boost::program_options;

namespace ariadne::cli {

namespace {

// Ranges of the numeric flags: wide enough for any benchmark, narrow enough
// that no value exhausts memory or runs for days.
constexpr int kMaxProcesses = 10000;
constexpr uint64_t kMaxOps = 1000000000;
constexpr int kMaxKeys = 1000000;
constexpr int kMaxReplicas = 100;
constexpr int kMaxClocks = 10000;

// An unsigned decimal in [min, max]; throws UsageError naming the range.
uint64_t parse_count(const std::string& flag, const std::string& text, uint64_t min, uint64_t max) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < min ||
      value > max)
    throw UsageError{"--" + flag + ": expected an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + text + "'"};
  return value;
}

void check_rate(const std::string& flag, double rate) {
  if (!(rate >= 0 && rate <= 1))  // NaN too
    throw UsageError{"--" + flag + ": expected a fraction from 0 to 1, got " +
                     std::to_string(rate)};
}

// Models with a generator and `pred(model)`, joined for help text.
template <class Pred>
std::string generated(Pred pred, std::string_view last = ", ") {
  return models::model_list([&](const models::ModelDef& m) { return m.generator && pred(m); },
                            last);
}

// "stale-read (register, ...), ...": each anomaly and the models that show it.
std::string anomalies_help() {
  std::string out;
  const auto& names = generate_anomalies();
  for (size_t i = 0; i < names.size(); ++i) {
    auto has = [&](const models::ModelDef& m) {
      const auto& a = m.generator->anomalies;
      return std::find(a.begin(), a.end(), static_cast<gen::Anomaly>(i)) != a.end();
    };
    out += (i == 0 ? "" : ", ") + names[i] + " (" + generated(has) + ")";
  }
  return out;
}

}  // namespace

int generate_command(int argc, char** argv) {
  GenerateOptions o;
  std::string format = "jsonl", shape = "events", skew = "0", output = "-";
  // Numbers as text, so that "-1" is not read as 2^64 - 1 and every range
  // is checked here (parse_count).
  std::string processes = "5", ops = "1000", keys = "0", seed = "1", replicas = "0", clocks = "1";
  std::string txn_length = "4", writes_per_key = "32";
  bool help = false;
  po::options_description desc(
      "Usage: ariadne generate [options]\n"
      "Simulates clients against a correct store and writes the history they record.\n"
      "The same options and --seed give the same bytes.\n"
      "Exit: 0 written, 64 usage error, 73 the --output file cannot be created, 74 writing\n"
      "failed (the file is then left as it was).\n\nOptions");
  desc.add_options()("help,h", po::bool_switch(&help), "show this help")(
      "model", po::value(&o.model)->default_value(o.model),
      generated([](const models::ModelDef&) { return true; }, " or ").c_str())(
      "processes", po::value(&processes)->default_value(processes),
      "concurrent clients, 1 to 10000")("ops", po::value(&ops)->default_value(ops),
                                        "operations to issue, 0 to 1000000000")(
      "keys", po::value(&keys)->default_value(keys),
      ("objects, named by a `key` field, 0 to 1000000 (0: none; " +
       generated([](const models::ModelDef& m) { return m.keys == models::Keys::kRequired; },
                 " and ") +
       " always have at least 1; " +
       generated([](const models::ModelDef& m) { return m.keys == models::Keys::kInValue; },
                 " and ") +
       ": registers per transaction, at least 3)")
          .c_str())(
      "crash-rate", po::value(&o.crash_rate)->default_value(o.crash_rate),
      "fraction of operations that end as info (their effect applied or not, at random)")(
      "fail-rate", po::value(&o.fail_rate)->default_value(o.fail_rate),
      "fraction of operations that fail (no effect)")(
      "unique-values", po::bool_switch(&o.unique_values),
      "every written value is new (default: values 0-4, so they collide)")(
      "seed", po::value(&seed)->default_value(seed), "random seed, 0 to 2^64-1")(
      "format", po::value(&format)->default_value(format), "jsonl, json, edn or jepsen-log")(
      "output,o", po::value(&output)->default_value(output), "file to write, - for stdout")(
      "anomaly", po::value(&o.anomaly)->value_name("KIND"),
      ("inject one violation, described on stderr: " + anomalies_help() +
       "; forces unique values (missing: no crashed removal before it on its key); with --txn "
       "see --txn")
          .c_str())("replicas", po::value(&replicas)->default_value(replicas),
                    ("replicate the store over N nodes, 0 to 100 (" +
                     generated([](const models::ModelDef& m) { return m.generator->replicated; }) +
                     "); events get `node`; 0: one linearizable copy")
                        .c_str())("delivery", po::value(&o.delivery)->default_value(o.delivery),
                                  "with --replicas: random, fifo or causal delivery of updates")(
      "final-reads", po::bool_switch(&o.final_reads),
      "with --replicas: after all updates are delivered, one read per replica and key, marked "
      "final")("shape", po::value(&shape)->default_value(shape),
               "events (an invoke and a completion per operation) or complete-ops (one record with "
               "start and end, as production logs)")(
      "clocks", po::value(&clocks)->default_value(clocks),
      "with complete-ops: 1 to 10000 clocks that stamp start and end (process p uses clock p mod "
      "N)")(
      "skew", po::value(&skew)->default_value(skew),
      "with complete-ops: the most a clock is off (e.g. 5ms); check with --clock-skew of twice "
      "that")("txn", po::bool_switch(&o.txn),
              "transactions in Elle's shape (:f :txn, a vector of micro-ops) against a "
              "multi-key store; --model list-append or rw-register; --keys is then the keys "
              "active at a time; --anomaly G0 (list-append), G1a, G1b, G1c, G-single or "
              "G2-item plants one, on two keys of its own")(
      "isolation", po::value(&o.isolation)->default_value(o.isolation),
      "with --txn: serializable, snapshot-isolation or read-committed")(
      "txn-length", po::value(&txn_length)->default_value(txn_length),
      "with --txn: micro-ops per transaction, 1 to 1000")(
      "writes-per-key", po::value(&writes_per_key)->default_value(writes_per_key),
      "with --txn: writes a key gets before it is retired for a fresh one, 1 to 1000000");
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
  o.processes = static_cast<int>(parse_count("processes", processes, 1, kMaxProcesses));
  o.ops = parse_count("ops", ops, 0, kMaxOps);
  o.keys = static_cast<int>(parse_count("keys", keys, 0, kMaxKeys));
  o.seed = parse_count("seed", seed, 0, UINT64_MAX);
  o.replicas = static_cast<int>(parse_count("replicas", replicas, 0, kMaxReplicas));
  o.clocks = static_cast<int>(parse_count("clocks", clocks, 1, kMaxClocks));
  o.txn_length = static_cast<int>(parse_count("txn-length", txn_length, 1, 1000));
  o.writes_per_key = static_cast<int>(parse_count("writes-per-key", writes_per_key, 1, 1000000));
  check_rate("crash-rate", o.crash_rate);
  check_rate("fail-rate", o.fail_rate);
  if (vm.count("output") && output.empty())
    throw UsageError{"--output: expected a file name, or - for stdout, got ''"};
  auto f = parse_format(format);
  if (!f || *f == Format::kAuto)
    throw UsageError{"unknown --format '" + format + "' (one of jsonl, json, edn, jepsen-log)"};
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
