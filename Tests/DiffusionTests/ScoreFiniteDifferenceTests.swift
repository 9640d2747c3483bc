import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra

@Suite("Score is the gradient of the log-density")
struct ScoreFiniteDifferenceTests {
    @Test("∇ log p_t equals central differences of log p_t (random mixtures, n ≤ 32, K ≤ 6, all schedules)")
    func scoreMatchesFiniteDifferences() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...32), Gen.int(in: 1...6), Gen.int(in: 0...3),
                                  Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, k, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            let model = ExactMixtureScore(data: try RandomMixture().make(dimension: n, components: k, stream: stream),
                                          schedule: schedule)
            let marginal = try model.marginal(at: time)
            let points = Support.points(of: marginal, count: 3, stream: stream)
            let score = try model.score(points, time: time)
            // Step h = 1e-4 (the laws have scale ≳ 0.1·s): truncation ≈ |D(2h) − D(h)|/3, rounding ≈ 8ε max|log p|/h.
            let fd = try Support.centralDifferences(at: points, step: 1e-4) { try model.logDensity($0, time: time) }
            for i in 0..<points.rows {
                for j in 0..<n {
                    // Tolerance: the Richardson truncation estimate (3× margin) plus the rounding bound.
                    let tolerance = fd.truncation[i, j] + fd.rounding[i] + 1e-9 * abs(score[i, j])
                    #expect(abs(fd.gradient[i, j] - score[i, j]) <= tolerance,
                            "n=\(n) K=\(k) \(schedule) t=\(time) point \(i) coordinate \(j): FD \(fd.gradient[i, j]) vs score \(score[i, j])")
                }
            }
        }
    }
}
