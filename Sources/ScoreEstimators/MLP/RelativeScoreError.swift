import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// The score error of an estimate against the exact score of a Gaussian mixture at one time [docs/theory.md §0]:
/// ```
/// E‖ŝ(x, t) − ∇ log p_t(x)‖²  and  E‖∇ log p_t(x)‖²,  x ∼ p_t,
/// R(t) = E γ(t)²‖ŝ − ∇ log p_t‖² / E γ(t)²‖∇ log p_t‖²
/// ```
/// (γ²‖·‖² is the error in units of the noise ε; R = 1 for ŝ ≡ 0). Monte Carlo over `samples` exact draws
/// of p_t (`ExactMixtureScore.marginal(at:)`); the same draws serve numerator and denominator, so their
/// errors are correlated and R is stable. The one measurement behind `ScoreErrorProfile` (ScoreErrors) and the
/// MLP's tests and benchmark.
public enum RelativeScoreError {
    /// Mean squared error, its Monte-Carlo standard error, and the mean squared exact score.
    public struct Measurement: Sendable, Equatable {
        public let meanSquaredError: Double
        /// √(sample variance of ‖ŝ − s‖² / M); 0 for a single draw.
        public let standardError: Double
        public let meanSquaredScore: Double
    }

    /// Draws `samples` points of p_t from `stream` and compares the two scores on them.
    /// - Throws: `InputError` for an invalid time; whatever the scores throw.
    public static func measure(estimate: any ScoreModel, truth: ExactMixtureScore, time: Double,
                               samples: Int, stream: RandomStream) throws -> Measurement {
        precondition(samples > 0, "RelativeScoreError: samples \(samples) must be positive")
        let points = try truth.marginal(at: time).sample(count: samples, stream: stream)
        let exact = try truth.score(points, time: time)
        let errors = (try estimate.score(points, time: time) - exact).rowSquaredNorms
        let count = Double(samples)
        let mean = errors.reduce(0, +) / count
        let spread = samples > 1 ? errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1) : 0
        return Measurement(meanSquaredError: mean, standardError: (spread / count).squareRoot(),
                           meanSquaredScore: exact.rowSquaredNorms.reduce(0, +) / count)
    }

    /// (E γ²‖ŝ − s‖², R(t)) from `samples` draws of `RandomStream(seed:)` (see the type's formula).
    public static func evaluate(estimate: any ScoreModel, truth: ExactMixtureScore, time: Double,
                                samples: Int, seed: UInt64) throws -> (absolute: Double, relative: Double) {
        let measurement = try measure(estimate: estimate, truth: truth, time: time, samples: samples, stream: RandomStream(seed: seed))
        let gamma = truth.schedule.gamma(at: time)
        return (gamma * gamma * measurement.meanSquaredError, measurement.meanSquaredError / measurement.meanSquaredScore)
    }
}
