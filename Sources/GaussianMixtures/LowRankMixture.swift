import Foundation
import LinearAlgebra
import RandomStreams

/// A mixture of low-rank Gaussians (MoLRG) in the form of [C]: x₀ = U_k a with probability π_k,
/// a ~ N(0, I_{d_k}), U_k ∈ ℝ^{n×d_k} orthonormal. Zero means, unit variances, no noise floor.
///
/// The general `GaussianMixture` handles every generalisation (means, variances, noise); this type
/// exists for the [C]-specific closed forms (the hard-coded denoiser, subspace clustering) and for the
/// authors' generator.
public struct LowRankMixture: Sendable {
    /// U_k, each n×d_k with orthonormal columns.
    public let bases: [Matrix]
    /// π_k, normalised.
    public let weights: [Double]

    /// The dimension n.
    public var dimension: Int { bases[0].rows }

    /// A MoLRG from orthonormal bases and positive weights (default: equal).
    public init(bases: [Matrix], weights: [Double]? = nil) throws {
        let general = try GaussianMixture(
            weights: weights ?? [Double](repeating: 1, count: bases.count),
            components: bases.map { try Gaussian(mean: [Double](repeating: 0, count: $0.rows), basis: $0,
                                                 variances: [Double](repeating: 1, count: $0.columns), noise: 0) })
        self.bases = bases
        self.weights = general.weights
    }

    /// The same law as a general mixture (low-rank components, δ² = 0).
    public var gaussianMixture: GaussianMixture {
        // Validated at init.
        try! GaussianMixture(weights: weights, components: bases.map {
            try Gaussian(mean: [Double](repeating: 0, count: $0.rows), basis: $0,
                         variances: [Double](repeating: 1, count: $0.columns), noise: 0)
        })
    }

    /// The authors' generator [C] (code): draw an n×n standard Gaussian matrix, take its left singular
    /// vectors, and give component k the columns [k·d, (k+1)·d). The subspaces are mutually orthogonal;
    /// weights are equal. Requires K·d ≤ n.
    public static func orthogonalSubspaces(dimension n: Int, components count: Int, rank d: Int,
                                           stream: RandomStream) throws -> LowRankMixture {
        precondition(count * d <= n, "orthogonalSubspaces: K·d = \(count * d) exceeds n = \(n)")
        let gaussianMatrix = Matrix(rows: n, columns: n, elements: stream.gaussians(n * n))
        let u = try SingularValueDecomposition(gaussianMatrix).leftVectors
        let bases = (0..<count).map { k in
            Matrix(rowArrays: (0..<n).map { i in (0..<d).map { j in u[i, k * d + j] } })
        }
        return try LowRankMixture(bases: bases)
    }
}
