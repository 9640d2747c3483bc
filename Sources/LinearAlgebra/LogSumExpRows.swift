import Foundation
import CLogSumExp

/// The row passes of a log-sum-exp over many terms, log Σ_k e^{ℓ_k} = m + log Σ_k e^{ℓ_k − m} with
/// m = max_k ℓ_k: the kernel density estimate's tiles of centres and a mixture's components
/// (proofs/core.shared-covariance.md). The terms and m (`offsetAndMaximum`, `scaledOffsetAndMaximum`), the
/// shared-covariance kernel's recomputation of the largest terms (`refineTerms`), and the exponentials and
/// their sum (`exponentiate`). All run in the C target `CLogSumExp`: four lanes wide with fused
/// multiply-adds on processors with AVX2 and FMA, one lane at a time elsewhere, with the same bits on both
/// (the same operations per lane, C's `fma` on the portable path, four lane accumulators whatever the width).
/// Benchmarks/KDEThroughput measures them (on the reference machine, one thread: about 0.8 ns per exponential
/// and 0.2 ns per offset term, against 6.6 ns per pair for the Swift four-lane loop they replace).
public enum LogSumExpRows {
    /// row[k] ← row[k] + (offsets[k] − subtrahend) for k < count, returning the largest new term (−∞ for no
    /// terms, NaN when a term is NaN): the logits' per-component offsets and the maximum m in one pass.
    @inline(__always)
    public static func offsetAndMaximum(_ row: UnsafeMutablePointer<Double>, offsets: UnsafePointer<Double>, subtracting subtrahend: Double,
                                        count: Int) -> Double {
        closedform_offset_row_and_maximum(row, offsets, subtrahend, count)
    }

    /// row[k] ← constants[k] + scales[k]·(row[k] − subtrahend) for k < count, returning the largest new term
    /// (−∞ for no terms, NaN when a term is NaN): `MixtureLogDensity`'s log terms
    /// log π_k − (n/2) log(2π v_k) − ‖y_k‖²/(2v_k) + (⟨u, y_k⟩ − ½‖u‖²)/v_k from the cross terms ⟨u, y_k⟩, and
    /// their maximum, in one pass. The product and the sum are rounded separately (no fused multiply-add).
    @inline(__always)
    public static func scaledOffsetAndMaximum(_ row: UnsafeMutablePointer<Double>, constants: UnsafePointer<Double>,
                                              scales: UnsafePointer<Double>, subtracting subtrahend: Double, count: Int) -> Double {
        closedform_scaled_offset_row_and_maximum(row, constants, scales, subtrahend, count)
    }

    /// For every k < count with row[k] > threshold: row[k] ← normalisers[k] − ½‖z − m_k‖², the squared distance
    /// summed coordinate by coordinate in order (coordinate j of m_k at means[j·stride + k]); returns the largest
    /// recomputed term (−∞ when none is above). Four components at a time on the AVX2 path, with the same bits.
    @inline(__always)
    public static func refineTerms(_ row: UnsafeMutablePointer<Double>, count: Int, above threshold: Double, point: UnsafePointer<Double>,
                                   meansByCoordinate means: UnsafePointer<Double>, stride: Int, dimension: Int,
                                   normalisers: UnsafePointer<Double>) -> Double {
        closedform_refine_terms(row, count, threshold, point, means, stride, dimension, normalisers)
    }

    /// out[k] ← e^{row[k] − shift} for k < count (`out` defaults to `row` itself), returning Σ_k out[k] (lane l
    /// sums the terms k ≡ l mod 4 in index order; the total is (a₀ + a₁) + (a₂ + a₃)). The exponential:
    /// ```
    /// k = round(x/ln 2),  r = (x − k·ln2_hi) − k·ln2_lo  (Cody–Waite, |r| ≤ ln2/2),  e^x = 2^k·Σ_{i≤13} rⁱ/i!
    /// ```
    /// with the 1.5·2⁵² shifter for the rounding, fused multiply-adds for r and Horner's steps, and 2^k
    /// assembled in the exponent bits. Within 3 ulp of libm's
    /// `exp` on [−708, 0] (`KernelDensityTests.laneExponential`; the Taylor remainder r¹⁴/14! < 2·10⁻¹⁹ at
    /// |r| ≤ ln2/2, so the error is Horner's rounding); x < −708 (and −∞) gives 0, a term below 10⁻³⁰⁷ of a
    /// sum whose largest term is 1. NaN propagates.
    @inline(__always)
    public static func exponentiate(_ row: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>? = nil, count: Int,
                                    shift: Double) -> Double {
        closedform_exponentiate_row(row, out ?? row, count, shift)
    }

    /// Folds one tile into a row's running log-sum-exp (m, S), S = Σ e^{ℓ − m} over the tiles so far: when the
    /// tile's largest term exceeds m, S is multiplied by e^{m_old − m_new} (0 on the first tile, where m = −∞)
    /// and m becomes that term. Returns the factor (1 when m stays), which anything accumulated beside S (the
    /// score's Σ e^{ℓ − m} y) needs too. A NaN term needs no case here: it reaches S through `exponentiate`.
    @inline(__always)
    public static func raiseMaximum(_ maximum: inout Double, sum: inout Double, to tileMaximum: Double) -> Double {
        guard tileMaximum > maximum else { return 1 }
        let rescale = exp(maximum - tileMaximum)
        sum *= rescale
        maximum = tileMaximum
        return rescale
    }

    /// The processor path the passes take: 1 = AVX2 with FMA, 0 = portable C (results do not depend on it).
    public static var path: Int { Int(closedform_log_sum_exp_path()) }

    /// `exponentiate`, `offsetAndMaximum`, `scaledOffsetAndMaximum` and `refineTerms` on a forced path (path 1
    /// without AVX2 and FMA runs path 0): for the tests that compare the paths bit for bit.
    public static func exponentiate(_ row: UnsafeMutablePointer<Double>, count: Int, shift: Double, path: Int) -> Double {
        closedform_exponentiate_row_path(Int32(path), row, row, count, shift)
    }

    public static func offsetAndMaximum(_ row: UnsafeMutablePointer<Double>, offsets: UnsafePointer<Double>, subtracting subtrahend: Double,
                                        count: Int, path: Int) -> Double {
        closedform_offset_row_and_maximum_path(Int32(path), row, offsets, subtrahend, count)
    }

    public static func scaledOffsetAndMaximum(_ row: UnsafeMutablePointer<Double>, constants: UnsafePointer<Double>,
                                              scales: UnsafePointer<Double>, subtracting subtrahend: Double, count: Int,
                                              path: Int) -> Double {
        closedform_scaled_offset_row_and_maximum_path(Int32(path), row, constants, scales, subtrahend, count)
    }

    public static func refineTerms(_ row: UnsafeMutablePointer<Double>, count: Int, above threshold: Double, point: UnsafePointer<Double>,
                                   meansByCoordinate means: UnsafePointer<Double>, stride: Int, dimension: Int,
                                   normalisers: UnsafePointer<Double>, path: Int) -> Double {
        closedform_refine_terms_path(Int32(path), row, count, threshold, point, means, stride, dimension, normalisers)
    }
}
