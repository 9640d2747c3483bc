import Foundation
import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra
@testable import SubspaceClustering
import RandomStreams

@Suite("Clustering metrics [C]")
struct ClusteringMetricsTests {
    @Test("C.metrics: accuracy is 1 for permuted labels and counts the best matching by hand")
    func accuracyByHand() {
        #expect(ClusteringMetrics.accuracy([2, 2, 0, 0, 1, 1], truth: [0, 0, 1, 1, 2, 2]) == 1)
        #expect(ClusteringMetrics.accuracy([7, 7, -1], truth: [0, 0, 5]) == 1)
        // Confusion (found × true): row 0 = [0, 2], row 1 = [2, 1]; best matching 0→1, 1→0: 4 of 5.
        #expect(ClusteringMetrics.accuracy([0, 0, 1, 1, 1], truth: [1, 1, 0, 0, 1]) == 0.8)
        // More found clusters than true ones: only one found cluster can take the single true label.
        #expect(ClusteringMetrics.accuracy([0, 1, 2], truth: [0, 0, 0]) == 1.0 / 3)
        #expect(ClusteringMetrics.accuracy([], truth: []) == 1)
    }

    @Test("C.metrics: the principal angle between two lines in ℝ² is the angle between them, folded into [0, π/2]")
    func linesInThePlane() throws {
        let a = Matrix(rowArrays: [[1], [0]])
        for theta in [0.0, 0.3, Double.pi / 2, 2.5] {
            let b = Matrix(rowArrays: [[cos(theta)], [sin(theta)]])
            let angle = try ClusteringMetrics.principalAngles(a, b)
            #expect(angle.count == 1 && abs(angle[0] - min(theta, Double.pi - theta)) < 1e-8, "θ = \(theta): \(angle)")
            // ‖aaᵀ − bbᵀ‖_F = √2·sin θ for two lines.
            #expect(abs(ClusteringMetrics.projectionDistance(a, b) - 2.0.squareRoot() * abs(sin(theta))) < 1e-12)
        }
    }

    @Test("C.metrics: orthogonal d-dimensional subspaces are at distance √(2d) with all angles π/2; a subspace is at distance 0 from itself in any basis")
    func orthogonalSubspaces() throws {
        let identity = Matrix.identity(7)
        for d in 1...3 {
            let a = Matrix(rowArrays: identity.rowArrays.map { Array($0[0..<d]) })
            let b = Matrix(rowArrays: identity.rowArrays.map { Array($0[d..<(2 * d)]) })
            #expect(abs(ClusteringMetrics.projectionDistance(a, b) - (2 * Double(d)).squareRoot()) < 1e-15)
            #expect(try ClusteringMetrics.principalAngles(a, b).allSatisfy { abs($0 - Double.pi / 2) < 1e-15 })
            let rotated = Matrix.product(a, try Matrix.randomOrthonormal(rows: d, columns: d, stream: RandomStream(seed: UInt64(d))))
            #expect(ClusteringMetrics.projectionDistance(a, rotated) < 1e-7)
        }
    }

    @Test("C.metrics: subspace recovery matches found to true subspaces (Hungarian) and applies the threshold 0.1·√(2d)")
    func recovery() throws {
        let stream = RandomStream(seed: 5)
        let truth = try (0..<3).map { _ in try Matrix.randomOrthonormal(rows: 8, columns: 2, stream: stream) }
        let found = [truth[2], truth[0], truth[1]]
        let match = ClusteringMetrics.matchSubspaces(found, truth: truth)
        #expect(match.truthOfFound == [2, 0, 1] && match.worstDistance < 1e-7)
        #expect(ClusteringMetrics.recovered(found, truth: truth))
        #expect(ClusteringMetrics.defaultRecoveryThreshold(dimension: 2) == 0.2)
        #expect(!ClusteringMetrics.recovered(Array(found.prefix(2)), truth: truth), "missing a subspace is a failure")
        let far = try Matrix.randomOrthonormal(rows: 8, columns: 2, stream: stream)
        #expect(!ClusteringMetrics.recovered([far, truth[0], truth[1]], truth: truth))
    }

    @Test("C.metrics: accuracy is invariant under relabelling either side (property)")
    func relabelling() async {
        await seededPropertyCheck(count: 30, input: Gen.int(in: 2...6), Gen.int(in: 0...1_000_000)) { k, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let found = (0..<40).map { _ in stream.integer(below: k) }
            let truth = (0..<40).map { _ in stream.integer(below: k) }
            var permutation = Array(0..<k)
            for i in stride(from: k - 1, to: 0, by: -1) { permutation.swapAt(i, stream.integer(below: i + 1)) }
            let accuracy = ClusteringMetrics.accuracy(found, truth: truth)
            #expect(accuracy == ClusteringMetrics.accuracy(found.map { permutation[$0] + 10 }, truth: truth), "seed \(seed)")
            #expect(accuracy == ClusteringMetrics.accuracy(found, truth: truth.map { permutation[$0] }), "seed \(seed)")
            #expect(accuracy >= 1.0 / Double(k) - 1e-15, "the best matching beats the average one")
        }
    }

    @Test("C.metrics: ‖AAᵀ − BBᵀ‖²_F = 2 Σ sin²θ_i for equal dimensions, with the projectors formed explicitly (property)")
    func anglesAndProjectors() async {
        await seededPropertyCheck(count: 30, input: Gen.int(in: 2...6), Gen.int(in: 0...1_000_000)) { n, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let d = 1 + seed % (n - 1)
            let a = try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream)
            let b = try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream)
            let difference = Matrix.product(a, a, transposeB: true) - Matrix.product(b, b, transposeB: true)
            let sines = try ClusteringMetrics.principalCosines(a, b).map { 1 - $0 * $0 }.reduce(0, +)
            #expect(abs(difference.frobeniusNorm * difference.frobeniusNorm - 2 * sines) < 1e-12, "n=\(n) d=\(d) seed=\(seed)")
            #expect(abs(ClusteringMetrics.projectionDistance(a, b) - difference.frobeniusNorm) < 1e-7)
            #expect(try ClusteringMetrics.principalAngles(a, b).allSatisfy { $0 >= 0 && $0 <= Double.pi / 2 })
        }
    }
}
