// The datatype models the searches run: each is a small type with a step
// function over states encoded as a sequence of 64-bit words.
//
// Why words: the search caches (linearized set, state) pairs. With states
// as words, equality is a memcmp and the hash a loop over words, the same
// for every model, and saving or restoring a state is a copy — no
// allocation inside the search. Every model keeps its encoding canonical
// (a set's elements sorted, say), so equal states have equal words and so
// equal hashes. Value bits are canonical (value.h), so a word holding a
// Value's bits compares exactly.
//
// A model M provides:
//   static constexpr bool kNondeterministic;  // may an op have several successors?
//   Prepared prepare(const History&, const Operation&, PreparedOp&, std::string& why) const;
//     decides what the op means to the model: kKeep, kDrop (no effect on the
//     state and nothing to check: a crashed read), or kError (`why` says).
//     Sets PreparedOp::pure for ops that never change the state (reads).
//   void initial(State& out) const;
//   bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const;
//     writes into `out` the alt-th successor of s under op and returns true,
//     or returns false when op is illegal in s (alt == 0) or there is no
//     alt-th successor. For a crashed op the result is unknown: any
//     successor the op could produce is legal.
//   std::string describe(Words s) const;  // EDN-like text for reports
//
// Optionally, a lookahead that lets the linearizability search drop a
// prefix early (search.h):
//   bool resets(const PreparedOp&) const;
//     whether op may move the state other than "forward". Every other op
//     is forward: an ok read (pure) or an op the model names as such.
//   bool watched(const PreparedOp&) const;  // an ok read worth watching
//   bool unreachable(Words s, const PreparedOp& read) const;
//     REQUIRES watched(read). True only if no sequence of forward ops
//     (including none) leads from s to a state in which read is legal.
//     False is always allowed: it only prunes less.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ariadne/history.h"
#include "ariadne/value.h"

namespace ariadne::lin {

using Words = std::span<const uint64_t>;
using State = std::vector<uint64_t>;

enum class Prepared { kKeep, kDrop, kError };

struct PreparedOp {
  uint32_t op = 0;       // index into History::ops
  uint8_t code = 0;      // the model's own operation code
  bool crashed = false;  // result unknown; may not have happened
  // When legal, the op never changes the state (a read). The search tries
  // such ops first: one that is legal is the only choice worth trying.
  bool pure = false;
  Value a, b;         // arguments (cas: a = expected, b = new)
  Value result;       // what an ok op returned
  uint64_t aux = 0;   // the model's own precomputed datum
  uint32_t slot = 0;  // key slot, for models over several keys
};

// An operation's real-time interval (closed); end == Operation::kNever for
// a crashed operation.
struct Interval {
  int64_t start, end;
};

inline uint64_t word(Value v) { return v.bits(); }
inline Value value_of(uint64_t w) { return Value::from_bits(w); }

// "[1 2 3]" from words holding Value bits.
std::string describe_values(Words s, const char* open, const char* close);

// Whether f names one of `names`.
bool f_is(Value f, std::initializer_list<std::string_view> names);

// A collection's prepare (queues, stack, priority queue): f `put` x is code
// 0 with a = x; f `take` is code 1 with result = what an ok take returned
// (an ok take of nil saw the collection empty: pure); any other f is an
// error naming `model`.
Prepared prepare_put_take(const History& h, const Operation& op, PreparedOp& out, std::string& why,
                          std::string_view put, std::string_view take, std::string_view model);

}  // namespace ariadne::lin
