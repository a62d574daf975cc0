// Small-integer data (Likert scales, counts) in 16-bit integer lanes, eight
// rows at a time (one SSE2 or NEON register; eight int16 elsewhere).
//
// Items that are whole numbers with small ranges are held as
// x - min(item), column-major like KMeansData::x (SmallIntData). When the
// squared ranges of the items add up to less than 2^15, the squared distance
// between two rows is an integer below 2^15, and every difference, square
// and partial sum is exact in int16: SmallIntRow::distances() returns
// exactly what lane_terms<Metric::sqeuclidean>() returns for the same rows
// (both are the exact integer), with a quarter of the vector operations.
// k-means++ seeding measures distances between rows only, so it uses them.
// small_int_cluster_sums() forms the (exact) sums per cluster of a labelling
// the same way, without the scattered additions of a row-by-row sum.
#ifndef TYPFRAGE_SMALL_INT_LANES_HPP
#define TYPFRAGE_SMALL_INT_LANES_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "lanes.hpp"

namespace typfrage {

// The smallest and largest value of every item, and whether every value is
// an integer (a finite whole number), in one pass over the data.
struct ItemRanges {
  bool integral = true;
  std::vector<double> low, high;
};

inline ItemRanges item_ranges(const Eigen::Ref<const Eigen::MatrixXd>& data) {
  const index_t n = data.rows(), p = data.cols();
  ItemRanges r;
  r.low.assign(static_cast<std::size_t>(p), 0.0);
  r.high.assign(static_cast<std::size_t>(p), 0.0);
  if (n == 0) return r;
  // Eight values at a time, v == trunc(v) by a conversion to 32-bit
  // integers and back: true for whole numbers below 2^31 in magnitude, false
  // for other numbers, infinities and NaN; a column where it fails anywhere
  // is checked value by value with std::trunc().
  for (index_t f = 0; f < p; ++f) {
    const double* col = data.col(f).data();
    Lanes lo = Lanes::constant(col[0]), hi = lo;
    int whole = (1 << lane_width) - 1;
    index_t i = 0;
    for (; i + lane_width <= n; i += lane_width) {
      const Lanes v = Lanes::load(col + i);
      lo = lo.min(v);
      hi = hi.max(v);
      whole &= lane_mask<LaneCompare::equal>(v.trunc(), v);
    }
    double l = lo.hmin(), h = hi.hmax();
    bool ok = whole == (1 << lane_width) - 1;
    for (; i < n; ++i) {
      const double v = col[i];
      l = v < l ? v : l;
      h = v > h ? v : h;
      ok = ok && std::isfinite(v) && v == std::trunc(v);
    }
    if (!ok)
      for (index_t j = 0; j < n; ++j)
        if (!(std::isfinite(col[j]) && col[j] == std::trunc(col[j]))) {
          r.integral = false;
          break;
        }
    r.low[static_cast<std::size_t>(f)] = l;
    r.high[static_cast<std::size_t>(f)] = h;
  }
  return r;
}

// The small-integer form of the data, or nothing (empty()) when an item is
// not an integer or the squared ranges add up to 2^15 or more.
class SmallIntData {
 public:
  SmallIntData() = default;
  // data: n x p, with its item_ranges(); ld: the padded row count of
  // KMeansData::x (the padding rows hold 0, whose distances are not used:
  // padding rows have weight 0).
  SmallIntData(const Eigen::Ref<const Eigen::MatrixXd>& data, const ItemRanges& ranges, index_t ld) {
    const index_t n = data.rows(), p = data.cols();
    if (n == 0 || p == 0 || !ranges.integral) return;
    double squared_ranges = 0.0, max_range = 0.0;
    for (index_t f = 0; f < p; ++f) {
      const double range = ranges.high[static_cast<std::size_t>(f)] - ranges.low[static_cast<std::size_t>(f)];
      squared_ranges += range * range;
      max_range = std::max(max_range, range);
    }
    if (!(squared_ranges < 32768.0)) return;
    x_.resize(static_cast<std::size_t>(ld * p));
    for (index_t f = 0; f < p; ++f) {
      const double* col = data.col(f).data();
      const double low = ranges.low[static_cast<std::size_t>(f)];
      std::int16_t* out = x_.data() + f * ld;
      for (index_t i = 0; i < n; ++i) out[i] = static_cast<std::int16_t>(static_cast<int>(col[i] - low));
      for (index_t i = n; i < ld; ++i) out[i] = 0;
    }
    low_ = ranges.low;
    squared_ranges_ = squared_ranges;
    max_range_ = static_cast<int>(max_range);
    ld_ = ld;
    p_ = p;
  }
  bool empty() const { return x_.empty(); }
  const std::int16_t* data() const { return x_.data(); }
  index_t ld() const { return ld_; }
  index_t p() const { return p_; }
  std::int16_t value(index_t i, index_t f) const { return x_[static_cast<std::size_t>(f * ld_ + i)]; }
  // The smallest value of item f (value() is the data minus it), and the
  // largest difference of any item.
  double low(index_t f) const { return low_[static_cast<std::size_t>(f)]; }
  int max_range() const { return max_range_; }
  // The sum of the squared ranges: every row lies in [0, range] per item, so
  // its norm in the stored form is at most the square root of this.
  double squared_ranges() const { return squared_ranges_; }

 private:
  std::vector<std::int16_t> x_;  // ld x p, column-major
  std::vector<double> low_;      // the smallest value of every item
  index_t ld_ = 0, p_ = 0;
  int max_range_ = 0;
  double squared_ranges_ = 0.0;
};

namespace detail {

#if defined(TYPFRAGE_LANES_SSE2)
struct SmallIntOps {
  using Reg = __m128i;
  static Reg load(const std::int16_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static Reg set1(std::int16_t a) { return _mm_set1_epi16(a); }
  static Reg sub(Reg a, Reg b) { return _mm_sub_epi16(a, b); }
  static Reg add(Reg a, Reg b) { return _mm_add_epi16(a, b); }
  static Reg mul(Reg a, Reg b) { return _mm_mullo_epi16(a, b); }
  static Reg bit_and(Reg a, Reg b) { return _mm_and_si128(a, b); }
  static Reg equal(Reg a, Reg b) { return _mm_cmpeq_epi16(a, b); }  // all bits set where equal
  // The eight (non-negative) values as doubles.
  static Lanes to_lanes(Reg a) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i lo = _mm_unpacklo_epi16(a, zero), hi = _mm_unpackhi_epi16(a, zero);
    return {_mm_cvtepi32_pd(lo), _mm_cvtepi32_pd(_mm_shuffle_epi32(lo, 0xEE)), _mm_cvtepi32_pd(hi),
            _mm_cvtepi32_pd(_mm_shuffle_epi32(hi, 0xEE))};
  }
};
#elif defined(TYPFRAGE_LANES_NEON)
struct SmallIntOps {
  using Reg = int16x8_t;
  static Reg load(const std::int16_t* p) { return vld1q_s16(p); }
  static Reg set1(std::int16_t a) { return vdupq_n_s16(a); }
  static Reg sub(Reg a, Reg b) { return vsubq_s16(a, b); }
  static Reg add(Reg a, Reg b) { return vaddq_s16(a, b); }
  static Reg mul(Reg a, Reg b) { return vmulq_s16(a, b); }
  static Reg bit_and(Reg a, Reg b) { return vandq_s16(a, b); }
  static Reg equal(Reg a, Reg b) { return vreinterpretq_s16_u16(vceqq_s16(a, b)); }
  static Lanes to_lanes(Reg a) {
    const int32x4_t lo = vmovl_s16(vget_low_s16(a)), hi = vmovl_s16(vget_high_s16(a));
    auto pair = [](int32x2_t v) { return vcvtq_f64_s64(vmovl_s32(v)); };
    return {pair(vget_low_s32(lo)), pair(vget_high_s32(lo)), pair(vget_low_s32(hi)),
            pair(vget_high_s32(hi))};
  }
};
#else
struct SmallIntOps {
  struct Reg {
    std::int16_t v[lane_width];
  };
  static Reg load(const std::int16_t* p) {
    Reg r;
    for (index_t l = 0; l < lane_width; ++l) r.v[l] = p[l];
    return r;
  }
  static Reg set1(std::int16_t a) {
    Reg r;
    for (index_t l = 0; l < lane_width; ++l) r.v[l] = a;
    return r;
  }
  static Reg sub(Reg a, Reg b) {
    for (index_t l = 0; l < lane_width; ++l) a.v[l] = static_cast<std::int16_t>(a.v[l] - b.v[l]);
    return a;
  }
  static Reg add(Reg a, Reg b) {
    for (index_t l = 0; l < lane_width; ++l) a.v[l] = static_cast<std::int16_t>(a.v[l] + b.v[l]);
    return a;
  }
  static Reg mul(Reg a, Reg b) {
    for (index_t l = 0; l < lane_width; ++l) a.v[l] = static_cast<std::int16_t>(a.v[l] * b.v[l]);
    return a;
  }
  static Reg bit_and(Reg a, Reg b) {
    for (index_t l = 0; l < lane_width; ++l) a.v[l] = static_cast<std::int16_t>(a.v[l] & b.v[l]);
    return a;
  }
  static Reg equal(Reg a, Reg b) {
    for (index_t l = 0; l < lane_width; ++l) a.v[l] = static_cast<std::int16_t>(a.v[l] == b.v[l] ? -1 : 0);
    return a;
  }
  static Lanes to_lanes(Reg a) {
    double d[lane_width];
    for (index_t l = 0; l < lane_width; ++l) d[l] = a.v[l];
    return Lanes::load(d);
  }
};
#endif

}  // namespace detail

// One row of small-integer data, every value repeated across the lanes, and
// the squared distances of eight rows at a time to it (exact, as doubles).
class SmallIntRow {
 public:
  // Row i of d.
  void assign(const SmallIntData& d, index_t i) {
    v_.resize(static_cast<std::size_t>(d.p() * lane_width));
    for (index_t f = 0; f < d.p(); ++f)
      for (index_t l = 0; l < lane_width; ++l) v_[static_cast<std::size_t>(f * lane_width + l)] = d.value(i, f);
  }
  const std::int16_t* data() const { return v_.data(); }

 private:
  std::vector<std::int16_t> v_;  // p x lane_width
};

// Rows t .. t + 7 of x (leading dimension ld, p items) against the Q rows
// y[0 .. Q - 1]: out[q] = the squared distances to y[q], exact, as doubles.
// Each value of x is loaded once for all Q rows.
template <int Q>
inline void small_distances(const std::int16_t* x, index_t ld, index_t t, index_t p, const SmallIntRow* y,
                            Lanes* out) {
  using S = detail::SmallIntOps;
  S::Reg d[Q];
  TYPFRAGE_UNROLL
  for (int q = 0; q < Q; ++q) d[q] = S::set1(0);
  for (index_t f = 0; f < p; ++f) {
    const S::Reg v = S::load(x + f * ld + t);
    TYPFRAGE_UNROLL
    for (int q = 0; q < Q; ++q) {
      const S::Reg e = S::sub(v, S::load(y[q].data() + f * lane_width));
      d[q] = S::add(d[q], S::mul(e, e));
    }
  }
  TYPFRAGE_UNROLL
  for (int q = 0; q < Q; ++q) out[q] = S::to_lanes(d[q]);
}

// The same for any number of rows, four at a time.
inline void small_distances(const std::int16_t* x, index_t ld, index_t t, index_t p, const SmallIntRow* y,
                            int count, Lanes* out) {
  int q = 0;
  for (; q + 4 <= count; q += 4) small_distances<4>(x, ld, t, p, y + q, out + q);
  switch (count - q) {
    case 3: small_distances<3>(x, ld, t, p, y + q, out + q); break;
    case 2: small_distances<2>(x, ld, t, p, y + q, out + q); break;
    case 1: small_distances<1>(x, ld, t, p, y + q, out + q); break;
    default: break;
  }
}

namespace detail {

// small_int_cluster_sums() for K clusters: item by item (and once for the
// counts), the K sums of eight lanes stay in registers; a lane adds at most
// `bound` per group and is emptied into the totals before it can overflow.
template <int K>
inline void small_cluster_sums_k(const SmallIntData& d, const std::int16_t* labels, index_t groups,
                                 double* total, double* total_count) {
  using S = SmallIntOps;
  const index_t p = d.p(), ld = d.ld();
  const index_t flush_every = std::min<index_t>(4096, 32767 / std::max(1, d.max_range()));
  // item f, or the counts (f == p: every lane adds 1 where the label is j)
  for (index_t f = 0; f <= p; ++f) {
    S::Reg acc[K];
    TYPFRAGE_UNROLL
    for (int j = 0; j < K; ++j) acc[j] = S::set1(0);
    auto flush = [&]() {
      TYPFRAGE_UNROLL
      for (int j = 0; j < K; ++j) {
        const double v = S::to_lanes(acc[j]).sum();
        if (f < p) total[j * p + f] += v; else total_count[j] += v;
        acc[j] = S::set1(0);
      }
    };
    const S::Reg one = S::set1(1);
    index_t since = 0;
    for (index_t g = 0; g < groups; ++g) {
      const index_t t = g * lane_width;
      const S::Reg lab = S::load(labels + t);
      const S::Reg v = f < p ? S::load(d.data() + f * ld + t) : one;
      TYPFRAGE_UNROLL
      for (int j = 0; j < K; ++j)
        acc[j] = S::add(acc[j], S::bit_and(v, S::equal(lab, S::set1(static_cast<std::int16_t>(j)))));
      if (++since == flush_every) {
        flush();
        since = 0;
      }
    }
    flush();
  }
}

}  // namespace detail

// Most clusters small_int_cluster_sums() takes.
constexpr int kSmallSumsMaxK = 8;

// The sums per cluster (p x k, column j = cluster j, in the data's units) and
// the counts of the labels a (n rows, codes in [0, k), k <= kSmallSumsMaxK),
// unweighted, eight rows at a time: every item value is added, under the
// mask of each cluster, into 16-bit lanes. The totals are exact integers
// whenever the data's sums are (KMeansData::exact_sums()), the same whatever
// the order of the additions.
inline void small_int_cluster_sums(const SmallIntData& d, const int* a, index_t n, int k, double* sums,
                                   index_t* count) {
  const index_t p = d.p(), groups = (n + lane_width - 1) / lane_width;
  std::vector<std::int16_t> labels(static_cast<std::size_t>(groups * lane_width), -1);  // padding: none
  for (index_t i = 0; i < n; ++i) labels[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(a[i]);
  std::vector<double> total(static_cast<std::size_t>(k * p), 0.0), total_count(static_cast<std::size_t>(k), 0.0);
  switch (k) {
    case 1: detail::small_cluster_sums_k<1>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 2: detail::small_cluster_sums_k<2>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 3: detail::small_cluster_sums_k<3>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 4: detail::small_cluster_sums_k<4>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 5: detail::small_cluster_sums_k<5>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 6: detail::small_cluster_sums_k<6>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 7: detail::small_cluster_sums_k<7>(d, labels.data(), groups, total.data(), total_count.data()); break;
    case 8: detail::small_cluster_sums_k<8>(d, labels.data(), groups, total.data(), total_count.data()); break;
    default: throw std::invalid_argument("small_int_cluster_sums: at most 8 clusters");
  }
  for (int j = 0; j < k; ++j) {
    const double c = total_count[static_cast<std::size_t>(j)];
    count[j] = static_cast<index_t>(c);
    for (index_t f = 0; f < p; ++f)
      sums[j * p + f] = total[static_cast<std::size_t>(j * p + f)] + c * d.low(f);
  }
}

}  // namespace typfrage

#endif  // TYPFRAGE_SMALL_INT_LANES_HPP
