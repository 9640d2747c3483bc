import Foundation
import Diffusion
import LinearAlgebra

/// The time features fed to the score network, and the input scaling c_in.
///
/// The network sees the noise level, not t itself, so that one embedding serves every schedule:
/// ```
/// u(t) = ¼·ln σ(t)                       (EDM's c_noise; σ from `NoiseSchedule.sigma(at:)`)
/// e(t) = [u, sin(2⁰u), cos(2⁰u), …, sin(2^{F−1}u), cos(2^{F−1}u)] ∈ ℝ^{1+2F}
/// c_in(t) = 1 / (s(t)·√(1 + σ(t)²))
/// ```
/// The raw value u keeps the map from t to e(t) injective and lets the network extrapolate; the
/// sinusoids of geometric frequencies resolve the noise level finely. c_in·x_t = (x₀ + σε)/√(1 + σ²) has
/// entries of order one for data of unit scale at every noise level (EDM's input preconditioning with
/// σ_data = 1), so the first layer never sees inputs of size σ ≫ 1 under `ve`.
///
/// Edge case: σ(t) = 0 (t = 0) has no embedding (ln 0); times must be positive.
public struct TimeEmbedding: Equatable, Sendable {
    /// F ≥ 0, the number of sine–cosine pairs.
    public let frequencies: Int

    public init(frequencies: Int = 4) {
        precondition(frequencies >= 0, "TimeEmbedding: frequencies \(frequencies) must be ≥ 0")
        self.frequencies = frequencies
    }

    /// m = 1 + 2F.
    public var size: Int { 1 + 2 * frequencies }

    /// e(t) for one time (see the type's formula); σ(t) must be positive.
    public func features(time t: Double, schedule: NoiseSchedule) -> [Double] {
        let u = 0.25 * log(schedule.sigma(at: t))
        var result = [u]
        var frequency = 1.0
        for _ in 0..<frequencies {
            result += [sin(frequency * u), cos(frequency * u)]
            frequency *= 2
        }
        return result
    }

    /// c_in(t) = 1/(s√(1 + σ²)).
    public func inputScale(time t: Double, schedule: NoiseSchedule) -> Double {
        let sigma = schedule.sigma(at: t)
        return 1 / (schedule.scale(at: t) * (1 + sigma * sigma).squareRoot())
    }

    /// The network inputs h₀ = [c_in(t_i)·x_i, e(t_i)] for a batch (B×n points, B times): B×(n + m).
    public func networkInputs(points: Matrix, times: [Double], schedule: NoiseSchedule) -> Matrix {
        precondition(points.rows == times.count, "TimeEmbedding: \(points.rows) points and \(times.count) times")
        let n = points.columns, width = n + size
        var inputs = Matrix(rows: points.rows, columns: width)
        for (i, t) in times.enumerated() {
            let scale = inputScale(time: t, schedule: schedule)
            for j in 0..<n { inputs.elements[i * width + j] = scale * points.elements[i * n + j] }
            for (k, feature) in features(time: t, schedule: schedule).enumerated() { inputs.elements[i * width + n + k] = feature }
        }
        return inputs
    }
}
