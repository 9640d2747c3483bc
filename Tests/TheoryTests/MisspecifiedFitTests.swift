import Foundation
import Testing
import GaussianMixtures
import LinearAlgebra
import Retraining
import Theorems

/// `A.thm1.misspecified`: α, L, ε of one Gaussian fitted to a two-component mixture, each against an
/// independent computation, and Thm 1's condition on hand-computed cases.
@Suite("A.thm1.misspecified: α, L, ε of one Gaussian fitted to a mixture")
struct MisspecifiedFitTests {
    /// ½N(−1, ¼) + ½N(1, ¼): m = 0, V = ¼ + 1 = 1.25.
    static func twoModes(separation a: Double = 1, variance s2: Double = 0.25) throws -> GaussianMixture {
        try GaussianMixture(weights: [1, 1], components: [
            try Gaussian(mean: [-a], covariance: Matrix(rows: 1, columns: 1, elements: [s2])),
            try Gaussian(mean: [a], covariance: Matrix(rows: 1, columns: 1, elements: [s2])),
        ])
    }

    /// ℓ(μ, v) = ∫ p_data(x) log N(x; μ, v) dx by the trapezoid rule on [−12, 12] with 40 000 intervals:
    /// independent of the moment formula. The integrand is smooth and negligible at the ends (p_data ≤ e^{−200}),
    /// so the rule's error is far below 1e-12.
    static func quadratureLogLikelihood(_ target: GaussianMixture, mean mu: Double, variance v: Double) -> Double {
        let n = 40_000, low = -12.0, h = 24.0 / Double(n)
        var sum = 0.0
        for k in 0...n {
            let x = low + h * Double(k)
            let density = zip(target.weights, target.components).reduce(0.0) { total, pair in
                let (w, c) = pair, s2 = c.covariance[0, 0], d = x - c.mean[0]
                return total + w * exp(-d * d / (2 * s2)) / (2 * Double.pi * s2).squareRoot()
            }
            let logModel = -0.5 * log(2 * Double.pi * v) - (x - mu) * (x - mu) / (2 * v)
            sum += (k == 0 || k == n ? 0.5 : 1) * density * logModel
        }
        return sum * h
    }

    /// The central finite-difference Hessian of the quadrature ℓ with step h.
    static func finiteDifferenceHessian(_ target: GaussianMixture, mean mu: Double, variance v: Double, step h: Double) -> [[Double]] {
        let f = { (a: Double, b: Double) in quadratureLogLikelihood(target, mean: mu + a, variance: v + b) }
        let f0 = f(0, 0)
        let mm = (f(h, 0) - 2 * f0 + f(-h, 0)) / (h * h)
        let vv = (f(0, h) - 2 * f0 + f(0, -h)) / (h * h)
        let mv = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
        return [[mm, mv], [mv, vv]]
    }

    @Test("A.thm1.misspecified: θ* = the moments, ∇²ℓ and α against finite differences of the quadrature log-likelihood")
    func concavityAgainstFiniteDifferences() throws {
        let target = try Self.twoModes()
        let fit = try MisspecifiedGaussianFit(target: target)
        #expect(abs(fit.dataMean) <= 1e-15 && abs(fit.dataVariance - 1.25) <= 1e-15)
        // Step 1e-3: truncation error ≈ h²/12·|∂⁴ℓ|, and |∂⁴_vℓ| ≤ 24(V + d²)/v⁵ ≈ 3.2e2 at the smallest v here
        // (0.65), so ≲ 3e-5; rounding ≈ 1e-16·|ℓ|/h² ≈ 1e-10. Hence 1e-4 absolute.
        let points = [(0.0, 1.25), (0.4, 0.8), (-0.5, 1.7), (0.55, 0.65)]
        for (mu, v) in points {
            let numeric = Self.finiteDifferenceHessian(target, mean: mu, variance: v, step: 1e-3)
            let analytic = fit.hessian(mean: mu, variance: v)
            for i in 0..<2 { for j in 0..<2 {
                #expect(abs(numeric[i][j] - analytic[i][j]) <= 1e-4, "θ = (\(mu), \(v)) entry \(i)\(j): \(numeric[i][j]) vs \(analytic[i][j])")
            } }
        }
        // At θ*, the gradient vanishes (θ* maximises ℓ) and −∇²ℓ = diag(1/V, 1/(2V²)): α = min = 0.32 by hand.
        let h = 1e-4
        let gradientMu = (Self.quadratureLogLikelihood(target, mean: h, variance: 1.25) - Self.quadratureLogLikelihood(target, mean: -h, variance: 1.25)) / (2 * h)
        let gradientV = (Self.quadratureLogLikelihood(target, mean: 0, variance: 1.25 + h) - Self.quadratureLogLikelihood(target, mean: 0, variance: 1.25 - h)) / (2 * h)
        #expect(abs(gradientMu) <= 1e-8 && abs(gradientV) <= 1e-8, "∇ℓ(θ*) = (\(gradientMu), \(gradientV))")
        let numeric = Self.finiteDifferenceHessian(target, mean: 0, variance: 1.25, step: 1e-3)
        let trace = numeric[0][0] + numeric[1][1], det = numeric[0][0] * numeric[1][1] - numeric[0][1] * numeric[0][1]
        let smallestConcavity = -(trace / 2 + (trace * trace / 4 - det).squareRoot())
        #expect(abs(fit.concavity - 0.32) <= 1e-15)
        #expect(abs(smallestConcavity - fit.concavity) <= 1e-5, "finite differences \(smallestConcavity), α = \(fit.concavity)")
    }

    @Test("A.thm1.misspecified: L bounds ‖∇²ℓ(θ) − ∇²ℓ(θ′)‖₂/‖θ − θ′‖ on B_δ and is attained at a corner")
    func lipschitzAgainstDifferences() throws {
        let target = try Self.twoModes()
        let fit = try MisspecifiedGaussianFit(target: target)
        let lipschitz = fit.hessianLipschitz
        let rm = 0.5 * 1.25.squareRoot(), rv = 0.5 * 1.25
        func difference(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
            let ha = fit.hessian(mean: a.0, variance: a.1), hb = fit.hessian(mean: b.0, variance: b.1)
            let d = (0..<2).map { i in (0..<2).map { j in ha[i][j] - hb[i][j] } }
            // ‖d‖₂ of a symmetric 2×2 matrix: the larger |root| of λ² − tr·λ + det.
            let trace = d[0][0] + d[1][1], det = d[0][0] * d[1][1] - d[0][1] * d[1][0]
            let root = (trace * trace / 4 - det).squareRoot()
            let norm = max(abs(trace / 2 + root), abs(trace / 2 - root))
            return norm / ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot()
        }
        // Random pairs in B_½ (a fixed linear congruential sequence): the Lipschitz inequality may not fail.
        // The grid maximum can undershoot the supremum by the grid's resolution, so allow 1 %.
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<2_000 {
            let a = (rm * (2 * uniform() - 1), 1.25 + rv * (2 * uniform() - 1))
            let b = (rm * (2 * uniform() - 1), 1.25 + rv * (2 * uniform() - 1))
            #expect(difference(a, b) <= 1.01 * lipschitz, "pair \(a), \(b)")
        }
        // Short pairs from the corners (|μ| = δ√V, v = (1 − δ)V) in 360 directions come within 1 % of L.
        var largest = 0.0
        for corner in [(rm, 1.25 - rv), (-rm, 1.25 - rv)] {
            for k in 0..<360 {
                let angle = 2 * Double.pi * Double(k) / 360, step = 1e-6
                let other = (corner.0 + step * cos(angle), corner.1 + step * sin(angle))
                largest = max(largest, difference(corner, other))
            }
        }
        #expect(largest >= 0.99 * lipschitz && largest <= 1.01 * lipschitz, "corner ratio \(largest), L = \(lipschitz)")
        // Hand value at the corner along u = e_v: the (v, v) entry −1/v³ + 3(V + d²)/v⁴ with d² = δ²V = 0.3125,
        // v = 0.625: −4.096 + 3·1.5625/0.152587890625 = 26.624; the spectral norm is at least that entry.
        #expect(lipschitz >= 26.624)
    }

    @Test("A.thm1.misspecified: W₁ by the CDF integral equals a brute-force quantile integral ∫₀¹|F⁻¹ − G⁻¹|du")
    func wassersteinAgainstQuantiles() throws {
        for (a, s2) in [(1.0, 0.25), (2.0, 0.5), (0.3, 1.0)] {
            let target = try Self.twoModes(separation: a, variance: s2)
            let fit = try MisspecifiedGaussianFit(target: target)
            let dataCDF = fit.cumulativeDistribution, epsilon = fit.wasserstein1
            let fittedCDF = { (x: Double) in 0.5 * erfc(-(x - fit.dataMean) / (2 * fit.dataVariance).squareRoot()) }
            func quantile(_ cdf: (Double) -> Double, _ u: Double) -> Double {
                var low = -40.0, high = 40.0
                for _ in 0..<100 { let mid = (low + high) / 2; if cdf(mid) < u { low = mid } else { high = mid } }
                return (low + high) / 2
            }
            // Midpoint rule on u with 20 000 cells; the integrand |F⁻¹ − G⁻¹| grows like √log(1/u) at the ends,
            // whose cells contribute O(n⁻¹√log n) ≈ 2e-4 at most: hence 5e-4 absolute.
            let cells = 20_000
            var sum = 0.0
            for k in 0..<cells {
                let u = (Double(k) + 0.5) / Double(cells)
                sum += abs(quantile(dataCDF, u) - quantile(fittedCDF, u))
            }
            let brute = sum / Double(cells)
            #expect(abs(epsilon - brute) <= 5e-4, "a = \(a), s² = \(s2): CDF integral \(epsilon), quantiles \(brute)")
            if a >= 1 { #expect(epsilon > 0.01, "well-separated modes: ε = \(epsilon) is not small") }
        }
        // Well specified (one component): ε = 0 up to the quadrature's rounding.
        let single = GaussianMixture(try Gaussian(mean: [0.3], covariance: Matrix(rows: 1, columns: 1, elements: [2])))
        #expect(try MisspecifiedGaussianFit(target: single).wasserstein1 <= 1e-12)
    }

    @Test("A.thm1.misspecified: Thm 1's condition λ(1 + Lε/α) < 1/2 on hand-computed cases")
    func conditionByHand() throws {
        let theorem = try TheoremRegistry.theorem("A.thm1.stability")
        // Well specified, N(0, 2): α = min(1/2, 1/8) = 1/8, ε = 0, so the condition is λ < 1/2 whatever L.
        let single = try MisspecifiedGaussianFit(target: GaussianMixture(try Gaussian(mean: [0], covariance: Matrix(rows: 1, columns: 1, elements: [2]))))
        #expect(single.concavity == 0.125)
        let singleL = single.hessianLipschitz, singleEpsilon = single.wasserstein1
        for (lambda, holds) in [(0.49, true), (0.51, false)] {
            let result = try theorem.evaluate(["lambda": lambda, "lipschitz": singleL, "concavity": single.concavity, "epsilon": singleEpsilon])
            #expect(result.conditionHolds == holds, "well specified, λ = \(lambda)")
        }
        // Misspecified: the registry's verdict flips at λ_max = ½/(1 + Lε/α) computed here by hand from α, L, ε.
        let fit = try MisspecifiedGaussianFit(target: try Self.twoModes())
        let lipschitz = fit.hessianLipschitz, epsilon = fit.wasserstein1
        let ratio = lipschitz * epsilon / fit.concavity
        let lambdaMax = 0.5 / (1 + ratio)
        #expect(ratio > 1, "misspecification shrinks the region by more than half: Lε/α = \(ratio)")
        for (lambda, holds) in [(0.99 * lambdaMax, true), (1.01 * lambdaMax, false)] {
            let result = try theorem.evaluate(["lambda": lambda, "lipschitz": lipschitz, "concavity": fit.concavity, "epsilon": epsilon])
            #expect(result.conditionHolds == holds, "λ = \(lambda), λ_max = \(lambdaMax)")
            if holds {
                // ρ = λ(α + εL)/(α − λ(α + εL)) by hand.
                let k = lambda * (fit.concavity + epsilon * lipschitz)
                #expect(abs((result.quantity("rho") ?? .nan) - k / (fit.concavity - k)) <= 1e-12)
            }
        }
    }

    @Test("A.thm1.misspecified: the infinite-sample step equals GaussianPopulationDynamics and contracts by λ/(1+λ) to first order")
    func populationStep() throws {
        let target = try Self.twoModes()
        let fit = try MisspecifiedGaussianFit(target: target)
        for lambda in [0.01, 0.5, 4] {
            let initial = try Gaussian(mean: [0.5], covariance: Matrix(rows: 1, columns: 1, elements: [1.8]))
            let laws = try GaussianPopulationDynamics.laws(data: target, initial: initial, mixing: try MixingConvention(syntheticRatio: lambda), generations: 1)
            let step = fit.populationStep(mean: 0.5, variance: 1.8, lambda: lambda)
            // A few affine operations on O(1) numbers: 1e-13 absolute.
            #expect(abs(step.mean - laws[1].mean[0]) <= 1e-13 && abs(step.variance - laws[1].covariance[0, 0]) <= 1e-13, "λ = \(lambda)")
            // A perturbation of size 1e-6 contracts by λ/(1+λ) up to the O(1e-6) quadratic term (μ − m)²λ/(1+λ)².
            let tiny = fit.populationStep(mean: 1e-6, variance: 1.25 + 1e-6, lambda: lambda)
            let factor = fit.distanceToOptimum(mean: tiny.mean, variance: tiny.variance) / fit.distanceToOptimum(mean: 1e-6, variance: 1.25 + 1e-6)
            #expect(abs(factor - lambda / (1 + lambda)) <= 1e-5, "λ = \(lambda): factor \(factor)")
        }
    }
}
