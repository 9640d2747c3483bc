import Foundation
import Testing
import PropertyBased
import PropertySupport
@testable import Retraining
@testable import Theorems

@Suite("Regimes of accumulated divergence on the exact mean-shift model")
struct MeanShiftRecursionTests {
    @Test("B.thm4.2.discounted-sum: aligned errors give D_i = exp((δΣ_{k<i}(1−α)^k)²) − 1 exactly and D/S → (2−α)/α for small δ")
    func alignedErrors() async {
        await seededPropertyCheck(count: 30, input: Gen.double(in: 0.05...0.95), Gen.int(in: 1...8)) { alpha, n in
            let delta = 1e-4
            let model = MeanShiftRecursion(freshFraction: alpha, dimension: n, errorSize: delta, pattern: .aligned)
            let rows = model.rows(generations: 200)
            for row in rows.prefix(10) {
                let norm = delta * (0..<row.generation).reduce(0) { $0 + pow(1 - alpha, Double($1)) }
                // Both sides are expm1 of sums of O(δ²) terms: agreement to a few ulps of 1e-8 is expected.
                #expect(abs(row.chiSquared - expm1(norm * norm)) <= 1e-12 * max(row.chiSquared, 1e-300) + 1e-22)
            }
            // D/S = (Σ(1−α)^k)² / Σ(1−α)^{2k} after 200 rounds (geometric tails below (1−α)^200 ≤ 1e-4 at α = 0.05),
            // → (1/α)²·α(2−α) = (2−α)/α; exp(‖μ‖²) − 1 = ‖μ‖²(1 + O(‖μ‖²)) adds a relative O(δ²/α²) ≤ 4e-6.
            let ratio = rows.last!.chiSquared / rows.last!.discountedSum
            #expect(abs(ratio / ((2 - alpha) / alpha) - 1) < 1e-3, "α = \(alpha): ratio \(ratio)")
        }
    }

    @Test("B.thm4.2.discounted-sum: 1-D independent ± errors: E D_2 equals enumeration of the four sign paths within 4 SE")
    func independentEnumeration() {
        for alpha in [0.1, 0.5, 0.9] {
            let delta = 0.3
            let model = MeanShiftRecursion(freshFraction: alpha, dimension: 1, errorSize: delta, pattern: .independent)
            let row = model.rows(generations: 2, sequences: 40_000, seed: 7)[1]
            // μ₂ = (1−α)s₁δ + s₂δ, s ∈ {±1} equally likely: two values of μ₂², each with probability ½.
            let exact = 0.5 * (expm1(pow((2 - alpha) * delta, 2)) + expm1(pow(alpha * delta, 2)))
            #expect(abs(row.chiSquared - exact) <= 4 * row.standardError, "α = \(alpha): \(row.chiSquared) ± \(row.standardError) vs \(exact)")
            #expect(abs(row.discountedSum - ((1 - alpha) * (1 - alpha) + 1) * delta * delta) < 1e-15)
        }
    }

    @Test("B.plateau: with independent errors and α > 0, D_i approaches ε²/(1−(1−α)²) (within 3% at i = 60, δ = 0.05)")
    func plateau() throws {
        for alpha in [0.1, 0.5] {
            let delta = 0.05
            let model = MeanShiftRecursion(freshFraction: alpha, dimension: 4, errorSize: delta, pattern: .independent)
            let last = model.rows(generations: 60, sequences: 20_000, seed: 3).last!
            let limit = try TheoremRegistry.theorem("B.plateau").evaluate(["alpha": alpha, "epsilon-squared": delta * delta]).value!
            // D − ‖μ‖² = O(‖μ‖⁴) ≈ limit² ≤ 2e-4 relative to the limit; (1−α)^120 of the transient is negligible;
            // the Monte-Carlo SE is ≈ 1 % (printed); 3 % covers 3 SE.
            #expect(abs(last.chiSquared / limit - 1) < 0.03, "α = \(alpha): \(last.chiSquared) ± \(last.standardError) vs \(limit)")
        }
    }
}
