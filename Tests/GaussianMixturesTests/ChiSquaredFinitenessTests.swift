import Foundation
import Testing
@testable import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// `ChiSquaredFiniteness`: the certificate (a convex combination of the 2Pᵢ⁻¹ − Qⱼ⁻¹ positive definite) and the
/// witness (a direction where every form is negative) against a brute-force search over directions.
@Suite("χ² finiteness between mixtures: certificate, witness, brute force")
struct ChiSquaredFinitenessTests {
    /// A covariance R diag(exp(u)) Rᵀ with u uniform in [log low, log high] and R a random rotation.
    static func covariance(_ n: Int, _ stream: RandomStream, low: Double, high: Double) throws -> Matrix {
        let rotation = try Matrix.randomOrthonormal(rows: n, columns: n, stream: stream)
        let variances = (0..<n).map { _ in exp(log(low) + stream.uniform() * (log(high) - log(low))) }
        return Matrix.product(rotation.scalingColumns(by: variances), rotation, transposeB: true).symmetrised
    }

    static func mixture(components: Int, dimension n: Int, _ stream: RandomStream, low: Double, high: Double) throws -> GaussianMixture {
        try GaussianMixture(weights: (0..<components).map { _ in 0.2 + stream.uniform() },
                            components: (0..<components).map { _ in
                                try Gaussian(mean: stream.gaussians(n), covariance: try covariance(n, stream, low: low, high: high))
                            })
    }

    /// min over unit v of maxⱼ vᵀ(2Pᵢ⁻¹ − Qⱼ⁻¹)v for each P component, over `directions` (2-D: angles; 3-D: a
    /// Fibonacci sphere), in units of the largest |eigenvalue| of the forms.
    static func bruteForceMargins(_ p: GaussianMixture, _ q: GaussianMixture, directions: Int) -> [Double] {
        let n = p.dimension
        let vs: [[Double]] = (0..<directions).map { k in
            if n == 2 {
                let angle = Double.pi * Double(k) / Double(directions)
                return [cos(angle), sin(angle)]
            }
            let z = 1 - 2 * (Double(k) + 0.5) / Double(directions), r = (1 - z * z).squareRoot()
            let phi = Double(k) * Double.pi * (3 - 5.0.squareRoot())
            return [r * cos(phi), r * sin(phi), z]
        }
        let qPrecisions = q.components.map { $0.spectrum.densePrecision() }
        return p.components.map { component in
            let forms = qPrecisions.map { (2 * component.spectrum.densePrecision() - $0).symmetrised }
            let scale = forms.map { $0.elements.map(abs).max() ?? 1 }.max() ?? 1
            return vs.map { v in forms.map { v.dot($0 * v) }.max()! }.min()! / scale
        }
    }

    @Test("the verdict agrees with a dense direction search on random anisotropic 2-D and 3-D cases (K_P ≤ 3, K_Q ≤ 4)")
    func againstBruteForce() throws {
        let stream = RandomStream(seed: 2026)
        var compared = 0, finite = 0, infinite = 0
        for trial in 0..<300 {
            let n = 2 + trial % 2
            let p = try Self.mixture(components: 1 + trial % 3, dimension: n, stream, low: 0.3, high: 3)
            let q = try Self.mixture(components: 2 + trial % 3, dimension: n, stream, low: 0.05, high: 8)
            let margins = Self.bruteForceMargins(p, q, directions: n == 2 ? 20_000 : 40_000)
            // Decided by brute force only with a clear margin: the grid (spacing ≈ 1.6e-4 rad in 2-D, ≈ 0.018 rad in
            // 3-D) over-estimates a minimum by at most 2·spacing² in these units (the forms are scaled to norm 1)
            // — a margin of 1e-3 leaves the 3-D grid's 6.5e-4 and more for 2-D.
            guard margins.allSatisfy({ abs($0) > 1e-3 }) else { continue }
            compared += 1
            let bruteFinite = margins.allSatisfy { $0 > 0 }
            switch try ChiSquaredFiniteness.check(from: p, to: q) {
            case .finite:
                finite += 1
                #expect(bruteFinite, "trial \(trial): certified finite, brute force margins \(margins)")
            case .infinite(let reason):
                infinite += 1
                #expect(!bruteFinite, "trial \(trial): infinite (\(reason)), brute force margins \(margins)")
            case .undecided(let reason):
                Issue.record("trial \(trial): undecided with a clear brute-force margin \(margins): \(reason)")
            }
        }
        #expect(compared >= 200 && finite >= 30 && infinite >= 30, "compared \(compared): \(finite) finite, \(infinite) infinite")
    }

    @Test("a pair certificate where no single component certifies: two crossed thin Q components, P isotropic")
    func pairCertificate() throws {
        // P = N(0, 1.5 I), Q components with variances (4, 0.6) and (0.6, 4): M₁ = diag(1.083, −0.333) and
        // M₂ = diag(−0.333, 1.083) are both indefinite, but ½(M₁ + M₂) = 0.375 I ≻ 0.
        let p = GaussianMixture(try Gaussian(mean: [0, 0], covariance: 1.5 * Matrix.identity(2)))
        let q = try GaussianMixture(weights: [1, 1], components: [
            try Gaussian(mean: [0, 0], covariance: .diagonal([4, 0.6])), try Gaussian(mean: [0, 0], covariance: .diagonal([0.6, 4]))])
        guard case .finite(let certificates) = try ChiSquaredFiniteness.check(from: p, to: q) else {
            Issue.record("expected a certificate")
            return
        }
        #expect(certificates[0].weights.allSatisfy { $0 > 0.1 }, "weights \(certificates[0].weights)")
        // The importance sampler then gives a finite estimate with a standard error, agreeing with 2-D quadrature.
        let estimate = try ChiSquaredToMixture.importanceSampled(from: p, to: q, samples: 40_000, seed: 1)
        let reference = try Self.quadrature2D(p, q)
        #expect(abs(estimate.value - reference) <= 4 * estimate.standardError, "IS \(estimate.value) ± \(estimate.standardError), quadrature \(reference)")
    }

    /// ∫p²/q − 1 on a 2-D grid (midpoint rule, [−L, L]², log-space sums).
    static func quadrature2D(_ p: GaussianMixture, _ q: GaussianMixture, halfWidth: Double = 40, cells: Int = 1_200) throws -> Double {
        let h = 2 * halfWidth / Double(cells)
        var elements: [Double] = []
        elements.reserveCapacity(2 * cells * cells)
        for i in 0..<cells {
            for j in 0..<cells { elements += [-halfWidth + (Double(i) + 0.5) * h, -halfWidth + (Double(j) + 0.5) * h] }
        }
        let grid = Matrix(rows: cells * cells, columns: 2, elements: elements)
        let lp = try p.logDensity(grid), lq = try q.logDensity(grid)
        let terms = (0..<grid.rows).map { 2 * lp[$0] - lq[$0] }
        let top = terms.max()!
        return expm1(top + log(h * h) + log(terms.reduce(0) { $0 + exp($1 - top) }))
    }

    /// The measurement quoted in the README: how often neither a certificate nor a witness is found.
    @Test("NaN (undecided) rate on 1 000 random pairs, K ≤ 4, n ≤ 6")
    func undecidedRate() throws {
        let stream = RandomStream(seed: 1000)
        var counts = (finite: 0, combined: 0, infinite: 0, undecided: 0)
        for trial in 0..<1_000 {
            let n = 1 + trial % 6
            let p = try Self.mixture(components: 1 + stream.integer(below: 4), dimension: n, stream, low: 0.3, high: 3)
            let q = try Self.mixture(components: 1 + stream.integer(below: 4), dimension: n, stream, low: 0.05, high: 8)
            switch try ChiSquaredFiniteness.check(from: p, to: q) {
            case .finite(let certificates):
                counts.finite += 1
                if certificates.contains(where: { $0.weights.filter { $0 > 0 }.count > 1 }) { counts.combined += 1 }
            case .infinite: counts.infinite += 1
            case .undecided: counts.undecided += 1
            }
        }
        print("χ² finiteness on 1000 random pairs: \(counts.finite) finite (\(counts.combined) needing a combination of Q components), \(counts.infinite) infinite, \(counts.undecided) undecided")
        #expect(counts.undecided == 0, "\(counts)")
    }

    @Test("the batched partner search picks the plain loop's partner for every P component, ties and invalid classes included, with the same certificates bit for bit")
    func batchedPartnersEqualPlainLoop() throws {
        let stream = RandomStream(seed: 91)
        let n = 4
        func isotropic(_ mean: [Double], _ variance: Double) throws -> Gaussian {
            try Gaussian(mean: mean, basis: Matrix(rows: n, columns: 0), variances: [], noise: variance)
        }
        // Q: 600 narrow components (variance 0.2: M = 2/0.5 − 1/0.2 < 0, never a partner of P's wide class), 4 500
        // of variance 0.5 in two tiles (the second tile repeats the first tile's first 100 means: exact ties,
        // which the first j must win) and 3 dense components.
        let narrow = try (0..<600).map { _ in try isotropic(stream.gaussians(n), 0.2) }
        var middleMeans = (0..<4_400).map { _ in (0..<n).map { _ in 1.5 * stream.gaussian() } }
        middleMeans.insert(contentsOf: middleMeans[0..<100], at: 4_096)
        let middle = try middleMeans.map { try isotropic($0, 0.5) }
        let dense = try (0..<3).map { _ in try Gaussian(mean: stream.gaussians(n), covariance: try Self.covariance(n, stream, low: 0.3, high: 2)) }
        let qComponents = narrow + middle + dense
        var qWeights = qComponents.map { _ in 0.5 + stream.uniform() }
        for k in 0..<100 { qWeights[600 + 4_096 + k] = qWeights[600 + k] }  // the twins tie exactly
        let q = try GaussianMixture(weights: qWeights, components: qComponents)
        // P: 700 components of variance 0.5 (a KDE; some at Q's means, to make ties matter) and 20 of variance 0.15.
        let pMeans = (0..<700).map { k in k < 50 ? middleMeans[4_096 + k] : stream.gaussians(n) }
        let pComponents = try pMeans.map { try isotropic($0, 0.5) } + (0..<20).map { _ in try isotropic(stream.gaussians(n), 0.15) }
        let p = try GaussianMixture(weights: pComponents.map { _ in 1 }, components: pComponents)
        guard case .finite(let plain) = try ChiSquaredFiniteness.check(from: p, to: q, batched: false),
              case .finite(let batched) = try ChiSquaredFiniteness.check(from: p, to: q, batched: true) else {
            Issue.record("χ² should be certified finite")
            return
        }
        #expect(plain.count == batched.count)
        for (a, b) in zip(plain, batched) {
            #expect(a.weights == b.weights)
            #expect(a.covariance.elements.map(\.bitPattern) == b.covariance.elements.map(\.bitPattern))
        }
        let partners = plain.map { $0.weights.firstIndex(of: 1)! }
        // The tied means: P's first 50 components sit on Q components 4 696… whose twins 600… (same mean, same
        // weight) come first; where a twin is the partner, it is the first one.
        let twinPartners = (0..<50).filter { partners[$0] == 600 + $0 || partners[$0] == 4_696 + $0 }
        #expect(twinPartners.count >= 10 && twinPartners.allSatisfy { partners[$0] == 600 + $0 }, "\(twinPartners.map { partners[$0] })")
        // The narrow class is never the partner of P's wide components (2/0.5 − 1/0.2 < 0), but can be of its
        // narrow ones (2/0.15 − 1/0.2 > 0).
        #expect(partners.prefix(700).allSatisfy { $0 >= 600 })
        #expect(partners.suffix(20).contains { $0 < 600 })
    }
}
