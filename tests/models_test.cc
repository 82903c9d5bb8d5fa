// The model registry (checkers/models/model.h) and `ariadne models`.

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>

#include "ariadne/checker.h"
#include "linearizability/replay.h"
#include "models/model.h"
#include "run_cli.h"

namespace {

using ariadne::Consistency;
using ariadne::models::all_models;
using ariadne::models::find_model;

TEST_CASE("ariadne models prints one line per model: name, operations, consistency models") {
  cli_test::Run r = cli_test::ariadne("models");
  REQUIRE(r.code == 0);
  std::istringstream lines(r.out);
  std::string line;
  std::set<std::string> seen;
  size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    seen.insert(line);
  }
  CHECK(count == all_models().size());
  CHECK(seen.count("cas-register\tread, write, cas\tlinearizable, sequential, causal, "
                   "causal-convergence, causal-memory, eventual") == 1);
  CHECK(seen.count("fifo-queue\tenqueue, dequeue\tlinearizable, sequential") == 1);
  // Simple models first (rank), so the first line is the register.
  CHECK(r.out.rfind("register\tread, write\t", 0) == 0);
}

TEST_CASE("ariadne models rejects arguments with exit 64") {
  CHECK(cli_test::ariadne("models --bogus").code == 64);
}

TEST_CASE("the registry: unique names, each found by name, each with a search and a replay") {
  std::set<std::string> names;
  for (const auto* m : all_models()) {
    INFO(m->name);
    CHECK(names.insert(m->name).second);
    CHECK(find_model(m->name) == m);
    CHECK(m->search != nullptr);
    CHECK(m->replay != nullptr);
    CHECK(!m->operations.empty());
    CHECK(!m->help.empty());
    CHECK(m->supports(Consistency::kLinearizable));
    // Eventual consistency needs a convergence kind, and conversely.
    CHECK(m->supports(Consistency::kEventual) ==
          (m->convergence != ariadne::models::Convergence::kNone));
  }
  CHECK(names.size() >= 11);
  CHECK(find_model("no-such-model") == nullptr);
  CHECK(find_model("") == nullptr);
}

TEST_CASE("check() and replay() of an unknown model: an error, not an empty answer") {
  ariadne::History h;
  ariadne::CheckOptions options;
  options.model = "no-such-model";
  ariadne::CheckResult r = ariadne::check(h, options);
  REQUIRE(r.error);
  CHECK(r.error->message == "unknown model 'no-such-model'");
  CHECK_THROWS_WITH(ariadne::lin::replay(h, options, {}, std::nullopt),
                    "replay: unknown model 'no-such-model'");
}

}  // namespace
