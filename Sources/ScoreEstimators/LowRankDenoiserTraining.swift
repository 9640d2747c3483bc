import Foundation
import LinearAlgebra
import InputErrors
import RandomStreams

/// Trains the bases of [C]'s low-rank denoiser (the MoLRG denoiser with learnable U_k, docs/theory.md §1, VE form,
/// equal weights, equal d) by Riemannian gradient descent on the denoising loss over a fixed, seeded set
/// of noise draws:
/// ```
/// D_t(y) = c Σ_k w_k(y) U_kU_kᵀ y,   c = 1/(1+t²),   w = softmax_k(β ‖U_kᵀy‖²),   β = 1/(2t²(1+t²))
/// L(U) = 1/(|T|·N·M) Σ_{t∈T} Σ_i Σ_{m<M} ‖x_i − D_t(x_i + t g_{i,m,t})‖²
/// ∂ℓ/∂U_k = 2c [ w_k (r z_kᵀ + y q_kᵀ) + 2β w_k (a_k − ā) y z_kᵀ ]        (one row, ℓ = ‖r‖²)
///   r = D_t(y) − x,  z_k = U_kᵀy,  q_k = U_kᵀr,  a_k = q_kᵀz_k,  ā = Σ_j w_j a_j
/// ```
/// (derivation: proofs/C.training-is-clustering.md). A step moves along the Riemannian gradient
/// G_k − U_k sym(U_kᵀG_k) and retracts by the polar factor (`dgesdd`: A = PSQᵀ ↦ PQᵀ), so every U_k stays
/// orthonormal; the step length is found by Armijo backtracking (sufficient decrease 10⁻⁴), so the loss
/// never increases. Stops when the Riemannian gradient norm falls below `gradientTolerance`, when a step
/// cannot decrease the loss, or after `iterations` steps.
///
/// Edge cases: K = 1 (w ≡ 1) is the PCA case of [C, Thm (K = 1)]: the loss is minimised by the top-d
/// eigenspace of Σ_i x_i x_iᵀ at every t. Small t makes the softmax a hard max (β ~ 1/(2t²)), the
/// subspace-clustering limit, and the landscape sharp; t must be positive.
public struct LowRankDenoiserTraining: Sendable {
    /// The noisy inputs of the loss, fixed once (so the loss is deterministic and the line search valid).
    public struct Batch: Sendable {
        /// The clean targets x_i (N×n).
        public let targets: Matrix
        /// The noise levels t.
        public let times: [Double]
        /// For each time, M stacked copies of the targets plus t·g (M·N×n; row m·N + i belongs to x_i).
        public let noisy: [Matrix]
        /// M.
        public let draws: Int
    }

    /// What a training run returns (Codable: an experiment checkpoints it as a sweep unit).
    public struct Result: Sendable, Codable {
        /// The trained U_k (n×d, orthonormal).
        public let bases: [Matrix]
        /// The loss after each accepted step, starting with the initial loss: nonincreasing.
        public let lossHistory: [Double]
        /// The clustering objective Σ_i max_k ‖U_kᵀx_i‖² of the batch's clean targets (`hardAssignment`) at the
        /// same steps as `lossHistory`: what training approaches as t → 0, not necessarily monotone.
        public let objectiveHistory: [Double]
        /// The Riemannian gradient norm at the returned bases.
        public let gradientNorm: Double
        /// Why it stopped: `gradient`, `no-decrease` or `iterations`.
        public let stoppedBy: String
    }

    /// K ≥ 1.
    public let subspaces: Int
    /// d ≥ 1.
    public let dimension: Int
    /// The noise levels t > 0 of the loss.
    public var times: [Double]
    /// M ≥ 1 noise draws per point and time.
    public var draws: Int
    /// Maximum gradient steps.
    public var iterations: Int
    /// The first trial step length (the line search halves it, and doubles it after an accepted step).
    public var learningRate: Double
    /// Stop when ‖Riemannian gradient‖_F falls below this.
    public var gradientTolerance: Double

    /// - Throws: `InputError` naming `subspaces`, `dimension`, `draws`, `iterations`, `times` or `learningRate`.
    public init(subspaces: Int, dimension: Int, times: [Double] = [0.1], draws: Int = 4, iterations: Int = 500,
                learningRate: Double = 0.5, gradientTolerance: Double = 1e-8) throws {
        try InputError.requireAtLeastOne(["subspaces": subspaces, "dimension": dimension, "draws": draws, "iterations": iterations])
        for (field, value) in (times.isEmpty ? [.nan] : times).map({ ("times", $0) }) + [("learningRate", learningRate)]
        where !(value > 0 && value.isFinite) {
            throw InputError(source: "", field: field, reason: "\(describeNumber(value)) must be positive and finite (times: at least one)")
        }
        self.subspaces = subspaces
        self.dimension = dimension
        self.times = times
        self.draws = draws
        self.iterations = iterations
        self.learningRate = learningRate
        self.gradientTolerance = gradientTolerance
    }

    /// The fixed noisy inputs for `targets` (N×n): draw g for time index τ from substream τ of `stream`.
    public func batch(_ targets: Matrix, stream: RandomStream) -> Batch {
        let stacked = Matrix(rows: draws * targets.rows, columns: targets.columns,
                             elements: Array([[Double]](repeating: targets.elements, count: draws).joined()))
        let noisy = times.enumerated().map { index, t in
            stacked + t * Matrix.gaussian(rows: stacked.rows, columns: stacked.columns, stream: stream.substream(UInt64(index)))
        }
        return Batch(targets: targets, times: times, noisy: noisy, draws: draws)
    }

    /// L(U) and ∂L/∂U_k (Euclidean) at `bases` (see the type's formulas; one pass of level-3 BLAS per time).
    public func lossAndGradient(_ bases: [Matrix], batch: Batch) -> (loss: Double, gradients: [Matrix]) {
        precondition(bases.count == subspaces, "lossAndGradient: \(bases.count) bases for K = \(subspaces)")
        var loss = 0.0
        var gradients = bases.map { Matrix(rows: $0.rows, columns: $0.columns) }
        let scale = 1 / Double(batch.times.count * batch.noisy[0].rows)
        for (t, y) in zip(batch.times, batch.noisy) {
            let c = 1 / (1 + t * t), beta = 1 / (2 * t * t * (1 + t * t))
            let projections = bases.map { Matrix.product(y, $0) }
            let w = Self.softmaxWeights(projections, beta: beta)
            var residual = Matrix(rows: y.rows, columns: y.columns)
            for (k, z) in projections.enumerated() {
                Matrix.gemm(Self.scalingRows(z, by: w[k]), bases[k], transposeB: true, alpha: c, beta: 1, into: &residual)
            }
            let targets = batch.targets
            for row in 0..<y.rows {
                let target = row % targets.rows
                for j in 0..<y.columns { residual[row, j] -= targets[target, j] }
            }
            loss += scale * residual.elements.reduce(0) { $0 + $1 * $1 }
            let q = bases.map { Matrix.product(residual, $0) }
            let a = zip(q, projections).map { qk, zk in (0..<y.rows).map { qk.row($0).dot(zk.row($0)) } }
            let mean = (0..<y.rows).map { i in (0..<subspaces).reduce(0) { $0 + w[$1][i] * a[$1][i] } }
            for k in 0..<subspaces {
                let wz = Self.scalingRows(projections[k], by: w[k])
                var inner = Self.scalingRows(q[k], by: w[k])
                let coupling = (0..<y.rows).map { 2 * beta * w[k][$0] * (a[k][$0] - mean[$0]) }
                inner = inner + Self.scalingRows(projections[k], by: coupling)
                Matrix.gemm(residual, transposeA: true, wz, alpha: 2 * c * scale, beta: 1, into: &gradients[k])
                Matrix.gemm(y, transposeA: true, inner, alpha: 2 * c * scale, beta: 1, into: &gradients[k])
            }
        }
        return (loss, gradients)
    }

    /// Trains from `initial` bases (n×d orthonormal each).
    /// - Throws: `LinearAlgebraError` from `dgesdd` (the retraction).
    public func train(batch: Batch, from initial: [Matrix]) throws -> Result {
        var bases = initial
        var (loss, gradients) = lossAndGradient(bases, batch: batch)
        var history = [loss]
        var objectives = [Self.hardAssignment(batch.targets, bases: bases).objective]
        var step = learningRate
        var stoppedBy = "iterations"
        var direction = Self.riemannian(gradients, at: bases)
        for _ in 0..<iterations {
            let squaredNorm = direction.reduce(0) { $0 + $1.elements.reduce(0) { $0 + $1 * $1 } }
            if squaredNorm.squareRoot() < gradientTolerance { stoppedBy = "gradient"; break }
            var accepted = false
            for _ in 0..<40 {
                let trial = try zip(bases, direction).map { try Self.polarRetraction($0 - step * $1) }
                let (trialLoss, trialGradients) = lossAndGradient(trial, batch: batch)
                if trialLoss <= loss - 1e-4 * step * squaredNorm {
                    (bases, loss, gradients, accepted) = (trial, trialLoss, trialGradients, true)
                    step *= 2
                    break
                }
                step /= 2
            }
            guard accepted else { stoppedBy = "no-decrease"; break }
            history.append(loss)
            objectives.append(Self.hardAssignment(batch.targets, bases: bases).objective)
            direction = Self.riemannian(gradients, at: bases)
        }
        let norm = direction.reduce(0) { $0 + $1.elements.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        return Result(bases: bases, lossHistory: history, objectiveHistory: objectives, gradientNorm: norm, stoppedBy: stoppedBy)
    }

    /// Hard assignment of each row of `points` to argmax_k ‖U_kᵀx‖² (ties to the lower k) and the
    /// subspace-clustering objective Σ_i max_k ‖U_kᵀx_i‖² that training approaches as t → 0.
    public static func hardAssignment(_ points: Matrix, bases: [Matrix]) -> (labels: [Int], objective: Double) {
        let energies = bases.map { Matrix.product(points, $0).rowSquaredNorms }
        let labels = (0..<points.rows).map { i in energies.indices.max { energies[$0][i] < energies[$1][i] }! }
        return (labels, labels.enumerated().reduce(0) { $0 + energies[$1.element][$1.offset] })
    }

    /// The polar factor PQᵀ of A = PSQᵀ: the orthonormal matrix nearest to A (a retraction onto the Stiefel
    /// manifold, second order at an orthonormal point).
    public static func polarRetraction(_ a: Matrix) throws -> Matrix {
        let svd = try SingularValueDecomposition(a)
        return Matrix.product(svd.leftVectors, svd.rightVectorsTransposed)
    }

    /// G_k − U_k sym(U_kᵀG_k): the projection of the Euclidean gradient onto the Stiefel tangent space.
    static func riemannian(_ gradients: [Matrix], at bases: [Matrix]) -> [Matrix] {
        zip(gradients, bases).map { g, u in g - Matrix.product(u, Matrix.product(u, transposeA: true, g).symmetrised) }
    }

    /// w[k][i] = softmax_k(β ‖z_k,i‖²), in log space.
    static func softmaxWeights(_ projections: [Matrix], beta: Double) -> [[Double]] {
        let logits = projections.map { $0.rowSquaredNorms.map { beta * $0 } }
        let rows = projections[0].rows
        let normalisers = (0..<rows).map { i in logSumExp(logits.map { $0[i] }) }
        return logits.map { column in (0..<rows).map { exp(column[$0] - normalisers[$0]) } }
    }

    /// diag(factors)·M.
    static func scalingRows(_ matrix: Matrix, by factors: [Double]) -> Matrix {
        var result = matrix
        for i in 0..<matrix.rows { for j in 0..<matrix.columns { result[i, j] *= factors[i] } }
        return result
    }
}
