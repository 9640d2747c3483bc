import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// E.reconstruction-correlation: 1-D Gaussian data N(m, v), vp (ᾱ = s², noise variance s²σ² = 1 − ᾱ),
/// exact score, reconstructed from t to 0.
@Suite("Reconstruction through the diffusion [E]")
struct ReconstructionCorrelationTests {
    static let mean = 1.0, variance = 2.0, samples = 20_000

    /// ODE: √ᾱ√v/√(ᾱv + 1 − ᾱ); SDE: ᾱv/(ᾱv + 1 − ᾱ).
    static func formula(stochastic: Bool, alphaBar: Double, v: Double) -> Double {
        let denominator = alphaBar * v + 1 - alphaBar
        return stochastic ? alphaBar * v / denominator : (alphaBar * v / denominator).squareRoot()
    }

    /// The exact correlation of the *discretised* chain, by moment propagation (independent of the sampler
    /// code): with the score −(x − s m)/c, c = s²v + γ², one Euler step is x ← a x + b (+ g√Δ z), with
    /// a = 1 − fΔ − κ g²Δ/c (κ = ½ for the ODE, 1 for the SDE), so Cov(x₀, x) ← a Cov(x₀, x) and
    /// Var(x) ← a² Var(x) (+ g²Δ).
    static func discretised(stochastic: Bool, grid: TimeGrid, v: Double) -> (correlation: Double, variance: Double) {
        let schedule = grid.schedule
        let s0 = schedule.scale(at: grid.start), g0 = schedule.gamma(at: grid.start)
        var covariance = s0 * v, varianceX = s0 * s0 * v + g0 * g0
        for k in 0..<grid.steps {
            let t = grid.times[k], step = t - grid.times[k + 1]
            let s = schedule.scale(at: t), gamma = schedule.gamma(at: t)
            let c = s * s * v + gamma * gamma
            let f = schedule.drift(at: t), g2 = schedule.diffusionSquared(at: t)
            let a = 1 - f * step - (stochastic ? 1 : 0.5) * g2 * step / c
            covariance *= a
            varianceX = a * a * varianceX + (stochastic ? g2 * step : 0)
        }
        return (covariance / (v * varianceX).squareRoot(), varianceX)
    }

    @Test("E.reconstruction-correlation: exact score, vp, 1-D N(1, 2): ODE corr = √ᾱ√v/√(ᾱv+1−ᾱ) and Var(x̂₀) = v, SDE corr = ᾱv/(ᾱv+1−ᾱ), within 4 SE (1−ρ²)/√N; Euler bias below 1 SE",
          arguments: [(0.2, false), (0.2, true), (0.5, false), (0.5, true)])
    func correlation(time: Double, stochastic: Bool) throws {
        let v = Self.variance, count = Self.samples
        let data = GaussianMixture(try Gaussian(mean: [Self.mean], covariance: Matrix(rowArrays: [[v]])))
        let model = ExactMixtureScore(data: data, schedule: .vp)
        let steps = Int(2_000 * time)
        let reconstruction = try Reconstruction(schedule: .vp, time: time, end: 0, steps: steps)
        let alphaBar = pow(NoiseSchedule.vp.scale(at: time), 2)
        let rho = Self.formula(stochastic: stochastic, alphaBar: alphaBar, v: v)
        // Large-N standard error of a Pearson correlation of bivariate-normal pairs (Fisher): (1 − ρ²)/√N.
        let se = (1 - rho * rho) / Double(count).squareRoot()
        let chain = Self.discretised(stochastic: stochastic, grid: reconstruction.grid, v: v)
        #expect(abs(chain.correlation - rho) < se, "t=\(time) \(stochastic ? "SDE" : "ODE"): Euler bias \(chain.correlation - rho) vs SE \(se)")
        // Var(x̂₀) = v for both (the law is preserved); Euler's bias in the variance is O(Δ).
        #expect(abs(chain.variance / v - 1) < 0.01, "discretised Var ratio \(chain.variance / v)")

        let stream = RandomStream(seed: 17 &+ UInt64(time * 100) &+ (stochastic ? 1 : 0))
        let originals = data.sample(count: count, stream: stream)
        let sampler: any ReverseTimeSampler = stochastic ? EulerMaruyamaSampler() : ProbabilityFlowEulerSampler()
        let pairs = try reconstruction.run(originals, model: model, sampler: sampler, stream: stream)
        let measured = pairs.correlation()
        #expect(abs(measured - rho) < 4 * se, "t=\(time) \(stochastic ? "SDE" : "ODE"): corr \(measured) vs \(rho) ± \(se)")
        // Sample variance of N normal draws: relative SE √(2/N) = 0.01; 4 SE plus the Euler bias.
        let ratio = ReconstructionPairs.totalVariance(pairs.reconstructions) / ReconstructionPairs.totalVariance(originals)
        #expect(abs(ratio - 1) < 4 * (2.0 / Double(count)).squareRoot() * 2 + 0.01, "Var ratio \(ratio)")
    }

    @Test("E.reconstruction-correlation: the forward step draws x_t = s x₀ + sσ ε with the stream's first count·n normals")
    func forwardNoise() throws {
        let reconstruction = try Reconstruction(schedule: .vp, time: 0.3, end: 0.01, steps: 3)
        let originals = Matrix(rowArrays: [[1, -2], [0.5, 3]])
        let noised = reconstruction.forward(originals, stream: RandomStream(seed: 5))
        let epsilon = RandomStream(seed: 5).gaussians(4)
        let s = NoiseSchedule.vp.scale(at: 0.3), sigma = NoiseSchedule.vp.sigma(at: 0.3)
        for index in 0..<4 {
            #expect(abs(noised.elements[index] - (s * originals.elements[index] + s * sigma * epsilon[index])) < 1e-15)
        }
    }

    @Test("C.molrg-denoiser: LowRankMixtureScore (closed-form denoiser, Tweedie inverted) equals the general mixture score")
    func lowRankScore() throws {
        let stream = RandomStream(seed: 9)
        let mixture = try LowRankMixture.orthogonalSubspaces(dimension: 12, components: 3, rank: 2, stream: stream)
        for (schedule, time) in [(NoiseSchedule.ve, 0.7), (.vp, 0.3), (.ou, 1.5)] {
            let general = ExactMixtureScore(data: mixture.gaussianMixture, schedule: schedule)
            let points = try general.marginal(at: time).sample(count: 20, stream: stream)
            let closed = try LowRankMixtureScore(mixture: mixture, schedule: schedule).score(points, time: time)
            let reference = try general.score(points, time: time)
            // Both are O(1/γ²)-scaled combinations of O(‖x‖) terms; κ ≤ 1 + s²/γ² ≈ 10 here.
            #expect(closed.maxAbsoluteDifference(reference) < 1e-10 * max(1, reference.frobeniusNorm), "\(schedule) t=\(time)")
        }
    }
}
