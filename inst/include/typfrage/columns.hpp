// Summaries of the item matrix that R would otherwise compute through n x p
// temporaries (R/typology-fitters.R: the total sum of squares of a fit).
#ifndef TYPFRAGE_COLUMNS_HPP
#define TYPFRAGE_COLUMNS_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace typfrage {

// For every row i the sum over the items j, in item order, of
// (x(i, j) - centre[j])^2, each square rounded to double and the sum kept
// in long double: the numbers of R's rowSums(sweep(x, 2, centre)^2).
inline std::vector<double> row_square_sums(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                           const std::vector<double>& centre) {
  const Eigen::Index n = x.rows(), p = x.cols();
  std::vector<double> out(static_cast<std::size_t>(n));
  constexpr Eigen::Index block = 4096;  // rows at a time: a small accumulator
  long double acc[block];
  for (Eigen::Index start = 0; start < n; start += block) {
    const Eigen::Index m = std::min(block, n - start);
    for (Eigen::Index i = 0; i < m; ++i) acc[i] = 0.0L;
    for (Eigen::Index j = 0; j < p; ++j) {
      const double* col = x.col(j).data() + start;
      const double c = centre[static_cast<std::size_t>(j)];
      for (Eigen::Index i = 0; i < m; ++i) {
        const double d = col[i] - c;
        const double sq = d * d;
        acc[i] += sq;
      }
    }
    for (Eigen::Index i = 0; i < m; ++i) out[static_cast<std::size_t>(start + i)] = static_cast<double>(acc[i]);
  }
  return out;
}

// Per item, over the rows `rows` (0-based; empty: every row): the smallest
// and largest value (NaN skipped; infinities counted unless finite_only, NaN
// when no value qualifies) and the number of NaN (R's NA and NaN).
struct ColumnSummary {
  std::vector<double> low, high;
  std::vector<double> missing;
};

inline ColumnSummary column_summary(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                    const std::vector<Eigen::Index>& rows, bool finite_only) {
  const Eigen::Index p = x.cols();
  const Eigen::Index m = rows.empty() ? x.rows() : static_cast<Eigen::Index>(rows.size());
  ColumnSummary out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.low.assign(static_cast<std::size_t>(p), nan);
  out.high.assign(static_cast<std::size_t>(p), nan);
  out.missing.assign(static_cast<std::size_t>(p), 0.0);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double* col = x.col(j).data();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, na = 0.0;
    bool any = false;
    for (Eigen::Index r = 0; r < m; ++r) {
      const double v = col[rows.empty() ? r : rows[static_cast<std::size_t>(r)]];
      if (std::isnan(v)) {
        na += 1.0;
        continue;
      }
      if (finite_only && !std::isfinite(v)) continue;
      any = true;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (any) {
      out.low[static_cast<std::size_t>(j)] = lo;
      out.high[static_cast<std::size_t>(j)] = hi;
    }
    out.missing[static_cast<std::size_t>(j)] = na;
  }
  return out;
}

// Per row: the number of items that are NaN (R's NA and NaN) and the number
// that are infinite.
inline void row_nonfinite(const Eigen::Ref<const Eigen::MatrixXd>& x, std::vector<int>& missing,
                          std::vector<int>& infinite) {
  const Eigen::Index n = x.rows(), p = x.cols();
  missing.assign(static_cast<std::size_t>(n), 0);
  infinite.assign(static_cast<std::size_t>(n), 0);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double* col = x.col(j).data();
    for (Eigen::Index i = 0; i < n; ++i) {
      if (std::isnan(col[i])) ++missing[static_cast<std::size_t>(i)];
      else if (std::isinf(col[i])) ++infinite[static_cast<std::size_t>(i)];
    }
  }
}

// The weighted total sum of squares about the weighted grand mean as R
// computes sum(w * rowSums(sweep(x, 2, colSums(x * w) / sum(w))^2)): every
// product rounded to double, column and row sums and the final sum in long
// double (R's colSums(), rowSums(), sum()), so the number is the same to the
// last bit, without the n x p temporaries.
inline double total_ss(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& w) {
  const Eigen::Index n = x.rows(), p = x.cols();
  long double sw = 0.0L;
  for (Eigen::Index i = 0; i < n; ++i) sw += w[static_cast<std::size_t>(i)];
  const double wsum = static_cast<double>(sw);
  std::vector<double> grand(static_cast<std::size_t>(p));
  for (Eigen::Index j = 0; j < p; ++j) {
    const double* col = x.col(j).data();
    long double s = 0.0L;
    for (Eigen::Index i = 0; i < n; ++i) {
      volatile double prod = col[i] * w[static_cast<std::size_t>(i)];  // rounded, never fused
      s += prod;
    }
    grand[static_cast<std::size_t>(j)] = static_cast<double>(s) / wsum;
  }
  const std::vector<double> rs = row_square_sums(x, grand);
  long double total = 0.0L;
  for (Eigen::Index i = 0; i < n; ++i) {
    volatile double prod = w[static_cast<std::size_t>(i)] * rs[static_cast<std::size_t>(i)];
    total += prod;
  }
  return static_cast<double>(total);
}

// k x p sums of w[i] * x(i, j) per cluster (codes 1..k), every product
// rounded to double and added in row order in double precision: the numbers
// of R's rowsum(x * w, cluster, reorder = TRUE).
inline Eigen::MatrixXd cluster_weighted_sums(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                             const std::vector<double>& w,
                                             const std::vector<int>& cluster, int k) {
  const Eigen::Index n = x.rows(), p = x.cols();
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(k, p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double* col = x.col(j).data();
    for (Eigen::Index i = 0; i < n; ++i) {
      volatile double prod = col[i] * w[static_cast<std::size_t>(i)];
      out(cluster[static_cast<std::size_t>(i)] - 1, j) += prod;
    }
  }
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_COLUMNS_HPP
