#include "linearizability/reads_from.h"

#include <algorithm>
#include <unordered_set>

#include "linearizability/model.h"
#include "linearizability/user_model.h"

namespace ariadne::lin {

namespace {

// Whether `text` is `base` followed by pieces of `pieces` (each any number
// of times). Dynamic programming over positions.
bool decomposes(std::string_view text, std::string_view base,
                const std::unordered_set<std::string_view>& pieces,
                const std::vector<size_t>& lengths) {
  if (text.substr(0, base.size()) != base) return false;
  std::vector<char> reach(text.size() + 1, 0);
  reach[base.size()] = 1;
  for (size_t i = base.size(); i < text.size(); ++i) {
    if (!reach[i]) continue;
    for (size_t len : lengths)
      if (len > 0 && i + len <= text.size() && pieces.count(text.substr(i, len)))
        reach[i + len] = 1;
  }
  return reach[text.size()] != 0;
}

}  // namespace

ReadsFrom::ReadsFrom(const History& h, const CheckOptions& options,
                     const std::vector<uint32_t>& universe) {
  initials_.initial = options.initial;
  initials_.initial_by_key = options.initial_by_key;
  const Value& initial = initials_.initial;
  const models::ModelDef* def = models::find_model(options.model);
  if (def) initial_reads_ = def->initial_reads;
  for (uint32_t index : universe) {
    const Operation& op = h.ops[index];
    if (op.status == OpStatus::kFail) continue;
    Facts fx;
    if (options.user_model) {
      if (options.user_model->has_effects()) {
        Value key = h.has_key(op) ? h.key(op) : Value();
        ModelEffects e = user_effects(*options.user_model, h, op);
        if (op.status == OpStatus::kOk)
          for (Value v : e.reads) fx.reads.push_back({key, v});
        for (Value v : e.writes) fx.writes.push_back({key, v});
      }
    } else if (def && def->effects) {
      def->effects(*def, h, op, h.has_key(op) ? h.key(op) : Value(), options, fx);
    }
    facts_.emplace(index, std::move(fx));
  }

  // Drop what needs no writer: initial values, and values nothing writes.
  std::unordered_set<Token, TokenHash> written;
  int64_t up = 0, down = 0;
  for (const auto& [index, fx] : facts_) {
    written.insert(fx.writes.begin(), fx.writes.end());
    if (fx.delta > 0) up += fx.delta;
    if (fx.delta < 0) down += fx.delta;
  }
  bool any_append = std::any_of(facts_.begin(), facts_.end(),
                                [](const auto& p) { return !p.second.appends.empty(); });
  Written everything = written_by(universe);
  for (auto& entry : facts_) {
    Facts& fx = entry.second;  // not a structured binding: lambdas below capture it
    auto initial_or_unwritten = [&](const Token& t) {
      if (initial_reads_ == models::InitialReads::kValue) {
        if (t.value == initials_.initial_of(t.key)) return true;
      } else if (initial_reads_ == models::InitialReads::kElements &&
                 (initial.kind() == Kind::kVector || initial.kind() == Kind::kSet)) {
        auto items = initial.items();
        if (std::find(items.begin(), items.end(), t.value) != items.end()) return true;
      }
      return written.count(t) == 0;
    };
    // A string read is either one written value (a token) or explained
    // by appends; keep whichever the universe can explain.
    std::vector<Token> appended;
    for (const Token& t : fx.appended_reads)
      if (t.value != initials_.initial_of(t.key) && written.count(t) == 0 && any_append &&
          appends_explain(t, everything))
        appended.push_back(t);
    fx.appended_reads = std::move(appended);
    std::erase_if(fx.reads, [&](const Token& t) {
      if (std::find(fx.appended_reads.begin(), fx.appended_reads.end(), t) !=
          fx.appended_reads.end())
        return true;
      return initial_or_unwritten(t);
    });
    if (fx.counter_read && (fx.delta_read > up || fx.delta_read < down || fx.delta_read == 0))
      fx.counter_read = false;
  }
}

const ReadsFrom::Facts* ReadsFrom::facts(uint32_t op) const {
  auto it = facts_.find(op);
  return it == facts_.end() ? nullptr : &it->second;
}

ReadsFrom::Written ReadsFrom::written_by(const std::vector<uint32_t>& ops) const {
  Written w;
  for (uint32_t op : ops) {
    const Facts* fx = facts(op);
    if (!fx) continue;
    for (const Token& t : fx->writes) {
      ++w.tokens[t];
      if (t.value.kind() == Kind::kString) w.by_key[t.key].bases.push_back(t.value.as_text());
    }
    for (const Token& t : fx->appends) {
      Written::Pieces& p = w.by_key[t.key];
      if (p.appended.insert(t.value.as_text()).second)
        p.lengths.push_back(t.value.as_text().size());
    }
    if (fx->delta > 0) w.up += fx->delta;
    if (fx->delta < 0) w.down += fx->delta;
  }
  for (auto& [key, p] : w.by_key) {
    std::sort(p.lengths.begin(), p.lengths.end());
    p.lengths.erase(std::unique(p.lengths.begin(), p.lengths.end()), p.lengths.end());
    const Value& initial = initials_.initial_of(key);
    p.bases.push_back(initial.kind() == Kind::kString ? initial.as_text() : "");
  }
  return w;
}

bool ReadsFrom::appends_explain(const Token& read, const Written& w) const {
  auto it = w.by_key.find(read.key);
  if (it == w.by_key.end()) return false;
  const Written::Pieces& p = it->second;
  std::string_view text = read.value.as_text();
  for (std::string_view base : p.bases)
    if (decomposes(text, base, p.appended, p.lengths)) return true;
  return false;
}

bool ReadsFrom::unmet(uint32_t op, const Written& w) const {
  const Facts* fx = facts(op);
  if (!fx) return false;
  for (const Token& t : fx->reads) {
    auto it = w.tokens.find(t);
    int self = static_cast<int>(std::count(fx->writes.begin(), fx->writes.end(), t));
    if (it == w.tokens.end() || it->second - self <= 0) return true;
  }
  for (const Token& t : fx->appended_reads)
    if (!appends_explain(t, w)) return true;
  if (fx->counter_read && (fx->delta_read > w.up || fx->delta_read < w.down)) return true;
  return false;
}

bool ReadsFrom::closed(const std::vector<uint32_t>& ops) const {
  Written w = written_by(ops);
  for (uint32_t op : ops)
    if (unmet(op, w)) return false;
  return true;
}

std::vector<uint32_t> ReadsFrom::repair(std::vector<uint32_t> ops) const {
  for (;;) {
    Written w = written_by(ops);
    std::vector<uint32_t> kept;
    for (uint32_t op : ops)
      if (!unmet(op, w)) kept.push_back(op);
    if (kept.size() == ops.size()) return ops;
    ops.swap(kept);
  }
}

std::vector<uint32_t> ReadsFrom::writers_of(uint32_t op, const std::vector<uint32_t>& ops) const {
  std::vector<uint32_t> out;
  const Facts* fx = facts(op);
  if (!fx) return out;
  for (uint32_t o : ops) {
    if (o == op) continue;
    const Facts* other = facts(o);
    if (!other) continue;
    bool writes = false;
    for (const Token& t : fx->reads)
      if (std::find(other->writes.begin(), other->writes.end(), t) != other->writes.end())
        writes = true;
    for (const Token& t : fx->appended_reads)
      for (const Token& a : other->appends)
        if (a.key == t.key && t.value.as_text().find(a.value.as_text()) != std::string_view::npos)
          writes = true;
    if (fx->counter_read && other->delta != 0) writes = true;
    if (writes) out.push_back(o);
  }
  return out;
}

}  // namespace ariadne::lin
