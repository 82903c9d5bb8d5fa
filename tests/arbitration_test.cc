// Last-writer-wins registers under --consistency eventual: a write is lost
// only when the surviving write happened before it (process order and
// reads-from), unless --arbitration realtime. Hand-written histories, then
// a property test over a simulated three-replica store with Lamport clocks
// and causal delivery.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "ariadne/checker.h"
#include "ariadne/convergence.h"
#include "ariadne/ingest.h"
#include "convergence/causality.h"
#include "convergence_support.h"
#include "report/convergence.h"
#include "run_cli.h"

namespace {

using ariadne::Arbitration;
using ariadne::CheckOptions;
using ariadne::CheckResult;
using ariadne::ConvergenceReport;
using ariadne::History;
using ariadne::Verdict;

using convergence_test::Checked;

Checked check(const std::string& text, const std::string& model, Arbitration a) {
  CheckOptions o = convergence_test::eventual(model);
  o.arbitration = a;
  return convergence_test::check_text(text, o);
}

// One op as two JSON lines (invoke, then its completion).
std::string op(int process, const char* node, const char* f, const std::string& in,
               const std::string& out, const char* extra = "") {
  std::string head = "{\"process\":" + std::to_string(process) + ",\"node\":\"" + node + "\"" +
                     extra + ",\"f\":\"" + f + "\"";
  return head + ",\"type\":\"invoke\",\"value\":" + in + "}\n" + head +
         ",\"type\":\"ok\",\"value\":" + out + "}\n";
}

std::string final_read(int process, const char* node, const std::string& v,
                       const char* extra = "") {
  std::string e = std::string(extra) + ",\"final\":true";
  return op(process, node, "read", "null", v, e.c_str());
}

}  // namespace

TEST_CASE("a later write concurrent with the winner may lose: valid, not with realtime",
          "[arbitration]") {
  // Process 1 on n2 writes 2 after the write of 1 completed, but never saw it.
  std::string h = op(0, "n1", "write", "1", "1") + op(1, "n2", "write", "2", "2") +
                  final_read(0, "n1", "1") + final_read(1, "n2", "1");
  Checked causal = check(h, "register", Arbitration::kCausal);
  CHECK(causal.result.verdict == Verdict::kValid);
  CHECK(causal.report().concurrent_overwrites == 1);
  REQUIRE(causal.report().worst_overwrites.size() == 1);
  CHECK(causal.report().worst_overwrites[0].write == 1);
  CHECK(causal.report().worst_overwrites[0].winner == 0);
  CHECK(causal.report().worst_overwrites[0].gap == 1);  // invoked at 2, acknowledged at 1
  std::string text = ariadne::report::convergence_text(causal.history, causal.report());
  CHECK(text.find("concurrent overwrites (not violations") != std::string::npos);
  CHECK(ariadne::report::convergence_json(causal.history, causal.report())
            .find("\"concurrent_overwrites\":1,\"worst_overwrites\":[{\"gap\":1,\"write\":"
                  "{\"line\":3") != std::string::npos);

  Checked realtime = check(h, "register", Arbitration::kRealtime);
  CHECK(realtime.result.verdict == Verdict::kInvalid);
  CHECK(realtime.report().lost == std::vector<uint32_t>{1});
  CHECK(realtime.report().concurrent_overwrites == 0);
}

TEST_CASE("a write that saw the winner and lost is lost under either arbitration",
          "[arbitration]") {
  // Process 1 reads 1 on n2, then writes 2: the write of 1 happened before it.
  std::string h = op(0, "n1", "write", "1", "1") + op(1, "n2", "read", "null", "1") +
                  op(1, "n2", "write", "2", "2") + final_read(0, "n1", "1") +
                  final_read(1, "n2", "1");
  for (Arbitration a : {Arbitration::kCausal, Arbitration::kRealtime}) {
    Checked c = check(h, "register", a);
    CHECK(c.result.verdict == Verdict::kInvalid);
    CHECK(c.report().lost == std::vector<uint32_t>{2});
    REQUIRE(c.report().findings.size() == 1);
    CHECK(c.report().findings[0].kind == ConvergenceReport::FindingKind::kLost);
  }
  Checked causal = check(h, "register", Arbitration::kCausal);
  CHECK(causal.result.counterexample->explanation.find("happened after it") != std::string::npos);
}

TEST_CASE(
    "happened-before crosses keys: a kv write that read another key written after the "
    "winner is lost",
    "[arbitration]") {
  // p0 writes x=1 then y=5; p1 reads y=5 then writes x=2; x ends at 1.
  const char* kx = ",\"key\":\"x\"";
  const char* ky = ",\"key\":\"y\"";
  std::string h = op(0, "n1", "write", "1", "1", kx) + op(0, "n1", "write", "5", "5", ky) +
                  op(1, "n2", "read", "null", "5", ky) + op(1, "n2", "write", "2", "2", kx) +
                  final_read(0, "n1", "1", kx) + final_read(1, "n2", "1", kx) +
                  final_read(0, "n1", "5", ky) + final_read(1, "n2", "5", ky);
  Checked c = check(h, "kv", Arbitration::kCausal);
  CHECK(c.result.verdict == Verdict::kInvalid);
  CHECK(c.report().lost == std::vector<uint32_t>{3});
}

TEST_CASE("a read of a value two writes wrote adds no reads-from edge", "[arbitration]") {
  // Both p0 and p2 wrote 1; p1 reads 1 then writes 2: which write it read
  // is unknown, so the write of 2 may be concurrent with the survivor.
  std::string h = op(0, "n1", "write", "1", "1") + op(2, "n3", "write", "1", "1") +
                  op(1, "n2", "read", "null", "1") + op(1, "n2", "write", "2", "2") +
                  final_read(0, "n1", "1") + final_read(1, "n2", "1") + final_read(2, "n3", "1");
  CHECK(check(h, "register", Arbitration::kCausal).result.verdict == Verdict::kValid);
}

TEST_CASE("no node: registers, counters and kv are one store read by clients", "[arbitration]") {
  // Two clients write; every read after the last write is final and must
  // agree; there is no per-process replica any more.
  std::string h =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n"
      "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
      "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n";
  Checked c = check(h, "register", Arbitration::kCausal);
  CHECK(c.result.verdict == Verdict::kValid);
  CHECK(c.report().replicas == std::vector<std::string>{"the store"});
  Checked none = check(
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n",
      "register", Arbitration::kCausal);
  CHECK(none.result.verdict == Verdict::kUnknown);
  CHECK(none.result.reason == "no final read of the object at all");
}

// ---- Property: a simulated three-replica LWW store, Lamport clocks ----

namespace {

struct Stamp {
  int64_t counter = -1;
  int replica = -1;
  bool operator<(const Stamp& o) const {
    return counter != o.counter ? counter < o.counter : replica < o.replica;
  }
};

struct Message {
  int from, key;
  int64_t value;
  Stamp stamp;
  std::vector<int> clock;  // the sender's applied counts, its own included
};

struct Sim {
  static constexpr int kReplicas = 3, kClients = 2;  // clients per replica
  int keys;
  bool kv;
  std::mt19937& rng;
  std::vector<std::vector<int64_t>> value;  // [replica][key]
  std::vector<std::vector<Stamp>> stamp;
  std::vector<int64_t> lamport;
  std::vector<std::vector<int>> applied;      // [replica][origin]
  std::vector<std::vector<Message>> transit;  // per destination
  std::string text;
  int64_t next_value = 1;

  Sim(int keys_, bool kv_, std::mt19937& r)
      : keys(keys_),
        kv(kv_),
        rng(r),
        value(kReplicas, std::vector<int64_t>(keys_, 0)),
        stamp(kReplicas, std::vector<Stamp>(keys_)),
        lamport(kReplicas, 0),
        applied(kReplicas, std::vector<int>(kReplicas, 0)),
        transit(kReplicas) {}

  std::string extra(int key, bool final = false) const {
    std::string e = kv ? ",\"key\":" + std::to_string(key) : std::string();
    return final ? e + ",\"final\":true" : e;
  }

  void apply(int r, int key, int64_t v, Stamp s) {
    lamport[r] = std::max(lamport[r], s.counter);
    if (stamp[r][key] < s) {
      stamp[r][key] = s;
      value[r][key] = v;
    }
  }

  void emit(int process, int r, const char* f, int key, int64_t in, int64_t out, bool fin) {
    std::string node = "n" + std::to_string(r);
    std::string e = extra(key, fin);
    // Value 0 is the initial nil.
    text += op(process, node.c_str(), f, in <= 0 ? "null" : std::to_string(in),
               out <= 0 ? "null" : std::to_string(out), e.c_str());
  }

  // A client of replica r writes a fresh value; `drop`: acknowledged, but
  // no replica ever applies it.
  void write(int process, int r, int key, bool drop = false) {
    int64_t v = next_value++;
    emit(process, r, "write", key, v, v, false);
    if (drop) return;
    Stamp s{++lamport[r], r};
    apply(r, key, v, s);
    ++applied[r][r];
    for (int d = 0; d < kReplicas; ++d)
      if (d != r) transit[d].push_back({r, key, v, s, applied[r]});
  }

  int64_t read(int process, int r, int key, bool fin = false) {
    emit(process, r, "read", key, -1, value[r][key], fin);
    return value[r][key];
  }

  // Delivers one causally deliverable message to d, if any.
  bool deliver(int d) {
    auto& q = transit[d];
    std::vector<size_t> ready;
    for (size_t i = 0; i < q.size(); ++i) {
      const Message& m = q[i];
      bool ok = m.clock[m.from] == applied[d][m.from] + 1;
      for (int j = 0; j < kReplicas && ok; ++j)
        if (j != m.from && m.clock[j] > applied[d][j]) ok = false;
      if (ok) ready.push_back(i);
    }
    if (ready.empty()) return false;
    size_t pick = ready[rng() % ready.size()];
    Message m = q[pick];
    q.erase(q.begin() + static_cast<long>(pick));
    apply(d, m.key, m.value, m.stamp);
    ++applied[d][m.from];
    return true;
  }

  void run(int steps) {
    for (int s = 0; s < steps; ++s) {
      int r = static_cast<int>(rng() % kReplicas);
      int process = r * kClients + static_cast<int>(rng() % kClients);
      int key = static_cast<int>(rng() % keys);
      int what = static_cast<int>(rng() % 10);
      if (what < 4)
        write(process, r, key);
      else if (what < 7)
        read(process, r, key);
      else
        deliver(r);
    }
  }

  void drain() {
    for (bool any = true; any;) {
      any = false;
      for (int d = 0; d < kReplicas; ++d) any = deliver(d) || any;
    }
  }

  void final_reads() {
    for (int r = 0; r < kReplicas; ++r)
      for (int key = 0; key < keys; ++key) read(r * kClients, r, key, true);
  }
};

Verdict verdict(const std::string& text, bool kv, Arbitration a, size_t* overwrites = nullptr) {
  Checked c = check(text, kv ? "kv" : "register", a);
  if (overwrites) *overwrites = c.report().concurrent_overwrites;
  return c.result.verdict;
}

}  // namespace

TEST_CASE(
    "a simulated Lamport-clock LWW store with causal delivery is valid; dropping a "
    "causally later write is not",
    "[arbitration][property]") {
  std::mt19937 rng(1312);
  size_t with_overwrites = 0, realtime_invalid = 0;
  for (int round = 0; round < 300; ++round) {
    bool kv = round % 2 == 1;
    int keys = kv ? 2 : 1;
    uint32_t seed = static_cast<uint32_t>(rng());
    // Clean run: every write delivered everywhere, final reads agree.
    std::mt19937 r1(seed);
    Sim clean(keys, kv, r1);
    clean.run(12 + static_cast<int>(seed % 16));
    clean.drain();
    std::string tail_free = clean.text;
    clean.final_reads();
    INFO(clean.text);
    size_t overwrites = 0;
    CHECK(verdict(clean.text, kv, Arbitration::kCausal, &overwrites) == Verdict::kValid);
    if (overwrites > 0) {
      ++with_overwrites;
      realtime_invalid += verdict(clean.text, kv, Arbitration::kRealtime) == Verdict::kInvalid;
    }

    // Mutation: the same run, then a client reads a key on some replica
    // and writes it; that write, which follows the survivor causally, is
    // acknowledged yet dropped at every replica.
    std::mt19937 r2(seed);
    Sim lossy(keys, kv, r2);
    lossy.run(12 + static_cast<int>(seed % 16));
    lossy.drain();
    REQUIRE(lossy.text == tail_free);
    int replica = static_cast<int>(rng() % Sim::kReplicas);
    int key = static_cast<int>(rng() % keys);
    int process = replica * Sim::kClients + 1;
    lossy.read(process, replica, key);
    lossy.write(process, replica, key, /*drop=*/true);
    lossy.final_reads();
    INFO(lossy.text);
    CHECK(verdict(lossy.text, kv, Arbitration::kCausal) == Verdict::kInvalid);
  }
  // The clean runs exercise the point of the change.
  CHECK(with_overwrites > 20);
  CHECK(realtime_invalid == with_overwrites);
}

// ---- The sweep of happened-before against the plain search ----

TEST_CASE("happened-before: the topological sweep agrees with a search from each candidate",
          "[arbitration][property]") {
  std::mt19937 rng(4242);
  size_t swept = 0, candidates = 0;
  for (int round = 0; round < 300; ++round) {
    // Sequential clients on two keys; a read returns a value some write of
    // that key had invoked by then (so po ∪ rf is acyclic), or, rarely, any
    // value written anywhere (which may close a cycle).
    int processes = 2 + static_cast<int>(rng() % 4);
    std::vector<std::vector<int64_t>> invoked(2);
    std::vector<int> open(processes, 0);  // 0 idle, 1 writing, 2 reading
    std::vector<int64_t> arg(processes), key(processes);
    std::string text;
    int64_t next = 1;
    std::vector<int64_t> all;
    auto line = [&](int p, const char* type, const char* f, int64_t k, const std::string& v,
                    bool fin) {
      text += "{\"process\":" + std::to_string(p) + ",\"type\":\"" + type + "\",\"f\":\"" + f +
              "\",\"key\":" + std::to_string(k) + ",\"value\":" + v +
              (fin ? ",\"final\":true}\n" : "}\n");
    };
    for (int step = 0; step < 40; ++step) {
      int p = static_cast<int>(rng() % processes);
      if (open[p] == 0) {
        key[p] = static_cast<int64_t>(rng() % 2);
        if (rng() % 2) {
          arg[p] = next++;
          invoked[key[p]].push_back(arg[p]);
          all.push_back(arg[p]);
          line(p, "invoke", "write", key[p], std::to_string(arg[p]), false);
          open[p] = 1;
        } else {
          line(p, "invoke", "read", key[p], "null", false);
          open[p] = 2;
        }
      } else if (open[p] == 1) {
        line(p, rng() % 6 ? "ok" : "info", "write", key[p], std::to_string(arg[p]), false);
        open[p] = 0;
      } else {
        const auto& pool = rng() % 10 ? invoked[key[p]] : all;
        std::string v = pool.empty() ? "null" : std::to_string(pool[rng() % pool.size()]);
        line(p, "ok", "read", key[p], v, false);
        open[p] = 0;
      }
    }
    for (int p = 0; p < processes; ++p)
      if (open[p] == 2) line(p, "ok", "read", key[p], "null", false);
    // Final reads of values each key was written, so there are candidates.
    for (int64_t k = 0; k < 2; ++k)
      for (int i = 0; i < 2 && !invoked[k].empty(); ++i) {
        int p = processes + i;
        std::string v = std::to_string(invoked[k][rng() % invoked[k].size()]);
        line(p, "invoke", "read", k, "null", true);
        line(p, "ok", "read", k, v, true);
      }
    INFO(text);
    ariadne::ReadResult r = ariadne::read_history_buffer(text, "rand.jsonl", {});
    REQUIRE(r.ok());
    CheckOptions o;
    o.model = "kv";
    o.consistency = ariadne::Consistency::kEventual;
    ariadne::convergence::Objects objects;
    REQUIRE_FALSE(ariadne::convergence::build_objects(r.history, o, objects).has_value());
    ariadne::convergence::Causality fast(r.history, objects), plain(r.history, objects, true);
    swept += fast.swept();
    for (const auto& obj : objects.objects)
      for (const auto& u : obj.updates) {
        candidates += !fast.after(u.op).empty();
        CHECK(fast.after(u.op) == plain.after(u.op));
      }
  }
  CHECK(swept > 200);
  CHECK(candidates > 100);
}

TEST_CASE("the CLI: --arbitration and --linearizable-sets", "[arbitration][cli]") {
  const std::string histories = std::string(ARIADNE_SOURCE_DIR) + "/histories/";
  const std::string superseded = histories + "bad/eventual-register-superseded-write.jsonl";
  auto run = [](const std::string& args) { return cli_test::ariadne("check " + args); };
  cli_test::Run causal = run(superseded + " --model register --consistency eventual");
  CHECK(causal.code == 0);
  CHECK(causal.out.find("  concurrent overwrites (not violations") != std::string::npos);
  CHECK(run(superseded + " --model register --consistency eventual --arbitration realtime").code ==
        1);
  std::string err = std::filesystem::temp_directory_path() /
                    ("ariadne-arbitration-" + std::to_string(::getpid()) + ".err");
  CHECK(cli_test::ariadne(
            "check " + superseded + " --model register --consistency eventual --arbitration latest",
            err)
            .code == 64);
  std::ifstream in(err);
  std::string message((std::istreambuf_iterator<char>(in)), {});
  CHECK(message.find("unknown --arbitration 'latest' (one of causal, realtime)") !=
        std::string::npos);
  std::filesystem::remove(err);

  const std::string stale = histories + "bad/eventual-set-full-stale.edn";
  cli_test::Run loose = run(stale + " --model set --consistency eventual");
  CHECK(loose.code == 0);
  CHECK(loose.out.find("1 attempted, 1 stable, 0 lost, 0 never read, 1 stale, 0 duplicated") !=
        std::string::npos);
  cli_test::Run strict = run(stale + " --model set --consistency eventual --linearizable-sets");
  CHECK(strict.code == 1);
  CHECK(strict.out.find("stale in the object:") != std::string::npos);

  // The HTML report carries both outcomes (its text part, escaped).
  std::string html = std::filesystem::temp_directory_path() /
                     ("ariadne-arbitration-" + std::to_string(::getpid()) + ".html");
  CHECK(run(stale + " --model set --consistency eventual --html " + html).code == 0);
  std::ifstream page_in(html);
  std::string page((std::istreambuf_iterator<char>(page_in)), {});
  CHECK(page.find("set-full (Jepsen&#39;s reading: no node, one store read by clients)") !=
        std::string::npos);
  CHECK(run(superseded + " --model register --consistency eventual --html " + html).code == 0);
  std::ifstream page2_in(html);
  std::string page2((std::istreambuf_iterator<char>(page2_in)), {});
  CHECK(page2.find("concurrent overwrites (not violations") != std::string::npos);
  std::filesystem::remove(html);

  cli_test::Run help = run("--help");
  CHECK(help.out.find("--linearizable-sets") != std::string::npos);
  CHECK(help.out.find("--arbitration arg (=causal)") != std::string::npos);
}
