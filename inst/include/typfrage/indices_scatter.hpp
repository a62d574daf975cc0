// Moment-based validation indices of one partition (NbClust, clusterCrit):
// everything that follows from the within, between and total scatter matrices
// W = sum_r W_r, B, T = W + B (p x p), the cluster sizes and centres, and
// O(n k p) passes over the rows (distances to the centres). No pairs.
//
// Weights are frequency weights: a row of weight 3 counts as three equal
// rows, so every sum over rows is a weighted sum and "n" is the sum of the
// weights. Definitions follow the references' code (see ?typfrage_indices in
// R for the list and the places where NbClust and clusterCrit differ).
// T is the scatter about the grand mean; NbClust uses the uncentred cross
// product X'X there (Scott, Rubin, CCC), which is T when the items are
// centred (for instance standardised).
#ifndef TYPFRAGE_INDICES_SCATTER_HPP
#define TYPFRAGE_INDICES_SCATTER_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "policies.hpp"

namespace typfrage {

using IndexValues = std::map<std::string, double>;

struct Scatter {
  index_t n_rows = 0;
  int k = 0;
  double n = 0.0;                 // sum of the weights (rows if unweighted)
  std::vector<double> size;       // k
  Eigen::MatrixXd centers;        // k x p
  Eigen::VectorXd mean;           // p
  std::vector<Eigen::MatrixXd> wr;  // k within-cluster scatter matrices
  Eigen::MatrixXd w, b, t;        // p x p
  std::vector<double> wss;        // k: trace(W_r)
  std::vector<double> dist_sum;   // k: sum of distances to the centre
  double dist_total = 0.0;        // sum of distances to the grand mean
};

inline Scatter scatter(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* cl, int k,
                       const double* w) {
  const index_t n = x.rows(), p = x.cols();
  Scatter s;
  s.n_rows = n;
  s.k = k;
  s.size.assign(k, 0.0);
  s.centers = Eigen::MatrixXd::Zero(k, p);
  s.mean = Eigen::VectorXd::Zero(p);
  for (index_t i = 0; i < n; ++i) {
    if (cl[i] < 0 || cl[i] >= k) throw std::invalid_argument("cluster code out of range");
    const double wi = w ? w[i] : 1.0;
    s.size[cl[i]] += wi;
    s.n += wi;
    s.centers.row(cl[i]) += wi * x.row(i);
    s.mean += wi * x.row(i).transpose();
  }
  for (int r = 0; r < k; ++r)
    if (s.size[r] > 0) s.centers.row(r) /= s.size[r];
  s.mean /= s.n;
  s.wr.assign(k, Eigen::MatrixXd::Zero(p, p));
  s.t = Eigen::MatrixXd::Zero(p, p);
  s.wss.assign(k, 0.0);
  s.dist_sum.assign(k, 0.0);
  Eigen::VectorXd d(p), e(p);
  for (index_t i = 0; i < n; ++i) {
    const int r = cl[i];
    const double wi = w ? w[i] : 1.0;
    d = x.row(i).transpose() - s.centers.row(r).transpose();
    e = x.row(i).transpose() - s.mean;
    s.wr[r].noalias() += wi * d * d.transpose();
    s.t.noalias() += wi * e * e.transpose();
    s.wss[r] += wi * d.squaredNorm();
    s.dist_sum[r] += wi * d.norm();
    s.dist_total += wi * e.norm();
  }
  s.w = Eigen::MatrixXd::Zero(p, p);
  for (int r = 0; r < k; ++r) s.w += s.wr[r];
  s.b = Eigen::MatrixXd::Zero(p, p);
  for (int r = 0; r < k; ++r) {
    e = s.centers.row(r).transpose() - s.mean;
    s.b.noalias() += s.size[r] * e * e.transpose();
  }
  return s;
}

namespace scatter_detail {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

inline double center_distance(const Scatter& s, int r, int q) {
  return (s.centers.row(r) - s.centers.row(q)).norm();
}

// NbClust's cubic clustering criterion (Sarle 1983) as Indices.WBT computes it,
// with T in place of X'X.
inline double ccc(const Scatter& s) {
  const index_t p = s.t.rows();
  const double n = s.n, q = s.k;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(s.t / (n - 1), Eigen::EigenvaluesOnly);
  std::vector<double> sv(p);
  for (index_t j = 0; j < p; ++j) {
    const double ev = es.eigenvalues()[p - 1 - j];  // descending
    const double root = std::sqrt(std::max(ev, 0.0));
    sv[j] = root != 0.0 ? root : 1.0;
  }
  double vv = 1.0;
  for (double v : sv) vv *= v;
  const double r2 = 1.0 - s.w.trace() / s.t.trace();
  double c = std::pow(vv / q, 1.0 / p);
  index_t k1 = 0;
  for (double v : sv) k1 += (v / c >= 1.0);
  const index_t p1 = std::min<index_t>(k1, s.k - 1);
  std::vector<double> u(p);
  double e_r2, pdim;
  if (p1 > 0 && p1 < p) {
    double v1 = 1.0;
    for (index_t j = 0; j < p1; ++j) v1 *= sv[j];
    c = std::pow(v1 / q, 1.0 / p1);
    double b1 = 0.0, b2 = 0.0, uu = 0.0;
    for (index_t j = 0; j < p; ++j) {
      u[j] = sv[j] / c;
      uu += u[j] * u[j];
      if (j < p1) b1 += 1.0 / (n + u[j]);
      else b2 += u[j] * u[j] / (n + u[j]);
    }
    e_r2 = 1.0 - ((b1 + b2) / uu) * ((n - q) * (n - q) / n) * (1.0 + 4.0 / n);
    pdim = static_cast<double>(p1);
  } else {
    double b1 = 0.0, uu = 0.0;
    for (index_t j = 0; j < p; ++j) {
      u[j] = sv[j] / c;
      uu += u[j] * u[j];
      b1 += 1.0 / (n + u[j]);
    }
    e_r2 = 1.0 - (b1 / uu) * ((n - q) * (n - q) / n) * (1.0 + 4.0 / n);
    pdim = static_cast<double>(p);
  }
  return std::log((1.0 - e_r2) / (1.0 - r2)) *
         (std::sqrt(n * pdim / 2.0) / std::pow(0.001 + e_r2, 1.2));
}

// Population variances per item of cluster r (r = -1: all rows), for SD/S_Dbw.
inline double variance_norm(const Scatter& s, int r) {
  const Eigen::MatrixXd& m = r < 0 ? s.t : s.wr[r];
  const double size = r < 0 ? s.n : s.size[r];
  return (m.diagonal() / size).norm();
}

// SD_Dis (Halkidi et al. 2000): (Dmax / Dmin) sum_r 1 / sum_q ||c_r - c_q||.
inline double sd_dis(const Scatter& s) {
  double dmax = 0.0, dmin = std::numeric_limits<double>::infinity(), total = 0.0;
  for (int r = 0; r < s.k; ++r) {
    double row = 0.0;
    for (int q = 0; q < s.k; ++q) {
      if (q == r) continue;
      const double d = center_distance(s, r, q);
      row += d;
      dmax = std::max(dmax, d);
      dmin = std::min(dmin, d);
    }
    total += 1.0 / row;
  }
  return dmax / dmin * total;
}

// Densities around the centres and midpoints (S_Dbw): NbClust's density.bw()
// (ordered pairs, own-cluster densities, "<=", mean over k(k-1)) and
// clusterCrit's cluc_bw_density() (unordered pairs, densities of the pair's
// rows around either centre, "<", summed).
struct Densities {
  double nbclust = 0.0, clustercrit = 0.0;
};

inline Densities densities(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* cl,
                           const double* w, const Scatter& s, double stdev) {
  const int k = s.k;
  const index_t n = x.rows();
  std::vector<double> own(k, 0.0);
  // c_at[r][q]: weight of cluster r's rows within stdev (<) of centre q
  std::vector<double> c_at(static_cast<std::size_t>(k) * k, 0.0);
  std::vector<double> mid_le(static_cast<std::size_t>(k) * k, 0.0);
  std::vector<double> mid_lt(static_cast<std::size_t>(k) * k, 0.0);
  for (index_t i = 0; i < n; ++i) {
    const int r = cl[i];
    const double wi = w ? w[i] : 1.0;
    for (int q = 0; q < k; ++q) {
      const double d = (x.row(i) - s.centers.row(q)).norm();
      if (q == r && d <= stdev) own[r] += wi;
      if (d < stdev) c_at[r * k + q] += wi;
      if (q == r) continue;
      const double m = (x.row(i) - 0.5 * (s.centers.row(r) + s.centers.row(q))).norm();
      if (m <= stdev) mid_le[r * k + q] += wi;
      if (m < stdev) mid_lt[r * k + q] += wi;
    }
  }
  Densities out;
  for (int r = 0; r < k; ++r)
    for (int q = 0; q < k; ++q) {
      if (q == r) continue;
      const double mx = std::max(own[r], own[q]);
      if (mx != 0.0) out.nbclust += (mid_le[r * k + q] + mid_le[q * k + r]) / mx;
      if (q > r) {
        const double c1 = c_at[r * k + r] + c_at[q * k + r];
        const double c2 = c_at[r * k + q] + c_at[q * k + q];
        out.clustercrit += (mid_lt[r * k + q] + mid_lt[q * k + r]) / std::max(c1, c2);
      }
    }
  out.nbclust /= static_cast<double>(k) * (k - 1);
  return out;
}

// Davies-Bouldin as NbClust computes it (q = 2: root mean squared distance).
inline double db_nbclust(const Scatter& s, int k) {
  double db2 = 0.0;
  for (int r = 0; r < k; ++r) {
    double worst = 0.0;
    const double sr = std::sqrt(s.wss[r] / s.size[r]);
    for (int q = 0; q < k; ++q)
      if (q != r)
        worst = std::max(worst, (sr + std::sqrt(s.wss[q] / s.size[q])) / center_distance(s, r, q));
    db2 += worst;
  }
  return db2 / static_cast<double>(k);
}

// Wemmert-Gancarski: distance to the own centre over the nearest other centre.
inline double wemmert_gancarski(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* cl, int k,
                                const double* w, const Scatter& s) {
  std::vector<double> wg(k, 0.0);
  for (index_t i = 0; i < x.rows(); ++i) {
    const int r = cl[i];
    double own = 0.0, other = std::numeric_limits<double>::infinity();
    for (int q = 0; q < k; ++q) {
      const double d = (x.row(i) - s.centers.row(q)).norm();
      if (q == r) own = d;
      else other = std::min(other, d);
    }
    wg[r] += (w ? w[i] : 1.0) * own / other;
  }
  double wgs = 0.0;
  for (int r = 0; r < k; ++r) wgs += std::max(0.0, s.size[r] - wg[r]);
  return wgs / s.n;
}

}  // namespace scatter_detail

// All moment-based indices of a partition with k >= 2 clusters, by name.
inline IndexValues scatter_indices(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* cl,
                                   int k, const double* w) {
  using namespace scatter_detail;
  const Scatter s = scatter(x, cl, k, w);
  const index_t p = x.cols();
  IndexValues v;
  const double trw = s.w.trace(), trt = s.t.trace(), trb = s.b.trace();
  const double detw = s.w.determinant(), dett = s.t.determinant();
  const double kk = static_cast<double>(k);
  v["tracew"] = trw;
  v["ball"] = trw / kk;
  v["rubin"] = trt / trw;
  v["marriot"] = kk * kk * detw;
  v["ksq_detw"] = v["marriot"];
  v["det_ratio"] = dett / detw;
  v["scott"] = s.n * std::log(dett / detw);
  v["log_det_ratio"] = v["scott"];
  v["log_ss_ratio"] = std::log(trb / trw);
  const Eigen::MatrixXd wi = s.w.inverse();
  v["trace_wib"] = (wi * s.b).trace();
  v["friedman"] = (wi.diagonal().array() * s.b.diagonal().array()).sum();
  // trace of the covariance matrix of W's columns (NbClust: sum(diag(cov(W))))
  double trcov = 0.0;
  for (index_t j = 0; j < p; ++j) {
    const double m = s.w.col(j).mean();
    trcov += (s.w.col(j).array() - m).square().sum() / (p - 1);
  }
  v["trcovw"] = p > 1 ? trcov : nan;
  v["ccc"] = ccc(s);
  double rat = 0.0, ratl = 0.0;
  for (index_t j = 0; j < p; ++j) {
    rat += std::sqrt(s.b(j, j) / s.t(j, j));
    ratl += s.b(j, j) / s.t(j, j);
  }
  v["ratkowsky"] = rat / p / std::sqrt(kk);
  v["ratkowsky_lance"] = std::sqrt(ratl / (p * kk));
  double bh = 0.0, br = 0.0, ss = 0.0, entropy = 0.0;
  for (int r = 0; r < k; ++r) {
    bh += s.wss[r] / s.size[r];
    br += s.size[r] * std::log(s.wss[r] / s.size[r]);
    ss += s.size[r] * std::log((s.wr[r] / s.size[r]).determinant());
    const double pr = s.size[r] / s.n;
    entropy -= pr * std::log(pr);
  }
  v["ball_hall"] = bh / kk;
  v["banfeld_raftery"] = br;
  // log det W_r is undefined when a cluster has at most p rows (W_r singular)
  bool singular = false;
  for (int r = 0; r < k; ++r) singular = singular || s.size[r] <= static_cast<double>(p);
  v["scott_symons"] = singular ? nan : ss;
  v["size_entropy"] = entropy;
  double dmin = std::numeric_limits<double>::infinity(), dmax = 0.0, ew = 0.0;
  for (int r = 0; r < k; ++r) {
    ew += s.dist_sum[r];
    for (int q = r + 1; q < k; ++q) {
      dmin = std::min(dmin, center_distance(s, r, q));
      dmax = std::max(dmax, center_distance(s, r, q));
    }
  }
  const double pbm = s.dist_total * dmax / (kk * ew);
  v["pbm"] = pbm * pbm;
  v["ray_turi"] = (trw / s.n) / (dmin * dmin);
  v["dindex"] = ew / s.n;
  v["db_nb"] = db_nbclust(s, k);
  v["wemmert_gancarski"] = wemmert_gancarski(x, cl, k, w, s);
  // SD and S_Dbw (Halkidi et al.): scattering, separation and densities
  double vn = 0.0;
  for (int r = 0; r < k; ++r) vn += variance_norm(s, r);
  v["sd_scat"] = vn / (kk * variance_norm(s, -1));
  v["sd_dis"] = sd_dis(s);
  const Densities dens = densities(x, cl, w, s, std::sqrt(vn) / kk);
  v["sdbw"] = v["sd_scat"] + dens.nbclust;
  v["s_dbw"] = v["sd_scat"] + dens.clustercrit;
  return v;
}

}  // namespace typfrage

#endif
