// The priority-queue's exact fast procedure (checkers/models/
// priority_queue_fast.cc) on hand-made histories with known answers: each
// checked with the fast path and with the search alone, which must agree
// with the expected verdict; which procedure decided, its witness, and the
// one shape it declines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "fast_check.h"

namespace {

constexpr const char* kExact = "priority-queue: unique elements (exact sweep)";
constexpr int64_t kNever = -1;

// One operation: [start, end] in time units; end kNever: it crashed and
// never completed; `info`: it completed as info (crashed).
struct Op {
  int process;
  const char* f;
  std::string value;  // insert: the element; extract-min: its result
  int64_t start, end;
  bool info = false;
};

std::string render(const std::vector<Op>& ops) {
  struct Event {
    int64_t at;
    int completion;  // invokes before completions at equal times
    std::string line;
  };
  std::vector<Event> events;
  for (const Op& op : ops) {
    bool insert = std::string(op.f) == "insert";
    auto line = [&](const char* type, const std::string& value, int64_t at) {
      return "{\"process\": " + std::to_string(op.process) + ", \"type\": \"" + type +
             "\", \"f\": \"" + op.f + "\", \"value\": " + value +
             ", \"time\": " + std::to_string(at) + "}\n";
    };
    events.push_back({op.start, 0, line("invoke", insert ? op.value : "null", op.start)});
    if (op.end != kNever)
      events.push_back(
          {op.end, 1,
           line(op.info ? "info" : "ok", insert || !op.info ? op.value : "null", op.end)});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.at != b.at ? a.at < b.at : a.completion < b.completion;
  });
  std::string out;
  for (const Event& e : events) out += e.line;
  return out;
}

using Outcome = ariadne_test::FastCheck;

Outcome check(const std::string& text, bool fast_path) {
  return ariadne_test::fast_check("priority-queue", text, fast_path);
}

// The fast path decides `expected` and the search agrees.
Outcome decides(const std::vector<Op>& ops, ariadne::Verdict expected) {
  std::string text = render(ops);
  INFO(text);
  Outcome fast = check(text, true);
  CHECK(fast.partition.procedure == kExact);
  CHECK(fast.verdict == expected);
  CHECK(check(text, false).verdict == expected);
  return fast;
}

}  // namespace

TEST_CASE("priority-queue exact: ties may leave in any order, a lower one never passes",
          "[fast][priority-queue]") {
  // Three elements of priority 1 extracted in the opposite order of insert.
  decides({{0, "insert", "[1, 10]", 0, 1},
           {0, "insert", "[1, 11]", 2, 3},
           {0, "insert", "[1, 12]", 4, 5},
           {1, "extract-min", "[1, 12]", 6, 7},
           {1, "extract-min", "[1, 10]", 8, 9},
           {1, "extract-min", "[1, 11]", 10, 11}},
          ariadne::Verdict::kValid);
  // [1 11] leaves while [0 10] is in for certain: a tie does not excuse it.
  Outcome o = decides({{0, "insert", "[0, 10]", 0, 1},
                       {0, "insert", "[1, 11]", 2, 3},
                       {1, "extract-min", "[1, 11]", 4, 5},
                       {1, "extract-min", "[0, 10]", 6, 7}},
                      ariadne::Verdict::kInvalid);
  CHECK(o.partition.fast_witness == std::vector<uint32_t>{0, 1, 2, 3});
}

TEST_CASE("priority-queue exact: a violation no pair of elements shows in real time",
          "[fast][priority-queue]") {
  // x (priority 1) is in from 10 until its extract begins at 100. y's
  // extract began at 5, before x was surely in, but y's insert began only
  // at 20: y left after 20 and by 40, so while x was in. No two ops of the
  // pattern "x in before y's extract began" exist; the sweep proves it.
  Outcome o = decides({{0, "insert", "[1, 1]", 0, 10},
                       {1, "extract-min", "[2, 2]", 5, 40},
                       {2, "insert", "[2, 2]", 20, 30},
                       {3, "extract-min", "[1, 1]", 100, 110}},
                      ariadne::Verdict::kInvalid);
  CHECK(o.partition.fast_witness == std::vector<uint32_t>{0, 1, 2, 3});
  // With y's insert beginning before x's returned, y may go in and out first.
  decides({{0, "insert", "[1, 1]", 0, 10},
           {1, "extract-min", "[2, 2]", 5, 40},
           {2, "insert", "[2, 2]", 8, 30},
           {3, "extract-min", "[1, 1]", 100, 110}},
          ariadne::Verdict::kValid);
}

TEST_CASE("priority-queue exact: chains of elements that must leave in turn",
          "[fast][priority-queue]") {
  // c (3) must leave before b (2) is in, b before a (1) is in: each
  // window is open, the chain fits.
  std::vector<Op> chain{{0, "insert", "[1, 1]", 0, 100}, {1, "extract-min", "[1, 1]", 110, 120},
                        {2, "insert", "[2, 2]", 0, 60},  {3, "extract-min", "[2, 2]", 50, 90},
                        {4, "insert", "[3, 3]", 0, 1},   {5, "extract-min", "[3, 3]", 40, 55}};
  decides(chain, ariadne::Verdict::kValid);
  // a surely in from 45 until 110: b's extract (50 to 90) cannot pass it.
  chain[0].end = 45;
  decides(chain, ariadne::Verdict::kInvalid);
}

TEST_CASE("priority-queue exact: a crashed extract-min takes what blocks, or nothing",
          "[fast][priority-queue]") {
  // u (0) is never extracted by an ok op; y (5) leaves after it came in.
  // A crashed extract-min invoked before may have taken u: valid.
  std::vector<Op> ops{{0, "insert", "[0, 1]", 0, 10},
                      {1, "extract-min", "", 20, kNever},
                      {2, "insert", "[5, 2]", 30, 40},
                      {2, "extract-min", "[5, 2]", 50, 60}};
  decides(ops, ariadne::Verdict::kValid);
  // Invoked only after y's extract returned, it cannot have helped.
  ops[1].start = 70;
  Outcome o = decides(ops, ariadne::Verdict::kInvalid);
  CHECK(o.partition.fast_witness == std::vector<uint32_t>{0, 1, 2});  // u, y in, y out
  // An info extract-min is the same as one that never completed.
  ops[1] = {1, "extract-min", "", 20, 25, true};
  decides(ops, ariadne::Verdict::kValid);
}

TEST_CASE("priority-queue exact: an empty extract-min after an element came in",
          "[fast][priority-queue]") {
  // u is in from 10; the extract-min at 30 finds it empty: only a crashed
  // extract-min invoked before 40 can have taken u.
  std::vector<Op> ops{{0, "insert", "[2, 1]", 0, 10},
                      {1, "extract-min", "", 20, kNever},
                      {2, "extract-min", "null", 30, 40}};
  decides(ops, ariadne::Verdict::kValid);
  ops[1].start = 50;
  Outcome o = decides(ops, ariadne::Verdict::kInvalid);
  CHECK(o.partition.fast_witness == std::vector<uint32_t>{0, 1});  // u in, the empty one
  // Two elements in, one crashed extract-min: one stays.
  ops[1].start = 20;
  ops.push_back({3, "insert", "[1, 2]", 0, 10});
  decides(ops, ariadne::Verdict::kInvalid);
}

TEST_CASE("priority-queue exact: crashed inserts take effect when read, else never",
          "[fast][priority-queue]") {
  // A crashed insert of [0 1] nobody extracted blocks nothing; one that
  // was extracted took effect.
  decides({{0, "insert", "[0, 1]", 0, kNever},
           {1, "insert", "[5, 2]", 10, 20},
           {1, "extract-min", "[5, 2]", 30, 40},
           {2, "insert", "[3, 3]", 5, 8, true},
           {1, "extract-min", "[3, 3]", 50, 60},
           {1, "extract-min", "null", 70, 80}},
          ariadne::Verdict::kValid);
}

TEST_CASE("priority-queue exact: crashed extracts spent early, not when a return needs them",
          "[fast][priority-queue]") {
  // u (1) is in from 1; a crashed extract-min is called at 2. x (5) is
  // inserted and extracted concurrently from 4; w (3) is in for certain
  // from 10 until after x's extract returned. So the crashed extract must
  // take u early, before w comes in, and x go in and out before 10.
  decides({{0, "insert", "[1, 1]", 0, 1},
           {1, "extract-min", "", 2, kNever},
           {2, "insert", "[5, 5]", 3, 100},
           {3, "extract-min", "[5, 5]", 4, 50},
           {4, "insert", "[3, 3]", 5, 10},
           {4, "extract-min", "[3, 3]", 60, 70}},
          ariadne::Verdict::kValid);
}

TEST_CASE("priority-queue exact: the declined shape is named", "[fast][priority-queue]") {
  // The history above (crashed extracts must be spent early), then one
  // where they must be saved for a lower orphan: neither way of spending
  // them fits both, so the procedure declines, and the search decides.
  std::vector<Op> ops{{0, "insert", "[1, 1]", 0, 1},
                      {1, "extract-min", "", 2, kNever},
                      {2, "insert", "[5, 5]", 3, 100},
                      {3, "extract-min", "[5, 5]", 4, 50},
                      {4, "insert", "[3, 3]", 5, 10},
                      {4, "extract-min", "[3, 3]", 60, 70},
                      // Then: u' (5) in, a crashed extract, v (2) in, y (3) out.
                      {0, "insert", "[5, 6]", 190, 195},
                      {5, "extract-min", "", 200, kNever},
                      {0, "insert", "[3, 7]", 205, 206},
                      {0, "insert", "[2, 8]", 210, 215},
                      {6, "extract-min", "[3, 7]", 220, 230},
                      {7, "extract-min", "", 240, kNever}};
  std::string text = render(ops);
  INFO(text);
  Outcome fast = check(text, true);
  CHECK(fast.partition.procedure.empty());
  CHECK(fast.partition.fast_declined.rfind("crashed extract-mins and elements", 0) == 0);
  CHECK(fast.verdict == ariadne::Verdict::kValid);
}
