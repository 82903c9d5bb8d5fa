// The transactional checker on hand-written histories with known answers:
// each anomaly's witness, the lattice's verdicts, errors.
#include "txn_support.h"

using namespace ariadne;
using namespace txn_test;

TEST_CASE("list-append G0: two writers' appends in opposite orders on two keys") {
  History h =
      read_text(ok(0, "[:append :x 1] [:append :y 1]") + ok(1, "[:append :x 2] [:append :y 2]") +
                ok(2, "[:r :x [1 2]] [:r :y [2 1]]"));
  CheckResult r = check(h, "read-uncommitted");
  REQUIRE(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "G0");
  REQUIRE(v);
  CHECK(v->cycle.size() == 2);
  CHECK(v->cycle[0].kind == txn::Edge::Kind::kWW);
  CHECK(v->cycle[1].kind == txn::Edge::Kind::kWW);
  // The two writers and the read that showed both orders.
  CHECK(v->ops == std::vector<uint32_t>{0, 1, 2});
  CHECK(v->minimal);
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->ops == v->ops);
  CHECK(r.counterexample->explanation.find(
            "T1 appended 1 to :x and T2 appended 2 right after it") != std::string::npos);
}

TEST_CASE("list-append G1c: each reads the other's append") {
  History h = read_text(ok(0, "[:append :x 1] [:r :y [2]]") + ok(1, "[:append :y 2] [:r :x [1]]"));
  CHECK(check(h, "read-uncommitted").verdict == Verdict::kValid);
  CheckResult r = check(h, "read-committed");
  REQUIRE(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "G1c");
  REQUIRE(v);
  CHECK(v->ops == std::vector<uint32_t>{0, 1});
  CHECK(v->minimal);
  for (const auto& e : v->cycle) CHECK(e.kind == txn::Edge::Kind::kWR);
}

TEST_CASE("list-append G-single: a read skew") {
  History h = read_text(ok(0, "[:append :x 1] [:append :y 1]") + ok(1, "[:r :x []] [:r :y [1]]") +
                        ok(2, "[:r :x [1]]"));
  CHECK(check(h, "read-committed").verdict == Verdict::kValid);
  CHECK(check(h, "snapshot-isolation").verdict == Verdict::kInvalid);
  CheckResult r = check(h, "consistent-view");
  REQUIRE(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "G-single");
  REQUIRE(v);
  REQUIRE(v->cycle.size() == 2);
  int rw = 0;
  for (const auto& e : v->cycle) rw += e.kind == txn::Edge::Kind::kRW;
  CHECK(rw == 1);
  CHECK(v->minimal);
}

TEST_CASE("list-append G2-item: write skew; SI holds, serializable does not") {
  History h = read_text(ok(0, "[:r :x []] [:append :y 1]") + ok(1, "[:r :y []] [:append :x 1]") +
                        ok(2, "[:r :x [1]] [:r :y [1]]"));
  CHECK(check(h, "snapshot-isolation").verdict == Verdict::kValid);
  CheckResult r = check(h, "serializable");
  REQUIRE(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "G2-item");
  REQUIRE(v);
  // The final read is not needed: the two appends no read shows still follow
  // the reads of []. Shrinking drops it.
  CHECK(v->ops == std::vector<uint32_t>{0, 1});
  CHECK(v->minimal);
  CheckResult s = check(h, "strongest");
  REQUIRE(s.transactions);
  auto& rep = *s.transactions;
  auto in = [](const std::vector<txn::IsolationModel>& ms, txn::IsolationModel m) {
    return std::find(ms.begin(), ms.end(), m) != ms.end();
  };
  CHECK(in(rep.weakest_not, txn::IsolationModel::kRepeatableRead));
  CHECK_FALSE(in(rep.weakest_not, txn::IsolationModel::kSerializable));
  for (const auto& o : rep.outcomes) {
    if (o.model == txn::IsolationModel::kSnapshotIsolation) CHECK(o.holds);
    if (o.model == txn::IsolationModel::kSerializable) {
      CHECK_FALSE(o.holds);
      REQUIRE(o.ruled_out_by);
      CHECK(txn::anomaly_name(*o.ruled_out_by) == "G2-item");
    }
  }
  CHECK(s.verdict == Verdict::kValid);
}

TEST_CASE("list-append G1a, G1b, internal, incompatible-order, duplicates, garbage") {
  SECTION("G1a") {
    History h = read_text(ok(0, "[:append :x 1]", "fail") + ok(1, "[:r :x [1]]"));
    CheckResult r = check(h, "read-committed");
    REQUIRE(r.verdict == Verdict::kInvalid);
    const txn::Violation* v = violation(r, "G1a");
    REQUIRE(v);
    CHECK(v->ops == std::vector<uint32_t>{0, 1});
    CHECK(v->minimal);
    CHECK(check(h, "read-uncommitted").verdict == Verdict::kValid);
  }
  SECTION("G1b") {
    History h = read_text(ok(0, "[:append :x 1] [:append :x 2]") + ok(1, "[:r :x [1]]"));
    CHECK(has(check(h, "read-committed"), "G1b"));
  }
  SECTION("internal") {
    History h = read_text(ok(0, "[:append :x 1] [:r :x []]"));
    CheckResult r = check(h, "serializable");
    CHECK(r.verdict == Verdict::kInvalid);
    CHECK(has(r, "internal"));
    CHECK(check(h, "read-committed").verdict == Verdict::kValid);
  }
  SECTION("incompatible-order") {
    History h = read_text(ok(0, "[:append :x 1]") + ok(1, "[:append :x 2]") +
                          ok(2, "[:r :x [1 2]]") + ok(3, "[:r :x [2 1]]"));
    CheckResult r = check(h, "read-committed");
    CHECK(r.verdict == Verdict::kInvalid);
    CHECK(has(r, "incompatible-order"));
  }
  SECTION("duplicate elements") {
    History h = read_text(ok(0, "[:append :x 1]") + ok(1, "[:r :x [1 1]]"));
    CheckResult r = check(h, "read-uncommitted");
    CHECK(r.verdict == Verdict::kInvalid);
    CHECK(has(r, "duplicate-elements"));
  }
  SECTION("garbage") {
    History h = read_text(ok(0, "[:append :x 1]") + ok(1, "[:r :x [1 5]]"));
    CheckResult r = check(h, "read-uncommitted");
    CHECK(r.verdict == Verdict::kInvalid);
    CHECK(has(r, "garbage-read"));
  }
}

TEST_CASE("rw-register: w x1, r x2 is not strict-serializable (jepsen-io/elle#8)") {
  History h = read_text(invoke(0, "[:w :x 1]") + ok(0, "[:w :x 1]") + invoke(0, "[:r :x nil]") +
                        ok(0, "[:r :x 2]"));
  CheckResult r = check(h, "strict-serializable", "rw-register");
  REQUIRE(r.verdict == Verdict::kInvalid);
  CHECK(has(r, "garbage-read"));
  CHECK(check(h, "strongest", "rw-register").verdict == Verdict::kInvalid);
}

TEST_CASE("rw-register: a stale read is G-single-realtime, or -process on one process") {
  std::string text = ok(0, "[:w :x 1]") + ok(1, "[:r :x nil]");
  History h = read_text(text);
  CHECK(check(h, "serializable", "rw-register").verdict == Verdict::kValid);
  CHECK(check(h, "strong-session-serializable", "rw-register").verdict == Verdict::kValid);
  CheckResult r = check(h, "strict-serializable", "rw-register");
  REQUIRE(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "G-single-realtime");
  REQUIRE(v);
  REQUIRE(v->cycle.size() == 2);
  CHECK(v->minimal);

  History same = read_text(ok(0, "[:w :x 1]") + ok(0, "[:r :x nil]"));
  CheckResult s = check(same, "strong-session-serializable", "rw-register");
  REQUIRE(s.verdict == Verdict::kInvalid);
  CHECK(has(s, "G-single-process"));
}

TEST_CASE("rw-register: lost update and G1c") {
  History lost =
      read_text(ok(0, "[:r :x 0] [:w :x 1]") + ok(1, "[:r :x 0] [:w :x 2]") + ok(2, "[:w :x 0]"));
  // x = 0 is written by the third transaction; both read it and overwrote it.
  CheckResult r = check(lost, "repeatable-read", "rw-register");
  CHECK(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "lost-update");
  REQUIRE(v);
  CHECK(v->ops == std::vector<uint32_t>{0, 1, 2});
  CHECK(v->minimal);

  History g1c = read_text(ok(0, "[:w :x 1] [:r :y 2]") + ok(1, "[:w :y 2] [:r :x 1]"));
  CheckResult c = check(g1c, "read-committed", "rw-register");
  CHECK(c.verdict == Verdict::kInvalid);
  CHECK(has(c, "G1c"));
}

TEST_CASE("a serial history is strict-serializable, the strongest model") {
  History h = read_text(ok(0, "[:append :x 1] [:r :x [1]]") + ok(1, "[:r :x [1]] [:append :y 2]") +
                        ok(0, "[:r :y [2]] [:r :x [1]]"));
  CheckResult r = check(h, "strongest");
  CHECK(r.verdict == Verdict::kValid);
  REQUIRE(r.transactions);
  CHECK(r.transactions->violations.empty());
  REQUIRE(r.transactions->strongest.size() == 1);
  CHECK(r.transactions->strongest[0] == txn::IsolationModel::kStrictSerializable);
  CHECK(r.transactions->weakest_not.empty());
}

TEST_CASE("JSON micro-ops as elle-cli writes them") {
  std::string text =
      "{\"type\":\"ok\",\"f\":\"txn\",\"process\":0,\"value\":[[\"append\",\"x\",1],[\"append\","
      "\"y\",1]]}\n"
      "{\"type\":\"ok\",\"f\":\"txn\",\"process\":1,\"value\":[[\"append\",\"x\",2],[\"append\","
      "\"y\",2]]}\n"
      "{\"type\":\"ok\",\"f\":\"txn\",\"process\":2,\"value\":[[\"r\",\"x\",[1,2]],[\"r\",\"y\",[2,"
      "1]]]}\n";
  History h = read_text(text, "t.jsonl");
  CheckResult r = check(h, "serializable");
  CHECK(r.verdict == Verdict::kInvalid);
  CHECK(has(r, "G0"));
}

TEST_CASE("malformed micro-ops are errors at their line") {
  History h = read_text(ok(0, "[:append :x 1]") + ok(1, "[:frob :x 1]"));
  CheckResult r = check(h, "serializable");
  REQUIRE(r.error);
  CHECK(r.error->line == 2);
  CHECK(r.error->message.find(":append or :r") != std::string::npos);
  History bad = read_text(ok(0, "[:append :x]"));
  REQUIRE(check(bad, "serializable").error);
  History notxn = read_text("{:type :ok, :f :read, :process 0, :value 1}\n");
  REQUIRE(check(notxn, "serializable").error);
}

TEST_CASE("the lattice: implications and forbidden anomalies") {
  using M = txn::IsolationModel;
  using A = txn::Anomaly;
  CHECK(txn::implies(M::kStrictSerializable, M::kReadUncommitted));
  CHECK(txn::implies(M::kSerializable, M::kSnapshotIsolation));
  CHECK_FALSE(txn::implies(M::kSnapshotIsolation, M::kRepeatableRead));
  CHECK_FALSE(txn::implies(M::kSerializable, M::kStrongSessionReadUncommitted));
  CHECK(txn::forbids(M::kSnapshotIsolation, A::kGSingle));
  CHECK_FALSE(txn::forbids(M::kSnapshotIsolation, A::kG2Item));
  CHECK(txn::forbids(M::kRepeatableRead, A::kG2Item));
  CHECK(txn::forbids(M::kRepeatableRead, A::kGSingle));  // G-single is a G2-item here
  CHECK_FALSE(txn::forbids(M::kSerializable, A::kGSingleRealtime));
  CHECK(txn::forbids(M::kStrictSerializable, A::kG0Process));
  CHECK(txn::forbids(M::kReadCommitted, A::kIncompatibleOrder));
  CHECK_FALSE(txn::forbids(M::kReadCommitted, A::kInternal));
  CHECK(txn::parse_isolation("PL-3") == M::kSerializable);
  CHECK_FALSE(txn::parse_isolation("linearizable"));
  for (M m : txn::all_isolation_models()) {
    CHECK(txn::parse_isolation(txn::isolation_name(m)) == m);
    CHECK(txn::forbids(m, A::kG0));  // every model is at least read-uncommitted
  }
}

TEST_CASE("rw-register: process order orders versions (ligurio/elle-cli#47)") {
  // P1 and P2 read nil, P1 writes 100, P2 writes 200, P1 reads 200, P2 reads 100.
  History h = read_text(invoke(1, "[:r :x nil]") + ok(1, "[:r :x nil]") + invoke(2, "[:r :x nil]") +
                        ok(2, "[:r :x nil]") + invoke(1, "[:w :x 100]") + ok(1, "[:w :x 100]") +
                        invoke(2, "[:w :x 200]") + ok(2, "[:w :x 200]") + invoke(1, "[:r :x nil]") +
                        ok(1, "[:r :x 200]") + invoke(2, "[:r :x nil]") + ok(2, "[:r :x 100]"));
  // Serializable: w100, r100 (P2), w200, r200 (P1) after the two nil reads.
  CHECK(check(h, "serializable", "rw-register").verdict == Verdict::kValid);
  CheckResult r = check(h, "strong-session-serializable", "rw-register");
  REQUIRE(r.verdict == Verdict::kInvalid);
  REQUIRE(r.counterexample);
  CHECK(r.counterexample->explanation.find("later on the same process") != std::string::npos);
  const txn::Violation* v =
      r.transactions->violations.empty() ? nullptr : &r.transactions->violations[0];
  REQUIRE(v);
  CHECK(std::string(txn::anomaly_name(v->anomaly)).find("-process") != std::string::npos);
  CHECK(v->minimal);
  CHECK(check(h, "strict-serializable", "rw-register").verdict == Verdict::kInvalid);
}

TEST_CASE("a search cut short by the state limit is unknown, never valid") {
  // Write skew: the G-single search (which finds nothing) runs out before
  // the G2-item search.
  History h = read_text(ok(0, "[:r :x []] [:append :y 1]") + ok(1, "[:r :y []] [:append :x 1]") +
                        ok(2, "[:r :x [1]] [:r :y [1]]"));
  CheckOptions o;
  o.model = "list-append";
  o.isolation = "serializable";
  o.max_states = 1;
  Budget budget = Budget::for_check(o, Budget::Clock::now());
  CheckResult r = txn::check(h, o, budget);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "state limit");
  CHECK(check(h, "serializable").verdict == Verdict::kInvalid);
}

TEST_CASE("list-append G-nonadjacent: two rw edges apart; SI fails, consistent-view holds") {
  History h = read_text(ok(0, "[:r :x []] [:r :w [1]]") + ok(1, "[:append :x 1] [:append :z 1]") +
                        ok(2, "[:r :z [1]] [:r :y []]") + ok(3, "[:append :y 1] [:append :w 1]"));
  CHECK(check(h, "consistent-view").verdict == Verdict::kValid);
  CHECK(check(h, "repeatable-read").verdict == Verdict::kInvalid);
  CheckResult r = check(h, "snapshot-isolation");
  REQUIRE(r.verdict == Verdict::kInvalid);
  const txn::Violation* v = violation(r, "G-nonadjacent");
  REQUIRE(v);
  REQUIRE(v->cycle.size() == 4);
  std::vector<txn::Edge::Kind> kinds;
  for (const auto& e : v->cycle) kinds.push_back(e.kind);
  using K = txn::Edge::Kind;
  CHECK(kinds == std::vector<K>{K::kRW, K::kWR, K::kRW, K::kWR});
  CHECK(v->ops == std::vector<uint32_t>{0, 1, 2, 3});
  CHECK(v->minimal);
}
