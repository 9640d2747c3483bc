import Foundation
import LinearAlgebra

/// Whether χ²(P‖Q) = ∫p²/q − 1 is finite for Gaussian mixtures P = Σᵢ πᵢ Pᵢ, Q = Σⱼ ρⱼ Qⱼ, decided from
/// one quadratic form per component pair, and the pieces of the importance-sampling proposal [B, §4] (der).
///
/// ```
/// Mᵢⱼ = 2 Pᵢ⁻¹ − Qⱼ⁻¹          (the precision of Nᵢ²/Nⱼ)
/// finite  ⇐  for every i some j has Mᵢⱼ ≻ 0
/// infinite ⇐  some i and a direction v with vᵀ Mᵢⱼ v < 0 for every j
/// ```
/// Finite: Cauchy–Schwarz gives p² ≤ K Σᵢ πᵢ² Nᵢ², and q ≥ ρⱼ Nⱼ for any j, so
/// ∫p²/q ≤ K Σᵢ (πᵢ²/ρⱼ₍ᵢ₎) ∫Nᵢ²/Nⱼ₍ᵢ₎ < ∞. Infinite: along the open cone around v, Pᵢ² decays more
/// slowly than every Qⱼ, so Nᵢ²/q grows without bound. When Q has one component the two conditions are
/// complementary and agree with `GaussianDivergence.chiSquared`.
///
/// Rounding: as in `GaussianProductIntegral`, an eigenvalue of Mᵢⱼ within tol = 8·n·ε·(2‖Pᵢ⁻¹‖ + ‖Qⱼ⁻¹‖)
/// of 0 decides nothing. A P component with no certifying j, whose witness directions only reach the
/// boundary (vᵀMv ≤ tol for every j), is reported +∞ "at the boundary to working precision", the
/// convention of the closed form (the Gaussian with variance exactly 2σ² against N(·, σ²I) components —
/// the KDE population at h = σ — is such a case, and is truly infinite when its mean is a vertex of the
/// hull of Q's means). If neither certificate is found (anisotropic Q components that cover different
/// directions), the check answers `undecided` rather than guess.
enum ChiSquaredFiniteness {
    /// The verdict: finite with, for each P component, the Q component j(i) whose pair certifies it and
    /// the pair's precision Mᵢⱼ₍ᵢ₎ in eigen-form; or infinite with the reason.
    enum Verdict {
        case finite([Certificate])
        case infinite(reason: String)
        /// Neither certificate was found (possible only with anisotropic Q components): χ² is reported as
        /// NaN with this reason rather than guessed.
        case undecided(reason: String)
    }

    /// The certifying pair of one P component.
    struct Certificate {
        /// j(i): among the certifying Q components, the one that best explains Pᵢ's mean,
        /// argmax_j log ρⱼ + log Nⱼ(μᵢ) (so that Nᵢ²/Nⱼ₍ᵢ₎ resembles Pᵢ's share of p²/q).
        let partner: Int
        /// Mᵢⱼ = 2Pᵢ⁻¹ − Qⱼ⁻¹ ≻ 0.
        let precision: Matrix
        /// Mᵢⱼ⁻¹ (the covariance of the normalised Nᵢ²/Nⱼ).
        let covariance: Matrix
    }

    /// Mᵢⱼ for every j, for one P covariance (shared by all P components with that covariance, e.g. a KDE's).
    private struct PairForms {
        let covariance: Matrix
        let twicePrecision: Matrix
        /// (Mᵢⱼ, its eigen-decomposition, tol) per j.
        let forms: [(matrix: Matrix, eigen: SymmetricEigendecomposition, tolerance: Double)]
    }

    /// Decides finiteness (see the type).
    /// - Throws: `InputError` naming `to` when neither certificate exists; `LinearAlgebraError` (`dsyevr`).
    static func check(from p: GaussianMixture, to q: GaussianMixture) throws -> Verdict {
        let n = p.dimension
        let qPrecisions = q.components.map { $0.spectrum.densePrecision() }
        let qNorms = q.components.map { 1 / smallestVariance($0) }
        let qLogNormalisers = zip(q.weights, q.components).map { weight, component in
            log(weight) - 0.5 * (Double(n) * log(2 * Double.pi) + component.spectrum.logDeterminant)
        }
        var cache: PairForms?
        var certificates: [Certificate] = []
        for (i, component) in p.components.enumerated() {
            let covariance = component.covariance
            if cache?.covariance != covariance {
                let twicePrecision = 2 * component.spectrum.densePrecision()
                let pNorm = 1 / smallestVariance(component)
                cache = PairForms(covariance: covariance, twicePrecision: twicePrecision, forms: try (0..<q.count).map { j in
                    let m = (twicePrecision - qPrecisions[j]).symmetrised
                    return (m, try SymmetricEigendecomposition(m), 8 * Double(n) * Double.ulpOfOne * (2 * pNorm + qNorms[j]))
                })
            }
            let pair = cache!
            var best: (score: Double, partner: Int)?
            for (j, form) in pair.forms.enumerated() where (form.eigen.eigenvalues.first ?? 0) > form.tolerance {
                let offset = component.mean - q.components[j].mean
                let score = qLogNormalisers[j] - 0.5 * offset.dot(qPrecisions[j] * offset)
                if best == nil || score > best!.score { best = (score, j) }
            }
            guard let best else {
                return witness(component: i, pair: pair)
            }
            let eigen = pair.forms[best.partner].eigen
            let inverse = eigen.eigenvectors.scalingColumns(by: eigen.eigenvalues.map { 1 / $0 })
            certificates.append(Certificate(partner: best.partner, precision: pair.forms[best.partner].matrix,
                                            covariance: Matrix.product(inverse, eigen.eigenvectors, transposeB: true).symmetrised))
        }
        return .finite(certificates)
    }

    /// The reason χ² is infinite for P component i, from a direction v where vᵀMᵢⱼv ≤ tol for every j.
    private static func witness(component i: Int, pair: PairForms) -> Verdict {
        var boundary = false
        for form in pair.forms {
            for (index, value) in form.eigen.eigenvalues.enumerated() where value <= form.tolerance {
                let v = form.eigen.eigenvectors.column(index)
                let values = pair.forms.map { v.dot($0.matrix * v) }
                if zip(values, pair.forms).allSatisfy({ $0 < -$1.tolerance }) {
                    return .infinite(reason: "∫p²/q diverges: P's component \(i) is more than twice as wide as every component of Q along a direction v (vᵀ(2Pᵢ⁻¹ − Qⱼ⁻¹)v < 0 for all j; largest \(values.max() ?? 0))")
                }
                if zip(values, pair.forms).allSatisfy({ $0 <= $1.tolerance }) { boundary = true }
            }
        }
        if boundary {
            return .infinite(reason: "∫p²/q diverges, or sits on the boundary of convergence where double precision cannot tell: along a direction v, P's component \(i) is at least twice as wide as every component of Q (vᵀ(2Pᵢ⁻¹ − Qⱼ⁻¹)v ≤ 0 to working precision for all j, and no 2Pᵢ⁻¹ − Qⱼ⁻¹ is positive definite)")
        }
        return .undecided(reason: "undecided whether χ² is finite: for P's component \(i) no component of Q has 2Pᵢ⁻¹ − Qⱼ⁻¹ positive definite, and no direction is wider than all of them (Q's components cover different directions); reported as NaN rather than guessed")
    }

    /// The smallest variance of a Gaussian with a density (1/‖Σ⁻¹‖₂).
    static func smallestVariance(_ gaussian: Gaussian) -> Double {
        let spectrum = gaussian.spectrum
        let top = spectrum.eigenvalues.min() ?? .infinity
        return spectrum.spansSpace ? top : min(top, spectrum.complementVariance)
    }
}
