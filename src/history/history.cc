#include "ariadne/history.h"

#include <algorithm>

namespace ariadne {

std::string_view event_type_name(EventType type) {
  switch (type) {
    case EventType::kInvoke: return "invoke";
    case EventType::kOk: return "ok";
    case EventType::kFail: return "fail";
    case EventType::kInfo: return "info";
  }
  return "invoke";
}

std::string_view op_status_name(OpStatus status) {
  switch (status) {
    case OpStatus::kOk: return "ok";
    case OpStatus::kFail: return "fail";
    case OpStatus::kCrashed: return "crashed";
  }
  return "crashed";
}

}  // namespace ariadne

namespace ariadne {

History sub_history(const History& h, const std::vector<uint32_t>& ops) {
  History sub;
  sub.name = h.name;
  sub.timed = h.timed;
  sub.clock_skew = h.clock_skew;
  // Events in the order of h: positions are real time when h is not timed,
  // and keeping their relative order keeps every precedence between ops.
  std::vector<std::pair<uint32_t, uint32_t>> picked;  // (event in h, op slot)
  picked.reserve(ops.size() * 2);
  for (uint32_t k = 0; k < ops.size(); ++k) {
    const Operation& op = h.ops[ops[k]];
    if (op.invoke != Operation::kNoEvent) picked.push_back({op.invoke, k});
    if (op.complete != Operation::kNoEvent) picked.push_back({op.complete, k});
  }
  std::sort(picked.begin(), picked.end());
  sub.ops.resize(ops.size());
  for (uint32_t k = 0; k < ops.size(); ++k) sub.ops[k].status = h.ops[ops[k]].status;
  sub.events.reserve(picked.size());
  for (auto [event, k] : picked) {
    uint32_t at = static_cast<uint32_t>(sub.events.size());
    sub.events.push_back(h.events[event]);
    if (event == h.ops[ops[k]].invoke)
      sub.ops[k].invoke = at;
    else
      sub.ops[k].complete = at;
  }
  return sub;
}

}  // namespace ariadne
