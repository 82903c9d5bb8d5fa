// "Every value read in S was written in S (or is the initial value)"
// (SPEC section 5), for each model.
//
// What an operation reads and writes is the model's ModelDef::effects
// (checkers/models/model.h); which initial values need no writer, its
// ModelDef::initial_reads. For the built-in models (crashed and failed ops read
// nothing: their results are unknown or void; failed ops write nothing):
//   register, cas-register, kv  an ok read/get reads its result; write/put v
//                               writes v; an ok cas [old new] reads old and
//                               writes new (a crashed cas only writes new).
//                               kv append: a read of a string s that no
//                               write/put wrote is explained by appends: s
//                               must be a base (the initial value, "" for nil,
//                               or a value put in S) followed by values
//                               appended in S (each any number of times).
//   set, list-append            a read reads each element it returns; add or
//                               append x writes x. For set, elements of the
//                               initial set count as written.
//   fifo-queue, unordered-queue an ok dequeue/pop of x != nil reads x; enqueue
//   stack                       /push x writes x. A nil (empty) result reads
//                               nothing.
//   counter                     an ok read of n reads "n - initial": S must
//                               hold adds whose positive deltas sum to at
//                               least it and whose negative deltas sum to at
//                               most it, so its increments can explain it.
//   multi-register              an ok txn's [:read k v] reads v at k, unless
//                               the txn wrote k before; [:write k v] writes v.
// Under NilReads::kAny an ok read of nil (register, cas-register, kv; a
// multi-register [:read k nil]) reads nothing: it needs no writer.
// Initial values are per key (CheckOptions::initial_of).
//   mutex                       nothing is read.
//   a user model (CheckOptions::user_model) what its effects() says, on the
//                               op's key; nothing without effects().
// Values are per key when ops have keys (kv, sequential checks of keyed
// histories). A value read that no operation of the universe writes (a read
// of a value nobody wrote: the violation itself) needs no writer: a
// counterexample must keep the writers it can, not invent ones.
//
// Thread safety: const methods may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ariadne/checker.h"
#include "models/model.h"

namespace ariadne::lin {

class ReadsFrom {
 public:
  // `universe`: the ops a counterexample is chosen from (indices into
  // h.ops, ascending).
  ReadsFrom(const History& h, const CheckOptions& options, const std::vector<uint32_t>& universe);

  // Whether every value read by an op of `ops` is written by an op of `ops`
  // or is initial or written nowhere in the universe. `ops` ascending.
  bool closed(const std::vector<uint32_t>& ops) const;

  // `ops` less the ops whose reads it no longer explains, repeatedly, until
  // closed (or empty).
  std::vector<uint32_t> repair(std::vector<uint32_t> ops) const;

  // Ops of `ops` that write a value `op` reads (for explanations).
  std::vector<uint32_t> writers_of(uint32_t op, const std::vector<uint32_t>& ops) const;

 private:
  using Token = models::Effects::Token;
  struct TokenHash {
    size_t operator()(const Token& t) const { return t.key.hash() * 31 + t.value.hash(); }
  };
  using Facts = models::Effects;

  // What a set of ops writes, for checking their reads.
  struct Written {
    std::unordered_map<Token, int, TokenHash> tokens;  // value -> how many ops write it
    struct Pieces {
      std::unordered_set<std::string_view> appended;
      std::vector<size_t> lengths;          // distinct lengths of `appended`
      std::vector<std::string_view> bases;  // strings written whole
    };
    std::unordered_map<Value, Pieces, ValueHash> by_key;  // appends
    int64_t up = 0, down = 0;                             // counter deltas
  };

  const Facts* facts(uint32_t op) const;
  Written written_by(const std::vector<uint32_t>& ops) const;
  bool appends_explain(const Token& read, const Written& w) const;
  bool unmet(uint32_t op, const Written& w) const;

  models::InitialReads initial_reads_ = models::InitialReads::kNone;
  CheckOptions initials_;  // only initial and initial_by_key are set
  std::unordered_map<uint32_t, Facts> facts_;
};

}  // namespace ariadne::lin
