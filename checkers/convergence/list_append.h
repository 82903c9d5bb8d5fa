// List-append under eventual consistency (the contract is in
// ariadne/convergence.h): each key is an append-only list replicated on the
// nodes that serve it.
//
// Invariants of the objects built here, on top of those of objects.h:
//   * an Update is one append (Update::element is the value appended); a
//     txn with several appends gives several Updates with the same op;
//   * a Read is one list read of one key, its value always a vector (a nil
//     read is the empty list); only reads of ok ops are kept;
//   * with no `node` anywhere, every op is on one replica, kOneStore.
#pragma once

#include <optional>

#include "convergence/outcome.h"

namespace ariadne::convergence {

// The replica name when no op names a node: the history is one logical
// store read by clients.
inline constexpr const char* kOneStore = "the store";

// Splits a list-append history into one object per key. Ops are either
// `:append`/`:read` (on `key`, else the history is one list) or Elle-style
// `:txn` ops of micro-ops [:append k v] and [:r k list]. Returns an error
// (with the op's line) when an op does not fit.
std::optional<ParseError> build_list_objects(const History& h, Objects& out);

// Checks one key: duplicates and never-appended elements in every read;
// agreement of the final reads (with the first index where they differ);
// lost appends; elements whose order a read saw and a final list reverses;
// and the convergence latency of each acknowledged append. A finding spells
// out at most 10 elements and keeps at most 100 in Finding::elements.
void check_list_append(const Objects& objects, const Object& obj, const History& h,
                       ObjectOutcome& out);

// For messages: `describe_op` with its values cut to a bounded length (a
// txn can hold long lists); the line range stays.
std::string op_words(const History& h, uint32_t op);

}  // namespace ariadne::convergence
