// Shared plumbing of the typfrage core: index type, thread count, the
// parallel-for that catches worker exceptions and rethrows them on the calling
// thread, and the progress/interrupt policy interface.
//
// Pure C++17: no R headers. The R glue (src/) supplies a Progress policy
// whose tick() checks for a user interrupt and updates a progress bar; it is
// only ever called on the calling (main) thread: between chunks of work
// (parallel_for()), or between the main thread's own work items while the
// other threads compute (parallel_queue()).
#ifndef TYPFRAGE_POLICIES_HPP
#define TYPFRAGE_POLICIES_HPP

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace typfrage {

using index_t = std::ptrdiff_t;

// A Progress policy needs one member:
//   void tick(index_t done, index_t total);
// It runs on the calling thread only and may throw to abort the computation
// (the R glue throws when the user interrupts).
struct NoProgress {
  void tick(index_t, index_t) {}
};

// Thrown by a worker (any thread) that stops because an interrupt was
// requested on the main thread; parallel_for() lets the main thread's own
// exception (the R glue's interrupt) take precedence over it.
struct Interrupted : std::exception {
  const char* what() const noexcept override { return "computation interrupted"; }
};

// Cancellation inside a long piece of work (one k-means start on a million
// rows), between the progress ticks of parallel_for(). Created on the main
// thread (the R thread) with a check function that throws when the user has
// interrupted (the R glue: Rcpp::checkUserInterrupt()). Long loops call
// poll() every so often, on any thread:
// * on the thread that created it (the main thread; the master thread of
//   any OpenMP region it opens), poll() calls the check at most every 50 ms
//   and, when the check throws, raises the shared flag and rethrows;
// * on any other thread poll() only reads the flag and throws Interrupted
//   when it is raised. The check (R API) never runs on a worker thread.
// A default-constructed poll (or a null pointer to one) never interrupts.
class InterruptPoll {
 public:
  InterruptPoll() = default;
  template <typename Check>
  explicit InterruptPoll(Check& check)
      : owner_(std::this_thread::get_id()), obj_(&check),
        fn_([](void* o) { (*static_cast<Check*>(o))(); }) {}
  InterruptPoll(const InterruptPoll&) = delete;
  InterruptPoll& operator=(const InterruptPoll&) = delete;

  void poll() {
    if (stop_.load(std::memory_order_relaxed)) throw Interrupted();
    if (!fn_ || std::this_thread::get_id() != owner_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    try {
      fn_(obj_);
    } catch (...) {
      stop_.store(true, std::memory_order_relaxed);
      throw;
    }
  }
  bool stopped() const { return stop_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> stop_{false};
  std::thread::id owner_;
  void* obj_ = nullptr;
  void (*fn_)(void*) = nullptr;
  std::chrono::steady_clock::time_point last_{};  // touched by the owner only
};

// poll() on an optional InterruptPoll.
inline void poll_interrupt(InterruptPoll* interrupt) {
  if (interrupt) interrupt->poll();
}

// Number of threads actually used: at least 1, at most the OpenMP thread
// limit, and 1 when the package was built without OpenMP.
inline int effective_threads(int requested) {
  if (requested < 1) requested = 1;
#ifdef _OPENMP
  const int limit = omp_get_thread_limit();
  if (limit > 0 && requested > limit) requested = limit;
  return requested;
#else
  return 1;
#endif
}

inline bool has_openmp() {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

// Default chunk: small enough that the progress bar moves and an interrupt is
// noticed about a hundred times per run, large enough to keep threads busy.
inline index_t default_chunk(index_t n, int threads) {
  const index_t by_share = (n + 99) / 100;
  return std::max<index_t>(static_cast<index_t>(4) * threads, by_share);
}

// The first exception of the work items of a parallel loop, for the calling
// thread to rethrow: an Interrupted only if nothing else was thrown, so the
// main thread's interrupt wins over the workers that stopped because of it.
// record() must be called inside a catch block.
class FirstError {
 public:
  void record(bool interrupted) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_ || (interrupted_ && !interrupted)) {
      error_ = std::current_exception();
      interrupted_ = interrupted;
    }
    failed_.store(true, std::memory_order_relaxed);
  }
  // Runs fn(), recording what it throws.
  template <typename Fn>
  void run(Fn&& fn) {
    try {
      fn();
    } catch (const Interrupted&) {
      record(true);
    } catch (...) {
      record(false);
    }
  }
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::atomic<bool> failed_{false};
  std::exception_ptr error_ = nullptr;
  bool interrupted_ = false;
  std::mutex mutex_;
};

// Run fn(i) for i in [0, n), in chunks, on up to `threads` threads.
// Work items must be independent (results written to item-owned slots), so the
// result never depends on the number of threads or on scheduling.
// After every chunk, on the calling thread: the first exception thrown by any
// worker is rethrown (FirstError), then progress.tick(done, n) is called.
template <typename Fn, typename Progress>
void parallel_for(index_t n, int threads, Fn&& fn, Progress& progress,
                  index_t chunk = 0) {
  if (n <= 0) return;
  // Never more threads than items: a single item (one long start) then runs
  // on the calling thread, the one that polls for interrupts.
  threads = effective_threads(static_cast<int>(std::min<index_t>(threads, n)));
  if (chunk <= 0) chunk = default_chunk(n, threads);
  for (index_t begin = 0; begin < n; begin += chunk) {
    const index_t end = std::min(n, begin + chunk);
    FirstError error;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) if (threads > 1)
#endif
    for (index_t i = begin; i < end; ++i) {
      if (error.failed()) continue;
      error.run([&] { fn(i); });
    }
    error.rethrow();
    progress.tick(end, n);
  }
}

// Interval between two progress ticks of parallel_queue() beyond the count of
// `chunk` items: a tick (and so an interrupt check) also comes after every
// item of the main thread that ends at least this long after the last tick,
// so a run of few but long items (a million bootstrap replicates, chunks of
// 10,000 refits) stops within one item of Ctrl-C. Ticks never change results.
constexpr std::chrono::milliseconds queue_tick_interval{20};

// Serial loop with the progress contract of parallel_queue() (ticks after
// `chunk` items, or after the first item that ends queue_tick_interval after
// the last tick), for one thread.
template <typename Fn, typename Progress>
void serial_for(index_t n, Fn&& fn, Progress& progress, index_t chunk = 0) {
  if (n <= 0) return;
  if (chunk <= 0) chunk = default_chunk(n, 1);
  index_t ticked = 0;
  auto last = std::chrono::steady_clock::now();
  for (index_t i = 0; i < n; ++i) {
    fn(i);
    const index_t d = i + 1;
    if (d == n) break;
    const auto now = std::chrono::steady_clock::now();
    if (d - ticked >= chunk || now - last >= queue_tick_interval) {
      ticked = d;
      last = now;
      progress.tick(d, n);
    }
  }
  progress.tick(n, n);
}

// Run fn(i) for i in [0, n) on up to `threads` threads, in one parallel
// region: every thread takes the next item from a shared counter until none
// is left. For work items of uneven length (k-means starts, replicates):
// parallel_for() waits at the end of every chunk for its longest item, this
// waits only once. The main thread calls progress.tick(done, n) after each
// of its own items once `chunk` more items are done or queue_tick_interval
// has passed since its last tick (and at the end), so the bar moves and
// interrupts are noticed within about one item while the other threads work.
// Work items must be independent (results written to item-owned slots), so
// the result never depends on the number of threads or on scheduling.
// Exceptions: as parallel_for(); after the first one no further item starts.
template <typename Fn, typename Progress>
void parallel_queue(index_t n, int threads, Fn&& fn, Progress& progress, index_t chunk = 0) {
  if (n <= 0) return;
  threads = effective_threads(static_cast<int>(std::min<index_t>(threads, n)));
  if (chunk <= 0) chunk = default_chunk(n, threads);
  if (threads == 1) {
    serial_for(n, fn, progress, chunk);
    return;
  }
  std::atomic<index_t> next(0), done(0);
  FirstError error;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
#endif
  {
#ifdef _OPENMP
    const bool main_thread = omp_get_thread_num() == 0;
#else
    const bool main_thread = true;
#endif
    index_t ticked = 0;
    auto last = std::chrono::steady_clock::now();
    while (!error.failed()) {
      const index_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) break;
      error.run([&] { fn(i); });
      const index_t d = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (!main_thread || d >= n || error.failed()) continue;
      const auto now = std::chrono::steady_clock::now();
      if (d - ticked >= chunk || now - last >= queue_tick_interval) {
        ticked = d;
        last = now;
        error.run([&] { progress.tick(d, n); });
      }
    }
  }
  error.rethrow();
  progress.tick(n, n);
}

}  // namespace typfrage

#endif  // TYPFRAGE_POLICIES_HPP
