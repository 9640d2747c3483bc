import Foundation
import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra
@testable import SubspaceClustering
import RandomStreams

@Suite("Shape-interaction segmentation [C]")
struct ShapeInteractionTests {
    /// 2d + 1 points on each of K random (generic, hence independent: K·d ≤ n) d-dimensional subspaces of
    /// ℝⁿ, shuffled; returns the points, their true labels and the true bases.
    static func independentSubspaces(k: Int, d: Int, n: Int, stream: RandomStream) throws -> (points: Matrix, truth: [Int], bases: [Matrix]) {
        let bases = try (0..<k).map { _ in try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream) }
        var rows: [[Double]] = [], truth: [Int] = []
        for (c, basis) in bases.enumerated() {
            rows += Matrix.product(Matrix.gaussian(rows: 2 * d + 1, columns: d, stream: stream), basis, transposeB: true).rowArrays
            truth += [Int](repeating: c, count: 2 * d + 1)
        }
        for i in stride(from: rows.count - 1, to: 0, by: -1) {  // Fisher–Yates
            let j = stream.integer(below: i + 1)
            rows.swapAt(i, j)
            truth.swapAt(i, j)
        }
        return (Matrix(rowArrays: rows), truth, bases)
    }

    @Test("C.shape-interaction: for noiseless points from K independent subspaces, Q = U_rU_rᵀ is block diagonal to rounding (off-block < 1e-10) and the segmentation recovers the partition and the subspaces")
    func blockDiagonal() async throws {
        await seededPropertyCheck(count: 25, input: Gen.int(in: 2...4), Gen.int(in: 1...3), Gen.int(in: 0...1_000_000)) { k, d, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let n = k * d + 1 + seed % 3
            let (points, truth, bases) = try Self.independentSubspaces(k: k, d: d, n: n, stream: stream)
            let method = try ShapeInteraction(subspaces: k, dimension: d)
            let segmentation = try method.fit(points)
            #expect(segmentation.rank == k * d, "seed \(seed): rank \(segmentation.rank)")
            // Exactly Q_ij = xᵢᵀ(XᵀX)⁺xⱼ = 0 across independent subspaces. The computed Q is an orthogonal
            // projector built from a U_r that is within ≈ ε·s₁/s_r of the exact one (Wedin, s_{r+1} = 0):
            // off-block entries are rounding, ≈ 10⁻¹⁵–10⁻¹³ here; 10⁻¹⁰ leaves a wide margin.
            var offBlock = 0.0
            for i in 0..<points.rows { for j in 0..<points.rows where truth[i] != truth[j] { offBlock = max(offBlock, abs(segmentation.interaction[i, j])) } }
            #expect(offBlock < 1e-10, "K=\(k) d=\(d) n=\(n) seed=\(seed): off-block \(offBlock)")
            #expect(segmentation.components == k)
            #expect(ClusteringMetrics.accuracy(segmentation.clustering.labels, truth: truth) == 1, "seed \(seed)")
            // PCA of an exactly recovered cluster spans its subspace; the distance is √(rounding) ≈ 10⁻⁸.
            #expect(ClusteringMetrics.recovered(segmentation.clustering.bases, truth: bases, threshold: 1e-6), "seed \(seed)")
            let total = points.rowSquaredNorms.reduce(0, +)
            #expect(segmentation.clustering.residual < 1e-10 * total)
            #expect(abs(segmentation.clustering.residual + segmentation.clustering.objective - total) <= 1e-12 * total)
        }
    }

    @Test("C.shape-interaction: Q is the orthogonal projector of rank r (Q² = Q = Qᵀ, trace r), for any data")
    func projector() throws {
        let points = Matrix.gaussian(rows: 9, columns: 4, stream: RandomStream(seed: 11))
        let (q, r) = try ShapeInteraction(subspaces: 2, dimension: 1).interactionMatrix(points)
        #expect(r == 4)
        #expect(Matrix.product(q, q).maxAbsoluteDifference(q) < 1e-13)
        #expect(q.transposed.maxAbsoluteDifference(q) < 1e-13)
        #expect(abs(q.trace - 4) < 1e-12)
    }

    @Test("C.shape-interaction: a zero row is an isolated component and merges into the first cluster; fewer components than K are reported as they are")
    func componentCount() throws {
        // Two lines in ℝ³ (e₁ and e₂ + e₃) and the origin, which has an all-zero row of Q.
        let points = Matrix(rowArrays: [[1, 0, 0], [0, 2, 2], [-3, 0, 0], [0, 0, 0], [0, -1, -1], [2, 0, 0]])
        let two = try ShapeInteraction(subspaces: 2, dimension: 1).fit(points)
        #expect(two.components == 3 && two.rank == 2)
        #expect(two.clustering.labels == [0, 1, 0, 0, 1, 0])
        #expect(abs(two.clustering.objective - 24) < 1e-12 && two.clustering.residual < 1e-12)  // 1 + 8 + 9 + 0 + 2 + 4
        let three = try ShapeInteraction(subspaces: 4, dimension: 1).fit(points)
        #expect(three.components == 3 && three.clustering.bases.count == 3)
        #expect(three.clustering.labels == [0, 1, 0, 2, 1, 0])
    }

    @Test("C.shape-interaction: invalid parameters and points throw InputError naming the field")
    func badInput() {
        #expect(throws: (any Error).self) { try ShapeInteraction(subspaces: 0, dimension: 1) }
        #expect(throws: (any Error).self) { try ShapeInteraction(subspaces: 1, dimension: 1, rankTolerance: 0) }
        #expect(throws: (any Error).self) { try ShapeInteraction(subspaces: 1, dimension: 1, threshold: -1) }
        #expect(throws: (any Error).self) { try ShapeInteraction(subspaces: 1, dimension: 4).fit(Matrix(rows: 3, columns: 3)) }
        #expect(throws: (any Error).self) { try ShapeInteraction(subspaces: 1, dimension: 1).fit(Matrix(rows: 0, columns: 3)) }
        #expect(throws: (any Error).self) { try ShapeInteraction(subspaces: 1, dimension: 1).fit(Matrix(rowArrays: [[1, .nan]])) }
    }
}
