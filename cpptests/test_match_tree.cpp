// Hungarian matching (hungarian.hpp), the cut of a tree (dendrogram.hpp),
// PAM's rule for the full matrix and its oracles (fit.hpp, pam.hpp).
// Taken over from the R tests of cpp_hungarian(), cpp_cut_tree() and
// cpp_pam_full_matrix().
#include <algorithm>
#include <numeric>
#include <vector>

#include <typfrage/dendrogram.hpp>
#include <typfrage/fit.hpp>
#include <typfrage/hungarian.hpp>

#include "check.hpp"
#include "data.hpp"

using typfrage::index_t;

namespace {

// The smallest total cost over all injective assignments of the smaller
// side, by brute force.
double brute_force_min(const std::vector<double>& cost, index_t r, index_t c) {
  const bool t = r > c;
  const index_t n = t ? c : r, m = t ? r : c;
  std::vector<index_t> cols(static_cast<std::size_t>(m));
  std::iota(cols.begin(), cols.end(), 0);
  double best = std::numeric_limits<double>::infinity();
  do {  // the first n entries of every permutation (repeats do no harm)
    double s = 0.0;
    for (index_t i = 0; i < n; ++i) s += t ? cost[cols[i] * c + i] : cost[i * c + cols[i]];
    best = std::min(best, s);
  } while (std::next_permutation(cols.begin(), cols.end()));
  return best;
}

}  // namespace

TEST(hungarian_hand_checked) {
  // 3 x 3: the optimum 0 -> 1, 1 -> 0, 2 -> 2 costs 1 + 2 + 2 = 5 (the
  // greedy row minima 0 -> 1, 1 -> 1 collide)
  const std::vector<double> cost = {4, 1, 3,
                                    2, 0, 5,
                                    3, 2, 2};
  const std::vector<index_t> m = typfrage::hungarian_min(cost, 3, 3);
  CHECK(m == (std::vector<index_t>{1, 0, 2}));
  // 2 rows, 3 columns: row 0 -> column 2, row 1 -> column 0 (cost 1 + 2)
  const std::vector<index_t> wide = typfrage::hungarian_min({5, 4, 1, 2, 3, 1}, 2, 3);
  CHECK(wide == (std::vector<index_t>{2, 0}));
  // 3 rows, 2 columns: one row stays unassigned (-1)
  const std::vector<index_t> tall = typfrage::hungarian_min({1, 9, 9, 1, 5, 5}, 3, 2);
  CHECK(tall == (std::vector<index_t>{0, 1, -1}));
}

TEST(hungarian_optimal_on_random_rectangles) {
  typfrage::Rng rng(typfrage::SeedMaterial(5), 0);
  for (int rep = 0; rep < 60; ++rep) {
    const index_t r = 1 + static_cast<index_t>(rng.below(6)), c = 1 + static_cast<index_t>(rng.below(6));
    std::vector<double> cost(static_cast<std::size_t>(r * c));
    for (double& v : cost) v = std::round(10.0 * rng.uniform());
    const std::vector<index_t> m = typfrage::hungarian_min(cost, r, c);
    std::vector<index_t> used;
    double total = 0.0;
    for (index_t i = 0; i < r; ++i)
      if (m[i] >= 0) {
        used.push_back(m[i]);
        total += cost[i * c + m[i]];
      }
    CHECK_EQ(static_cast<index_t>(used.size()), std::min(r, c));
    std::sort(used.begin(), used.end());
    CHECK(std::adjacent_find(used.begin(), used.end()) == used.end());
    CHECK_EQ(total, brute_force_min(cost, r, c));
  }
}

TEST(match_clusters_maximises_overlap) {
  // types x clusters: cluster 0 is type 1, cluster 1 type 0, cluster 2 type 2
  const std::vector<int> x = {0, 0, 0, 1, 1, 2, 2, 2}, y = {1, 1, 1, 0, 0, 2, 2, 0};
  const typfrage::Contingency t = typfrage::contingency(y.data(), x.data(), 8, 3, 3);
  CHECK(typfrage::match_clusters(t) == (std::vector<index_t>{1, 0, 2}));
}

TEST(cut_tree_hand_checked) {
  // Five observations (hclust codes: -i for observation i, s for merge s):
  // merge 1 joins 1 and 2, merge 2 joins 4 and 5, merge 3 joins 3 and
  // merge 1, merge 4 joins merges 2 and 3.
  const std::vector<int> left = {-1, -4, -3, 2}, right = {-2, -5, 1, 3};
  CHECK(typfrage::cut_tree(left, right, 5, 1) == (std::vector<int>{0, 0, 0, 0, 0}));
  CHECK(typfrage::cut_tree(left, right, 5, 2) == (std::vector<int>{0, 0, 0, 1, 1}));
  CHECK(typfrage::cut_tree(left, right, 5, 3) == (std::vector<int>{0, 0, 1, 2, 2}));
  CHECK(typfrage::cut_tree(left, right, 5, 4) == (std::vector<int>{0, 0, 1, 2, 3}));
  CHECK(typfrage::cut_tree(left, right, 5, 5) == (std::vector<int>{0, 1, 2, 3, 4}));
  // labels by first appearance: observation 1 joins the last ones first
  const std::vector<int> l2 = {-4, -1, -2, 2}, r2 = {-5, -3, 1, 3};
  CHECK(typfrage::cut_tree(l2, r2, 5, 3) == (std::vector<int>{0, 1, 0, 2, 2}));
  // the cut follows the merge order, not the heights: a tree with a height
  // inversion (centroid linkage) is cut after its first n - k merges, as
  // stats::cutree() does
  const typfrage::Tree inv = typfrage::make_tree({{0, 1, 2.0}, {2, 0, 1.5}, {3, 4, 3.0}, {0, 3, 4.0}}, 5, false);
  CHECK(typfrage::cut_tree(inv, 3) == (std::vector<int>{0, 0, 0, 1, 2}));
  CHECK(typfrage::cut_tree(inv, 4) == (std::vector<int>{0, 0, 1, 2, 3}));
  CHECK_THROWS(typfrage::cut_tree(left, right, 5, 0), std::invalid_argument);
}

TEST(pam_full_matrix_rule) {
  typfrage::FitSettings st;
  CHECK(typfrage::store_full_matrix(st, 60));
  CHECK(typfrage::store_full_matrix(st, 7071));   // 7071^2 <= 5e7
  CHECK(!typfrage::store_full_matrix(st, 7072));
  st.max_matrix_bytes = 1e-6 * 1e9;  // typfrage.max_dist_gb = 1e-6
  CHECK(!typfrage::store_full_matrix(st, 60));     // 8 * 3600 bytes > 1000
  CHECK(typfrage::store_full_matrix(st, 11));      // 968 bytes
  CHECK(!typfrage::store_full_matrix(st, 12));     // 1152 bytes
}

TEST(pam_full_matrix_and_on_the_fly_identical) {
  const Eigen::MatrixXd x = cpptest::blobs(300, 4, 4, 51);
  const std::vector<double> w = cpptest::weights(300, 0.5, 2.0, false, 52), none;
  for (const typfrage::Metric m : {typfrage::Metric::euclidean, typfrage::Metric::manhattan}) {
    for (const bool weighted : {false, true}) {
      typfrage::FitSettings st;
      st.method = typfrage::Method::pam;
      st.metric = m;
      st.k = 4;
      st.nstart = 3;
      const typfrage::FitData data{x, weighted ? w : none, none};
      const typfrage::Partition full = typfrage::fit(st, data, typfrage::SeedMaterial(9));
      st.max_matrix_bytes = 1000.0;  // no room for the matrix: on the fly
      const typfrage::Partition light = typfrage::fit(st, data, typfrage::SeedMaterial(9));
      CHECK(full.cluster == light.cluster);
      CHECK(full.medoids == light.medoids);
      CHECK_EQ(full.objective, light.objective);
      CHECK(full.start_objective == light.start_objective);
    }
  }
}
