// R-side policies handed to the typfrage core: a Progress policy that checks
// for a user interrupt and moves a cli progress bar, both on the main thread
// only (the core calls tick() between chunks of work, or between the main
// thread's own work items while the other threads run pure C++ code without
// touching R objects, see typfrage::parallel_queue()).
#ifndef TYPFRAGE_R_POLICIES_H
#define TYPFRAGE_R_POLICIES_H

#include <Rcpp.h>
#include <cli/progress.h>

#include <typfrage/policies.hpp>
#include <typfrage/rng.hpp>

namespace typfrage_r {

class RProgress {
 public:
  // total: number of work units; show: whether to draw a bar (verbose).
  RProgress(double total, bool show, const char* name) : show_(show) {
    if (show_) {
      bar_ = cli_progress_bar(total, R_NilValue);
      cli_progress_set_name(bar_, name);
    }
  }
  RProgress(const RProgress&) = delete;
  RProgress& operator=(const RProgress&) = delete;
  ~RProgress() {
    if (show_) cli_progress_done(bar_);
  }

  // Throws Rcpp's interrupt exception when the user pressed Ctrl-C / Esc; the
  // exception unwinds the core's C++ frames before R handles the interrupt.
  void tick(typfrage::index_t done, typfrage::index_t /*total*/) {
    Rcpp::checkUserInterrupt();
    if (show_ && CLI_SHOULD_TICK) cli_progress_set(bar_, static_cast<double>(done));
  }

 private:
  bool show_;
  Rcpp::RObject bar_;
};

// The R-side check of a typfrage::InterruptPoll: throws Rcpp's interrupt
// exception when the user pressed Ctrl-C / Esc. InterruptPoll calls it only
// on the thread that created the poll (the R thread), at most every 50 ms.
struct RInterruptCheck {
  void operator()() const { Rcpp::checkUserInterrupt(); }
};

// Seed material drawn in R (two integers in [0, 2^31)), see R/rng.R.
inline typfrage::SeedMaterial seed_from_r(const Rcpp::IntegerVector& seed) {
  if (seed.size() != 2) Rcpp::stop("internal error: seed material must have length 2");
  return typfrage::SeedMaterial(static_cast<std::uint32_t>(seed[0]),
                                static_cast<std::uint32_t>(seed[1]));
}

}  // namespace typfrage_r

#endif  // TYPFRAGE_R_POLICIES_H
