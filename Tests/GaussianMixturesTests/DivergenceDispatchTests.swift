import Foundation
import Testing
@testable import GaussianMixtures
import LinearAlgebra
import InputErrors

@Suite("Divergence: Divergence.evaluate dispatch, determinism and edge cases")
struct DivergenceDispatchTests {
    typealias F = DivergenceFixtures

    @Test("closed form for two Gaussians (all metrics) and for χ² with a Gaussian Q; Monte Carlo otherwise")
    func dispatch() throws {
        let g1 = try GaussianMixture(F.gaussian(dimension: 3, seed: 1, meanSpread: 0.5))
        let g2 = try F.isotropic(mean: [0, 0, 0], variance: 4)
        let wide = GaussianMixture(g2)
        let mixture = try F.mixture(dimension: 3, components: 3, seed: 2, meanSpread: 0.5)
        for metric in DivergenceMetric.allCases {
            let estimate = try Divergence.evaluate(metric, from: g1, to: wide, samples: 1_000)
            #expect(estimate.method == .closedForm && estimate.standardError == 0 && estimate.samples == 0, "\(metric)")
        }
        #expect(try Divergence.evaluate(.chi2, from: mixture, to: wide).method == .closedForm)
        for metric in DivergenceMetric.allCases {
            for (p, q) in [(mixture, wide), (g1, mixture)] where !(metric == .chi2 && q.count == 1) {
                // 400 draws: this test checks routing, not accuracy (W₂ then runs 8 replicates of m = 50).
                let estimate = try Divergence.evaluate(metric, from: p, to: q, samples: 400, seed: 5)
                if metric == .chi2 && !estimate.value.isFinite {
                    // χ² against a mixture: +∞ when ∫p²/q diverges, NaN when undecidable, always with the reason.
                    #expect(estimate.note != nil, "χ² = \(estimate.value) without a reason")
                    continue
                }
                #expect(estimate.method == .monteCarlo && estimate.standardError > 0 && estimate.samples > 0, "\(metric)")
                // KL (variational) and W₂ (MW₂) always have a finite upper bound; χ²'s exists only if some χ²(P‖Qⱼ) < ∞.
                if metric != .chi2 { #expect(estimate.upperBound != nil, "\(metric): missing upper bound") }
            }
        }
    }

    @Test("the same seed gives the same bits; another seed gives another estimate")
    func deterministic() throws {
        let p = try F.mixture(dimension: 4, components: 2, seed: 3), narrowQ = try F.mixture(dimension: 4, components: 3, seed: 4)
        // χ² needs a Q wide enough for ∫p²/q < ∞ (else it is +∞ for every seed): components of variance 9.
        let wideQ = try GaussianMixture(weights: [0.5, 0.5], components: [F.isotropic(mean: [0, 0, 0, 0], variance: 9),
                                                                          F.isotropic(mean: [1, 0, 0, 0], variance: 9)])
        for metric in DivergenceMetric.allCases {
            let q = metric == .chi2 ? wideQ : narrowQ
            // 400 draws keep the O(m³) W₂ replicates (m = 50) fast in debug builds.
            let a = try Divergence.evaluate(metric, from: p, to: q, samples: 400, seed: 9)
            let b = try Divergence.evaluate(metric, from: p, to: q, samples: 400, seed: 9)
            let c = try Divergence.evaluate(metric, from: p, to: q, samples: 400, seed: 10)
            #expect(a == b, "\(metric)")
            #expect(a.value.isFinite && a.value != c.value, "\(metric): \(a.value), \(c.value)")
        }
    }

    @Test("KL and χ² are +∞ (closed form, with a reason) when P has a component without density and Q has one")
    func singularP() throws {
        let degenerate = try Gaussian(mean: [0, 0, 0], basis: Matrix(rowArrays: [[1], [0], [0]]), variances: [1], noise: 0)
        let p = GaussianMixture(degenerate), q = GaussianMixture(try F.isotropic(mean: [0, 0, 0], variance: 1))
        for metric in [DivergenceMetric.kl, .chi2] {
            let estimate = try Divergence.evaluate(metric, from: p, to: q)
            #expect(estimate.value == .infinity && estimate.method == .closedForm && estimate.note != nil, "\(metric)")
        }
        // W₂ needs no density: between N(0, e₁e₁ᵀ) and N(0, I) it is √(0 + 1 + 1) (commuting, roots 1,0,0 vs 1,1,1).
        let w2 = try Divergence.evaluate(.w2, from: p, to: q).value
        // Rounding of the roots of a rank-1 and an identity matrix: a few ε.
        #expect(abs(w2 - 2.0.squareRoot()) <= 1e-14)
        // Q without density is bad input, reported with source --to.
        #expect(throws: InputError.self) { try Divergence.evaluate(.kl, from: q, to: p) }
    }

    @Test("bad input: mismatched dimensions and fewer than 2 samples throw InputError")
    func badInput() throws {
        let p = GaussianMixture(try F.isotropic(mean: [0, 0], variance: 1)), q = GaussianMixture(try F.isotropic(mean: [0, 0, 0], variance: 1))
        let error = try #require(throws: InputError.self) { try Divergence.evaluate(.w2, from: p, to: q) }
        #expect(error.source == "--to" && error.field == "dimension")
        let samples = try #require(throws: InputError.self) { try Divergence.evaluate(.kl, from: p, to: p, samples: 1) }
        #expect(samples.source == "--samples")
    }
}

@Suite("Divergence: χ² against a mixture reports ∞, never a huge number")
struct DivergenceInfiniteChiSquaredTests {
    @Test("χ²(P‖Q) with P's component more than twice as wide as every Q component is +∞ with a reason (not a Monte-Carlo 1e39)")
    func infiniteAgainstMixture() throws {
        let p = GaussianMixture(try DivergenceFixtures.isotropic(mean: [0, 0], variance: 5))
        let q = try GaussianMixture(weights: [0.5, 0.5], components: [DivergenceFixtures.isotropic(mean: [-1, 0], variance: 1),
                                                                      DivergenceFixtures.isotropic(mean: [1, 0], variance: 2)])
        let estimate = try Divergence.evaluate(.chi2, from: p, to: q, samples: 1_000, seed: 1)
        #expect(estimate.value == .infinity)
        #expect(estimate.note?.contains("diverges") == true, "\(estimate.note ?? "no note")")
    }
}
