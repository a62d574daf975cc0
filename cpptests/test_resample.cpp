// The plumbing (policies.hpp, resample.hpp), resample draws and the
// evaluation of a replicate (stability.hpp), the gap statistic's reference
// data (gap.hpp). Taken over from the R tests of cpp_plumbing_streams(),
// cpp_partition_replicates(), cpp_stability_draw(), cpp_stability_evaluate()
// and cpp_gap_reference().
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <typfrage/fit.hpp>
#include <typfrage/gap.hpp>
#include <typfrage/resample.hpp>
#include <typfrage/stability.hpp>

#include "check.hpp"
#include "data.hpp"

using typfrage::index_t;

namespace {

// Work item i sums `draws` uniforms of its own engine; item fail_at throws.
std::vector<double> streams(index_t n, int draws, std::uint64_t seed, int threads, index_t fail_at,
                            bool queue) {
  std::vector<double> out(static_cast<std::size_t>(n), 0.0);
  typfrage::NoProgress progress;
  auto item = [&](index_t i) {
    if (i == fail_at) throw std::runtime_error("work item " + std::to_string(i + 1) + " failed");
    typfrage::Rng rng(typfrage::SeedMaterial(seed), static_cast<std::uint64_t>(i));
    double s = 0.0;
    for (int d = 0; d < draws; ++d) s += rng.uniform();
    out[static_cast<std::size_t>(i)] = s;
  };
  if (queue)
    typfrage::parallel_queue(n, threads, item, progress, 3);
  else
    typfrage::parallel_for(n, threads, item, progress, 3);
  return out;
}

std::string failure(int threads, bool queue) {
  try {
    streams(20, 5, 12, threads, 7, queue);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(streams_independent_of_threads_and_loop) {
  const std::vector<double> one = streams(50, 100, 123456, 1, -1, false);
  CHECK(one == streams(50, 100, 123456, 2, -1, false));
  CHECK(one == streams(50, 100, 123456, 1, -1, true));
  CHECK(one == streams(50, 100, 123456, 2, -1, true));
  CHECK_EQ(std::set<double>(one.begin(), one.end()).size(), 50u);
  for (double s : one) CHECK(std::fabs(s / 100 - 0.5) < 0.2);
  const std::vector<double> other = streams(50, 100, 123457, 2, -1, false);
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(other[i] != one[i]);
}

TEST(worker_exception_reaches_the_caller) {
  for (const bool queue : {false, true})
    for (const int threads : {1, 2}) CHECK(failure(threads, queue) == "work item 8 failed");
  CHECK_EQ(streams(20, 5, 12, 2, -1, false).size(), 20u);  // and the next run works
}

TEST(fit_inside_run_replicates_independent_of_threads) {
  // the resampling pattern: replicate b fits a bootstrap sample of its own
  const Eigen::MatrixXd x = cpptest::blobs(160, 2, 4, 61);
  for (const typfrage::Method method : {typfrage::Method::kmeans, typfrage::Method::pam}) {
    typfrage::FitSettings st;
    st.method = method;
    st.k = method == typfrage::Method::pam ? 3 : 4;
    st.nstart = method == typfrage::Method::pam ? 1 : 3;
    auto run = [&](int threads) {
      std::vector<double> objective(8);
      std::vector<std::vector<int>> clusters(8);
      typfrage::NoProgress progress;
      typfrage::run_replicates(
          8, threads, typfrage::SeedMaterial(2122),
          [&](index_t b, typfrage::Rng& rng) {
            Eigen::MatrixXd xb(x.rows(), x.cols());
            for (index_t i = 0; i < x.rows(); ++i) xb.row(i) = x.row(static_cast<index_t>(rng.below(160)));
            const std::vector<double> none;
            const typfrage::Partition p =
                typfrage::fit(st, typfrage::FitData{xb, none, none}, typfrage::SeedMaterial(rng.next()));
            objective[static_cast<std::size_t>(b)] = p.objective;
            clusters[static_cast<std::size_t>(b)] = p.cluster;
          },
          progress);
      return std::make_pair(objective, clusters);
    };
    const auto one = run(1), two = run(2);
    CHECK(one.first == two.first);
    CHECK(one.second == two.second);
  }
}

TEST(resample_draws) {
  typfrage::Rng r1(typfrage::SeedMaterial(1122), 0), r1b(typfrage::SeedMaterial(1122), 0),
      r2(typfrage::SeedMaterial(1122), 1), r3(typfrage::SeedMaterial(1122), 2);
  const typfrage::ResampleRows d = typfrage::draw_resample(typfrage::ResampleKind::bootstrap, 100, 0, r1);
  double total = 0.0;
  for (double m : d.multiplicity) total += m;
  CHECK_EQ(total, 100.0);
  for (std::size_t i = 1; i < d.rows.size(); ++i) CHECK(d.rows[i] > d.rows[i - 1]);
  CHECK(d.rows.size() > 50 && d.rows.size() < 75);  // about 1 - 1/e of the rows
  CHECK(typfrage::draw_resample(typfrage::ResampleKind::bootstrap, 100, 0, r1b).rows == d.rows);
  CHECK(typfrage::draw_resample(typfrage::ResampleKind::bootstrap, 100, 0, r2).rows != d.rows);
  const typfrage::ResampleRows s = typfrage::draw_resample(typfrage::ResampleKind::subsample, 100, 50, r3);
  CHECK_EQ(s.rows.size(), 50u);
  for (std::size_t i = 1; i < s.rows.size(); ++i) CHECK(s.rows[i] > s.rows[i - 1]);
  CHECK(s.rows.front() >= 0 && s.rows.back() < 100);
  const typfrage::ResampleRows j = typfrage::draw_resample(typfrage::ResampleKind::jitter, 10, 0, r3);
  CHECK(j.rows == (std::vector<index_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  CHECK_THROWS(typfrage::draw_resample(typfrage::ResampleKind::subsample, 10, 11, r3), std::invalid_argument);
}

TEST(replicate_evaluation_hand_checked) {
  const std::vector<int> original = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
  const std::vector<index_t> rows = {0, 1, 2, 4, 5, 6, 7, 8, 9};  // observation 3 not drawn
  const std::vector<int> part = {1, 1, 0, 0, 0, 0, 2, 2, 2};      // labels switched
  const Eigen::MatrixXd none(10, 0);
  const typfrage::ReplicateEvaluation ev =
      typfrage::evaluate_replicate(original.data(), 3, rows, part.data(), 3, nullptr, none);
  // type 0 = {0,1,2} in the replicate, best match {0,1}: 2/3; type 1 =
  // {4,5,6}, best match {2,4,5,6}: 3/4; type 2 = {7,8,9}: 1
  CHECK_NEAR(ev.jaccard[0], 2.0 / 3.0, 1e-15);
  CHECK_NEAR(ev.jaccard[1], 3.0 / 4.0, 1e-15);
  CHECK_EQ(ev.jaccard[2], 1.0);
  CHECK(ev.match == (std::vector<index_t>{1, 0, 2}));  // replicate cluster -> type
  CHECK(ev.assigned == (std::vector<int>{0, 0, 1, 1, 1, 1, 2, 2, 2}));
  CHECK_NEAR(ev.share[0], 2.0 / 9.0, 1e-15);
  CHECK_NEAR(ev.share[1], 4.0 / 9.0, 1e-15);
  CHECK_NEAR(ev.share[2], 3.0 / 9.0, 1e-15);
  // ARI of the shared rows, from the pair counts by hand: table
  // [[1,2,0],[3,0,0],[0,0,3]]; sum C(n_ij,2) = 1 + 3 + 3 = 7, rows 3, 3, 3
  // -> 9, columns 4, 2, 3 -> 6 + 1 + 3 = 10, C(9,2) = 36: (7 - 2.5) / (9.5 - 2.5)
  CHECK_NEAR(ev.ari, (7.0 - 9.0 * 10.0 / 36.0) / (0.5 * (9.0 + 10.0) - 9.0 * 10.0 / 36.0), 1e-14);
  // a type without members in the replicate: Jaccard 0, as in fpc
  const std::vector<int> o2 = {0, 0, 1, 1, 2, 2}, p2 = {0, 0, 1, 1};
  const typfrage::ReplicateEvaluation e2 =
      typfrage::evaluate_replicate(o2.data(), 3, {0, 1, 2, 3}, p2.data(), 2, nullptr, Eigen::MatrixXd(6, 0));
  CHECK(e2.jaccard == (std::vector<double>{1, 1, 0}));
  CHECK_EQ(e2.share[2], 0.0);
  CHECK(e2.match == (std::vector<index_t>{0, 1}));
}

TEST(replicate_evaluation_weighted_means) {
  const std::vector<int> original = {0, 0, 0, 1, 1, 1};
  Eigen::MatrixXd items(6, 2);
  items << 1, 0, 2, 0, 3, 1, 10, 1, 20, 1, 30, 1;
  const std::vector<index_t> rows = {0, 1, 3, 4, 5};
  const std::vector<int> part = {1, 1, 0, 0, 1};  // row 5 moves to the other type
  const std::vector<double> freq = {2, 1, 1, 1, 3};
  const typfrage::ReplicateEvaluation ev =
      typfrage::evaluate_replicate(original.data(), 2, rows, part.data(), 2, freq.data(), items);
  CHECK(ev.assigned == (std::vector<int>{0, 0, 1, 1, 0}));
  CHECK_NEAR(ev.share[0], 6.0 / 8.0, 1e-15);
  CHECK_NEAR(ev.share[1], 2.0 / 8.0, 1e-15);
  CHECK_NEAR(ev.means[0], (2.0 * 1 + 1.0 * 2 + 3.0 * 30) / 6.0, 1e-15);  // k x p, column-major
  CHECK_NEAR(ev.means[2], 3.0 / 6.0, 1e-15);
  CHECK_NEAR(ev.means[1], 15.0, 1e-15);
  CHECK_NEAR(ev.means[3], 1.0, 1e-15);
}

TEST(replicate_jaccard_is_fpc_definition) {
  // fpc::clusterboot's best-match Jaccard on random partitions, by brute force
  typfrage::Rng rng(typfrage::SeedMaterial(42), 0);
  for (int rep = 0; rep < 20; ++rep) {
    const index_t n = 20 + static_cast<index_t>(rng.below(41));
    const int k = 2 + static_cast<int>(rng.below(4)), kb = 2 + static_cast<int>(rng.below(5));
    const std::vector<int> original = cpptest::labels(n, k, 100 + rep);
    std::vector<index_t> rows;
    for (index_t i = 0; i < n; ++i)
      if (rng.uniform() < 0.63) rows.push_back(i);
    if (rows.empty()) rows.push_back(0);
    const std::vector<int> part = cpptest::labels(static_cast<index_t>(rows.size()), kb, 200 + rep);
    const typfrage::ReplicateEvaluation ev = typfrage::evaluate_replicate(
        original.data(), k, rows, part.data(), kb, nullptr, Eigen::MatrixXd(n, 0));
    for (int j = 0; j < k; ++j) {
      double best = 0.0;
      for (int c = 0; c < kb; ++c) {
        double both = 0, a = 0, b = 0;
        for (std::size_t r = 0; r < rows.size(); ++r) {
          const bool in_a = original[rows[r]] == j, in_b = part[r] == c;
          a += in_a;
          b += in_b;
          both += in_a && in_b;
        }
        const double u = a + b - both;
        best = std::max(best, u == 0 ? 0.0 : both / u);
      }
      CHECK_NEAR(ev.jaccard[j], best, 1e-15);
    }
  }
}

TEST(gap_reference_data_in_the_box) {
  Eigen::MatrixXd x(400, 2);
  const Eigen::MatrixXd u = cpptest::uniform(400, 2, 71);
  for (index_t i = 0; i < 400; ++i) {
    x(i, 0) = 4.0 * u(i, 0) - 2.0;
    x(i, 1) = 2.0 * x(i, 0) + 0.3 * (u(i, 1) - 0.5);
  }
  const typfrage::ReferenceBox box = typfrage::reference_box(x, typfrage::GapSpace::original);
  typfrage::Rng r0(typfrage::SeedMaterial(1), 0), r0b(typfrage::SeedMaterial(1), 0), r1(typfrage::SeedMaterial(1), 1);
  const Eigen::MatrixXd z = typfrage::reference_data(box, 400, r0);
  CHECK_EQ(z.rows(), 400);
  CHECK_EQ(z.cols(), 2);
  for (index_t j = 0; j < 2; ++j) {
    CHECK(z.col(j).minCoeff() >= x.col(j).minCoeff());
    CHECK(z.col(j).maxCoeff() <= x.col(j).maxCoeff());
  }
  CHECK(z == typfrage::reference_data(box, 400, r0b));
  CHECK(z != typfrage::reference_data(box, 400, r1));
  // principal-component box: the scores of the reference data lie within
  // the data's score ranges, uniformly (mean score mid-range within 4 SE)
  const typfrage::ReferenceBox pca = typfrage::reference_box(x, typfrage::GapSpace::pca);
  typfrage::Rng rp(typfrage::SeedMaterial(1), 0);
  const Eigen::MatrixXd zp = typfrage::reference_data(pca, 400, rp);
  const Eigen::MatrixXd sx = (x.rowwise() - pca.center) * pca.rotation;
  const Eigen::MatrixXd sz = (zp.rowwise() - pca.center) * pca.rotation;
  for (index_t j = 0; j < 2; ++j) {
    const double lo = sx.col(j).minCoeff(), hi = sx.col(j).maxCoeff();
    CHECK(sz.col(j).minCoeff() >= lo - 1e-9);
    CHECK(sz.col(j).maxCoeff() <= hi + 1e-9);
    CHECK(std::fabs(sz.col(j).mean() - 0.5 * (lo + hi)) < 4.0 * (hi - lo) / std::sqrt(12.0 * 400));
  }
}
