import Foundation
import Testing
import PropertyBased
import PropertySupport
import GaussianMixtures
import LinearAlgebra
import RandomStreams
import Theorems

/// `B.lemma.mixing` against the closed-form χ² of a mixture from a Gaussian.
@Suite("B.lemma.mixing on random mixtures")
struct MixingLemmaTests {
    @Test("B.lemma.mixing: χ²(αp + (1−α)r ‖ p) = (1−α)²χ²(r ‖ p) on random mixtures (closed-form χ²)")
    func mixingLemma() async throws {
        await seededPropertyCheck(count: 80, input: Gen.int(in: 1...6), Gen.int(in: 1...6), Gen.double(in: 0.01...0.99),
                                  Gen.int(in: 0...1_000_000)) { n, k, alpha, seed in
            let stream = RandomStream(seed: UInt64(seed))
            // p: one full Gaussian with eigenvalues in [1.5, 3]; r: components with eigenvalues ≤ 1.4 + 0.5
            // (variances plus noise floor) < 2·1.5, so Σᵢ⁻¹ + Σⱼ⁻¹ − Σ_p⁻¹ ≻ 0 for every pair and χ²(r‖p) < ∞.
            var reference = RandomMixture()
            reference.eigenvalueRange = 1.5...3
            reference.lowRankProbability = 0
            reference.meanSpread = 1
            var others = RandomMixture()
            others.eigenvalueRange = 0.1...1.4
            others.meanSpread = 1
            let p = try reference.make(dimension: n, components: 1, stream: stream)
            let r = try others.make(dimension: n, components: k, stream: stream)
            let mixed = try GaussianMixture(weights: [alpha] + r.weights.map { (1 - alpha) * $0 },
                                            components: p.components + r.components)
            let left = try Divergence.evaluate(.chi2, from: mixed, to: p)
            let right = try Divergence.evaluate(.chi2, from: r, to: p)
            #expect(left.method == .closedForm && right.method == .closedForm)
            #expect(right.value.isFinite, "χ²(r‖p) should be finite: \(right.note ?? "")")
            let predicted = try #require(try TheoremRegistry.theorem("B.lemma.mixing").evaluate(["alpha": alpha, "chi2-r": right.value]).value)
            // The closed form computes log(1 + χ²) as a log-sum-exp of pair terms of size ≲ 50, so 1 + χ² carries
            // a relative error ≲ 50·K²·ε ≈ 1e-13; hence 1e-12 relative to 1 + χ² (relative to χ² itself when χ² ≳ 1).
            #expect(abs(left.value - predicted) <= 1e-12 * (1 + left.value),
                    "n=\(n) K=\(k) α=\(alpha): χ²(mix‖p) = \(left.value), (1−α)²χ²(r‖p) = \(predicted)")
        }
    }
}
