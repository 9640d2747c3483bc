import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import RandomStreams

/// Every fitted estimator with a log-density has a score equal to the gradient of that log-density, checked
/// against central finite differences (an independent computation: only `logDensity` is differentiated).
/// The KDE is covered by `KernelDensityTests.scoreIsGradient` (finite differences) and
/// `KernelDensityTests.matchesExactMixture` (= `ExactMixtureScore` of its law), so it is not repeated here.
@Suite("Estimator cross-checks: score = ∇ log-density by finite differences")
struct EstimatorCrossCheckTests {
    /// Compares ⟨ŝ(x), d⟩ with the central differences D(h) = (f(x + hd) − f(x − hd))/(2h) of f = log p_t,
    /// for every row x of `points` and a random unit-scale direction d per row.
    ///
    /// Tolerance: truncation, estimated by Richardson as |D(2h) − D(h)| (≈ 3× D(h)'s own truncation error);
    /// rounding of f, 8·n·ε·max(|f|, 1)/h; and `agreement`·(1 + |⟨ŝ, d⟩|), the rounding gap between the two
    /// implementations (score and log-density are computed by different code paths).
    static func expectGradient(score: Matrix, logDensity: (Matrix) throws -> [Double], points: Matrix, seed: UInt64,
                               step: Double, agreement: Double, label: String) throws {
        let n = points.columns
        let directions = Matrix.gaussian(rows: points.rows, columns: n, stream: RandomStream(seed: seed &+ 17))
        let offsets = [step, -step, 2 * step, -2 * step]
        var shifted = Matrix(rows: 4 * points.rows, columns: n)
        for i in 0..<points.rows {
            for (o, offset) in offsets.enumerated() {
                for j in 0..<n { shifted[4 * i + o, j] = points[i, j] + offset * directions[i, j] }
            }
        }
        let values = try logDensity(shifted)
        for i in 0..<points.rows {
            let d1 = (values[4 * i] - values[4 * i + 1]) / (2 * step)
            let d2 = (values[4 * i + 2] - values[4 * i + 3]) / (4 * step)
            let analytic = score.row(i).dot(directions.row(i))
            let largest = values[(4 * i)..<(4 * i + 4)].map(abs).max()!
            let tolerance = abs(d2 - d1) + 8 * Double(n) * Double.ulpOfOne * max(largest, 1) / step + agreement * (1 + abs(analytic))
            #expect(abs(d1 - analytic) <= tolerance, "\(label) row \(i): FD \(d1) vs ⟨ŝ, d⟩ \(analytic) (tol \(tolerance))")
        }
    }

    @Test("Gaussian fit: score = ∇ log p_t by central differences (n = 1…5, t ∈ [0.05, 3], ou)")
    func gaussianFitScoreIsGradient() async throws {
        await seededPropertyCheck(count: 20, input: Gen.int(in: 1...5), Gen.double(in: 0.05...3), Gen.int(in: 0...1_000_000)) { n, t, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let samples = 1.5 * Matrix.gaussian(rows: 4 * n + 8, columns: n, stream: stream)
            let fitted = try GaussianMaximumLikelihood().fit(samples, schedule: .ou)
            let points = try fitted.exact.marginal(at: t).sample(count: 6, stream: stream)
            // log p_t is quadratic: D(h) has no truncation error, so only rounding counts; the score
            // −(s²(Σ̂ + σ²I))⁻¹(x − sμ̂) and log p_t share the spectral factorisation of Σ̂: agreement 1e-10
            // covers its condition number (≤ 10³ for 4n + 8 Gaussian rows, checked by the draws).
            try Self.expectGradient(score: try fitted.score(points, time: t), logDensity: { try fitted.logDensity($0, time: t) },
                                    points: points, seed: UInt64(seed), step: 1e-3, agreement: 1e-10,
                                    label: "seed \(seed) n=\(n) t=\(t)")
        }
    }

    @Test("Low-rank fit: score = ∇ log p_t of its law (ExactMixtureScore) by central differences (n = 1…5, t ∈ [0.05, 3], ou)")
    func lowRankFitScoreIsGradient() async throws {
        await seededPropertyCheck(count: 20, input: Gen.int(in: 1...5), Gen.double(in: 0.05...3), Gen.int(in: 0...1_000_000)) { n, t, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let d = max(1, n / 2)
            let samples = Matrix.gaussian(rows: 30, columns: n, stream: stream)
            let fitted = try LowRankSubspaceFit(subspaces: 2, dimension: d, restarts: 2, seed: UInt64(seed)).fit(samples, schedule: .ou)
            let law = ExactMixtureScore(data: try #require(fitted.law), schedule: .ou)
            let points = try law.marginal(at: t).sample(count: 6, stream: stream)
            // The score comes from the closed-form MoLRG denoiser and Tweedie (LowRankMixtureScore), the
            // log-density from the general mixture code: an independent path. Both are O(1)-conditioned at
            // t ≥ 0.05 (noised variances ≥ s²σ² ≈ 0.05), so they agree to ~10⁴ ε: agreement 1e-10.
            try Self.expectGradient(score: try fitted.score(points, time: t), logDensity: { try law.logDensity($0, time: t) },
                                    points: points, seed: UInt64(seed), step: 1e-4, agreement: 1e-10,
                                    label: "seed \(seed) n=\(n) d=\(d) t=\(t)")
        }
    }
}
