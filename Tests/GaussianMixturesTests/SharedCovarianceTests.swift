import Foundation
import Testing
import LinearAlgebra
import RandomStreams
@testable import GaussianMixtures

/// The shared kernel of a mixture whose components share their covariance against the general
/// per-component kernel. Tolerance 1e-12 relative: the two differ only by rounding, the shared form
/// expanding ‖z − m_k‖² = ‖z‖² − 2⟨z, m_k⟩ + ‖m_k‖² with ‖z‖², ‖m_k‖² ≲ 10³ here, so the log terms differ
/// by a few hundred ulp of 10³ (≈ 1e-13), which also bounds the relative change of every weight.
@Suite("Shared-covariance mixtures: the shared kernel against the per-component path")
struct SharedCovarianceTests {
    static let tolerance = 1e-12

    /// K components with means drawn around 0 and one covariance: a KDE (h²I, a rank-0 low-rank form),
    /// a dense random SPD matrix, or a low-rank basis with a noise floor.
    static func mixture(kind: Int, count: Int, dimension n: Int, seed: UInt64) throws -> GaussianMixture {
        let stream = RandomStream(seed: seed)
        let means = Matrix.gaussian(rows: count, columns: n, stream: stream)
        let weights = (0..<count).map { _ in 0.5 + stream.uniform() }
        let factor = Matrix.gaussian(rows: n, columns: n, stream: stream)
        let dense = (0.2 * Matrix.product(factor, factor, transposeB: true)).addingToDiagonal(0.3)
        let eigenvectors = try SymmetricEigendecomposition(dense).eigenvectors
        let basis = Matrix(rowArrays: (0..<n).map { [eigenvectors[$0, 0], eigenvectors[$0, 1]] })
        let components = try (0..<count).map { k -> Gaussian in
            switch kind {
            case 0: try Gaussian(mean: means.row(k), basis: Matrix(rows: n, columns: 0), variances: [], noise: 0.09)
            case 1: try Gaussian(mean: means.row(k), covariance: dense)
            default: try Gaussian(mean: means.row(k), basis: basis, variances: [1.5, 0.4], noise: 0.2)
            }
        }
        return try GaussianMixture(weights: weights, components: components)
    }

    static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        let scale = max(b.map(abs).max() ?? 0, Double.leastNormalMagnitude)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    @Test("log-density, responsibilities and score agree to 1e-12 relative (KDE, dense, low-rank; noised too)",
          arguments: [0, 1, 2])
    func agreesWithGeneralPath(kind: Int) throws {
        let n = 6
        let model = try Self.mixture(kind: kind, count: 300, dimension: n, seed: 40 + UInt64(kind))
        for law in [model, model.noised(scale: 0.8, noiseVariance: 0.3)] {
            #expect(law.sharedSpectrum != nil)
            let points = 1.5 * Matrix.gaussian(rows: 200, columns: n, stream: RandomStream(seed: 7))
            let shared = try MixtureKernel(law).evaluate(points, wantScore: true, wantLogTerms: true)
            let general = try MixtureKernel(law, sharingCovariance: false).evaluate(points, wantScore: true)
            // Keeping the log terms only moves the exponentials to a scratch matrix: the same bits. Both run with
            // OpenBLAS on one thread, as every parallel block does: a product's rounding depends on its thread
            // count, which concurrent tests change.
            let (kept, unkept) = try BLASThreads.pinned {
                (try MixtureKernel(law).evaluate(points, wantScore: true, wantLogTerms: true), try MixtureKernel(law).evaluate(points, wantScore: true))
            }
            #expect(unkept.logTerms == nil && kept.logTerms != nil)
            #expect(unkept.logDensity == kept.logDensity && unkept.score!.elements == kept.score!.elements)
            #expect(Self.relativeDifference(shared.logDensity, general.logDensity) <= Self.tolerance)
            #expect(Self.relativeDifference(shared.score!.elements, general.score!.elements) <= Self.tolerance)
            #expect(Self.relativeDifference(shared.logTerms!.elements, general.logTerms!.elements) <= Self.tolerance)
        }
    }

    @Test("components in covariance groups (KDE, dense and low-rank groups mixed, interleaved; noised too): log-density, log terms and score equal the per-component path to 1e-12 relative")
    func groupsAgreeWithGeneralPath() throws {
        let n = 6
        // Three groups of 40, 25 and 12 components (one covariance each), interleaved in the component list,
        // and weights of very different sizes per group, so a wrong group weight or column would show.
        let parts = try [(0, 40, 0.7), (1, 25, 0.2), (2, 12, 0.1)].map { kind, count, weight in
            (try Self.mixture(kind: kind, count: count, dimension: n, seed: 90 + UInt64(kind)), weight)
        }
        var weights: [Double] = [], components: [Gaussian] = []
        for k in 0..<40 {
            for (part, weight) in parts where k < part.count {
                weights.append(weight * part.weights[k])
                components.append(part.components[k])
            }
        }
        let model = try GaussianMixture(weights: weights, components: components)
        for law in [model, model.noised(scale: 0.8, noiseVariance: 0.3)] {
            let kernel = try MixtureKernel(law)
            #expect(law.sharedSpectrum == nil && kernel.groups.count == 3 && kernel.groups.map(\.indices.count).sorted() == [12, 25, 40])
            let points = 1.5 * Matrix.gaussian(rows: 200, columns: n, stream: RandomStream(seed: 8))
            let grouped = kernel.evaluate(points, wantScore: true, wantLogTerms: true)
            let general = try MixtureKernel(law, sharingCovariance: false).evaluate(points, wantScore: true)
            #expect(Self.relativeDifference(grouped.logDensity, general.logDensity) <= Self.tolerance)
            #expect(Self.relativeDifference(grouped.score!.elements, general.score!.elements) <= Self.tolerance)
            #expect(Self.relativeDifference(grouped.logTerms!.elements, general.logTerms!.elements) <= Self.tolerance)
            #expect(Self.relativeDifference(try law.responsibilities(points).elements,
                                            general.logTerms!.elements.indices.map { exp(general.logTerms![$0 / law.count, $0 % law.count] - general.logDensity[$0 / law.count]) }) <= Self.tolerance)
        }
        // Too many groups (more than K/4) or a single one: no grouping.
        let distinct = try GaussianMixture(weights: [Double](repeating: 1, count: 8), components: (0..<8).map { k in
            try Gaussian(mean: [Double](repeating: 0, count: n), covariance: Double(k + 1) * Matrix.identity(n)) })
        #expect(MixtureKernel.covarianceGroups(of: distinct) == nil)
        #expect(MixtureKernel.covarianceGroups(of: parts[0].0) == nil)
    }

    @Test("the posterior mean's shared form equals Σ_k w_k m_k with dense per-component conditional means")
    func posteriorMeanAgrees() throws {
        let n = 4, s = 0.7, gamma2 = 0.5
        for kind in [0, 1, 2] {
            let model = try Self.mixture(kind: kind, count: 50, dimension: n, seed: 60 + UInt64(kind))
            let points = Matrix.gaussian(rows: 40, columns: n, stream: RandomStream(seed: 8))
            let shared = try model.posteriorMean(points, scale: s, noiseVariance: gamma2)
            let weights = try model.noised(scale: s, noiseVariance: gamma2).responsibilities(points)
            // m_k(y) = μ_k + sΣ(s²Σ + γ²I)⁻¹(y − sμ_k) with the dense Σ, solved by Cholesky.
            let sigma = model.components[0].covariance
            let system = try CholeskyFactorization((s * s * sigma).addingToDiagonal(gamma2))
            var expected = Matrix(rows: points.rows, columns: n)
            for (k, component) in model.components.enumerated() {
                for i in 0..<points.rows {
                    let residual = (0..<n).map { points[i, $0] - s * component.mean[$0] }
                    let gained = s * (sigma * (try system.solve(residual)))
                    for j in 0..<n { expected[i, j] += weights[i, k] * (component.mean[j] + gained[j]) }
                }
            }
            #expect(Self.relativeDifference(shared.elements, expected.elements) <= Self.tolerance, "kind \(kind)")
        }
    }

    @Test("a covariance one ulp apart, or a single component, is not shared")
    func detectionIsExact() throws {
        let n = 3
        let first = try Gaussian(mean: [0, 0, 0], covariance: Matrix.identity(n))
        var nudged = Matrix.identity(n)
        nudged[1, 1] = 1.0.nextUp
        let second = try Gaussian(mean: [1, 0, 0], covariance: nudged)
        #expect(try GaussianMixture(weights: [1, 1], components: [first, second]).sharedSpectrum == nil)
        #expect(try GaussianMixture(weights: [1, 1], components: [first, first]).sharedSpectrum != nil)
        #expect(GaussianMixture(first).sharedSpectrum == nil)
    }

    @Test("MixtureLogDensity's isotropic path (components of two variances: q_i = α·p_data + (1 − α)·KDE) equals the per-component log-density to 1e-12 relative, in one tile and in three",
          arguments: [3_000, 9_000])
    func isotropicLogDensityMatchesGeneralPath(narrowCount: Int) throws {
        let stream = RandomStream(seed: 71)
        let n = 10
        // Five wide components (σ² = 0.36) and 3 000 or 9 000 narrow ones (h² = 0.25): two variances, so neither
        // the shared-covariance kernel nor a single whitening applies, the case of [B]'s retraining measurements.
        // 9 005 components are three tiles of `MixtureKernel.componentsPerTile` (the last one partial).
        let wide = try (0..<5).map { _ in try Gaussian(mean: (0..<n).map { _ in 2 * stream.gaussian() }, covariance: 0.36 * Matrix.identity(n)) }
        let narrow = try (0..<narrowCount).map { _ in try Gaussian(mean: (0..<n).map { _ in stream.gaussian() }, covariance: 0.25 * Matrix.identity(n)) }
        let law = try GaussianMixture(weights: [Double](repeating: 0.1, count: 5) + [Double](repeating: 0.5 / Double(narrowCount), count: narrowCount),
                                      components: wide + narrow)
        var points = 1.5 * Matrix.gaussian(rows: 300, columns: n, stream: stream)
        for j in 0..<n { points[299, j] *= 6 }  // far out: every term far below 1, the shift matters
        let fast = try MixtureLogDensity(law)(points)
        let general = try MixtureKernel(law, sharingCovariance: false)
        let reference = general.evaluate(points, wantScore: false).logDensity
        let worst = zip(fast, reference).map { abs($0 - $1) / abs($1) }.max()!
        print("MixtureLogDensity (isotropic path) against the per-component kernel: worst relative difference \(worst)")
        #expect(worst <= Self.tolerance, "worst relative difference \(worst)")
    }

    /// A KDE law of 9 000 components, h² = 0.09 in ℝ⁶: the first tile of 4 096 centres sits 4 units out along
    /// the first axis, the rest around 0. Points near 0 find their largest term only in a later tile (the
    /// running maximum is raised and the earlier sum and score accumulator rescaled); points near the shifted
    /// cloud find it in the first tile.
    static func tiledKernelDensity() throws -> GaussianMixture {
        let n = 6, count = 9_000
        let stream = RandomStream(seed: 73)
        var means = Matrix.gaussian(rows: count, columns: n, stream: stream)
        for k in 0..<MixtureKernel.componentsPerTile { means[k, 0] += 4 }
        let components = try (0..<count).map { k in
            try Gaussian(mean: means.row(k), basis: Matrix(rows: n, columns: 0), variances: [], noise: 0.09)
        }
        return try GaussianMixture(weights: (0..<count).map { _ in 0.5 + stream.uniform() }, components: components)
    }

    @Test("the tiled shared-covariance kernel (9 000 components: three tiles, the largest term in the first or a later one) gives the per-component log-density and score to 1e-12 relative, alone and as a covariance group; noised too")
    func tiledKernelAgreesWithGeneralPath() throws {
        let n = 6
        let kde = try Self.tiledKernelDensity()
        var points = Matrix.gaussian(rows: 120, columns: n, stream: RandomStream(seed: 74))
        for i in 0..<40 { points[i, 0] += 4 }
        // q = ½·(two wide components) + ½·KDE: two covariance groups, the KDE group tiled.
        let wide = try [0.0, 4.0].map { shift in try Gaussian(mean: [shift] + [Double](repeating: 0, count: n - 1), covariance: 0.5 * Matrix.identity(n)) }
        let training = try GaussianMixture(weights: [0.25, 0.25] + kde.weights.map { 0.5 * $0 / kde.weights.reduce(0, +) },
                                           components: wide + kde.components)
        for law in [kde, kde.noised(scale: 0.8, noiseVariance: 0.3), training] {
            let kernel = try MixtureKernel(law)
            #expect(kernel.shared != nil || kernel.groups.map(\.indices.count).sorted() == [2, 9_000])
            let tiled = kernel.evaluate(points, wantScore: true)
            #expect(tiled.logTerms == nil)  // no b×K log terms kept: for the shared KDE, the tiled kernel ran
            let general = try MixtureKernel(law, sharingCovariance: false).evaluate(points, wantScore: true)
            #expect(Self.relativeDifference(tiled.logDensity, general.logDensity) <= Self.tolerance)
            #expect(Self.relativeDifference(tiled.score!.elements, general.score!.elements) <= Self.tolerance)
            #expect(Self.relativeDifference(try law.logDensity(points), general.logDensity) <= Self.tolerance)
        }
    }
}
