// Hierarchical clustering on a stored condensed dissimilarity matrix (R's
// `dist` layout, n(n-1)/2 doubles, 64-bit indices):
//   * nearest-neighbour chain for the reducible linkages (ward.D, ward.D2,
//     complete, average, mcquitty), O(n^2) time;
//   * minimum spanning tree (Prim) for single linkage, O(n^2) time;
//   * the "stored nearest neighbours" algorithm of stats::hclust for centroid
//     and median, whose heights need not increase, O(n^2) typical time.
// All update the matrix in place with the Lance-Williams formulas exactly as
// stats::hclust does, on the dissimilarities as given: ward.D2 expects the
// matrix of *squared* dissimilarities and returns square-rooted heights.
// `size` holds the initial cluster sizes (all 1, or case weights).
#ifndef TYPFRAGE_NNCHAIN_HPP
#define TYPFRAGE_NNCHAIN_HPP

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dendrogram.hpp"
#include "policies.hpp"

namespace typfrage {

enum class Linkage { ward_d, ward_d2, single, complete, average, mcquitty, centroid, median };

inline Linkage linkage_from_string(const std::string& s) {
  if (s == "ward.D") return Linkage::ward_d;
  if (s == "ward.D2") return Linkage::ward_d2;
  if (s == "single") return Linkage::single;
  if (s == "complete") return Linkage::complete;
  if (s == "average") return Linkage::average;
  if (s == "mcquitty") return Linkage::mcquitty;
  if (s == "centroid") return Linkage::centroid;
  if (s == "median") return Linkage::median;
  throw std::invalid_argument("unknown linkage: " + s);
}

inline bool is_ward(Linkage l) { return l == Linkage::ward_d || l == Linkage::ward_d2; }

// Merge heights increase (the tree is drawn from sorted merges).
inline bool is_monotone(Linkage l) {
  return l != Linkage::centroid && l != Linkage::median;
}

// Lance-Williams update: dissimilarity between k and the union of i and j.
inline double lance_williams(Linkage l, double dki, double dkj, double dij, double ni,
                             double nj, double nk) {
  switch (l) {
    case Linkage::single:
      return dki < dkj ? dki : dkj;
    case Linkage::complete:
      return dki > dkj ? dki : dkj;
    case Linkage::average:
      return (ni * dki + nj * dkj) / (ni + nj);
    case Linkage::mcquitty:
      return (dki + dkj) / 2.0;
    case Linkage::ward_d:
    case Linkage::ward_d2:
      return ((ni + nk) * dki + (nj + nk) * dkj - nk * dij) / (ni + nj + nk);
    case Linkage::centroid:
      return (ni * dki + nj * dkj - ni * nj * dij / (ni + nj)) / (ni + nj);
    case Linkage::median:
      return (dki + dkj) / 2.0 - dij / 4.0;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// The same update with the linkage fixed at compile time (hot loops).
template <Linkage L>
inline double lance_williams_t(double dki, double dkj, double dij, double ni, double nj,
                               double nk) {
  if constexpr (L == Linkage::single) {
    return dki < dkj ? dki : dkj;
  } else if constexpr (L == Linkage::complete) {
    return dki > dkj ? dki : dkj;
  } else if constexpr (L == Linkage::average) {
    return (ni * dki + nj * dkj) / (ni + nj);
  } else if constexpr (L == Linkage::mcquitty) {
    return (dki + dkj) / 2.0;
  } else if constexpr (L == Linkage::ward_d || L == Linkage::ward_d2) {
    return ((ni + nk) * dki + (nj + nk) * dkj - nk * dij) / (ni + nj + nk);
  } else {
    return lance_williams(L, dki, dkj, dij, ni, nj, nk);
  }
}

namespace detail {

// Read/write access to a condensed matrix in R's dist layout.
class Condensed {
 public:
  Condensed(std::vector<double>& d, index_t n) : d_(d.data()), off_(static_cast<std::size_t>(n)) {
    if (static_cast<index_t>(d.size()) != n * (n - 1) / 2)
      throw std::invalid_argument("dissimilarities: length must be n(n-1)/2");
    for (index_t j = 0; j < n; ++j) off_[j] = n * j - j * (j + 1) / 2 - j - 1;
  }
  // i < j
  double& lo(index_t i, index_t j) { return d_[off_[i] + j]; }
  double& operator()(index_t i, index_t j) { return i < j ? lo(i, j) : lo(j, i); }

 private:
  double* d_;
  std::vector<index_t> off_;
};

// Doubly linked list of active clusters 0..n-1 (n marks the end).
struct ActiveList {
  explicit ActiveList(index_t n) : start(0), succ(n + 1), pred(n + 1) {
    for (index_t i = 0; i <= n; ++i) {
      succ[i] = i + 1;
      pred[i] = i - 1;
    }
  }
  void remove(index_t i) {
    if (i == start) {
      start = succ[i];
    } else {
      succ[pred[i]] = succ[i];
    }
    pred[succ[i]] = pred[i];
  }
  index_t start;
  std::vector<index_t> succ, pred;
};

constexpr index_t tick_every = 512;

}  // namespace detail

namespace detail {
template <Linkage L, typename Progress>
std::vector<Merge> nn_chain_core(std::vector<double>& d, index_t n, std::vector<double> size,
                                 Progress& progress) {
  std::vector<Merge> merges;
  merges.reserve(static_cast<std::size_t>(n > 0 ? n - 1 : 0));
  if (n < 2) return merges;
  detail::Condensed D(d, n);
  detail::ActiveList act(n);
  std::vector<index_t> chain(static_cast<std::size_t>(n));
  index_t tip = 0;
  for (index_t step = 0; step < n - 1; ++step) {
    index_t a, b;
    double mn;
    if (tip <= 3) {
      a = act.start;
      chain[0] = a;
      tip = 1;
      b = act.succ[a];
      mn = D.lo(a, b);
      for (index_t i = act.succ[b]; i < n; i = act.succ[i]) {
        if (D.lo(a, i) < mn) {
          mn = D.lo(a, i);
          b = i;
        }
      }
    } else {
      tip -= 3;
      a = chain[tip - 1];
      b = chain[tip];
      mn = D(a, b);
    }
    do {
      chain[tip] = b;
      for (index_t i = act.start; i < b; i = act.succ[i]) {
        if (D.lo(i, b) < mn) {
          mn = D.lo(i, b);
          a = i;
        }
      }
      for (index_t i = act.succ[b]; i < n; i = act.succ[i]) {
        if (D.lo(b, i) < mn) {
          mn = D.lo(b, i);
          a = i;
        }
      }
      b = a;
      a = chain[tip++];
    } while (b != chain[tip - 2]);

    if (a > b) std::swap(a, b);  // a < b: a is removed, the union lives at b
    merges.push_back({a, b, L == Linkage::ward_d2 ? std::sqrt(mn) : mn});
    const double na = size[a], nb = size[b];
    act.remove(a);
    index_t k = act.start;
    for (; k < a; k = act.succ[k]) {
      double& dkb = D.lo(k, b);
      dkb = lance_williams_t<L>(D.lo(k, a), dkb, mn, na, nb, size[k]);
    }
    for (; k < b; k = act.succ[k]) {
      double& dkb = D.lo(k, b);
      dkb = lance_williams_t<L>(D.lo(a, k), dkb, mn, na, nb, size[k]);
    }
    for (k = act.succ[b]; k < n; k = act.succ[k]) {
      double& dbk = D.lo(b, k);
      dbk = lance_williams_t<L>(D.lo(a, k), dbk, mn, na, nb, size[k]);
    }
    size[b] = na + nb;
    if ((step + 1) % detail::tick_every == 0) progress.tick(step + 1, n - 1);
  }
  progress.tick(n - 1, n - 1);
  return merges;
}
}  // namespace detail

// Nearest-neighbour chain (after Muellner 2011, fastcluster's NN_chain_core).
// `d` is overwritten. Returns the merges with heights (sqrt for ward.D2).
template <typename Progress>
std::vector<Merge> nn_chain_linkage(std::vector<double>& d, index_t n, Linkage linkage,
                                    std::vector<double> size, Progress& progress) {
  switch (linkage) {
    case Linkage::ward_d:
      return detail::nn_chain_core<Linkage::ward_d>(d, n, std::move(size), progress);
    case Linkage::ward_d2:
      return detail::nn_chain_core<Linkage::ward_d2>(d, n, std::move(size), progress);
    case Linkage::single:
      return detail::nn_chain_core<Linkage::single>(d, n, std::move(size), progress);
    case Linkage::complete:
      return detail::nn_chain_core<Linkage::complete>(d, n, std::move(size), progress);
    case Linkage::average:
      return detail::nn_chain_core<Linkage::average>(d, n, std::move(size), progress);
    case Linkage::mcquitty:
      return detail::nn_chain_core<Linkage::mcquitty>(d, n, std::move(size), progress);
    default:
      throw std::invalid_argument("nn_chain_linkage: linkage is not reducible");
  }
}

// Single linkage: Prim's minimum spanning tree on the stored matrix; the
// sorted MST edges are the merges. `d` is only read.
template <typename Progress>
std::vector<Merge> mst_linkage(std::vector<double>& d, index_t n, Progress& progress) {
  std::vector<Merge> merges;
  merges.reserve(static_cast<std::size_t>(n > 0 ? n - 1 : 0));
  if (n < 2) return merges;
  detail::Condensed D(d, n);
  detail::ActiveList out(n);  // observations not yet in the tree
  std::vector<double> best(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<index_t> from(static_cast<std::size_t>(n), 0);
  index_t cur = 0;
  out.remove(0);
  for (index_t step = 0; step < n - 1; ++step) {
    index_t arg = -1;
    double mn = std::numeric_limits<double>::infinity();
    for (index_t k = out.start; k < n; k = out.succ[k]) {
      const double dk = D(cur, k);
      if (dk < best[k]) {
        best[k] = dk;
        from[k] = cur;
      }
      if (arg < 0 || best[k] < mn) {
        mn = best[k];
        arg = k;
      }
    }
    merges.push_back({from[arg], arg, mn});
    out.remove(arg);
    cur = arg;
    if ((step + 1) % detail::tick_every == 0) progress.tick(step + 1, n - 1);
  }
  progress.tick(n - 1, n - 1);
  return merges;
}

// Centroid and median (and any linkage): the algorithm of stats::hclust
// (Murtagh's stored nearest neighbours). At each step the globally closest
// pair (i < j) merges; the union keeps index i. Merges come out in the order
// they happen.
template <typename Progress>
std::vector<Merge> generic_linkage(std::vector<double>& d, index_t n, Linkage linkage,
                                   std::vector<double> size, Progress& progress) {
  std::vector<Merge> merges;
  merges.reserve(static_cast<std::size_t>(n > 0 ? n - 1 : 0));
  if (n < 2) return merges;
  const double inf = std::numeric_limits<double>::infinity();
  detail::Condensed D(d, n);
  detail::ActiveList act(n);
  std::vector<index_t> nn(static_cast<std::size_t>(n), -1);
  std::vector<double> nnd(static_cast<std::size_t>(n), inf);
  auto find_nn = [&](index_t i) {
    double mn = inf;
    index_t arg = -1;
    for (index_t k = act.succ[i]; k < n; k = act.succ[k]) {
      if (D.lo(i, k) < mn) {
        mn = D.lo(i, k);
        arg = k;
      }
    }
    nn[i] = arg;
    nnd[i] = mn;
  };
  for (index_t i = 0; i < n - 1; ++i) find_nn(i);
  for (index_t step = 0; step < n - 1; ++step) {
    index_t i = -1;
    double mn = inf;
    for (index_t k = act.start; k < n; k = act.succ[k]) {
      if (nn[k] >= 0 && (i < 0 || nnd[k] < mn)) {
        mn = nnd[k];
        i = k;
      }
    }
    const index_t j = nn[i];
    merges.push_back({i, j, linkage == Linkage::ward_d2 ? std::sqrt(mn) : mn});
    const double ni = size[i], nj = size[j];
    act.remove(j);
    for (index_t k = act.start; k < n; k = act.succ[k]) {
      if (k == i) continue;
      double& dki = D(k, i);
      dki = lance_williams(linkage, dki, D(k, j), mn, ni, nj, size[k]);
      if (k < i && dki < nnd[k]) {
        nnd[k] = dki;
        nn[k] = i;
      }
    }
    size[i] = ni + nj;
    for (index_t k = act.start; k < n; k = act.succ[k]) {
      if (k == i || nn[k] == i || nn[k] == j) find_nn(k);
    }
    if ((step + 1) % detail::tick_every == 0) progress.tick(step + 1, n - 1);
  }
  progress.tick(n - 1, n - 1);
  return merges;
}

// Any linkage on a stored matrix (squared dissimilarities for ward.D2).
template <typename Progress>
Tree linkage_tree(std::vector<double>& d, index_t n, Linkage linkage,
                  std::vector<double> size, Progress& progress) {
  if (static_cast<index_t>(size.size()) != n) throw std::invalid_argument("size: need n entries");
  std::vector<Merge> merges;
  switch (linkage) {
    case Linkage::single:
      merges = mst_linkage(d, n, progress);
      break;
    case Linkage::centroid:
    case Linkage::median:
      merges = generic_linkage(d, n, linkage, std::move(size), progress);
      break;
    default:
      merges = nn_chain_linkage(d, n, linkage, std::move(size), progress);
  }
  return make_tree(std::move(merges), n, is_monotone(linkage));
}

}  // namespace typfrage

#endif  // TYPFRAGE_NNCHAIN_HPP
