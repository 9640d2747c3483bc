// The log-sum-exp row passes (see include/log_sum_exp.h). Two implementations of one arithmetic: every lane
// performs the operations of `lane_exponential` below, fused multiply-adds included, in the same order, and
// sums go to four lane accumulators, so the AVX2+FMA path and the portable path return the same bits. No
// other contraction is allowed: the compiler must not fuse what the source does not.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "log_sum_exp.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

// 1.5·2⁵²: adding it to |y| < 2⁵¹ rounds y to an integer (round to nearest, ties to even), which then sits in
// the low bits of the sum's representation.
#define SHIFTER 6755399441055744.0
#define LOG2E 1.4426950408889634
// ln 2 split Cody–Waite style: LN2_HI has trailing zero bits, so k·LN2_HI is exact for |k| ≤ 1022.
#define LN2_HI 0.693147180369123816490
#define LN2_LO 1.90821492927058770002e-10
#define LOWEST (-708.0)

// Taylor coefficients 1/i! from i = 13 down to 0 (each a correctly rounded quotient).
static const double taylor[14] = {
    1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
    1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0,
};

static inline uint64_t bits_of(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static inline double double_of(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

/// e^x for one lane: clamp to −708; k = round(x·log₂e) by the shifter, as fma(x, log₂e, shifter) − shifter;
/// r = fma(−k, ln2_lo, fma(−k, ln2_hi, x)); p = Σ_{i≤13} rⁱ/i! by Horner with fused steps p ← fma(p, r, cᵢ);
/// 2^k built in the exponent bits; 0 below −708, NaN for NaN. `fma` is one rounding of the exact a·b + c,
/// the same in C's library and in the vector instruction.
static inline double lane_exponential(double x) {
    const double clamped = x < LOWEST ? LOWEST : x;
    const double shifted = fma(clamped, LOG2E, SHIFTER);
    const double k = shifted - SHIFTER;
    const double r = fma(-k, LN2_LO, fma(-k, LN2_HI, clamped));
    double p = taylor[0];
    for (int i = 1; i < 14; i++) p = fma(p, r, taylor[i]);
    const uint64_t exponent = (bits_of(shifted) - bits_of(SHIFTER) + 1023u) << 52;
    const double value = p * double_of(exponent);
    return x < LOWEST ? 0.0 : value;
}

// ---- Portable C: one lane at a time ----

static double offset_portable(double *row, const double *offsets, double subtrahend, size_t count) {
    double largest = -INFINITY;
    int sawNaN = 0;
    for (size_t k = 0; k < count; k++) {
        const double value = row[k] + (offsets[k] - subtrahend);
        row[k] = value;
        if (value != value) sawNaN = 1;
        else if (value > largest) largest = value;
    }
    return sawNaN ? NAN : largest;
}

static double scaled_offset_portable(double *row, const double *constants, const double *scales, double subtrahend,
                                     size_t count) {
    double largest = -INFINITY;
    int sawNaN = 0;
    for (size_t k = 0; k < count; k++) {
        const double value = constants[k] + scales[k] * (row[k] - subtrahend);
        row[k] = value;
        if (value != value) sawNaN = 1;
        else if (value > largest) largest = value;
    }
    return sawNaN ? NAN : largest;
}

static double refine_portable(double *row, size_t count, double threshold, const double *point,
                              const double *means, size_t stride, size_t dimension, const double *normalisers) {
    double largest = -INFINITY;
    for (size_t k = 0; k < count; k++) {
        if (!(row[k] > threshold)) continue;
        double distance = 0;
        for (size_t j = 0; j < dimension; j++) {
            const double d = point[j] - means[j * stride + k];
            distance = distance + d * d;
        }
        row[k] = normalisers[k] - 0.5 * distance;
        largest = row[k] >= largest ? row[k] : largest;
    }
    return largest;
}

static double exponentiate_portable(const double *row, double *out, size_t count, double shift) {
    double lanes[4] = {0, 0, 0, 0};
    for (size_t k = 0; k < count; k++) {
        const double value = lane_exponential(row[k] - shift);
        out[k] = value;
        lanes[k % 4] = lanes[k % 4] + value;
    }
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

#if defined(__x86_64__)

// ---- AVX2 with FMA: four lanes per register ----

/// `lane_exponential` on `width` registers in lockstep (each step of Horner's chain for all of them before the
/// next): the chain is 16 dependent operations long, and the processor's scheduler holds too few of them to
/// overlap several chains written one after another (on the 2-core AMD EPYC reference machine, one thread,
/// without FMA: 2.2 ns per term one register at a time, 1.5 with four in lockstep, 1.3 with eight).
#define EXPONENTIAL_AVX2(width)                                                                                  \
    __attribute__((target("avx2,fma"))) static inline void exponential_avx2_##width(__m256d x[width]) {       \
        const __m256d lowest = _mm256_set1_pd(LOWEST), shifter = _mm256_set1_pd(SHIFTER);                     \
        __m256d below[width], clamped[width], shifted[width], r[width], p[width];                             \
        for (int v = 0; v < width; v++) {                                                                      \
            below[v] = _mm256_cmp_pd(x[v], lowest, _CMP_LT_OQ);                                               \
            clamped[v] = _mm256_blendv_pd(x[v], lowest, below[v]);                                             \
            shifted[v] = _mm256_fmadd_pd(clamped[v], _mm256_set1_pd(LOG2E), shifter);                          \
            const __m256d k = _mm256_sub_pd(shifted[v], shifter);                                              \
            r[v] = _mm256_fnmadd_pd(k, _mm256_set1_pd(LN2_LO),                                                 \
                                    _mm256_fnmadd_pd(k, _mm256_set1_pd(LN2_HI), clamped[v]));                  \
            p[v] = _mm256_set1_pd(taylor[0]);                                                                  \
        }                                                                                                      \
        for (int i = 1; i < 14; i++)                                                                           \
            for (int v = 0; v < width; v++) p[v] = _mm256_fmadd_pd(p[v], r[v], _mm256_set1_pd(taylor[i]));   \
        for (int v = 0; v < width; v++) {                                                                      \
            const __m256i exponent = _mm256_slli_epi64(                                                        \
                _mm256_add_epi64(_mm256_sub_epi64(_mm256_castpd_si256(shifted[v]), _mm256_castpd_si256(shifter)), \
                                 _mm256_set1_epi64x(1023)), 52);                                               \
            x[v] = _mm256_andnot_pd(below[v], _mm256_mul_pd(p[v], _mm256_castsi256_pd(exponent)));            \
        }                                                                                                      \
    }
EXPONENTIAL_AVX2(1)
EXPONENTIAL_AVX2(8)

/// The maximum of four lanes' running maxima and of the tail's, NaN when a lane saw a NaN (`unordered`) or the
/// tail's maximum is NaN.
__attribute__((target("avx2,fma")))
static inline double combined_maximum(__m256d largest, __m256d unordered, double tail) {
    if (_mm256_movemask_pd(unordered) != 0 || tail != tail) return NAN;
    double lanes[4];
    _mm256_storeu_pd(lanes, largest);
    double result = tail;
    for (int l = 0; l < 4; l++) result = lanes[l] > result ? lanes[l] : result;
    return result;
}

__attribute__((target("avx2,fma")))
static double offset_avx2(double *row, const double *offsets, double subtrahend, size_t count) {
    const __m256d sub = _mm256_set1_pd(subtrahend);
    __m256d largest = _mm256_set1_pd(-INFINITY), unordered = _mm256_setzero_pd();
    size_t k = 0;
    for (; k + 4 <= count; k += 4) {
        const __m256d value = _mm256_add_pd(_mm256_loadu_pd(row + k), _mm256_sub_pd(_mm256_loadu_pd(offsets + k), sub));
        _mm256_storeu_pd(row + k, value);
        largest = _mm256_max_pd(largest, value);
        unordered = _mm256_or_pd(unordered, _mm256_cmp_pd(value, value, _CMP_UNORD_Q));
    }
    return combined_maximum(largest, unordered, offset_portable(row + k, offsets + k, subtrahend, count - k));
}

__attribute__((target("avx2,fma")))
static double scaled_offset_avx2(double *row, const double *constants, const double *scales, double subtrahend,
                                 size_t count) {
    const __m256d sub = _mm256_set1_pd(subtrahend);
    __m256d largest = _mm256_set1_pd(-INFINITY), unordered = _mm256_setzero_pd();
    size_t k = 0;
    for (; k + 4 <= count; k += 4) {
        const __m256d scaled = _mm256_mul_pd(_mm256_loadu_pd(scales + k), _mm256_sub_pd(_mm256_loadu_pd(row + k), sub));
        const __m256d value = _mm256_add_pd(_mm256_loadu_pd(constants + k), scaled);
        _mm256_storeu_pd(row + k, value);
        largest = _mm256_max_pd(largest, value);
        unordered = _mm256_or_pd(unordered, _mm256_cmp_pd(value, value, _CMP_UNORD_Q));
    }
    return combined_maximum(largest, unordered,
                            scaled_offset_portable(row + k, constants + k, scales + k, subtrahend, count - k));
}

/// `refine_portable` four components at a time: every lane computes its distance over the coordinates in
/// order, and lanes not above the threshold keep their term. A lane's running maximum takes a new term when it
/// is ≥ the maximum, as the one-lane loop does, so NaN terms are passed over on both paths.
__attribute__((target("avx2,fma")))
static double refine_avx2(double *row, size_t count, double threshold, const double *point,
                          const double *means, size_t stride, size_t dimension, const double *normalisers) {
    const __m256d limit = _mm256_set1_pd(threshold), half = _mm256_set1_pd(0.5);
    __m256d largest = _mm256_set1_pd(-INFINITY);
    size_t k = 0;
    for (; k + 4 <= count; k += 4) {
        const __m256d terms = _mm256_loadu_pd(row + k);
        const __m256d above = _mm256_cmp_pd(terms, limit, _CMP_GT_OQ);
        if (_mm256_movemask_pd(above) == 0) continue;
        __m256d distance = _mm256_setzero_pd();
        for (size_t j = 0; j < dimension; j++) {
            const __m256d d = _mm256_sub_pd(_mm256_set1_pd(point[j]), _mm256_loadu_pd(means + j * stride + k));
            distance = _mm256_add_pd(distance, _mm256_mul_pd(d, d));
        }
        const __m256d refined = _mm256_sub_pd(_mm256_loadu_pd(normalisers + k), _mm256_mul_pd(half, distance));
        _mm256_storeu_pd(row + k, _mm256_blendv_pd(terms, refined, above));
        const __m256d raise = _mm256_and_pd(above, _mm256_cmp_pd(refined, largest, _CMP_GE_OQ));
        largest = _mm256_blendv_pd(largest, refined, raise);
    }
    double lanes[4];
    _mm256_storeu_pd(lanes, largest);
    double result = refine_portable(row + k, count - k, threshold, point, means + k, stride, dimension, normalisers + k);
    for (int l = 0; l < 4; l++) result = lanes[l] >= result ? lanes[l] : result;
    return result;
}

__attribute__((target("avx2,fma")))
static double exponentiate_avx2(const double *row, double *out, size_t count, double shift) {
    const __m256d s = _mm256_set1_pd(shift);
    __m256d sum = _mm256_setzero_pd();
    size_t k = 0;
    for (; k + 32 <= count; k += 32) {
        __m256d x[8];
        for (int v = 0; v < 8; v++) x[v] = _mm256_sub_pd(_mm256_loadu_pd(row + k + 4 * v), s);
        exponential_avx2_8(x);
        for (int v = 0; v < 8; v++) {
            _mm256_storeu_pd(out + k + 4 * v, x[v]);
            sum = _mm256_add_pd(sum, x[v]);
        }
    }
    for (; k + 4 <= count; k += 4) {
        __m256d x[1] = {_mm256_sub_pd(_mm256_loadu_pd(row + k), s)};
        exponential_avx2_1(x);
        _mm256_storeu_pd(out + k, x[0]);
        sum = _mm256_add_pd(sum, x[0]);
    }
    double lanes[4];
    _mm256_storeu_pd(lanes, sum);
    for (size_t l = 0; k < count; k++, l++) {
        const double value = lane_exponential(row[k] - shift);
        out[k] = value;
        lanes[l] = lanes[l] + value;
    }
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

/// 1 when the processor has AVX2 and FMA and the operating system saves the YMM registers, else 0.
static int detected_path(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int fma3 = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!fma3 || !osxsave || !avx) return 0;
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6) != 6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 5) & 1;
}

#else

static int detected_path(void) { return 0; }

#endif

static _Atomic int cached_path = -1;

int closedform_log_sum_exp_path(void) {
    int path = atomic_load_explicit(&cached_path, memory_order_relaxed);
    if (path < 0) {
        path = detected_path();
        atomic_store_explicit(&cached_path, path, memory_order_relaxed);
    }
    return path;
}

double closedform_offset_row_and_maximum_path(int path, double *row, const double *offsets, double subtrahend, size_t count) {
#if defined(__x86_64__)
    if (path == 1 && closedform_log_sum_exp_path() == 1) return offset_avx2(row, offsets, subtrahend, count);
#endif
    (void)path;
    return offset_portable(row, offsets, subtrahend, count);
}

double closedform_scaled_offset_row_and_maximum_path(int path, double *row, const double *constants, const double *scales,
                                                    double subtrahend, size_t count) {
#if defined(__x86_64__)
    if (path == 1 && closedform_log_sum_exp_path() == 1) return scaled_offset_avx2(row, constants, scales, subtrahend, count);
#endif
    (void)path;
    return scaled_offset_portable(row, constants, scales, subtrahend, count);
}

double closedform_refine_terms_path(int path, double *row, size_t count, double threshold, const double *point,
                                   const double *means, size_t stride, size_t dimension, const double *normalisers) {
#if defined(__x86_64__)
    if (path == 1 && closedform_log_sum_exp_path() == 1)
        return refine_avx2(row, count, threshold, point, means, stride, dimension, normalisers);
#endif
    (void)path;
    return refine_portable(row, count, threshold, point, means, stride, dimension, normalisers);
}

double closedform_exponentiate_row_path(int path, const double *row, double *out, size_t count, double shift) {
#if defined(__x86_64__)
    if (path == 1 && closedform_log_sum_exp_path() == 1) return exponentiate_avx2(row, out, count, shift);
#endif
    (void)path;
    return exponentiate_portable(row, out, count, shift);
}

double closedform_offset_row_and_maximum(double *row, const double *offsets, double subtrahend, size_t count) {
    return closedform_offset_row_and_maximum_path(closedform_log_sum_exp_path(), row, offsets, subtrahend, count);
}

double closedform_scaled_offset_row_and_maximum(double *row, const double *constants, const double *scales, double subtrahend,
                                               size_t count) {
    return closedform_scaled_offset_row_and_maximum_path(closedform_log_sum_exp_path(), row, constants, scales, subtrahend, count);
}

double closedform_refine_terms(double *row, size_t count, double threshold, const double *point, const double *means,
                              size_t stride, size_t dimension, const double *normalisers) {
    return closedform_refine_terms_path(closedform_log_sum_exp_path(), row, count, threshold, point, means, stride, dimension,
                                        normalisers);
}

double closedform_exponentiate_row(const double *row, double *out, size_t count, double shift) {
    return closedform_exponentiate_row_path(closedform_log_sum_exp_path(), row, out, count, shift);
}
