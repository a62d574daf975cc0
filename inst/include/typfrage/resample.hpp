// The one replicate runner of the typfrage core.
//
// run_replicates(B, threads, seed, fn, progress) calls fn(b, rng) for every
// replicate b in [0, B), in parallel on up to `threads` threads (one
// parallel region with a shared queue, parallel_queue()), where `rng`
// is the engine Rng(seed, b) owned by that replicate. Everything random in a
// replicate must come from that engine and every result must be written to a
// slot owned by b, so results do not depend on the number of threads or on
// scheduling.
//
// Used by the nstart starts of k-means and PAM (start s = replicate s) and by
// every resampling feature (gap statistic, prediction strength, bootstrap
// stability). A replicate that itself fits a partition calls fit() with
// threads = 1 and NoProgress: nested parallel regions are never opened.
#ifndef TYPFRAGE_RESAMPLE_HPP
#define TYPFRAGE_RESAMPLE_HPP

#include <cstdint>
#include <utility>

#include "policies.hpp"
#include "rng.hpp"

namespace typfrage {

template <typename Fn, typename Progress>
void run_replicates(index_t B, int threads, SeedMaterial seed, Fn&& fn,
                    Progress& progress, index_t chunk = 0) {
  parallel_queue(
      B, threads,
      [&](index_t b) {
        Rng rng(seed, static_cast<std::uint64_t>(b));
        fn(b, rng);
      },
      progress, chunk);
}

// One block of a run: replicates [first, first + count) of a run of any
// length, fn(r, rng) for r in [0, count) with rng = Rng(seed, first + r), so
// blocks run anywhere (other processes, other machines) and combined in
// order equal the whole run to the last bit. run_block(0, B, ...) is
// run_replicates(B, ...).
template <typename Fn, typename Progress>
void run_block(index_t first, index_t count, int threads, SeedMaterial seed, Fn&& fn,
               Progress& progress, index_t chunk = 0) {
  parallel_queue(
      count, threads,
      [&](index_t r) {
        Rng rng(seed, static_cast<std::uint64_t>(first + r));
        fn(r, rng);
      },
      progress, chunk);
}

// A type-erased progress policy: wraps any policy (or none) behind one type,
// so the fit templates are instantiated once for all callers (smaller
// binaries) whether they report progress or not.
struct AnyProgress {
  void* obj = nullptr;
  void (*fn)(void*, index_t, index_t) = nullptr;
  void tick(index_t done, index_t total) {
    if (fn) fn(obj, done, total);
  }
  template <typename Progress>
  static AnyProgress of(Progress& p) {
    AnyProgress a;
    a.obj = &p;
    a.fn = [](void* o, index_t done, index_t total) {
      static_cast<Progress*>(o)->tick(done, total);
    };
    return a;
  }
};

// Calls the wrapped progress policy with a fixed `done` value: lets a stage
// whose own count differs from the bar's total still check for interrupts
// without moving the bar backwards.
template <typename Progress>
struct StageProgress {
  Progress& inner;
  index_t at;
  index_t total;
  void tick(index_t, index_t) { inner.tick(at, total); }
};

}  // namespace typfrage

#endif  // TYPFRAGE_RESAMPLE_HPP
