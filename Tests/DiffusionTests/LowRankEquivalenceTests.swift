import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra

@Suite("Low-rank components agree with the same covariance given in full")
struct LowRankEquivalenceTests {
    @Test("U diag(v) Uᵀ + δ²I as a low-rank component equals it as a dense covariance (log p_t, score, denoiser)")
    func lowRankEqualsFull() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...32), Gen.int(in: 1...4), Gen.int(in: 0...3),
                                  Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, k, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            var factory = RandomMixture()
            factory.lowRankProbability = 1
            let lowRank = try factory.make(dimension: n, components: k, stream: stream)
            let full = try GaussianMixture(weights: lowRank.weights, components: lowRank.components.map {
                try Gaussian(mean: $0.mean, covariance: $0.covariance.symmetrised)
            })
            let a = ExactMixtureScore(data: lowRank, schedule: schedule)
            let b = ExactMixtureScore(data: full, schedule: schedule)
            let points = Support.points(of: try a.marginal(at: time), count: 5, stream: stream)
            let logA = try a.logDensity(points, time: time), logB = try b.logDensity(points, time: time)
            for i in 0..<points.rows {
                // Eigenvalues in [0.01, 2.5]: κ ≤ 250 before noising; the dense route's dsyevr and the
                // low-rank route differ by ≲ κ·n·ε relative, well below 10⁻⁹.
                #expect(abs(logA[i] - logB[i]) <= 1e-9 * (1 + abs(logB[i])), "n=\(n) K=\(k) \(schedule) t=\(time)")
            }
            let scoreError = Support.relativeError(try a.score(points, time: time), try b.score(points, time: time))
            #expect(scoreError < 1e-8, "score relative error \(scoreError)")
            let denoiseError = Support.relativeError(try a.denoise(points, time: time), try b.denoise(points, time: time))
            #expect(denoiseError < 1e-8, "denoiser relative error \(denoiseError)")
        }
    }
}
