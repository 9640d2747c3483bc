import Foundation
import LinearAlgebra
import InputErrors

/// The integral of a product of two Gaussian densities divided by a third, in log space: the building
/// block of every closed-form χ² with a Gaussian second argument [B, §4] (der).
///
/// ```
/// I = ∫ N(x; a, A) N(x; b, B) / N(x; c, C) dx
///
/// M = A⁻¹ + B⁻¹ − C⁻¹,   a′ = a − c,   b′ = b − c
/// h = A⁻¹a′ + B⁻¹b′,     k = a′ᵀA⁻¹a′ + b′ᵀB⁻¹b′
///
/// log I = ½ [ hᵀM⁻¹h − k + log det C − log det A − log det B − log det M ]    if M ≻ 0
/// I     = +∞                                                                 otherwise
/// ```
/// (Complete the square in y = x − c: the exponent is −½(yᵀMy − 2hᵀy + k).) Centring at c keeps a′, b′
/// small when the three laws are close, which limits cancellation between hᵀM⁻¹h and k. M is
/// diagonalised once (`dsyevr`), which gives the definiteness test, log det M and M⁻¹h together.
///
/// Definiteness: I is +∞ when M has an eigenvalue ≤ 0, and is also reported +∞ when the smallest
/// eigenvalue is below tol = 8·n·ε·(‖A⁻¹‖ + ‖B⁻¹‖ + ‖C⁻¹‖): rounding of M alone is that large, so the sign
/// of that eigenvalue, hence whether I is finite, is not determined at double precision. A large finite
/// number is never returned in that case; the `reason` says which of the two happened.
public enum GaussianProductIntegral {
    /// log I for three Gaussians with densities (same dimension n ≥ 1):
    ///
    /// ```
    /// log ∫ N(x; a, A) N(x; b, B) / N(x; c, C) dx = ½ [ hᵀM⁻¹h − k + log det C − log det A − log det B − log det M ]
    /// ```
    /// with M, h, k as in the type's documentation; +∞ when M is not (numerically) positive definite.
    /// - Returns: `logValue` (finite) and `reason` nil, or `logValue` = +∞ and the reason.
    /// - Throws: `InputError` if a Gaussian has no density or dimensions differ; `LinearAlgebraError` (`dsyevr`).
    public static func logIntegral(_ a: Gaussian, _ b: Gaussian, over c: Gaussian) throws -> (logValue: Double, reason: String?) {
        try logIntegral(Factor(a), Factor(b), over: Factor(c))
    }

    /// A Gaussian in the form the integral needs, computed once per component (O(n²r), no factorisation).
    struct Factor {
        let mean: [Double]
        /// Σ⁻¹, dense.
        let precision: Matrix
        let logDeterminant: Double
        /// ‖Σ⁻¹‖₂ = 1 / (smallest variance).
        let precisionNorm: Double

        init(_ gaussian: Gaussian) throws {
            let spectrum = gaussian.spectrum
            guard spectrum.isPositiveDefinite else {
                throw InputError(source: "", field: "covariance",
                                 reason: "has no density (rank \(spectrum.rank) < dimension \(spectrum.dimension), noise 0); ∫N·N/N needs densities")
            }
            mean = gaussian.mean
            precision = spectrum.densePrecision()
            logDeterminant = spectrum.logDeterminant
            let smallest = spectrum.spansSpace ? (spectrum.eigenvalues.min() ?? 1) : min(spectrum.eigenvalues.min() ?? .infinity, spectrum.complementVariance)
            precisionNorm = 1 / smallest
        }
    }

    /// log I from precomputed factors (see the type's documentation).
    static func logIntegral(_ a: Factor, _ b: Factor, over c: Factor) throws -> (logValue: Double, reason: String?) {
        let n = a.mean.count
        guard b.mean.count == n, c.mean.count == n else {
            throw InputError(source: "", field: "mean", reason: "dimensions \(n), \(b.mean.count), \(c.mean.count) differ")
        }
        let m = (a.precision + b.precision - c.precision).symmetrised
        let eigen = try SymmetricEigendecomposition(m)
        let smallest = eigen.eigenvalues.first ?? 1
        let tolerance = 8 * Double(n) * Double.ulpOfOne * (a.precisionNorm + b.precisionNorm + c.precisionNorm)
        if smallest <= 0 {
            return (.infinity, "A⁻¹ + B⁻¹ − C⁻¹ is not positive definite (smallest eigenvalue \(smallest))")
        }
        if smallest <= tolerance {
            return (.infinity, "A⁻¹ + B⁻¹ − C⁻¹ is singular to working precision (smallest eigenvalue \(smallest) ≤ \(tolerance)): the integral diverges or exceeds what double precision resolves")
        }
        let shiftedA = a.mean - c.mean, shiftedB = b.mean - c.mean
        let pulledA = a.precision * shiftedA, pulledB = b.precision * shiftedB
        let h = pulledA.adding(pulledB)
        let k = shiftedA.dot(pulledA) + shiftedB.dot(pulledB)
        let rotated = eigen.eigenvectors.transposedTimes(h)
        var quadratic = 0.0, logDeterminantM = 0.0
        for (value, coordinate) in zip(eigen.eigenvalues, rotated) {
            quadratic += coordinate * coordinate / value
            logDeterminantM += log(value)
        }
        let logValue = 0.5 * (quadratic - k + c.logDeterminant - a.logDeterminant - b.logDeterminant - logDeterminantM)
        return (logValue, nil)
    }
}
