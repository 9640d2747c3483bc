import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// The closed forms at the edges of their range: t → 0 and t → T, variances of 1e-12 and 1e12, covariances
/// with condition number 1e12–1e15, components 50σ apart. No NaN or Inf may reach log p_t, ∇log p_t or
/// E[x₀|x_t]; where digits are lost, `conditioningWarnings` says so.
@Suite("Closed forms at the extremes")
struct ExtremeRegimeTests {
    /// Extreme times of each schedule: t = 1e-12, and its end (vp at 1, cosine just below 1, ou at 50,
    /// 800 (where σ² = eᵗ − 1 overflows) and 10⁴ (where s = e^{-t/2} underflows to 0), ve at σ = 10⁶ and
    /// at its largest time 1e150).
    static let extremeTimes: [(NoiseSchedule, Double)] = [
        (.ve, 1e-12), (.vp, 1e-12), (.ou, 1e-12), (.cosine, 1e-12),
        (.vp, 1), (.cosine, 1 - 1e-9), (.ou, 50), (.ou, 800), (.ou, 1e4), (.ve, 1e6), (.ve, NoiseSchedule.maximumVETime),
    ]

    static func allFinite(_ values: [Double]) -> Bool { values.allSatisfy(\.isFinite) }

    @Test("log p_t, ∇log p_t and E[x₀|x_t] stay finite at t = 1e-12 and at the end of every schedule")
    func finiteAtExtremeTimes() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...5), Gen.int(in: 1...4), Gen.int(in: 0...1_000_000)) { n, k, seed in
            let stream = RandomStream(seed: UInt64(seed))
            var family = RandomMixture()
            family.eigenvalueRange = 1e-6...1e6
            let data = try family.make(dimension: n, components: k, stream: stream)
            for (schedule, time) in Self.extremeTimes {
                let model = ExactMixtureScore(data: data, schedule: schedule)
                // Points of p_t, plus points 1e3 away, where every responsibility but one underflows.
                var points = try model.marginal(at: time).sample(count: 3, stream: stream)
                points = Matrix(rowArrays: points.rowArrays + points.rowArrays.map { $0.map { $0 + 1e3 } })
                let logDensity = try model.logDensity(points, time: time)
                let score = try model.score(points, time: time)
                let denoised = try model.denoise(points, time: time)
                #expect(Self.allFinite(logDensity) && Self.allFinite(score.elements) && Self.allFinite(denoised.elements),
                        "\(schedule) t=\(time): log p \(logDensity), score \(score.elements), denoised \(denoised.elements)")
            }
        }
    }

    @Test("at the end of ou (t = 10⁴, s = 0 in double precision) p_t is N(0, I) and E[x₀|x_t] is the data mean, exactly")
    func ornsteinUhlenbeckEnd() throws {
        let data = try RandomMixture().make(dimension: 3, components: 3, stream: RandomStream(seed: 5))
        let model = ExactMixtureScore(data: data, schedule: .ou)
        let points = Matrix(rowArrays: [[0.3, -1, 2], [1e3, 0, -5]])
        // γ² = −expm1(−10⁴) = 1 exactly and s = 0, so every component of p_t is N(0, I) exactly. The
        // score −x is Σ_k w_k·(−x·V_k·V_kᵀ): V_k is orthonormal to a few ulps (dsyevr), and the weights
        // w_k = exp(log π_k N_k − log p) carry the absolute rounding of log-densities of size ½‖x‖², i.e. a
        // relative error of about ε·‖x‖² (1e-10 at ‖x‖ = 10³, inherent to log-space evaluation), hence
        // 1e-15·(1 + ‖x‖²)·max|x|. log p = −½(3 log 2π + ‖x‖²) to the rounding of ‖xV‖² (relative 1e-15).
        let score = try model.score(points, time: 1e4)
        for i in 0..<2 {
            let size = points.row(i).map(abs).max()!, squaredNorm = points.row(i).reduce(0) { $0 + $1 * $1 }
            for j in 0..<3 { #expect(abs(score[i, j] + points[i, j]) <= 1e-15 * (1 + squaredNorm) * size) }
        }
        let expected = points.rowArrays.map { -0.5 * (3 * log(2 * Double.pi) + $0.reduce(0) { $0 + $1 * $1 }) }
        for (value, reference) in zip(try model.logDensity(points, time: 1e4), expected) {
            #expect(abs(value - reference) <= 1e-15 * abs(reference))
        }
        // E[x₀|x_t] = Σ_k w_k μ_k with w_k = π_k up to the rounding of the K quadratic forms ‖xV_k‖², each
        // off by about ε·‖x‖²: the weights, and so the result, carry a relative error of order 1e-15·(1 + ‖x‖²).
        let denoised = try model.denoise(points, time: 1e4)
        let largestMean = data.components.flatMap(\.mean).map(abs).max()!
        for i in 0..<2 {
            let squaredNorm = points.row(i).reduce(0) { $0 + $1 * $1 }
            for j in 0..<3 {
                #expect(abs(denoised[i, j] - data.mean[j]) <= 1e-14 * (1 + squaredNorm) * max(1, largestMean), "\(denoised) vs \(data.mean)")
            }
        }
    }

    @Test("variances of 1e-12 and 1e12: score and log-density match the isotropic closed form to 1e-13")
    func tinyAndHugeVariances() throws {
        for variance in [1e-12, 1e12] {
            let scale = variance.squareRoot()
            let mean = [1.0, -2, 0.5].map { $0 * scale }
            let gaussian = try Gaussian(mean: mean, covariance: variance * Matrix.identity(3))
            let model = ExactMixtureScore(data: GaussianMixture(gaussian), schedule: .ve)
            let points = Matrix(rowArrays: [[0.2, 0.1, -3], [5, 5, 5], [1, -2, 0.5]].map { $0.map { $0 * scale } })
            let score = try model.score(points, time: 0)
            let logDensity = try model.logDensity(points, time: 0)
            for i in 0..<points.rows {
                let offset = (0..<3).map { points[i, $0] - mean[$0] }
                let quadratic = offset.reduce(0) { $0 + $1 * $1 } / variance
                let reference = -0.5 * (3 * log(2 * Double.pi * variance) + quadratic)
                // One whitening (1/√v), a sum of 3 squares and a log: a few ulps of the largest term
                // (|log(2πv)| ≈ 27 here), hence 1e-13 relative to max(1, |log p|).
                #expect(abs(logDensity[i] - reference) <= 1e-13 * max(1, abs(reference)), "v=\(variance): \(logDensity[i]) vs \(reference)")
                for j in 0..<3 {
                    let exact = -offset[j] / variance
                    // −W z with W = I/√v: two roundings per coordinate, relative to the largest coordinate.
                    let size = offset.map(abs).max()! / variance
                    #expect(abs(score[i, j] - exact) <= 1e-14 * size, "v=\(variance): \(score[i, j]) vs \(exact)")
                }
            }
        }
    }

    @Test("condition number 1e12–1e15: diagonal covariances stay exact, rotated ones within κ·ε, and a warning names the component")
    func nearlySingular() throws {
        for (kappa, shown) in [(3e12, "3.0e12"), (1e13, "1.0e13"), (1e15, "1.0e15")] {
            let diagonal = Matrix(rowArrays: [[1, 0], [0, 1 / kappa]])
            let data = GaussianMixture(try Gaussian(mean: [0, 0], covariance: diagonal))
            let points = Matrix(rowArrays: [[0.5, 1e-7], [-2, 3e-8]])
            let score = try ExactMixtureScore(data: data, schedule: .ve).score(points, time: 0)
            for i in 0..<2 {
                // The eigendecomposition of a diagonal matrix is exact: each coordinate is −x_j/λ_j to 2 ulps.
                #expect(abs(score[i, 0] + points[i, 0]) <= 4e-16 * abs(points[i, 0]))
                #expect(abs(score[i, 1] + points[i, 1] * kappa) <= 4e-16 * abs(points[i, 1] * kappa))
            }
            let warnings = data.conditioningWarnings()
            let digits = Int(log10(kappa).rounded())
            #expect(warnings.count == 1 && warnings.first?.field == "components[0].covariance", "\(warnings)")
            #expect(warnings.first?.description.contains("condition number \(shown); scores may lose up to \(digits) of 16 digits") == true,
                    "\(warnings)")

            // Rotated by 30°: Σ = R diag(1, 1/κ) Rᵀ is stored rounded, so λ_min is known to ε·λ_max only:
            // the score keeps a relative accuracy of about κ·ε (2e-4 at κ = 1e12, 0.2 at 1e15): a bound of
            // 10·κ·ε in the norm of the exact score.
            let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
            let rotation = Matrix(rowArrays: [[c, -s], [s, c]])
            let rotated = Matrix.product(rotation.scalingColumns(by: [1, 1 / kappa]), rotation, transposeB: true)
            let tilted = ExactMixtureScore(data: GaussianMixture(try Gaussian(mean: [0, 0], covariance: rotated.symmetrised)), schedule: .ve)
            let x = [0.4, -0.3]
            let local = rotation.transposedTimes(x)
            let exact = rotation * [-local[0], -local[1] * kappa]
            let computed = try tilted.score(Matrix(rowArrays: [x]), time: 0).row(0)
            let errorNorm = hypot(computed[0] - exact[0], computed[1] - exact[1])
            #expect(computed.allSatisfy { $0.isFinite })
            #expect(errorNorm <= 10 * kappa * Double.ulpOfOne * hypot(exact[0], exact[1]), "κ=\(kappa): \(computed) vs \(exact)")
        }
        // Noise repairs the conditioning: at σ² = 1e-6 the marginal's κ is about 1e6, no warning.
        let data = GaussianMixture(try Gaussian(mean: [0, 0], covariance: Matrix(rowArrays: [[1, 0], [0, 1e-13]])))
        #expect(try ExactMixtureScore(data: data, schedule: .ve).numericalWarnings(at: 1e-3).isEmpty)
        #expect(GaussianMixture(try Gaussian(mean: [0, 0], covariance: Matrix(rowArrays: [[1, 0], [0, 1e-6]]))).conditioningWarnings().isEmpty)
    }

    @Test("a rank-deficient component at t = 1e-12 (σ² = 1e-24 off its subspace) gives finite scores and a warning")
    func lowRankNearTimeZero() throws {
        let gaussian = try Gaussian(mean: [0, 0, 0], basis: Matrix(rowArrays: [[1], [0], [0]]), variances: [1], noise: 0)
        let model = ExactMixtureScore(data: GaussianMixture(gaussian), schedule: .ve)
        let points = Matrix(rowArrays: [[0.5, 1e-12, -2e-12]])
        let score = try model.score(points, time: 1e-12)
        // Off the subspace the score is −e/σ² = −(0, 1e-12, −2e-12)/1e-24: exact up to the rounding of the
        // residual e = x − UUᵀx (exact here: U is a coordinate axis) and of 1/σ².
        #expect(abs(score[0, 0] + 0.5) <= 1e-15 && abs(score[0, 1] + 1e12) <= 1e-3 && abs(score[0, 2] - 2e12) <= 1e-3, "\(score)")
        let warnings = try model.numericalWarnings(at: 1e-12)
        #expect(warnings.map(\.description) == ["components[0]: condition number 1.0e24 at t = 1e-12; scores may keep no reliable digit in its worst direction"])
    }

    @Test("components 50σ apart: responsibilities underflow but log-space keeps log p, the score and E[x₀|x] exact")
    func farApartComponents() throws {
        let left = try Gaussian(mean: [-25], covariance: Matrix(rowArrays: [[1]]))
        let right = try Gaussian(mean: [25], covariance: Matrix(rowArrays: [[1]]))
        let data = try GaussianMixture(weights: [1, 1], components: [left, right])
        let model = ExactMixtureScore(data: data, schedule: .ve)
        // At x = 26 the left component's term is e^{−(51² − 1)/2} ≈ e^{−1300} relative: 0 in double precision.
        let points = Matrix(rowArrays: [[26], [0], [-1e3]])
        let logDensity = try model.logDensity(points, time: 0)
        let score = try model.score(points, time: 0)
        let denoised = try model.denoise(points, time: 0)
        let halfLog2Pi = 0.5 * log(2 * Double.pi)
        // One component dominates: log p = log ½ − ½ log 2π − ½(x − μ)²; a few ulps of the largest term.
        #expect(abs(logDensity[0] - (log(0.5) - halfLog2Pi - 0.5)) <= 1e-15 * 2)
        #expect(abs(logDensity[2] - (log(0.5) - halfLog2Pi - 0.5 * 975 * 975)) <= 1e-15 * 0.5 * 975 * 975)
        #expect(score[0, 0] == -1 && score[2, 0] == 975)
        // Midway, by symmetry, the score is 0 (the two terms cancel exactly) and log p = −½ log 2π − 312.5.
        #expect(abs(score[1, 0]) <= 1e-13)
        #expect(abs(logDensity[1] - (-halfLog2Pi - 312.5)) <= 1e-15 * 313)
        // At t = 0 the posterior mean of x₀ given x₀ is x₀ itself.
        #expect(denoised.elements == points.elements)
    }

    @Test("the posterior-mean denoiser equals Tweedie's (x + γ²∇log p_t)/s where Tweedie does not cancel")
    func posteriorMeanMatchesTweedie() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...8), Gen.int(in: 1...4), Gen.int(in: 0...3),
                                  Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, k, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            let model = ExactMixtureScore(data: try RandomMixture().make(dimension: n, components: k, stream: stream), schedule: schedule)
            let points = try model.marginal(at: time).sample(count: 5, stream: stream)
            let stable = try model.denoise(points, time: time)
            let tweedie = try (model as any ScoreModel).denoise(points, time: time)
            // Tweedie loses a factor ‖x‖/(s‖E[x₀|x]‖) ≤ about 1e3 at these times (s ≥ e^{-2}, data within
            // ~10), times κ(s²Σ + γ²I)·ε ≤ 2e4·2e-16 of the score: 1e-8 relative covers both.
            #expect(Support.relativeError(stable, tweedie) <= 1e-8, "\(schedule) t=\(time)")
        }
    }
}
