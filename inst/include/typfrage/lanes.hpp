// Eight observations at a time. Data are stored column-major with the
// observations of an item contiguous, so the values of eight consecutive
// observations are eight consecutive doubles: one `Lanes` value, held in
// vector registers (four SSE2 or NEON registers; eight doubles elsewhere).
// Eigen 3.3's fixed-size arrays would be the natural type, but they have no
// vectorised select and the compiler keeps them in memory between
// operations; this small type stays in registers.
//
// Every operation is lane by lane and rounds exactly like the scalar
// operation, so results do not depend on the instruction set (with
// -DTYPFRAGE_NO_SIMD the plain-double table gives the same bits).
// lane_terms() adds the items of a distance in order, so each lane equals
// the scalar item-by-item sum to the last bit (not Distance::operator()'s
// four partial sums of squares).
#ifndef TYPFRAGE_LANES_HPP
#define TYPFRAGE_LANES_HPP

#include <cmath>
#include <vector>

#include <Eigen/Dense>

#include "distance.hpp"

// Run-time dispatch to AVX on x86 with GCC or Clang when the package is not
// compiled for AVX anyway (R's default flags target the x86-64 baseline,
// SSE2): the pair kernel of cluster_pairs.hpp has an AVX build, compiled
// with a function target attribute and chosen when the CPU (and OS) support
// AVX. Elsewhere, or with -DTYPFRAGE_NO_AVX_DISPATCH, the Lanes code alone.
// (The k-means passes have none: measured, AVX did not make them faster;
// they are bound by the chains of compares and selects, not by width.)
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__)) && \
    !defined(__AVX__) && !defined(TYPFRAGE_NO_AVX_DISPATCH)
#define TYPFRAGE_AVX_DISPATCH 1
#include <immintrin.h>
#endif

#if defined(__SSE2__) && !defined(TYPFRAGE_NO_SIMD)
#include <emmintrin.h>
#define TYPFRAGE_LANES_SSE2 1
#elif defined(__aarch64__) && !defined(TYPFRAGE_NO_SIMD)
#include <arm_neon.h>
#define TYPFRAGE_LANES_NEON 1
#endif

// Small functions of the lane kernels that must be inlined for their lane
// values to stay in registers.
#if defined(__GNUC__) || defined(__clang__)
#define TYPFRAGE_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define TYPFRAGE_ALWAYS_INLINE inline
#endif

// Short loops over a compile-time count of lane values (centres, seeds)
// unrolled, so that the values stay in registers.
#if defined(__GNUC__) || defined(__clang__)
#define TYPFRAGE_UNROLL _Pragma("GCC unroll 8")
#else
#define TYPFRAGE_UNROLL
#endif

namespace typfrage {

constexpr index_t lane_width = 8;

#ifdef TYPFRAGE_AVX_DISPATCH
inline bool cpu_has_avx() {
  static const bool has = __builtin_cpu_supports("avx");
  return has;
}
#endif

// n rounded up to a whole number of lanes.
inline index_t lane_padded(index_t n) { return (n + lane_width - 1) / lane_width * lane_width; }

enum class LaneCompare { less, equal };

#if defined(TYPFRAGE_LANES_SSE2)
struct LaneOps {
  using Reg = __m128d;
  static Reg load(const double* p) { return _mm_loadu_pd(p); }
  static void store(double* p, Reg a) { _mm_storeu_pd(p, a); }
  static Reg set1(double a) { return _mm_set1_pd(a); }
  static Reg add(Reg a, Reg b) { return _mm_add_pd(a, b); }
  static Reg sub(Reg a, Reg b) { return _mm_sub_pd(a, b); }
  static Reg mul(Reg a, Reg b) { return _mm_mul_pd(a, b); }
  static Reg div(Reg a, Reg b) { return _mm_div_pd(a, b); }
  static Reg min(Reg a, Reg b) { return _mm_min_pd(a, b); }
  static Reg max(Reg a, Reg b) { return _mm_max_pd(a, b); }
  static Reg sqrt(Reg a) { return _mm_sqrt_pd(a); }
  static Reg abs(Reg a) { return _mm_andnot_pd(_mm_set1_pd(-0.0), a); }
  // Towards zero, for |a| < 2^31 (anything else, and NaN, gives -2^31).
  static Reg trunc(Reg a) { return _mm_cvtepi32_pd(_mm_cvttpd_epi32(a)); }
  template <LaneCompare C>
  static Reg where(Reg a, Reg b, Reg x, Reg y) {
    const Reg m = C == LaneCompare::less ? _mm_cmplt_pd(a, b) : _mm_cmpeq_pd(a, b);
    return _mm_or_pd(_mm_and_pd(m, x), _mm_andnot_pd(m, y));
  }
  template <LaneCompare C>
  static int mask(Reg a, Reg b) {
    return _mm_movemask_pd(C == LaneCompare::less ? _mm_cmplt_pd(a, b) : _mm_cmpeq_pd(a, b));
  }
};
#elif defined(TYPFRAGE_LANES_NEON)
struct LaneOps {
  using Reg = float64x2_t;
  static Reg load(const double* p) { return vld1q_f64(p); }
  static void store(double* p, Reg a) { vst1q_f64(p, a); }
  static Reg set1(double a) { return vdupq_n_f64(a); }
  static Reg add(Reg a, Reg b) { return vaddq_f64(a, b); }
  static Reg sub(Reg a, Reg b) { return vsubq_f64(a, b); }
  static Reg mul(Reg a, Reg b) { return vmulq_f64(a, b); }
  static Reg div(Reg a, Reg b) { return vdivq_f64(a, b); }
  static Reg min(Reg a, Reg b) { return vbslq_f64(vcltq_f64(b, a), b, a); }
  static Reg max(Reg a, Reg b) { return vbslq_f64(vcgtq_f64(b, a), b, a); }
  static Reg sqrt(Reg a) { return vsqrtq_f64(a); }
  static Reg abs(Reg a) { return vabsq_f64(a); }
  static Reg trunc(Reg a) { return vrndq_f64(a); }
  template <LaneCompare C>
  static Reg where(Reg a, Reg b, Reg x, Reg y) {
    return vbslq_f64(C == LaneCompare::less ? vcltq_f64(a, b) : vceqq_f64(a, b), x, y);
  }
  template <LaneCompare C>
  static int mask(Reg a, Reg b) {
    const uint64x2_t m = C == LaneCompare::less ? vcltq_f64(a, b) : vceqq_f64(a, b);
    return static_cast<int>(vgetq_lane_u64(m, 0) & 1u) | static_cast<int>((vgetq_lane_u64(m, 1) & 1u) << 1);
  }
};
#else
struct LaneOps {
  struct Reg {
    double a, b;
  };
  static Reg load(const double* p) { return {p[0], p[1]}; }
  static void store(double* p, Reg x) {
    p[0] = x.a;
    p[1] = x.b;
  }
  static Reg set1(double v) { return {v, v}; }
  static Reg add(Reg x, Reg y) { return {x.a + y.a, x.b + y.b}; }
  static Reg sub(Reg x, Reg y) { return {x.a - y.a, x.b - y.b}; }
  static Reg mul(Reg x, Reg y) { return {x.a * y.a, x.b * y.b}; }
  static Reg div(Reg x, Reg y) { return {x.a / y.a, x.b / y.b}; }
  static Reg min(Reg x, Reg y) { return {y.a < x.a ? y.a : x.a, y.b < x.b ? y.b : x.b}; }
  static Reg max(Reg x, Reg y) { return {y.a > x.a ? y.a : x.a, y.b > x.b ? y.b : x.b}; }
  static Reg sqrt(Reg x) { return {std::sqrt(x.a), std::sqrt(x.b)}; }
  static Reg abs(Reg x) { return {std::fabs(x.a), std::fabs(x.b)}; }
  static Reg trunc(Reg x) { return {std::trunc(x.a), std::trunc(x.b)}; }
  template <LaneCompare C>
  static Reg where(Reg p, Reg q, Reg x, Reg y) {
    const bool ma = C == LaneCompare::less ? p.a < q.a : p.a == q.a;
    const bool mb = C == LaneCompare::less ? p.b < q.b : p.b == q.b;
    return {ma ? x.a : y.a, mb ? x.b : y.b};
  }
  template <LaneCompare C>
  static int mask(Reg p, Reg q) {
    const bool ma = C == LaneCompare::less ? p.a < q.a : p.a == q.a;
    const bool mb = C == LaneCompare::less ? p.b < q.b : p.b == q.b;
    return static_cast<int>(ma) | (static_cast<int>(mb) << 1);
  }
};
#endif

// Eight doubles, lane by lane: four registers of two, written out one by one
// (as named members, not an array, so that the compiler keeps them in
// registers).
struct Lanes {
  using L = LaneOps;
  L::Reg r0, r1, r2, r3;

  static Lanes load(const double* p) { return {L::load(p), L::load(p + 2), L::load(p + 4), L::load(p + 6)}; }
  static Lanes constant(double a) {
    const L::Reg v = L::set1(a);
    return {v, v, v, v};
  }
  void store(double* p) const {
    L::store(p, r0);
    L::store(p + 2, r1);
    L::store(p + 4, r2);
    L::store(p + 6, r3);
  }
#define TYPFRAGE_LANES_OP(NAME, OP)                                                  \
  friend Lanes NAME(const Lanes& x, const Lanes& y) {                               \
    return {L::OP(x.r0, y.r0), L::OP(x.r1, y.r1), L::OP(x.r2, y.r2), L::OP(x.r3, y.r3)}; \
  }
  TYPFRAGE_LANES_OP(operator+, add)
  TYPFRAGE_LANES_OP(operator-, sub)
  TYPFRAGE_LANES_OP(operator*, mul)
  TYPFRAGE_LANES_OP(operator/, div)
  TYPFRAGE_LANES_OP(lane_min, min)
  TYPFRAGE_LANES_OP(lane_max, max)
#undef TYPFRAGE_LANES_OP
  Lanes& operator+=(const Lanes& y) { return *this = *this + y; }
  Lanes min(const Lanes& y) const { return lane_min(*this, y); }
  Lanes max(const Lanes& y) const { return lane_max(*this, y); }
  Lanes sqrt() const { return {L::sqrt(r0), L::sqrt(r1), L::sqrt(r2), L::sqrt(r3)}; }
  Lanes square() const { return *this * *this; }
  Lanes abs() const { return {L::abs(r0), L::abs(r1), L::abs(r2), L::abs(r3)}; }
  // Towards zero; equal to the lane for whole numbers below 2^31 in
  // magnitude (other lanes may differ from std::trunc()).
  Lanes trunc() const { return {L::trunc(r0), L::trunc(r1), L::trunc(r2), L::trunc(r3)}; }
  // The smallest and the largest lane (of numbers; a NaN lane may be passed
  // over).
  double hmin() const {
    double a[2];
    L::store(a, L::min(L::min(r0, r1), L::min(r2, r3)));
    return a[1] < a[0] ? a[1] : a[0];
  }
  double hmax() const {
    double a[2];
    L::store(a, L::max(L::max(r0, r1), L::max(r2, r3)));
    return a[1] > a[0] ? a[1] : a[0];
  }
  // The sum of the lanes in a fixed order.
  double sum() const {
    double a[lane_width];
    store(a);
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
  }
};

// Lane by lane: (a < b) ? x : y, or (a == b) ? x : y.
template <LaneCompare C>
inline Lanes lane_where(const Lanes& a, const Lanes& b, const Lanes& x, const Lanes& y) {
  using L = LaneOps;
  return {L::where<C>(a.r0, b.r0, x.r0, y.r0), L::where<C>(a.r1, b.r1, x.r1, y.r1),
          L::where<C>(a.r2, b.r2, x.r2, y.r2), L::where<C>(a.r3, b.r3, x.r3, y.r3)};
}

// The lanes l where a < b (or a == b), as the bits 1 << l.
template <LaneCompare C>
inline int lane_mask(const Lanes& a, const Lanes& b) {
  using L = LaneOps;
  return L::mask<C>(a.r0, b.r0) | (L::mask<C>(a.r1, b.r1) << 2) | (L::mask<C>(a.r2, b.r2) << 4) |
         (L::mask<C>(a.r3, b.r3) << 6);
}

// Rows t .. t + 7 of the column-major x (leading dimension ld, p items)
// against the point y (p values): sum_f (x[f][t + l] - y[f])^2 for
// Metric::euclidean and Metric::sqeuclidean (no square root), and
// sum_f |x[f][t + l] - y[f]| for Metric::manhattan.
template <Metric M>
inline Lanes lane_terms(const double* x, index_t ld, index_t t, const double* y, index_t p) {
  static_assert(M != Metric::gower, "lane_terms: no Gower distances");
  auto term = [&](index_t f) {
    const Lanes e = Lanes::load(x + f * ld + t) - Lanes::constant(y[f]);
    return M == Metric::manhattan ? e.abs() : e.square();
  };
  Lanes d = term(0);
  for (index_t f = 1; f < p; ++f) d += term(f);
  return d;
}

// A column-major matrix (n x p, column stride `stride`) read in place
// eight rows at a time: the whole groups of eight rows from the matrix
// itself, the last, partial group from `tail`, a lane_width x p buffer
// holding those rows followed by zeros (LaneTail owns one). So the lane
// kernels need no copy of the data padded to whole groups, and they read
// the same values (a padding lane reads 0) as from a padded copy.
struct LaneRows {
  const double* x = nullptr;     // the matrix
  index_t stride = 0;            // its column stride (>= n)
  index_t full = 0;              // rows in whole groups of eight
  const double* tail = nullptr;  // lane_width x p: rows full .. n - 1, then 0 (null if full == n)
  // Item f of rows t .. t + 7 (t a multiple of lane_width below lane_padded(n)).
  Lanes load(index_t f, index_t t) const {
    return t < full ? Lanes::load(x + f * stride + t) : Lanes::load(tail + f * lane_width);
  }
  // Item f of row i (i < n).
  double at(index_t i, index_t f) const { return x[f * stride + i]; }
  // lane_terms() of rows t .. t + 7 against y.
  template <Metric M>
  Lanes terms(index_t t, const double* y, index_t p) const {
    return t < full ? lane_terms<M>(x, stride, t, y, p) : lane_terms<M>(tail, lane_width, 0, y, p);
  }
};

// The tail buffer of a LaneRows view of `data` (which must outlive the view):
// lane_width x p values, the last n % lane_width rows and zeros.
class LaneTail {
 public:
  explicit LaneTail(const Eigen::Ref<const Eigen::MatrixXd>& data)
      : n_(data.rows()), full_(data.rows() / lane_width * lane_width) {
    if (full_ < n_) {
      tail_.assign(static_cast<std::size_t>(lane_width * data.cols()), 0.0);
      for (index_t f = 0; f < data.cols(); ++f)
        for (index_t i = full_; i < n_; ++i) tail_[static_cast<std::size_t>(f * lane_width + i - full_)] = data(i, f);
    }
    view_.x = data.data();
    view_.stride = data.outerStride();
    view_.full = full_;
    view_.tail = tail_.empty() ? nullptr : tail_.data();
  }
  LaneTail(const LaneTail& o) : n_(o.n_), full_(o.full_), tail_(o.tail_), view_(o.view_) {
    view_.tail = tail_.empty() ? nullptr : tail_.data();
  }
  LaneTail& operator=(const LaneTail&) = delete;
  const LaneRows& rows() const { return view_; }

 private:
  index_t n_, full_;
  std::vector<double> tail_;
  LaneRows view_;
};

}  // namespace typfrage


#endif  // TYPFRAGE_LANES_HPP
