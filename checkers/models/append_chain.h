// States of a string register that is appended to (kv's `append`), built
// in O(1) per append instead of copying and interning the whole string.
//
// A state word is either the bits of a Value (nil or a string: written, or
// the initial value) or a chain word: tag 15 (no Value uses it) and the
// index of a node (parent word, appended string). Invariants:
//  * a node's content is its parent's content followed by its argument;
//  * `hash` is the polynomial hash of the content (base kBase, mod 2^64),
//    `length` its length in bytes: both are exact functions of content;
//  * equal (parent, argument) pairs share one node.
// Two words with equal content may differ (a written "ab" and "a" + "b"):
// the search then keeps two configurations apart that could have been one,
// which costs time, never correctness, because every comparison with a
// value read goes through equals(), which compares content.
//
// Not thread-safe: one search uses it at a time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linearizability/model.h"

namespace ariadne::lin {

class AppendChain {
 public:
  static constexpr uint64_t kChainTag = 15;
  static constexpr uint64_t kBase = 0x100000001b3ull;

  static bool is_chain(uint64_t w) { return (w & 15) == kChainTag; }

  static uint64_t hash_text(std::string_view s) {
    uint64_t h = 0;
    for (unsigned char c : s) h = h * kBase + c;
    return h;
  }

  // The word for `cur` + string `arg`, or 0 (nil) when cur is neither nil,
  // a string nor a chain.
  uint64_t append(uint64_t cur, Value arg) {
    Value cv = value_of(cur);
    if (!is_chain(cur) && !cv.is_null() && cv.kind() != Kind::kString) return 0;
    uint64_t* slot = find(cur, word(arg));
    if (*slot != 0) return *slot;
    std::string_view a = arg.as_text();
    uint64_t power = 1;
    for (size_t i = 0; i < a.size(); ++i) power *= kBase;
    Node n{cur, word(arg), 0, 0};
    uint64_t h = is_chain(cur) ? nodes_[cur >> 4].hash : hash_text(text_of(cv));
    uint64_t len = is_chain(cur) ? nodes_[cur >> 4].length : text_of(cv).size();
    n.hash = h * power + hash_text(a);
    n.length = len + a.size();
    nodes_.push_back(n);
    *slot = ((nodes_.size() - 1) << 4) | kChainTag;
    return *slot;
  }

  // Whether the state word w holds exactly the value v. `v_hash` is
  // hash_text(v) when v is a string.
  bool equals(uint64_t w, Value v, uint64_t v_hash) const {
    if (!is_chain(w)) return w == word(v);
    if (v.kind() != Kind::kString) return false;
    const Node& n = nodes_[w >> 4];
    if (n.length != v.size() || n.hash != v_hash) return false;
    return ends_with_content(w, v.as_text());
  }

  // False only when the content of w (a chain or a string Value) is
  // certainly not a prefix of the string v: it is longer, or its hash
  // differs from the hash of v's prefix of the same length (equal contents
  // have equal hashes). A true answer is not checked further.
  bool may_extend_to(uint64_t w, Value v) const {
    uint64_t length, hash;
    if (is_chain(w)) {
      length = nodes_[w >> 4].length;
      hash = nodes_[w >> 4].hash;
    } else {
      Value cur = value_of(w);
      std::string_view t = text_of(cur);
      length = t.size();
      hash = hash_text(t);
    }
    std::string_view text = v.as_text();
    if (length > text.size()) return false;
    if (v != prefixes_of_) {
      prefixes_of_ = v;
      prefixes_.resize(text.size() + 1);
      prefixes_[0] = 0;
      for (size_t i = 0; i < text.size(); ++i)
        prefixes_[i + 1] = prefixes_[i] * kBase + static_cast<unsigned char>(text[i]);
    }
    return prefixes_[length] == hash;
  }

  // Whether the content of w is exactly v, compared piece by piece from the
  // end (no allocation: this runs inside the search).
  bool ends_with_content(uint64_t w, std::string_view v) const {
    while (is_chain(w)) {
      const Node& n = nodes_[w >> 4];
      Value arg = value_of(n.arg);
      std::string_view piece = arg.as_text();
      if (piece.size() > v.size() || v.substr(v.size() - piece.size()) != piece) return false;
      v.remove_suffix(piece.size());
      w = n.parent;
    }
    return text_of(value_of(w)) == v;
  }

  std::string content(uint64_t w) const {
    std::vector<uint64_t> args;
    while (is_chain(w)) {
      args.push_back(nodes_[w >> 4].arg);
      w = nodes_[w >> 4].parent;
    }
    std::string out(text_of(value_of(w)));
    for (size_t i = args.size(); i-- > 0;) out += value_of(args[i]).as_text();
    return out;
  }

 private:
  // A view into `v` itself when its text is inline: keep `v` alive.
  static std::string_view text_of(const Value& v) {
    return v.is_null() ? std::string_view() : v.as_text();
  }

  struct Node {
    uint64_t parent, arg, hash, length;
  };
  // The slot of `slots_` that holds the chain word for (parent, arg), or
  // the empty one (0) where it belongs. Open addressing, load <= 1/2.
  uint64_t* find(uint64_t parent, uint64_t arg) {
    if ((nodes_.size() + 1) * 2 > slots_.size()) grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = mix(parent, arg) & mask;; i = (i + 1) & mask) {
      uint64_t w = slots_[i];
      if (w == 0) return &slots_[i];
      const Node& n = nodes_[w >> 4];
      if (n.parent == parent && n.arg == arg) return &slots_[i];
    }
  }
  void grow() {
    std::vector<uint64_t> old(std::max<size_t>(slots_.size() * 2, 1024), 0);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (uint64_t w : old) {
      if (w == 0) continue;
      const Node& n = nodes_[w >> 4];
      size_t i = mix(n.parent, n.arg) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = w;
    }
  }
  static uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 31);
  }

  std::vector<Node> nodes_;
  std::vector<uint64_t> slots_;  // chain words; 0 = empty
  // Hashes of the prefixes of the string prefixes_of_ (a Value's bits
  // identify its content), for may_extend_to.
  mutable Value prefixes_of_;
  mutable std::vector<uint64_t> prefixes_;
};

}  // namespace ariadne::lin
