import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra

@Suite("One-component mixtures reduce to the Gaussian formulas")
struct OneComponentTests {
    @Test("K = 1: log p_t and ∇log p_t equal the dense Gaussian formulas (Cholesky) for N(sμ, s²Σ + γ²I)")
    func oneComponentMatchesGaussian() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...32), Gen.int(in: 0...3), Gen.double(in: 0...1),
                                  Gen.int(in: 0...1_000_000)) { n, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            let data = try RandomMixture().make(dimension: n, components: 1, stream: stream)
            let model = ExactMixtureScore(data: data, schedule: schedule)
            let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
            let reference = try Support.denseNoisedComponent(data.components[0], s: s, gamma: gamma)
            let points = Support.points(of: try model.marginal(at: time), count: 5, stream: stream)
            let logDensity = try model.logDensity(points, time: time)
            let score = try model.score(points, time: time)
            for i in 0..<points.rows {
                let expectedLog = try reference.logDensity(points.row(i))
                let expectedScore = try reference.score(points.row(i))
                // Log-density: both sides sum n terms of size ≲ n·log κ and a quadratic form ≈ n; relative
                // rounding ≲ κ·n·ε ≈ 2·10⁴·32·10⁻¹⁶ ≈ 10⁻¹⁰, tolerance 10⁻⁸ relative to 1 + |log p|.
                #expect(abs(logDensity[i] - expectedLog) <= 1e-8 * (1 + abs(expectedLog)), "n=\(n) \(schedule) t=\(time)")
                let scoreError = Support.relativeError(Matrix(rows: 1, columns: n, elements: score.row(i)),
                                                       Matrix(rows: 1, columns: n, elements: expectedScore))
                #expect(scoreError < 1e-8, "n=\(n) \(schedule) t=\(time): score relative error \(scoreError)")
            }
        }
    }
}
