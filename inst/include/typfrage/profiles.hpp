// Profiles of the types of a partition: per-type weighted moments of every
// item (one pass), z-profiles, Cohen's d of each type against the rest, the
// share of variance explained by the types (eta squared) with the one-way
// ANOVA F statistic, and type x category tables with expected counts and
// adjusted standardised residuals, and the Kruskal-Wallis statistic.
//
// Pure C++17 + Eigen, no R headers, no global state and no allocation shared
// between calls: every function may be called from inside parallel_for()
// (the stability intervals call it on every bootstrap replicate). P-values
// (pf, pchisq) and formatting are added in R.
//
// Weights are frequency weights: a case with weight 3 counts as three
// identical cases. Weighted means, standard deviations (divisor W - 1, W the
// sum of weights), eta squared, Cohen's d and the ANOVA F statistic (with
// W - k residual degrees of freedom) therefore equal the unweighted values on
// the data with every row repeated `weight` times. Without weights every
// weight is 1 and W is the number of cases.
#ifndef TYPFRAGE_PROFILES_HPP
#define TYPFRAGE_PROFILES_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "agreement.hpp"
#include "policies.hpp"

namespace typfrage {

// Per-type moments of every item. Rows whose type code is negative (no type)
// are skipped; a non-finite value skips only that item of that row
// (available-case analysis, item by item).
struct TypeMoments {
  index_t k = 0, p = 0;
  Eigen::MatrixXd weight;  // k x p: sum of case weights with the item observed
  Eigen::MatrixXd count;   // k x p: number of such cases (unweighted)
  Eigen::MatrixXd mean;    // k x p: weighted mean (NaN when weight is 0)
  Eigen::MatrixXd ss;      // k x p: weighted sum of squared deviations from the mean
};

// x: n x p items; type: n 0-based type codes in [0, k) or negative for none;
// w: n positive case weights, or nullptr for all ones.
// West's (1979) weighted update: numerically stable in a single pass.
inline TypeMoments type_moments(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                const int* type, index_t k,
                                const double* w = nullptr) {
  if (k < 1) throw std::invalid_argument("type_moments: k must be positive");
  const index_t n = x.rows(), p = x.cols();
  TypeMoments m;
  m.k = k;
  m.p = p;
  m.weight = Eigen::MatrixXd::Zero(k, p);
  m.count = Eigen::MatrixXd::Zero(k, p);
  m.mean = Eigen::MatrixXd::Zero(k, p);
  m.ss = Eigen::MatrixXd::Zero(k, p);
  for (index_t i = 0; i < n; ++i) {
    if (type[i] >= k) throw std::out_of_range("type code outside [0, k)");
  }
  // Column by column: R's matrices are column-major.
  for (index_t j = 0; j < p; ++j) {
    for (index_t i = 0; i < n; ++i) {
      const int t = type[i];
      if (t < 0) continue;
      const double v = x(i, j);
      if (!std::isfinite(v)) continue;
      const double wi = w ? w[i] : 1.0;
      const double w_new = m.weight(t, j) + wi;
      const double delta = v - m.mean(t, j);
      const double r = delta * wi / w_new;
      m.mean(t, j) += r;
      m.ss(t, j) += m.weight(t, j) * delta * r;
      m.weight(t, j) = w_new;
      m.count(t, j) += 1.0;
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (index_t j = 0; j < p; ++j)
    for (index_t t = 0; t < k; ++t)
      if (!(m.weight(t, j) > 0.0)) m.mean(t, j) = nan;
  return m;
}

// Only the weighted means per type and item (k x p, column-major; NaN where a
// type has no finite value of the item): weighted sums and weights, one
// division per cell. Rows with a negative type are left out. What the
// bootstrap replicates of stability() need, at a fraction of the cost of
// type_moments()'s running updates. With `rows` (m increasing row indices),
// only those rows, with type[r] and w[r] for rows[r] (the same sums as
// type -1 for all other rows).
inline Eigen::MatrixXd type_means(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* type,
                                  index_t k, const double* w = nullptr, const index_t* rows = nullptr,
                                  index_t m = 0) {
  if (k < 1) throw std::invalid_argument("type_means: k must be positive");
  const index_t n = rows ? m : x.rows(), p = x.cols();
  for (index_t r = 0; r < n; ++r)
    if (type[r] >= k) throw std::out_of_range("type code outside [0, k)");
  // The rows of every type in increasing order (a counting sort), so that
  // each cell's sum adds its rows in row order, as a pass over the rows
  // would, while four items at a time keep four independent sums.
  std::vector<index_t> first(static_cast<std::size_t>(k + 1), 0);
  for (index_t r = 0; r < n; ++r)
    if (type[r] >= 0) ++first[static_cast<std::size_t>(type[r] + 1)];
  for (index_t t = 0; t < k; ++t) first[static_cast<std::size_t>(t + 1)] += first[static_cast<std::size_t>(t)];
  std::vector<index_t> order(static_cast<std::size_t>(first[static_cast<std::size_t>(k)]));
  {
    std::vector<index_t> next(first.begin(), first.end() - 1);
    for (index_t r = 0; r < n; ++r)
      if (type[r] >= 0) order[static_cast<std::size_t>(next[static_cast<std::size_t>(type[r])]++)] = r;
  }
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(k, p), weight = Eigen::MatrixXd::Zero(k, p);
  constexpr index_t kItems = 4;
  for (index_t j0 = 0; j0 < p; j0 += kItems) {
    const index_t items = std::min(kItems, p - j0);
    const double* col[kItems];
    for (index_t q = 0; q < kItems; ++q) col[q] = x.col(j0 + std::min(q, items - 1)).data();
    for (index_t t = 0; t < k; ++t) {
      double s[kItems] = {0.0, 0.0, 0.0, 0.0}, wt[kItems] = {0.0, 0.0, 0.0, 0.0};
      for (index_t o = first[static_cast<std::size_t>(t)]; o < first[static_cast<std::size_t>(t + 1)]; ++o) {
        const index_t r = order[static_cast<std::size_t>(o)];
        const index_t i = rows ? rows[r] : r;
        const double wr = w ? w[r] : 1.0;
        for (index_t q = 0; q < kItems; ++q) {  // (items past the last: ignored)
          const double v = col[q][i];
          if (!std::isfinite(v)) continue;
          s[q] += wr * v;
          wt[q] += wr;
        }
      }
      for (index_t q = 0; q < items; ++q) {
        sum(t, j0 + q) = s[q];
        weight(t, j0 + q) = wt[q];
      }
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (index_t j = 0; j < p; ++j)
    for (index_t t = 0; t < k; ++t)
      sum(t, j) = weight(t, j) > 0.0 ? sum(t, j) / weight(t, j) : nan;
  return sum;
}

// Everything profiles() reports, derived from the moments.
struct Profile {
  TypeMoments moments;
  Eigen::MatrixXd sd;  // k x p: within-type SD, sqrt(ss / (W_t - 1))
  Eigen::MatrixXd z;   // k x p: (type mean - overall mean) / overall SD
  Eigen::MatrixXd d;   // k x p: Cohen's d, type vs all other types (pooled SD)
  // Per item (length p):
  Eigen::VectorXd weight, count, mean, sd_overall;
  Eigen::VectorXd ss_total, ss_between, ss_within, eta2;
  Eigen::VectorXd f, df_between, df_within;  // one-way ANOVA
  Eigen::VectorXd types;                     // types with the item observed
};

namespace detail {
// Cohen's d of type t on item j (W: the item's total weight) against every
// other type pooled (NaN where undefined). The rest's sum of squares is the
// sum of the others' within sums of squares plus their spread around the
// rest's mean (exact, no subtraction of large numbers).
inline double cohen_d_vs_rest(const TypeMoments& m, index_t t, index_t j, double W) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double w_rest = W - m.weight(t, j);
  if (!(w_rest > 0.0)) return nan;
  double rest_sum = 0.0;
  for (index_t s = 0; s < m.k; ++s)
    if (s != t && m.weight(s, j) > 0.0) rest_sum += m.weight(s, j) * m.mean(s, j);
  const double mu_rest = rest_sum / w_rest;
  double ss_rest = 0.0;
  for (index_t s = 0; s < m.k; ++s) {
    if (s == t || !(m.weight(s, j) > 0.0)) continue;
    const double dev = m.mean(s, j) - mu_rest;
    ss_rest += m.ss(s, j) + m.weight(s, j) * dev * dev;
  }
  const double df = W - 2.0;
  if (!(df > 0.0)) return nan;
  const double pooled = std::sqrt((m.ss(t, j) + ss_rest) / df);
  return pooled > 0.0 ? (m.mean(t, j) - mu_rest) / pooled : nan;
}
}  // namespace detail

inline Profile profile_from_moments(const TypeMoments& m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const index_t k = m.k, p = m.p;
  Profile r;
  r.moments = m;
  r.sd = Eigen::MatrixXd::Constant(k, p, nan);
  r.z = Eigen::MatrixXd::Constant(k, p, nan);
  r.d = Eigen::MatrixXd::Constant(k, p, nan);
  r.weight = Eigen::VectorXd::Zero(p);
  r.count = Eigen::VectorXd::Zero(p);
  r.mean = Eigen::VectorXd::Constant(p, nan);
  r.sd_overall = Eigen::VectorXd::Constant(p, nan);
  r.ss_total = Eigen::VectorXd::Constant(p, nan);
  r.ss_between = Eigen::VectorXd::Constant(p, nan);
  r.ss_within = Eigen::VectorXd::Constant(p, nan);
  r.eta2 = Eigen::VectorXd::Constant(p, nan);
  r.f = Eigen::VectorXd::Constant(p, nan);
  r.df_between = Eigen::VectorXd::Constant(p, nan);
  r.df_within = Eigen::VectorXd::Constant(p, nan);
  r.types = Eigen::VectorXd::Zero(p);

  for (index_t j = 0; j < p; ++j) {
    double W = 0.0, N = 0.0, sum = 0.0, ssw = 0.0, present = 0.0;
    for (index_t t = 0; t < k; ++t) {
      const double wt = m.weight(t, j);
      if (!(wt > 0.0)) continue;
      W += wt;
      N += m.count(t, j);
      sum += wt * m.mean(t, j);
      ssw += m.ss(t, j);
      present += 1.0;
      if (wt > 1.0) r.sd(t, j) = std::sqrt(m.ss(t, j) / (wt - 1.0));
    }
    r.weight(j) = W;
    r.count(j) = N;
    r.types(j) = present;
    if (!(W > 0.0)) continue;
    const double mu = sum / W;
    double ssb = 0.0;
    for (index_t t = 0; t < k; ++t) {
      const double wt = m.weight(t, j);
      if (!(wt > 0.0)) continue;
      const double dev = m.mean(t, j) - mu;
      ssb += wt * dev * dev;
    }
    const double sst = ssw + ssb;
    r.mean(j) = mu;
    r.ss_total(j) = sst;
    r.ss_between(j) = ssb;
    r.ss_within(j) = ssw;
    if (sst > 0.0) r.eta2(j) = ssb / sst;
    if (W > 1.0) r.sd_overall(j) = std::sqrt(sst / (W - 1.0));
    r.df_between(j) = present - 1.0;
    r.df_within(j) = W - present;
    if (present > 1.0 && W > present && ssw > 0.0)
      r.f(j) = (ssb / (present - 1.0)) / (ssw / (W - present));
    else if (present > 1.0 && W > present && ssb > 0.0)
      r.f(j) = std::numeric_limits<double>::infinity();

    for (index_t t = 0; t < k; ++t) {
      const double wt = m.weight(t, j);
      if (!(wt > 0.0)) continue;
      if (r.sd_overall(j) > 0.0) r.z(t, j) = (m.mean(t, j) - mu) / r.sd_overall(j);
      r.d(t, j) = detail::cohen_d_vs_rest(m, t, j, W);
    }
  }
  return r;
}

inline Profile profile(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* type,
                       index_t k, const double* w = nullptr) {
  return profile_from_moments(type_moments(x, type, k, w));
}

// Type x category table (types in rows) with expected counts under
// independence, adjusted standardised residuals (Haberman 1973)
//   (O - E) / sqrt(E (1 - row / N) (1 - col / N)),
// Pearson's chi-squared (no continuity correction) and Cramer's V
//   sqrt(chi2 / (N (min(r, c) - 1))),
// where r and c count the rows and columns with positive margins. Cells in an
// empty row or column get NaN expected counts and residuals.
struct CrossTable {
  Contingency table;
  Eigen::MatrixXd expected, residual;  // rows x cols
  double chisq = std::numeric_limits<double>::quiet_NaN();
  double cramers_v = std::numeric_limits<double>::quiet_NaN();
  double df = std::numeric_limits<double>::quiet_NaN();
};

inline CrossTable cross_table_from(const Contingency& t) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CrossTable r;
  r.table = t;
  r.expected = Eigen::MatrixXd::Constant(t.rows, t.cols, nan);
  r.residual = Eigen::MatrixXd::Constant(t.rows, t.cols, nan);
  const double N = t.total;
  if (!(N > 0.0)) return r;
  index_t rows = 0, cols = 0;
  for (index_t i = 0; i < t.rows; ++i) rows += t.row_sum[i] > 0.0;
  for (index_t j = 0; j < t.cols; ++j) cols += t.col_sum[j] > 0.0;
  double chisq = 0.0;
  for (index_t i = 0; i < t.rows; ++i) {
    if (!(t.row_sum[i] > 0.0)) continue;
    for (index_t j = 0; j < t.cols; ++j) {
      if (!(t.col_sum[j] > 0.0)) continue;
      const double e = t.row_sum[i] * t.col_sum[j] / N;
      const double o = t.at(i, j);
      r.expected(i, j) = e;
      chisq += (o - e) * (o - e) / e;
      const double v = e * (1.0 - t.row_sum[i] / N) * (1.0 - t.col_sum[j] / N);
      if (v > 0.0) r.residual(i, j) = (o - e) / std::sqrt(v);
    }
  }
  if (rows > 1 && cols > 1) {
    r.chisq = chisq;
    r.df = static_cast<double>((rows - 1) * (cols - 1));
    r.cramers_v = std::sqrt(chisq / (N * static_cast<double>(std::min(rows, cols) - 1)));
  }
  return r;
}

// type, category: 0-based codes (negative: missing, the case is skipped).
inline CrossTable cross_table(const int* type, const int* category, index_t n,
                              index_t k, index_t m, const double* w = nullptr) {
  std::vector<int> tx, cy;
  std::vector<double> wv;
  tx.reserve(static_cast<std::size_t>(n));
  cy.reserve(static_cast<std::size_t>(n));
  if (w) wv.reserve(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) {
    if (type[i] < 0 || category[i] < 0) continue;
    tx.push_back(type[i]);
    cy.push_back(category[i]);
    if (w) wv.push_back(w[i]);
  }
  const Contingency t = contingency(tx.data(), cy.data(), static_cast<index_t>(tx.size()),
                                    k, m, w ? wv.data() : nullptr);
  return cross_table_from(t);
}

// Kruskal-Wallis H statistic with frequency weights and the correction for
// ties: the ranks are the mid-ranks of the data with every case repeated
// `w` times, so integer weights give exactly the test on the repeated data.
// Cases with a negative type or a non-finite value are skipped. `df` is the
// number of types with cases minus 1; H is NaN when fewer than two types
// have cases or all values are tied.
struct KruskalWallis {
  double statistic = std::numeric_limits<double>::quiet_NaN();
  double df = std::numeric_limits<double>::quiet_NaN();
};

inline KruskalWallis kruskal_wallis(const double* x, const int* type, index_t n,
                                    index_t k, const double* w = nullptr) {
  std::vector<index_t> idx;
  idx.reserve(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) {
    if (type[i] >= k) throw std::out_of_range("type code outside [0, k)");
    if (type[i] >= 0 && std::isfinite(x[i])) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(), [x](index_t a, index_t b) { return x[a] < x[b]; });
  std::vector<double> rank_sum(static_cast<std::size_t>(k), 0.0),
      type_weight(static_cast<std::size_t>(k), 0.0);
  double N = 0.0, ties = 0.0;
  const std::size_t m = idx.size();
  for (std::size_t start = 0; start < m;) {
    std::size_t end = start;
    double tw = 0.0;
    while (end < m && x[idx[end]] == x[idx[start]]) {
      tw += w ? w[idx[end]] : 1.0;
      ++end;
    }
    const double mid = N + (tw + 1.0) / 2.0;  // mid-rank of the tie group
    for (std::size_t a = start; a < end; ++a) {
      const index_t i = idx[a];
      const double wi = w ? w[i] : 1.0;
      rank_sum[type[i]] += wi * mid;
      type_weight[type[i]] += wi;
    }
    ties += tw * tw * tw - tw;
    N += tw;
    start = end;
  }
  KruskalWallis r;
  double groups = 0.0, sum = 0.0;
  for (index_t t = 0; t < k; ++t) {
    if (!(type_weight[t] > 0.0)) continue;
    groups += 1.0;
    sum += rank_sum[t] * rank_sum[t] / type_weight[t];
  }
  if (groups < 2.0) return r;
  const double correction = 1.0 - ties / (N * N * N - N);
  r.df = groups - 1.0;
  if (correction > 0.0)
    r.statistic = (12.0 / (N * (N + 1.0)) * sum - 3.0 * (N + 1.0)) / correction;
  return r;
}

}  // namespace typfrage

#endif  // TYPFRAGE_PROFILES_HPP
