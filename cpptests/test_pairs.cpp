// The pair kernel (cluster_pairs.hpp) and the pair passes (indices.hpp):
// every path gives the same sums, equal to a brute-force loop over the
// pairs, and the tiles of the dense pass cover every pair exactly once.
// Taken over from the R test of cpp_pair_tile_paths().
#include <vector>

#include <typfrage/cluster_pairs.hpp>
#include <typfrage/indices.hpp>

#include "check.hpp"
#include "data.hpp"

using typfrage::index_t;
using typfrage::Metric;

namespace {

// d(s, t) of the sorted rows, items summed in order (as the kernel and R's
// dist() do).
double pair_distance(const typfrage::ClusterSorted& c, Metric m, index_t s, index_t t) {
  double d = 0.0;
  for (index_t f = 0; f < c.x.cols(); ++f) {
    const double e = c.x(s, f) - c.x(t, f);
    d += m == Metric::manhattan ? std::fabs(e) : e * e;
  }
  return m == Metric::euclidean ? std::sqrt(d) : d;
}

}  // namespace

TEST(pair_tile_paths_agree_with_brute_force) {
  const index_t n = 300;
  const Eigen::MatrixXd x = cpptest::blobs(n, 3, 3, 81);
  const std::vector<int> cl = cpptest::labels(n, 3, 82);
  const std::vector<double> w = cpptest::weights(n, 0.1, 1.0, false, 83);
  const typfrage::PairTile tiles[] = {{0, 45, 0, 45, true}, {3, 61, 100, 213, false},
                                      {50, 51, 0, 300, false}, {17, 29, 17, 29, true}};
  for (const Metric m : {Metric::euclidean, Metric::sqeuclidean, Metric::manhattan})
    for (const bool weighted : {false, true}) {
      const typfrage::ClusterSorted c = typfrage::cluster_sorted(x, cl.data(), 3, weighted ? w.data() : nullptr);
      for (const typfrage::PairTile& tl : tiles)
        for (const typfrage::Extreme ext : {typfrage::Extreme::min, typfrage::Extreme::max}) {
          std::vector<double> rows[2], cols[2];
          double e[2];
          for (const bool portable : {false, true}) {
            rows[portable].assign(tl.i1 - tl.i0, 0.0);
            cols[portable].assign(tl.j1 - tl.j0 + typfrage::lane_width, 0.0);
            e[portable] = ext == typfrage::Extreme::min ? std::numeric_limits<double>::infinity() : 0.0;
            typfrage::pair_tile(c, m, tl, typfrage::TileSums{rows[portable].data(), cols[portable].data(), ext, &e[portable]},
                                portable);
          }
          CHECK(rows[0] == rows[1]);  // the dispatched (AVX) and the portable path
          CHECK(cols[0] == cols[1]);
          CHECK_EQ(e[0], e[1]);
          double want_e = ext == typfrage::Extreme::min ? std::numeric_limits<double>::infinity() : 0.0;
          std::vector<double> want_col(tl.j1 - tl.j0, 0.0);
          for (index_t s = tl.i0; s < tl.i1; ++s) {
            double want_row = 0.0;
            for (index_t t = tl.triangle ? s + 1 : tl.j0; t < tl.j1; ++t) {
              const double d = pair_distance(c, m, s, t);
              want_row += (weighted ? c.weight[t] : 1.0) * d;
              want_col[t - tl.j0] += (weighted ? c.weight[s] : 1.0) * d;
              want_e = ext == typfrage::Extreme::min ? std::min(want_e, d) : std::max(want_e, d);
            }
            CHECK_NEAR(rows[0][s - tl.i0], want_row, 1e-13);
          }
          for (index_t t = 0; t < tl.j1 - tl.j0; ++t) CHECK_NEAR(cols[0][t], want_col[t], 1e-13);
          CHECK_EQ(e[0], want_e);
        }
    }
}

TEST(within_pair_sum_counts_every_pair_once) {
  const index_t n = 137;  // not a whole number of lanes
  const Eigen::MatrixXd x = cpptest::uniform(n, 4, 84);
  const std::vector<int> cl = cpptest::labels(n, 3, 85);
  const typfrage::ClusterSorted c = typfrage::cluster_sorted(x, cl.data(), 3);
  std::vector<double> row;
  for (int g = 0; g < 3; ++g) {
    double want = 0.0;
    for (index_t s = c.start[g]; s < c.start[g + 1]; ++s)
      for (index_t t = s + 1; t < c.start[g + 1]; ++t) want += pair_distance(c, Metric::sqeuclidean, s, t);
    CHECK_NEAR(typfrage::within_pair_sum(c, Metric::sqeuclidean, g, row), want, 1e-13);
  }
}

TEST(dense_pair_pass_equals_pair_by_pair_pass) {
  // the tiles of pair_pass_dense() cover every pair exactly once: its
  // silhouettes and Dunn's index equal those of the pair-by-pair pass
  for (const index_t n : {150, 700}) {
    const Eigen::MatrixXd x = cpptest::blobs(n, 3, 4, 86);
    const std::vector<int> cl = cpptest::labels(n, 4, 87);
    const std::vector<double> w = cpptest::weights(n, 0.5, 2.0, false, 88);
    for (const Metric m : {Metric::euclidean, Metric::manhattan})
      for (const bool weighted : {false, true}) {
        typfrage::NoProgress progress;
        const double* wp = weighted ? w.data() : nullptr;
        const typfrage::PairPassResult dense =
            typfrage::pair_pass_dense(x, m, cl.data(), 4, wp, true, true, 2, progress);
        const typfrage::Distance dist(x, m);
        const typfrage::PairPassResult pairs =
            typfrage::pair_pass(typfrage::MetricRows(dist), cl.data(), 4, wp, true, true, 1, progress);
        CHECK(dense.neighbor == pairs.neighbor);
        for (index_t i = 0; i < n; ++i) {
          CHECK_NEAR(dense.own[i], pairs.own[i], 1e-12);
          CHECK_NEAR(dense.other[i], pairs.other[i], 1e-12);
          CHECK_NEAR(dense.width[i], pairs.width[i], 1e-12);
        }
        CHECK_EQ(dense.min_separation, pairs.min_separation);
        CHECK_EQ(dense.max_diameter, pairs.max_diameter);
      }
  }
}
