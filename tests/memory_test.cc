// The memory budget (ariadne/memory.h): nesting, refusals and high-water
// marks; and the default limit, from the kernel's files parsed as text and
// read from a made-up /proc and /sys/fs/cgroup.
#include "ariadne/memory.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

using namespace ariadne;

namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

// A directory tree under the system's temporary folder, removed at the end.
struct Tree {
  std::filesystem::path root;
  Tree() {
    root = std::filesystem::temp_directory_path() /
           ("ariadne-memory-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(root);
  }
  ~Tree() { std::filesystem::remove_all(root); }
  void write(const std::string& path, const std::string& text) const {
    std::filesystem::path p = root / path;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string operator/(const std::string& path) const { return (root / path).string(); }
};

}  // namespace

TEST_CASE("a budget refuses what would pass its limit and takes nothing then", "[memory]") {
  MemoryBudget b(100);
  CHECK(b.take(60));
  CHECK_FALSE(b.refused());
  CHECK_FALSE(b.take(41));
  CHECK(b.refused());
  CHECK(b.held() == 60);
  CHECK(b.take(40));
  CHECK(b.held() == 100);
  b.give(100);
  CHECK(b.held() == 0);
  CHECK(b.peak() == 100);
}

TEST_CASE("a refusal by the run's budget stops only the check that asked", "[memory]") {
  MemoryBudget run(100);
  MemoryBudget hard(MemoryBudget::kUnlimited, &run), easy(MemoryBudget::kUnlimited, &run);
  CHECK(easy.take(10));
  CHECK(hard.take(80));
  CHECK_FALSE(hard.take(20));  // 110 > 100
  CHECK(hard.refused());
  CHECK_FALSE(easy.refused());
  CHECK(run.held() == 90);
  CHECK(hard.held() == 80);
  CHECK(hard.peak() == 80);  // the refused 20 never counted
  CHECK(hard.refusal() ==
        "refused 20 B more; this check held 80 B, the run 90 B of its 100 B budget");
  CHECK(easy.take(10));
  CHECK(run.held() == 100);
  CHECK(run.peak() == 100);
}

TEST_CASE("a check's budget gives back what it holds when it ends", "[memory]") {
  MemoryBudget run(1000);
  {
    MemoryBudget check(MemoryBudget::kUnlimited, &run);
    CHECK(check.take(300));
    check.charge(50);
    CHECK(run.held() == 350);
  }
  CHECK(run.held() == 0);
  CHECK(run.peak() == 350);
}

TEST_CASE("a charge passes the limit, and later takes see less room", "[memory]") {
  MemoryBudget run(100);
  MemoryBudget check(MemoryBudget::kUnlimited, &run);
  check.charge(120);
  CHECK(check.peak() == 120);
  CHECK_FALSE(check.take(1));
  check.give(120);
  CHECK(check.take(100));
}

TEST_CASE("a limit in the middle of a chain refuses, and leaves its parent untouched", "[memory]") {
  MemoryBudget run(1000);
  MemoryBudget mid(100, &run);
  MemoryBudget leaf(MemoryBudget::kUnlimited, &mid);
  CHECK(leaf.take(90));
  CHECK_FALSE(leaf.take(20));
  CHECK(run.held() == 90);
  CHECK(run.peak() == 90);
  CHECK(leaf.effective_limit() == 100);
}

TEST_CASE("threads taking and giving at once never pass the limit", "[memory]") {
  MemoryBudget run(1000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&run] {
      MemoryBudget mine(MemoryBudget::kUnlimited, &run);
      for (int i = 0; i < 20000; ++i) {
        if (mine.take(300)) mine.give(300);
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(run.held() == 0);
  CHECK(run.peak() <= 1000);
  CHECK(run.peak() >= 300);
}

TEST_CASE("sizes are shown in binary units", "[memory]") {
  CHECK(format_bytes(512) == "512 B");
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(300 * kMiB) == "300.0 MiB");
  CHECK(format_bytes(uint64_t{5} << 30) == "5.0 GiB");
}

TEST_CASE("kB fields of /proc/meminfo and /proc/self/status are read in bytes", "[memory]") {
  std::string meminfo =
      "MemTotal:       24731408 kB\nMemFree:         1000 kB\nMemAvailable:   19966332 kB\n";
  CHECK(parse_kb_field(meminfo, "MemAvailable") == uint64_t{19966332} * 1024);
  CHECK(parse_kb_field(meminfo, "MemFree") == uint64_t{1000} * 1024);
  CHECK_FALSE(parse_kb_field(meminfo, "Mem"));
  CHECK_FALSE(parse_kb_field(meminfo, "SwapTotal"));
  std::string status = "Name:\tariadne\nVmPeak:\t  300000 kB\nVmSize:\t  123456 kB\n";
  CHECK(parse_kb_field(status, "VmSize") == uint64_t{123456} * 1024);
  CHECK_FALSE(parse_kb_field("VmSize:\tlots kB\n", "VmSize"));
  CHECK_FALSE(parse_kb_field("VmSize:\t99999999999999999999 kB\n", "VmSize"));
}

TEST_CASE("the process's cgroup paths are found for v2, v1 and hybrid layouts", "[memory]") {
  CHECK(cgroup_v2_path("0::/user.slice/session-3.scope\n") == "/user.slice/session-3.scope");
  CHECK_FALSE(cgroup_v1_memory_path("0::/user.slice\n"));
  std::string hybrid = "9:name=systemd:/\n4:memory:/process_api/c726\n3:cpu,cpuacct:/\n0::/\n";
  CHECK(cgroup_v1_memory_path(hybrid) == "/process_api/c726");
  CHECK(cgroup_v2_path(hybrid) == "/");
  CHECK(cgroup_v1_memory_path("5:cpu,memory:/a\n") == "/a");
  CHECK_FALSE(cgroup_v1_memory_path("5:memoryx:/a\n"));
  CHECK_FALSE(cgroup_v2_path("garbage\n"));
}

TEST_CASE("cgroup limits: a number, or none for max and v1's unlimited", "[memory]") {
  CHECK(parse_cgroup_bytes("536870912\n") == uint64_t{536870912});
  CHECK_FALSE(parse_cgroup_bytes("max\n"));
  CHECK_FALSE(parse_cgroup_bytes("9223372036854771712\n"));
  CHECK_FALSE(parse_cgroup_bytes(""));
  CHECK_FALSE(parse_cgroup_bytes("12x\n"));
}

TEST_CASE("the default budget is the least room, less headroom", "[memory]") {
  MemoryRoom room;
  CHECK(budget_from(room, 2) == uint64_t{4} << 30);  // nothing known
  room.available = 1000 * kMiB;
  CHECK(budget_from(room, 2) == 750 * kMiB);
  room.cgroup = 400 * kMiB;
  CHECK(budget_from(room, 2) == 300 * kMiB);
  // An address-space limit also keeps 72 MiB per thread for stacks and arenas.
  room.address = 344 * kMiB;
  CHECK(budget_from(room, 2) == 150 * kMiB);
  // ... but never more than half of the room for them.
  room.address = 200 * kMiB;
  CHECK(budget_from(room, 64) == 75 * kMiB);
  room.address = 0;
  CHECK(budget_from(room, 2) == 0);
}

TEST_CASE("cgroup v2: the least room over the process's cgroup and its ancestors", "[memory]") {
  Tree t;
  t.write("proc/meminfo", "MemAvailable:   8388608 kB\n");
  t.write("proc/self/cgroup", "0::/ci/job\n");
  t.write("proc/self/status", "VmSize:\t  102400 kB\n");
  t.write("cg/ci/job/memory.max", "max\n");
  t.write("cg/ci/job/memory.current", "1000\n");
  t.write("cg/ci/memory.max", "536870912\n");
  t.write("cg/ci/memory.current", "134217728\n");
  MemoryRoom room = read_memory_room(t / "proc", t / "cg", std::nullopt);
  CHECK(room.available == uint64_t{8} << 30);
  CHECK(room.cgroup == 384 * kMiB);
  CHECK_FALSE(room.address);
  room = read_memory_room(t / "proc", t / "cg", 612 * kMiB);
  CHECK(room.address == 512 * kMiB);
}

TEST_CASE("cgroup v2 mounted under unified/ (hybrid layout) is read too", "[memory]") {
  Tree t;
  t.write("proc/self/cgroup", "4:memory:/\n0::/job\n");
  t.write("cg/unified/job/memory.max", "104857600\n");
  t.write("cg/unified/job/memory.current", "4857600\n");
  CHECK(read_memory_room(t / "proc", t / "cg", std::nullopt).cgroup == uint64_t{100000000});
}

TEST_CASE("cgroup v1: the host's path, else the mount's root, as in a container", "[memory]") {
  Tree t;
  t.write("proc/self/cgroup", "4:memory:/docker/abc\n");
  t.write("cg/memory/memory.limit_in_bytes", "209715200\n");
  t.write("cg/memory/memory.usage_in_bytes", "209715300\n");  // over: no room
  CHECK(read_memory_room(t / "proc", t / "cg", std::nullopt).cgroup == uint64_t{0});
  t.write("cg/memory/docker/abc/memory.limit_in_bytes", "9223372036854771712\n");
  t.write("cg/memory/docker/abc/memory.usage_in_bytes", "100\n");
  t.write("cg/memory/memory.limit_in_bytes", "1000100\n");
  t.write("cg/memory/memory.usage_in_bytes", "100\n");
  CHECK(read_memory_room(t / "proc", t / "cg", std::nullopt).cgroup == uint64_t{1000000});
}

TEST_CASE("without the kernel's files nothing is known", "[memory]") {
  Tree t;
  MemoryRoom room = read_memory_room(t / "proc", t / "cg", uint64_t{1} << 30);
  CHECK_FALSE(room.available);
  CHECK_FALSE(room.cgroup);
  CHECK(room.address == uint64_t{1} << 30);  // nothing mapped that we know of
}

TEST_CASE("--max-memory gives the run nine tenths of it, whatever the machine", "[memory]") {
  CHECK(run_budget_limit(1000 * kMiB, 8) == 900 * kMiB);
  CHECK(run_budget_limit(10, 1) == 9);
}
