import Foundation
import Testing
import PropertyBased
import PropertySupport
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Divergence: χ²")
struct DivergenceChiSquaredTests {
    typealias F = DivergenceFixtures
    static let epsilon = Double.ulpOfOne

    /// A Gaussian Q = N(mean of P, c·I) wide enough that 3Σᵢ⁻¹ − 2Σ_Q⁻¹ ≻ 0 for every component
    /// (c ≥ 2·largest variance): then E_P[(p/q)²] < ∞ and the Monte-Carlo standard error is meaningful.
    static func wideGaussian(around p: GaussianMixture, factor: Double = 2) throws -> Gaussian {
        try F.isotropic(mean: p.mean, variance: factor * F.largestVariance(p) + 1)
    }

    @Test("χ²(N(μ, I)‖N(0, I)) = exp(‖μ‖²) − 1 [B, §4], n = 1…32")
    func shiftedIdentity() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...32), Gen.int(in: 0...1_000_000)) { n, seed in
            let mu = RandomStream(seed: UInt64(seed)).gaussians(n).map { $0 * 1.5 / sqrt(Double(n)) }
            let chi2 = try GaussianDivergence.chiSquared(from: F.isotropic(mean: mu, variance: 1),
                                                         to: F.isotropic(mean: [Double](repeating: 0, count: n), variance: 1))
            let expected = mu.dot(mu)
            // Compared as log(1 + χ²) = ‖μ‖²: with Σ = I the computation is hᵀh − k plus exact zeros; rounding is a
            // few n·ε·‖μ‖² (‖μ‖² ≈ 2.25 here).
            #expect(abs(log1p(chi2.value) - expected) <= 64 * Double(n) * Self.epsilon * (1 + expected),
                    "n = \(n): log(1+χ²) = \(log1p(chi2.value)), ‖μ‖² = \(expected)")
        }
    }

    @Test("χ²(N(0, aI_d)‖N(0, bI_d)) = (b/√(a(2b−a)))^d − 1 for a < 2b and +∞ (with a note) for a ≥ 2b [B, §4]")
    func scaledIdentity() async throws {
        await seededPropertyCheck(count: 80, input: Gen.int(in: 1...32), Gen.double(in: 0.1...3), Gen.double(in: 0.1...3)) { d, a, b in
            let zero = [Double](repeating: 0, count: d)
            let result = try GaussianDivergence.chiSquared(from: F.isotropic(mean: zero, variance: a),
                                                           to: F.isotropic(mean: zero, variance: b))
            if a >= 2 * b {
                #expect(result.value == .infinity && result.note != nil, "a = \(a), b = \(b): \(result.value)")
            } else if result.value.isFinite {
                let expected = Double(d) * (log(b) - 0.5 * log(a) - 0.5 * log(2 * b - a))
                // log det M = d·log(2/a − 1/b) loses relative accuracy cond = (2/a + 1/b)/(2/a − 1/b), and so does
                // log(2b − a) in the reference; the other terms are d·ε·|log|. 64·d·ε·(1 + |logs| + cond) covers both.
                let condition = (2 / a + 1 / b) / (2 / a - 1 / b)
                let tolerance = 64 * Double(d) * Self.epsilon * (1 + abs(log(a)) + abs(log(b)) + abs(log(2 * b - a)) + condition)
                #expect(abs(log1p(result.value) - expected) <= tolerance, "d = \(d), a = \(a), b = \(b)")
            } else {
                // Reported infinite although a < 2b: allowed only when 2/a − 1/b is within rounding of 0.
                #expect((2 / a - 1 / b) <= 16 * Double(d) * Self.epsilon * (2 / a + 1 / b) && result.note != nil)
            }
        }
    }

    @Test("χ² at and across the boundary a = 2b is +∞ with a reason, never a large finite number",
          arguments: [1.0, 0.5, 3.0])
    func boundary(b: Double) throws {
        let zero = [0.0, 0.0, 0.0]
        for a in [2 * b, 2 * b * (1 + 1e-15), 2 * b * (1 - 2e-16), 3 * b] {
            let result = try GaussianDivergence.chiSquared(from: F.isotropic(mean: zero, variance: a), to: F.isotropic(mean: zero, variance: b))
            #expect(result.value == .infinity, "a = \(a), b = \(b): \(result.value)")
            #expect(result.note?.contains("positive definite") == true || result.note?.contains("singular") == true)
        }
    }

    @Test("closed-form χ²(mixture‖Gaussian) = Monte Carlo within 4 standard errors (fixed seeds)",
          arguments: [(1, 1, 31), (1, 4, 32), (2, 3, 33), (3, 6, 34), (5, 2, 35), (8, 5, 36)])
    func mixtureMatchesMonteCarlo(n: Int, k: Int, seed: Int) throws {
        // n ≤ 8: with Q = N(mean, c·I) the weights p/q grow like exp(O(n)); beyond n ≈ 8 the variance of p/q makes
        // a 4-SE check at 40 000 draws uninformative (the SE itself becomes unreliable).
        let p = try F.mixture(dimension: n, components: k, seed: seed, meanSpread: 0.7)
        let q = try Self.wideGaussian(around: p)
        let exact = try GaussianDivergence.chiSquared(from: p, to: q)
        #expect(exact.value.isFinite && exact.method == .closedForm)
        let estimate = try MonteCarloDivergence.chiSquared(from: p, to: GaussianMixture(q), samples: 40_000,
                                                           stream: RandomStream(seed: UInt64(seed)))
        // 4 SE: the weights have finite variance by the choice of Q (see `wideGaussian`), so the CLT applies.
        #expect(abs(estimate.value - exact.value) <= 4 * estimate.standardError,
                "n = \(n), K = \(k): MC \(estimate.value) ± \(estimate.standardError), exact \(exact.value)")
        #expect(estimate.isReliable, "unexpected heavy-tail flag: \(estimate.note ?? "")")
    }

    @Test("mixing lemma χ²(αp + (1−α)r ‖ p) = (1−α)²·χ²(r‖p), both sides closed form [B, §4] (der), n = 1…32")
    func mixingLemma() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...32), Gen.int(in: 1...5), Gen.double(in: 0.01...0.99), Gen.int(in: 0...1_000_000)) { n, k, alpha, seed in
            let r = try F.mixture(dimension: n, components: k, seed: seed, meanSpread: 1 / sqrt(Double(n)))
            let p = try Self.wideGaussian(around: r, factor: 1)
            let mixed = try GaussianMixture(weights: Array([[alpha], r.weights.map { (1 - alpha) * $0 }].joined()), components: [p] + r.components)
            let lhs = try GaussianDivergence.chiSquared(from: mixed, to: p).value
            let rhs = try GaussianDivergence.chiSquared(from: r, to: p).value
            #expect(lhs.isFinite && rhs.isFinite)
            let scaled = (1 - alpha) * (1 - alpha) * rhs
            // In log(1 + ·): each pair integral carries ≈ n·κ·ε·(1 + its exponent) of rounding (κ ≤ 250 for low-rank
            // components with noise 0.01, exponents O(1) with this mean spread): ≲ 2e-12 worst case, ≈ 1e-15 observed.
            // The left side also holds the pairs (p, p) and (p, rⱼ), whose integrals are exactly 1 but round alike.
            #expect(abs(log1p(lhs) - log1p(scaled)) <= 1e-11 * (1 + log1p(scaled)),
                    "n = \(n), K = \(k), α = \(alpha): lhs \(lhs), (1−α)²·rhs \(scaled)")
        }
    }

    @Test("Monte-Carlo χ² flags heavy-tailed weights (Pareto k̂ > 0.7) when χ² = ∞ (P = N(0, 4I), Q = N(0, I), a ≥ 2b)",
          arguments: [1, 2, 3])
    func heavyTailNote(n: Int) throws {
        let zero = [Double](repeating: 0, count: n)
        let p = GaussianMixture(try F.isotropic(mean: zero, variance: 4)), q = GaussianMixture(try F.isotropic(mean: zero, variance: 1))
        #expect(try GaussianDivergence.chiSquared(from: p, to: q.components[0]).value == .infinity)
        // p/q = 2⁻ⁿ·exp(3‖x‖²/8) under ‖x‖² ~ 4χ²ₙ has infinite mean (tail shape ≥ 1 > 0.7).
        let estimate = try MonteCarloDivergence.chiSquared(from: p, to: q, samples: 10_000, stream: RandomStream(seed: 7))
        #expect(!estimate.isReliable && estimate.note?.contains("UNRELIABLE") == true,
                "n = \(n): \(estimate.value) ± \(estimate.standardError), note \(estimate.note ?? "nil")")
    }

    @Test("χ²(mixture‖mixture): Monte Carlo ≤ closed-form upper bound 1/Σⱼ(ωⱼ/Hⱼ) − 1 + 4 SE (der), and = closed form for K_Q = 1",
          arguments: [(1, 3, 2, 41), (2, 2, 3, 42), (4, 4, 2, 43)])
    func upperBoundWithMixtureTarget(n: Int, kp: Int, kq: Int, seed: Int) throws {
        let p = try F.mixture(dimension: n, components: kp, seed: seed, meanSpread: 0.7)
        let wide = try Self.wideGaussian(around: p)
        // Q: the wide Gaussian plus random components, so that the bound is finite through the wide one.
        let extra = try F.mixture(dimension: n, components: kq, seed: seed + 9, meanSpread: 0.7)
        let q = try GaussianMixture(weights: Array([[1.0], extra.weights].joined()), components: [wide] + extra.components)
        let bound = try #require(try MixtureDivergenceBounds.chiSquaredUpperBound(from: p, to: q))
        let estimate = try MonteCarloDivergence.chiSquared(from: p, to: q, samples: 40_000, stream: RandomStream(seed: UInt64(seed)))
        // The bound is exact; 4 SE as in the mixture test (q ≥ ω₁·wide keeps p/q's variance finite).
        #expect(estimate.value <= bound + 4 * estimate.standardError, "MC \(estimate.value) ± \(estimate.standardError), bound \(bound)")
        let single = try #require(try MixtureDivergenceBounds.chiSquaredUpperBound(from: p, to: GaussianMixture(wide)))
        let exact = try GaussianDivergence.chiSquared(from: p, to: wide).value
        // K_Q = 1: the bound is 1/(1/H) − 1 = H − 1, the closed form; exp/log round trip costs a few ε·(1 + χ²).
        #expect(abs(single - exact) <= 1e-13 * (1 + exact))
    }
}
