// Indexing by value and the exact bag check (collection_fast.h).
//
// The bag check. A removed value x (insert E, ok removal D) lives in the
// bag between its two points; a value u inserted ok and never removed by an
// ok op lives from its insert on, unless a crashed removal C takes it. A
// crashed insert no ok removal returned is best never applied (an extra
// element helps no op), and with no empty removal every crashed removal is
// best never applied. Values never constrain one another except through
// the empty removals, so the history is a bag's iff some point q of each
// empty removal N sees no live value:
//  * a removed x cannot avoid q iff q lies in (B, A) with B = min(E.e, D.e)
//    and A = max(E.s, D.s): both of its points fit before q iff q >= A and
//    after q iff q <= B (then E before D: E.s <= D.e was checked);
//  * the unremoved values whose insert ended before q (E.e < q) must each be
//    taken by its own crashed removal invoked by q (C.s <= q). Their
//    deadlines are nested, so by Hall's theorem a matching exists for all
//    the chosen q at once iff at every chosen q
//      #{u : E_u.e < q} <= #{C : C.s <= q}.
// Both conditions are per q, so each N is decided alone: a point of N's
// interval outside every (B, A) where the count holds. One sweep over the
// sorted endpoints yields the good points; each N is a binary search.
#include "models/collection_fast.h"

#include <algorithm>
#include <unordered_map>

#include "ariadne/report.h"

namespace ariadne::models::collection {

namespace {

constexpr int64_t kLimit = int64_t{1} << 61;

struct Event {
  int64_t at;
  int forbid, count;
};

}  // namespace

bool doubled_times(const FastInput& in, std::vector<int64_t>& s, std::vector<int64_t>& e) {
  size_t n = in.ops.size();
  s.resize(n);
  e.resize(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t a = in.times[i].start, b = in.times[i].end;
    if (a <= -kLimit || a >= kLimit) return false;
    s[i] = 2 * a;
    if (b == Operation::kNever) {
      e[i] = kOpen;
    } else {
      if (b <= -kLimit || b >= kLimit) return false;
      e[i] = 2 * b + 1;
    }
  }
  return true;
}

bool several_slots(const FastInput& in) {
  for (const lin::PreparedOp& op : in.ops)
    if (op.slot != in.ops[0].slot) return true;
  return false;
}

FastResult declined(const char* procedure, std::string why) {
  FastResult r;
  r.verdict = FastVerdict::kDeclined;
  r.procedure = procedure;
  r.declined = std::move(why);
  return r;
}

uint32_t line_of(const FastInput& in, int32_t i) {
  const History& h = in.history;
  return h.first_event(h.ops[in.ops[i].op]).line;
}

std::string stuck_reason(const FastInput& in, int32_t stuck) {
  return "the greedy sweep got stuck at the op of line " + std::to_string(line_of(in, stuck)) +
         " and found no violation it can prove";
}

std::vector<uint32_t> witness_of(const FastInput& in, std::vector<int32_t> ops) {
  std::vector<uint32_t> out;
  for (int32_t k : ops)
    if (k != kNone) out.push_back(in.ops[k].op);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

FastResult invalid(const FastInput& in, const char* procedure, std::vector<int32_t> ops) {
  FastResult r;
  r.verdict = FastVerdict::kInvalid;
  r.procedure = procedure;
  r.witness = witness_of(in, std::move(ops));
  return r;
}

std::optional<FastResult> stopped(const FastInput& in) {
  const char* why = in.budget.reason();
  if (!why) return std::nullopt;
  FastResult r;
  r.verdict = FastVerdict::kUnknown;
  r.reason = why;
  return r;
}

FastResult valid(const char* procedure) {
  FastResult r;
  r.verdict = FastVerdict::kValid;
  r.procedure = procedure;
  return r;
}

std::optional<FastResult> index_removals(const FastInput& in, uint8_t insert_code,
                                         const char* procedure, Indexed& out) {
  if (auto done = stopped(in)) return done;
  if (several_slots(in)) return declined(procedure, "the partition holds several keys");
  if (!doubled_times(in, out.s, out.e)) return declined(procedure, "a time is beyond +-2^61 ns");
  size_t n = in.ops.size();
  out.item_of.assign(n, kNone);
  // (bits, op) of every insert and every ok removal of a value, grouped by bits.
  std::vector<std::pair<uint64_t, int32_t>> by_value;
  for (size_t i = 0; i < n; ++i) {
    const lin::PreparedOp& op = in.ops[i];
    if (op.code == insert_code) {
      if (op.a.is_null())
        return declined(procedure,
                        "a nil value is inserted (nil is what an empty removal returns)");
      by_value.push_back({op.a.bits(), static_cast<int32_t>(i)});
    } else if (op.crashed) {
      out.crashed_removals.push_back(static_cast<uint32_t>(i));
    } else if (op.result.is_null()) {
      out.empties.push_back(static_cast<uint32_t>(i));
    } else {
      by_value.push_back({op.result.bits(), static_cast<int32_t>(i)});
    }
  }
  std::sort(by_value.begin(), by_value.end());
  std::optional<FastResult> violation;
  for (size_t a = 0; a < by_value.size();) {
    size_t b = a;
    Item item;
    item.bits = by_value[a].first;
    std::vector<int32_t> removals;
    for (; b < by_value.size() && by_value[b].first == item.bits; ++b) {
      int32_t k = by_value[b].second;
      if (in.ops[k].code == insert_code) {
        if (item.insert != kNone)
          return declined(procedure,
                          "value " + bounded_edn(in.ops[k].a) + " is inserted more than once");
        item.insert = k;
      } else {
        removals.push_back(k);
      }
    }
    // A violation is reported only once the precondition is known to hold
    // for every value (a decline takes precedence).
    if (removals.size() > 1 && !violation)  // one insert: it can leave once
      violation = invalid(in, procedure, {item.insert, removals[0], removals[1]});
    if (!removals.empty()) {
      int32_t d = removals[0];
      if (item.insert == kNone) {  // never inserted
        if (!violation) violation = invalid(in, procedure, {d});
        a = b;
        continue;
      }
      if (out.s[item.insert] > out.e[d] && !violation)
        violation = invalid(in, procedure, {item.insert, d});
      item.remove = d;
    }
    auto id = static_cast<int32_t>(out.items.size());
    out.item_of[item.insert] = id;
    if (item.remove != kNone) out.item_of[item.remove] = id;
    out.items.push_back(item);
    a = b;
  }
  return violation;
}

FastResult bag_check(const FastInput& in, const Indexed& x, const char* procedure) {
  if (x.empties.empty()) return valid(procedure);
  std::vector<Event> events;
  for (const Item& it : x.items) {
    if (it.remove != kNone) {
      int64_t b = std::min(x.e[it.insert], x.e[it.remove]);
      int64_t a = std::max(x.s[it.insert], x.s[it.remove]);
      if (b + 1 <= a - 1) {
        events.push_back({b + 1, 1, 0});
        events.push_back({a, -1, 0});
      }
    } else if (!in.ops[it.insert].crashed) {
      events.push_back({x.e[it.insert] + 1, 0, 1});
    }
  }
  for (uint32_t c : x.crashed_removals) events.push_back({x.s[c], 0, -1});
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.at < b.at; });
  // Good integer points as disjoint sorted ranges [lo, hi].
  std::vector<std::pair<int64_t, int64_t>> good;
  int forbid = 0, count = 0;
  int64_t from = INT64_MIN;  // the current run of equal state starts here
  for (size_t k = 0; k <= events.size(); ++k) {
    int64_t at = k < events.size() ? events[k].at : INT64_MAX;
    if (k < events.size() && k > 0 && at == events[k - 1].at) {
      forbid += events[k].forbid;
      count += events[k].count;
      continue;
    }
    if (forbid == 0 && count <= 0 && at > from) {
      int64_t hi = at == INT64_MAX ? INT64_MAX : at - 1;
      if (!good.empty() && good.back().second + 1 == from)
        good.back().second = hi;
      else
        good.push_back({from, hi});
    }
    if (k == events.size()) break;
    from = at;
    forbid += events[k].forbid;
    count += events[k].count;
  }
  for (uint32_t nk : x.empties) {
    int64_t lo = x.s[nk], hi = x.e[nk];
    auto it = std::lower_bound(good.begin(), good.end(), lo,
                               [](const auto& g, int64_t v) { return g.second < v; });
    if (it != good.end() && it->first <= hi) continue;
    // A hint for shrinking: the empty removal and values live across it.
    std::vector<int32_t> ops{static_cast<int32_t>(nk)};
    for (const Item& item : x.items) {
      if (ops.size() >= 7) break;
      int64_t b =
          item.remove != kNone ? std::min(x.e[item.insert], x.e[item.remove]) : x.e[item.insert];
      int64_t a = item.remove != kNone ? std::max(x.s[item.insert], x.s[item.remove]) : kOpen;
      if (item.remove == kNone && in.ops[item.insert].crashed) continue;
      if (b < lo && a > hi) {
        ops.push_back(item.insert);
        ops.push_back(item.remove);
      }
    }
    return invalid(in, procedure, ops);
  }
  return valid(procedure);
}

}  // namespace ariadne::models::collection
