// ariadne/memory.h — one memory budget for everything a run checks at once,
// and how much memory the process may still take.
//
// A MemoryBudget counts bytes. The checkers' big structures (search caches,
// search stacks, prepared operations) take() their size before they
// allocate and give() it back when they free. Budgets nest: each check takes
// from its own budget, which takes from its parent (the run's), so one limit
// holds for every file, partition and thread of a run while each check keeps
// its own high-water mark (CheckResult::peak_bytes).
//
// A refused take() leaves nothing taken at any level and marks only the
// budget it was called on as refused: the check that asked stops with
// verdict unknown, and the other checks sharing the parent go on. Which
// check is refused when several compete for the last bytes depends on
// timing; a limit that one check alone exceeds refuses that check.
//
// Thread safety: every member may be called concurrently. A budget must
// outlive the budgets nested in it.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ariadne {

class MemoryBudget {
 public:
  static constexpr uint64_t kUnlimited = UINT64_MAX;

  // `limit`: the most this budget may hold at once (kUnlimited: only the
  // parent's limit applies). `parent` may be null.
  explicit MemoryBudget(uint64_t limit, MemoryBudget* parent = nullptr)
      : limit_(limit), parent_(parent) {}
  // Gives back to the ancestors whatever this budget still holds.
  ~MemoryBudget();
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Takes `bytes` here and in every ancestor, or nothing when any of them
  // would exceed its limit (then refused() becomes true here).
  bool take(uint64_t bytes);
  // Takes `bytes` here and in every ancestor even past a limit: for memory
  // already in use (a history that was read). Later takes see less room.
  void charge(uint64_t bytes);
  // REQUIRES: `bytes` were taken (and not given back) on this budget.
  void give(uint64_t bytes);

  uint64_t limit() const { return limit_; }
  // The least limit of this budget and its ancestors.
  uint64_t effective_limit() const;
  uint64_t held() const { return held_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  bool refused() const { return refused_.load(std::memory_order_relaxed); }
  // The first refused request, what this budget and the outermost one held
  // then, and the least limit: "refused 8.0 MiB more; this check held
  // 200.0 MiB, the run 268.0 MiB of its 270.0 MiB budget". REQUIRES: refused().
  std::string refusal() const;

 private:
  bool take_here(uint64_t bytes);

  const uint64_t limit_;
  MemoryBudget* const parent_;
  std::atomic<uint64_t> held_{0};
  std::atomic<uint64_t> peak_{0};
  std::atomic<bool> refused_{false};
  std::atomic<uint64_t> refused_bytes_{0}, held_at_refusal_{0}, run_held_at_refusal_{0};
};

// Takes `bytes` from a budget for as long as it lives.
class MemoryCharge {
 public:
  MemoryCharge(MemoryBudget& budget, uint64_t bytes)
      : budget_(budget), bytes_(bytes), ok_(budget.take(bytes)) {}
  ~MemoryCharge() {
    if (ok_) budget_.give(bytes_);
  }
  MemoryCharge(const MemoryCharge&) = delete;
  MemoryCharge& operator=(const MemoryCharge&) = delete;
  bool ok() const { return ok_; }

 private:
  MemoryBudget& budget_;
  uint64_t bytes_;
  bool ok_;
};

// "1.5 GiB", "300.0 MiB", "12 KiB", "512 B".
std::string format_bytes(uint64_t bytes);

// What limits the memory this process may still take; nullopt: no such
// limit, or it could not be read.
struct MemoryRoom {
  std::optional<uint64_t> available;  // MemAvailable in /proc/meminfo
  std::optional<uint64_t> cgroup;     // least over the process's cgroup and its
                                      // ancestors of limit minus usage (v2 or v1)
  std::optional<uint64_t> address;    // RLIMIT_AS minus VmSize
};

// The bytes a run may budget from `room`: the least of its three, less a
// quarter for what budgets do not count (allocator slack, the histories
// themselves), and under an address-space limit less `threads` x 72 MiB
// (each thread's stack and malloc arena reserve address space), at most
// half of it. 4 GiB when no limit is known.
uint64_t budget_from(const MemoryRoom& room, int threads);

// The limit of a run's budget: with max_memory (--max-memory), nine tenths
// of it (a tenth for what budgets do not count), whatever the machine;
// else budget_from(current_memory_room(), threads).
uint64_t run_budget_limit(uint64_t max_memory, int threads);

// Reads MemoryRoom from the kernel: `proc` is normally "/proc", `cgroup_fs`
// "/sys/fs/cgroup" (v2 there or under unified/, v1 under memory/);
// `rlimit_as` is getrlimit(RLIMIT_AS) (nullopt: unlimited).
MemoryRoom read_memory_room(const std::string& proc, const std::string& cgroup_fs,
                            std::optional<uint64_t> rlimit_as);
// The same for this process, with its real files and limits.
MemoryRoom current_memory_room();

// Parsers of the kernel's files, pure for tests.
// "Field:   123 kB" in /proc/meminfo or /proc/self/status, in bytes.
std::optional<uint64_t> parse_kb_field(std::string_view text, std::string_view field);
// The cgroup v2 path ("0::/a/b") or v1 memory controller path
// ("4:memory:/a/b") in /proc/self/cgroup.
std::optional<std::string> cgroup_v2_path(std::string_view text);
std::optional<std::string> cgroup_v1_memory_path(std::string_view text);
// A number in memory.max / memory.limit_in_bytes; nullopt for "max" and for
// v1's "unlimited" (any value of 2^62 or more).
std::optional<uint64_t> parse_cgroup_bytes(std::string_view text);

}  // namespace ariadne
