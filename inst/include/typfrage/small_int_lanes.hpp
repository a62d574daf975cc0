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
  // Eight values at a time, v == (v + 1.5 2^52) - 1.5 2^52 decides
  // integrality for |v| < 2^51 (and is false for infinities and NaN); a
  // column where it fails anywhere is checked value by value.
  const Lanes magic = Lanes::constant(0x1.8p52), bound = Lanes::constant(0x1p51);
  for (index_t f = 0; f < p; ++f) {
    const double* col = data.col(f).data();
    Lanes lo = Lanes::constant(col[0]), hi = lo;
    int whole = (1 << lane_width) - 1;
    index_t i = 0;
    for (; i + lane_width <= n; i += lane_width) {
      const Lanes v = Lanes::load(col + i);
      lo = lo.min(v);
      hi = hi.max(v);
      whole &= lane_mask<LaneCompare::equal>((v + magic) - magic, v) & lane_mask<LaneCompare::less>(v.abs(), bound);
    }
    double l = lo.hmin(), h = hi.hmax();
    bool ok = whole == (1 << lane_width) - 1;
    for (; i < n; ++i) {
      const double v = col[i];
      l = v < l ? v : l;
      h = v > h ? v : h;
      ok = ok && std::fabs(v) < 0x1p51 && v == (v + 0x1.8p52) - 0x1.8p52;
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
    double squared_ranges = 0.0;
    for (index_t f = 0; f < p; ++f) {
      const double range = ranges.high[static_cast<std::size_t>(f)] - ranges.low[static_cast<std::size_t>(f)];
      squared_ranges += range * range;
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
    for (index_t f = 0; f < p; ++f)
      max_range_ = std::max(max_range_, static_cast<int>(ranges.high[static_cast<std::size_t>(f)] -
                                                         ranges.low[static_cast<std::size_t>(f)]));
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

 private:
  std::vector<std::int16_t> x_;  // ld x p, column-major
  std::vector<double> low_;      // the smallest value of every item
  index_t ld_ = 0, p_ = 0;
  int max_range_ = 0;
};

namespace detail {

#if defined(TYPFRAGE_LANES_SSE2)
struct SmallIntOps {
  using Reg = __m128i;
  static Reg load(const std::int16_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static void store(std::int16_t* p, Reg a) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), a); }
  static Reg set1(std::int16_t a) { return _mm_set1_epi16(a); }
  static Reg sub(Reg a, Reg b) { return _mm_sub_epi16(a, b); }
  static Reg add(Reg a, Reg b) { return _mm_add_epi16(a, b); }
  static Reg mul(Reg a, Reg b) { return _mm_mullo_epi16(a, b); }
  static Reg bit_and(Reg a, Reg b) { return _mm_and_si128(a, b); }
  static Reg equal(Reg a, Reg b) { return _mm_cmpeq_epi16(a, b); }  // all bits set where equal
  // Eight int values below 2^15 in magnitude.
  static Reg from_ints(const int* a) {
    return _mm_packs_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a)),
                           _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + 4)));
  }
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
  static void store(std::int16_t* p, Reg a) { vst1q_s16(p, a); }
  static Reg set1(std::int16_t a) { return vdupq_n_s16(a); }
  static Reg sub(Reg a, Reg b) { return vsubq_s16(a, b); }
  static Reg add(Reg a, Reg b) { return vaddq_s16(a, b); }
  static Reg mul(Reg a, Reg b) { return vmulq_s16(a, b); }
  static Reg bit_and(Reg a, Reg b) { return vandq_s16(a, b); }
  static Reg equal(Reg a, Reg b) { return vreinterpretq_s16_u16(vceqq_s16(a, b)); }
  static Reg from_ints(const int* a) { return vcombine_s16(vmovn_s32(vld1q_s32(a)), vmovn_s32(vld1q_s32(a + 4))); }
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
  static void store(std::int16_t* p, Reg a) {
    for (index_t l = 0; l < lane_width; ++l) p[l] = a.v[l];
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
  static Reg from_ints(const int* a) {
    Reg r;
    for (index_t l = 0; l < lane_width; ++l) r.v[l] = static_cast<std::int16_t>(a[l]);
    return r;
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
  // Rows t .. t + 7 of x (leading dimension ld, the row's p items).
  Lanes distances(const std::int16_t* x, index_t ld, index_t t) const {
    using S = detail::SmallIntOps;
    const index_t p = static_cast<index_t>(v_.size()) / lane_width;
    S::Reg d = S::set1(0);
    for (index_t f = 0; f < p; ++f) {
      const S::Reg e = S::sub(S::load(x + f * ld + t), S::load(v_.data() + f * lane_width));
      d = S::add(d, S::mul(e, e));
    }
    return S::to_lanes(d);
  }

 private:
  std::vector<std::int16_t> v_;  // p x lane_width
};

// The sums per cluster (p x k, column j = cluster j, in the data's units) and
// the counts of the labels a (n rows, codes in [0, k)), unweighted, eight
// rows at a time: every item value is added, under the mask of each
// cluster, into 16-bit lanes, which are emptied into the totals before they
// can overflow. The totals are exact integers whenever the data's sums are
// (KMeansData::exact_sums()), the same whatever the order of the additions.
inline void small_int_cluster_sums(const SmallIntData& d, const int* a, index_t n, int k, double* sums,
                                   index_t* count) {
  using S = detail::SmallIntOps;
  const index_t p = d.p(), ld = d.ld();
  const std::size_t kp = static_cast<std::size_t>(k * p);
  // 16-bit lanes of the sums (cluster j, item f at (j p + f) lane_width) and
  // of the counts (cluster j at j lane_width), and the masks of the group
  std::vector<std::int16_t> acc(kp * lane_width, 0), counts(static_cast<std::size_t>(k) * lane_width, 0),
      masks(static_cast<std::size_t>(k) * lane_width);
  std::vector<double> total(kp, 0.0), total_count(static_cast<std::size_t>(k), 0.0);
  // Lanes add at most max_range() per group (and counts 1).
  const index_t flush_every = std::min<index_t>(4096, 32767 / std::max(1, d.max_range()));
  auto flush = [&]() {
    for (std::size_t q = 0; q < kp; ++q) total[q] += S::to_lanes(S::load(acc.data() + q * lane_width)).sum();
    for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j)
      total_count[j] += S::to_lanes(S::load(counts.data() + j * lane_width)).sum();
    std::fill(acc.begin(), acc.end(), std::int16_t(0));
    std::fill(counts.begin(), counts.end(), std::int16_t(0));
  };
  index_t since = 0;
  for (index_t t = 0; t < n; t += lane_width) {
    int last[lane_width];  // the last group: padding lanes in no cluster
    if (t + lane_width > n)
      for (index_t l = 0; l < lane_width; ++l) last[l] = t + l < n ? a[t + l] : -1;
    const S::Reg labels = S::from_ints(t + lane_width > n ? last : a + t);
    for (int j = 0; j < k; ++j) {
      const S::Reg m = S::equal(labels, S::set1(static_cast<std::int16_t>(j)));
      S::store(masks.data() + j * lane_width, m);
      std::int16_t* c = counts.data() + j * lane_width;
      S::store(c, S::sub(S::load(c), m));  // (the mask is -1 where equal)
    }
    for (index_t f = 0; f < p; ++f) {
      const S::Reg v = S::load(d.data() + f * ld + t);
      for (int j = 0; j < k; ++j) {
        std::int16_t* q = acc.data() + (j * p + f) * lane_width;
        S::store(q, S::add(S::load(q), S::bit_and(v, S::load(masks.data() + j * lane_width))));
      }
    }
    if (++since == flush_every) {
      flush();
      since = 0;
    }
  }
  flush();
  for (int j = 0; j < k; ++j) {
    const double c = total_count[static_cast<std::size_t>(j)];
    count[j] = static_cast<index_t>(c);
    for (index_t f = 0; f < p; ++f)
      sums[j * p + f] = total[static_cast<std::size_t>(j * p + f)] + c * d.low(f);
  }
}

}  // namespace typfrage

#endif  // TYPFRAGE_SMALL_INT_LANES_HPP
