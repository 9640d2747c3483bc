import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

/// The Gaussian kernel density estimate with bandwidth h, the score estimator of [B]'s experiment
/// (h = 0.6 on 100 000 samples) [docs/theory.md §4]:
/// ```
/// p̂(x) = (1/N) Σ_j N(x; x_j, h²I)
/// ```
/// Its noised law at time t is again a mixture, (1/N) Σ_j N(s x_j, v I) with v = s²(h² + σ²), so its score
/// and log-density are closed form (see `FittedKernelDensity`). Sampling it convolves the training law
/// with N(0, h²I), which is why recursive retraining on a KDE inflates the variance by h² per round.
public struct KernelDensityEstimate: FittingRule {
    /// h > 0.
    public let bandwidth: Double

    /// - Throws: `InputError` naming `bandwidth` unless 0 < h < ∞.
    public init(bandwidth: Double) throws {
        guard bandwidth > 0, bandwidth.isFinite else {
            throw InputError(source: "", field: "bandwidth", reason: "\(describeNumber(bandwidth)) must be positive and finite")
        }
        self.bandwidth = bandwidth
    }

    /// `kde(h=0.6)`.
    public var name: String { "kde(h=\(bandwidth))" }

    /// Keeps the samples as the centres x_j and precomputes their squared norms.
    /// - Throws: `InputError` naming `samples` for zero rows or a non-finite value.
    public func fit(_ samples: Matrix, schedule: NoiseSchedule) throws -> FittedKernelDensity {
        try TrainingSamples.validate(samples, minimumRows: 1, requirement: "need at least 1")
        return FittedKernelDensity(centres: samples, bandwidth: bandwidth, schedule: schedule)
    }
}

/// A fitted KDE (1/N) Σ_j N(x_j, h²I) as a score model, evaluated in batches through BLAS level 3.
///
/// At time t, with s = s(t), σ = σ(t) and v = s²(h² + σ²) [docs/theory.md §0]:
/// ```
/// log p_t(x) = −log N − (n/2) log(2πv) + LSE_j(−‖x − s x_j‖² / (2v))
/// ∇ log p_t(x) = Σ_j w_j(x)·(s x_j − x)/v,     w = softmax_j(−‖x − s x_j‖² / (2v))
/// ```
/// Evaluation. The centres are stored shifted by their mean c (y_j = x_j − c, with ‖y_j‖² computed once),
/// and a point enters as u = x − s c, so that x − s x_j = u − s y_j stays free of cancellation when the data
/// sit far from the origin. For a block of b points:
/// ```
/// ‖u − s y_j‖² = ‖u‖² − 2s⟨u, y_j⟩ + s²‖y_j‖²      (the b×N cross terms U·Yᵀ: one dgemm)
/// ∇ log p_t(x) = (s·(W·Y) − u)/v                 (W the b×N softmax weights: a second dgemm)
/// ```
/// with a log-sum-exp per row. Blocks of `blockSize` rows (a function of N only) run through
/// `ParallelBlocks`, so the result is bit-identical for any thread count. Cost: 4·b·n·N flops and b·N
/// exponentials per block; memory b·N doubles per running block.
public struct FittedKernelDensity: FittedScoreModel {
    /// The training samples x_j (N×n).
    public let centres: Matrix
    /// h.
    public let bandwidth: Double
    public let schedule: NoiseSchedule
    /// c, the mean of the centres.
    let centre: [Double]
    /// y_j = x_j − c (N×n).
    let shiftedCentres: Matrix
    /// ‖y_j‖², computed once per fit.
    let shiftedSquaredNorms: [Double]

    /// A KDE with the given centres; `KernelDensityEstimate.fit` validates them.
    init(centres: Matrix, bandwidth: Double, schedule: NoiseSchedule) {
        self.centres = centres
        self.bandwidth = bandwidth
        self.schedule = schedule
        let count = centres.rows
        centre = centres.transposedTimes([Double](repeating: 1, count: count)).map { $0 / Double(count) }
        shiftedCentres = centres.subtractingFromRows(centre)
        shiftedSquaredNorms = shiftedCentres.rowSquaredNorms
    }

    public var dimension: Int { centres.columns }
    /// N, the number of centres.
    public var count: Int { centres.rows }

    /// Rows per block: the b×N weight matrix of a block stays near 4 MB (2¹⁹ doubles), with 16 ≤ b ≤ 512.
    /// Depends only on N, never on the thread count.
    public var blockSize: Int { max(16, min(512, (1 << 19) / max(1, count))) }

    /// The law (1/N) Σ_j N(x_j, h²I) as a `GaussianMixture` of N isotropic components (rank-0 spectra with
    /// noise floor h², so no factorisation). Costs O(N·n) memory plus N component objects: fine for
    /// N up to about 10⁴; for sampling use `sample(count:stream:)`, for densities and scores the methods
    /// here, which never build it.
    public var law: GaussianMixture? {
        let n = dimension, variance = bandwidth * bandwidth
        let empty = Matrix(rows: n, columns: 0)
        let components = (0..<count).map { j in
            // Cannot throw: the centres are finite, the empty basis is orthonormal, h² > 0.
            try! Gaussian(mean: centres.row(j), basis: empty, variances: [], noise: variance)
        }
        return try! GaussianMixture(weights: [Double](repeating: 1, count: count), components: components)
    }

    /// Exact draws from (1/N) Σ_j N(x_j, h²I), as rows: first `count` uniform indices j, then count·n
    /// standard normals ε row by row; row i is x_{j_i} + h·ε_i. Same stream state, same bits.
    public func sample(count sampleCount: Int, stream: RandomStream) -> Matrix {
        precondition(sampleCount >= 0, "FittedKernelDensity.sample: count \(sampleCount) must be non-negative")
        let n = dimension
        let indices = (0..<sampleCount).map { _ in stream.integer(below: count) }
        var result = Matrix(rows: sampleCount, columns: n, elements: stream.gaussians(sampleCount * n))
        for (i, j) in indices.enumerated() {
            for c in 0..<n { result.elements[i * n + c] = centres.elements[j * n + c] + bandwidth * result.elements[i * n + c] }
        }
        return result
    }

    /// ∇ log p_t(x) for each row (see the type's formula).
    /// - Throws: `InputError` for an invalid time or points of the wrong dimension.
    public func score(_ points: Matrix, time: Double) throws -> Matrix {
        let parameters = try evaluationParameters(points, time: time)
        return ParallelBlocks.mapRows(count: points.rows, columns: dimension, blockSize: blockSize) { range in
            evaluateBlock(points.rows(range), parameters, wantScore: true).score!
        }
    }

    /// log p_t(x) for each row (see the type's formula).
    /// - Throws: `InputError` for an invalid time or points of the wrong dimension.
    public func logDensity(_ points: Matrix, time: Double) throws -> [Double] {
        let parameters = try evaluationParameters(points, time: time)
        return ParallelBlocks.mapRows(count: points.rows, columns: 1, blockSize: blockSize) { range in
            let values = evaluateBlock(points.rows(range), parameters, wantScore: false).logDensity
            return Matrix(rows: range.count, columns: 1, elements: values)
        }.elements
    }
}
