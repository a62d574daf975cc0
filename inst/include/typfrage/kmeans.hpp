// k-means for one start: k-means++ seeding, Lloyd iterations, then
// Hartigan-style single-point transfers until no move lowers the objective;
// every pass over the data runs eight rows at a time through the lane kernel
// of lanes.hpp, skipping the groups of eight rows that bounds show cannot
// change (skip_bounds.hpp). Case weights enter the centres and the objective.
// On items that are small whole numbers (Likert scales, counts) the seeding,
// the sums per cluster and most assignments take exact or provably
// equivalent shortcuts (small_int_lanes.hpp, nearest_filter.hpp); the
// results are those of the general passes.
//
// The objective is the (weighted) within-cluster sum of squares
//   sum_i w_i ||x_i - c_{a(i)}||^2.
// A Hartigan transfer of point i (weight w) from cluster a (total weight W_a)
// to cluster b changes it by
//   w W_b / (W_b + w) ||x_i - c_b||^2  -  w W_a / (W_a - w) ||x_i - c_a||^2,
// and is made when that is negative. A Hartigan-stable partition is also
// Lloyd-stable (every point is nearest its own centre), and its objective is
// at most that of the Lloyd optimum it started from.
//
// Empty clusters: when an assignment step leaves a cluster empty, the point
// with the largest weighted squared distance to its centre (taken from a
// cluster with at least two points) becomes that cluster's only member and
// the iterations continue. Transfers never empty a cluster.
#ifndef TYPFRAGE_KMEANS_HPP
#define TYPFRAGE_KMEANS_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "fit_error.hpp"
#include "lanes.hpp"
#include "nearest_filter.hpp"
#include "policies.hpp"
#include "rng.hpp"
#include "skip_bounds.hpp"
#include "small_int_lanes.hpp"

namespace typfrage {

// The shortcuts of the k-means passes, each behind one seam, so that each
// can be switched off alone (for the identity tests and for debugging).
// Every one of them leaves the partition, the centres and the objective
// exactly as the plain passes make them; `moment_objective` alone changes
// what a start returns (see there). Defaults: all on.
struct KMeansShortcuts {
  // Skip groups of eight rows that bounds show cannot change (skip_bounds.hpp).
  bool skip_bounds = true;
  // Decide assignments in single precision where that is provably the
  // answer of the double passes (nearest_filter.hpp; small-integer data).
  bool nearest_filter = true;
  // Seeding distances and sums per cluster in 16-bit integer lanes
  // (small_int_lanes.hpp; small-integer data).
  bool small_int_lanes = true;
  // Take the first assignment from the k-means++ seeding (which computes
  // it) instead of a pass over the seeds.
  bool seeded_labels = true;
  // With exact sums (KMeansData::exact_sums()), evaluate the final
  // labelling from the sums kept during the passes instead of summing
  // afresh.
  bool running_sums = true;
  // Starts that are not the best one of a fit return only their labels and
  // their objective from the moments (KMeansData::exact_moments(); the
  // objective then agrees to about 1e-12 relative, not to the last bit).
  // Consulted by fit_kmeans() (fit.hpp).
  bool moment_objective = true;
};

// Data prepared once per fit and shared by all starts: the observations,
// read in place (no copy: the matrix passed in must outlive the KMeansData)
// eight rows at a time through a LaneRows view whose last, partial group
// comes from a small zero-padded tail buffer (lanes.hpp; the padding rows
// read 0 and have weight 0), and optional case weights.
struct KMeansData {
  LaneTail x;              // n x p in place, column-major; x.rows(): the view
  std::vector<double> w;   // empty: every weight 1 (else padded to ld() with 0)
  // The same rows as small integers, for the k-means++ seeding and the sums
  // per cluster, if the items are whole numbers with small ranges
  // (small_int_lanes.hpp); else empty.
  SmallIntData small;
  InterruptPoll* interrupt = nullptr;  // polled by long loops; null: never interrupted
  KMeansShortcuts use;                 // the shortcuts the passes may take
  KMeansData(const Eigen::Ref<const Eigen::MatrixXd>& data, const std::vector<double>& weights,
             KMeansShortcuts shortcuts = KMeansShortcuts())
      : x(data), w(weights), use(shortcuts), n_(data.rows()), p_(data.cols()) {
    if (!w.empty() && static_cast<index_t>(w.size()) != n_)
      throw std::invalid_argument("kmeans: weights must have one entry per row");
    const index_t ld = lane_padded(n_);
    const ItemRanges ranges = item_ranges(data);
    if (use.small_int_lanes || use.nearest_filter) small = SmallIntData(data, ranges, ld);
    exact_sums_ = integral_sums(data, ranges, w, &exact_moments_, &total_squares_);
    wtotal_ = static_cast<double>(n_);
    if (!w.empty()) {
      wmax_ = *std::max_element(w.begin(), w.end());
      wtotal_ = 0.0;
      for (double v : w) wtotal_ += v;
      w.resize(static_cast<std::size_t>(ld), 0.0);
    }
  }
  index_t n() const { return n_; }
  index_t p() const { return p_; }
  // The rows padded to whole groups of eight (the length of per-row buffers).
  index_t ld() const { return lane_padded(n_); }
  double weight(index_t i) const { return w.empty() ? 1.0 : w[static_cast<std::size_t>(i)]; }
  // The small-integer form for the seeding and the sums per cluster, or
  // null (not small integers, or the shortcut off).
  const SmallIntData* small_lanes() const { return use.small_int_lanes && !small.empty() ? &small : nullptr; }
  // Whether the assignments may use the single-precision filter for k
  // clusters.
  bool filter(int k) const { return use.nearest_filter && !small.empty() && k <= FloatCentres::max_k; }
  // Row i as p contiguous values.
  void row(index_t i, double* out) const {
    for (index_t f = 0; f < p(); ++f) out[f] = x.rows().at(i, f);
  }
  // Every weighted sum of the data (per cluster and item) is an integer
  // below 2^53, so sums kept up to date row by row are exact: integer items
  // (Likert scales, counts) and integer case weights (or none).
  bool exact_sums() const { return exact_sums_; }
  // Moreover the weighted sum of squares of all the data and the squared
  // norms of the sums per cluster are integers below 2^53 (total_squares()),
  // so the objective is total_squares() - sum_j ||S_j||^2 / W_j up to one
  // rounding per cluster (moment_objective()).
  bool exact_moments() const { return exact_moments_; }
  double total_squares() const { return total_squares_; }
  // The largest case weight (1 without weights).
  double wmax() const { return wmax_; }
  // The total weight (n without weights).
  double wtotal() const { return wtotal_; }

 private:
  // Whether the sums are exact (and, in *moments, the moments), with the
  // weighted sum of squares of the data in *squares (if *moments).
  static bool integral_sums(const Eigen::Ref<const Eigen::MatrixXd>& data, const ItemRanges& ranges,
                            const std::vector<double>& w, bool* moments, double* squares) {
    *moments = false;
    *squares = 0.0;
    if (!ranges.integral) return false;
    double total = static_cast<double>(data.rows());
    if (!w.empty()) {
      total = 0.0;
      for (double v : w) {
        if (!(v == std::trunc(v))) return false;  // (also not finite)
        total += v;
      }
    }
    double largest = 0.0;
    for (std::size_t f = 0; f < ranges.low.size(); ++f)
      largest = std::max(largest, std::max(std::fabs(ranges.low[f]), std::fabs(ranges.high[f])));
    *moments = largest * largest * total * total * static_cast<double>(data.cols()) < 0x1p53;
    // (with exact moments every partial sum is an integer below 2^53, so
    // the order of the additions does not matter: eight at a time)
    if (*moments) {
      const index_t n = data.rows();
      Lanes sq = Lanes::constant(0.0);
      double tail = 0.0;
      for (index_t f = 0; f < data.cols(); ++f) {
        const double* col = data.col(f).data();
        index_t i = 0;
        for (; i + lane_width <= n; i += lane_width) {
          const Lanes v = Lanes::load(col + i);
          sq += w.empty() ? v * v : Lanes::load(w.data() + i) * v * v;
        }
        for (; i < n; ++i) tail += (w.empty() ? 1.0 : w[static_cast<std::size_t>(i)]) * col[i] * col[i];
      }
      *squares = sq.sum() + tail;
    }
    return largest * total < 0x1p53;
  }
  index_t n_, p_;
  bool exact_sums_ = false;
  bool exact_moments_ = false;
  double total_squares_ = 0.0;
  double wmax_ = 1.0;
  double wtotal_ = 0.0;
};

struct KMeansResult {
  std::vector<int> cluster;   // 0-based
  Eigen::MatrixXd centers;    // k x p
  Eigen::VectorXd withinss;   // k
  Eigen::VectorXd size_weight;  // k: total weight per cluster
  double objective = std::numeric_limits<double>::infinity();
  int iterations = 0;         // Lloyd iterations + transfer passes
  int lloyd_iterations = 0;
  int transfers = 0;          // single-point transfers made
  int empty_repairs = 0;
  index_t skipped = 0;        // groups of rows the bounds skipped (skip_bounds.hpp)
  bool converged = false;
};

namespace detail {

// Rows between interrupt polls inside one pass over the data.
constexpr index_t kPollRows = 65536;  // a power of 2 (and a multiple of lane_width)

// Inside a pass over the rows: poll every kPollRows rows.
inline void poll_rows(index_t i, InterruptPoll* interrupt) {
  if (i > 0 && (i & (kPollRows - 1)) == 0) poll_interrupt(interrupt);
}

// The centres (p x k) from the weighted sums and weights per cluster: the
// columns of clusters with weight; the others keep what c holds.
inline void centres_from_sums(const Eigen::MatrixXd& sums, const std::vector<double>& wsum,
                              Eigen::MatrixXd& c) {
  for (index_t j = 0; j < sums.cols(); ++j)
    if (wsum[static_cast<std::size_t>(j)] > 0.0) c.col(j) = sums.col(j) / wsum[static_cast<std::size_t>(j)];
}

// Weighted sums (p x k) and centres (p x k) of a labelling; weights and
// counts per cluster.
inline void compute_centers(const KMeansData& d, const std::vector<int>& a, int k,
                            Eigen::MatrixXd& sums, Eigen::MatrixXd& c,
                            std::vector<double>& wsum, std::vector<index_t>& count) {
  const index_t n = d.n(), p = d.p();
  sums.setZero(p, k);
  wsum.assign(k, 0.0);
  count.assign(k, 0);
  // Small integers without weights: the exact sums eight rows at a time.
  if (d.w.empty() && d.exact_sums() && d.small_lanes() && k <= kSmallSumsMaxK) {
    small_int_cluster_sums(*d.small_lanes(), a.data(), n, k, sums.data(), count.data());
    for (int j = 0; j < k; ++j) wsum[j] = static_cast<double>(count[j]);
    c = sums;
    centres_from_sums(sums, wsum, c);
    return;
  }
  for (index_t i = 0; i < n; ++i) {
    const int j = a[static_cast<std::size_t>(i)];
    wsum[j] += d.weight(i);
    ++count[j];
  }
  // Row by row (each row adds to p different sums; item by item, every row
  // would add to one of k sums, a chain of dependent additions).
  const LaneRows& x = d.x.rows();
  for (index_t i = 0; i < n; ++i) {
    double* s = sums.data() + static_cast<index_t>(a[static_cast<std::size_t>(i)]) * p;
    const double w = d.weight(i);
    for (index_t f = 0; f < p; ++f) s[f] += w * x.at(i, f);
  }
  c = sums;
  centres_from_sums(sums, wsum, c);
}

// Weighted squared distance of every row to its centre (c: p x k), eight
// rows at a time (the items added in order, as lane_terms() does).
inline std::vector<double> own_costs(const KMeansData& d, const std::vector<int>& a,
                                     const Eigen::MatrixXd& c) {
  const index_t n = d.n(), p = d.p(), ld = d.ld();
  std::vector<double> cost(static_cast<std::size_t>(ld));
  const LaneRows& x = d.x.rows();
  for (index_t t = 0; t < ld; t += lane_width) {
    const double* centre[lane_width];  // each row's centre (padding: the first)
    for (index_t l = 0; l < lane_width; ++l)
      centre[l] = c.data() + (t + l < n ? static_cast<index_t>(a[static_cast<std::size_t>(t + l)]) * p : 0);
    auto term = [&](index_t f) {
      double cf[lane_width];
      for (index_t l = 0; l < lane_width; ++l) cf[l] = centre[l][f];
      return (x.load(f, t) - Lanes::load(cf)).square();
    };
    Lanes sum = term(0);
    for (index_t f = 1; f < p; ++f) sum += term(f);
    sum.store(cost.data() + t);
  }
  cost.resize(static_cast<std::size_t>(n));
  if (!d.w.empty())
    for (index_t i = 0; i < n; ++i) cost[static_cast<std::size_t>(i)] *= d.w[static_cast<std::size_t>(i)];
  return cost;
}

// kmeans_evaluate() from the weighted sums (p x k) and weights per cluster
// of the labelling.
inline void evaluate_sums(const KMeansData& d, std::vector<int> a, int k, const Eigen::MatrixXd& sums,
                          const std::vector<double>& wsum, KMeansResult& res) {
  Eigen::MatrixXd c = sums;
  centres_from_sums(sums, wsum, c);
  const std::vector<double> cost = own_costs(d, a, c);
  res.withinss = Eigen::VectorXd::Zero(k);
  for (index_t i = 0; i < d.n(); ++i)
    res.withinss[a[static_cast<std::size_t>(i)]] += cost[static_cast<std::size_t>(i)];
  res.centers = c.transpose();
  res.size_weight = Eigen::Map<const Eigen::VectorXd>(wsum.data(), k);
  res.objective = res.withinss.sum();
  res.cluster = std::move(a);
}

// The objective from the sums (p x k) and weights per cluster, for data
// with exact moments (KMeansData::exact_moments()).
inline double moment_objective(const KMeansData& d, const Eigen::MatrixXd& sums, const std::vector<double>& wsum) {
  double between = 0.0;
  for (index_t j = 0; j < sums.cols(); ++j)
    if (wsum[static_cast<std::size_t>(j)] > 0.0) between += sums.col(j).squaredNorm() / wsum[static_cast<std::size_t>(j)];
  return std::max(0.0, d.total_squares() - between);
}

}  // namespace detail

// Centres, per-cluster weighted sums of squares, cluster weights and the
// objective of the labelling `a` (0-based, k clusters), stored in `res`
// (which takes `a` as its clusters). Used at the end of every k-means start
// and for partitions from elsewhere (the cut of Ward's tree).
inline void kmeans_evaluate(const KMeansData& d, std::vector<int> a, int k, KMeansResult& res) {
  Eigen::MatrixXd sums, c;
  std::vector<double> wsum;
  std::vector<index_t> count;
  detail::compute_centers(d, a, k, sums, c, wsum, count);
  detail::evaluate_sums(d, std::move(a), k, sums, wsum, res);
}

namespace detail {

// The state of one k-means start as the passes below see it, in three raw
// views (raw pointers, so that the hot loops keep them in registers).

// The data (KMeansData's).
struct PassData {
  LaneRows x;                 // n x p in place, eight rows at a time (KMeansData::x)
  index_t ld = 0, n = 0, p = 0;  // ld: n padded to whole groups of eight
  const double* w = nullptr;  // ld weights, or null: every weight 1
  double wmax = 1.0;          // the largest case weight (1 without weights)
  InterruptPoll* interrupt = nullptr;
};

// What the passes change: per cluster (c and sums: p x k, column j =
// cluster j) and per row.
struct PassClusters {
  int k = 0;
  double* c = nullptr;
  double* sums = nullptr;
  double* wsum = nullptr;
  index_t* count = nullptr;
  int* a = nullptr;           // n labels
  double* lab = nullptr;      // ld labels as lane values (padding: -1)
};

// The shortcuts a pass takes (null: none).
struct PassShortcuts {
  SkipBounds* bounds = nullptr;  // for the passes with bounds (skip_bounds.hpp)
  // The assignment's single-precision pre-decision (nearest_filter.hpp): the
  // centres of the pass in the data's small-integer form.
  const FloatCentres* float_centres = nullptr;
};

struct KMeansState : PassData, PassClusters, PassShortcuts {};

// What a pass over the data did: rows moved, groups skipped as settled.
struct PassResult {
  index_t moved = 0;
  index_t settled = 0;
};

inline KMeansState data_state(const KMeansData& d) {
  KMeansState s;
  s.x = d.x.rows();
  s.ld = d.ld();
  s.n = d.n();
  s.p = d.p();
  s.w = d.w.empty() ? nullptr : d.w.data();
  s.interrupt = d.interrupt;
  s.wmax = d.wmax();
  return s;
}

// The passes of one start over the data, eight rows at a time.

// Most rows a k-means++ round draws as candidates (2 + log k of them).
constexpr int kMaxSeedTrials = 16;

// Without case weights: the transfer factors W / (W - 1) (removal) and
// W / (W + 1) (addition) of cluster j.
inline void unit_factors(const double* wsum, int j, double* f_remove, double* f_add) {
  f_remove[j] = wsum[j] / (wsum[j] - 1.0);
  f_add[j] = wsum[j] / (wsum[j] + 1.0);
}

// Weights of the rows t .. t + 7 (without case weights: 1; padding rows: 0).
inline Lanes row_weights(const KMeansState& s, index_t t) {
  if (s.w) return Lanes::load(s.w + t);
  if (t + lane_width <= s.n) return Lanes::constant(1.0);
  double one[lane_width];
  for (index_t l = 0; l < lane_width; ++l) one[l] = t + l < s.n ? 1.0 : 0.0;
  return Lanes::load(one);
}

// The lanes of the group starting at t that hold rows (not padding).
inline int rows_mask(const KMeansState& s, index_t t) {
  return s.n - t >= lane_width ? (1 << lane_width) - 1 : (1 << (s.n - t)) - 1;
}

// rho of SkipBounds for the transfers: with every case weight at most
// wmax, removing a row from cluster a costs at most W_a / (W_a - wmax) times
// its squared distance, and adding it to cluster j at least
// W_j / (W_j + wmax) times; the first is largest for the lightest cluster a
// (of two rows or more: single rows never move), the second smallest for
// the lightest cluster j. rho is the square root of their ratio r, taken as
// (1 + r) / 2 >= sqrt(r); infinity when no bound holds.
inline double transfer_rho(const KMeansState& s) {
  const double inf = std::numeric_limits<double>::infinity();
  double w_movable = inf, w_any = inf;
  for (int j = 0; j < s.k; ++j) {
    w_any = std::min(w_any, s.wsum[j]);
    if (s.count[j] >= 2) w_movable = std::min(w_movable, s.wsum[j]);
  }
  double remove_max = 1.0;
  if (w_movable < inf) {
    if (!(w_movable > s.wmax)) return inf;
    remove_max = w_movable / (w_movable - s.wmax);
  }
  const double add_min = w_any / (w_any + s.wmax);
  if (!(add_min > 0.0)) return inf;
  return 0.5 * (1.0 + remove_max / add_min) * (1.0 + SkipBounds::margin);
}

// Moves row i (weight wi) from cluster `from` to `to` in the sums, weights
// and counts per cluster.
inline void move_sums(const KMeansState& s, index_t i, int from, int to, double wi) {
  const index_t p = s.p;
  double* sa = s.sums + static_cast<index_t>(from) * p;
  double* sb = s.sums + static_cast<index_t>(to) * p;
  for (index_t f = 0; f < p; ++f) {
    const double xf = s.x.at(i, f);
    sa[f] -= wi * xf;
    sb[f] += wi * xf;
  }
  s.wsum[from] -= wi;
  s.wsum[to] += wi;
  --s.count[from];
  ++s.count[to];
}

// The nearest centre (as lane values) of rows t .. t + 7 (`rows`: the
// lanes that hold rows), the squared distance to it (best) and, with
// kBounds, to the nearest other centre (second; bounds of both when the
// single-precision filter decided): from the filter where it decides every
// row of the group (the same answer, nearest_filter.hpp), else in double
// precision (ties: the lowest index).
template <bool kBounds>
TYPFRAGE_ALWAYS_INLINE void nearest_centres(const KMeansState& s, index_t t, int rows, Lanes& best,
                                            Lanes& second, Lanes& near) {
  if (s.float_centres) {
    const NearestGuess g = nearest_small(*s.float_centres, t);
    if ((g.decided & rows) == rows) {
      best = g.own;
      second = g.second;
      near = g.near;
      return;
    }
  }
  best = s.x.terms<Metric::sqeuclidean>(t, s.c, s.p);
  second = Lanes::constant(std::numeric_limits<double>::infinity());
  near = Lanes::constant(0.0);
  for (int j = 1; j < s.k; ++j) {
    const Lanes dj = s.x.terms<Metric::sqeuclidean>(t, s.c + static_cast<index_t>(j) * s.p, s.p);
    near = lane_where<LaneCompare::less>(dj, best, Lanes::constant(static_cast<double>(j)), near);
    if (kBounds) second = second.min(best.max(dj));
    best = best.min(dj);
  }
}

// Rows t .. t + 7 take their nearest centres `near`; returns how many
// changed cluster. With `track`, the sums, weights and counts per cluster
// follow the moves.
inline index_t take_nearest(const KMeansState& s, index_t t, int rows, const Lanes& near, bool track) {
  int moved = ~lane_mask<LaneCompare::equal>(near, Lanes::load(s.lab + t)) & rows;
  if (moved == 0) return 0;
  index_t count = 0;
  double arg[lane_width];
  near.store(arg);
  for (index_t l = 0; moved != 0; ++l, moved >>= 1) {
    if (!(moved & 1)) continue;
    const index_t i = t + l;
    const int to = static_cast<int>(arg[l]), from = s.a[i];
    ++count;
    s.a[i] = to;
    s.lab[i] = arg[l];
    if (track) move_sums(s, i, from, to, s.w ? s.w[i] : 1.0);
  }
  return count;
}

// Assignment of every row to its nearest centre (ties: the lowest index);
// counts the rows whose cluster changed. With `track`, the sums, weights
// and counts per cluster follow the moves. With kBounds, settled groups are
// skipped and the evaluated ones keep bounds (skip_bounds.hpp).
template <bool kBounds>
PassResult assign_pass(const KMeansState& s, bool track) {
  const double rho = 1.0 + SkipBounds::margin;
  PassResult res;
  for (index_t t = 0; t < s.ld; t += lane_width) {
    poll_rows(t, s.interrupt);
    if (kBounds && s.bounds->settled(t / lane_width, rho)) {
      ++res.settled;
      continue;
    }
    const int rows = rows_mask(s, t);
    Lanes best, second, near;
    nearest_centres<kBounds>(s, t, rows, best, second, near);
    if (kBounds) s.bounds->keep(t / lane_width, best, second, rho, rows);
    res.moved += take_nearest(s, t, rows, near, track);
  }
  return res;
}

// The transfer costs of rows t .. t + 7 (weights w): the cost of removing
// each row from its cluster a, w W_a / (W_a - w) d_a^2 (`remove`), and its
// cheapest addition to another cluster j, w W_j / (W_j + w) d_j^2 (`best`,
// to the cluster `to`), the common factor w left out; without case weights
// the factors W / (W - 1) and W / (W + 1) per cluster, f_remove and f_add,
// which follow the moves.
TYPFRAGE_ALWAYS_INLINE void transfer_costs(const KMeansState& s, index_t t, const Lanes& w,
                                           const double* f_remove, const double* f_add,
                                           Lanes& remove, Lanes& best, Lanes& to) {
  const bool unit = s.w == nullptr;
  const double inf = std::numeric_limits<double>::infinity();
  // (with case weights: first the squared distance to the own centre,
  // own_w the own cluster's weight)
  const Lanes lanes_a = Lanes::load(s.lab + t);
  Lanes own_w = Lanes::constant(0.0);
  remove = Lanes::constant(0.0);
  best = Lanes::constant(inf);
  to = Lanes::constant(-1.0);
  for (int j = 0; j < s.k; ++j) {
    const Lanes dj = s.x.terms<Metric::sqeuclidean>(t, s.c + static_cast<index_t>(j) * s.p, s.p);
    const Lanes jj = Lanes::constant(static_cast<double>(j));
    Lanes add_j;
    if (unit) {
      remove = lane_where<LaneCompare::equal>(lanes_a, jj, Lanes::constant(f_remove[j]) * dj, remove);
      add_j = Lanes::constant(f_add[j]) * dj;
    } else {
      const Lanes wj = Lanes::constant(s.wsum[j]);
      remove = lane_where<LaneCompare::equal>(lanes_a, jj, dj, remove);
      own_w = lane_where<LaneCompare::equal>(lanes_a, jj, wj, own_w);
      add_j = wj / (wj + w) * dj;
    }
    add_j = lane_where<LaneCompare::equal>(lanes_a, jj, Lanes::constant(inf), add_j);
    to = lane_where<LaneCompare::less>(add_j, best, jj, to);
    best = best.min(add_j);
  }
  if (!unit) remove = remove * (own_w / (own_w - w));
}

// Row i (weight wi) moves from cluster ai to bj: sums, weights, counts,
// the two centres and (without case weights) their transfer factors follow;
// returns the farthest either centre moved.
inline double transfer_row(const KMeansState& s, index_t i, int ai, int bj, double wi, double* f_remove,
                           double* f_add) {
  const index_t p = s.p;
  move_sums(s, i, ai, bj, wi);
  double shift_a = 0.0, shift_b = 0.0;  // squared distances the two centres move
  for (index_t f = 0; f < p; ++f) {
    double& ca = s.c[static_cast<index_t>(ai) * p + f];
    double& cb = s.c[static_cast<index_t>(bj) * p + f];
    const double na = s.sums[static_cast<index_t>(ai) * p + f] / s.wsum[ai];
    const double nb = s.sums[static_cast<index_t>(bj) * p + f] / s.wsum[bj];
    shift_a += (na - ca) * (na - ca);
    shift_b += (nb - cb) * (nb - cb);
    ca = na;
    cb = nb;
  }
  if (s.w == nullptr) {
    unit_factors(s.wsum, ai, f_remove, f_add);
    unit_factors(s.wsum, bj, f_remove, f_add);
  }
  s.a[i] = bj;
  s.lab[i] = static_cast<double>(bj);
  return std::sqrt(std::max(shift_a, shift_b));
}

// One pass of Hartigan transfers in row order; returns the number of moves.
// For eight rows at a time the transfer costs (transfer_costs()); the first
// row whose move lowers the objective moves (centres updated), and the rest
// of the eight are evaluated again. kBounds: as for assign_pass().
template <bool kBounds>
PassResult transfer_pass(const KMeansState& s, double* f_remove, double* f_add) {
  const double inf = std::numeric_limits<double>::infinity();
  PassResult res;
  double rho = kBounds ? transfer_rho(s) : inf;
  for (index_t t = 0; t < s.ld; t += lane_width) {
    poll_rows(t, s.interrupt);
    if (kBounds && s.bounds->settled(t / lane_width, rho)) {
      ++res.settled;
      continue;
    }
    const Lanes w = row_weights(s, t);
    int open = rows_mask(s, t);  // lanes still to be taken in order
    while (open != 0) {
      Lanes remove, best, to;
      transfer_costs(s, t, w, f_remove, f_add, remove, best, to);
      // Strict decrease beyond rounding noise, so the loop cannot cycle
      // (rows alone in their cluster: remove is not a number, no move).
      const int movable =
          lane_mask<LaneCompare::less>(Lanes::constant(1e-13) * remove, remove - best) & open;
      // (the removal factor is at least 1 and the addition factors at most
      // 1: remove and best bound the squared distances for the bounds)
      if (kBounds) s.bounds->keep(t / lane_width, remove, best, rho, rows_mask(s, t));
      if (movable == 0) break;
      double to_v[lane_width], w_v[lane_width];
      to.store(to_v);
      w.store(w_v);
      index_t l = 0;
      while (!((movable >> l) & 1)) ++l;
      const index_t i = t + l;
      const int ai = s.a[i], bj = static_cast<int>(to_v[l]);
      open &= ~((2 << l) - 1);  // lanes after l remain, evaluated again
      if (s.count[ai] < 2) continue;
      const double shift = transfer_row(s, i, ai, bj, w_v[l], f_remove, f_add);
      if (kBounds) {
        s.bounds->add_drift(shift);
        s.bounds->drop(t / lane_width);  // row i changed cluster
        rho = transfer_rho(s);
      }
      ++res.moved;
    }
  }
  return res;
}

// Rows of the data drawn as seeds (slots 0 .. slots - 1), and the squared
// distances of eight rows at a time to them: from the small-integer form of
// the data when it has one (the same values with fewer operations), else
// from the doubles.
class SeedRows {
 public:
  SeedRows(const KMeansData& d, int slots)
      : d_(d), y_(static_cast<std::size_t>(d.p() * slots)),
        small_(d.small_lanes() ? static_cast<std::size_t>(slots) : 0) {}
  // Slot q holds row i.
  void set(int q, index_t i) {
    const index_t p = d_.p();
    d_.row(i, y_.data() + q * p);
    if (!small_.empty()) small_[static_cast<std::size_t>(q)].assign(d_.small, i);
  }
  const double* values(int q) const { return y_.data() + q * d_.p(); }
  // Rows t .. t + 7 against the rows in slots 0 .. count - 1 (out[q]: slot q).
  void distances(index_t t, int count, Lanes* out) const {
    if (!small_.empty()) {
      small_distances(d_.small.data(), d_.ld(), t, d_.p(), small_.data(), count, out);
      return;
    }
    for (int q = 0; q < count; ++q)
      out[q] = d_.x.rows().terms<Metric::sqeuclidean>(t, values(q), d_.p());
  }

 private:
  const KMeansData& d_;
  std::vector<double> y_;
  std::vector<SmallIntRow> small_;
};

// k-means++ candidates: for every candidate q (slot q of cy), the squared
// distances of all rows (cand_d2 + q ld) and the potential
// sum_i w_i min(d2_i, raw_qi) (pot[q]).
inline void seed_candidates(const KMeansState& s, const SeedRows& cy, int nc,
                            const double* d2, double* cand_d2, double* pot) {
  Lanes cp[kMaxSeedTrials];
  for (int q = 0; q < nc; ++q) cp[q] = Lanes::constant(0.0);
  for (index_t t = 0; t < s.ld; t += lane_width) {
    poll_rows(t, s.interrupt);
    const Lanes w = row_weights(s, t);
    const Lanes near_d2 = Lanes::load(d2 + t);
    Lanes raw[kMaxSeedTrials];
    cy.distances(t, nc, raw);
    for (int q = 0; q < nc; ++q) {
      raw[q].store(cand_d2 + static_cast<index_t>(q) * s.ld + t);
      cp[q] += w * raw[q].min(near_d2);
    }
  }
  for (int q = 0; q < nc; ++q) pot[q] = cp[q].sum();
}

// The greedy k-means++ seeding of kmeanspp_seed() in its steps: the first
// seed (uniform draw), then for every further seed the candidates drawn from
// D^2, their evaluation in one pass, and the winner joining (the squared
// distance to the nearest seed, the nearest seed and the group masses
// follow).
class KMeansPPSeeding {
 public:
  KMeansPPSeeding(const KMeansData& d, int k, Rng& rng)
      : d_(d), rng_(rng), k_(k), groups_(d.ld() / lane_width), c_(d.p(), k),
        trials_(std::min(kMaxSeedTrials, 2 + static_cast<int>(std::log(static_cast<double>(k))))),
        d2_(static_cast<std::size_t>(d.ld()), 0.0), mass_(static_cast<std::size_t>(groups_)),
        cand_d2_(static_cast<std::size_t>(d.ld()) * static_cast<std::size_t>(trials_)),
        near_(static_cast<std::size_t>(d.ld()), 0.0), cy_(d, kMaxSeedTrials), state_(data_state(d)) {}

  Eigen::MatrixXd run(std::vector<int>* nearest) {
    first_seed();
    for (int j = 1; j < k_; ++j) {
      poll_interrupt(d_.interrupt);
      if (!(pot_ > 0.0)) throw fit_error("k-means: fewer distinct rows than clusters");
      join(j, best_candidate(draw_candidates()));
    }
    if (nearest) {
      nearest->resize(static_cast<std::size_t>(d_.n()));
      for (index_t i = 0; i < d_.n(); ++i)
        (*nearest)[static_cast<std::size_t>(i)] = static_cast<int>(near_[static_cast<std::size_t>(i)]);
    }
    return std::move(c_);
  }

 private:
  // A row drawn with probability proportional to w_i * score_i (score 1 when
  // `uniform`, else d2): first the group from the group masses, then the row
  // within it; -1 if none has mass.
  index_t pick(bool uniform, double total) {
    const double r = rng_.uniform() * total;
    double acc = 0.0;
    index_t g = 0, last = -1;
    for (; g < groups_; ++g) {
      const double m = uniform ? row_weights(state_, g * lane_width).sum() : mass_[static_cast<std::size_t>(g)];
      if (m <= 0.0) continue;
      if (acc + m >= r) break;
      acc += m;
      last = g;
    }
    if (g == groups_) {  // rounding at the end of the cumulative sum
      if (last < 0) return -1;
      g = last;
    }
    index_t row = -1;
    for (index_t i = g * lane_width; i < std::min(d_.n(), (g + 1) * lane_width); ++i) {
      const double sc = d_.weight(i) * (uniform ? 1.0 : d2_[static_cast<std::size_t>(i)]);
      if (sc <= 0.0) continue;
      acc += sc;
      row = i;
      if (acc >= r) break;
    }
    return row;
  }

  // Seed j is the row in slot q of the candidates.
  void seed_row(int j, int q) { c_.col(j) = Eigen::Map<const Eigen::VectorXd>(cy_.values(q), d_.p()); }

  // Seed 0, drawn uniformly (by weight); d2 and the masses from it.
  void first_seed() {
    if (!(d_.wtotal() > 0.0)) throw fit_error("k-means: no observation has positive weight");
    cy_.set(0, pick(true, d_.wtotal()));
    seed_row(0, 0);
    pot_ = 0.0;
    for (index_t g = 0; g < groups_; ++g) {
      const index_t t = g * lane_width;
      Lanes dd;
      cy_.distances(t, 1, &dd);
      dd.store(d2_.data() + t);
      mass_[static_cast<std::size_t>(g)] = (row_weights(state_, t) * dd).sum();
      pot_ += mass_[static_cast<std::size_t>(g)];
    }
  }

  // All candidates of a round, drawn from the same D^2 into the slots;
  // returns how many.
  int draw_candidates() {
    int nc = 0;
    for (int t = 0; t < trials_; ++t) {
      const index_t cand = pick(false, pot_);
      if (cand < 0) continue;
      cy_.set(nc, cand);
      ++nc;
    }
    return nc;
  }

  // One pass over the data evaluates every candidate; the one with the
  // lowest potential wins (ties: the first drawn).
  int best_candidate(int nc) {
    double cp[kMaxSeedTrials];
    seed_candidates(state_, cy_, nc, d2_.data(), cand_d2_.data(), cp);
    int best_q = -1;
    double best_pot = std::numeric_limits<double>::infinity();
    for (int q = 0; q < nc; ++q) {
      if (cp[q] < best_pot) {
        best_pot = cp[q];
        best_q = q;
      }
    }
    if (best_q < 0) throw fit_error("k-means: fewer distinct rows than clusters");
    return best_q;
  }

  // Seed j (candidate slot q) joins: d2, the nearest seed (ties keep the
  // earlier seed), the masses and the potential.
  void join(int j, int q) {
    seed_row(j, q);
    const double* raw = cand_d2_.data() + static_cast<std::size_t>(q) * static_cast<std::size_t>(d_.ld());
    pot_ = 0.0;
    const Lanes seed_j = Lanes::constant(static_cast<double>(j));
    for (index_t g = 0; g < groups_; ++g) {
      const index_t t = g * lane_width;
      const Lanes r = Lanes::load(raw + t), cur = Lanes::load(d2_.data() + t);
      lane_where<LaneCompare::less>(r, cur, seed_j, Lanes::load(near_.data() + t)).store(near_.data() + t);
      const Lanes dd = r.min(cur);
      dd.store(d2_.data() + t);
      mass_[static_cast<std::size_t>(g)] = (row_weights(state_, t) * dd).sum();
      pot_ += mass_[static_cast<std::size_t>(g)];
    }
  }

  const KMeansData& d_;
  Rng& rng_;
  int k_;
  index_t groups_;
  Eigen::MatrixXd c_;  // p x k: the seeds
  int trials_;
  // d2: squared distance to the nearest seed so far (padding rows: 0);
  // mass: weight x d2 summed over each group of lanes, for the draws;
  // cand_d2: the squared distances of every row to every candidate;
  // near: the nearest seed, as lane values.
  std::vector<double> d2_, mass_, cand_d2_, near_;
  SeedRows cy_;  // the candidates' rows
  KMeansState state_;
  double pot_ = 0.0;  // the potential sum_i w_i d2_i
};

}  // namespace detail

// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with the local
// trials of scikit-learn): every further centre is the best of 2 + log(k)
// candidates drawn with probability proportional to weight x D^2, "best"
// meaning the lowest resulting potential. Returns k distinct rows (p x k);
// fills `nearest` (if given) with the nearest seed of every row (ties: the
// lowest index), which is what an assignment pass over the seeds computes.
inline Eigen::MatrixXd kmeanspp_seed(const KMeansData& d, int k, Rng& rng,
                                     std::vector<int>* nearest = nullptr) {
  detail::KMeansPPSeeding seeding(d, k, rng);
  return seeding.run(nearest);
}

namespace detail {

// Lloyd hands over to the transfer phase once an iteration moves at most
// this share of the points (and at least one Lloyd iteration has run). The
// transfers update the centres after every move and end Hartigan-stable
// (hence Lloyd-stable), so the long Lloyd tail on weakly structured data,
// where every iteration moves a handful of points, is not needed.
#ifndef TYPFRAGE_KMEANS_SWITCH
#define TYPFRAGE_KMEANS_SWITCH 0.01
#endif
constexpr double kKmeansSwitchShare = TYPFRAGE_KMEANS_SWITCH;

// One k-means start in its steps: the first assignment, Lloyd iterations
// (with the empty-cluster repair), Hartigan transfers, the result. Holds
// the labels, centres, sums, weights and counts per cluster and the
// shortcuts' state (bounds, single-precision centres); state() gives the
// passes their view of it.
class KMeansStart {
 public:
  KMeansStart(const KMeansData& d, Eigen::MatrixXd c)
      : d_(d), k_(static_cast<int>(c.cols())), c_(std::move(c)),
        a_(static_cast<std::size_t>(d.n()), 0), lab_(static_cast<std::size_t>(d.ld()), -1.0),
        bounds_(d.ld() / lane_width, d.use.skip_bounds), filter_(d.filter(k_)) {}

  // The first assignment: the nearest initial centre of every row, from
  // `init` when given (the seeding computed it), else by a pass.
  void assign_first(const std::vector<int>* init) {
    if (init && d_.use.seeded_labels && static_cast<index_t>(init->size()) == d_.n()) {
      a_ = *init;
      for (index_t i = 0; i < d_.n(); ++i) lab_[static_cast<std::size_t>(i)] = a_[static_cast<std::size_t>(i)];
      return;
    }
    assignment_centres();
    assign_pass<false>(state(), false);
  }

  // Lloyd: centres from the sums per cluster, which are updated as rows
  // move (O(p) per moved row instead of a pass over the data), until an
  // iteration moves at most kKmeansSwitchShare of the rows (converged) or
  // max_iter iterations have run.
  bool lloyd(int max_iter, KMeansResult& res) {
    const double switch_at = kKmeansSwitchShare * static_cast<double>(d_.n());
    int it = 0;
    bool converged = false;
    while (it < max_iter) {
      ++it;
      poll_interrupt(d_.interrupt);
      recentre(it == 1);
      repair_empty(res);
      assignment_centres();
      const PassResult pass = bounds_.active() ? assign_pass<true>(state(), true)
                                               : assign_pass<false>(state(), true);
      finish_pass(pass, res);
      // No row moved: the partition is Lloyd-stable. Few moves left: hand
      // over to the transfers (which start from exact centres).
      if (static_cast<double>(pass.moved) <= switch_at) {
        converged = true;
        break;
      }
    }
    res.lloyd_iterations = it;
    return converged;
  }

  // Hartigan-style single-point transfers (transfer_pass()) until a pass
  // moves nothing (stable) or max_passes passes have run; returns the
  // passes. The sums per cluster carry over from Lloyd and follow every move.
  int transfers(int max_passes, bool& stable, KMeansResult& res) {
    std::vector<double> f_remove(static_cast<std::size_t>(k_)), f_add(static_cast<std::size_t>(k_));
    int passes = 0;
    stable = false;
    while (passes < max_passes) {
      ++passes;
      poll_interrupt(d_.interrupt);
      if (k_ < 2) {
        stable = true;
        break;
      }
      recentre(false);
      for (int j = 0; j < k_; ++j) unit_factors(wsum_.data(), j, f_remove.data(), f_add.data());
      const PassResult pass = bounds_.active()
                                  ? transfer_pass<true>(state(), f_remove.data(), f_add.data())
                                  : transfer_pass<false>(state(), f_remove.data(), f_add.data());
      finish_pass(pass, res);
      res.transfers += static_cast<int>(pass.moved);
      if (pass.moved == 0) {
        stable = true;
        break;
      }
    }
    return passes;
  }

  // The result of the final labelling. The sums per cluster followed every
  // move; with exact sums they are those of the final labelling, otherwise
  // they are summed afresh. `quick` with exact moments: only the labels and
  // the objective (from the sums).
  void finish(bool quick, KMeansResult& res) {
    if (quick && d_.exact_moments()) {
      res.objective = moment_objective(d_, sums_, wsum_);
      res.cluster = std::move(a_);
    } else if (d_.exact_sums() && d_.use.running_sums)
      evaluate_sums(d_, std::move(a_), k_, sums_, wsum_, res);
    else
      kmeans_evaluate(d_, std::move(a_), k_, res);
  }

 private:
  // The passes' view of this start (pointers taken again before every
  // pass: sums and the weights per cluster are allocated by
  // compute_centers()).
  KMeansState state() {
    KMeansState s = data_state(d_);
    s.k = k_;
    s.c = c_.data();
    s.sums = sums_.data();
    s.wsum = wsum_.data();
    s.count = count_.data();
    s.a = a_.data();
    s.lab = lab_.data();
    s.bounds = &bounds_;
    if (filter_ && float_centres_.usable()) s.float_centres = &float_centres_;
    return s;
  }

  // Small-integer data: the assignments are decided in single precision
  // where that is safe (nearest_filter.hpp), from the centres of the pass.
  void assignment_centres() {
    if (filter_) float_centres_.set(d_.small, c_.data(), k_);
  }

  // New centres: from the labels (`fresh`) or from the sums per cluster
  // (clusters without weight keep theirs); the total drift of the bounds
  // grows by the farthest any centre moved.
  void recentre(bool fresh) {
    before_ = c_;
    if (fresh)
      compute_centers(d_, a_, k_, sums_, c_, wsum_, count_);
    else
      centres_from_sums(sums_, wsum_, c_);
    bounds_.add_drift(std::sqrt((c_ - before_).colwise().squaredNorm().maxCoeff()));
  }

  // Empty-cluster repair: the worst-fitting row (of a cluster with at least
  // two rows) moves into each empty cluster.
  void repair_empty(KMeansResult& res) {
    for (int j = 0; j < k_; ++j) {
      if (count_[static_cast<std::size_t>(j)] > 0) continue;
      const std::vector<double> cost = own_costs(d_, a_, c_);
      index_t worst = -1;
      double worst_cost = -1.0;
      for (index_t i = 0; i < d_.n(); ++i) {
        if (count_[static_cast<std::size_t>(a_[static_cast<std::size_t>(i)])] < 2) continue;
        if (cost[static_cast<std::size_t>(i)] > worst_cost) {
          worst_cost = cost[static_cast<std::size_t>(i)];
          worst = i;
        }
      }
      if (worst < 0) throw fit_error("k-means: cannot repair an empty cluster");
      a_[static_cast<std::size_t>(worst)] = j;
      lab_[static_cast<std::size_t>(worst)] = j;
      ++res.empty_repairs;
      compute_centers(d_, a_, k_, sums_, c_, wsum_, count_);
      bounds_.drop_all();
    }
  }

  void finish_pass(const PassResult& pass, KMeansResult& res) {
    bounds_.finish_pass(pass.settled, pass.moved, d_.n());
    res.skipped += pass.settled;
  }

  const KMeansData& d_;
  int k_;
  Eigen::MatrixXd c_, before_, sums_;  // p x k
  std::vector<int> a_;
  // The labels again as lane values (padding rows: -1), so that eight rows
  // are compared with one instruction.
  std::vector<double> lab_;
  std::vector<double> wsum_;
  std::vector<index_t> count_;
  SkipBounds bounds_;  // groups of rows that cannot change cluster are skipped
  bool filter_;
  FloatCentres float_centres_;
};

}  // namespace detail

// One k-means start from the given initial centres (p x k). `init`: the
// nearest initial centre of every row if already known (from
// kmeanspp_seed()); saves the first assignment pass. `quick`: with exact
// moments (KMeansData::exact_moments()) the result holds only the labels
// and the objective; kmeans_evaluate() gives the rest. The shortcuts the
// passes take: KMeansData::use.
//
// Every pass goes through the rows eight at a time: the squared distances of
// eight rows to a centre are one lane kernel call. Bounds per row (Hamerly,
// Elkan) would break that up and cost more in unpredictable branches than
// they save on typology-sized data; bounds per group of eight rows
// (skip_bounds.hpp) skip the groups whose rows all keep their cluster, and
// switch themselves off on data where that rarely happens.
inline KMeansResult kmeans_from_centers(const KMeansData& d, Eigen::MatrixXd c,
                                        int max_iter, int max_passes = 1000,
                                        const std::vector<int>* init = nullptr,
                                        bool quick = false) {
  if (max_iter < 1) throw std::invalid_argument("kmeans: max_iter must be at least 1");
  KMeansResult res;
  detail::KMeansStart start(d, std::move(c));
  start.assign_first(init);
  const bool converged = start.lloyd(max_iter, res);
  bool stable = false;
  const int passes = start.transfers(max_passes, stable, res);
  start.finish(quick, res);
  res.iterations = res.lloyd_iterations + passes;
  res.converged = converged && stable;
  return res;
}

// One k-means start: k-means++ seeding from `rng`, then Lloyd and transfers
// (`quick`: as for kmeans_from_centers()).
inline KMeansResult kmeans_start(const KMeansData& d, int k, int max_iter, Rng& rng, bool quick = false) {
  if (k < 1 || k > d.n()) throw fit_error("k-means: k must be between 1 and n");
  std::vector<int> init;
  Eigen::MatrixXd c = kmeanspp_seed(d, k, rng, &init);
  return kmeans_from_centers(d, std::move(c), max_iter, 1000, &init, quick);
}

}  // namespace typfrage

#endif  // TYPFRAGE_KMEANS_HPP
