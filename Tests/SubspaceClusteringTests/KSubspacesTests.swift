import Foundation
import Testing
import PropertyBased
import PropertySupport
import GaussianMixtures
import LinearAlgebra
@testable import SubspaceClustering
import RandomStreams

@Suite("K-subspaces clustering [C]")
struct KSubspacesTests {
    @Test("C.k-subspaces: noiseless points on K orthogonal d-dimensional subspaces (N_k ≥ 2d) are recovered exactly up to rotation, with labels matching the components")
    func recoversOrthogonalSubspaces() async throws {
        await seededPropertyCheck(count: 12, input: Gen.int(in: 2...4), Gen.int(in: 1...4), Gen.int(in: 0...1_000_000)) { k, d, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let n = k * d + 3
            let mixture = try LowRankMixture.orthogonalSubspaces(dimension: n, components: k, rank: d, stream: stream)
            // 4d points per subspace, drawn component by component so the true labels are known.
            var rows: [[Double]] = [], truth: [Int] = []
            for (c, basis) in mixture.bases.enumerated() {
                let coefficients = Matrix.gaussian(rows: 4 * d, columns: d, stream: stream)
                rows += Matrix.product(coefficients, basis, transposeB: true).rowArrays
                truth += [Int](repeating: c, count: 4 * d)
            }
            let result = try KSubspaces(subspaces: k, dimension: d, restarts: 6, seed: UInt64(seed)).fit(Matrix(rowArrays: rows))
            // ‖ÛÛᵀ − UUᵀ‖_F = √(2d − 2‖ÛᵀU‖²_F) takes the square root of a rounding-level difference
            // (≈ d·ε), so an exact recovery shows as ≈ √(d·ε) ≈ 3·10⁻⁸; 10⁻⁶ leaves a 30× margin.
            #expect(result.subspaceError(to: mixture.bases) < 1e-6, "K=\(k) d=\(d) seed=\(seed): error \(result.subspaceError(to: mixture.bases))")
            #expect(result.residual < 1e-8 * Double(rows.count), "residual \(result.residual)")
            // Same partition up to relabelling: points of one component share one found label.
            for c in 0..<k {
                let found = Set(truth.indices.filter { truth[$0] == c }.map { result.labels[$0] })
                #expect(found.count == 1, "component \(c) split into \(found)")
            }
        }
    }

    @Test("C.k-subspaces: the objective Σ_k Σ_{i∈C_k} ‖U_kᵀx_i‖² never decreases (residual never increases) along the Lloyd iterations, on noisy data")
    func monotone() async throws {
        await seededPropertyCheck(count: 20, input: Gen.int(in: 1...4), Gen.int(in: 1...3), Gen.int(in: 0...1_000_000)) { k, d, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let n = 10
            let points = Matrix.gaussian(rows: 60, columns: n, stream: stream)  // no structure: many iterations
            let method = try KSubspaces(subspaces: k, dimension: d, restarts: 1, seed: UInt64(seed))
            let initial = try (0..<k).map { _ in try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream) }
            let result = try method.iterate(points, from: initial)
            let total = points.rowSquaredNorms.reduce(0, +)
            // Each step maximises exactly; rounding in the eigensolver is ≈ n·ε·‖S_k‖ ≤ 1e-12·total.
            for (before, after) in zip(result.history, result.history.dropFirst()) {
                #expect(after >= before - 1e-12 * total, "seed \(seed): objective fell from \(before) to \(after)")
            }
            #expect(abs(result.residual + result.objective - total) < 1e-10 * total)
        }
    }

    @Test("C.k-subspaces: K = 1 is PCA — the basis spans the top-d eigenvectors of Σ x_i x_iᵀ")
    func pca() throws {
        let stream = RandomStream(seed: 3)
        let points = Matrix.gaussian(rows: 50, columns: 6, stream: stream).scalingColumns(by: [5, 4, 3, 1, 0.5, 0.2])
        let result = try KSubspaces(subspaces: 1, dimension: 3, restarts: 2, seed: 1).fit(points)
        let reference = try KSubspaces.topEigenvectors(of: points.gram.symmetrised, count: 3)
        #expect(KSubspacesResult.projectorDistance(result.bases[0], reference) < 1e-10)
    }

    @Test("C.k-subspaces: invalid parameters throw naming the field")
    func badInput() {
        #expect(throws: (any Error).self) { try KSubspaces(subspaces: 0, dimension: 2) }
        #expect(throws: (any Error).self) { try KSubspaces(subspaces: 2, dimension: 5).fit(Matrix(rows: 3, columns: 4)) }
    }
}
