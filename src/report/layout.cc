#include "report/layout.h"

#include <algorithm>
#include <map>

#include "ariadne/report.h"

namespace ariadne::report {

namespace {

std::string cut(std::string text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  size_t n = max_chars;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // UTF-8 boundary
  return text.substr(0, n) + "...";
}

}  // namespace

bool reads(Value f) {
  if (!f.is_text()) return false;
  std::string_view n = f.as_text();
  return n == "read" || n == "get" || n == "dequeue" || n == "pop";
}

std::string op_label(const History& h, uint32_t index, size_t max_chars, bool with_key) {
  const Operation& op = h.ops[index];
  Value f = h.f(op);
  std::string out = cut(f.is_text() ? std::string(f.as_text()) : to_edn(f), max_chars);
  if (with_key && h.has_key(op)) out += " " + cut(to_edn(h.key(op)), max_chars);
  Value arg = h.argument(op);
  if (!arg.is_null()) out += " " + cut(to_edn(arg), max_chars);
  if (op.status == OpStatus::kOk) {
    Value res = h.result(op);
    if (res != arg || reads(f)) out += " -> " + cut(to_edn(res), max_chars);
  }
  return out;
}

Layout lay_out(const History& h, const std::vector<uint32_t>& ops) {
  Layout layout;
  // Slots: the distinct instants of the ops' events (positions when untimed).
  std::vector<int64_t> instants;
  for (uint32_t i : ops) {
    const Operation& op = h.ops[i];
    instants.push_back(h.start(op));
    if (op.status != OpStatus::kCrashed) instants.push_back(h.end(op));
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  layout.slots = instants.size();
  auto slot = [&](int64_t t) {
    return static_cast<size_t>(std::lower_bound(instants.begin(), instants.end(), t) -
                               instants.begin());
  };
  // Rows: per process, a lane per overlap; a lane is free after its last end.
  std::map<Value, std::vector<size_t>> lanes;  // process -> rows of its lanes
  std::vector<size_t> row_free_from;           // first slot a row is free at
  for (uint32_t i : ops) {
    const Operation& op = h.ops[i];
    Box box;
    box.op = i;
    box.start = slot(h.start(op));
    box.open = op.status == OpStatus::kCrashed;
    box.end = box.open ? layout.slots : slot(h.end(op));
    Value p = h.process(op);
    std::vector<size_t>& mine = lanes[p];
    auto free = std::find_if(mine.begin(), mine.end(),
                             [&](size_t row) { return row_free_from[row] <= box.start; });
    if (free == mine.end()) {
      layout.rows.push_back("process " + bounded_edn(p) + (mine.empty() ? "" : " (overlapping)"));
      row_free_from.push_back(0);
      mine.push_back(layout.rows.size() - 1);
      free = mine.end() - 1;
    }
    box.row = *free;
    row_free_from[box.row] = box.end + 1;
    layout.boxes.push_back(box);
  }
  return layout;
}

bool several_keys(const History& h, const std::vector<uint32_t>& ops) {
  for (uint32_t i : ops)
    if (h.has_key(h.ops[i]) != h.has_key(h.ops[ops[0]]) || h.key(h.ops[i]) != h.key(h.ops[ops[0]]))
      return true;
  return false;
}

std::string consistency_words(Consistency c) {
  return c == Consistency::kSequential ? "sequentially consistent"
                                       : std::string(consistency_name(c));
}

}  // namespace ariadne::report
