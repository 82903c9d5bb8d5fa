#include "generate/object.h"

#include <algorithm>

namespace ariadne::gen {

namespace {

bool coin(Rng& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
int pick(Rng& rng, int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }

Datum int_list(const std::vector<int64_t>& xs) {
  std::vector<Datum> items;
  items.reserve(xs.size());
  for (int64_t x : xs) items.push_back(Datum::integer(x));
  return Datum::list(std::move(items));
}

}  // namespace

void Object::choose(Rng& rng, Values& values, Op& op) const {
  auto value = [&] { return Datum::integer(values.next(rng)); };
  op.update = true;
  op.arg = Datum::nil();
  const std::string& m = model_;
  if (m == "register" || m == "cas-register") {
    int r = pick(rng, m == "register" ? 2 : 3);
    if (r == 0) {
      op.f = "read";
      op.update = false;
    } else if (r == 1) {
      op.f = "write";
      op.arg = value();
    } else {
      op.f = "cas";
      op.arg = Datum::list({value(), value()});
    }
  } else if (m == "kv") {
    int r = pick(rng, 5);
    if (r < 2) {
      op.f = "get";
      op.update = false;
    } else {
      op.f = r == 2 ? "put" : "append";
      op.arg = Datum::string("x" + std::to_string(values.next(rng)) + " ");
    }
  } else if (m == "set") {
    int r = pick(rng, 10);
    op.f = r < 6 ? "add" : r < 7 ? "remove" : "read";
    if (r < 7) op.arg = value();
    op.update = r < 7;
  } else if (m == "counter") {
    bool add = coin(rng, 0.6);
    op.f = add ? "add" : "read";
    // Unique values: every add is +1, so a read names how many took effect.
    if (add) op.arg = Datum::integer(values.unique() ? 1 : 1 + pick(rng, 5));
    op.update = add;
  } else if (m == "fifo-queue" || m == "unordered-queue" || m == "stack") {
    bool put = coin(rng, 0.5);
    bool stack = m == "stack";
    op.f = put ? (stack ? "push" : "enqueue") : (stack ? "pop" : "dequeue");
    if (put) op.arg = value();
  } else if (m == "mutex") {
    op.f = holder_ == op.process ? "release" : "acquire";
  } else if (m == "list-append") {
    bool append = coin(rng, 0.6);
    op.f = append ? "append" : "read";
    if (append) op.arg = value();
    op.update = append;
  } else {  // multi-register
    op.f = "txn";
    std::vector<Datum> micro;
    int n = 1 + pick(rng, 3);
    for (int i = 0; i < n; ++i) {
      bool write = coin(rng, 0.5);
      micro.push_back(
          Datum::list({Datum::keyword(write ? "write" : "read"),
                       Datum::integer(pick(rng, registers_)), write ? value() : Datum::nil()}));
    }
    op.arg = Datum::list(std::move(micro));
  }
}

Datum Object::read() const {
  const std::string& m = model_;
  if (m == "register" || m == "cas-register" || m == "kv") return reg_;
  if (m == "counter") return Datum::integer(counter_);
  return int_list(seq_);
}

bool Object::apply(Op& op) {
  const std::string f = op.f;
  const std::string& m = model_;
  op.result = op.arg;
  if (f == "read" || f == "get") {
    op.result = read();
    return true;
  }
  if (f == "write" || f == "put") {
    reg_ = op.arg;
  } else if (f == "cas") {
    if (!(reg_ == op.arg.items[0])) return false;
    reg_ = op.arg.items[1];
  } else if (f == "append" && m == "kv") {
    reg_ = Datum::string((reg_.kind == Datum::kString ? reg_.text : "") + op.arg.text);
  } else if (f == "append") {
    seq_.push_back(op.arg.number);
  } else if (f == "add" && m == "counter") {
    counter_ += op.arg.number;
  } else if (f == "add") {
    auto it = std::lower_bound(seq_.begin(), seq_.end(), op.arg.number);
    if (it == seq_.end() || *it != op.arg.number) seq_.insert(it, op.arg.number);
  } else if (f == "remove") {
    auto it = std::lower_bound(seq_.begin(), seq_.end(), op.arg.number);
    if (it != seq_.end() && *it == op.arg.number) seq_.erase(it);
  } else if (f == "enqueue" || f == "push") {
    seq_.push_back(op.arg.number);
  } else if (f == "dequeue" || f == "pop") {
    if (seq_.empty()) {
      op.result = Datum::nil();
      return true;
    }
    size_t at = f == "pop" ? seq_.size() - 1 : 0;
    if (m == "unordered-queue") at = static_cast<size_t>(op.index) % seq_.size();
    op.result = Datum::integer(seq_[at]);
    seq_.erase(seq_.begin() + static_cast<std::ptrdiff_t>(at));
  } else if (f == "acquire") {
    if (holder_ != -1) return false;
    holder_ = op.process;
  } else if (f == "release") {
    if (holder_ != op.process) return false;
    holder_ = -1;
  } else if (f == "txn") {
    for (Datum& micro : op.result.items) {
      Datum& reg = regs_[static_cast<size_t>(micro.items[1].number)];
      if (micro.items[0].text == "write")
        reg = micro.items[2];
      else
        micro.items[2] = reg;
    }
  }
  return true;
}

}  // namespace ariadne::gen
