// k-means for one start: k-means++ seeding, Lloyd iterations accelerated with
// Hamerly's bounds, then Hartigan-style single-point transfers until no move
// lowers the objective. Case weights enter the centres and the objective.
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

#include "distance.hpp"  // squared_euclidean
#include "policies.hpp"
#include "rng.hpp"

namespace typfrage {

// Thrown when a fit cannot proceed on the data it was given (e.g. fewer
// distinct rows than clusters in a resampled data set).
struct fit_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Data prepared once per fit and shared by all starts: observations as
// contiguous columns (p x n) and optional case weights.
struct KMeansData {
  Eigen::MatrixXd xt;      // p x n
  std::vector<double> w;   // empty: every weight 1
  InterruptPoll* interrupt = nullptr;  // polled by long loops; null: never interrupted
  KMeansData(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& weights)
      : xt(x.transpose()), w(weights) {
    if (!w.empty() && static_cast<index_t>(w.size()) != x.rows())
      throw std::invalid_argument("kmeans: weights must have one entry per row");
  }
  index_t n() const { return xt.cols(); }
  index_t p() const { return xt.rows(); }
  double weight(index_t i) const { return w.empty() ? 1.0 : w[static_cast<std::size_t>(i)]; }
  const double* row(index_t i) const { return xt.data() + i * xt.rows(); }
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
  bool converged = false;
};

namespace detail {

// Rows between interrupt polls inside one pass over the data.
constexpr index_t kPollRows = 65536;  // a power of 2

// Inside a pass over the rows: poll every kPollRows rows.
inline void poll_rows(index_t i, InterruptPoll* interrupt) {
  if (i > 0 && (i & (kPollRows - 1)) == 0) poll_interrupt(interrupt);
}

inline double sqdist(const double* a, const double* b, index_t p) {
  return squared_euclidean(a, b, p);
}

// Weighted centres (p x k) of a labelling; returns weights per cluster.
inline void compute_centers(const KMeansData& d, const std::vector<int>& a, int k,
                            Eigen::MatrixXd& c, std::vector<double>& wsum,
                            std::vector<index_t>& count) {
  const index_t p = d.p();
  c.setZero(p, k);
  wsum.assign(k, 0.0);
  count.assign(k, 0);
  for (index_t i = 0; i < d.n(); ++i) {
    const int j = a[static_cast<std::size_t>(i)];
    const double w = d.weight(i);
    const double* x = d.row(i);
    double* cj = c.data() + static_cast<index_t>(j) * p;
    for (index_t f = 0; f < p; ++f) cj[f] += w * x[f];
    wsum[j] += w;
    ++count[j];
  }
  for (int j = 0; j < k; ++j)
    if (wsum[j] > 0.0) c.col(j) /= wsum[j];
}

}  // namespace detail

// Centres, per-cluster weighted sums of squares, cluster weights and the
// objective of the labelling `a` (0-based, k clusters), stored in `res`
// (which takes `a` as its clusters). Used at the end of every k-means start
// and for partitions from elsewhere (the cut of Ward's tree).
inline void kmeans_evaluate(const KMeansData& d, std::vector<int> a, int k, KMeansResult& res) {
  const index_t n = d.n(), p = d.p();
  Eigen::MatrixXd c;
  std::vector<double> wsum;
  std::vector<index_t> count;
  detail::compute_centers(d, a, k, c, wsum, count);
  res.cluster = std::move(a);
  res.centers = c.transpose();
  res.withinss = Eigen::VectorXd::Zero(k);
  for (index_t i = 0; i < n; ++i) {
    const int ai = res.cluster[static_cast<std::size_t>(i)];
    res.withinss[ai] += d.weight(i) * detail::sqdist(d.row(i), c.data() + static_cast<index_t>(ai) * p, p);
  }
  res.size_weight = Eigen::Map<const Eigen::VectorXd>(wsum.data(), k);
  res.objective = res.withinss.sum();
}

// The assignment of every point to the seeds, as the seeding leaves it:
// nearest seed (ties: the lowest index), squared distances to the nearest
// and the second-nearest seed. Exactly what a full assignment pass over the
// seeds computes, so kmeans_from_centers() can start from it.
struct SeedAssignment {
  std::vector<int> nearest;
  std::vector<double> d1, d2;
};

// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with the local
// trials of scikit-learn): every further centre is the best of 2 + log(k)
// candidates drawn with probability proportional to weight x D^2, "best"
// meaning the lowest resulting potential. Returns k distinct rows (p x k);
// fills `assign` (if given) with the assignment of the points to them.
inline Eigen::MatrixXd kmeanspp_seed(const KMeansData& d, int k, Rng& rng,
                                     SeedAssignment* assign = nullptr) {
  const index_t n = d.n(), p = d.p();
  Eigen::MatrixXd c(p, k);
  constexpr int kMaxTrials = 16;
  const int trials = std::min(kMaxTrials, 2 + static_cast<int>(std::log(static_cast<double>(k))));
  // d2: squared distance to the nearest seed so far; second, nearest: the
  // second-nearest distance and the nearest seed; cand_d2: the squared
  // distances of every point to every candidate of the current round.
  std::vector<double> d2(static_cast<std::size_t>(n)),
      second(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity()),
      cand_d2(static_cast<std::size_t>(n) * static_cast<std::size_t>(trials));
  std::vector<int> nearest(static_cast<std::size_t>(n), 0);
  // Draw an index with probability proportional to w_i * score_i.
  auto pick = [&](const std::vector<double>* score, double total) -> index_t {
    const double r = rng.uniform() * total;
    double acc = 0.0;
    index_t last = -1;
    for (index_t i = 0; i < n; ++i) {
      const double s = d.weight(i) * (score ? (*score)[static_cast<std::size_t>(i)] : 1.0);
      if (s <= 0.0) continue;
      acc += s;
      last = i;
      if (acc >= r) return i;
    }
    return last;  // rounding at the end of the cumulative sum
  };
  double wtotal = 0.0;
  for (index_t i = 0; i < n; ++i) wtotal += d.weight(i);
  if (!(wtotal > 0.0)) throw fit_error("k-means: no observation has positive weight");
  const index_t first = pick(nullptr, wtotal);
  c.col(0) = Eigen::Map<const Eigen::VectorXd>(d.row(first), p);
  double pot = 0.0;
  for (index_t i = 0; i < n; ++i) {
    d2[static_cast<std::size_t>(i)] = detail::sqdist(d.row(i), d.row(first), p);
    pot += d.weight(i) * d2[static_cast<std::size_t>(i)];
  }
  for (int j = 1; j < k; ++j) {
    poll_interrupt(d.interrupt);
    if (!(pot > 0.0)) throw fit_error("k-means: fewer distinct rows than clusters");
    // All candidates are drawn from the same D^2 first; then one pass over
    // the data evaluates every candidate (each row is read once), and the
    // candidate with the lowest potential wins (ties: the first drawn).
    index_t cands[kMaxTrials];
    const double* xc[kMaxTrials];
    double cp[kMaxTrials];
    int nc = 0;
    for (int t = 0; t < trials; ++t) {
      const index_t cand = pick(&d2, pot);
      if (cand < 0) continue;
      cands[nc] = cand;
      xc[nc] = d.row(cand);
      cp[nc] = 0.0;
      ++nc;
    }
    for (index_t i = 0; i < n; ++i) {
      detail::poll_rows(i, d.interrupt);
      const std::size_t si = static_cast<std::size_t>(i);
      const double* xi = d.row(i);
      const double w = d.weight(i);
      for (int t = 0; t < nc; ++t) {
        const double raw = detail::sqdist(xi, xc[t], p);
        cand_d2[static_cast<std::size_t>(t) * static_cast<std::size_t>(n) + si] = raw;
        cp[t] += w * std::min(d2[si], raw);
      }
    }
    index_t best = -1;
    double best_pot = std::numeric_limits<double>::infinity();
    int best_t = -1;
    for (int t = 0; t < nc; ++t) {
      if (cp[t] < best_pot) {
        best_pot = cp[t];
        best = cands[t];
        best_t = t;
      }
    }
    if (best < 0) throw fit_error("k-means: fewer distinct rows than clusters");
    c.col(j) = Eigen::Map<const Eigen::VectorXd>(d.row(best), p);
    // Seed j joins: the same updates, in the same order, as a full
    // assignment pass over seeds 0..k-1 makes.
    const double* raw = cand_d2.data() + static_cast<std::size_t>(best_t) * static_cast<std::size_t>(n);
    // Branch-free (the comparisons are unpredictable): with second >= d2,
    // the new second-nearest is min(second, max(raw, d2)); ties keep the
    // earlier seed.
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      const double r = raw[si], near = d2[si];
      const int mask = -static_cast<int>(r < near);
      second[si] = std::min(second[si], std::max(r, near));
      d2[si] = std::min(r, near);
      nearest[si] = (nearest[si] & ~mask) | (j & mask);
    }
    pot = best_pot;
  }
  if (assign) {
    assign->nearest = std::move(nearest);
    assign->d1 = std::move(d2);
    assign->d2 = std::move(second);
  }
  return c;
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

}  // namespace detail

// One k-means start from the given initial centres (p x k).
// `init`: the assignment to the initial centres if already known (from
// kmeanspp_seed()); saves the first full assignment pass.
inline KMeansResult kmeans_from_centers(const KMeansData& d, Eigen::MatrixXd c,
                                        int max_iter, int max_passes = 1000,
                                        const SeedAssignment* init = nullptr) {
  const index_t n = d.n(), p = d.p();
  const int k = static_cast<int>(c.cols());
  const double inf = std::numeric_limits<double>::infinity();
  InterruptPoll* const interrupt = d.interrupt;
  KMeansResult res;
  std::vector<int> a(static_cast<std::size_t>(n), 0);
  std::vector<double> u(static_cast<std::size_t>(n)), l(static_cast<std::size_t>(n));

  // Full assignment of point i: nearest and second-nearest centre (the
  // squared distance to centre `known` may be given as `known_d2`).
  auto assign_full = [&](index_t i, int known = -1, double known_d2 = 0.0) {
    const double* x = d.row(i);
    double b1 = inf, b2 = inf;
    int j1 = 0;
    for (int j = 0; j < k; ++j) {
      const double s = j == known ? known_d2
                                  : detail::sqdist(x, c.data() + static_cast<index_t>(j) * p, p);
      if (s < b1) {
        b2 = b1;
        b1 = s;
        j1 = j;
      } else if (s < b2) {
        b2 = s;
      }
    }
    a[static_cast<std::size_t>(i)] = j1;
    u[static_cast<std::size_t>(i)] = std::sqrt(b1);
    l[static_cast<std::size_t>(i)] = std::sqrt(b2);
  };
  if (init && static_cast<index_t>(init->nearest.size()) == n) {
    a = init->nearest;
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      u[si] = std::sqrt(init->d1[si]);
      l[si] = std::sqrt(init->d2[si]);
    }
  } else {
    for (index_t i = 0; i < n; ++i) {
      detail::poll_rows(i, interrupt);
      assign_full(i);
    }
  }

  Eigen::MatrixXd cnew;
  std::vector<double> wsum;
  std::vector<index_t> count;
  std::vector<double> delta(k), s(k);
  const double switch_at = detail::kKmeansSwitchShare * static_cast<double>(n);

  // Lloyd with Hamerly's bounds.
  // Weighted sums per cluster are updated incrementally as points move, so
  // an iteration costs O(p) per moved point instead of a pass over the data.
  bool converged = false;
  int it = 0;
  Eigen::MatrixXd sums;
  bool full = true;
  while (it < max_iter) {
    ++it;
    poll_interrupt(interrupt);
    if (full) {
      detail::compute_centers(d, a, k, cnew, wsum, count);
      sums = cnew;
      for (int j = 0; j < k; ++j) sums.col(j) *= wsum[j];
      full = false;
    } else {
      cnew = sums;
      for (int j = 0; j < k; ++j)
        if (wsum[j] > 0.0) cnew.col(j) /= wsum[j];
    }
    // Empty-cluster repair: move the worst-fitting point into the empty cluster.
    for (int j = 0; j < k; ++j) {
      if (count[j] > 0) continue;
      index_t worst = -1;
      double worst_cost = -1.0;
      for (index_t i = 0; i < n; ++i) {
        const int ai = a[static_cast<std::size_t>(i)];
        if (count[ai] < 2) continue;
        const double cost = d.weight(i) * detail::sqdist(d.row(i), cnew.data() + static_cast<index_t>(ai) * p, p);
        if (cost > worst_cost) {
          worst_cost = cost;
          worst = i;
        }
      }
      if (worst < 0) throw fit_error("k-means: cannot repair an empty cluster");
      a[static_cast<std::size_t>(worst)] = j;
      u[static_cast<std::size_t>(worst)] = inf;
      l[static_cast<std::size_t>(worst)] = 0.0;
      ++res.empty_repairs;
      detail::compute_centers(d, a, k, cnew, wsum, count);
      sums = cnew;
      for (int h = 0; h < k; ++h) sums.col(h) *= wsum[h];
    }
    double dmax = 0.0, dmax2 = 0.0;
    int jmax = -1;
    for (int j = 0; j < k; ++j) {
      delta[j] = std::sqrt(detail::sqdist(c.data() + static_cast<index_t>(j) * p,
                                          cnew.data() + static_cast<index_t>(j) * p, p));
      if (delta[j] > dmax) {
        dmax2 = dmax;
        dmax = delta[j];
        jmax = j;
      } else if (delta[j] > dmax2) {
        dmax2 = delta[j];
      }
    }
    c.swap(cnew);
    if (it > 1 && dmax == 0.0) {
      converged = true;
      break;
    }
    for (int j = 0; j < k; ++j) {
      double m = inf;
      for (int h = 0; h < k; ++h) {
        if (h == j) continue;
        m = std::min(m, detail::sqdist(c.data() + static_cast<index_t>(j) * p,
                                       c.data() + static_cast<index_t>(h) * p, p));
      }
      s[j] = 0.5 * std::sqrt(m);
    }
    index_t changed = 0;
    for (index_t i = 0; i < n; ++i) {
      detail::poll_rows(i, interrupt);
      const std::size_t si = static_cast<std::size_t>(i);
      const int ai = a[si];
      u[si] += delta[ai];
      l[si] -= (ai == jmax ? dmax2 : dmax);
      const double m = std::max(s[ai], l[si]);
      if (u[si] <= m) continue;
      const double da2 = detail::sqdist(d.row(i), c.data() + static_cast<index_t>(ai) * p, p);
      u[si] = std::sqrt(da2);
      if (u[si] <= m) continue;
      assign_full(i, ai, da2);
      const int bi = a[si];
      if (bi != ai) {
        ++changed;
        const double w = d.weight(i);
        const double* x = d.row(i);
        double* sa = sums.data() + static_cast<index_t>(ai) * p;
        double* sb = sums.data() + static_cast<index_t>(bi) * p;
        for (index_t f = 0; f < p; ++f) {
          sa[f] -= w * x[f];
          sb[f] += w * x[f];
        }
        wsum[ai] -= w;
        wsum[bi] += w;
        --count[ai];
        ++count[bi];
      }
    }
    if (changed == 0) {
      converged = true;
      break;
    }
    // Few moves left: hand over to the transfers (the centres of the moves
    // just made are recomputed exactly at the start of the first pass).
    if (static_cast<double>(changed) <= switch_at) {
      converged = true;
      break;
    }
  }
  res.lloyd_iterations = it;

  // Hartigan-style single-point transfers, pruned with Lloyd's bounds:
  // u[i] >= d(x_i, c_a(i)) and l[i] <= min_{j != a(i)} d(x_i, c_j), kept
  // valid by the triangle inequality as centres move (drift). A point needs
  // no evaluation when even the cheapest conceivable addition,
  // w W_j/(W_j + w) l^2, costs more than its removal, w W_a/(W_a - w) u^2.
  // W/(W + w) grows with W, so the cheapest addition factor is that of the
  // lightest cluster other than a(i): the two lightest clusters are tracked.
  int passes = 0;
  bool stable = false;
  bool exact = false;  // c holds compute_centers() of the final labels
  std::vector<double> drift(static_cast<std::size_t>(k), 0.0);
  std::vector<double> pending(static_cast<std::size_t>(k), 0.0);
  std::vector<double> d2(static_cast<std::size_t>(k));
  int light1 = 0, light2 = 0;
  auto find_lightest = [&]() {
    light1 = 0;
    light2 = k > 1 ? 1 : 0;
    if (k > 1 && wsum[light2] < wsum[light1]) std::swap(light1, light2);
    for (int j = 2; j < k; ++j) {
      if (wsum[j] < wsum[light1]) {
        light2 = light1;
        light1 = j;
      } else if (wsum[j] < wsum[light2]) {
        light2 = j;
      }
    }
  };
  Eigen::MatrixXd cold;
  while (passes < max_passes) {
    ++passes;
    poll_interrupt(interrupt);
    cold = c;
    detail::compute_centers(d, a, k, c, wsum, count);  // exact centres each pass
    if (k < 2) {
      stable = exact = true;
      break;
    }
    // A point's lower bound covers the other clusters only, so it shrinks
    // by the largest drift among them: the largest drift overall, or the
    // second largest for the point of the cluster that drifted most.
    double pmax = 0.0, pmax2 = 0.0;
    int pjmax = -1;
    for (int j = 0; j < k; ++j) {
      pending[j] += std::sqrt(detail::sqdist(cold.data() + static_cast<index_t>(j) * p,
                                             c.data() + static_cast<index_t>(j) * p, p));
      if (pending[j] > pmax) {
        pmax2 = pmax;
        pmax = pending[j];
        pjmax = j;
      } else if (pending[j] > pmax2) {
        pmax2 = pending[j];
      }
    }
    if (pmax > 0.0) {
      for (index_t i = 0; i < n; ++i) {
        const std::size_t si = static_cast<std::size_t>(i);
        u[si] += pending[static_cast<std::size_t>(a[si])];
        l[si] -= (a[si] == pjmax ? pmax2 : pmax);
      }
    }
    std::fill(drift.begin(), drift.end(), 0.0);
    find_lightest();
    double dmax_run = 0.0, dmax_run2 = 0.0;  // two largest drifts of this pass
    int jmax_run = -1;
    index_t moves = 0;
    for (index_t i = 0; i < n; ++i) {
      detail::poll_rows(i, interrupt);
      const std::size_t si = static_cast<std::size_t>(i);
      const int ai = a[si];
      if (count[ai] < 2) continue;
      const double w = d.weight(i);
      const double* x = d.row(i);
      const double fa = wsum[ai] / (wsum[ai] - w);
      const double wl = wsum[ai == light1 ? light2 : light1];
      const double fmin = wl / (wl + w);
      const double lb = l[si] - (ai == jmax_run ? dmax_run2 : dmax_run);
      const double ub = u[si] + drift[static_cast<std::size_t>(ai)];
      if (lb > 0.0 && fmin * lb * lb > fa * ub * ub) continue;
      const double da2 = detail::sqdist(x, c.data() + static_cast<index_t>(ai) * p, p);
      u[si] = std::sqrt(da2);
      const double remove = w * fa * da2;
      if (lb > 0.0 && w * fmin * lb * lb > remove) continue;
      double best = remove;
      int bj = -1;
      double second = std::numeric_limits<double>::infinity();
      for (int j = 0; j < k; ++j) {
        if (j == ai) continue;
        d2[static_cast<std::size_t>(j)] = detail::sqdist(x, c.data() + static_cast<index_t>(j) * p, p);
        second = std::min(second, d2[static_cast<std::size_t>(j)]);
        const double add = w * wsum[j] / (wsum[j] + w) * d2[static_cast<std::size_t>(j)];
        if (add < best) {
          best = add;
          bj = j;
        }
      }
      // Strict decrease beyond rounding noise, so the loop cannot cycle.
      if (bj < 0 || !(remove - best > 1e-13 * remove)) {
        l[si] = std::sqrt(second);
        continue;
      }
      double* ca = c.data() + static_cast<index_t>(ai) * p;
      double* cb = c.data() + static_cast<index_t>(bj) * p;
      const double wa = wsum[ai] - w, wb = wsum[bj] + w;
      double ma = 0.0, mb = 0.0;
      for (index_t f = 0; f < p; ++f) {
        const double na = (wsum[ai] * ca[f] - w * x[f]) / wa;
        const double nb = (wsum[bj] * cb[f] + w * x[f]) / wb;
        ma += (na - ca[f]) * (na - ca[f]);
        mb += (nb - cb[f]) * (nb - cb[f]);
        ca[f] = na;
        cb[f] = nb;
      }
      drift[static_cast<std::size_t>(ai)] += std::sqrt(ma);
      drift[static_cast<std::size_t>(bj)] += std::sqrt(mb);
      for (const int j : {ai, bj}) {
        const double dj = drift[static_cast<std::size_t>(j)];
        if (j == jmax_run) {
          dmax_run = dj;
        } else if (dj > dmax_run) {
          dmax_run2 = dmax_run;
          dmax_run = dj;
          jmax_run = j;
        } else if (dj > dmax_run2) {
          dmax_run2 = dj;
        }
      }
      // Bounds of i for its new cluster (relative to the centres before the
      // move; the drift added at the next pass covers the move).
      double other = da2;  // distance to the old cluster is now an "other"
      for (int j = 0; j < k; ++j)
        if (j != ai && j != bj) other = std::min(other, d2[static_cast<std::size_t>(j)]);
      u[si] = std::sqrt(d2[static_cast<std::size_t>(bj)]);
      l[si] = std::sqrt(other);
      wsum[ai] = wa;
      wsum[bj] = wb;
      --count[ai];
      ++count[bj];
      a[si] = bj;
      ++moves;
      find_lightest();
    }
    pending = drift;
    res.transfers += static_cast<int>(moves);
    if (moves == 0) {
      stable = exact = true;
      break;
    }
  }
  if (exact) {
    // The last pass moved nothing: c, wsum are exactly what
    // kmeans_evaluate() would recompute; only the sums of squares remain.
    res.withinss = Eigen::VectorXd::Zero(k);
    for (index_t i = 0; i < n; ++i) {
      const int ai = a[static_cast<std::size_t>(i)];
      res.withinss[ai] += d.weight(i) * detail::sqdist(d.row(i), c.data() + static_cast<index_t>(ai) * p, p);
    }
    res.centers = c.transpose();
    res.size_weight = Eigen::Map<const Eigen::VectorXd>(wsum.data(), k);
    res.objective = res.withinss.sum();
    res.cluster = std::move(a);
  } else {
    kmeans_evaluate(d, std::move(a), k, res);
  }
  res.iterations = res.lloyd_iterations + passes;
  res.converged = converged && stable;
  return res;
}

// One k-means start: k-means++ seeding from `rng`, then Lloyd and transfers.
inline KMeansResult kmeans_start(const KMeansData& d, int k, int max_iter, Rng& rng) {
  if (k < 1 || k > d.n()) throw fit_error("k-means: k must be between 1 and n");
  SeedAssignment init;
  Eigen::MatrixXd c = kmeanspp_seed(d, k, rng, &init);
  return kmeans_from_centers(d, std::move(c), max_iter, 1000, &init);
}

}  // namespace typfrage

#endif  // TYPFRAGE_KMEANS_HPP
