// The readings docs/semantics.md states, each on a small history of its
// own: where ariadne reads a history as Knossos, Porcupine, Jepsen's
// checkers or Elle do not, and, where a flag gives the other tool's
// reading, the verdict under both.
#include <catch2/catch.hpp>

#include <string>

#include "ariadne/checker.h"
#include "ariadne/ingest.h"
#include "initial_value.h"

using ariadne::Consistency;
using ariadne::Verdict;

namespace {

// The verdict of an EDN history under a model and consistency model.
std::string verdict(const std::string& edn, const std::string& model, Consistency consistency,
                    const std::string& initial = "nil") {
  ariadne::ReadResult r = ariadne::read_history_buffer(edn, "h.edn", {});
  INFO((r.error ? r.error->to_string() : std::string()));
  REQUIRE(r.ok());
  ariadne::CheckOptions o;
  o.model = model;
  o.consistency = consistency;
  o.initial = parse_initial(initial);
  o.threads = 1;
  ariadne::CheckResult c = ariadne::check(r.history, o);
  INFO((c.error ? c.error->to_string() : std::string()));
  REQUIRE_FALSE(c.error.has_value());
  return std::string(ariadne::verdict_name(c.verdict));
}

constexpr Consistency kLin = Consistency::kLinearizable;
constexpr Consistency kSeq = Consistency::kSequential;

}  // namespace

TEST_CASE("initial values: nil unless --initial, as Knossos' (register) and (register 0)",
          "[semantics]") {
  const std::string h =
      "{:process 0, :type :invoke, :f :read, :value nil}\n"
      "{:process 0, :type :ok, :f :read, :value 0}\n"
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n";
  CHECK(verdict(h, "register", kLin) == "invalid");
  CHECK(verdict(h, "register", kLin, "0") == "valid");
  CHECK(verdict(h, "cas-register", kLin, "0") == "valid");
}

// Rows whose peer reading has a flag: one history under both readings.
// Already done where the flag is specified, and not repeated here:
//  * --nil-reads any: nil_reads_test.cc, "a nil read after a write is invalid
//    by default and valid with --nil-reads any";
//  * --linearizable-sets: set_full_test.cc, "set-full: a stale element is
//    valid, and invalid with --linearizable-sets";
//  * --arbitration realtime: arbitration_test.cc, "a later write concurrent
//    with the winner may lose: valid, not with realtime".

TEST_CASE("map initial values: nil by default, each key its own with --initial as a map",
          "[semantics]") {
  // Knossos checks this with (multi-register {:x 0 :y 0}).
  const std::string h =
      "{:process 0, :type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]]}\n"
      "{:process 0, :type :ok, :f :txn, :value [[:read :x 0] [:read :y 0]]}\n"
      "{:process 1, :type :invoke, :f :txn, :value [[:write :x 1]]}\n"
      "{:process 1, :type :ok, :f :txn, :value [[:write :x 1]]}\n";
  ariadne::ReadResult r = ariadne::read_history_buffer(h, "h.edn", {});
  REQUIRE(r.ok());
  ariadne::CheckOptions o;
  o.model = "multi-register";
  o.consistency = kLin;
  o.threads = 1;
  CHECK(ariadne::check(r.history, o).verdict == Verdict::kInvalid);
  o.initial_by_key = {{ariadne::Value::keyword("x"), ariadne::Value::integer(0)},
                      {ariadne::Value::keyword("y"), ariadne::Value::integer(0)}};
  CHECK(ariadne::check(r.history, o).verdict == Verdict::kValid);
}

TEST_CASE("replicas come only from node: without it a set is judged as set-full", "[semantics]") {
  // Jepsen's own set-full test: process 0 adds 0, process 1 reads #{0}.
  const std::string clients =
      "{:process 0, :type :invoke, :f :add, :value 0}\n"
      "{:process 0, :type :ok, :f :add, :value 0}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value #{0}}\n";
  CHECK(verdict(clients, "set", Consistency::kEventual) == "valid");
  // The same operations on two replicas: n1 has no final read, so whether
  // it converged is unknown.
  const std::string replicas =
      "{:process 0, :node \"n1\", :type :invoke, :f :add, :value 0}\n"
      "{:process 0, :node \"n1\", :type :ok, :f :add, :value 0}\n"
      "{:process 1, :node \"n2\", :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :node \"n2\", :type :ok, :f :read, :value #{0}}\n";
  CHECK(verdict(replicas, "set", Consistency::kEventual) == "unknown");
}

TEST_CASE("nil reads: by default a read of nil reads the value nil", "[semantics]") {
  // Knossos' register accepts this (a nil read matches any state).
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value nil}\n";
  CHECK(verdict(h, "cas-register", kLin) == "invalid");
  CHECK(verdict(h, "cas-register", kSeq) == "valid");  // process 1 may read first
}

TEST_CASE("a failed operation did not happen, a failed cas included", "[semantics]") {
  // Porcupine's etcd harness reads this :fail cas as a cas that ran and
  // found a value other than 1: that history would not be linearizable.
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :cas, :value [1 2]}\n"
      "{:process 1, :type :fail, :f :cas, :value [1 2]}\n"
      "{:process 0, :type :invoke, :f :read, :value nil}\n"
      "{:process 0, :type :ok, :f :read, :value 1}\n";
  CHECK(verdict(h, "cas-register", kLin) == "valid");
  // A failed read constrains nothing, whatever it carries.
  const std::string read =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :fail, :f :read, :value 7}\n";
  CHECK(verdict(read, "cas-register", kLin) == "valid");
}

TEST_CASE("a crashed operation may take effect at any time after its invocation, or never",
          "[semantics]") {
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :info, :f :write, :value :timed-out}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value nil}\n"
      "{:process 2, :type :invoke, :f :read, :value nil}\n"
      "{:process 2, :type :ok, :f :read, :value 1}\n";
  CHECK(verdict(h, "register", kLin) == "valid");
  // A crashed read is dropped: its value is never checked.
  const std::string read =
      "{:process 0, :type :invoke, :f :read, :value nil}\n"
      "{:process 0, :type :info, :f :read, :value 5}\n";
  CHECK(verdict(read, "register", kLin) == "valid");
}

TEST_CASE("a process reused after a crash: its crashed op precedes none of its later ops",
          "[semantics]") {
  // Process 0's write crashes, then process 0 reads nil and process 1 reads
  // the write's 1. Knossos refuses such a history (process 0 is "already
  // running"); Jepsen would have given process 0 a new number. ariadne
  // reads it as Elle does: the crashed write is in no process order, so it
  // may take effect after process 0's read, in every model.
  // tests/reused_process_test.cc checks the causal models and `strongest`.
  const std::string h =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :info, :f :write, :value nil}\n"
      "{:process 0, :type :invoke, :f :read, :value nil}\n"
      "{:process 0, :type :ok, :f :read, :value nil}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}\n";
  CHECK(verdict(h, "register", kLin) == "valid");
  CHECK(verdict(h, "register", kSeq) == "valid");
  CHECK(verdict(h, "register", Consistency::kCausal) == "valid");
}

TEST_CASE("completion-only records are points in file order", "[semantics]") {
  // No invokes: each operation is the point where its completion appears,
  // so file order is real-time order. Elle draws no real-time edge here.
  const std::string h =
      "{:process 0, :type :ok, :f :write, :value 1}\n"
      "{:process 1, :type :ok, :f :read, :value nil}\n";
  CHECK(verdict(h, "register", kLin) == "invalid");
  CHECK(verdict(h, "register", kSeq) == "valid");
}

TEST_CASE("timed events: equal times are concurrent; untimed: file order", "[semantics]") {
  // The write completes at 5, the read is invoked at 5: closed intervals
  // overlap (Porcupine's reading). Knossos and Elle order by position.
  const std::string timed =
      "{:process 0, :type :invoke, :f :write, :value 1, :time 0}\n"
      "{:process 0, :type :ok, :f :write, :value 1, :time 5}\n"
      "{:process 1, :type :invoke, :f :read, :value nil, :time 5}\n"
      "{:process 1, :type :ok, :f :read, :value nil, :time 6}\n";
  CHECK(verdict(timed, "register", kLin) == "valid");
  const std::string untimed =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value nil}\n";
  CHECK(verdict(untimed, "register", kLin) == "invalid");
}

TEST_CASE("a dequeue that returns nil saw the queue empty", "[semantics]") {
  // Knossos' fifo-queue calls any dequeue of an empty queue inconsistent
  // (Jepsen clients record it as :fail); Jepsen's total-queue would count
  // the nil as an element never enqueued.
  const std::string h =
      "{:process 0, :type :invoke, :f :dequeue, :value nil}\n"
      "{:process 0, :type :ok, :f :dequeue, :value nil}\n"
      "{:process 0, :type :invoke, :f :enqueue, :value 1}\n"
      "{:process 0, :type :ok, :f :enqueue, :value 1}\n";
  CHECK(verdict(h, "fifo-queue", kLin) == "valid");
  CHECK(verdict(h, "unordered-queue", kLin) == "valid");
}

TEST_CASE("a counter is checked as a linearizable object, not by Jepsen's bounds", "[semantics]") {
  // Jepsen's counter checker bounds each read on its own: both reads lie
  // between the acknowledged and the attempted sum (0 and 2) when they
  // begin and end, so it calls this valid. No single order explains a read
  // of 2 followed by a read of 1 with nothing but increments.
  const std::string h =
      "{:process 0, :type :invoke, :f :add, :value 1}\n"
      "{:process 1, :type :invoke, :f :add, :value 1}\n"
      "{:process 2, :type :invoke, :f :read, :value nil}\n"
      "{:process 2, :type :ok, :f :read, :value 2}\n"
      "{:process 2, :type :invoke, :f :read, :value nil}\n"
      "{:process 2, :type :ok, :f :read, :value 1}\n"
      "{:process 0, :type :ok, :f :add, :value 1}\n"
      "{:process 1, :type :ok, :f :add, :value 1}\n";
  CHECK(verdict(h, "counter", kLin) == "invalid");
}

TEST_CASE("an enqueue never dequeued is not lost under linearizability", "[semantics]") {
  // Jepsen's total-queue calls 1 lost: acknowledged, never dequeued.
  const std::string h =
      "{:process 0, :type :invoke, :f :enqueue, :value 1}\n"
      "{:process 0, :type :ok, :f :enqueue, :value 1}\n";
  CHECK(verdict(h, "unordered-queue", kLin) == "valid");
}
