// A hierarchical clustering tree in R's `hclust` conventions, built from a
// list of merges, and the cut of a tree into k clusters.
//
// The algorithms (nnchain.hpp, ward_light.hpp) report merges as pairs of
// *representative observations* (any member of each of the two clusters) and
// a height. `make_tree()` turns them into the `hclust` layout:
//   * merge rows in order of height (stable sort) for monotone linkages, or in
//     the order they happened (centroid, median: heights may decrease);
//   * singletons coded -(i + 1), clusters by their 1-based merge row;
//     two singletons: the smaller observation first; a singleton and a
//     cluster: the singleton first; two clusters: the smaller row first
//     (the conventions of stats::hclust's Fortran routine hcass2);
//   * order: the leaves from left to right when every merge puts its first
//     entry to the left (the order stats::hclust returns).
#ifndef TYPFRAGE_DENDROGRAM_HPP
#define TYPFRAGE_DENDROGRAM_HPP

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "policies.hpp"

namespace typfrage {

// One merge of two clusters, each named by one of its observations (0-based).
struct Merge {
  index_t a;
  index_t b;
  double height;
};

// A tree in hclust conventions (n observations, n - 1 merges).
struct Tree {
  index_t n = 0;
  std::vector<int> left;       // merge[, 1]
  std::vector<int> right;      // merge[, 2]
  std::vector<double> height;  // merge heights
  std::vector<int> order;      // 1-based observations, left to right
};

namespace detail {
// Union-find over observations with path halving.
struct Components {
  explicit Components(index_t n) : parent(static_cast<std::size_t>(n)) {
    std::iota(parent.begin(), parent.end(), index_t(0));
  }
  index_t find(index_t i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
  std::vector<index_t> parent;
};
}  // namespace detail

// Left-to-right leaf order of a tree in hclust conventions (1-based).
inline std::vector<int> dendrogram_order(const std::vector<int>& left,
                                         const std::vector<int>& right) {
  const index_t m = static_cast<index_t>(left.size());
  std::vector<int> order;
  order.reserve(static_cast<std::size_t>(m + 1));
  if (m == 0) {
    order.push_back(1);
    return order;
  }
  std::vector<int> stack;
  stack.push_back(static_cast<int>(m));  // the root: the last merge
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    if (node < 0) {
      order.push_back(-node);
    } else {
      stack.push_back(right[node - 1]);  // visited after the left subtree
      stack.push_back(left[node - 1]);
    }
  }
  return order;
}

// Build the hclust layout from merges. `sort_by_height`: stable-sort the
// merges by height first (monotone linkages); otherwise keep their order.
inline Tree make_tree(std::vector<Merge> merges, index_t n, bool sort_by_height) {
  if (n < 1 || static_cast<index_t>(merges.size()) != n - 1)
    throw std::invalid_argument("make_tree: need n - 1 merges");
  if (sort_by_height)
    std::stable_sort(merges.begin(), merges.end(),
                     [](const Merge& x, const Merge& y) { return x.height < y.height; });
  Tree t;
  t.n = n;
  t.left.resize(merges.size());
  t.right.resize(merges.size());
  t.height.resize(merges.size());
  detail::Components comp(n);
  std::vector<int> code(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) code[i] = -static_cast<int>(i + 1);
  for (std::size_t s = 0; s < merges.size(); ++s) {
    const index_t ra = comp.find(merges[s].a), rb = comp.find(merges[s].b);
    if (ra == rb) throw std::logic_error("make_tree: merge within one cluster");
    int ca = code[ra], cb = code[rb];
    const bool swap = (ca < 0 && cb < 0) ? (ca < cb)   // -1 before -5
                      : (ca > 0 && cb > 0) ? (ca > cb) // 2 before 7
                      : (ca > 0);                      // singleton first
    if (swap) std::swap(ca, cb);
    t.left[s] = ca;
    t.right[s] = cb;
    t.height[s] = merges[s].height;
    const index_t root = std::min(ra, rb);
    comp.parent[std::max(ra, rb)] = root;
    code[root] = static_cast<int>(s + 1);
  }
  t.order = dendrogram_order(t.left, t.right);
  return t;
}

// Cut a tree (hclust conventions) into k clusters: the partition after the
// first n - k merges, as stats::cutree(tree, k) gives it. Labels are
// 0..k-1, numbered by first appearance (stats::cutree() minus 1).
inline std::vector<int> cut_tree(const std::vector<int>& left,
                                 const std::vector<int>& right, index_t n, index_t k) {
  if (k < 1 || k > n) throw std::invalid_argument("cut_tree: k must be in 1..n");
  if (static_cast<index_t>(left.size()) != n - 1 || right.size() != left.size())
    throw std::invalid_argument("cut_tree: the tree must have n - 1 merges");
  detail::Components comp(n);
  std::vector<index_t> member(static_cast<std::size_t>(n));  // one observation per merge row
  auto obs_of = [&](int code) -> index_t {
    return code < 0 ? static_cast<index_t>(-code - 1) : member[code - 1];
  };
  for (index_t s = 0; s < n - k; ++s) {
    const index_t ra = comp.find(obs_of(left[s])), rb = comp.find(obs_of(right[s]));
    const index_t root = std::min(ra, rb);
    comp.parent[std::max(ra, rb)] = root;
    member[s] = root;
  }
  std::vector<int> label(static_cast<std::size_t>(n), -1);
  std::vector<int> of_root(static_cast<std::size_t>(n), -1);
  int next = 0;
  for (index_t i = 0; i < n; ++i) {
    const index_t r = comp.find(i);
    if (of_root[r] < 0) of_root[r] = next++;
    label[i] = of_root[r];
  }
  return label;
}

inline std::vector<int> cut_tree(const Tree& t, index_t k) {
  return cut_tree(t.left, t.right, t.n, k);
}

}  // namespace typfrage

#endif  // TYPFRAGE_DENDROGRAM_HPP
