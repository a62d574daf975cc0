// Writes the fits of every method on fixed data and seeds to stdout, every
// double in hexadecimal (%a), so that two builds can be compared byte for
// byte: the SIMD and the scalar (-DTYPFRAGE_NO_SIMD -DTYPFRAGE_NO_AVX_DISPATCH)
// build must agree exactly, and both must equal fixtures/fits.txt, written by
// the code before the k-means passes were split into steps (so a refactor
// that changes any result shows here).
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <typfrage/cluster_pairs.hpp>
#include <typfrage/fit.hpp>
#include <typfrage/kmeans.hpp>

#include "data.hpp"

namespace {

using typfrage::index_t;

void put(const char* what, double v) { std::printf("%s %a\n", what, v); }

// FNV-1a of the labels, and the first 40 of them.
void put_labels(const std::vector<int>& a) {
  std::uint64_t h = 1469598103934665603ULL;
  for (int v : a) h = (h ^ static_cast<std::uint64_t>(v + 1)) * 1099511628211ULL;
  std::printf("labels %016llx ", static_cast<unsigned long long>(h));
  for (std::size_t i = 0; i < a.size() && i < 40; ++i) std::printf("%d", a[i]);
  std::printf("\n");
}

void put_matrix(const char* what, const Eigen::MatrixXd& m) {
  std::printf("%s %ldx%ld", what, static_cast<long>(m.rows()), static_cast<long>(m.cols()));
  for (index_t j = 0; j < m.cols(); ++j)
    for (index_t i = 0; i < m.rows(); ++i) std::printf(" %a", m(i, j));
  std::printf("\n");
}

void put_kmeans(const typfrage::KMeansResult& r) {
  put_labels(r.cluster);
  put_matrix("centers", r.centers);
  put("objective", r.objective);
  std::printf("iterations %d lloyd %d transfers %d repairs %d skipped %ld converged %d\n",
              r.iterations, r.lloyd_iterations, r.transfers, r.empty_repairs,
              static_cast<long>(r.skipped), r.converged ? 1 : 0);
}

void put_partition(const typfrage::Partition& p) {
  put_labels(p.cluster);
  put_matrix("centers", p.centers);
  put("objective", p.objective);
  std::printf("best_start %d repairs %d medoids", p.best_start, p.empty_repairs);
  for (index_t m : p.medoids) std::printf(" %ld", static_cast<long>(m));
  std::printf("\nstarts");
  for (std::size_t s = 0; s < p.start_objective.size(); ++s)
    std::printf(" %a/%d/%d", p.start_objective[s], p.start_iterations[s],
                static_cast<int>(p.start_converged[s]));
  std::printf("\n");
}

struct Case {
  std::string name;
  Eigen::MatrixXd x;
  std::vector<double> w;
};

std::vector<Case> kmeans_cases() {
  using namespace cpptest;
  const Eigen::MatrixXd lik = likert(3000, 12, 4, 11);
  std::vector<Case> cs;
  cs.push_back({"likert", lik, {}});
  cs.push_back({"uniform", uniform(2000, 4, 12), {}});
  cs.push_back({"likert_noise_weighted", lik + 0.3 * (uniform(3000, 12, 13).array() - 0.5).matrix(),
                weights(3000, 0.5, 2.0, false, 14)});
  cs.push_back({"likert_counts", lik, weights(3000, 1, 3, true, 15)});
  cs.push_back({"likert_fractional_weights", lik, weights(3000, 0.5, 2.0, false, 16)});
  Eigen::MatrixXd shifted(3000, 13);
  shifted << (lik.array() - 3.0).matrix(), Eigen::VectorXd::Constant(3000, 2.0);
  cs.push_back({"shifted", shifted, {}});
  cs.push_back({"offset", (lik.array() + 1e12).matrix(), {}});
  Eigen::MatrixXd wide(3000, 13);
  wide << lik, (200.0 * uniform(3000, 1, 17).array()).round().matrix();
  cs.push_back({"wide", wide, {}});
  Eigen::MatrixXd fraction = lik;
  fraction(6, 0) = 2.5;
  cs.push_back({"fraction", fraction, {}});
  cs.push_back({"blobs", blobs(1500, 3, 6, 18), {}});
  cs.push_back({"blobs_weighted", blobs(1500, 5, 3, 19), weights(1500, 0.2, 3.0, false, 20)});
  return cs;
}

// Enough rows that the 16-bit lanes of the sums per cluster are emptied on
// the way (small_int_lanes.hpp).
Eigen::MatrixXd long_small_ints() {
  Eigen::MatrixXd x = (4.0 * cpptest::uniform(70000, 3, 21).array()).floor().matrix();
  for (index_t i = 0; i < x.rows(); ++i) x.row(i).array() += 2.0 * static_cast<double>(i % 3);
  return x;
}

void kmeans_starts() {
  for (const Case& c : kmeans_cases()) {
    const typfrage::KMeansData d(c.x, c.w);
    for (int k : {2, 4, 7, 9})
      for (std::uint64_t s : {1u, 2u}) {
        std::printf("== kmeans_start %s k=%d seed=%lu\n", c.name.c_str(), k,
                    static_cast<unsigned long>(s));
        typfrage::Rng rng(typfrage::SeedMaterial(s), 0);
        put_kmeans(typfrage::kmeans_start(d, k, 100, rng));
      }
  }
  const Eigen::MatrixXd lx = long_small_ints();
  const typfrage::KMeansData d(lx, {});
  typfrage::Rng rng(typfrage::SeedMaterial(22), 0);
  std::printf("== kmeans_start long k=3\n");
  put_kmeans(typfrage::kmeans_start(d, 3, 100, rng));
}

// Start centres of which some lie far from every row: the first assignment
// leaves their clusters empty, which the repair fills.
void kmeans_repairs() {
  const Eigen::MatrixXd x = cpptest::blobs(400, 3, 4, 23);
  for (const bool weighted : {false, true}) {
    const std::vector<double> w =
        weighted ? cpptest::weights(400, 1, 4, true, 24) : std::vector<double>();
    const typfrage::KMeansData d(x, w);
    Eigen::MatrixXd c(3, 5);
    c.col(0) = x.row(0).transpose();
    c.col(1) = x.row(1).transpose();
    c.col(2) = Eigen::Vector3d(1e3, 1e3, 1e3);
    c.col(3) = Eigen::Vector3d(-1e3, 1e3, 1e3);
    c.col(4) = x.row(2).transpose();
    std::printf("== kmeans_from_centers repairs weighted=%d\n", weighted ? 1 : 0);
    put_kmeans(typfrage::kmeans_from_centers(d, c, 100));
  }
}

void method_fits() {
  const Eigen::MatrixXd lik = cpptest::likert(600, 8, 3, 31);
  const Eigen::MatrixXd bl = cpptest::blobs(500, 4, 4, 32);
  const std::vector<double> w = cpptest::weights(500, 0.5, 2.0, false, 33), none;
  struct Fit {
    const char* name;
    typfrage::Method method;
    typfrage::Metric metric;
    int k, nstart;
    bool likert, weighted;
  };
  const Fit fits[] = {
      {"kmeans nstart=5 likert", typfrage::Method::kmeans, typfrage::Metric::euclidean, 3, 5, true, false},
      {"kmeans nstart=4 blobs weighted", typfrage::Method::kmeans, typfrage::Metric::euclidean, 4, 4, false, true},
      {"pam build blobs", typfrage::Method::pam, typfrage::Metric::euclidean, 4, 1, false, false},
      {"pam nstart=3 manhattan weighted", typfrage::Method::pam, typfrage::Metric::manhattan, 4, 3, false, true},
      {"pam nstart=2 sqeuclidean likert", typfrage::Method::pam, typfrage::Metric::sqeuclidean, 3, 2, true, false},
      {"ward blobs", typfrage::Method::ward, typfrage::Metric::euclidean, 4, 1, false, false},
      {"ward_kmeans blobs weighted", typfrage::Method::ward_kmeans, typfrage::Metric::euclidean, 4, 1, false, true},
      {"lca likert", typfrage::Method::lca, typfrage::Metric::euclidean, 3, 3, true, false},
  };
  for (const Fit& f : fits) {
    typfrage::FitSettings st;
    st.method = f.method;
    st.metric = f.metric;
    st.k = f.k;
    st.nstart = f.nstart;
    const Eigen::MatrixXd& x = f.likert ? lik : bl;
    const typfrage::FitData data{x, f.weighted ? w : none, none};
    std::printf("== fit %s\n", f.name);
    put_partition(typfrage::fit(st, data, typfrage::SeedMaterial(40)));
  }
}

// The pair kernel (dispatched: AVX where the CPU has it, unless built
// without): the row sums and extremes of a few tiles.
void pair_sums() {
  const Eigen::MatrixXd x = cpptest::blobs(300, 5, 3, 41);
  const std::vector<int> cl = cpptest::labels(300, 3, 42);
  const std::vector<double> w = cpptest::weights(300, 0.5, 2.0, false, 43);
  for (const bool weighted : {false, true}) {
    const typfrage::ClusterSorted c = typfrage::cluster_sorted(x, cl.data(), 3, weighted ? w.data() : nullptr);
    for (const typfrage::Metric m :
         {typfrage::Metric::euclidean, typfrage::Metric::sqeuclidean, typfrage::Metric::manhattan}) {
      std::vector<double> row(300, 0.0), col(300 + typfrage::lane_width, 0.0);
      double lo = std::numeric_limits<double>::infinity();
      typfrage::pair_tile(c, m, typfrage::PairTile{0, 300, 0, 300, true},
                          typfrage::TileSums{row.data(), col.data(), typfrage::Extreme::min, &lo});
      std::printf("== pair_tile metric=%d weighted=%d\n", static_cast<int>(m), weighted ? 1 : 0);
      put("min", lo);
      put_matrix("row", Eigen::Map<const Eigen::VectorXd>(row.data(), 300));
      put_matrix("col", Eigen::Map<const Eigen::VectorXd>(col.data(), 300));
    }
  }
}

}  // namespace

int main() {
  kmeans_starts();
  kmeans_repairs();
  method_fits();
  pair_sums();
  return 0;
}
