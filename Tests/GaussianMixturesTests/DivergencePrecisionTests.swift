import Foundation
import Testing
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

#if arch(x86_64)
/// Full relative precision of KL, χ² and W₂ between two close Gaussians, against references in `Float80`
/// (64-bit significand, ε₈₀ ≈ 5.4e-20). The references never subtract nearly equal numbers either: they take
/// the stored covariances' difference Δ = Σ_P − Σ_Q exactly and sum series in Δ, so their own error is far
/// below the tolerances (each test states the bound).
@Suite("Divergence: relative precision near identity")
struct DivergencePrecisionTests {
    typealias F = DivergenceFixtures
    typealias Extended = Float80
    static let perturbations: [Double] = [1e-5, 1e-6, 1e-7, 1e-8, 1e-9]
    /// The goals of the closed forms near identity: KL and χ² to 1e-8 relative, W₂ to 1e-6.
    static let klTolerance = 1e-8, chiSquaredTolerance = 1e-8, wassersteinTolerance = 1e-6

    /// Σ_{k≥2} (−x)^k/k = x − log(1 + x) for |x| ≤ 1e-4, in extended precision (terms to k = 12; the
    /// first omitted one is below 1e-48·x²).
    static func xMinusLog1p(_ x: Extended) -> Extended {
        var sum: Extended = 0, power = x
        for k in 2...12 { power *= -x; sum += power / Extended(k) }
        return sum
    }

    /// expm1(L) for 0 ≤ L ≤ 1e-3 by its series to L⁸/8! (the rest is below 1e-30 relative).
    static func expm1Series(_ l: Extended) -> Extended {
        var sum: Extended = 0, term: Extended = 1
        for k in 1...8 { term *= l / Extended(k); sum += term }
        return sum
    }

    // MARK: scaled identities: Σ_Q = s·I, Σ_P = p·I with p the Double nearest s(1 + ε)

    @Test("s·I vs p·I, n ∈ {1, 4, 6}, ε = 1e-5…1e-9: KL, χ², W₂ against their exact closed forms in Float80")
    func scaledIdentities() throws {
        for n in [1, 4, 6] {
            for nominal in [0.3, 1.0, 7.5] {
                for epsilon in Self.perturbations {
                    let p = try F.isotropic(mean: [Double](repeating: 0, count: n), variance: nominal * (1 + epsilon))
                    let q = try F.isotropic(mean: [Double](repeating: 0, count: n), variance: nominal)
                    let variance = p.covariance[0, 0], scale = q.covariance[0, 0]   // as stored
                    let delta = (Extended(variance) - Extended(scale)) / Extended(scale)   // exact numerator
                    let count = Extended(n)
                    // KL = (n/2)(δ − log1p δ); χ² = (1 − δ²)^{−n/2} − 1; W₂² = n(√p − √s)² = n(p − s)²/(√p + √s)².
                    let kl = count / 2 * Self.xMinusLog1p(delta)
                    var logMoment: Extended = 0, power: Extended = 1
                    for k in 1...6 { power *= delta * delta; logMoment += power / Extended(k) }
                    let chiSquared = Self.expm1Series(count / 2 * logMoment)
                    let gap = Extended(variance) - Extended(scale)
                    let rootSum = Extended(variance).squareRoot() + Extended(scale).squareRoot()
                    let w2 = (count * gap * gap / (rootSum * rootSum)).squareRoot()
                    try expectRelative(GaussianDivergence.kl(from: p, to: q).value, kl, Self.klTolerance, "KL n=\(n) s=\(nominal) ε=\(epsilon)")
                    try expectRelative(GaussianDivergence.chiSquared(from: p, to: q).value, chiSquared, Self.chiSquaredTolerance, "χ² n=\(n) s=\(nominal) ε=\(epsilon)")
                    try expectRelative(GaussianDivergence.wasserstein2(p, q).value, w2, Self.wassersteinTolerance, "W₂ n=\(n) s=\(nominal) ε=\(epsilon)")
                }
            }
        }
    }

    // MARK: random full covariances in ℝ⁴: Σ_Q = V·diag(λ)·Vᵀ, Σ_P = Σ_Q + ε·E, μ_P = μ_Q + ε·g

    @Test("random full Σ_Q in ℝ⁴ (κ ≤ 10), Σ_P = Σ_Q + εE, ε = 1e-5…1e-9: KL, χ², W₂ against Float80 series in Δ")
    func randomFullCovariances() throws {
        let n = 4
        for seed in 1...12 {
            let stream = RandomStream(seed: UInt64(1000 + seed))
            let v = try Matrix.randomOrthonormal(rows: n, columns: n, stream: stream)
            let lambda = (0..<n).map { _ in 0.2 + 1.8 * stream.uniform() }
            let meanQ = stream.gaussians(n), direction = stream.gaussians(n)
            let raw = stream.gaussians(n * n)
            var e = Matrix(rows: n, columns: n)
            for i in 0..<n { for j in 0..<n { e[i, j] = raw[i * n + j] + raw[j * n + i] } }   // exactly symmetric
            let q = try F.gaussian(mean: meanQ, eigenvectors: v, eigenvalues: lambda)
            for epsilon in Self.perturbations {
                var covarianceP = q.covariance
                for i in 0..<n { for j in 0..<n { covarianceP[i, j] += epsilon * e[i, j] } }
                let meanP = zip(meanQ, direction).map { $0 + epsilon * $1 }
                let p = try Gaussian(mean: meanP, covariance: covarianceP)
                let reference = Reference(p: p, q: q, eigenvectors: v, eigenvalues: lambda)
                let label = "seed \(seed) ε=\(epsilon)"
                try expectRelative(GaussianDivergence.kl(from: p, to: q).value, reference.kl, Self.klTolerance, "KL \(label)")
                try expectRelative(GaussianDivergence.chiSquared(from: p, to: q).value, reference.chiSquared, Self.chiSquaredTolerance, "χ² \(label)")
                // The W₂ reference is second order in Δ: relative error ≈ ‖Δ‖/λ_min ≤ 10ε, within 1e-6/10 for ε ≤ 1e-8.
                if epsilon <= 1e-8 {
                    try expectRelative(GaussianDivergence.wasserstein2(p, q).value, reference.w2, Self.wassersteinTolerance, "W₂ \(label)")
                }
            }
        }
    }

    /// Extended-precision references for P close to Q, from Q's generating V, λ (the stored Σ_Q differs from
    /// V·diag(λ)·Vᵀ by ≈ 1e-16 relative, which moves KL, χ², W₂ by as little) and the exact Δ = Σ_P − Σ_Q:
    ///
    /// ```
    /// A = Σ_Q⁻¹Δ,   KL = ½ Σ_{k≥2} (−1)^k tr(A^k)/k + ½ dᵀΣ_Q⁻¹d                     (d = μ_P − μ_Q)
    /// log(1 + χ²) = ½ Σ_{k≥1} tr(A^{2k})/k + dᵀ(2Σ_Q − Σ_P)⁻¹d,   (2Σ_Q − Σ_P)⁻¹ = Σ_{k≥0} A^k Σ_Q⁻¹
    /// W₂² = ‖d‖² + ½ Σᵢⱼ Δ̃ᵢⱼ²/(λᵢ + λⱼ) + O(‖Δ‖³),   Δ̃ = VᵀΔV
    /// ```
    /// The series are summed to k = 8, beyond which terms are below ‖A‖⁸ ≈ 1e-30 relative.
    struct Reference {
        let kl: Extended, chiSquared: Extended, w2: Extended

        init(p: Gaussian, q: Gaussian, eigenvectors v: Matrix, eigenvalues lambda: [Double]) {
            let n = lambda.count
            typealias Square = [[Extended]]
            func product(_ x: Square, _ y: Square) -> Square {
                (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(Extended(0)) { $0 + x[i][$1] * y[$1][j] } } }
            }
            func apply(_ x: Square, _ y: [Extended]) -> [Extended] {
                (0..<n).map { i in (0..<n).reduce(Extended(0)) { $0 + x[i][$1] * y[$1] } }
            }
            func trace(_ x: Square) -> Extended { (0..<n).reduce(Extended(0)) { $0 + x[$1][$1] } }
            let vv: Square = (0..<n).map { i in (0..<n).map { Extended(v[i, $0]) } }
            let precision: Square = (0..<n).map { i in (0..<n).map { j in
                (0..<n).reduce(Extended(0)) { $0 + vv[i][$1] * vv[j][$1] / Extended(lambda[$1]) } } }
            let delta: Square = (0..<n).map { i in (0..<n).map { Extended(p.covariance[i, $0]) - Extended(q.covariance[i, $0]) } }
            let d = (0..<n).map { Extended(p.mean[$0]) - Extended(q.mean[$0]) }
            let a = product(precision, delta)
            var powers: [Square] = [(0..<n).map { i in (0..<n).map { i == $0 ? 1 : 0 } }]
            for _ in 1...16 { powers.append(product(powers.last!, a)) }
            let pulled = apply(precision, d)
            let mahalanobis = zip(d, pulled).reduce(Extended(0)) { $0 + $1.0 * $1.1 }
            var traceSeries: Extended = 0
            for k in 2...8 { traceSeries += (k % 2 == 0 ? 1 : -1) * trace(powers[k]) / Extended(k) }
            kl = (traceSeries + mahalanobis) / 2
            var logMoment: Extended = 0
            for k in 1...8 { logMoment += trace(powers[2 * k]) / Extended(2 * k) }
            for k in 0...8 { logMoment += zip(d, apply(powers[k], pulled)).reduce(Extended(0)) { $0 + $1.0 * $1.1 } }
            chiSquared = DivergencePrecisionTests.expm1Series(logMoment)
            let rotated = product(product((0..<n).map { i in (0..<n).map { vv[$0][i] } }, delta), vv)
            var bures: Extended = 0
            for i in 0..<n { for j in 0..<n { bures += rotated[i][j] * rotated[i][j] / (Extended(lambda[i]) + Extended(lambda[j])) } }
            w2 = (d.reduce(Extended(0)) { $0 + $1 * $1 } + bures / 2).squareRoot()
        }
    }
}

/// Records |computed − reference| / reference ≤ tolerance (reference > 0).
private func expectRelative(_ computed: Double, _ reference: Float80, _ tolerance: Double, _ label: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    let error = abs(Float80(computed) - reference) / reference
    #expect(error <= Float80(tolerance), "\(label): \(computed) vs \(Double(reference)), relative error \(Double(error))", sourceLocation: sourceLocation)
}
#endif
