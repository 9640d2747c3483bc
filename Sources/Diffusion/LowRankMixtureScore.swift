import Foundation
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// The exact score of a MoLRG [C] through its closed-form denoiser (`LowRankMixture.posteriorMean`) and
/// Tweedie's formula inverted [docs/theory.md §0, §1]:
/// ```
/// ∇ log p_t(x) = (s·E[x₀ | x_t = x] − x) / γ²
/// ```
/// Cost O(n·Σ_k d_k) per point, against O(n²) per component for the general `ExactMixtureScore` of the
/// same law. Requires t > 0 (γ > 0): a MoLRG has no density at t = 0.
public struct LowRankMixtureScore: ScoreModel {
    /// The data law.
    public let mixture: LowRankMixture
    public let schedule: NoiseSchedule

    public init(mixture: LowRankMixture, schedule: NoiseSchedule) {
        self.mixture = mixture
        self.schedule = schedule
    }

    public var dimension: Int { mixture.dimension }

    /// ∇ log p_t(x) for each row (see the type's formula).
    /// - Throws: `InputError` for an invalid time, t with γ(t) = 0, or points of the wrong dimension.
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        try schedule.validate(time: time)
        guard points.columns == dimension else {
            throw InputError(source: "", field: "points", reason: "have \(points.columns) columns, the model has dimension \(dimension)")
        }
        let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
        guard gamma > 0 else {
            throw InputError(source: "--time", field: "", reason: "\(time) gives γ = 0; a low-rank mixture has a score only at t > 0")
        }
        var result = try mixture.posteriorMean(points, schedule: schedule, time: time)
        let inverse = 1 / (gamma * gamma)
        for index in result.elements.indices {
            result.elements[index] = (s * result.elements[index] - points.elements[index]) * inverse
        }
        return result
    }
}
