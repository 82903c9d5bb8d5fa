#include "ariadne/memory.h"

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace ariadne {

namespace {

void raise_peak(std::atomic<uint64_t>& peak, uint64_t now) {
  uint64_t seen = peak.load(std::memory_order_relaxed);
  while (now > seen && !peak.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
  }
}

// Calls fn on each part of `text` between `sep`s (the last part may be
// empty) until fn returns true.
template <class Fn>
void for_each_part(std::string_view text, char sep, Fn fn) {
  for (size_t at = 0; at <= text.size();) {
    size_t end = text.find(sep, at);
    if (end == std::string_view::npos) end = text.size();
    if (fn(text.substr(at, end - at))) return;
    at = end + 1;
  }
}

}  // namespace

MemoryBudget::~MemoryBudget() {
  uint64_t left = held();
  if (left > 0 && parent_) parent_->give(left);
}

// Never lets held_ pass limit_, not even for a moment: a take that would is
// refused before it adds, so no other thread sees (or records as a peak) a
// sum that is about to be undone.
bool MemoryBudget::take_here(uint64_t bytes) {
  uint64_t now = held_.load(std::memory_order_relaxed);
  do {
    if (bytes > limit_ || now > limit_ - bytes) return false;  // over the limit, or would wrap
  } while (!held_.compare_exchange_weak(now, now + bytes, std::memory_order_relaxed));
  return true;
}

bool MemoryBudget::take(uint64_t bytes) {
  MemoryBudget* failed = nullptr;
  for (MemoryBudget* b = this; b && !failed; b = b->parent_)
    if (!b->take_here(bytes)) failed = b;
  if (failed) {
    for (MemoryBudget* b = this; b != failed; b = b->parent_)
      b->held_.fetch_sub(bytes, std::memory_order_relaxed);
    // Recorded once: the first refusal explains the verdict.
    if (!refused_.exchange(true, std::memory_order_relaxed)) {
      refused_bytes_ = bytes;
      held_at_refusal_ = held();
      const MemoryBudget* root = this;
      while (root->parent_) root = root->parent_;
      run_held_at_refusal_ = root->held();
    }
    return false;
  }
  // Peaks only after every level said yes: a refused take leaves none raised.
  for (MemoryBudget* b = this; b; b = b->parent_) raise_peak(b->peak_, b->held());
  return true;
}

void MemoryBudget::charge(uint64_t bytes) {
  for (MemoryBudget* b = this; b; b = b->parent_)
    raise_peak(b->peak_, b->held_.fetch_add(bytes, std::memory_order_relaxed) + bytes);
}

void MemoryBudget::give(uint64_t bytes) {
  for (MemoryBudget* b = this; b; b = b->parent_)
    b->held_.fetch_sub(bytes, std::memory_order_relaxed);
}

uint64_t MemoryBudget::effective_limit() const {
  uint64_t least = limit_;
  for (const MemoryBudget* b = parent_; b; b = b->parent_) least = std::min(least, b->limit_);
  return least;
}

std::string MemoryBudget::refusal() const {
  return "refused " + format_bytes(refused_bytes_.load()) + " more; this check held " +
         format_bytes(held_at_refusal_.load()) + ", the run " +
         format_bytes(run_held_at_refusal_.load()) + " of its " + format_bytes(effective_limit()) +
         " budget";
}

std::string format_bytes(uint64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 6) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  return buf;
}

uint64_t budget_from(const MemoryRoom& room, int threads) {
  constexpr uint64_t kNoLimit = uint64_t{4} << 30;
  constexpr uint64_t kPerThread = uint64_t{72} << 20;
  uint64_t least = UINT64_MAX;
  if (room.available) least = std::min(least, *room.available);
  if (room.cgroup) least = std::min(least, *room.cgroup);
  if (room.address) {
    uint64_t reserve = std::min<uint64_t>(kPerThread * std::max(threads, 1), *room.address / 2);
    least = std::min(least, *room.address - reserve);
  }
  if (least == UINT64_MAX) return kNoLimit;
  return least - least / 4;
}

uint64_t run_budget_limit(uint64_t max_memory, int threads) {
  if (max_memory > 0) return max_memory - max_memory / 10;
  return budget_from(current_memory_room(), threads);
}

std::optional<uint64_t> parse_kb_field(std::string_view text, std::string_view field) {
  std::optional<uint64_t> bytes;
  bool found = false;
  for_each_part(text, '\n', [&](std::string_view line) {
    if (!line.starts_with(field) || line.size() <= field.size() || line[field.size()] != ':')
      return false;
    found = true;
    size_t digits = line.find_first_of("0123456789", field.size() + 1);
    if (digits == std::string_view::npos) return true;
    uint64_t kb = 0;
    auto [ptr, ec] = std::from_chars(line.data() + digits, line.data() + line.size(), kb);
    if (ec == std::errc() && kb <= (UINT64_MAX >> 10)) bytes = kb << 10;
    return true;
  });
  return found ? bytes : std::nullopt;
}

namespace {

// Each line of /proc/self/cgroup is "id:controllers:path".
template <class Match>
std::optional<std::string> cgroup_path(std::string_view text, Match match) {
  std::optional<std::string> path;
  for_each_part(text, '\n', [&](std::string_view line) {
    size_t first = line.find(':');
    if (first == std::string_view::npos) return false;
    size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) return false;
    if (!match(line.substr(0, first), line.substr(first + 1, second - first - 1))) return false;
    path = std::string(line.substr(second + 1));
    return true;
  });
  return path;
}

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Least of limit - usage over `dir` and its ancestors up to `root`.
std::optional<uint64_t> cgroup_room(const std::string& root, std::string path,
                                    const char* limit_file, const char* usage_file) {
  std::optional<uint64_t> least;
  for (;;) {
    std::string dir = root + path;
    auto limit_text = slurp(dir + "/" + limit_file);
    if (limit_text) {
      auto limit = parse_cgroup_bytes(*limit_text);
      auto usage_text = slurp(dir + "/" + usage_file);
      auto usage = usage_text ? parse_cgroup_bytes(*usage_text) : std::nullopt;
      if (limit) {
        uint64_t room = usage && *usage < *limit ? *limit - *usage : usage ? 0 : *limit;
        least = least ? std::min(*least, room) : room;
      }
    }
    if (path.empty() || path == "/") break;
    size_t slash = path.find_last_of('/');
    path = slash == std::string::npos ? "" : path.substr(0, slash);
  }
  return least;
}

}  // namespace

std::optional<std::string> cgroup_v2_path(std::string_view text) {
  return cgroup_path(text, [](std::string_view id, std::string_view controllers) {
    return id == "0" && controllers.empty();
  });
}

std::optional<std::string> cgroup_v1_memory_path(std::string_view text) {
  return cgroup_path(text, [](std::string_view, std::string_view controllers) {
    bool memory = false;
    for_each_part(controllers, ',', [&](std::string_view c) { return memory = c == "memory"; });
    return memory;
  });
}

std::optional<uint64_t> parse_cgroup_bytes(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  if (value >= (uint64_t{1} << 62)) return std::nullopt;
  return value;
}

MemoryRoom read_memory_room(const std::string& proc, const std::string& cgroup_fs,
                            std::optional<uint64_t> rlimit_as) {
  MemoryRoom room;
  if (auto meminfo = slurp(proc + "/meminfo"))
    room.available = parse_kb_field(*meminfo, "MemAvailable");
  if (auto cgroups = slurp(proc + "/self/cgroup")) {
    std::optional<uint64_t> v2, v1;
    if (auto path = cgroup_v2_path(*cgroups)) {
      v2 = cgroup_room(cgroup_fs, *path, "memory.max", "memory.current");
      if (!v2) v2 = cgroup_room(cgroup_fs + "/unified", *path, "memory.max", "memory.current");
    }
    if (auto path = cgroup_v1_memory_path(*cgroups)) {
      // In a container the path may be the host's; the mount is its own root.
      std::string root = cgroup_fs + "/memory";
      v1 = cgroup_room(root, *path, "memory.limit_in_bytes", "memory.usage_in_bytes");
      if (!v1) v1 = cgroup_room(root, "", "memory.limit_in_bytes", "memory.usage_in_bytes");
    }
    if (v2 && v1)
      room.cgroup = std::min(*v2, *v1);
    else
      room.cgroup = v2 ? v2 : v1;
  }
  if (rlimit_as) {
    auto status = slurp(proc + "/self/status");
    auto mapped = status ? parse_kb_field(*status, "VmSize") : std::nullopt;
    uint64_t used = mapped.value_or(0);
    room.address = *rlimit_as > used ? *rlimit_as - used : 0;
  }
  return room;
}

MemoryRoom current_memory_room() {
  struct rlimit limit {};
  std::optional<uint64_t> as;
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) as = limit.rlim_cur;
  return read_memory_room("/proc", "/sys/fs/cgroup", as);
}

}  // namespace ariadne
