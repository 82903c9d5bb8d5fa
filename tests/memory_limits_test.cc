// Memory limits that hold: a history that needs more memory than the
// process may take is unknown (reason "memory limit"), every other history
// of the run keeps its verdict in the JSON, and checks that run at once
// share one budget.
#include <unistd.h>
#include <algorithm>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <thread>

#include "ariadne/checker.h"
#include "ariadne/generate.h"
#include "ariadne/ingest.h"
#include "run_cli.h"

namespace {

namespace fs = std::filesystem;

using cli_test::Run;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

// 30 crashed enqueues, all concurrent, then a dequeue of a value none of
// them enqueued: to refute it the search must try every order of every
// subset of the enqueues, over 30! states, each up to 30 words. The last
// two enqueue one value, so that fifo-queue's fast procedure (unique values
// only) declines and the search runs.
std::string hard_history() {
  std::ostringstream hard;
  constexpr int kCrashed = 30;
  for (int i = 0; i < kCrashed; ++i)
    hard << R"({"type":"invoke","process":)" << i << R"(,"f":"enqueue","value":)"
         << std::min(i, kCrashed - 2) << R"(,"time":)" << i << "}\n";
  hard << R"({"type":"invoke","process":99,"f":"dequeue","value":null,"time":40})"
       << "\n"
       << R"({"type":"ok","process":99,"f":"dequeue","value":999,"time":41})"
       << "\n";
  for (int i = 0; i < kCrashed; ++i)
    hard << R"({"type":"info","process":)" << i << R"(,"f":"enqueue","value":)"
         << std::min(i, kCrashed - 2) << R"(,"time":)" << 50 + i << "}\n";
  return hard.str();
}

struct Files {
  fs::path dir = fs::temp_directory_path() / ("ariadne-memory-cli-" + std::to_string(::getpid()));
  Files() {
    fs::create_directories(dir);
    write("valid.jsonl",
          R"({"type":"invoke","process":0,"f":"enqueue","value":1}
{"type":"ok","process":0,"f":"enqueue","value":1}
{"type":"invoke","process":1,"f":"dequeue","value":null}
{"type":"ok","process":1,"f":"dequeue","value":1}
)");
    write("hard.jsonl", hard_history());
    write("invalid.jsonl",
          R"({"type":"invoke","process":0,"f":"enqueue","value":1}
{"type":"ok","process":0,"f":"enqueue","value":1}
{"type":"invoke","process":0,"f":"enqueue","value":2}
{"type":"ok","process":0,"f":"enqueue","value":2}
{"type":"invoke","process":1,"f":"dequeue","value":null}
{"type":"ok","process":1,"f":"dequeue","value":2}
)");
  }
  ~Files() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  }
  std::string operator[](const std::string& name) const { return (dir / name).string(); }
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Whether a test can run the CLI under `prlimit --as`; says why not.
bool can_limit_address_space() {
  if (kAddressSanitizer) {
    WARN(
        "skipped under AddressSanitizer: its shadow memory needs terabytes of address space, "
        "so no address-space limit can be set");
    return false;
  }
  if (std::system("command -v prlimit >/dev/null 2>&1") != 0) {
    WARN("skipped: prlimit (util-linux) is not installed");
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE("under an address-space limit a hard history is unknown and the others keep theirs",
          "[cli][memory]") {
  if (!can_limit_address_space()) return;
  Files f;
  // 300 MiB of address space, whatever the machine: the default budget is
  // what is left of it. The hard history alone would need gigabytes.
  Run r = cli_test::ariadne("check --model fifo-queue --threads 1 --json - " + f["valid.jsonl"] +
                                " " + f["hard.jsonl"] + " " + f["invalid.jsonl"],
                            "/dev/null", "", "prlimit --as=314572800 ");
  CHECK(r.code == 1);  // the worst of valid, unknown and invalid
  std::vector<std::string> json = lines(r.out);
  REQUIRE(json.size() == 3);
  CHECK(json[0].find("\"verdict\":\"valid\"") != std::string::npos);
  CHECK(json[1].find("\"verdict\":\"unknown\",\"reason\":\"memory limit on the history") !=
        std::string::npos);
  CHECK(json[1].find(" budget\"") != std::string::npos);  // says how much
  CHECK(json[2].find("\"verdict\":\"invalid\"") != std::string::npos);
  CHECK(json[2].find("\"counterexample\":{\"operations\":3,") != std::string::npos);
  for (const std::string& line : json) {
    CHECK(line.front() == '{');
    CHECK(line.back() == '}');
    CHECK(line.find("\"peak_bytes\":") != std::string::npos);
  }
}

TEST_CASE("an allocation that fails ends that history's check only", "[cli][memory]") {
  if (!can_limit_address_space()) return;
  Files f;
  // A budget far above the address space left: the search's own
  // allocations fail (std::bad_alloc) before the budget says no.
  Run r = cli_test::ariadne("check --model fifo-queue --threads 1 --max-memory 100G " +
                                f["valid.jsonl"] + " " + f["hard.jsonl"] + " " + f["invalid.jsonl"],
                            "/dev/null", "", "prlimit --as=314572800 ");
  CHECK(r.code == 1);
  std::vector<std::string> text = lines(r.out);
  REQUIRE(text.size() >= 3);
  CHECK(text[0] == f["valid.jsonl"] + "\tvalid");
  CHECK(text[1].rfind(f["hard.jsonl"] + "\tunknown\tmemory limit: out of memory", 0) == 0);
  CHECK(text[2] == f["invalid.jsonl"] + "\tinvalid");
}

TEST_CASE("--max-memory is one budget: a hard history does not take the others' share away",
          "[cli][memory]") {
  Files f;
  Run r = cli_test::ariadne("check --model fifo-queue --threads 1 --max-memory 40M --json - " +
                            f["valid.jsonl"] + " " + f["hard.jsonl"] + " " + f["invalid.jsonl"]);
  CHECK(r.code == 1);
  std::vector<std::string> json = lines(r.out);
  REQUIRE(json.size() == 3);
  CHECK(json[0].find("\"verdict\":\"valid\"") != std::string::npos);
  CHECK(json[1].find("\"verdict\":\"unknown\",\"reason\":\"memory limit on the history") !=
        std::string::npos);
  CHECK(json[1].find(" of its 36.0 MiB budget\"") != std::string::npos);
  CHECK(json[2].find("\"verdict\":\"invalid\"") != std::string::npos);
}

TEST_CASE("checks that run at once take from one budget", "[memory]") {
  ariadne::ReadResult read = ariadne::read_history_buffer(hard_history(), "hard", {});
  REQUIRE(read.ok());
  ariadne::CheckOptions o;
  o.model = "fifo-queue";
  o.threads = 1;
  constexpr uint64_t kLimit = uint64_t{32} << 20;
  o.memory = std::make_shared<ariadne::MemoryBudget>(kLimit);
  ariadne::CheckResult a, b;
  std::thread other([&] { b = ariadne::check(read.history, o); });
  a = ariadne::check(read.history, o);
  other.join();
  for (const ariadne::CheckResult* r : {&a, &b}) {
    CHECK(r->verdict == ariadne::Verdict::kUnknown);
    CHECK(r->reason.rfind("memory limit on the history", 0) == 0);
    CHECK(r->peak_bytes <= kLimit + (uint64_t{1} << 20));
  }
  // Both searches filled the shared budget, and never passed it (but for the
  // histories' own events, charged on top: well under 1 MiB here).
  CHECK(o.memory->peak() > kLimit / 2);
  CHECK(o.memory->peak() <= kLimit + (uint64_t{1} << 20));
  CHECK(o.memory->held() == 0);
}

// The reader reserves room for the records it may find; a check charges a
// history for the events it holds, so that --max-memory counts the same
// history the same however many threads read it. One thread used to
// reserve an event per 10 bytes of input (about 10 times the events of a
// generated history), and the check charged all of it.
TEST_CASE("a history is charged for its events, not for the room its reader reserved", "[memory]") {
  ariadne::GenerateOptions g;
  g.model = "register";
  g.ops = 40000;
  g.crash_rate = 0.1;
  g.unique_values = true;
  std::ostringstream text;
  ariadne::generate(g, text);
  REQUIRE(text.str().size() >= (size_t{4} << 20));  // two threads read it in chunks
  ariadne::ReadOptions one, two;
  one.threads = 1;
  two.threads = 2;
  ariadne::ReadResult a = ariadne::read_history_buffer(text.str(), "one", one);
  ariadne::ReadResult b = ariadne::read_history_buffer(text.str(), "two", two);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a.history.events.size() == b.history.events.size());
  CHECK(a.history.events.capacity() <= a.history.events.size() * 5 / 4 + 1024);

  ariadne::CheckOptions o;
  o.model = "register";
  o.threads = 1;
  o.shrink = false;
  ariadne::CheckResult rb = ariadne::check(b.history, o);
  REQUIRE(rb.verdict == ariadne::Verdict::kValid);
  ariadne::CheckResult ra = ariadne::check(a.history, o);
  CHECK(ra.verdict == ariadne::Verdict::kValid);
  CHECK(ra.peak_bytes == rb.peak_bytes);
  // What two threads' history needed, with room to spare, is enough for
  // one thread's.
  o.memory = std::make_shared<ariadne::MemoryBudget>(rb.peak_bytes * 3 / 2);
  ra = ariadne::check(a.history, o);
  INFO(ra.reason);
  CHECK(ra.verdict == ariadne::Verdict::kValid);
}
