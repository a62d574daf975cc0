// Assignment of rows to prototypes (type centres, medoids or the fitted rows
// themselves): the one rule shared by typology()'s predict() and by the
// fits that finish with a nearest-prototype pass (PAM, k-means with
// available items).
//
// Distances: for complete rows exactly the fit's: squared Euclidean summed
// over the items in item order (as the k-means lane kernel, lanes.hpp, sums
// them), the other metrics by `Distance::between()` (distance.hpp), as PAM's
// oracles compute them. Items missing (NaN) in a row are skipped; with
// `rescale` the sum over the answered items is multiplied by p / (answered
// items) (Gower's rescaling for partial answers; Gower's coefficient averages
// over the answered items by itself). A row without any answered item has no
// nearest prototype (-1) and NaN distances.
//
// Ties (equal distances) go to the prototype with the smallest `priority`
// (default: the lowest index).
#ifndef TYPFRAGE_ASSIGN_HPP
#define TYPFRAGE_ASSIGN_HPP

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "distance.hpp"
#include "policies.hpp"

namespace typfrage {

struct Assignment {
  std::vector<int> nearest;  // 0-based prototype, -1: no answered item
  std::vector<int> used;     // answered items per row
  Eigen::MatrixXd dist;      // n x k distances (only if asked for)
};

inline Assignment assign_nearest(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                 const Eigen::Ref<const Eigen::MatrixXd>& proto, Metric metric,
                                 const GowerSpec& gower, std::vector<int> priority,
                                 bool rescale, bool keep_dist, int threads) {
  const index_t n = x.rows(), p = x.cols(), k = proto.rows();
  if (proto.cols() != p) throw std::invalid_argument("assign: prototypes need one column per item");
  if (k < 1) throw std::invalid_argument("assign: at least one prototype is needed");
  if (priority.empty()) {
    priority.resize(static_cast<std::size_t>(k));
    for (index_t j = 0; j < k; ++j) priority[static_cast<std::size_t>(j)] = static_cast<int>(j);
  }
  if (static_cast<index_t>(priority.size()) != k)
    throw std::invalid_argument("assign: one priority per prototype is needed");
  const Distance between(proto, metric, metric == Metric::gower ? gower : GowerSpec());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Assignment out;
  out.nearest.assign(static_cast<std::size_t>(n), -1);
  out.used.assign(static_cast<std::size_t>(n), 0);
  if (keep_dist) out.dist.setConstant(n, k, nan);
  NoProgress none;
  parallel_for(
      n, threads,
      [&](index_t i) {
        std::vector<double> row(static_cast<std::size_t>(p));
        int used = 0;
        for (index_t f = 0; f < p; ++f) {
          row[static_cast<std::size_t>(f)] = x(i, f);
          if (!std::isnan(x(i, f))) ++used;
        }
        out.used[static_cast<std::size_t>(i)] = used;
        if (used == 0) return;
        const bool complete = used == p;
        const double factor = rescale && !complete && metric != Metric::gower
                                  ? static_cast<double>(p) / used : 1.0;
        int best = -1;
        double best_d = 0.0;
        for (index_t j = 0; j < k; ++j) {
          double d;
          if (metric == Metric::gower) {
            d = between.to_point(j, row.data());
          } else if (complete && metric != Metric::sqeuclidean) {
            d = between.to_point(j, row.data());
          } else {
            double s = 0.0;
            for (index_t f = 0; f < p; ++f) {
              const double a = row[static_cast<std::size_t>(f)];
              if (std::isnan(a)) continue;
              const double diff = a - proto(j, f);
              s += metric == Metric::manhattan ? std::abs(diff) : diff * diff;
            }
            s *= factor;
            d = metric == Metric::euclidean ? std::sqrt(s) : s;
          }
          if (keep_dist) out.dist(i, j) = d;
          if (best < 0 || d < best_d ||
              (d == best_d && priority[static_cast<std::size_t>(j)] <
                                  priority[static_cast<std::size_t>(best)])) {
            best = static_cast<int>(j);
            best_d = d;
          }
        }
        out.nearest[static_cast<std::size_t>(i)] = best;
      },
      none);
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_ASSIGN_HPP
