import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Exact laws of the samplers on Gaussian data, from a recursion written independently of the sampler code.
///
/// With data N(m, v) in one coordinate and the exact score −(x − a_t)/c_t, where a_t = s m and
/// c_t = s²v + γ² [THEORY §0], one step from t with size Δ is affine in x:
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

    /// W₂ between N(m₁, v₁) and N(m₂, v₂) in one dimension: √((m₁ − m₂)² + (√v₁ − √v₂)²).
    static func wasserstein(_ p: (mean: Double, variance: Double), _ q: (mean: Double, variance: Double)) -> Double {
        let dm = p.mean - q.mean, ds = p.variance.squareRoot() - q.variance.squareRoot()
        return (dm * dm + ds * ds).squareRoot()
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

    @Test("W₂(output law, p_{t_min}) = O(Δt): log-log slope over 25, 50, 100, 200 steps is −1 ± 0.15",
          arguments: [true, false])
    func firstOrderConvergence(stochastic: Bool) throws {
        let stepCounts = [25, 50, 100, 200]
        for (schedule, start, end) in Self.horizons {
            let errors = stepCounts.map { steps in
                // W₂ of product laws adds in squares over the independent coordinates.
                (0..<2).map { j -> Double in
                    let output = SamplerRecursion.law(stochastic: stochastic, schedule: schedule, start: start, end: end,
                                                      steps: steps, mean: Self.means[j], variance: Self.variances[j])
                    let s = schedule.scale(at: end), gamma = schedule.gamma(at: end)
                    let exact = (mean: s * Self.means[j], variance: s * s * Self.variances[j] + gamma * gamma)
                    return pow(SamplerRecursion.wasserstein(output, exact), 2)
                }.reduce(0, +).squareRoot()
            }
            let slope = SamplerRecursion.logLogSlope(stepCounts.map(Double.init), errors)
            print("sampler-convergence \(stochastic ? "euler-maruyama" : "probability-flow-euler") \(schedule): W2 \(errors) slope \(slope)")
            #expect(abs(slope + 1) <= 0.15, "\(schedule) stochastic=\(stochastic): slope \(slope), W₂ \(errors)")
            #expect(zip(errors, errors.dropFirst()).allSatisfy { $1 < $0 }, "W₂ does not decrease: \(errors)")
        }
    }
}
