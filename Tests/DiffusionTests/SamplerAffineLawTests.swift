import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Heun (EDM), DDIM and DDPM on Gaussian data with the exact score: sample moments against the exact
/// recursion of `SamplerAffineRecursion`, and the convergence order of the output law read off the
/// samplers' own runs (`SamplerOutputLaw`) at each step count.
@Suite("Samplers: Heun, DDIM and DDPM — exact laws on Gaussian data and convergence order")
struct SamplerAffineLawTests {
    /// Diagonal data N(m, diag(v)) in two coordinates.
    static let means = [2.0, -1.0], variances = [0.5, 2.0]

    /// A method, a schedule and how its grid of K steps is built.
    struct Case: CustomTestStringConvertible, Sendable {
        let method: SamplerAffineRecursion.Method
        let schedule: NoiseSchedule
        let grid: @Sendable (Int) throws -> TimeGrid
        let label: String
        var testDescription: String { "\(method.rawValue) \(schedule) \(label)" }

        var sampler: any ReverseTimeSampler {
            switch method {
            case .heun: return HeunSampler()
            case .ddim: return DDIMSampler()
            case .ddpm: return DDPMAncestralSampler()
            }
        }

        /// Expected order p in W₂ ∝ K^{−p}.
        var order: Double { method == .heun ? 2 : 1 }
    }

    /// EDM's ρ-grid under ve (K steps from 80 down to σ_min = 0.002, stopping there) and uniform grids.
    static let cases: [Case] = [
        Case(method: .heun, schedule: .ve, grid: { try HeunEDMSampler(steps: $0 + 1, endsAtZero: false).grid(schedule: .ve) }, label: "EDM 80→0.002 ρ=7"),
        Case(method: .heun, schedule: .vp, grid: { try TimeGrid(schedule: .vp, start: 1, end: 1e-3, steps: $0) }, label: "uniform 1→1e-3"),
        Case(method: .heun, schedule: .ou, grid: { try TimeGrid(schedule: .ou, start: 4, end: 0.02, steps: $0) }, label: "uniform 4→0.02"),
        Case(method: .ddim, schedule: .vp, grid: { try TimeGrid(schedule: .vp, start: 1, end: 1e-3, steps: $0) }, label: "uniform 1→1e-3"),
        Case(method: .ddim, schedule: .cosine, grid: { try TimeGrid(schedule: .cosine, start: 0.99, end: 1e-3, steps: $0) }, label: "uniform 0.99→1e-3"),
        Case(method: .ddim, schedule: .ve, grid: { try TimeGrid(schedule: .ve, start: 10, end: 0.01, steps: $0, spacing: .logUniform) }, label: "log-uniform 10→0.01"),
        Case(method: .ddpm, schedule: .vp, grid: { try TimeGrid(schedule: .vp, start: 1, end: 1e-3, steps: $0) }, label: "uniform 1→1e-3"),
        Case(method: .ddpm, schedule: .cosine, grid: { try TimeGrid(schedule: .cosine, start: 0.99, end: 1e-3, steps: $0) }, label: "uniform 0.99→1e-3"),
        Case(method: .ddpm, schedule: .ou, grid: { try TimeGrid(schedule: .ou, start: 4, end: 0.02, steps: $0, spacing: .logUniform) }, label: "log-uniform 4→0.02"),
    ]

    static func data() throws -> GaussianMixture {
        GaussianMixture(try Gaussian(mean: means, covariance: Matrix.diagonal(variances)))
    }

    @Test("Sample mean and variance match the exact affine recursion within 5 Monte-Carlo standard errors",
          arguments: cases)
    func samplesMatchRecursion(_ testCase: Case) throws {
        let count = 20_000, steps = 25
        let model = ExactMixtureScore(data: try Self.data(), schedule: testCase.schedule)
        let grid = try testCase.grid(steps)
        let stream = RandomStream(seed: 31)
        let initial = try model.marginal(at: grid.start).sample(count: count, stream: stream)
        let output = try testCase.sampler.run(model, from: initial, grid: grid, noise: stream)
        for j in 0..<2 {
            let law = SamplerAffineRecursion.law(testCase.method, schedule: testCase.schedule, times: grid.times,
                                                 mean: Self.means[j], variance: Self.variances[j])
            SamplerRecursion.expectMoments(output.column(j), match: law, "\(testCase.testDescription) coordinate \(j)")
        }
    }

    @Test("EDM with its last Euler step to σ = 0 (18 steps, [D]'s sampler) matches the recursion; the last step lands on the denoiser")
    func edmEndingAtZero() throws {
        let count = 20_000
        let edm = try HeunEDMSampler()
        let model = ExactMixtureScore(data: try Self.data(), schedule: .ve)
        let grid = try edm.grid(schedule: .ve)
        #expect(grid.steps == 18 && grid.start == 80 && grid.end == 0 && grid.times[17] == 0.002)
        let initial = try model.marginal(at: 80).sample(count: count, stream: RandomStream(seed: 32))
        let output = try edm.run(model, from: initial)
        for j in 0..<2 {
            let law = SamplerAffineRecursion.law(.heun, schedule: .ve, times: grid.times, mean: Self.means[j], variance: Self.variances[j])
            SamplerRecursion.expectMoments(output.column(j), match: law, "heun-edm ve coordinate \(j)")
        }
        // Under ve the Euler step from σ_min to 0 is x + (0 − σ)(x − D)/σ = D(x; σ_min).
        let before = try HeunSampler().run(model, from: initial, grid: try TimeGrid(schedule: .ve, times: Array(grid.times.dropLast())),
                                           noise: RandomStream(seed: 0))
        let denoised = try model.denoise(before, time: 0.002)
        // Two roundings of size |x| each in x + h(x − D)/σ versus (x + σ²∇log p)/1.
        #expect(output.maxAbsoluteDifference(denoised) <= 1e-12 * max(1, before.elements.map(abs).max()!))
    }

    @Test("W₂(sampler output law, p_{t₀}) ∝ K^{−p}: log-log slope over K = 25, 50, 100, 200 is −2 for Heun, −1 for DDIM and DDPM (± 0.15)",
          arguments: cases)
    func convergenceOrder(_ testCase: Case) throws {
        let stepCounts = [25, 50, 100, 200]
        let model = ExactMixtureScore(data: try Self.data(), schedule: testCase.schedule)
        let errors = try stepCounts.map { steps in
            let grid = try testCase.grid(steps)
            let output = try SamplerOutputLaw.law(of: testCase.sampler, drawsNoise: testCase.method == .ddpm, model: model,
                                                  grid: grid, start: try model.marginal(at: grid.start).components[0])
            // Cross-check with the independent recursion: the two laws agree to rounding (10⁻⁹ covers K steps
            // of rounding on moments of size ≤ 80², EDM's ve start).
            for j in 0..<2 {
                let law = SamplerAffineRecursion.law(testCase.method, schedule: testCase.schedule, times: grid.times,
                                                     mean: Self.means[j], variance: Self.variances[j])
                #expect(abs(output.mean[j] - law.mean) <= 1e-9 && abs(output.covariance[j, j] - law.variance) <= 1e-9,
                        "\(testCase.testDescription) K = \(steps) coordinate \(j): sampler \(output.mean[j]), \(output.covariance[j, j]) vs recursion \(law)")
            }
            return try SamplerOutputLaw.wasserstein(output, try model.marginal(at: grid.end).components[0])
        }
        let slope = SamplerRecursion.logLogSlope(stepCounts.map(Double.init), errors)
        print("sampler-convergence \(testCase.testDescription): W2 \(errors) slope \(slope)")
        // The tolerance allows the pre-asymptotic curvature of the error at K = 25 (higher-order terms).
        #expect(abs(slope + testCase.order) <= 0.15, "\(testCase.testDescription): slope \(slope), W₂ \(errors)")
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $1 < $0 }, "W₂ does not decrease: \(errors)")
    }
}
