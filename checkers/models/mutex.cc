// mutex: acquire, release (Knossos' model: a release needs the lock held,
// by anyone). The state is one word: 0 free, 1 held.
#include "linearizability/run_model.h"
#include "models/model.h"

namespace ariadne::lin {

namespace {

class MutexModel {
 public:
  static constexpr bool kNondeterministic = false;
  enum Code : uint8_t { kAcquire, kRelease };

  Prepared prepare(const History& h, const Operation& op, PreparedOp& out, std::string& why) const {
    Value f = h.f(op);
    if (f_is(f, {"acquire", "lock"})) {
      out.code = kAcquire;
      return Prepared::kKeep;
    }
    if (f_is(f, {"release", "unlock"})) {
      out.code = kRelease;
      return Prepared::kKeep;
    }
    why = "expected f :acquire or :release for model mutex, got " + to_edn(f);
    return Prepared::kError;
  }

  void initial(State& out) const { out.assign(1, 0); }

  bool step(Words s, const PreparedOp& op, unsigned alt, State& out) const {
    if (alt > 0) return false;
    bool held = s[0] != 0;
    if (op.code == kAcquire ? held : !held) return false;
    out.assign(1, held ? 0 : 1);
    return true;
  }

  std::string describe(Words s) const { return s[0] ? "held" : "free"; }
};

}  // namespace

}  // namespace ariadne::lin

namespace ariadne::models {

namespace {

struct Make {
  static lin::MutexModel make(const CheckOptions& options, Value key) { return lin::MutexModel(); }
};

}  // namespace

ARIADNE_MODEL(mutex) {
  static const ModelDef def = [] {
    ModelDef d;
    d.name = "mutex";
    d.help = "a lock: a release needs the lock held (Knossos' model)";
    d.operations = "acquire, release";
    d.consistency = {Consistency::kLinearizable, Consistency::kSequential};
    d.rank = 8;
    d.search = &lin::search_model<Make>;
    d.replay = &lin::replay_model<Make>;
    return d;
  }();
  return def;
}

}  // namespace ariadne::models
