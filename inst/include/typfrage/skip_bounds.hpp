// Bounds that let a pass over the data skip groups of eight rows none of
// which can change cluster (Hamerly 2010, kept per group of lane_width rows
// instead of per row, so that the passes stay eight rows at a time).
//
// When a group is evaluated and every row in it is settled, it keeps
//   gap = min over its rows of (second - rho own),  own_max = max own,
// with own a row's distance to its own centre, second its distance to the
// nearest other centre, and the centres' total drift at that time. The
// total drift grows by the largest distance any centre moves at each update
// of the centres, so D = drift now - drift then bounds how far every centre
// has moved since: the own distance is now at most own + D and every other
// distance at least second - D. Hence every row of the group is still
// settled, rho' (own + D) < second - D, when
//   (1 + rho') D + max(0, rho' - rho) own_max < gap.
// rho >= 1 bounds the ratio of the costs compared (1 for the nearest centre;
// the transfer factors for Hartigan's transfers, see kmeans.hpp) and carries
// a relative margin for rounding. A settled group would move no row if it
// were evaluated, so skipping it changes nothing: the partitions are
// exactly those of full passes.
//
// Without a division, and with two square roots per group rather than per
// row: second - rho own = (second^2 - rho^2 own^2) / (second + rho own),
// and the denominator is at most S + rho O, with S and O the largest second
// and own distances of the group; the group keeps the numerator's minimum
// and that denominator.
//
// Keeping bounds costs a little at every evaluated group. It pays where
// passes skip many groups (clear types, the last passes of every start), not
// on data without structure, where some row of nearly every group lies near
// a boundary. So the bounds switch themselves off when a pass skips less
// than a quarter of the groups although the pass before moved at most 2 % of
// the rows (so that the centres moved little), and try again after 2, 4,
// ..., 16 passes. This only decides how fast a fit runs, never its result.
#ifndef TYPFRAGE_SKIP_BOUNDS_HPP
#define TYPFRAGE_SKIP_BOUNDS_HPP

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "lanes.hpp"

namespace typfrage {

class SkipBounds {
 public:
  // Relative margin of rho for the rounding of the distances.
  static constexpr double margin = 1e-9;

  // enabled = false: never used (full passes throughout).
  explicit SkipBounds(index_t groups, bool enabled = true)
      : group_(static_cast<std::size_t>(groups)), enabled_(enabled), active_(enabled) {}

  // Whether the passes use the bounds (test and keep them) at all.
  bool active() const { return active_; }

  // The centres moved by at most `shift` since the last call.
  void add_drift(double shift) { drift_ += shift; }

  // Every row of group g is still settled under the ratio rho.
  TYPFRAGE_ALWAYS_INLINE bool settled(index_t g, double rho) const {
    const Group& b = group_[static_cast<std::size_t>(g)];
    if (!(b.snap > -kInf)) return false;
    // (the rounding of the running total, generously)
    const double D = (drift_ - b.snap) + 8.0 * std::numeric_limits<double>::epsilon() * drift_;
    return ((1.0 + rho) * D + std::max(0.0, rho - b.rho) * b.own_max) * b.den < b.num;
  }

  // After a full evaluation of group g under the ratio rho: upper bounds of
  // the squared distances to the own centre (own2) and lower bounds of those
  // to the nearest other centre (second2); `rows`: the lanes that hold rows.
  TYPFRAGE_ALWAYS_INLINE void keep(index_t g, const Lanes& own2, const Lanes& second2, double rho,
                                   int rows) {
    Group& b = group_[static_cast<std::size_t>(g)];
    b.snap = -kInf;
    const Lanes num = second2 - Lanes::constant(rho * rho) * own2;
    // every row settled now (not a number, e.g. a row alone in its cluster:
    // no bound)
    if ((lane_mask<LaneCompare::less>(Lanes::constant(0.0), num) & rows) != rows) return;
    double num_min, own2_max, second2_max;
    if (rows == (1 << lane_width) - 1) {
      num_min = num.hmin();
      own2_max = own2.hmax();
      second2_max = second2.hmax();
    } else {  // the last group: padding lanes left out
      double v[3][lane_width];
      num.store(v[0]);
      own2.store(v[1]);
      second2.store(v[2]);
      num_min = v[0][0];
      own2_max = v[1][0];
      second2_max = v[2][0];
      for (index_t l = 1; l < lane_width && ((rows >> l) & 1); ++l) {
        num_min = std::min(num_min, v[0][l]);
        own2_max = std::max(own2_max, v[1][l]);
        second2_max = std::max(second2_max, v[2][l]);
      }
    }
    const double own_max = std::sqrt(own2_max), second_max = std::sqrt(second2_max);
    // (relative margins for the rounding of num and of the square roots)
    b.num = num_min * (1.0 - 1e-12);
    b.den = (second_max + rho * own_max) * (1.0 + 1e-12);
    if (!(b.den < kInf)) return;
    b.own_max = own_max;
    b.rho = rho;
    b.snap = drift_;
  }

  // Group g has no bound (a row of it changed cluster).
  void drop(index_t g) { group_[static_cast<std::size_t>(g)].snap = -kInf; }

  // No group has a bound (the centres changed without the drift recorded).
  void drop_all() {
    for (Group& b : group_) b.snap = -kInf;
    fresh_ = true;
  }

  // End of a pass that skipped `settled` groups and moved `moved` of the n
  // rows: whether the passes that follow use the bounds (see above).
  void finish_pass(index_t settled, index_t moved, index_t n) {
    if (!enabled_) return;
    const bool calm = moved_before_ * 50 <= n;  // the pass before moved <= 2 %
    moved_before_ = moved;
    if (!active_) {
      if (--wait_ <= 0) {
        active_ = true;
        drop_all();
      }
      return;
    }
    if (fresh_) {  // nothing could be skipped: judge by the next pass
      fresh_ = false;
      return;
    }
    if (settled * 4 >= static_cast<index_t>(group_.size())) {
      backoff_ = 2;
      return;
    }
    if (!calm) return;
    active_ = false;
    wait_ = backoff_;
    backoff_ = std::min(2 * backoff_, 16);
  }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  struct Group {
    double snap = -kInf;  // the drift when the bound was taken (-inf: no bound)
    double num = 0.0;     // gap = num / den
    double den = 1.0;
    double own_max = 0.0;
    double rho = 1.0;
  };
  std::vector<Group> group_;
  double drift_ = 0.0;
  index_t moved_before_ = 0;
  bool enabled_ = true;
  bool active_ = true;
  bool fresh_ = true;
  int wait_ = 0;
  int backoff_ = 2;
};

}  // namespace typfrage

#endif  // TYPFRAGE_SKIP_BOUNDS_HPP
