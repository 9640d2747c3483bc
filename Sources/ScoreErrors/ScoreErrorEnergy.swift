import Foundation
import Synchronization
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

/// The score-error energy of an estimated score along the forward path of a Gaussian-mixture law
/// [B, §3] (ε̂² on the learned path, ε*² on the ideal path):
/// ```
/// ε² = ∫_{t₀}^{T} g(t)² · E_{x∼q_t} ‖ŝ(x, t) − ∇log q_t(x)‖² dt
/// ```
/// where q_t is the noised law of the mixture (`ExactMixtureScore.marginal(at:)`) and g² the squared
/// diffusion coefficient of the schedule (`NoiseSchedule.diffusionSquared(at:)`).
///
/// Method. Gauss–Legendre quadrature with `timeNodes` nodes over t, either on t itself (`uniform`) or on
/// u = log t (`logarithmic`, dt = t du), which puts most nodes near t₀ where the integrand of a learned
/// score is steep (it grows like 1/t for a KDE or a memorising score). At each node, the expectation is a
/// Monte-Carlo mean over `samplesPerNode` exact draws of q_t, drawn from `RandomStream(seed).substream(j)`
/// for node j, so the result does not depend on the number of threads. The standard error combines the
/// per-node sample variances, √(Σ_j (w_j g_j²)² s_j²/N); it does not include the quadrature error (check
/// it by doubling `timeNodes`). Gauss–Legendre is exact for polynomials of degree 2·timeNodes − 1 in the
/// integration variable and converges geometrically for integrands analytic near the interval.
///
/// Properties: ε² ≥ 0; ε² = 0 when ŝ is the exact score of q. Under `ou` with q = N(0, I) and
/// ŝ the exact score of N(μ, I), the integrand is ‖μ‖²e^{−t} (constant in x), and ½ε² over [0, T] plus
/// the terminal KL e^{−T}‖μ‖²/2 equals KL(N(μ,I) ‖ N(0,I)) = ‖μ‖²/2 — the equality case of `B.prop3.1.kl-upper`.
public enum ScoreErrorEnergy {
    /// The integration variable of the Gauss–Legendre rule.
    public enum Spacing: String, Sendable, CaseIterable {
        /// Nodes in t on [t₀, T].
        case uniform
        /// Nodes in u = log t on [log t₀, log T] (requires t₀ > 0).
        case logarithmic
        /// `logarithmic` when t₀ > 0, else `uniform`.
        case automatic
    }

    /// ε² and its Monte-Carlo standard error.
    ///
    /// - Parameters:
    ///   - estimate: ŝ, any score model under the same schedule and dimension as `truth`.
    ///   - truth: the exact score of the mixture q₀; q_t is its `marginal(at:)`.
    ///   - t0: t₀ ≥ 0 (`logarithmic` grid: t₀ > 0).
    ///   - T: T > t₀, a valid time of the schedule (vp: T ≤ 1; cosine: T < 1).
    ///   - timeNodes: Gauss–Legendre nodes, 1…10 000.
    ///   - samplesPerNode: Monte-Carlo draws of q_t per node, ≥ 2 (a standard error needs two).
    ///   - seed: seed of the stream; node j uses `substream(j)`.
    ///   - spacing: the integration variable (default `automatic`).
    /// - Returns: (value, standardError).
    /// - Throws: `InputError` naming the parameter and value for invalid arguments or a schedule or
    ///   dimension mismatch; whatever `estimate.score` or `truth.score` throws.
    public static func estimate(estimate: any ScoreModel, truth: ExactMixtureScore, from t0: Double, to T: Double,
                                timeNodes: Int, samplesPerNode: Int, seed: UInt64,
                                spacing: Spacing = .automatic) throws -> (value: Double, standardError: Double) {
        try validate(estimate: estimate, truth: truth, from: t0, to: T, timeNodes: timeNodes, samplesPerNode: samplesPerNode)
        let logarithmic: Bool
        switch spacing {
        case .uniform: logarithmic = false
        case .automatic: logarithmic = t0 > 0
        case .logarithmic:
            guard t0 > 0 else {
                throw InputError(source: "t0", field: "", reason: "\(t0) must be > 0 on a logarithmic time grid; use the uniform grid from t₀ = 0")
            }
            logarithmic = true
        }
        let rule = GaussLegendre(nodes: timeNodes)
        let (a, b) = logarithmic ? (log(t0), log(T)) : (t0, T)
        let half = (b - a) / 2, middle = (a + b) / 2
        let times = rule.points.map { logarithmic ? exp(middle + half * $0) : middle + half * $0 }
        // Quadrature weight in t: w·(b − a)/2, times the Jacobian t for the logarithmic variable.
        let weights = zip(rule.weights, times).map { w, t in w * half * (logarithmic ? t : 1) }
        let seeds = (0..<timeNodes).map { RandomStream(seed: seed).substream(UInt64($0)).seed }

        let failure = Mutex<(any Error)?>(nil)
        let moments = ParallelBlocks.mapRows(count: timeNodes, columns: 2, blockSize: 1) { range in
            let j = range.lowerBound
            do {
                let (mean, variance) = try squaredErrorMoments(estimate: estimate, truth: truth, time: times[j],
                                                               samples: samplesPerNode, stream: RandomStream(seed: seeds[j]))
                return Matrix(rows: 1, columns: 2, elements: [mean, variance])
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
                return Matrix(rows: 1, columns: 2, elements: [.nan, .nan])
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }

        var value = 0.0, variance = 0.0
        for j in 0..<timeNodes {
            let factor = weights[j] * truth.schedule.diffusionSquared(at: times[j])
            value += factor * moments[j, 0]
            variance += factor * factor * moments[j, 1] / Double(samplesPerNode)
        }
        return (value, variance.squareRoot())
    }

    /// Mean and sample variance of ‖ŝ(x, t) − ∇log q_t(x)‖² over `samples` draws x ∼ q_t.
    private static func squaredErrorMoments(estimate: any ScoreModel, truth: ExactMixtureScore, time t: Double,
                                            samples: Int, stream: RandomStream) throws -> (mean: Double, variance: Double) {
        let points = try truth.marginal(at: t).sample(count: samples, stream: stream)
        let exact = try truth.score(points, time: t)
        let estimated = try estimate.score(points, time: t)
        let n = points.columns
        let squared = (0..<samples).map { i in
            (0..<n).reduce(0.0) { sum, c in
                let d = estimated.elements[i * n + c] - exact.elements[i * n + c]
                return sum + d * d
            }
        }
        let mean = squared.reduce(0, +) / Double(samples)
        let variance = squared.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples - 1)
        return (mean, variance)
    }

    private static func validate(estimate: any ScoreModel, truth: ExactMixtureScore, from t0: Double, to T: Double,
                                 timeNodes: Int, samplesPerNode: Int) throws {
        guard estimate.schedule == truth.schedule else {
            throw InputError(source: "estimate", field: "schedule",
                             reason: "\(estimate.schedule.rawValue) differs from the truth's schedule \(truth.schedule.rawValue)")
        }
        guard estimate.dimension == truth.dimension else {
            throw InputError(source: "estimate", field: "dimension",
                             reason: "\(estimate.dimension) differs from the truth's dimension \(truth.dimension)")
        }
        guard t0.isFinite, t0 >= 0 else {
            throw InputError(source: "t0", field: "", reason: "\(describeNumber(t0)) must be finite and ≥ 0")
        }
        guard T > t0 else {
            throw InputError(source: "T", field: "", reason: "\(describeNumber(T)) must exceed t₀ = \(t0)")
        }
        do { try truth.schedule.validate(time: T) } catch let error as InputError { throw error.attributed(to: "T") }
        guard (1...10_000).contains(timeNodes) else {
            throw InputError(source: "timeNodes", field: "", reason: "\(timeNodes) must lie in 1…10000")
        }
        guard samplesPerNode >= 2 else {
            throw InputError(source: "samplesPerNode", field: "", reason: "\(samplesPerNode) is too small; give at least 2 (a standard error needs two draws)")
        }
    }

    /// The n-point Gauss–Legendre rule on [−1, 1]: nodes are the roots of P_n, found by Newton's method
    /// from Tricomi's initial guesses cos(π(i + 3/4)/(n + 1/2)); weights 2/((1 − x²) P_n′(x)²). Accurate to
    /// a few ulps for n up to several thousand.
    struct GaussLegendre {
        let points: [Double]
        let weights: [Double]

        init(nodes n: Int) {
            precondition(n >= 1, "GaussLegendre: \(n) nodes; need at least 1")
            var points = [Double](repeating: 0, count: n), weights = [Double](repeating: 0, count: n)
            for i in 0..<(n + 1) / 2 {
                var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
                var derivative = 0.0
                for _ in 0..<100 {
                    // Three-term recurrence: j P_j = (2j − 1) x P_{j−1} − (j − 1) P_{j−2}.
                    var p = 1.0, previous = 0.0
                    for j in 1...n {
                        let older = previous
                        previous = p
                        p = ((2 * Double(j) - 1) * x * previous - (Double(j) - 1) * older) / Double(j)
                    }
                    derivative = Double(n) * (x * p - previous) / (x * x - 1)
                    let step = p / derivative
                    x -= step
                    if abs(step) <= 1e-16 { break }
                }
                points[i] = -x
                points[n - 1 - i] = x
                weights[i] = 2 / ((1 - x * x) * derivative * derivative)
                weights[n - 1 - i] = weights[i]
            }
            self.points = points
            self.weights = weights
        }
    }
}
