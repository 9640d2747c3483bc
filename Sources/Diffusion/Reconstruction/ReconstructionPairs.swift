import Foundation
import LinearAlgebra

/// The output of a `Reconstruction`: row i of `reconstructions` came from row i of `originals`
/// through row i of `noised`.
public struct ReconstructionPairs: Sendable {
    /// x₀, N×n.
    public let originals: Matrix
    /// x_t, N×n.
    public let noised: Matrix
    /// x̂ (at t₀, or E[x₀ | x̂_{t₀}] when the reconstruction denoises at the end), N×n.
    public let reconstructions: Matrix
    /// The forward time t.
    public let time: Double
    /// The stopping time t₀.
    public let end: Double

    public init(originals: Matrix, noised: Matrix, reconstructions: Matrix, time: Double, end: Double) {
        precondition(originals.rows == reconstructions.rows && originals.columns == reconstructions.columns,
                     "ReconstructionPairs: originals \(originals.rows)×\(originals.columns), reconstructions \(reconstructions.rows)×\(reconstructions.columns)")
        self.originals = originals
        self.noised = noised
        self.reconstructions = reconstructions
        self.time = time
        self.end = end
    }

    /// The sample correlation of coordinate `column` of x₀ and x̂ (Pearson, divisor N):
    /// ```
    /// r = Σ_i (a_i − ā)(b_i − b̄) / √(Σ_i (a_i − ā)² · Σ_i (b_i − b̄)²)
    /// ```
    /// Its standard error for bivariate-normal pairs is ≈ (1 − ρ²)/√N (Fisher, large N). NaN when a
    /// coordinate is constant.
    public func correlation(column: Int = 0) -> Double {
        precondition(column >= 0 && column < originals.columns, "correlation: column \(column) of \(originals.columns)")
        let a = originals.column(column), b = reconstructions.column(column)
        let count = Double(a.count)
        let meanA = a.reduce(0, +) / count, meanB = b.reduce(0, +) / count
        var cross = 0.0, varianceA = 0.0, varianceB = 0.0
        for i in a.indices {
            let da = a[i] - meanA, db = b[i] - meanB
            cross += da * db
            varianceA += da * da
            varianceB += db * db
        }
        return cross / (varianceA * varianceB).squareRoot()
    }

    /// tr Cov(x̂) / tr Cov(x₀): below 1 when the reconstructions concentrate.
    public var varianceRatio: Double {
        Self.totalVariance(reconstructions) / Self.totalVariance(originals)
    }

    /// tr Cov of the rows (divisor N).
    public static func totalVariance(_ points: Matrix) -> Double {
        guard points.rows > 0 else { return .nan }
        let count = Double(points.rows)
        var total = 0.0
        for column in 0..<points.columns {
            let values = points.column(column)
            let mean = values.reduce(0, +) / count
            total += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        }
        return total
    }
}
