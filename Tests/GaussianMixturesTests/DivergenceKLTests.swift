import Foundation
import Testing
import PropertyBased
import PropertySupport
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Divergence: Kullback–Leibler")
struct DivergenceKLTests {
    typealias F = DivergenceFixtures

    /// KL by the textbook trace / log-det formula through Cholesky (`dpotrf`/`dpotrs`): an independent route.
    static func textbookKL(_ p: Gaussian, _ q: Gaussian) throws -> Double {
        let cholesky = try CholeskyFactorization(q.covariance)
        let n = p.dimension
        let trace = try cholesky.solve(p.covariance).trace
        let d = q.mean - p.mean
        let mahalanobis = d.dot(try cholesky.solve(d))
        let logDetP = try CholeskyFactorization(p.covariance).logDeterminant
        return 0.5 * (trace + mahalanobis - Double(n) + cholesky.logDeterminant - logDetP)
    }

    @Test("KL(P‖Q) ≥ 0 for random Gaussian pairs, n = 1…32 (Gibbs' inequality)")
    func nonNegative() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...32), Gen.int(in: 0...1_000_000)) { n, seed in
            let p = try F.gaussian(dimension: n, seed: seed), q = try F.gaussian(dimension: n, seed: seed + 1)
            let kl = try GaussianDivergence.kl(from: p, to: q).value
            // Exact: the computed form is a sum of terms each clamped at ≥ 0.
            #expect(kl >= 0 && kl.isFinite, "n = \(n), seed = \(seed): KL = \(kl)")
        }
    }

    @Test("KL(P‖P) = 0 to rounding, n = 1…32")
    func zeroOnDiagonal() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...32), Gen.int(in: 0...1_000_000)) { n, seed in
            let p = try F.gaussian(dimension: n, seed: seed)
            let kl = try GaussianDivergence.kl(from: p, to: p).value
            // Generalised eigenvalues are 1 + O(n·κ·ε) (κ ≤ 2.5/0.01 = 250 for these laws); each term
            // x − log(1+x) ≈ x²/2, so KL ≤ n·(n·κ·ε)²/2 ≈ 1e-22 at n = 32. 1e-18 leaves a 10⁴ margin.
            #expect(kl <= 1e-18, "n = \(n), seed = \(seed): KL(P‖P) = \(kl), κ = \(F.conditionNumber(p))")
        }
    }

    @Test("KL(P‖Q) > 0 when P ≠ Q, and KL(N(μ+d, Σ)‖N(μ, Σ)) = ½dᵀΣ⁻¹d even for ‖d‖ = 1e-4")
    func positiveOffDiagonal() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...32), Gen.int(in: 0...1_000_000)) { n, seed in
            let p = try F.gaussian(dimension: n, seed: seed), q = try F.gaussian(dimension: n, seed: seed + 1)
            #expect(try GaussianDivergence.kl(from: p, to: q).value > 0)
            let d = RandomStream(seed: UInt64(seed)).gaussians(n).map { 1e-4 * $0 / sqrt(Double(n)) }
            let shifted = try Gaussian(mean: p.mean.adding(d), covariance: p.covariance)
            let kl = try GaussianDivergence.kl(from: shifted, to: p).value
            let expected = 0.5 * d.dot(try CholeskyFactorization(p.covariance).solve(d))
            #expect(kl > 0)
            // Expected ≈ 1e-8·λ_min⁻¹; the trace part is O((nκε)²) ≈ 1e-22 and the quadratic form is relative
            // accurate to O(nκε) ≈ 2e-12: 1e-9 relative is loose.
            #expect(abs(kl - expected) <= 1e-9 * expected, "KL \(kl) vs ½dᵀΣ⁻¹d \(expected)")
        }
    }

    @Test("KL(N(μ, I)‖N(0, I)) = ‖μ‖²/2 [B, §4]")
    func identityCovariance() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...32), Gen.int(in: 0...1_000_000)) { n, seed in
            let mu = RandomStream(seed: UInt64(seed)).gaussians(n)
            let kl = try GaussianDivergence.kl(from: F.isotropic(mean: mu, variance: 1),
                                               to: F.isotropic(mean: [Double](repeating: 0, count: n), variance: 1)).value
            let expected = 0.5 * mu.dot(mu)
            // Σ = I exactly: only the n-term dot product rounds, ≤ n·ε relative.
            #expect(abs(kl - expected) <= 1e-13 * max(expected, 1e-300) + 1e-300)
        }
    }

    @Test("closed-form KL = ½[tr(Σ_Q⁻¹Σ_P) + Mahalanobis − n + log det Σ_Q − log det Σ_P] via Cholesky, n = 1…32")
    func matchesTextbookFormula() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...32), Gen.int(in: 0...1_000_000)) { n, seed in
            let p = try F.gaussian(dimension: n, seed: seed), q = try F.gaussian(dimension: n, seed: seed + 7)
            let ours = try GaussianDivergence.kl(from: p, to: q).value
            let textbook = try Self.textbookKL(p, q)
            // The textbook form cancels n against the trace and the log-dets: absolute error ≈ n·κ·ε·(n + |log det|)
            // ≤ 32·250·2e-16·100 ≈ 2e-10 in the worst case (κ ≤ 250 for these laws; ≈ 1e-12 observed).
            #expect(abs(ours - textbook) <= 1e-9 + 1e-11 * textbook, "n = \(n), seed = \(seed): \(ours) vs \(textbook)")
        }
    }

    @Test("Monte-Carlo KL between one-component mixtures = closed form within 4 standard errors (fixed seeds)",
          arguments: [(1, 11), (2, 12), (3, 13), (5, 14), (8, 15), (16, 16), (32, 17)])
    func monteCarloMatchesClosedForm(n: Int, seed: Int) throws {
        // Mean spread 0.5 keeps KL of order n, so 20 000 draws give an SE of a few percent in 10–100 ms.
        let p = try F.gaussian(dimension: n, seed: seed, meanSpread: 0.5)
        let q = try F.gaussian(dimension: n, seed: seed + 100, meanSpread: 0.5)
        let exact = try GaussianDivergence.kl(from: p, to: q).value
        let estimate = try MonteCarloDivergence.kl(from: GaussianMixture(p), to: GaussianMixture(q), samples: 20_000,
                                                   stream: RandomStream(seed: UInt64(seed)))
        #expect(estimate.method == .monteCarlo && estimate.samples == 20_000 && estimate.standardError > 0)
        // 4 SE: a two-sided normal tail of 6e-5 per case; log p − log q has all moments, so the CLT applies.
        #expect(abs(estimate.value - exact) <= 4 * estimate.standardError,
                "n = \(n): MC \(estimate.value) ± \(estimate.standardError), exact \(exact)")
    }

    @Test("KL(mixture‖mixture): Monte Carlo ≤ the variational upper bound + 4 SE, and the bound = closed form for K = 1",
          arguments: [(1, 3, 2, 21), (2, 2, 4, 22), (4, 5, 3, 23), (8, 6, 6, 24)])
    func variationalUpperBound(n: Int, kp: Int, kq: Int, seed: Int) throws {
        let p = try F.mixture(dimension: n, components: kp, seed: seed, meanSpread: 1)
        let q = try F.mixture(dimension: n, components: kq, seed: seed + 50, meanSpread: 1)
        let bound = try MixtureDivergenceBounds.klUpperBound(from: p, to: q)
        let estimate = try MonteCarloDivergence.kl(from: p, to: q, samples: 20_000, stream: RandomStream(seed: UInt64(seed)))
        // The bound is exact; the MC estimate may exceed it only by its sampling error (4 SE, as above).
        #expect(estimate.value <= bound + 4 * estimate.standardError, "MC \(estimate.value) ± \(estimate.standardError), bound \(bound)")
        let single = try MixtureDivergenceBounds.klUpperBound(from: GaussianMixture(p.components[0]), to: GaussianMixture(q.components[0]))
        let exact = try GaussianDivergence.kl(from: p.components[0], to: q.components[0]).value
        // With one component each, φ = ψ = 1 and the bound is the closed form itself (same arithmetic).
        #expect(abs(single - exact) <= 1e-12 * max(1, exact))
    }
}
