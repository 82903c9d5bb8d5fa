// The searches' memory is what they charge: on a history whose model state
// grows with it (a queue that only fills), the heap the linearizability and
// sequential searches hold is within a quarter of what they took from their
// MemoryBudget. Until the stack stopped saving a copy of every prior state
// (search.h, sequential.h), those copies were quadratic in the history,
// uncharged, and doubled the heap: --max-memory did not hold (docs/memory.md).
//
// The heap is measured by the allocator (glibc's mallinfo2, or the
// sanitizer's count under ASan), before the search is made and while it is
// alive after its run, on one thread: it depends on neither the machine's
// memory nor time.
#include <malloc.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "ariadne/memory.h"
#include "linearizability/search.h"
#include "linearizability/sequential.h"
#include "models/queue_spec.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARIADNE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARIADNE_ASAN 1
#endif
#endif
#ifdef ARIADNE_ASAN
// ASan's allocator, not glibc's, serves the heap; its runtime counts it.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace {

using namespace ariadne;
using namespace ariadne::lin;

// Bytes the allocator has handed out and not had back.
uint64_t heap_in_use() {
#ifdef ARIADNE_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
#endif
}

constexpr uint32_t kOps = 3000;

// kOps ok enqueues of distinct values, one after another: the state after
// the i-th has i words, and the one linearization places them all.
std::vector<PreparedOp> filling_queue() {
  std::vector<PreparedOp> ops(kOps);
  for (uint32_t i = 0; i < kOps; ++i) {
    ops[i].op = i;
    ops[i].code = QueueModel::kEnqueue;
    ops[i].a = Value::integer(i);
  }
  return ops;
}

// The words of every state the search caches: 1 + 2 + ... + kOps.
constexpr uint64_t kStateBytes = uint64_t{kOps} * (kOps + 1) / 2 * sizeof(uint64_t);

template <class Search, class Extra>
void check_heap_is_charged(const Extra& extra) {
  QueueModel model(false, "unordered-queue");
  std::vector<PreparedOp> ops = filling_queue();
  MemoryBudget memory(MemoryBudget::kUnlimited);
  uint64_t before = heap_in_use();
  Search search(model, ops, extra, memory);
  const SearchOutcome& out = search.run(Limits{&memory});
  REQUIRE(out.verdict == Verdict::kValid);
  uint64_t held = memory.held();
  uint64_t heap = heap_in_use() - before;
  INFO("charged " << held << " bytes, heap grew by " << heap);
  // Charged: every cached state, in full.
  CHECK(held >= kStateBytes);
  CHECK(heap <= held + held / 4);
}

TEST_CASE("the linearizability search holds no more heap than it charges on a filling queue",
          "[memory][search]") {
  std::vector<Interval> times(kOps);
  for (uint32_t i = 0; i < kOps; ++i) times[i] = {2 * int64_t{i}, 2 * int64_t{i} + 1};
  check_heap_is_charged<LinearizableSearch<QueueModel>>(times);
}

TEST_CASE("the sequential search holds no more heap than it charges on a filling queue",
          "[memory][search]") {
  std::vector<uint32_t> process_of(kOps, 0);
  check_heap_is_charged<SequentialSearch<QueueModel>>(process_of);
}

TEST_CASE("a state cache entry's position names its state for as long as the cache lives",
          "[memory][search]") {
  MemoryBudget memory(MemoryBudget::kUnlimited);
  StateCache cache(memory);
  std::vector<uint64_t> at;
  std::vector<std::vector<uint64_t>> states;
  for (uint64_t i = 0; i < 5000; ++i) {  // past several blocks and slot tables
    std::vector<uint64_t> set{i}, state(i % 300, i);
    uint64_t pos = UINT64_MAX;
    REQUIRE(cache.insert(set, state, StateCache::combine(i, state), &pos) ==
            StateCache::Insert::kNew);
    at.push_back(pos);
    states.push_back(state);
  }
  for (size_t k = 0; k < at.size(); ++k) {
    Words w = cache.state_at(at[k]);
    REQUIRE(std::vector<uint64_t>(w.begin(), w.end()) == states[k]);
  }
}

}  // namespace
