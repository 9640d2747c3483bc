import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// K-subspaces clustering (Lloyd-style alternation) for the subspace-clustering problem that training a
/// MoLRG denoiser reduces to [C] (docs/theory.md §1, K > 1, hard-max approximation):
/// ```
/// maximise  Σ_k Σ_{i∈C_k} ‖U_kᵀ x_i‖²   over partitions C_1…C_K and U_k ∈ ℝ^{n×d}, U_kᵀU_k = I
/// ```
/// equivalently minimise the residual Σ_i min_k ‖x_i − U_kU_kᵀx_i‖² = Σ_i ‖x_i‖² − objective.
///
/// One iteration: (assign) each point goes to the subspace with the largest ‖U_kᵀx‖² (ties to the lower k);
/// (refit) U_k becomes the top-d eigenvectors of S_k = Σ_{i∈C_k} x_i x_iᵀ (`dsyevr`), which maximises
/// the cluster's term by Ky Fan's theorem. Neither step lowers the objective, so it never decreases and the
/// residual never increases (an empty cluster keeps its basis). Stops when the labels repeat or after
/// `maximumIterations`. Each of `restarts` runs starts from K bases drawn from its own substream of
/// `seed` — even restarts from data neighbourhoods (`seededBases`: k-means++-style pivots, each spanned
/// with its d − 1 most similar points), odd restarts Haar-random — and the best objective wins (ties to
/// the earlier restart).
///
/// Edge cases: K = 1 is PCA (one refit after the first assignment); a cluster with fewer than d points
/// gets d − |C_k| directions of eigenvalue 0, chosen by LAPACK (deterministic, not unique).
public struct KSubspaces: Sendable {
    /// K ≥ 1.
    public let subspaces: Int
    /// d ≥ 1, the dimension of every subspace.
    public let dimension: Int
    /// Independent restarts (≥ 1).
    public var restarts: Int
    /// Iterations per restart (≥ 1).
    public var maximumIterations: Int
    /// The seed of the initial bases.
    public var seed: UInt64

    /// - Throws: `InputError` naming `subspaces`, `dimension`, `restarts` or `maximumIterations`.
    public init(subspaces: Int, dimension: Int, restarts: Int = 5, maximumIterations: Int = 100, seed: UInt64 = 0) throws {
        try InputError.requireAtLeastOne(["subspaces": subspaces, "dimension": dimension, "restarts": restarts,
                                          "maximumIterations": maximumIterations])
        self.subspaces = subspaces
        self.dimension = dimension
        self.restarts = restarts
        self.maximumIterations = maximumIterations
        self.seed = seed
    }

    /// Clusters the rows of `points` (N×n).
    /// - Throws: `InputError` naming `points` when N = 0, d > n or a value is not finite; `LinearAlgebraError`
    ///   from `dsyevr`.
    public func fit(_ points: Matrix) throws -> KSubspacesResult {
        try SubspaceResidual.validate(points, dimension: dimension)
        let root = RandomStream(seed: seed)
        var best: KSubspacesResult?
        for restart in 0..<restarts {
            let stream = root.substream(UInt64(restart))
            let initial = restart % 2 == 0
                ? try Self.seededBases(points, count: subspaces, dimension: dimension, stream: stream)
                : try (0..<subspaces).map { _ in try Matrix.randomOrthonormal(rows: points.columns, columns: dimension, stream: stream) }
            let result = try iterate(points, from: initial)
            if best == nil || result.objective > best!.objective { best = result }
        }
        return best!
    }

    /// K initial bases from the data, k-means++ style: pivot 1 is a uniform random row; pivot k is drawn
    /// with probability ∝ r_i², r_i = 1 − max_{j<k} ‖U_jᵀx_i‖²/‖x_i‖² (the part of x_i the bases so far
    /// miss); basis k spans pivot k and the d − 1 rows most similar to it (`neighbourhoodBasis`). On
    /// noiseless independent subspaces each pivot then falls in a subspace not yet covered.
    static func seededBases(_ points: Matrix, count: Int, dimension d: Int, stream: RandomStream) throws -> [Matrix] {
        let norms = points.rowSquaredNorms
        var bases: [Matrix] = []
        for _ in 0..<count {
            var pivot = stream.integer(below: points.rows)
            if !bases.isEmpty {
                let captured = bases.map { Matrix.product(points, $0).rowSquaredNorms }
                let weights = (0..<points.rows).map { i -> Double in
                    let missed = norms[i] > 0 ? 1 - captured.map { $0[i] }.max()! / norms[i] : 0
                    return max(missed, 0) * max(missed, 0)
                }
                var cumulative: [Double] = [], running = 0.0
                for weight in weights { running += weight; cumulative.append(running) }
                if running > 0 { pivot = stream.categorical(cumulativeWeights: cumulative) }
            }
            bases.append(try neighbourhoodBasis(points, pivot: pivot, dimension: d, stream: stream))
        }
        return bases
    }

    /// An orthonormal basis of the span of row `pivot` and the d − 1 rows of largest |cos| with it (left
    /// singular vectors); tiny Haar-random directions complete it when the span has rank < d.
    static func neighbourhoodBasis(_ points: Matrix, pivot index: Int, dimension d: Int, stream: RandomStream) throws -> Matrix {
        let n = points.columns
        let pivot = points.row(index)
        let pivotNorm = pivot.euclideanNorm
        let norms = points.rowSquaredNorms.map { $0.squareRoot() }
        let products = points * pivot
        let order = points.rows > 0 ? (0..<points.rows).sorted {
            abs(products[$0]) / max(norms[$0] * pivotNorm, .leastNormalMagnitude)
                > abs(products[$1]) / max(norms[$1] * pivotNorm, .leastNormalMagnitude)
        } : []
        var columns = Matrix.gaussian(rows: n, columns: d, stream: stream).scalingColumns(by: [Double](repeating: 1e-6, count: d))
        for (j, row) in order.prefix(d).enumerated() {
            for i in 0..<n { columns[i, j] += points[row, i] / max(norms[row], .leastNormalMagnitude) }
        }
        return try SingularValueDecomposition(columns).leftVectors
    }

    /// Lloyd iterations from the given bases.
    func iterate(_ points: Matrix, from initial: [Matrix]) throws -> KSubspacesResult {
        let totalEnergy = points.rowSquaredNorms.reduce(0, +)
        var bases = initial
        var labels: [Int] = []
        var history: [Double] = []
        for _ in 0..<maximumIterations {
            let (newLabels, objective) = Self.assign(points, bases: bases)
            history.append(objective)
            if newLabels == labels { break }
            labels = newLabels
            bases = try refit(points, labels: labels, previous: bases)
        }
        let (finalLabels, objective) = Self.assign(points, bases: bases)
        if history.last != objective { history.append(objective) }
        return KSubspacesResult(labels: finalLabels, bases: bases, objective: objective,
                                residual: max(0, totalEnergy - objective), history: history)
    }

    /// Labels by the largest ‖U_kᵀx‖², and the objective Σ_i max_k ‖U_kᵀx_i‖².
    static func assign(_ points: Matrix, bases: [Matrix]) -> (labels: [Int], objective: Double) {
        let energies = bases.map { Matrix.product(points, $0).rowSquaredNorms }
        var labels = [Int](repeating: 0, count: points.rows)
        var objective = 0.0
        for i in 0..<points.rows {
            var bestK = 0
            for k in 1..<max(bases.count, 1) where energies[k][i] > energies[bestK][i] { bestK = k }
            labels[i] = bestK
            objective += energies[bestK][i]
        }
        return (labels, objective)
    }

    /// U_k = top-d eigenvectors of Σ_{i∈C_k} x_i x_iᵀ; an empty cluster keeps its previous basis.
    func refit(_ points: Matrix, labels: [Int], previous: [Matrix]) throws -> [Matrix] {
        try (0..<subspaces).map { k in
            let members = labels.indices.filter { labels[$0] == k }
            guard !members.isEmpty else { return previous[k] }
            let cluster = Matrix(rowArrays: members.map { points.row($0) })
            return try Self.topEigenvectors(of: cluster.gram.symmetrised, count: dimension)
        }
    }

    /// The eigenvectors of the `count` largest eigenvalues of a symmetric matrix, as n×count columns,
    /// largest first.
    public static func topEigenvectors(of symmetric: Matrix, count: Int) throws -> Matrix {
        let decomposition = try SymmetricEigendecomposition(symmetric)
        let n = symmetric.rows
        var basis = Matrix(rows: n, columns: count)
        for j in 0..<count {
            let source = n - 1 - j  // eigenvalues ascend
            for i in 0..<n { basis[i, j] = decomposition.eigenvectors[i, source] }
        }
        return basis
    }
}
