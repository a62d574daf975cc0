// The nearest centre of eight rows of small-integer data, decided in single
// precision where that provably gives the answer of the double-precision
// pass (the Lloyd assignment of kmeans.hpp), and left undecided elsewhere.
//
// The rows are exact in float (SmallIntData: whole numbers in [0, range]),
// the centres are rounded to float once per pass. For a row x and a centre
// c, with e the exact squared distance, d' that to the rounded centre c' and
// f the float result:
//   |f - d'| <= gamma d' (gamma = (p + 2) 2^-24 / (1 - (p + 2) 2^-24): p
//   rounded differences, squares and sums of non-negative terms), and
//   |e - d'| <= 2 (R + C) delta + delta^2, from |sqrt(e) - sqrt(d')| <= delta,
//   with delta >= ||c - c'||, R the largest norm of a row (the square root of
//   the summed squared ranges) and C the largest norm of a rounded centre.
// The double-precision pass computes e within a relative (p + 2) 2^-53. So
// when the float distances of a row to its nearest centre b and to every
// other centre j satisfy
//   f_j (1 - rho) - f_b (1 + rho) > 2.5 A,   rho = (p + 3) 2^-23,
// with A the absolute term above, the double pass finds b strictly nearest
// as well, and
//   own <= f_b (1 + rho) + A,   second >= f_j (1 - rho) - A
// bound the exact squared distances (for the skipping bounds). Floats hold
// four values per SSE2 or NEON register, so eight rows take two registers
// where doubles take four.
#ifndef TYPFRAGE_NEAREST_FILTER_HPP
#define TYPFRAGE_NEAREST_FILTER_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "lanes.hpp"
#include "small_int_lanes.hpp"

namespace typfrage {

namespace detail {

#if defined(TYPFRAGE_LANES_SSE2)
struct FloatOps {
  using Reg = __m128;
  static Reg set1(float a) { return _mm_set1_ps(a); }
  static Reg load(const float* p) { return _mm_loadu_ps(p); }
  static Reg add(Reg a, Reg b) { return _mm_add_ps(a, b); }
  static Reg sub(Reg a, Reg b) { return _mm_sub_ps(a, b); }
  static Reg mul(Reg a, Reg b) { return _mm_mul_ps(a, b); }
  static Reg min(Reg a, Reg b) { return _mm_min_ps(a, b); }
  static Reg max(Reg a, Reg b) { return _mm_max_ps(a, b); }
  static Reg where_less(Reg a, Reg b, Reg x, Reg y) {
    const Reg m = _mm_cmplt_ps(a, b);
    return _mm_or_ps(_mm_and_ps(m, x), _mm_andnot_ps(m, y));
  }
  // Eight non-negative int16 values as two registers of floats.
  static void from_small(const std::int16_t* p, Reg& lo, Reg& hi) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), zero = _mm_setzero_si128();
    lo = _mm_cvtepi32_ps(_mm_unpacklo_epi16(v, zero));
    hi = _mm_cvtepi32_ps(_mm_unpackhi_epi16(v, zero));
  }
  static Lanes to_lanes(Reg lo, Reg hi) {
    return {_mm_cvtps_pd(lo), _mm_cvtps_pd(_mm_movehl_ps(lo, lo)), _mm_cvtps_pd(hi),
            _mm_cvtps_pd(_mm_movehl_ps(hi, hi))};
  }
};
#elif defined(TYPFRAGE_LANES_NEON)
struct FloatOps {
  using Reg = float32x4_t;
  static Reg set1(float a) { return vdupq_n_f32(a); }
  static Reg load(const float* p) { return vld1q_f32(p); }
  static Reg add(Reg a, Reg b) { return vaddq_f32(a, b); }
  static Reg sub(Reg a, Reg b) { return vsubq_f32(a, b); }
  static Reg mul(Reg a, Reg b) { return vmulq_f32(a, b); }
  static Reg min(Reg a, Reg b) { return vbslq_f32(vcltq_f32(b, a), b, a); }
  static Reg max(Reg a, Reg b) { return vbslq_f32(vcgtq_f32(b, a), b, a); }
  static Reg where_less(Reg a, Reg b, Reg x, Reg y) { return vbslq_f32(vcltq_f32(a, b), x, y); }
  static void from_small(const std::int16_t* p, Reg& lo, Reg& hi) {
    const int16x8_t v = vld1q_s16(p);
    lo = vcvtq_f32_s32(vmovl_s16(vget_low_s16(v)));
    hi = vcvtq_f32_s32(vmovl_s16(vget_high_s16(v)));
  }
  static Lanes to_lanes(Reg lo, Reg hi) {
    return {vcvt_f64_f32(vget_low_f32(lo)), vcvt_high_f64_f32(lo), vcvt_f64_f32(vget_low_f32(hi)),
            vcvt_high_f64_f32(hi)};
  }
};
#else
struct FloatOps {
  struct Reg {
    float v[4];
  };
  template <typename F>
  static Reg each(Reg a, Reg b, F f) {
    for (int l = 0; l < 4; ++l) a.v[l] = f(a.v[l], b.v[l]);
    return a;
  }
  static Reg set1(float a) { return {{a, a, a, a}}; }
  static Reg load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
  static Reg add(Reg a, Reg b) { return each(a, b, [](float x, float y) { return x + y; }); }
  static Reg sub(Reg a, Reg b) { return each(a, b, [](float x, float y) { return x - y; }); }
  static Reg mul(Reg a, Reg b) { return each(a, b, [](float x, float y) { return x * y; }); }
  static Reg min(Reg a, Reg b) { return each(a, b, [](float x, float y) { return y < x ? y : x; }); }
  static Reg max(Reg a, Reg b) { return each(a, b, [](float x, float y) { return y > x ? y : x; }); }
  static Reg where_less(Reg a, Reg b, Reg x, Reg y) {
    for (int l = 0; l < 4; ++l) y.v[l] = a.v[l] < b.v[l] ? x.v[l] : y.v[l];
    return y;
  }
  static void from_small(const std::int16_t* p, Reg& lo, Reg& hi) {
    for (int l = 0; l < 4; ++l) {
      lo.v[l] = p[l];
      hi.v[l] = p[l + 4];
    }
  }
  static Lanes to_lanes(Reg lo, Reg hi) {
    double d[lane_width];
    for (int l = 0; l < 4; ++l) {
      d[l] = lo.v[l];
      d[l + 4] = hi.v[l];
    }
    return Lanes::load(d);
  }
};
#endif

// Eight floats in two registers.
struct FloatGroup {
  FloatOps::Reg lo, hi;
};

}  // namespace detail

// The centres of one pass in single precision, in the coordinates of the
// small-integer form, with the constants of the decision above.
class FloatCentres {
 public:
  // Most clusters: the distances of a group to every centre stay in
  // registers.
  static constexpr int max_k = 8;

  // c: p x k centres of the data d (in the data's units).
  void set(const SmallIntData& d, const double* c, int k) {
    data_ = &d;
    k_ = k;
    p_ = d.p();
    cf_.resize(static_cast<std::size_t>(k * p_ * 4));
    double largest = 0.0, norm2 = 0.0;
    for (int j = 0; j < k; ++j) {
      double nj = 0.0;
      for (index_t f = 0; f < p_; ++f) {
        const float v = static_cast<float>(c[j * p_ + f] - d.low(f));
        for (int l = 0; l < 4; ++l) cf_[static_cast<std::size_t>((f * k + j) * 4 + l)] = v;
        largest = std::max(largest, std::fabs(static_cast<double>(v)));
        nj += static_cast<double>(v) * v;
      }
      norm2 = std::max(norm2, nj);
    }
    // |c - c'| per item: one rounding to double of the exact difference and
    // one to float, at most 2^-23 |c'| (generously, and an absolute term
    // for float underflow); then the norm over the p items.
    const double delta = std::sqrt(static_cast<double>(p_)) * (0x1p-23 * largest * 1.01 + 1e-37);
    const double a = 2.0 * (std::sqrt(d.squared_ranges()) + std::sqrt(norm2) * 1.01) * delta + delta * delta;
    rho_ = static_cast<double>(p_ + 3) * 0x1p-23;
    abs_ = a * 1.01;
    gap_ = 2.5 * a;
    usable_ = k >= 1 && k <= max_k && std::isfinite(gap_);
  }
  bool usable() const { return usable_; }
  // The data whose centres these are.
  const SmallIntData& data() const { return *data_; }
  int k() const { return k_; }
  index_t p() const { return p_; }
  // Item f of centre j, four times.
  const float* value(int j, index_t f) const { return cf_.data() + (f * k_ + j) * 4; }
  double rho() const { return rho_; }
  double abs_error() const { return abs_; }
  double gap() const { return gap_; }

 private:
  const SmallIntData* data_ = nullptr;
  int k_ = 0;
  index_t p_ = 0;
  std::vector<float> cf_;  // 4 x k x p: every value four times
  double rho_ = 0.0, abs_ = 0.0, gap_ = 0.0;
  bool usable_ = false;
};

// For rows t .. t + 7: the nearest centre (as lane values), an upper bound
// of the exact squared distance to it and a lower bound of that to the
// nearest other centre, and the lanes (bits) where the nearest centre is
// the one the double-precision pass would find.
struct NearestGuess {
  Lanes near, own, second;
  int decided = 0;
};

// The guess from the float distances (as doubles) of eight rows to their
// nearest centre (b) and the nearest other one (s), and the nearest centre.
inline NearestGuess nearest_guess(const FloatCentres& fc, const Lanes& b, const Lanes& s, const Lanes& near) {
  NearestGuess g;
  const Lanes up = Lanes::constant(1.0 + fc.rho()), down = Lanes::constant(1.0 - fc.rho());
  g.near = near;
  g.own = b * up + Lanes::constant(fc.abs_error());
  g.second = s * down - Lanes::constant(fc.abs_error());
  g.decided = lane_mask<LaneCompare::less>(Lanes::constant(fc.gap()), s * down - b * up);
  return g;
}

template <int K>
inline NearestGuess nearest_small_k(const FloatCentres& fc, index_t t) {
  using F = detail::FloatOps;
  const SmallIntData& d = fc.data();
  const index_t p = fc.p(), ld = d.ld();
  detail::FloatGroup acc[K];
  TYPFRAGE_UNROLL
  for (int j = 0; j < K; ++j) acc[j] = {F::set1(0.0f), F::set1(0.0f)};
  for (index_t f = 0; f < p; ++f) {
    F::Reg lo, hi;
    F::from_small(d.data() + f * ld + t, lo, hi);
    TYPFRAGE_UNROLL
    for (int j = 0; j < K; ++j) {
      const F::Reg cj = F::load(fc.value(j, f));
      const F::Reg el = F::sub(lo, cj), eh = F::sub(hi, cj);
      acc[j].lo = F::add(acc[j].lo, F::mul(el, el));
      acc[j].hi = F::add(acc[j].hi, F::mul(eh, eh));
    }
  }
  const F::Reg inf = F::set1(std::numeric_limits<float>::infinity());
  detail::FloatGroup best = acc[0], second = {inf, inf}, near = {F::set1(0.0f), F::set1(0.0f)};
  TYPFRAGE_UNROLL
  for (int j = 1; j < K; ++j) {
    const F::Reg jj = F::set1(static_cast<float>(j));
    near.lo = F::where_less(acc[j].lo, best.lo, jj, near.lo);
    near.hi = F::where_less(acc[j].hi, best.hi, jj, near.hi);
    second.lo = F::min(second.lo, F::max(best.lo, acc[j].lo));
    second.hi = F::min(second.hi, F::max(best.hi, acc[j].hi));
    best.lo = F::min(best.lo, acc[j].lo);
    best.hi = F::min(best.hi, acc[j].hi);
  }
  return nearest_guess(fc, F::to_lanes(best.lo, best.hi), F::to_lanes(second.lo, second.hi),
                       F::to_lanes(near.lo, near.hi));
}

// (An AVX build of the kernel, one register of eight floats per centre,
// was measured slower in the k-means passes than this one, as for the
// double-precision passes; see lanes.hpp.)
inline NearestGuess nearest_small(const FloatCentres& fc, index_t t) {
  switch (fc.k()) {
    case 1: return nearest_small_k<1>(fc, t);
    case 2: return nearest_small_k<2>(fc, t);
    case 3: return nearest_small_k<3>(fc, t);
    case 4: return nearest_small_k<4>(fc, t);
    case 5: return nearest_small_k<5>(fc, t);
    case 6: return nearest_small_k<6>(fc, t);
    case 7: return nearest_small_k<7>(fc, t);
    default: return nearest_small_k<FloatCentres::max_k>(fc, t);
  }
}

}  // namespace typfrage

#endif  // TYPFRAGE_NEAREST_FILTER_HPP
