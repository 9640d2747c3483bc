import Foundation
import GaussianMixtures
import LinearAlgebra

/// The Gaussian family retrained at infinite sample size: the exact population dynamics of
/// [A, §3 exact checks] (der).
///
/// A Gaussian fitted by maximum likelihood to infinitely many samples of q_t = (p_data + λ·p_t)/(1 + λ)
/// matches q_t's first two moments, and both are affine in p_t's:
/// ```
/// μ_{t+1} = (μ_d + λ μ_t)/(1 + λ)
/// S_{t+1} = (S_d + λ S_t)/(1 + λ),          S = E[x xᵀ] = Σ + μ μᵀ,    Σ_{t+1} = S_{t+1} − μ_{t+1} μ_{t+1}ᵀ
/// μ_t − μ_d = ρᵗ (μ₀ − μ_d),   S_t − S_d = ρᵗ (S₀ − S_d),   ρ = λ/(1 + λ) = 1 − α
/// ```
/// so the parameter error contracts by exactly ρ per round for every λ < ∞ — [A, Thm 1]'s condition
/// λ(1 + Lε/α) < 1/2 is sufficient, not necessary. p_data may be any law with finite second moments (a
/// mixture's μ_d and S_d are its overall mean and second moment); the limit is the moment-matched
/// Gaussian of p_data.
public enum GaussianPopulationDynamics {
    /// The fitted Gaussians N(μ_t, Σ_t) for t = 0…generations (t = 0 is `initial`).
    /// - Parameters:
    ///   - data: p_data (any Gaussian mixture with a density or not: only its moments enter).
    ///   - initial: N(μ₀, Σ₀), same dimension.
    ///   - mixing: α or λ; `fullySynthetic` (ρ = 1) keeps the initial law forever, as it should at N = ∞.
    ///   - generations: ≥ 0.
    /// - Throws: `InputError` if a Σ_t loses positive definiteness (only through rounding when Σ₀ or the
    ///   data covariance is near-singular).
    public static func laws(data: GaussianMixture, initial: Gaussian, mixing: MixingConvention,
                            generations: Int) throws -> [Gaussian] {
        precondition(generations >= 0, "GaussianPopulationDynamics.laws: generations \(generations) must be ≥ 0")
        precondition(data.dimension == initial.dimension,
                     "GaussianPopulationDynamics.laws: data dimension \(data.dimension) ≠ initial \(initial.dimension)")
        let n = data.dimension
        let rho = mixing.contractionFactor
        let dataMean = data.mean
        let dataSecond = secondMoment(mean: dataMean, covariance: data.covariance)
        var mean = initial.mean
        var second = secondMoment(mean: mean, covariance: initial.covariance)
        var result = [initial]
        for _ in 0..<generations {
            mean = (0..<n).map { (1 - rho) * dataMean[$0] + rho * mean[$0] }
            second = Matrix(rows: n, columns: n,
                            elements: (0..<(n * n)).map { (1 - rho) * dataSecond.elements[$0] + rho * second.elements[$0] })
            var covariance = second
            for i in 0..<n { for j in 0..<n { covariance[i, j] -= mean[i] * mean[j] } }
            result.append(try Gaussian(mean: mean, covariance: covariance.symmetrised))
        }
        return result
    }

    /// E[x xᵀ] = Σ + μ μᵀ.
    static func secondMoment(mean: [Double], covariance: Matrix) -> Matrix {
        var result = covariance
        for i in 0..<mean.count { for j in 0..<mean.count { result[i, j] += mean[i] * mean[j] } }
        return result
    }
}
