// The parts of run_model.h that do not depend on the model type.
#include "linearizability/run_model.h"

#include "ariadne/report.h"

namespace ariadne::lin {

ParseError op_error(const History& h, const Operation& op, std::string message) {
  const Event& e = h.first_event(op);
  ParseError err;
  err.file = h.name;
  err.line = e.line;
  err.column = 1;
  err.message = std::move(message);
  return err;
}

bool any_keyed(const History& h) {
  return std::any_of(h.ops.begin(), h.ops.end(),
                     [&](const Operation& op) { return h.has_key(op); });
}

bool checked_whole(const CheckOptions& options) {
  return options.consistency == Consistency::kSequential || !options.partition;
}

ProgressTicker::ProgressTicker(const std::function<void(const Progress&)>& callback,
                               std::atomic<uint64_t>& explored, std::atomic<size_t>& done,
                               size_t total) {
  if (!callback) return;
  thread_ = std::thread([this, &callback, &explored, &done, total] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; }))
      callback({done.load(), total, explored.load()});
  });
}

void ProgressTicker::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int Runner::threads() const {
  return options_.threads > 0 ? options_.threads : tbb::this_task_arena::max_concurrency();
}

void Runner::decide_fast(models::FastProcedure fast, const std::vector<PreparedPartition>& prepared,
                         CheckResult& result, MemoryBudget& memory, tbb::task_arena& arena) {
  using Clock = std::chrono::steady_clock;
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, prepared.size(), [&](size_t i) {
      PartitionResult& pr = result.partitions[i];
      const PreparedPartition& pp = prepared[i];
      auto t0 = Clock::now();
      uint64_t bytes = kFastBytesPerOp * pp.ops.size();
      if (!memory.take(bytes)) {
        pr.fast_declined = "memory limit: no room for the fast procedure's tables";
        return;
      }
      models::FastResult fr = fast({h_, pp.ops, pp.times, pp.process_of, options_, time_});
      memory.give(bytes);
      pr.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
      switch (fr.verdict) {
        case models::FastVerdict::kDeclined: pr.fast_declined = std::move(fr.declined); return;
        case models::FastVerdict::kUnknown: pr.fast_declined = "stopped: " + fr.reason; return;
        case models::FastVerdict::kValid: pr.verdict = Verdict::kValid; break;
        case models::FastVerdict::kInvalid: pr.verdict = Verdict::kInvalid; break;
      }
      pr.reason.clear();
      pr.procedure = std::move(fr.procedure);
      pr.fast_witness = std::move(fr.witness);
    });
  });
}

void Runner::summarize(CheckResult& result) const {
  if (result.error) return;
  if (result.failing) {
    result.verdict = Verdict::kInvalid;
    return;
  }
  for (const PartitionResult& p : result.partitions) {
    if (p.verdict != Verdict::kUnknown) continue;
    result.verdict = Verdict::kUnknown;
    std::string where = p.keyed ? "key " + bounded_edn(p.key) : std::string("the history");
    result.reason = p.reason + " on " + where + " after placing " + std::to_string(p.progress_ops) +
                    " of its ok operations (" + std::to_string(p.states) + " states explored)";
    return;
  }
  result.verdict = Verdict::kValid;
}

}  // namespace ariadne::lin
