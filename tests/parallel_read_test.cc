// Reading a large input in parallel chunks must give exactly the history a
// sequential read gives: same events in the same order, same operations,
// same errors.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "ariadne/ingest.h"
#include "ingest/pairing.h"

using namespace ariadne;

namespace {

constexpr int64_t kBase = 1'000'000'000'000'000;

// About `bytes` of history from time `base` on: 20 processes, some crashed
// or completion-only ops, nemesis events, blank lines, and complete-
// operation records (two events from one line) if `complete`. About once
// in `disorder` lines (0: never) time jumps back before every earlier
// event, once no op is open, so that the history is well formed but
// pairing must sort it.
std::string history(size_t bytes, bool edn, int disorder, uint32_t seed, int64_t base,
                    bool complete = true) {
  std::mt19937 rng(seed);
  std::string out;
  int64_t t = base, earliest = base;
  std::vector<bool> open(20, false);
  int index = 0;
  auto line = [&](const std::string& type, int p, const std::string& v) {
    out += edn ? "{:type :" + type + ", :f :write, :value " + v + ", :process " +
                     std::to_string(p) + ", :time " + std::to_string(t) + ", :index " +
                     std::to_string(index++) + "}\n"
               : R"({"type": ")" + type + R"(", "f": "write", "value": )" + v + R"(, "process": )" +
                     std::to_string(p) + R"(, "time": )" + std::to_string(t) + R"(, "index": )" +
                     std::to_string(index++) + "}\n";
  };
  auto close_all = [&] {
    for (int p = 0; p < 20; ++p)
      if (open[p]) line("ok", p, "1"), open[p] = false;
  };
  while (out.size() < bytes) {
    if (disorder > 0 && rng() % disorder == 0) {
      close_all();
      t = earliest - 1'000'000'000'000;
      earliest = t;
    }
    t += rng() % 1000;
    int p = static_cast<int>(rng() % 20);
    std::string v = std::to_string(rng() % 100);
    if (rng() % 40 == 0) {
      out += edn ? "{:type :info, :f :kill, :process :nemesis, :time " + std::to_string(t) + "}\n"
                 : R"({"type": "info", "f": "kill", "process": "nemesis", "time": )" +
                       std::to_string(t) + "}\n";
      continue;
    }
    if (rng() % 60 == 0) out += "\n";
    if (complete && !open[p] && rng() % 30 == 0) {
      // A complete-operation record of a process with nothing open.
      std::string s = std::to_string(t), e = std::to_string(t + 500);
      out += edn ? "{:type :ok, :f :write, :value " + v + ", :process " + std::to_string(p) +
                       ", :start " + s + ", :end " + e + "}\n"
                 : R"({"type": "ok", "f": "write", "value": )" + v + R"(, "process": )" +
                       std::to_string(p) + R"(, "start": )" + s + R"(, "end": )" + e + "}\n";
      continue;
    }
    // An invoke, its completion (sometimes info), or now and then a
    // completion with no invoke.
    std::string type = open[p] ? (rng() % 10 == 0 ? "info" : "ok") : "invoke";
    if (type == "invoke" && rng() % 50 == 0) type = "ok";
    open[p] = type == "invoke";
    line(type, p, v);
  }
  close_all();
  return out;
}

ReadResult read(const std::string& text, int threads) {
  ReadOptions options;
  options.threads = threads;
  return read_history_buffer(text, "h", options);
}

void require_same(const ReadResult& a, const ReadResult& b) {
  REQUIRE(a.error.has_value() == b.error.has_value());
  if (a.error) {
    CHECK(a.error->to_string() == b.error->to_string());
    return;
  }
  REQUIRE(a.history.events.size() == b.history.events.size());
  for (size_t i = 0; i < a.history.events.size(); ++i) {
    const Event &x = a.history.events[i], &y = b.history.events[i];
    INFO("event " << i);
    REQUIRE(x.line == y.line);
    REQUIRE(x.time == y.time);
    REQUIRE(x.type == y.type);
    REQUIRE(x.flags == y.flags);
    REQUIRE(x.process == y.process);
    REQUIRE(x.value == y.value);
    REQUIRE(x.index == y.index);
  }
  REQUIRE(a.history.ops.size() == b.history.ops.size());
  for (size_t i = 0; i < a.history.ops.size(); ++i) {
    INFO("op " << i);
    REQUIRE(a.history.ops[i].invoke == b.history.ops[i].invoke);
    REQUIRE(a.history.ops[i].complete == b.history.ops[i].complete);
    REQUIRE(a.history.ops[i].status == b.history.ops[i].status);
  }
  CHECK(a.history.nemesis == b.history.nemesis);
  CHECK(a.history.timed == b.history.timed);
}

}  // namespace

TEST_CASE("a parallel read gives the sequential read's history", "[read][parallel]") {
  for (bool edn : {false, true}) {
    for (int disorder : {0, 2000}) {
      bool complete = disorder == 0;  // with them, chunks spill past their regions
      INFO((edn ? "edn" : "jsonl") << ", disorder " << disorder);
      std::string text = history(6 << 20, edn, disorder, 3, kBase, complete);
      ReadResult one = read(text, 1), four = read(text, 4);
      INFO((one.error ? one.error->to_string() : ""));
      REQUIRE_FALSE(one.error.has_value());
      CHECK(one.history.timed);
      CHECK(one.history.events.size() > 50000);
      require_same(one, four);
      for (size_t i = 1; i < one.history.events.size(); ++i)
        REQUIRE(one.history.events[i - 1].time <= one.history.events[i].time);
    }
  }
}

TEST_CASE("times that fall back only between chunks are still sorted", "[read][parallel]") {
  // Two sorted halves, the second earlier than the first: each chunk is
  // sorted, the whole is not.
  std::string text =
      history(3 << 20, false, 0, 4, 2 * kBase) + history(3 << 20, false, 0, 5, kBase);
  ReadResult one = read(text, 1), four = read(text, 4);
  REQUIRE_FALSE(one.error.has_value());
  require_same(one, four);
  CHECK(one.history.events.front().line > 1);  // the second half came first
}

TEST_CASE("an error in a late chunk is the sequential read's error", "[read][parallel]") {
  std::string text = history(5 << 20, true, 0, 6, kBase);
  size_t at = text.find('\n', text.size() * 3 / 4);
  text.insert(at + 1, "{:type :ok, :f :write, :value [1 2, :process 3}\n");
  ReadResult one = read(text, 1), four = read(text, 4);
  REQUIRE(one.error.has_value());
  require_same(one, four);
}

TEST_CASE("event summaries join in order", "[read][parallel]") {
  using ariadne::ingest::EventSummary;
  auto summary_of = [](std::initializer_list<int64_t> times, bool timed = true) {
    EventSummary s;
    for (int64_t t : times) {
      Event e;
      e.time = t;
      if (timed) e.flags |= Event::kHasTime;
      s.add(e);
    }
    return s;
  };
  EventSummary a = summary_of({1, 2, 3});
  a.append(summary_of({3, 4}));
  CHECK(a.time_sorted);
  CHECK(a.events == 5);
  CHECK(a.first_time == 1);
  CHECK(a.last_time == 4);
  a.append(summary_of({}));
  CHECK(a.last_time == 4);
  a.append(summary_of({2, 9}));  // sorted alone, not after 4
  CHECK_FALSE(a.time_sorted);
  CHECK(a.all_timed);
  EventSummary b;
  b.append(summary_of({5, 6}));
  CHECK(b.first_time == 5);
  CHECK(b.time_sorted);
  b.append(summary_of({7}, false));
  CHECK_FALSE(b.all_timed);
  CHECK_FALSE(summary_of({3, 1}).time_sorted);
}
