import Foundation
import GaussianMixtures
import LinearAlgebra

/// The exact diffusion of a Gaussian-mixture data law: its noised marginals, log-densities, scores,
/// optimal denoisers and denoiser Jacobians at any time [docs/theory.md §0].
///
/// If x₀ ~ Σ_k π_k N(μ_k, Σ_k) then x_t ~ Σ_k π_k N(sμ_k, s²(Σ_k + σ²I)). Each component is
/// diagonalised once, when the `GaussianMixture` is built; a time t only rescales its spectrum.
public struct ExactMixtureScore: ScoreModel {
    /// The data law p₀.
    public let data: GaussianMixture
    public let schedule: NoiseSchedule

    public init(data: GaussianMixture, schedule: NoiseSchedule) {
        self.data = data
        self.schedule = schedule
    }

    public var dimension: Int { data.dimension }

    /// p_t = Σ_k π_k N(s μ_k, s²Σ_k + γ²I), γ² = s²σ² (formed from γ², so finite for every valid t).
    /// - Throws: `InputError` for an invalid time.
    public func marginal(at time: Double) throws -> GaussianMixture {
        try schedule.validate(time: time)
        return data.noised(scale: schedule.scale(at: time), noiseVariance: schedule.gammaSquared(at: time))
    }

    /// The optimal denoiser E[x₀ | x_t = x] for each row, by the per-component posterior means
    /// (`GaussianMixture.posteriorMean`) rather than Tweedie's (x + γ²∇log p_t)/s, which cancels as s → 0
    /// and as σ → ∞; the two agree where both are accurate.
    public func denoise(_ points: Matrix, time: Double) throws -> Matrix {
        try schedule.validate(time: time)
        return try data.posteriorMean(points, scale: schedule.scale(at: time), noiseVariance: schedule.gammaSquared(at: time))
    }

    /// The precision warnings of p_t (`GaussianMixture.conditioningWarnings`), for the command-line tool
    /// to print after its output.
    public func numericalWarnings(at time: Double) throws -> [NumericalWarning] {
        try marginal(at: time).conditioningWarnings(context: "at t = \(time)")
    }

    /// log p_t(x) for each row.
    public func logDensity(_ points: Matrix, time: Double) throws -> [Double] {
        try marginal(at: time).logDensity(points)
    }

    /// ∇ log p_t(x) for each row.
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        try marginal(at: time).score(points)
    }

    /// The Jacobian of the optimal denoiser, ∂E[x₀|x_t]/∂x_t = (I + γ² ∇² log p_t(x_t)) / s, one n×n
    /// symmetric matrix per row (differentiate Tweedie's formula).
    public func denoiserJacobians(_ points: Matrix, time: Double) throws -> [Matrix] {
        let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
        return try marginal(at: time).hessiansOfLogDensity(points).map { hessian in
            (1 / s) * (gamma * gamma * hessian).addingToDiagonal(1)
        }
    }
}
