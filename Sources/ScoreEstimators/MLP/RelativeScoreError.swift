import Diffusion
import GaussianMixtures
import LinearAlgebra

/// The γ²-weighted score error of an estimate against the exact score of a Gaussian mixture at one time,
/// absolute and relative [THEORY §0]:
/// ```
/// E(t) = E_{x∼p_t} γ(t)²‖ŝ(x, t) − ∇ log p_t(x)‖²,     R(t) = E(t) / E_{x∼p_t} γ(t)²‖∇ log p_t(x)‖²
/// ```
/// (γ²‖·‖² is the error in units of the noise ε; R = 1 for ŝ ≡ 0). Monte Carlo over `samples` exact draws
/// of p_t (`ExactMixtureScore.marginal(at:)`) from `RandomStream(seed:)`; the same draws serve numerator
/// and denominator, so their errors are correlated and R is stable.
public enum RelativeScoreError {
    /// (E(t), R(t)) (see the type's formula).
    /// - Throws: `InputError` for an invalid time; whatever the scores throw.
    public static func evaluate(estimate: any ScoreModel, truth: ExactMixtureScore, time: Double,
                                samples: Int, seed: UInt64) throws -> (absolute: Double, relative: Double) {
        precondition(samples > 0, "RelativeScoreError: samples \(samples) must be positive")
        let points = try truth.marginal(at: time).sample(count: samples, stream: RandomStream(seed: seed))
        let exact = try truth.score(points, time: time)
        let error = try estimate.score(points, time: time) - exact
        let gamma2 = truth.schedule.gamma(at: time) * truth.schedule.gamma(at: time)
        let absolute = gamma2 * error.elements.reduce(0) { $0 + $1 * $1 } / Double(samples)
        let reference = gamma2 * exact.elements.reduce(0) { $0 + $1 * $1 } / Double(samples)
        return (absolute, absolute / reference)
    }
}
