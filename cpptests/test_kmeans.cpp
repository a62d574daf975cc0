// k-means (kmeans.hpp, nearest_filter.hpp, small_int_lanes.hpp,
// skip_bounds.hpp): every shortcut switched off alone gives the fit of all
// shortcuts on (and of none), exact centres on integer data, the objective
// from the moments, the single-precision filter against brute force, the
// k-means++ start. Taken over from the R tests of cpp_kmeans_start() and
// cpp_nearest_filter().
#include <cstdint>
#include <vector>

#include <typfrage/fit.hpp>
#include <typfrage/kmeans.hpp>

#include "check.hpp"
#include "data.hpp"

using typfrage::index_t;

namespace {

struct Case {
  const char* name;
  Eigen::MatrixXd x;
  std::vector<double> w;
  bool small;  // whether the data have the small-integer form
};

std::vector<Case> cases() {
  const Eigen::MatrixXd lik = cpptest::likert(2500, 12, 5, 21);
  Eigen::MatrixXd shifted(2500, 13), wide(2500, 13);
  shifted << (lik.array() - 3.0).matrix(), Eigen::VectorXd::Constant(2500, 2.0);
  wide << lik, (200.0 * cpptest::uniform(2500, 1, 22).array()).round().matrix();
  Eigen::MatrixXd fraction = lik;
  fraction(6, 0) = 2.5;
  return {
      {"likert", lik, {}, true},
      {"shifted", shifted, {}, true},                 // negative values, a constant item
      {"offset", (lik.array() + 1e12).matrix(), {}, true},  // exact sums, small differences
      {"counts", lik, cpptest::weights(2500, 1, 3, true, 23), true},
      {"fractional_weights", lik, cpptest::weights(2500, 0.5, 2.0, false, 24), true},
      {"noisy_weighted", lik + 0.3 * (cpptest::uniform(2500, 12, 25).array() - 0.5).matrix(),
       cpptest::weights(2500, 0.5, 2.0, false, 26), false},
      {"wide", wide, {}, false},          // squared ranges beyond 2^15: doubles throughout
      {"fraction", fraction, {}, false},  // one value not a whole number
      {"uniform", cpptest::uniform(2000, 4, 27), {}, false},
  };
}

typfrage::KMeansResult start(const Case& c, typfrage::KMeansShortcuts use, int k, std::uint64_t seed,
                             bool quick = false) {
  const typfrage::KMeansData d(c.x, c.w, use);
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 0);
  return typfrage::kmeans_start(d, k, 100, rng, quick);
}

bool same(const typfrage::KMeansResult& a, const typfrage::KMeansResult& b) {
  return a.cluster == b.cluster && a.centers.rows() == b.centers.rows() &&
         a.centers.cols() == b.centers.cols() && a.centers == b.centers && a.withinss == b.withinss &&
         a.size_weight == b.size_weight && a.objective == b.objective && a.iterations == b.iterations &&
         a.lloyd_iterations == b.lloyd_iterations && a.transfers == b.transfers &&
         a.empty_repairs == b.empty_repairs && a.converged == b.converged;
}

// The shortcut settings to compare with all on: each off alone, all off.
std::vector<std::pair<const char*, typfrage::KMeansShortcuts>> variants() {
  using S = typfrage::KMeansShortcuts;
  const std::pair<const char*, bool S::*> switches[] = {
      {"skip_bounds off", &S::skip_bounds},       {"nearest_filter off", &S::nearest_filter},
      {"small_int_lanes off", &S::small_int_lanes}, {"seeded_labels off", &S::seeded_labels},
      {"running_sums off", &S::running_sums}};
  std::vector<std::pair<const char*, S>> v;
  S none;
  for (const auto& sw : switches) {
    S s;
    s.*sw.second = false;
    none.*sw.second = false;
    v.push_back({sw.first, s});
  }
  v.push_back({"all off", none});
  return v;
}

// Integer items 1..levels, every other item shifted by step x (1 + i % 3):
// three types.
Eigen::MatrixXd integer_types(index_t n, index_t p, int levels, double step, std::uint64_t seed) {
  Eigen::MatrixXd x = (levels * cpptest::uniform(n, p, seed).array()).floor().matrix().array() + 1.0;
  for (index_t i = 0; i < n; ++i)
    for (index_t f = 0; f < p; f += 2) x(i, f) += step * static_cast<double>(1 + i % 3);
  return x;
}

Case integer_case(const Eigen::MatrixXd& x, std::vector<double> w) { return {"integer", x, std::move(w), true}; }

}  // namespace

TEST(kmeans_each_shortcut_alone_changes_nothing) {
  index_t skipped = 0, skipped_off = 0;
  for (const Case& c : cases()) {
    for (int k : {2, 5, 9})
      for (std::uint64_t s : {1u, 2u}) {
        const typfrage::KMeansResult all = start(c, {}, k, s);
        skipped += all.skipped;
        for (const auto& v : variants()) {
          const typfrage::KMeansResult r = start(c, v.second, k, s);
          if (!v.second.skip_bounds) skipped_off += r.skipped;
          if (!CHECK(same(all, r)))
            std::fprintf(stderr, "  %s k=%d seed=%lu: %s\n", c.name, k, static_cast<unsigned long>(s), v.first);
        }
      }
  }
  CHECK(skipped > 0);        // the bounds were used where types are clear
  CHECK_EQ(skipped_off, 0);  // and never when switched off
}

TEST(kmeans_small_int_form_where_expected) {
  for (const Case& c : cases()) {
    const typfrage::KMeansData d(c.x, c.w);
    if (!CHECK_EQ(!d.small.empty(), c.small)) std::fprintf(stderr, "  %s\n", c.name);
    typfrage::KMeansShortcuts off;
    off.small_int_lanes = false;
    CHECK(typfrage::KMeansData(c.x, c.w, off).small_lanes() == nullptr);
  }
}

// Enough rows that the 16-bit lanes of the sums per cluster are emptied on
// the way.
TEST(kmeans_small_int_sums_on_long_data) {
  Eigen::MatrixXd x = (4.0 * cpptest::uniform(70000, 3, 28).array()).floor().matrix();
  for (index_t i = 0; i < x.rows(); ++i) x.row(i).array() += 2.0 * static_cast<double>(i % 3);
  const Case c{"long", x, {}, true};
  typfrage::KMeansShortcuts plain;
  plain.small_int_lanes = false;
  CHECK(!typfrage::KMeansData(x, {}).small.empty());
  CHECK(same(start(c, {}, 3, 22), start(c, plain, 3, 22)));
}

TEST(kmeans_centres_exact_on_integer_data) {
  // integer items and weights: the centres come from the sums kept during
  // the passes, which must equal a fresh summation exactly
  const Eigen::MatrixXd x = integer_types(2000, 6, 7, 5.0, 29);
  for (const bool weighted : {false, true}) {
    const Case c = integer_case(x, weighted ? cpptest::weights(2000, 1, 4, true, 30) : std::vector<double>());
    const typfrage::KMeansResult r = start(c, {}, 4, 3);
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(4, 6);
    Eigen::VectorXd wsum = Eigen::VectorXd::Zero(4);
    for (index_t i = 0; i < x.rows(); ++i) {
      const double wi = weighted ? c.w[i] : 1.0;
      sums.row(r.cluster[i]) += wi * x.row(i);
      wsum[r.cluster[i]] += wi;
    }
    double obj = 0.0;
    for (index_t i = 0; i < x.rows(); ++i) {
      const Eigen::RowVectorXd m = sums.row(r.cluster[i]) / wsum[r.cluster[i]];
      obj += (weighted ? c.w[i] : 1.0) * (x.row(i) - m).squaredNorm();
    }
    for (int j = 0; j < 4; ++j) CHECK(r.centers.row(j) == sums.row(j) / wsum[j]);
    CHECK_NEAR(r.objective, obj, 1e-12);
  }
}

TEST(kmeans_objective_from_moments) {
  // the fit dispatcher evaluates only the best start in full; the others
  // report total squares minus the between-cluster part, exact up to one
  // rounding per cluster for integer items and weights
  const Eigen::MatrixXd x = integer_types(1500, 8, 5, 3.0, 31);
  for (const bool weighted : {false, true}) {
    const Case c = integer_case(x, weighted ? cpptest::weights(1500, 1, 3, true, 32) : std::vector<double>());
    CHECK(typfrage::KMeansData(c.x, c.w).exact_moments());
    for (int k : {2, 4, 7}) {
      const typfrage::KMeansResult quick = start(c, {}, k, 5, true), full = start(c, {}, k, 5);
      CHECK(quick.cluster == full.cluster);
      CHECK_NEAR(quick.objective, full.objective, 1e-12);
      CHECK_EQ(quick.centers.size(), 0);
    }
  }
  // not integer: the full result either way
  const Case y{"continuous", x + 0.5 * cpptest::uniform(1500, 8, 33), {}, false};
  CHECK(!typfrage::KMeansData(y.x, y.w).exact_moments());
  CHECK(same(start(y, {}, 4, 1, true), start(y, {}, 4, 1)));
  // a fit of several starts: the best start in full, the same partition
  // with the shortcut off
  typfrage::FitSettings st;
  st.k = 4;
  st.nstart = 6;
  const std::vector<double> none;
  const typfrage::FitData data{x, none, none};
  const typfrage::Partition fast = typfrage::fit(st, data, typfrage::SeedMaterial(2));
  st.kmeans_shortcuts.moment_objective = false;
  const typfrage::Partition plain = typfrage::fit(st, data, typfrage::SeedMaterial(2));
  CHECK(fast.cluster == plain.cluster);
  CHECK(fast.centers == plain.centers);
  CHECK_EQ(fast.objective, plain.objective);
  CHECK_EQ(fast.best_start, plain.best_start);
  for (std::size_t s = 0; s < fast.start_objective.size(); ++s)
    CHECK_NEAR(fast.start_objective[s], plain.start_objective[s], 1e-12);
}

TEST(nearest_filter_decides_only_what_doubles_decide) {
  // rows of small integers against centres, some of them nearly equidistant
  // from two centres (closer than single precision can tell): the filter
  // must leave those undecided, and where it decides, name the centre that
  // the double-precision sum names, with valid bounds of the distances
  const Eigen::MatrixXd x = (5.0 * cpptest::uniform(400, 3, 34).array()).floor().matrix();
  const typfrage::KMeansData d(x, {});
  CHECK(!d.small.empty());
  Eigen::MatrixXd c(3, 4);  // p x k
  c.col(0) << 2.5, 1, 1;    // rows with x1 = 2 lie a hair nearer
  c.col(1) << 1.5 + 1e-10, 1, 1;  // to this one
  c.col(2) << 3.3, 3.1, 0.7;
  c.col(3) << 0.2, 3.9, 2.6;
  typfrage::FloatCentres fc;
  fc.set(d.small, c.data(), 4);
  CHECK(fc.usable());
  int tied = 0, decided_untied = 0, untied = 0;
  for (index_t t = 0; t < d.ld(); t += typfrage::lane_width) {
    const typfrage::NearestGuess g = typfrage::nearest_small(fc, t);
    double near[8], own[8], second[8];
    g.near.store(near);
    g.own.store(own);
    g.second.store(second);
    for (index_t l = 0; l < 8 && t + l < x.rows(); ++l) {
      const index_t i = t + l;
      double sq[4];
      for (int j = 0; j < 4; ++j) {
        sq[j] = 0.0;
        for (index_t f = 0; f < 3; ++f) sq[j] += (x(i, f) - c(f, j)) * (x(i, f) - c(f, j));  // in item order
      }
      int best = 0;
      for (int j = 1; j < 4; ++j)
        if (sq[j] < sq[best]) best = j;
      double sec = std::numeric_limits<double>::infinity();
      for (int j = 0; j < 4; ++j)
        if (j != best) sec = std::min(sec, sq[j]);
      const bool is_tied = std::fabs(sq[0] - sq[1]) < 1e-6 && std::min(sq[0], sq[1]) < std::min(sq[2], sq[3]);
      const bool decided = (g.decided >> l) & 1;
      if (is_tied) {
        ++tied;
        CHECK_EQ(best, 1);
        CHECK(!decided);
      } else {
        ++untied;
        decided_untied += decided;
      }
      if (decided) {
        CHECK_EQ(static_cast<int>(near[l]), best);
        CHECK(own[l] >= sq[best]);
        CHECK(second[l] <= sec);
      }
    }
  }
  CHECK(tied > 20);
  CHECK(decided_untied > 0.9 * untied);
}

TEST(kmeans_start_on_separated_groups) {
  // three groups of identical rows far apart: the k-means++ seeds are one
  // row of each group, the start ends at the groups with objective 0
  Eigen::MatrixXd x(30, 2);
  for (index_t i = 0; i < 30; ++i) x.row(i) << 100.0 * static_cast<double>(i % 3), -50.0 * static_cast<double>(i % 3);
  const typfrage::KMeansData d(x, {});
  typfrage::Rng rng(typfrage::SeedMaterial(1), 0);
  std::vector<int> nearest;
  const Eigen::MatrixXd seeds = typfrage::kmeanspp_seed(d, 3, rng, &nearest);
  std::vector<double> firsts;
  for (int j = 0; j < 3; ++j) firsts.push_back(seeds(0, j));
  std::sort(firsts.begin(), firsts.end());
  CHECK(firsts == (std::vector<double>{0.0, 100.0, 200.0}));
  for (index_t i = 0; i < 30; ++i) CHECK_EQ(seeds(0, nearest[i]), x(i, 0));
  typfrage::Rng rng2(typfrage::SeedMaterial(1), 0);
  const typfrage::KMeansResult r = typfrage::kmeans_start(d, 3, 100, rng2);
  CHECK_EQ(r.objective, 0.0);
  CHECK(r.converged);
  for (index_t i = 3; i < 30; ++i) CHECK_EQ(r.cluster[i], r.cluster[i % 3]);
  // more clusters than distinct rows
  typfrage::Rng rng3(typfrage::SeedMaterial(1), 0);
  CHECK_THROWS(typfrage::kmeans_start(d, 4, 100, rng3), typfrage::fit_error);
}

TEST(kmeans_empty_cluster_repair) {
  // two start centres far from every row: their clusters start empty and
  // get the worst-fitting rows
  const Eigen::MatrixXd x = cpptest::blobs(400, 3, 4, 35);
  const typfrage::KMeansData d(x, {});
  Eigen::MatrixXd c(3, 4);
  c.col(0) = x.row(0).transpose();
  c.col(1) = x.row(1).transpose();
  c.col(2) << 1e3, 1e3, 1e3;
  c.col(3) << -1e3, 1e3, 1e3;
  const typfrage::KMeansResult r = typfrage::kmeans_from_centers(d, c, 100);
  CHECK_EQ(r.empty_repairs, 2);
  for (int j = 0; j < 4; ++j) CHECK(r.size_weight[j] > 0.0);
}
