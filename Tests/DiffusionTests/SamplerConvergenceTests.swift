import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Exact laws of the samplers on Gaussian data, from a recursion written independently of the sampler code.
///
/// With data N(m, v) in one coordinate and the exact score −(x − a_t)/c_t, where a_t = s m and
/// c_t = s²v + γ² [docs/theory.md §0], one step from t with size Δ is affine in x:
/// ```
/// Euler–Maruyama:  x′ = A x + B + g√Δ z,   A = 1 − fΔ − g²Δ/c_t,    B = g²Δ a_t/c_t
/// flow ODE Euler:  x′ = A x + B,           A = 1 − fΔ − ½g²Δ/c_t,   B = ½g²Δ a_t/c_t
/// ```
/// so starting from the exact marginal N(a_T, c_T) the output is exactly N(M, V) with
/// M′ = A M + B and V′ = A² V (+ g²Δ for Euler–Maruyama). Diagonal data are independent coordinates.
enum SamplerRecursion {
    /// The exact law (mean, variance) of the output of `steps` uniform steps from T to `end`, per coordinate.
    static func law(stochastic: Bool, schedule: NoiseSchedule, start: Double, end: Double, steps: Int,
                    mean m: Double, variance v: Double) -> (mean: Double, variance: Double) {
        func a(_ t: Double) -> Double { schedule.scale(at: t) * m }
        func c(_ t: Double) -> Double { let s = schedule.scale(at: t), g = schedule.gamma(at: t); return s * s * v + g * g }
        var mean = a(start), variance = c(start)
        let weight = stochastic ? 1.0 : 0.5
        for k in 0..<steps {
            let t = start - Double(k) / Double(steps) * (start - end)
            let next = k + 1 == steps ? end : start - Double(k + 1) / Double(steps) * (start - end)
            let delta = t - next
            let f = schedule.drift(at: t), g2 = schedule.diffusionSquared(at: t)
            let slope = 1 - f * delta - weight * g2 * delta / c(t)
            mean = slope * mean + weight * g2 * delta * a(t) / c(t)
            variance = slope * slope * variance + (stochastic ? g2 * delta : 0)
        }
        return (mean, variance)
    }

    /// Expects the sample mean and variance of a Gaussian sample to match N(M, V) within 5 standard errors:
    /// SE(mean) = √(V/N), SE(variance) = V·√(2/(N − 1)).
    static func expectMoments(_ column: [Double], match law: (mean: Double, variance: Double), _ label: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let count = Double(column.count)
        let mean = column.reduce(0, +) / count
        let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (count - 1)
        #expect(abs(mean - law.mean) <= 5 * (law.variance / count).squareRoot(), "\(label): mean \(mean) vs \(law.mean)",
                sourceLocation: sourceLocation)
        #expect(abs(variance - law.variance) <= 5 * law.variance * (2 / (count - 1)).squareRoot(),
                "\(label): variance \(variance) vs \(law.variance)", sourceLocation: sourceLocation)
    }

    /// Least-squares slope of log y against log x.
    static func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
        let lx = x.map { log($0) }, ly = y.map { log($0) }
        let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
        let covariance = zip(lx, ly).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        return covariance / lx.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
    }
}

@Suite("Samplers: exact laws on Gaussian data and first-order convergence")
struct SamplerConvergenceTests {
    /// (schedule, T, t_min): [B]'s OU horizon 4 → 0.02, and vp over [10⁻³, 1].
    static let horizons: [(NoiseSchedule, Double, Double)] = [(.ou, 4, 0.02), (.vp, 1, 1e-3)]
    /// Diagonal data N(m, diag(v)) in two coordinates.
    static let means = [2.0, -1.0], variances = [0.5, 2.0]

    static func data() throws -> GaussianMixture {
        GaussianMixture(try Gaussian(mean: means, covariance: Matrix.diagonal(variances)))
    }

    @Test("Sampler output mean and variance match the exact recursion within 5 Monte-Carlo standard errors",
          arguments: [true, false])
    func samplesMatchRecursion(stochastic: Bool) throws {
        let count = 20_000, steps = 25
        let sampler: any ReverseTimeSampler = stochastic ? EulerMaruyamaSampler() : ProbabilityFlowEulerSampler()
        for (schedule, start, end) in Self.horizons {
            let model = ExactMixtureScore(data: try Self.data(), schedule: schedule)
            let stream = RandomStream(seed: 21)
            let initial = try model.marginal(at: start).sample(count: count, stream: stream)
            let grid = try TimeGrid(schedule: schedule, start: start, end: end, steps: steps)
            let output = try sampler.run(model, from: initial, grid: grid, noise: stream)
            for j in 0..<2 {
                let law = SamplerRecursion.law(stochastic: stochastic, schedule: schedule, start: start, end: end, steps: steps,
                                               mean: Self.means[j], variance: Self.variances[j])
                SamplerRecursion.expectMoments(output.column(j), match: law, "\(sampler.name) \(schedule) coordinate \(j)")
            }
        }
    }

    @Test("W₂(sampler output law, p_{t_min}) = O(Δt): log-log slope over 25, 50, 100, 200 steps is −1 ± 0.15",
          arguments: [true, false])
    func firstOrderConvergence(stochastic: Bool) throws {
        let stepCounts = [25, 50, 100, 200]
        let sampler: any ReverseTimeSampler = stochastic ? EulerMaruyamaSampler() : ProbabilityFlowEulerSampler()
        for (schedule, start, end) in Self.horizons {
            let model = ExactMixtureScore(data: try Self.data(), schedule: schedule)
            let exact = try model.marginal(at: end).components[0]
            let errors = try stepCounts.map { steps in
                let grid = try TimeGrid(schedule: schedule, start: start, end: end, steps: steps)
                let output = try SamplerOutputLaw.law(of: sampler, drawsNoise: stochastic, model: model, grid: grid,
                                                      start: try model.marginal(at: start).components[0])
                // Cross-check with the independent recursion: the two laws agree to rounding (10⁻⁹ covers
                // K steps of rounding on O(1) moments).
                for j in 0..<2 {
                    let law = SamplerRecursion.law(stochastic: stochastic, schedule: schedule, start: start, end: end,
                                                   steps: steps, mean: Self.means[j], variance: Self.variances[j])
                    #expect(abs(output.mean[j] - law.mean) <= 1e-9 && abs(output.covariance[j, j] - law.variance) <= 1e-9,
                            "\(sampler.name) \(schedule) K = \(steps) coordinate \(j): sampler \(output.mean[j]), \(output.covariance[j, j]) vs recursion \(law)")
                }
                return try SamplerOutputLaw.wasserstein(output, exact)
            }
            let slope = SamplerRecursion.logLogSlope(stepCounts.map(Double.init), errors)
            print("sampler-convergence \(sampler.name) \(schedule): W2 \(errors) slope \(slope)")
            // The tolerance allows the pre-asymptotic curvature of the error at K = 25 (higher-order terms).
            #expect(abs(slope + 1) <= 0.15, "\(schedule) \(sampler.name): slope \(slope), W₂ \(errors)")
            #expect(zip(errors, errors.dropFirst()).allSatisfy { $1 < $0 }, "W₂ does not decrease: \(errors)")
        }
    }
}
