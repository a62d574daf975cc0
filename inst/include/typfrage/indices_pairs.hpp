// Pair-based validation indices of one partition (NbClust, clusterCrit, fpc)
// without an n x n matrix, from any typfrage::Distance:
//  * pair_stats(): one pass over the rows (work items of parallel_for(), each
//    row i computes d(i, j) for all j; pairs j > i go into the row block's
//    k x k sums, minima and maxima, which are added up in block order, so the
//    result does not depend on the thread count); per row: the sum and the
//    sum of squares of its distances and its smallest distance to another
//    cluster. O(n k + blocks k^2) memory, O(n^2 p) time.
//  * sorted_pairs() + rank_indices(): the rank-based indices (Gamma, G+,
//    Tau, C-index) exactly, in O(N log N) time for the N = n(n-1)/2 pairs:
//    all pairs are stored with their distances (16 N bytes; R checks this
//    against the memory limit before calling) and sorted once; each
//    partition then takes one O(N) pass: s_plus = #(between > within),
//    s_minus = #(between < within), ties the rest.
//  * widest_gap(): fpc's widest within-cluster gap (the longest edge of a
//    cluster's minimum spanning tree, Prim's algorithm, O(n_r) memory).
// All unweighted: the pair indices count pairs of rows.
#ifndef TYPFRAGE_INDICES_PAIRS_HPP
#define TYPFRAGE_INDICES_PAIRS_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "distance.hpp"
#include "indices_scatter.hpp"
#include "policies.hpp"

namespace typfrage {

struct PairStats {
  int k = 0;
  index_t n = 0;
  std::vector<double> sum, min, max;  // k x k (r <= q filled; r == q within)
  std::vector<double> count;          // k x k pair counts
  double sq_within = 0.0, sq_between = 0.0;
  std::vector<double> row_sum, row_sq, row_sep;  // n
  double at(const std::vector<double>& m, int r, int q) const {
    return r <= q ? m[r * k + q] : m[q * k + r];
  }
};

template <typename Progress>
PairStats pair_stats(const Distance& d, const int* cl, int k, int threads,
                     Progress& progress) {
  const index_t n = d.n();
  const index_t block = 32;
  const index_t blocks = (n + block - 1) / block;
  const std::size_t kk = static_cast<std::size_t>(k) * k;
  constexpr double inf = std::numeric_limits<double>::infinity();
  PairStats s;
  s.k = k;
  s.n = n;
  s.row_sum.assign(n, 0.0);
  s.row_sq.assign(n, 0.0);
  s.row_sep.assign(n, inf);
  std::vector<double> sum(blocks * kk, 0.0), mn(blocks * kk, inf), mx(blocks * kk, -inf);
  std::vector<double> sqw(blocks, 0.0), sqb(blocks, 0.0);
  parallel_for(blocks, threads, [&](index_t bl) {
    double* bs = sum.data() + bl * kk;
    double* bmn = mn.data() + bl * kk;
    double* bmx = mx.data() + bl * kk;
    for (index_t i = bl * block; i < std::min(n, (bl + 1) * block); ++i) {
      const int r = cl[i];
      double rs = 0.0, rq = 0.0, sep = inf;
      for (index_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const double dij = d(i, j);
        const int q = cl[j];
        rs += dij;
        rq += dij * dij;
        if (q != r) sep = std::min(sep, dij);
        if (j > i) {
          const std::size_t c = r <= q ? r * k + q : q * k + r;
          bs[c] += dij;
          bmn[c] = std::min(bmn[c], dij);
          bmx[c] = std::max(bmx[c], dij);
          (q == r ? sqw[bl] : sqb[bl]) += dij * dij;
        }
      }
      s.row_sum[i] = rs;
      s.row_sq[i] = rq;
      s.row_sep[i] = sep;
    }
  }, progress, 1);
  s.sum.assign(kk, 0.0);
  s.min.assign(kk, inf);
  s.max.assign(kk, -inf);
  for (index_t bl = 0; bl < blocks; ++bl) {
    for (std::size_t c = 0; c < kk; ++c) {
      s.sum[c] += sum[bl * kk + c];
      s.min[c] = std::min(s.min[c], mn[bl * kk + c]);
      s.max[c] = std::max(s.max[c], mx[bl * kk + c]);
    }
    s.sq_within += sqw[bl];
    s.sq_between += sqb[bl];
  }
  std::vector<double> size(k, 0.0);
  for (index_t i = 0; i < n; ++i) size[cl[i]] += 1.0;
  s.count.assign(kk, 0.0);
  for (int r = 0; r < k; ++r)
    for (int q = r; q < k; ++q)
      s.count[r * k + q] = r == q ? size[r] * (size[r] - 1) / 2 : size[r] * size[q];
  return s;
}

// fpc's separation index: the mean of the 10% smallest distances of a row
// to another cluster.
inline double separation_index(const PairStats& s) {
  std::vector<double> sep(s.row_sep);
  const std::size_t m = static_cast<std::size_t>(std::floor(static_cast<double>(s.n) * 0.1));
  std::sort(sep.begin(), sep.end());
  double ss = 0.0;
  for (std::size_t i = 0; i < m; ++i) ss += sep[i];
  return m > 0 ? ss / m : std::numeric_limits<double>::quiet_NaN();
}

// Hubert's Gamma as NbClust's Index.Hubert: P the distances, Q the distances
// of the rows' cluster centres, both n x n with zero diagonals; `pairs` the
// number of pairs.
inline double hubert_gamma(const PairStats& s, const Scatter& sc, double pairs) {
  const int k = s.k;
  const double n = static_cast<double>(s.n);
  double sum_p = 0.0, var_p2 = 0.0;
  for (index_t i = 0; i < s.n; ++i) {
    sum_p += s.row_sum[i];
    const double vp = s.row_sq[i] / n - (s.row_sum[i] / n) * (s.row_sum[i] / n);
    var_p2 += vp * vp;
  }
  double sum_q = 0.0, var_q2 = 0.0, sum_pq = 0.0;
  for (int r = 0; r < k; ++r) {
    double qs = 0.0, qq = 0.0;
    for (int q = 0; q < k; ++q) {
      const double dc = (sc.centers.row(r) - sc.centers.row(q)).norm();
      qs += sc.size[q] * dc;
      qq += sc.size[q] * dc * dc;
      if (q > r) sum_pq += dc * s.at(s.sum, r, q);
    }
    sum_q += sc.size[r] * qs;
    const double vq = qq / n - (qs / n) * (qs / n);
    var_q2 += sc.size[r] * vq * vq;
  }
  const double mean_p = sum_p / (n * n), mean_q = sum_q / (n * n);
  const double cross = sum_pq - mean_q * sum_p / 2 - mean_p * sum_q / 2 + pairs * mean_p * mean_q;
  return cross / (pairs * std::sqrt(var_p2) * std::sqrt(var_q2));
}

// Indices from the pair statistics (and the scatter, for Xie-Beni, Hubert
// and the Dunn family's centroid distances).
inline IndexValues pair_indices(const PairStats& s, const Scatter& sc, const int* cl) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const int k = s.k;
  IndexValues v;
  double sw = 0.0, sb = 0.0, nw = 0.0, nb = 0.0;
  double wmin = inf, wmax = -inf, bmin = inf, bmax = -inf;
  double avg_within_num = 0.0, avg_within_den = 0.0, max_mean_within = -inf;
  double max_mean_within_cc = -inf, min_mean_between = inf, min_max_between = inf;
  double max_bary = -inf, min_bary_pair = inf;
  for (int r = 0; r < k; ++r) {
    const double c = s.at(s.count, r, r);
    sw += s.at(s.sum, r, r);
    nw += c;
    if (c > 0) {
      wmin = std::min(wmin, s.at(s.min, r, r));
      wmax = std::max(wmax, s.at(s.max, r, r));
      const double mean = s.at(s.sum, r, r) / c;
      avg_within_num += sc.size[r] * mean;
      avg_within_den += sc.size[r];
      max_mean_within = std::max(max_mean_within, mean);
    }
    // Delta_2 as clusterCrit computes it: the within sum over unordered pairs
    // divided by n_r (n_r - 1), half the mean within-cluster distance (its
    // manual writes the sum over ordered pairs)
    max_mean_within_cc = std::max(max_mean_within_cc,
                                  s.at(s.sum, r, r) / (sc.size[r] * (sc.size[r] - 1)));
    max_bary = std::max(max_bary, 2.0 * sc.dist_sum[r] / sc.size[r]);
    for (int q = r + 1; q < k; ++q) {
      sb += s.at(s.sum, r, q);
      nb += s.at(s.count, r, q);
      bmin = std::min(bmin, s.at(s.min, r, q));
      bmax = std::max(bmax, s.at(s.max, r, q));
      min_mean_between = std::min(min_mean_between, s.at(s.sum, r, q) / s.at(s.count, r, q));
      min_max_between = std::min(min_max_between, s.at(s.max, r, q));
      min_bary_pair = std::min(min_bary_pair,
                               (sc.dist_sum[r] + sc.dist_sum[q]) / (sc.size[r] + sc.size[q]));
    }
  }
  const double nt = nw + nb;
  const double mw = sw / nw, mb = sb / nb;
  const double sq = s.sq_within + s.sq_between;
  const double mean_all = (sw + sb) / nt;
  const double var_sample = (sq - nt * mean_all * mean_all) / (nt - 1);
  const double var_pop = sq / nt - mean_all * mean_all;
  const double pw = nw / nt, pb = nb / nt;
  v["cindex"] = (sw - nw * wmin) / (wmax * nw - wmin * nw);
  v["ptbiserial"] = (mb - mw) * std::sqrt(pb * pw) / std::sqrt(var_sample);
  v["pearsongamma"] = (mb - mw) * std::sqrt(pb * pw) / std::sqrt(var_pop);
  v["point_biserial"] = std::sqrt(pw * pb) * (mw - mb);
  v["mcclain"] = (mw / nw) / (mb / nb);
  v["mcclain_rao"] = mw / mb;
  v["average_within"] = avg_within_num / avg_within_den;
  v["average_between"] = mb;
  v["mean_within"] = mw;  // all within pairs alike (NbClust's Frey)
  v["wb_ratio"] = v["average_within"] / mb;
  v["dunn2"] = min_mean_between / max_mean_within;
  v["xie_beni"] = (sc.w.trace() / sc.n) / (bmin * bmin);
  // the generalised Dunn indices of clusterCrit: delta_a / Delta_b
  double min_bary = inf;
  for (int r = 0; r < k; ++r)
    for (int q = r + 1; q < k; ++q)
      min_bary = std::min(min_bary, (sc.centers.row(r) - sc.centers.row(q)).norm());
  const double num[5] = {bmin, min_max_between, min_mean_between, min_bary, min_bary_pair};
  const double den[3] = {wmax, max_mean_within_cc, max_bary};
  const char* names[5][3] = {{"gdi11", "gdi12", "gdi13"}, {"gdi21", "gdi22", "gdi23"},
                             {"gdi31", "gdi32", "gdi33"}, {"gdi41", "gdi42", "gdi43"},
                             {"gdi51", "gdi52", "gdi53"}};
  for (int a = 0; a < 5; ++a)
    for (int b = 0; b < 3; ++b) v[names[a][b]] = num[a] / den[b];
  v["sindex"] = separation_index(s);
  v["hubert"] = hubert_gamma(s, sc, nt);
  (void)cl;
  return v;
}

// Every pair of rows (i < j) with its distance, sorted by distance: the
// input of the rank-based indices, built once for any number of partitions
// of the same rows (scan_k() computes them for every k from one sort).
// 16 bytes a pair (R checks 16 n(n-1)/2 bytes against the memory limit).
struct SortedPair {
  double d;
  std::uint32_t i, j;
};

template <typename Progress>
std::vector<SortedPair> sorted_pairs(const Distance& d, int threads, Progress& progress) {
  const index_t n = d.n();
  if (static_cast<double>(n) > 4294967295.0) throw std::invalid_argument("rank indices: too many rows");
  const std::size_t pairs = static_cast<std::size_t>(n) * static_cast<std::size_t>(n > 0 ? n - 1 : 0) / 2;
  std::vector<SortedPair> out(pairs);
  parallel_for(n, threads, [&](index_t i) {
    // row i's pairs j > i start after the pairs of rows 0 .. i - 1
    std::size_t at = static_cast<std::size_t>(i) * static_cast<std::size_t>(n) -
                     static_cast<std::size_t>(i) * static_cast<std::size_t>(i + 1) / 2;
    for (index_t j = i + 1; j < n; ++j)
      out[at++] = {d(i, j), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)};
  }, progress);
  std::sort(out.begin(), out.end(), [](const SortedPair& a, const SortedPair& b) { return a.d < b.d; });
  return out;
}

// Exact rank-based indices of the partition `cl` (0-based codes) from the
// sorted pairs: one pass over the pairs in increasing distance, in groups of
// equal distances, counts s_plus = #(between > within) and
// s_minus = #(between < within) (ties the rest), the sum of the within
// distances and the sums of the nw smallest and largest of all distances
// (C-index). Every sum runs in increasing (decreasing) distance, so the
// values do not depend on the order std::sort leaves equal distances in.
inline IndexValues rank_indices(const std::vector<SortedPair>& pairs, const int* cl, index_t n) {
  const std::size_t total = pairs.size();
  std::size_t within_count = 0;
  for (const SortedPair& q : pairs) within_count += cl[q.i] == cl[q.j];
  const double nw = static_cast<double>(within_count);
  const double nb = static_cast<double>(total - within_count);
  double s_minus = 0.0, s_plus = 0.0, swsum = 0.0, below = 0.0;  // below: between pairs so far
  for (std::size_t t = 0; t < total;) {
    const double x = pairs[t].d;
    double wg = 0.0, bg = 0.0;
    for (; t < total && pairs[t].d == x; ++t) {
      if (cl[pairs[t].i] == cl[pairs[t].j]) {
        wg += 1.0;
        swsum += x;
      } else {
        bg += 1.0;
      }
    }
    s_minus += wg * below;
    s_plus += wg * (nb - below - bg);
    below += bg;
  }
  const double nt = nw + nb;
  const double ties = nw * nb - s_plus - s_minus;
  IndexValues v;
  v["gamma"] = (s_plus - s_minus) / (s_plus + s_minus);
  v["gplus"] = 2.0 * s_minus / (static_cast<double>(n) * (n - 1));
  v["tau"] = (s_plus - s_minus) / std::sqrt((nt - ties) * nt);
  // clusterCrit counts a tie as concordant, and divides by floor(N / 2)
  const double conc = s_plus + ties;
  v["gamma_cc"] = (conc - s_minus) / (conc + s_minus);
  v["g_plus"] = 2.0 * (s_minus / nt) / (nt - 1);
  v["tau_cc"] = (conc - s_minus) / std::sqrt(nw) / std::sqrt(nb) /
                std::sqrt(std::floor(nt / 2)) / std::sqrt(nt - 1);
  // C-index (Hubert & Levin 1976): within sum against the sums of the nw
  // smallest and largest of all distances
  double smin = 0.0, smax = 0.0;
  for (std::size_t t = 0; t < within_count; ++t) smin += pairs[t].d;
  for (std::size_t t = 0; t < within_count; ++t) smax += pairs[total - 1 - t].d;
  v["c_index"] = (swsum - smin) / (smax - smin);
  return v;
}

// fpc's widest gap: the largest edge of any cluster's minimum spanning tree.
inline double widest_gap(const Distance& d, const int* cl, int k) {
  const index_t n = d.n();
  double widest = 0.0;
  for (int r = 0; r < k; ++r) {
    std::vector<index_t> rows;
    for (index_t i = 0; i < n; ++i)
      if (cl[i] == r) rows.push_back(i);
    const std::size_t m = rows.size();
    if (m < 2) continue;
    std::vector<double> best(m, std::numeric_limits<double>::infinity());
    std::vector<char> in(m, 0);
    std::size_t cur = 0;
    in[0] = 1;
    for (std::size_t step = 1; step < m; ++step) {
      std::size_t next = m;
      for (std::size_t t = 0; t < m; ++t) {
        if (in[t]) continue;
        best[t] = std::min(best[t], d(rows[cur], rows[t]));
        if (next == m || best[t] < best[next]) next = t;
      }
      widest = std::max(widest, best[next]);
      in[next] = 1;
      cur = next;
    }
  }
  return widest;
}

}  // namespace typfrage

#endif
