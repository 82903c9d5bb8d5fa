#include "ariadne/history.h"

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
