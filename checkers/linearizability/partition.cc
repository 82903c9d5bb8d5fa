#include "linearizability/partition.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <algorithm>
#include <numeric>

namespace ariadne::lin {

namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr uint32_t kUnkeyed = UINT32_MAX - 1;  // slot_of an operation with no key
// Fewer operations than this per block are not worth a task.
constexpr size_t kMinBlock = size_t{1} << 15;
constexpr size_t kBlocksPerThread = 4;

// Keys numbered densely in order of first sight. Values are equal exactly
// when their bits are (value.h), so the table hashes and compares bits.
// Open addressing, at most half full.
class Slots {
 public:
  // The slot of `key`; a new key gets the next one.
  uint32_t find_or_add(Value key) {
    if ((keys_.size() + 1) * 2 > table_.size()) grow();
    size_t mask = table_.size() - 1;
    for (size_t i = mix(key.bits()) & mask;; i = (i + 1) & mask) {
      uint32_t s = table_[i];
      if (s == kNone) {
        s = static_cast<uint32_t>(keys_.size());
        table_[i] = s;
        keys_.push_back(key);
        return s;
      }
      if (keys_[s] == key) return s;
    }
  }
  const std::vector<Value>& keys() const { return keys_; }

 private:
  static uint64_t mix(uint64_t x) {  // MurmurHash3's 64-bit finalizer
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }
  void grow() {
    std::vector<uint32_t> bigger(std::max<size_t>(64, table_.size() * 2), kNone);
    size_t mask = bigger.size() - 1;
    for (uint32_t s = 0; s < keys_.size(); ++s) {
      size_t i = mix(keys_[s].bits()) & mask;
      while (bigger[i] != kNone) i = (i + 1) & mask;
      bigger[i] = s;
    }
    table_.swap(bigger);
  }

  std::vector<uint32_t> table_;  // a slot, or kNone
  std::vector<Value> keys_;      // slot -> key
};

// A contiguous run of operations [begin, end), grouped by key on its own.
struct Block {
  size_t begin = 0, end = 0;
  Slots slots;
  // Per slot: first its number of operations; after join(), the position in
  // its partition's members where the block's next one goes.
  std::vector<uint32_t> at;
  std::vector<uint32_t> part;  // per slot, after join(): its partition
  uint32_t unkeyed = 0;        // operations with no key (then: position)
};

void group(const History& h, Block& b, std::vector<uint32_t>& slot_of) {
  for (size_t i = b.begin; i < b.end; ++i) {
    const Operation& op = h.ops[i];
    if (!h.has_key(op)) {
      slot_of[i] = kUnkeyed;
      ++b.unkeyed;
      continue;
    }
    uint32_t s = b.slots.find_or_add(h.key(op));
    if (s == b.at.size()) b.at.push_back(0);
    ++b.at[s];
    slot_of[i] = s;
  }
}

// Numbers the keys of every block, in block order, and turns each block's
// counts into its positions: block b's operations of a key come after
// those of blocks before b. Returns the partitions, sized; the unkeyed one,
// if any, last.
std::vector<Partition> join(std::vector<Block>& blocks) {
  Slots keys;
  std::vector<uint32_t> sizes;
  uint32_t unkeyed = 0;
  for (Block& b : blocks) {
    b.part.resize(b.at.size());
    for (uint32_t s = 0; s < b.at.size(); ++s) {
      uint32_t g = keys.find_or_add(b.slots.keys()[s]);
      if (g == sizes.size()) sizes.push_back(0);
      b.part[s] = g;
      uint32_t count = b.at[s];
      b.at[s] = sizes[g];
      sizes[g] += count;
    }
    uint32_t count = b.unkeyed;
    b.unkeyed = unkeyed;
    unkeyed += count;
  }
  std::vector<Partition> parts(sizes.size() + (unkeyed > 0 ? 1 : 0));
  tbb::parallel_for(size_t{0}, parts.size(), [&](size_t g) {
    if (g < sizes.size()) {
      parts[g].keyed = true;
      parts[g].key = keys.keys()[g];
    }
    parts[g].members.resize(g < sizes.size() ? sizes[g] : unkeyed);
  });
  return parts;
}

void place(const Block& b, const std::vector<uint32_t>& slot_of, std::vector<Partition>& parts) {
  std::vector<uint32_t> at = b.at;
  uint32_t unkeyed = b.unkeyed;
  for (size_t i = b.begin; i < b.end; ++i) {
    uint32_t s = slot_of[i];
    if (s == kUnkeyed)
      parts.back().members[unkeyed++] = static_cast<uint32_t>(i);
    else
      parts[b.part[s]].members[at[s]++] = static_cast<uint32_t>(i);
  }
}

}  // namespace

std::vector<Partition> partition_ops(const History& h, bool split, int threads) {
  size_t n = h.ops.size();
  if (!split) {
    std::vector<Partition> parts(1);
    parts[0].members.resize(n);
    std::iota(parts[0].members.begin(), parts[0].members.end(), 0u);
    return parts;
  }
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  size_t count = std::clamp<size_t>(
      n / kMinBlock, 1, static_cast<size_t>(arena.max_concurrency()) * kBlocksPerThread);
  std::vector<Block> blocks(count);
  for (size_t b = 0; b < count; ++b) {
    blocks[b].begin = n * b / count;
    blocks[b].end = n * (b + 1) / count;
  }
  std::vector<uint32_t> slot_of(n);  // each op's slot in its block
  std::vector<Partition> parts;
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, count, [&](size_t b) { group(h, blocks[b], slot_of); });
    parts = join(blocks);
    tbb::parallel_for(size_t{0}, count, [&](size_t b) { place(blocks[b], slot_of, parts); });
  });
  // Largest first, then by key: a deterministic order.
  std::sort(parts.begin(), parts.end(), [](const Partition& a, const Partition& b) {
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
    if (a.keyed != b.keyed) return a.keyed;
    return a.key < b.key;
  });
  return parts;
}

}  // namespace ariadne::lin
