import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

/// A score model that returns 0 everywhere: under it the reverse SDE is pure drift plus noise.
struct ZeroScore: ScoreModel {
    let schedule: NoiseSchedule
    let dimension: Int
    func score(_ points: Matrix, time: Double) throws -> Matrix { Matrix(rows: points.rows, columns: points.columns) }
}

@Suite("Samplers: seeded noise, time grids, prior")
struct SamplerNoiseTests {
    static func mixture() throws -> GaussianMixture {
        try RandomMixture().make(dimension: 3, components: 2, stream: RandomStream(seed: 5))
    }

    @Test("Same seed gives the same bits; a different seed does not")
    func sameSeedSameBits() throws {
        let model = ExactMixtureScore(data: try Self.mixture(), schedule: .ou)
        let grid = try TimeGrid(schedule: .ou, start: 4, end: 0.02, steps: 30)
        let initial = try ReverseDiffusionPrior.priorSamples(count: 300, dimension: 3, schedule: .ou, time: 4, stream: RandomStream(seed: 1))
        for sampler in [EulerMaruyamaSampler() as any ReverseTimeSampler, ProbabilityFlowEulerSampler()] {
            let first = try sampler.run(model, from: initial, grid: grid, noise: RandomStream(seed: 77))
            let second = try sampler.run(model, from: initial, grid: grid, noise: RandomStream(seed: 77))
            #expect(first.elements == second.elements, "\(sampler.name)")
        }
        let other = try EulerMaruyamaSampler().run(model, from: initial, grid: grid, noise: RandomStream(seed: 78))
        #expect(other.elements != (try EulerMaruyamaSampler().run(model, from: initial, grid: grid, noise: RandomStream(seed: 77))).elements)
    }

    @Test("Every score model receives the same noise: the zero score gives the pure-noise recursion, and each step draws count·n normals")
    func noiseIsIndependentOfTheScore() throws {
        let grid = try TimeGrid(schedule: .vp, start: 1, end: 1e-3, steps: 40, spacing: .logUniform)
        let initial = Matrix.gaussian(rows: 50, columns: 3, stream: RandomStream(seed: 2))
        let zero = try EulerMaruyamaSampler().run(ZeroScore(schedule: .vp, dimension: 3), from: initial, grid: grid,
                                                  noise: RandomStream(seed: 8))
        // The documented noise order, replayed: step k draws 50·3 normals row by row; x′ = x − f x Δ + g√Δ z.
        let replay = RandomStream(seed: 8)
        var expected = initial
        for k in 0..<grid.steps {
            let t = grid.times[k], delta = t - grid.times[k + 1]
            let f = NoiseSchedule.vp.drift(at: t), g2 = NoiseSchedule.vp.diffusionSquared(at: t)
            let z = replay.gaussians(expected.elements.count)
            for index in expected.elements.indices {
                expected.elements[index] = expected.elements[index] - f * expected.elements[index] * delta + (g2 * delta).squareRoot() * z[index]
            }
        }
        #expect(zero.elements == expected.elements)

        // With the exact score the stream is left exactly where the zero score left it.
        let afterExact = RandomStream(seed: 8)
        _ = try EulerMaruyamaSampler().run(ExactMixtureScore(data: try Self.mixture(), schedule: .vp), from: initial,
                                           grid: grid, noise: afterExact)
        #expect(afterExact.gaussian() == replay.gaussian())
        // The ODE draws nothing.
        let untouched = RandomStream(seed: 8)
        _ = try ProbabilityFlowEulerSampler().run(ZeroScore(schedule: .vp, dimension: 3), from: initial, grid: grid, noise: untouched)
        #expect(untouched.gaussian() == RandomStream(seed: 8).gaussian())
    }

    @Test("Time grids: endpoints exact, uniform and log-uniform spacing, bad grids throw")
    func timeGrids() throws {
        let uniform = try TimeGrid(schedule: .ou, start: 4, end: 0.02, steps: 500)
        #expect(uniform.times.count == 501 && uniform.start == 4 && uniform.end == 0.02)
        let widths = zip(uniform.times, uniform.times.dropFirst()).map { $0 - $1 }
        // Each width is (4 − 0.02)/500 up to the rounding of two times of size ≤ 4.
        #expect(widths.allSatisfy { abs($0 - 3.98 / 500) <= 8 * 4 * Double.ulpOfOne })
        let logarithmic = try TimeGrid(schedule: .vp, start: 1, end: 1e-3, steps: 30, spacing: .logUniform)
        let ratios = zip(logarithmic.times, logarithmic.times.dropFirst()).map { $1 / $0 }
        // Constant ratio (10⁻³)^{1/30}; exp/log round each time to a few ulps.
        #expect(ratios.allSatisfy { abs($0 - pow(1e-3, 1.0 / 30)) <= 1e-13 })
        #expect(logarithmic.end == 1e-3)

        #expect(throws: InputError(source: "", field: "steps", reason: "0 must be at least 1")) {
            try TimeGrid(schedule: .ou, start: 1, end: 0, steps: 0)
        }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .vp, start: 1.5, end: 0.1, steps: 10) }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .ou, start: 1, end: 2, steps: 10) }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .ou, start: 1, end: -0.1, steps: 10) }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .ou, start: 1, end: 0, steps: 10, spacing: .logUniform) }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .cosine, start: 1, end: 0.1, steps: 10) }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .ve, times: [1, 1, 0.5]) }
        #expect(throws: InputError.self) { try TimeGrid(schedule: .ve, times: [1]) }
    }

    @Test("Samplers reject a grid of another schedule and points of the wrong dimension")
    func samplerInputs() throws {
        let model = ExactMixtureScore(data: try Self.mixture(), schedule: .ou)
        let grid = try TimeGrid(schedule: .ou, start: 1, end: 0.1, steps: 5)
        #expect(throws: InputError.self) {
            try EulerMaruyamaSampler().run(model, from: Matrix(rows: 4, columns: 2), grid: grid, noise: RandomStream(seed: 1))
        }
        #expect(throws: InputError.self) {
            try ProbabilityFlowEulerSampler().run(model, from: Matrix(rows: 4, columns: 3),
                                                  grid: try TimeGrid(schedule: .vp, start: 1, end: 0.1, steps: 5), noise: RandomStream(seed: 1))
        }
    }

    @Test("The prior is γ(T) times standard normals drawn row by row (ou: γ² = 1 − e^{−T})")
    func prior() throws {
        let draws = try ReverseDiffusionPrior.priorSamples(count: 10, dimension: 4, schedule: .ou, time: 4, stream: RandomStream(seed: 3))
        let gamma = (-expm1(-4.0)).squareRoot()
        let normals = RandomStream(seed: 3).gaussians(40)
        for index in normals.indices {
            // γ is computed as s·σ by the schedule; compare to rounding.
            #expect(abs(draws.elements[index] - gamma * normals[index]) <= 4 * Double.ulpOfOne * abs(gamma * normals[index]))
        }
        #expect(throws: InputError.self) {
            try ReverseDiffusionPrior.priorSamples(count: 1, dimension: 1, schedule: .vp, time: 2, stream: RandomStream(seed: 3))
        }
    }
}
