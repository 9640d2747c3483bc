import Foundation
import Testing
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Importance-sampling diagnostics: Pareto k̂, ESS, coverage of the χ² intervals")
struct ImportanceDiagnosticsTests {
    static func gaussian(_ mean: Double, _ variance: Double) throws -> Gaussian {
        try Gaussian(mean: [mean], covariance: Matrix(rows: 1, columns: 1, elements: [variance]))
    }

    /// Q = ½N(−1, 1) + ½N(1, 1), the target of the near-boundary example.
    static func twoModes() throws -> GaussianMixture {
        try GaussianMixture(weights: [0.5, 0.5], components: [try gaussian(-1, 1), try gaussian(1, 1)])
    }

    /// χ²(P‖Q) = ∫p²/q − 1 in 1-D by the composite Simpson rule on [−L, L] in log space (2 log p − log q summed
    /// by a running log-sum-exp). Independent of the importance sampler: no proposal, no certificate.
    static func quadratureChiSquared(_ p: GaussianMixture, _ q: GaussianMixture, halfWidth: Double = 400,
                                     intervals: Int = 400_000) throws -> Double {
        let h = 2 * halfWidth / Double(intervals)
        let grid = Matrix(rows: intervals + 1, columns: 1, elements: (0...intervals).map { -halfWidth + Double($0) * h })
        let lp = try p.logDensity(grid), lq = try q.logDensity(grid)
        let terms = (0...intervals).map { i -> Double in
            let weight = (i == 0 || i == intervals) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            return log(weight * h / 3) + 2 * lp[i] - lq[i]
        }
        let top = terms.max()!
        return expm1(top + log(terms.reduce(0) { $0 + exp($1 - top) }))
    }

    @Test("the quadrature reproduces the issue's χ²(N(0.5, 1.98) ‖ ½N(−1,1) + ½N(1,1)) = 0.266279, and the closed form for one Q component")
    func quadratureReference() throws {
        let p = GaussianMixture(try Self.gaussian(0.5, 1.98))
        #expect(abs(try Self.quadratureChiSquared(p, try Self.twoModes()) - 0.266279) < 5e-7)
        let single = GaussianMixture(try Self.gaussian(0, 1))
        let closed = try GaussianDivergence.chiSquared(from: p, to: single.components[0]).value
        #expect(abs(try Self.quadratureChiSquared(p, single) - closed) <= 1e-9 * closed)
    }

    @Test("Zhang–Stephens recovers the shape of generalised Pareto samples (k = 0.2, 0.5, 0.8, 2 000 exceedances)")
    func generalisedPareto() throws {
        let stream = RandomStream(seed: 9)
        for k in [0.2, 0.5, 0.8] {
            // Inverse CDF: x = σ((1 − u)^{−k} − 1)/k.
            let sample = (0..<2_000).map { _ in (pow(1 - stream.uniform(), -k) - 1) / k }.sorted()
            let estimate = ImportanceSamplingDiagnostics.zhangStephensShape(sample)
            // 0.15 ≈ 4 asymptotic SEs (1 + k)/√M of the maximum-likelihood shape at M = 2 000.
            #expect(abs(estimate - k) < 0.15, "k = \(k): k̂ = \(estimate)")
        }
    }

    @Test("ESS is S for equal weights (k̂ = −∞, reliable) and 1 when one weight dominates; k̂ is NaN below 5 tail weights")
    func effectiveSampleSize() {
        let equal = ImportanceSamplingDiagnostics(logWeights: [Double](repeating: 0.3, count: 400))
        #expect(abs(equal.effectiveSampleSize - 400) < 1e-9 && equal.paretoShape == -.infinity && equal.isReliable)
        #expect(abs(ImportanceSamplingDiagnostics(logWeights: [800] + [Double](repeating: 0, count: 99)).effectiveSampleSize - 1) < 1e-9)
        let small = ImportanceSamplingDiagnostics(logWeights: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(small.paretoShape.isNaN && !small.isReliable)
    }

    /// Coverage of the 95 % interval value ± 1.96 SE over seeds, among the estimates not flagged.
    static func coverage(_ p: GaussianMixture, _ q: GaussianMixture, truth: Double, seeds: Int, samples: Int,
                         estimator: (UInt64) throws -> DivergenceEstimate) rethrows -> (covered: Int, reliable: Int) {
        var covered = 0, reliable = 0
        for seed in 0..<seeds {
            let estimate = try estimator(UInt64(seed))
            guard estimate.isReliable else { continue }
            reliable += 1
            if abs(estimate.value - truth) <= 1.96 * estimate.standardError { covered += 1 }
        }
        return (covered, reliable)
    }

    @Test("importance-sampled χ² to a mixture: the 95 % intervals of non-flagged estimates cover at the nominal rate, near the boundary (P = N(0.5, 1.98)) and in a regular case (P = N(0.3, 1.2)), 300 seeds each")
    func coverageOfImportanceSampling() throws {
        let q = try Self.twoModes()
        for (mean, variance) in [(0.5, 1.98), (0.3, 1.2)] {
            let p = GaussianMixture(try Self.gaussian(mean, variance))
            let truth = try Self.quadratureChiSquared(p, q)
            let (covered, reliable) = try Self.coverage(p, q, truth: truth, seeds: 300, samples: 4_000) { seed in
                try ChiSquaredToMixture.importanceSampled(from: p, to: q, samples: 4_000, seed: seed)
            }
            // Binomial: with n ≈ 300 intervals at rate 0.95 the SD of the rate is 0.0126; accept ±4 SD.
            let rate = Double(covered) / Double(reliable), sd = (0.95 * 0.05 / Double(reliable)).squareRoot()
            #expect(reliable >= 285, "P = N(\(mean), \(variance)): only \(reliable)/300 estimates unflagged")
            #expect(abs(rate - 0.95) <= 4 * sd, "P = N(\(mean), \(variance)): coverage \(rate) over \(reliable) unflagged estimates (χ² = \(truth))")
        }
    }

    @Test("sampling from P itself near the boundary (weights p/q of infinite variance, tail shape 0.98): the intervals under-cover and k̂ flags the estimates")
    func flaggedNearBoundary() throws {
        let q = try Self.twoModes(), p = GaussianMixture(try Self.gaussian(0.5, 1.98))
        let truth = try Self.quadratureChiSquared(p, q)
        var flagged = 0, covered = 0
        let seeds = 200
        for seed in 0..<seeds {
            let estimate = try MonteCarloDivergence.chiSquared(from: p, to: q, samples: 20_000, stream: RandomStream(seed: UInt64(seed)))
            if !estimate.isReliable { flagged += 1 }
            if abs(estimate.value - truth) <= 1.96 * estimate.standardError { covered += 1 }
        }
        print("plain sampling near the boundary: \(flagged)/\(seeds) flagged, \(covered)/\(seeds) covered")
        #expect(Double(covered) / Double(seeds) < 0.85, "coverage \(covered)/\(seeds)")
        #expect(flagged >= seeds / 4, "flagged \(flagged)/\(seeds)")
    }
}
