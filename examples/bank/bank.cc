// An in-memory bank used by several threads, recorded with ariadne's
// Recorder and checked for linearizability against bank_model.h.
//
//   bank correct   transfers and reads under one lock: must be valid
//   bank buggy     a transfer that reads and writes balances without a lock
//                  (a lost update): must be invalid, with a counterexample
//                  of at most 6 operations
//   bank bench [N] the Recorder's cost per operation (N operations a thread)
//
// Exit status 0 when the run is as expected, 1 otherwise.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ariadne/ariadne.h"
#include "bank_model.h"

namespace {

using ariadne::Value;

constexpr int kAccounts = 4;
constexpr int64_t kOpening = 100;

class Bank {
 public:
  explicit Bank(bool synchronised) : synchronised_(synchronised) {
    for (auto& b : balances_) b = kOpening;
  }

  // Moves `amount` from `from` to `to`; false (nothing moved) when `from`
  // holds less.
  bool transfer(int from, int to, int64_t amount) {
    if (synchronised_) {
      std::lock_guard<std::mutex> lock(mu_);
      return move(from, to, amount);
    }
    return move(from, to, amount);
  }

  std::vector<int64_t> read() {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (synchronised_) lock.lock();
    std::vector<int64_t> out;
    for (auto& b : balances_) out.push_back(b.load(std::memory_order_relaxed));
    return out;
  }

 private:
  // Read, then write each balance. Without the lock two transfers can
  // interleave between the read and the write, and one's update is lost;
  // the yield makes that interleaving likely even on a loaded machine.
  bool move(int from, int to, int64_t amount) {
    int64_t source = balances_[from].load(std::memory_order_relaxed);
    if (source < amount) return false;
    std::this_thread::yield();
    balances_[from].store(source - amount, std::memory_order_relaxed);
    int64_t target = balances_[to].load(std::memory_order_relaxed);
    std::this_thread::yield();
    balances_[to].store(target + amount, std::memory_order_relaxed);
    return true;
  }

  bool synchronised_;
  std::mutex mu_;
  std::atomic<int64_t> balances_[kAccounts];
};

Value balances_value(const std::vector<int64_t>& balances) {
  std::vector<Value> items;
  for (int64_t b : balances) items.push_back(Value::integer(b));
  return Value::vector(items);
}

// `threads` clients each run `ops` random operations (seeded by `seed` and
// the client), recorded in `rec`; then one last read of every balance.
void run_clients(Bank& bank, ariadne::Recorder& rec, int threads, int ops, uint64_t seed) {
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      std::mt19937_64 rng(seed * 1000 + t);
      Value process = Value::integer(t);
      for (int i = 0; i < ops; ++i) {
        if (rng() % 4 == 0) {
          auto h = rec.invoke(process, "read");
          rec.ok(h, balances_value(bank.read()));
          continue;
        }
        int from = rng() % kAccounts, to = (from + 1 + rng() % (kAccounts - 1)) % kAccounts;
        int64_t amount = 1 + rng() % 30;
        Value args[] = {Value::integer(from), Value::integer(to), Value::integer(amount)};
        auto h = rec.invoke(process, "transfer", Value::vector(args));
        if (bank.transfer(from, to, amount))
          rec.ok(h);
        else
          rec.fail(h);
      }
    });
  }
  for (auto& c : clients) c.join();
  auto h = rec.invoke(Value::integer(threads), "read");
  rec.ok(h, balances_value(bank.read()));
}

ariadne::CheckOptions bank_options() {
  ariadne::CheckOptions options;
  ariadne::use_model(options, ariadne::make_model("bank", bank::BankModel{kAccounts, kOpening}));
  options.timeout_ns = 60'000'000'000;
  return options;
}

int correct() {
  ariadne::Recorder rec("correct-bank");
  Bank bank(true);
  run_clients(bank, rec, 4, 100, 1);
  ariadne::CheckResult r = rec.check(bank_options());
  std::cout << "correct bank: " << rec.size() << " operations, " << ariadne::verdict_name(r.verdict)
            << "\n";
  if (r.error) std::cout << r.error->to_string() << "\n";
  return r.verdict == ariadne::Verdict::kValid ? 0 : 1;
}

int buggy() {
  // A fixed seed per round, and rounds until the race shows: a lost update
  // changes the sum of the balances, which the last read always sees.
  for (uint64_t round = 1; round <= 50; ++round) {
    ariadne::Recorder rec("buggy-bank");
    Bank bank(false);
    run_clients(bank, rec, 4, 40, round);
    ariadne::CheckOptions options = bank_options();
    ariadne::CheckResult r = rec.check(options);
    if (r.error) {
      std::cout << r.error->to_string() << "\n";
      return 1;
    }
    if (r.verdict == ariadne::Verdict::kValid) continue;
    ariadne::ReadResult h = rec.history();
    std::cout << "buggy bank, round " << round << ": " << rec.size() << " operations, "
              << ariadne::verdict_name(r.verdict) << "\n"
              << ariadne::text_report(h.history, options, r);
    if (r.verdict != ariadne::Verdict::kInvalid || !r.counterexample) return 1;
    size_t n = r.counterexample->ops.size();
    std::cout << "counterexample: " << n << " operations\n";
    return n <= 6 ? 0 : 1;
  }
  std::cout << "buggy bank: 50 rounds and no violation found\n";
  return 1;
}

// CPU time of the whole process (every thread), in nanoseconds: on a
// loaded machine wall time also counts the time other processes ran.
double cpu_ns() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ns = [](timeval t) { return t.tv_sec * 1e9 + t.tv_usec * 1e3; };
  return ns(u.ru_utime) + ns(u.ru_stime);
}

// Per operation: a relaxed atomic increment, alone and between invoke and
// ok, on two threads at once; CPU time over every operation of both.
int bench(int ops) {
  const int threads = 2;
  auto timed = [&](bool record) {
    ariadne::Recorder rec("bench");
    std::atomic<int64_t> counter{0};
    double t0 = cpu_ns();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        Value process = Value::integer(t), one = Value::integer(1);
        for (int i = 0; i < ops; ++i) {
          if (record) {
            auto h = rec.invoke(process, "add", one);
            counter.fetch_add(1, std::memory_order_relaxed);
            rec.ok(h);
          } else {
            counter.fetch_add(1, std::memory_order_relaxed);
          }
        }
      });
    for (auto& th : pool) th.join();
    return (cpu_ns() - t0) / (double(ops) * threads);
  };
  timed(true);  // warm up: page in, start threads once
  double plain = timed(false), recorded = timed(true);
  std::printf(
      "threads %d, %d operations each, CPU time per operation: %.0f ns plain, %.0f ns "
      "recorded; recorder overhead %.0f ns per operation (invoke + ok)\n",
      threads, ops, plain, recorded, recorded - plain);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "correct") return correct();
  if (mode == "buggy") return buggy();
  if (mode == "bench") return bench(argc > 2 ? std::atoi(argv[2]) : 1'000'000);
  std::cerr << "usage: bank correct|buggy|bench [operations]\n";
  return 64;
}
