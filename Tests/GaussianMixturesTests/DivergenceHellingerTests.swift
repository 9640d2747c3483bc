import Foundation
import Testing
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Divergence: squared Hellinger distance H² = 1 − ∫√(pq)")
struct DivergenceHellingerTests {
    typealias F = DivergenceFixtures

    /// ∫√(p q) over ℝ by the trapezoid rule on [−40, 40] with 400 001 nodes (spacing 2·10⁻⁴): the integrand
    /// is smooth and below 10⁻³⁰ at the ends for the laws used here, so the rule is exact to far below 10⁻¹⁰
    /// (spectral accuracy for smooth decaying integrands); H² = 1 − that.
    static func quadrature(_ p: GaussianMixture, _ q: GaussianMixture) throws -> Double {
        let count = 400_001, step = 80.0 / Double(count - 1)
        let points = Matrix(rows: count, columns: 1, elements: (0..<count).map { -40 + Double($0) * step })
        let logP = try p.logDensity(points), logQ = try q.logDensity(points)
        var sum = 0.0
        for i in 0..<count { sum += exp(0.5 * (logP[i] + logQ[i])) }
        return 1 - sum * step
    }

    static func gaussian1D(_ mean: Double, _ variance: Double) throws -> Gaussian {
        try Gaussian(mean: [mean], covariance: Matrix(rowArrays: [[variance]]))
    }

    @Test("closed form between 1-D Gaussians equals quadrature (to 10⁻¹⁰) and the textbook formula")
    func closedFormAgainstQuadrature() throws {
        for (m1, v1, m2, v2) in [(0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 1.5, 1.0), (-0.5, 0.3, 2.0, 4.0), (1.0, 2.0, 1.0, 0.05)] {
            let p = try Self.gaussian1D(m1, v1), q = try Self.gaussian1D(m2, v2)
            let closed = try GaussianDivergence.hellingerSquared(p, q)
            #expect(closed.method == .closedForm && closed.standardError == 0)
            let reference = try Self.quadrature(GaussianMixture(p), GaussianMixture(q))
            #expect(abs(closed.value - reference) <= 1e-10, "N(\(m1), \(v1)) vs N(\(m2), \(v2)): \(closed.value) vs \(reference)")
            // Textbook 1-D form: BC = √(2σ₁σ₂/(σ₁² + σ₂²)) exp(−(μ₁ − μ₂)²/(4(σ₁² + σ₂²))).
            let textbook = 1 - (2 * (v1 * v2).squareRoot() / (v1 + v2)).squareRoot() * exp(-(m1 - m2) * (m1 - m2) / (4 * (v1 + v2)))
            #expect(abs(closed.value - textbook) <= 1e-14)
            // Symmetric.
            #expect(abs(try GaussianDivergence.hellingerSquared(q, p).value - closed.value) <= 1e-14)
        }
    }

    @Test("near identity the closed form keeps its relative digits (mean shift ε: H² = −expm1(−ε²/8); variance 1 + δ: series)")
    func nearIdentityPrecision() throws {
        for epsilon in [1e-3, 1e-6, 1e-9] {
            let value = try GaussianDivergence.hellingerSquared(Self.gaussian1D(0, 1), Self.gaussian1D(epsilon, 1)).value
            let exact = -expm1(-epsilon * epsilon / 8)
            // Rounding of a handful of operations on ε² (the whitened mean is exact for unit variance).
            #expect(abs(value - exact) <= 1e-13 * exact, "ε = \(epsilon): \(value) vs \(exact)")
        }
        for delta in [1e-4, 1e-7] {
            let value = try GaussianDivergence.hellingerSquared(Self.gaussian1D(0, 1 + delta), Self.gaussian1D(0, 1)).value
            // −log BC = −¼log(1+δ) + ½log(1+δ/2) = δ²/16 − δ³/16 + …, so H² ≈ δ²/16 to relative O(δ).
            let leading = delta * delta / 16
            // 1 + δ is rounded when stored (relative 10⁻¹⁶/δ in δ), and the next series term is δ relative.
            #expect(abs(value - leading) <= (2 * delta + 1e-15 / delta) * leading, "δ = \(delta): \(value) vs \(leading)")
        }
    }

    @Test("Monte Carlo between 1-D mixtures agrees with quadrature within 4 SE, and stays below the joint-convexity bound")
    func mixtureAgainstQuadrature() throws {
        let p = try GaussianMixture(weights: [0.5, 0.5], components: [Self.gaussian1D(-2, 1), Self.gaussian1D(2, 1)])
        for q in [try GaussianMixture(Self.gaussian1D(0, 5)),
                  try GaussianMixture(weights: [0.3, 0.7], components: [Self.gaussian1D(-1, 0.5), Self.gaussian1D(2.5, 2)])] {
            let estimate = try Divergence.evaluate(.hellinger2, from: p, to: q, samples: 40_000, seed: 3)
            let reference = try Self.quadrature(p, q)
            #expect(estimate.method == .monteCarlo && estimate.standardError > 0)
            // 4 SE: a two-sided normal band that a correct estimator leaves with probability 6·10⁻⁵.
            #expect(abs(estimate.value - reference) <= 4 * estimate.standardError, "\(estimate.value) ± \(estimate.standardError) vs \(reference)")
            #expect(try #require(estimate.upperBound) >= reference)
        }
    }

    @Test("closed form between n-D Gaussians equals Monte Carlo within 4 SE; H² = 1 for mutually singular laws")
    func multivariate() throws {
        let p = try F.gaussian(dimension: 4, seed: 7, meanSpread: 0.7), q = try F.gaussian(dimension: 4, seed: 8, meanSpread: 0.7)
        let closed = try GaussianDivergence.hellingerSquared(p, q).value
        let sampled = try MonteCarloDivergence.hellingerSquared(from: GaussianMixture(p), to: GaussianMixture(q), samples: 40_000,
                                                                 stream: RandomStream(seed: 2))
        #expect(abs(sampled.value - closed) <= 4 * sampled.standardError, "\(sampled.value) ± \(sampled.standardError) vs \(closed)")
        let degenerate = try Gaussian(mean: [0, 0, 0, 0], basis: Matrix(rowArrays: [[1], [0], [0], [0]]), variances: [1], noise: 0)
        let singular = try GaussianDivergence.hellingerSquared(degenerate, q)
        #expect(singular.value == 1 && singular.note != nil)
    }
}
