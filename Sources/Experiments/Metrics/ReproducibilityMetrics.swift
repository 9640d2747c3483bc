import Foundation
import LinearAlgebra
import InputErrors

/// The reproducibility and memorisation scores of [D] (docs/theory.md §2, code), with cosine similarity in place
/// of the authors' SSCD descriptor similarity (see `CosineSimilarity` for the substitution):
/// ```
/// RP(A, B) = (1/M) Σ_j 1[sim(x_j^A, x_j^B) > τ]        x_j^A, x_j^B from the same noise seed j
/// Mem      = (1/M) Σ_j 1[max_{y ∈ train} sim(x_j, y) > τ]
/// GL       = 1 − Mem
/// ```
/// τ = 0.6 by default (the authors' `--t`). Each is a proportion over M samples; its binomial standard
/// error is √(p(1 − p)/M).
public struct ReproducibilityMetrics: Sendable {
    /// The authors' default threshold.
    public static let defaultThreshold = 0.6

    /// τ ∈ [−1, 1).
    public let threshold: Double

    /// - Throws: `InputError` naming `threshold` unless −1 ≤ τ < 1.
    public init(threshold: Double = ReproducibilityMetrics.defaultThreshold) throws {
        guard threshold >= -1, threshold < 1 else {
            throw InputError(source: "", field: "threshold", reason: "\(describeNumber(threshold)) must be in [-1, 1); cosine similarities lie in [-1, 1]")
        }
        self.threshold = threshold
    }

    /// RP(A, B): the fraction of rows j with sim(a_j, b_j) > τ. Row j of both must come from noise seed j.
    public func reproducibility(_ a: Matrix, _ b: Matrix) -> Double {
        fraction(CosineSimilarity.rowwise(a, b))
    }

    /// Mem: the fraction of samples whose most similar training point has sim > τ.
    public func memorisation(_ samples: Matrix, training: Matrix) -> Double {
        fraction(CosineSimilarity.nearest(samples, in: training).similarity)
    }

    /// GL = 1 − Mem.
    public func generalisation(_ samples: Matrix, training: Matrix) -> Double {
        1 - memorisation(samples, training: training)
    }

    /// √(p(1 − p)/M), the standard error of a proportion p over M samples.
    public static func standardError(_ proportion: Double, count: Int) -> Double {
        (proportion * (1 - proportion) / Double(max(count, 1))).squareRoot()
    }

    private func fraction(_ similarities: [Double]) -> Double {
        guard !similarities.isEmpty else { return .nan }
        return Double(similarities.filter { $0 > threshold }.count) / Double(similarities.count)
    }
}
