import Foundation
import LinearAlgebra
import RandomStreams

/// The starting law of a reverse-time sampler.
public enum ReverseDiffusionPrior {
    /// `count` draws from N(0, γ(T)²·Iₙ), γ = s·σ, as rows: count·n standard normals row by row, scaled by γ(T).
    ///
    /// ```
    /// ve: γ² = T²     ou: γ² = 1 − e^{−T}     vp, cosine: γ² = 1 − s(T)²
    /// ```
    /// This is the law of x_T = s(T)x₀ + γ(T)ε when x₀ = 0. For data with mean m and covariance C the true
    /// marginal is N(s m, s²C + γ²I), so the prior error is the s(T)-term: of order s(T)² = e^{−T} for `ou`
    /// (0.018 at T = 4), about 4·10⁻⁵ for `vp` at T = 1, and for `ve` small only when T is large compared
    /// with the data's spread. Tests that need no prior error start from the exact marginal instead.
    /// - Throws: `InputError` for an invalid time; `count` ≥ 0 and `dimension` ≥ 1 are preconditions.
    public static func priorSamples(count: Int, dimension: Int, schedule: NoiseSchedule, time: Double,
                                    stream: RandomStream) throws -> Matrix {
        precondition(count >= 0 && dimension >= 1, "priorSamples: count \(count), dimension \(dimension)")
        try schedule.validate(time: time)
        let gamma = schedule.gamma(at: time)
        return gamma * Matrix.gaussian(rows: count, columns: dimension, stream: stream)
    }
}
