// Absurd flag values: zero, negative, huge and malformed values of every
// numeric or enumerated flag of check, stats and generate exit 64 with a
// message that names the flag (and, for a range, the allowed values);
// none crashes or runs away.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_cli.h"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Case {
  const char* args;     // after the command; "H" is replaced by a valid history
  const char* message;  // the start of stderr's first line, after "ariadne COMMAND: "
};

}  // namespace

TEST_CASE("absurd flag values exit 64 with a message naming the allowed values", "[cli]") {
  fs::path dir = fs::temp_directory_path() / ("ariadne-flags-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string history = (dir / "h.jsonl").string();
  std::ofstream(history) << "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}\n"
                            "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}\n";
  std::string err = (dir / "err.txt").string();

  const Case check_cases[] = {
      {"--threads 65537 H", "--threads: expected 0 (every core) to 1024, got 65537"},
      {"--threads -1 H", "--threads: expected 0 (every core) to 1024, got -1"},
      {"--threads 1025 H", "--threads: expected 0 (every core) to 1024, got 1025"},
      {"--threads 99999999999 H", "the argument ('99999999999') for option '--threads' is invalid"},
      {"--threads x H", "the argument ('x') for option '--threads' is invalid"},
      {"--threads 1.5 H", "the argument ('1.5') for option '--threads' is invalid"},
      {"--timeout 0 H", "--timeout: expected a duration such as 30s, got '0'"},
      {"--timeout -1s H", "--timeout: expected a duration such as 30s, got '-1s'"},
      {"--timeout 1e30s H", "--timeout: expected a duration such as 30s, got '1e30s'"},
      {"--timeout nan H", "--timeout: expected a duration such as 30s, got 'nan'"},
      {"--timeout 5parsecs H", "--timeout: expected a duration such as 30s, got '5parsecs'"},
      {"--shrink-timeout 0 H", "--shrink-timeout: expected a duration such as 10s, got '0'"},
      {"--shrink-timeout -3 H", "--shrink-timeout: expected a duration such as 10s, got '-3'"},
      {"--shrink-timeout inf H", "--shrink-timeout: expected a duration such as 10s, got 'inf'"},
      {"--max-memory 0 H", "--max-memory: expected a size such as 2G, got '0'"},
      {"--max-memory -1G H", "--max-memory: expected a size such as 2G, got '-1G'"},
      {"--max-memory 1e30 H", "--max-memory: expected a size such as 2G, got '1e30'"},
      {"--max-memory 2X H", "--max-memory: expected a size such as 2G, got '2X'"},
      {"--clock-skew -5ms H",
       "--clock-skew: expected a duration from 0 to 24h such as 5ms, got '-5ms'"},
      {"--clock-skew 25h H",
       "--clock-skew: expected a duration from 0 to 24h such as 5ms, got '25h'"},
      {"--clock-skew 9e9s H",
       "--clock-skew: expected a duration from 0 to 24h such as 5ms, got '9e9s'"},
      {"--model '' H", "unknown --model '' (one of register, cas-register, kv, set"},
      {"--consistency strict H",
       "unknown --consistency 'strict' (one of linearizable, sequential, causal"},
      {"--set-semantics x H", "unknown --set-semantics 'x' (one of add-wins, remove-wins, lww)"},
      {"--format xml H", "unknown --format 'xml' (one of auto, edn, jsonl, json, jepsen-log)"},
      {"--initial '' H", "--initial: expected a value, got ''"},
      {"--timeout '' H", "--timeout: expected a value, got ''"},
      {"--max-memory '' H", "--max-memory: expected a value, got ''"},
      {"--clock-skew '' H", "--clock-skew: expected a value, got ''"},
      {"--initial '1 2' H", "--initial: expected one value, got more text after it"},
      {"--json '' H", "--json: expected a file name, or - for stdout, got ''"},
      {"--html '' H", "--html: expected a file name, got ''"},
      {"--junit '' H", "--junit: expected a file name, got ''"},
      {"--no-shrink=yes H", "option '--no-shrink' does not take any arguments"},
      {"", "no HISTORY file given (use - for standard input)"},
  };
  const Case stats_cases[] = {
      {"--threads 65537 H", "--threads: expected 0 (every core) to 1024, got 65537"},
      {"--threads -2 H", "--threads: expected 0 (every core) to 1024, got -2"},
      {"--clock-skew 1e40 H",
       "--clock-skew: expected a duration from 0 to 24h such as 5ms, got '1e40'"},
      {"--format '' H", "unknown --format '' (one of auto, edn, jsonl, json, jepsen-log)"},
      {"--json '' H", "--json: expected a file name, or - for stdout, got ''"},
  };
  const Case generate_cases[] = {
      {"--processes 0", "--processes: expected an integer from 1 to 10000, got '0'"},
      {"--processes -1", "--processes: expected an integer from 1 to 10000, got '-1'"},
      {"--processes 2147483647",
       "--processes: expected an integer from 1 to 10000, got '2147483647'"},
      {"--processes x", "--processes: expected an integer from 1 to 10000, got 'x'"},
      {"--ops -1", "--ops: expected an integer from 0 to 1000000000, got '-1'"},
      {"--ops 1e9", "--ops: expected an integer from 0 to 1000000000, got '1e9'"},
      {"--ops 18446744073709551616",
       "--ops: expected an integer from 0 to 1000000000, got '18446744073709551616'"},
      {"--keys -1", "--keys: expected an integer from 0 to 1000000, got '-1'"},
      {"--keys 2147483647", "--keys: expected an integer from 0 to 1000000, got '2147483647'"},
      {"--seed -1", "--seed: expected an integer from 0 to 18446744073709551615, got '-1'"},
      {"--seed 0x10", "--seed: expected an integer from 0 to 18446744073709551615, got '0x10'"},
      {"--replicas -1", "--replicas: expected an integer from 0 to 100, got '-1'"},
      {"--replicas 101", "--replicas: expected an integer from 0 to 100, got '101'"},
      {"--clocks 0", "--clocks: expected an integer from 1 to 10000, got '0'"},
      {"--clocks 2147483647", "--clocks: expected an integer from 1 to 10000, got '2147483647'"},
      {"--crash-rate nan", "--crash-rate: expected a fraction from 0 to 1, got nan"},
      {"--crash-rate -0.5", "--crash-rate: expected a fraction from 0 to 1, got -0.500000"},
      {"--fail-rate 2", "--fail-rate: expected a fraction from 0 to 1, got 2.000000"},
      {"--fail-rate x", "the argument ('x') for option '--fail-rate' is invalid"},
      {"--skew -5ms", "--skew: expected a duration such as 5ms, got '-5ms'"},
      {"--skew 1e30s", "--skew: expected a duration such as 5ms, got '1e30s'"},
      {"--format auto", "unknown --format 'auto' (one of jsonl, json, edn, jepsen-log)"},
      {"--shape ''", "--shape must be events or complete-ops, got ''"},
      {"--delivery x --replicas 2 --model set", "--delivery must be random, fifo or causal"},
      {"--anomaly x", "unknown --anomaly 'x'"},
      {"-o ''", "--output: expected a file name, or - for stdout, got ''"},
  };
  auto run = [&](const std::string& command, const Case& c) {
    std::string args = c.args;
    if (size_t h = args.find('H'); h != std::string::npos && args.back() == 'H')
      args.replace(args.size() - 1, 1, history);
    INFO(command << " " << args);
    cli_test::Run r = cli_test::ariadne(command + " " + args, err);
    CHECK(r.code == 64);
    CHECK(r.out.empty());
    std::string first_line = slurp(err).substr(0, slurp(err).find('\n'));
    CHECK(first_line.rfind("ariadne " + command + ": " + c.message, 0) == 0);
  };
  for (const Case& c : check_cases) run("check", c);
  for (const Case& c : stats_cases) run("stats", c);
  for (const Case& c : generate_cases) run("generate", c);
  fs::remove_all(dir);
}
