// User-defined models (ariadne/model.h): a user's cas-register checks as
// the built-in one does, verdict and counterexample alike; user code that
// throws is an error, not a crash.
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/history_builder.h"
#include "ariadne/ingest.h"
#include "ariadne/model.h"

using namespace ariadne;

namespace {

bool is(Value f, const char* name) { return f == Value::keyword(name); }

// A cas-register written as a user would: the state is the value held.
struct UserCasRegister {
  using State = Value;
  State initial() const { return Value(); }
  std::optional<State> step(const State& s, const ModelOp& op) const {
    if (is(op.f, "write")) return op.value;
    if (is(op.f, "cas")) {
      if (op.value.kind() != Kind::kVector || op.value.size() != 2)
        throw std::invalid_argument("cas takes [old new]");
      if (op.value.items()[0] != s) return std::nullopt;
      return op.value.items()[1];
    }
    if (is(op.f, "read")) {
      if (op.crashed || op.result == s) return s;
      return std::nullopt;
    }
    throw std::invalid_argument("unknown f");
  }
  size_t hash(const State& s) const { return s.hash(); }
  std::string describe(const State& s) const { return to_edn(s); }
  // As the built-in register (linearizability/reads_from.h): an ok read or
  // cas reads, a write or cas writes. A read of the initial nil needs no
  // writer.
  void effects(const ModelOp& op, ModelEffects& out) const {
    if (is(op.f, "read") && !op.result.is_null()) out.reads.push_back(op.result);
    if (is(op.f, "write")) out.writes.push_back(op.value);
    if (is(op.f, "cas") && op.value.kind() == Kind::kVector && op.value.size() == 2) {
      if (!op.value.items()[0].is_null()) out.reads.push_back(op.value.items()[0]);
      out.writes.push_back(op.value.items()[1]);
    }
  }
};

CheckOptions builtin_options(Consistency c) {
  CheckOptions o;
  o.model = "cas-register";
  o.consistency = c;
  o.threads = 2;
  // A user model is decided by the search alone (no fast procedure): so is
  // the built-in one here, so that shrinking asks the same oracle and the
  // two counterexamples must be the same one.
  o.fast_path = false;
  return o;
}

CheckOptions user_options(Consistency c) {
  CheckOptions o = builtin_options(c);
  use_model(o, make_model("my-cas-register", UserCasRegister{}));
  return o;
}

// Both checks agree on the verdict and, when invalid, on the counterexample
// (its operations, minimality and where the search got stuck).
void require_same(const History& h, Consistency c) {
  CheckResult b = check(h, builtin_options(c));
  CheckResult u = check(h, user_options(c));
  INFO(h.name << " " << consistency_name(c));
  REQUIRE(!b.error);
  REQUIRE(!u.error);
  REQUIRE(u.verdict == b.verdict);
  REQUIRE(u.counterexample.has_value() == b.counterexample.has_value());
  if (b.counterexample) {
    CHECK(u.counterexample->ops == b.counterexample->ops);
    CHECK(u.counterexample->minimal == b.counterexample->minimal);
    CHECK(u.counterexample->stuck_op == b.counterexample->stuck_op);
    CHECK(u.counterexample->longest_prefix == b.counterexample->longest_prefix);
  }
}

}  // namespace

TEST_CASE("a user cas-register agrees with the built-in one on the register histories",
          "[user-model]") {
  int files = 0, invalid = 0;
  for (const char* dir : {"good", "bad"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(ARIADNE_SOURCE_DIR) +
                                                                 "/histories/" + dir)) {
      std::string name = entry.path().filename().string();
      if (name.find("register") == std::string::npos || name.find("multi") != std::string::npos ||
          name.find("eventual") != std::string::npos)
        continue;
      ReadOptions ro;
      ro.independent = name.find("independent") != std::string::npos;
      ReadResult r = read_history_file(entry.path().string(), ro);
      REQUIRE(r.ok());
      for (Consistency c : {Consistency::kLinearizable, Consistency::kSequential})
        require_same(r.history, c);
      ++files;
      invalid += check(r.history, builtin_options(Consistency::kLinearizable)).verdict ==
                 Verdict::kInvalid;
    }
  }
  // The comparison covered valid and invalid histories.
  CHECK(files >= 10);
  CHECK(invalid >= 4);
  CHECK(files - invalid >= 4);
}

TEST_CASE("a user cas-register agrees with the built-in one on random histories", "[user-model]") {
  const auto& anomalies = generate_anomalies();
  int invalid = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    GenerateOptions g;
    g.model = "cas-register";
    g.processes = 3;
    g.ops = 24;
    g.keys = seed % 4 == 0 ? 3 : 0;  // some keyed: checked per key
    g.crash_rate = 0.1;
    g.fail_rate = 0.05;
    g.seed = seed;
    if (seed % 2 == 0 && !anomalies.empty()) g.anomaly = anomalies[seed / 2 % anomalies.size()];
    std::ostringstream out;
    try {
      generate(g, out);
    } catch (const std::exception&) {
      continue;  // an anomaly this model does not take
    }
    ReadResult r = read_history_buffer(out.str(), "seed-" + std::to_string(seed), {});
    REQUIRE(r.ok());
    require_same(r.history, Consistency::kLinearizable);
    if (seed % 5 == 0) require_same(r.history, Consistency::kSequential);
    invalid +=
        check(r.history, builtin_options(Consistency::kLinearizable)).verdict == Verdict::kInvalid;
  }
  CHECK(invalid >= 5);
}

TEST_CASE("a user model is interned: equal states are one state", "[user-model]") {
  // Two writes of 1, then a read of 1: valid either way; and the stale read
  // of 1 after a write of 2 is invalid, stuck at that read.
  HistoryBuilder b("stale");
  Value p0 = Value::integer(0), p1 = Value::integer(1);
  b.invoke(p0, "write", Value::integer(1)).ok(p0, "write", Value::integer(1));
  b.invoke(p1, "write", Value::integer(1)).ok(p1, "write", Value::integer(1));
  b.invoke(p0, "write", Value::integer(2)).ok(p0, "write", Value::integer(2));
  b.invoke(p1, "read").ok(p1, "read", Value::integer(1));
  ReadResult r = std::move(b).build();
  REQUIRE(r.ok());
  CheckResult u = check(r.history, user_options(Consistency::kLinearizable));
  REQUIRE(u.verdict == Verdict::kInvalid);
  REQUIRE(u.counterexample);
  CHECK(u.counterexample->stuck_op == 3u);
  // Minimal: the write of 2 and the read, with one write of 1 it read.
  CHECK(u.counterexample->ops.size() == 3);
  CHECK(u.counterexample->minimal);
  REQUIRE(!u.counterexample->steps.empty());
  CHECK(u.counterexample->steps.back().before == std::vector<std::string>{"2"});
  require_same(r.history, Consistency::kLinearizable);
}

TEST_CASE("a user model whose step throws ends the check with an error", "[user-model]") {
  HistoryBuilder b("throws");
  Value p0 = Value::integer(0);
  b.invoke(p0, "write", Value::integer(1)).ok(p0, "write", Value::integer(1));
  b.invoke(p0, "cas", Value::integer(7)).ok(p0, "cas", Value::integer(7));
  ReadResult r = std::move(b).build();
  REQUIRE(r.ok());
  CheckResult u = check(r.history, user_options(Consistency::kLinearizable));
  REQUIRE(u.error);
  CHECK(u.verdict == Verdict::kUnknown);
  CHECK(u.error->file == "throws");
  CHECK(u.error->line == 3);  // the cas's invoke, the third event
  CHECK(u.error->message == "model my-cas-register's step on :cas threw: cas takes [old new]");
}

TEST_CASE("a user model that throws something else, or in initial(), is an error too",
          "[user-model]") {
  struct Odd {
    using State = int;
    int initial() const { throw 42; }
    std::optional<int> step(const int& s, const ModelOp&) const { return s; }
    std::string describe(const int& s) const { return std::to_string(s); }
  };
  HistoryBuilder b("odd");
  b.invoke(Value::integer(0), "x").ok(Value::integer(0), "x");
  ReadResult r = std::move(b).build();
  REQUIRE(r.ok());
  CheckOptions o;
  o.user_model = make_model("odd", Odd{});
  CheckResult u = check(r.history, o);
  REQUIRE(u.error);
  CHECK(u.error->message == "model odd threw: an exception that is not a std::exception");
}

TEST_CASE("a user model may not take a built-in name, nor a causal check", "[user-model]") {
  HistoryBuilder b("h");
  b.invoke(Value::integer(0), "read").ok(Value::integer(0), "read");
  ReadResult r = std::move(b).build();
  REQUIRE(r.ok());
  CheckOptions o;
  o.user_model = make_model("register", UserCasRegister{});
  CheckResult named = check(r.history, o);
  REQUIRE(named.error);
  CHECK(named.error->message ==
        "user model 'register': expected a name that is not a built-in model's");
  o.user_model = make_model("mine", UserCasRegister{});
  o.consistency = Consistency::kCausal;
  CheckResult causal = check(r.history, o);
  REQUIRE(causal.error);
  CHECK(causal.error->message ==
        "user model 'mine': only linearizable and sequential checks take a user model, got causal");
}
