import Foundation
import LinearAlgebra
import InputErrors

/// The reproducibility and memorisation scores of [D] (docs/theory.md §2, code), with a vector similarity in
/// place of the authors' SSCD descriptor similarity:
/// ```
/// RP(A, B) = (1/M) Σ_j 1[x_j^A matches x_j^B]        x_j^A, x_j^B from the same noise seed j
/// Mem      = (1/M) Σ_j 1[x_j matches its nearest training point]
/// GL       = 1 − Mem
/// ```
/// Two similarities (proofs/D.metrics.md): `cosine`, a match when sim > τ (τ = 0.6, the authors' `--t`;
/// `CosineSimilarity`), and `distanceRatio`, a match when a distance ratio ρ < τ (τ = 1/3;
/// `DistanceRatio`: d₁/d₂ for memorisation, the pair's distance over the law's spacing s for RP), the one
/// that still separates fresh samples from copies when N is large.
/// Each score is a proportion over M samples; its binomial standard error is √(p(1 − p)/M).
public struct ReproducibilityMetrics: Sendable {
    /// What "x matches y" means.
    public enum Similarity: Sendable, Equatable {
        /// cos(x, y) > τ, τ ∈ [−1, 1).
        case cosine
        /// ρ < τ (see `DistanceRatio`), τ ∈ (0, 1]; s > 0 is the spacing that scales RP's pair distances.
        case distanceRatio(spacing: Double)

        /// τ when none is given: 0.6 for cosine (the authors'), 1/3 for the distance ratio.
        public var defaultThreshold: Double {
            switch self {
            case .cosine: return 0.6
            case .distanceRatio: return 1.0 / 3.0
            }
        }
    }

    /// The authors' default threshold (cosine).
    public static let defaultThreshold = Similarity.cosine.defaultThreshold

    /// The similarity.
    public let similarity: Similarity
    /// τ.
    public let threshold: Double

    /// - Throws: `InputError` naming `threshold` unless −1 ≤ τ < 1 (cosine) or 0 < τ ≤ 1 (distance ratio).
    public init(threshold: Double = ReproducibilityMetrics.defaultThreshold, similarity: Similarity = .cosine) throws {
        switch similarity {
        case .cosine:
            guard threshold >= -1, threshold < 1 else {
                throw InputError(source: "", field: "threshold", reason: "\(describeNumber(threshold)) must be in [-1, 1); cosine similarities lie in [-1, 1]")
            }
        case .distanceRatio(let spacing):
            guard threshold > 0, threshold <= 1 else {
                throw InputError(source: "", field: "threshold", reason: "\(describeNumber(threshold)) must be in (0, 1]; a distance ratio below τ means the match is τ times closer than the reference distance")
            }
            guard spacing > 0, spacing.isFinite else {
                throw InputError(source: "", field: "spacing", reason: "\(describeNumber(spacing)) must be positive and finite")
            }
        }
        self.threshold = threshold
        self.similarity = similarity
    }

    /// RP(A, B): the fraction of rows j where a_j matches b_j. Row j of both must come from noise seed j.
    public func reproducibility(_ a: Matrix, _ b: Matrix) -> Double {
        switch similarity {
        case .cosine: return fraction(CosineSimilarity.rowwise(a, b), above: threshold)
        case .distanceRatio(let spacing): return fraction(DistanceRatio.pairs(a, b, spacing: spacing), below: threshold)
        }
    }

    /// Mem: the fraction of samples that match their nearest training point.
    public func memorisation(_ samples: Matrix, training: Matrix) -> Double {
        switch similarity {
        case .cosine: return fraction(CosineSimilarity.nearest(samples, in: training).similarity, above: threshold)
        case .distanceRatio: return fraction(DistanceRatio.nearest(samples, in: training).ratio, below: threshold)
        }
    }

    /// GL = 1 − Mem.
    public func generalisation(_ samples: Matrix, training: Matrix) -> Double {
        1 - memorisation(samples, training: training)
    }

    /// √(p(1 − p)/M), the standard error of a proportion p over M samples.
    public static func standardError(_ proportion: Double, count: Int) -> Double {
        (proportion * (1 - proportion) / Double(max(count, 1))).squareRoot()
    }

    private func fraction(_ similarities: [Double], above limit: Double) -> Double {
        guard !similarities.isEmpty else { return .nan }
        return Double(similarities.filter { $0 > limit }.count) / Double(similarities.count)
    }

    private func fraction(_ ratios: [Double], below limit: Double) -> Double {
        guard !ratios.isEmpty else { return .nan }
        return Double(ratios.filter { $0 < limit }.count) / Double(ratios.count)
    }
}
