// The exact fifo-queue procedure (checkers/models/fifo_queue_fast.cc) on
// hand-made histories whose answer a plausible shortcut gets wrong: an empty
// dequeue that must go before a value that is ready, a value that must go
// before a ready one with a later dequeue, a crashed dequeue that must take
// a value and one that comes too late, the pair patterns of Henzinger et al.
// Each is checked with the fast path on and off: the verdicts must agree and
// the fast procedure must have decided (or declined for the documented
// shape).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "fast_check.h"

namespace {

constexpr const char* kProcedure = "fifo-queue: unique values (decrease and conquer)";

// One operation with its times. `out` is an ok dequeue's result ("null":
// empty); a crashed op has status "info" and, with end < 0, no completion.
struct Op {
  const char* f;
  const char* in;
  const char* out;
  int start, end;
  const char* status = "ok";
};

std::string render(const std::vector<Op>& ops) {
  struct Event {
    int time, kind;  // kind 0: invoke, 1: completion (after invokes at one time)
    size_t op;
  };
  std::vector<Event> events;
  for (size_t i = 0; i < ops.size(); ++i) {
    events.push_back({ops[i].start, 0, i});
    if (ops[i].end >= 0) events.push_back({ops[i].end, 1, i});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.time != b.time ? a.time < b.time : a.kind < b.kind;
  });
  std::string text;
  for (const Event& e : events) {
    const Op& op = ops[e.op];
    bool invoke = e.kind == 0;
    std::string type = invoke ? "invoke" : op.status;
    std::string value = invoke || type != "ok" ? op.in : op.out;
    text += "{\"process\": " + std::to_string(e.op) + ", \"type\": \"" + type + "\", \"f\": \"" +
            op.f + "\", \"value\": " + value + ", \"time\": " + std::to_string(e.time) + "}\n";
  }
  return text;
}

using Outcome = ariadne_test::FastCheck;

Outcome check(const std::string& text, bool fast_path, bool shrink = false) {
  return ariadne_test::fast_check("fifo-queue", text, fast_path, shrink);
}

// The fast procedure decides `expected`, and so does the search.
void require_decided(const std::vector<Op>& ops, ariadne::Verdict expected) {
  std::string text = render(ops);
  INFO(text);
  Outcome fast = check(text, true);
  CHECK(fast.procedure == kProcedure);
  CHECK(fast.declined.empty());
  CHECK(fast.verdict == expected);
  CHECK(check(text, false).verdict == expected);
}

const ariadne::Verdict kValid = ariadne::Verdict::kValid;
const ariadne::Verdict kInvalid = ariadne::Verdict::kInvalid;

}  // namespace

TEST_CASE("an empty dequeue that can go first goes before a ready value", "[fast][fifo-queue]") {
  // v could go first, but then the empty dequeue follows v's dequeue (>= 50)
  // and x's enqueue (ends at 20) cannot follow it. Empty, v, x is a
  // linearization.
  std::vector<Op> ops = {{"dequeue", "null", "null", 0, 60},  // empty
                         {"enqueue", "1", "1", 0, 100},       // v
                         {"dequeue", "null", "1", 50, 100},
                         {"enqueue", "2", "2", 10, 20},  // x
                         {"dequeue", "null", "2", 70, 80}};
  require_decided(ops, kValid);
  ops[3].start = 65;  // x's enqueue after the empty dequeue returned: still valid
  ops[3].end = 68;
  require_decided(ops, kValid);
  ops[4].start = 90;  // x's dequeue after v's returned: v then x
  ops[4].end = 95;
  require_decided(ops, kValid);
  ops[2].start = 96;  // v's dequeue after x's: out of order (v ahead of x for certain)
  ops[2].end = 99;
  ops[1].end = 50;
  require_decided(ops, kInvalid);
}

TEST_CASE("of two ready values the one whose dequeue can go earliest goes first",
          "[fast][fifo-queue]") {
  // x, v are both ready; x must leave before the empty dequeue (its enqueue
  // ends before the empty one begins), and v need not. Putting v first
  // pushes the empty dequeue past w's enqueue. x, empty, v, w is one.
  std::vector<Op> ops = {
      {"enqueue", "1", "1", 0, 10},                                            // x
      {"dequeue", "null", "1", 0, 200},  {"dequeue", "null", "null", 20, 30},  // empty
      {"enqueue", "2", "2", 0, 100},                                           // v
      {"dequeue", "null", "2", 25, 100}, {"enqueue", "3", "3", 22, 24},        // w
      {"dequeue", "null", "3", 40, 50}};
  require_decided(ops, kValid);
  ops[3].end = 21;  // v ahead of w for certain, and v's dequeue after w's: invalid
  ops[4].start = 55;
  require_decided(ops, kInvalid);
}

TEST_CASE("a crashed dequeue takes a value nobody dequeued so that a later one can leave",
          "[fast][fifo-queue]") {
  std::vector<Op> ops = {{"enqueue", "1", "1", 0, 10},   // a: nobody dequeues it
                         {"enqueue", "2", "2", 20, 30},  // b: behind a for certain
                         {"dequeue", "null", "2", 40, 50},
                         {"dequeue", "null", "null", 35, -1, "info"}};
  require_decided(ops, kValid);  // the crashed dequeue took a at 35..40
  ops[3].start = 60;             // now it begins after b left
  require_decided(ops, kInvalid);
  ops[3].end = 70;  // completed as info: the same
  require_decided(ops, kInvalid);
  ops.pop_back();  // and with no crashed dequeue at all
  require_decided(ops, kInvalid);
}

TEST_CASE("crashed dequeues take values in FIFO order, earliest invoked first",
          "[fast][fifo-queue]") {
  // a and b must both be taken before c leaves; two crashed dequeues can,
  // one invoked early and one late.
  std::vector<Op> ops = {{"enqueue", "1", "1", 0, 10},   // a
                         {"enqueue", "2", "2", 0, 10},   // b
                         {"enqueue", "3", "3", 20, 30},  // c
                         {"dequeue", "null", "3", 40, 50},
                         {"dequeue", "null", "null", 5, -1, "info"},
                         {"dequeue", "null", "null", 38, -1, "info"}};
  require_decided(ops, kValid);
  ops[5].start = 55;  // the second comes too late
  require_decided(ops, kInvalid);
  ops[5].start = 38;  // an empty dequeue after c left: the queue is empty then
  ops.push_back({"dequeue", "null", "null", 60, 70});
  require_decided(ops, kValid);
  ops.push_back({"enqueue", "4", "4", 52, 54});  // d stays for good, before the empty one
  require_decided(ops, kInvalid);
}

TEST_CASE("a crashed enqueue counts when its value is dequeued, else not", "[fast][fifo-queue]") {
  std::vector<Op> ops = {{"enqueue", "1", "1", 0, -1, "info"},  // dequeued below: took effect
                         {"enqueue", "2", "2", 5, -1, "info"},  // never dequeued: left out
                         {"dequeue", "null", "1", 10, 20},
                         {"dequeue", "null", "null", 30, 40}};
  require_decided(ops, kValid);
  ops.push_back({"enqueue", "3", "3", 1, 2});  // ahead of 1 for certain: never left
  require_decided(ops, kInvalid);
}

TEST_CASE("the pair patterns of queue violations are invalid", "[fast][fifo-queue]") {
  // Henzinger et al. (CONCUR 2013): x enqueued before y, y dequeued before x.
  std::vector<Op> order = {{"enqueue", "1", "1", 0, 10},
                           {"enqueue", "2", "2", 20, 30},
                           {"dequeue", "null", "2", 40, 50},
                           {"dequeue", "null", "1", 60, 70}};
  require_decided(order, kInvalid);
  order[3].start = 45;  // overlapping dequeues: 1 can leave first
  require_decided(order, kValid);
  // An empty dequeue while a value is in for certain.
  std::vector<Op> witness = {{"enqueue", "1", "1", 0, 10},
                             {"dequeue", "null", "null", 20, 30},
                             {"dequeue", "null", "1", 40, 50}};
  require_decided(witness, kInvalid);
  witness[2].start = 25;
  require_decided(witness, kValid);
  // A value dequeued before it was enqueued; a value no one enqueued.
  require_decided({{"dequeue", "null", "1", 0, 10}, {"enqueue", "1", "1", 20, 30}}, kInvalid);
  require_decided({{"dequeue", "null", "7", 0, 10}}, kInvalid);
}

TEST_CASE("when its first choice may be wrong the procedure tries the other once",
          "[fast][fifo-queue]") {
  // v is ready with its dequeue invoked after the empty dequeue began; u,
  // which nobody dequeued, is ready too and a crashed dequeue could take it.
  // Placing v first gets stuck; taking u first builds u, empty, v, w.
  std::vector<Op> ops = {{"enqueue", "1", "1", 0, 10},  // u
                         {"dequeue", "null", "null", 0, -1, "info"},
                         {"dequeue", "null", "null", 20, 60},  // empty
                         {"enqueue", "2", "2", 0, 100},        // v
                         {"dequeue", "null", "2", 50, 100},    // line 8
                         {"enqueue", "3", "3", 25, 30},        // w
                         {"dequeue", "null", "3", 70, 80}};
  require_decided(ops, kValid);

  // Both tries get stuck: later, a' (nobody dequeued it) is ahead of b' for
  // certain and b' left, so a crashed dequeue must take a' too, but the only
  // one must take u before the empty dequeue. Invalid, yet neither the bag
  // check nor the pair patterns prove it: the procedure declines, naming
  // the dequeue where it could not tell.
  ops.push_back({"enqueue", "4", "4", 200, 210});
  ops.push_back({"enqueue", "5", "5", 220, 230});
  ops.push_back({"dequeue", "null", "5", 240, 250});
  std::string text = render(ops);
  INFO(text);
  Outcome fast = check(text, true);
  CHECK(fast.verdict == kInvalid);
  CHECK(fast.procedure.empty());
  CHECK(fast.declined ==
        "a crashed dequeue could take a value no ok dequeue returned ahead of the dequeue of line "
        "8, which may have to follow an empty dequeue; the procedure cannot tell which goes "
        "first");
  CHECK(check(text, false).verdict == kInvalid);
}

TEST_CASE("a violation only the procedure proves shrinks to its three operations",
          "[fast][fifo-queue]") {
  // a nobody dequeued is ahead of b for certain; b left before the crashed
  // dequeue began. Neither the bag check nor the pair patterns prove it
  // (a crashed dequeue exists); the counterexample is a, b and b's dequeue,
  // among unrelated traffic.
  std::vector<Op> ops = {{"enqueue", "1", "1", 0, 10},
                         {"enqueue", "2", "2", 20, 30},
                         {"dequeue", "null", "2", 40, 50},
                         {"dequeue", "null", "null", 60, -1, "info"}};
  for (int k = 0; k < 6; ++k) {
    static const char* values[] = {"10", "11", "12", "13", "14", "15"};
    ops.push_back({"enqueue", values[k], values[k], 100 + 20 * k, 105 + 20 * k});
    ops.push_back({"dequeue", "null", values[k], 110 + 20 * k, 115 + 20 * k});
  }
  std::string text = render(ops);
  INFO(text);
  Outcome fast = check(text, true, true);
  REQUIRE(fast.verdict == kInvalid);
  CHECK(fast.procedure == kProcedure);
  REQUIRE(fast.result.counterexample);
  const ariadne::Counterexample& cx = *fast.result.counterexample;
  CHECK(cx.minimal);
  std::vector<uint32_t> lines;  // of the ops' invokes
  for (uint32_t i : cx.ops) lines.push_back(fast.history.first_event(fast.history.ops[i]).line);
  CHECK(lines == std::vector<uint32_t>{1, 3, 5});
}
