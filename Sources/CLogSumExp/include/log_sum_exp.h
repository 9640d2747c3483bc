// The row passes of a log-sum-exp over many terms (a kernel density estimate's tile of centres, a mixture's
// components): the terms and their maximum, the recomputation of the largest terms, the exponentials and their
// sum. In C so that they run four lanes wide with fused multiply-adds on
// processors with AVX2 and FMA (chosen at run time) and one lane at a time elsewhere, with the same result to
// the bit on every processor: each lane performs the same IEEE operations in the same order (the fused ones
// through C's `fma` on the portable path, a hardware instruction on current processors and a slow library
// routine on x86-64 processors older than AVX2), and the sums are kept in four lane accumulators.
#ifndef CLOSEDFORM_LOG_SUM_EXP_H
#define CLOSEDFORM_LOG_SUM_EXP_H

#include <stddef.h>

/// row[k] ← row[k] + (offsets[k] − subtrahend) for k < count; returns the largest new row[k]
/// (−∞ when count = 0, NaN when any new row[k] is NaN).
double closedform_offset_row_and_maximum(double *row, const double *offsets, double subtrahend, size_t count);

/// row[k] ← constants[k] + scales[k]·(row[k] − subtrahend) for k < count (a product, then a sum: no fused
/// multiply-add); returns the largest new row[k] (−∞ when count = 0, NaN when any new row[k] is NaN).
double closedform_scaled_offset_row_and_maximum(double *row, const double *constants, const double *scales, double subtrahend,
                                               size_t count);

/// For every k < count with row[k] > threshold: row[k] ← normalisers[k] − ½·Σ_j (point[j] − means[j·stride + k])²,
/// the squared distance summed over j = 0…dimension−1 in order, each square and sum rounded separately (means
/// holds the coordinates of the components by rows: coordinate j of component k at j·stride + k). Returns the
/// largest recomputed term (−∞ when none is above the threshold; NaN terms are passed over). Shared-covariance
/// mixtures recompute their largest log terms this way, free of the expanded form's cancellation.
double closedform_refine_terms(double *row, size_t count, double threshold, const double *point, const double *means,
                              size_t stride, size_t dimension, const double *normalisers);

/// out[k] ← e^{row[k] − shift} for k < count (out may be row); returns Σ_k out[k], summed in four lane
/// accumulators (lane l holds the terms k ≡ l mod 4, in index order) added as (a₀ + a₁) + (a₂ + a₃).
/// e^x: k = round(x/ln 2), r = (x − k·ln2_hi) − k·ln2_lo, e^x = 2^k·Σ_{i≤13} rⁱ/i! (Horner, fused steps);
/// x < −708 gives 0, NaN stays NaN. Within 3 ulp of libm's exp on [−708, 0].
double closedform_exponentiate_row(const double *row, double *out, size_t count, double shift);

/// Which code path the two passes take on this processor: 1 = AVX2 with FMA (4 lanes), 0 = portable C (one
/// lane at a time). For benchmarks and diagnostics; results do not depend on it.
int closedform_log_sum_exp_path(void);

/// The passes with a given path forced (for the tests that compare paths); path 1 on a processor without
/// AVX2 and FMA runs path 0.
double closedform_offset_row_and_maximum_path(int path, double *row, const double *offsets, double subtrahend, size_t count);
double closedform_scaled_offset_row_and_maximum_path(int path, double *row, const double *constants, const double *scales,
                                                    double subtrahend, size_t count);
double closedform_refine_terms_path(int path, double *row, size_t count, double threshold, const double *point,
                                   const double *means, size_t stride, size_t dimension, const double *normalisers);
double closedform_exponentiate_row_path(int path, const double *row, double *out, size_t count, double shift);

#endif
