import Foundation
import InputErrors

/// How much fresh data each retraining round sees, in either paper's convention [docs/theory.md §3, §4].
///
/// ```
/// α = fresh-data fraction [B]:  round i trains on q_i = α·p_data + (1 − α)·p̂^i
/// λ = synthetic : real ratio [A]: round i trains on (p_data + λ·p̂^i)/(1 + λ)
/// α = 1/(1 + λ),   λ = (1 − α)/α
/// ```
/// Valid ranges: α ∈ (0, 1] and λ ∈ [0, ∞). The fully synthetic limit of [A, Proposition λ = ∞]
/// (α = 0, λ = ∞) is reachable only through `fullySynthetic` or `init(syntheticRatio: .infinity)`, so
/// that a stray α = 0 typed for "no synthetic data" is caught as an error rather than silently meaning
/// the opposite.
public struct MixingConvention: Sendable, Equatable, Codable {
    /// α ∈ [0, 1]: the fraction of each training set drawn fresh from p_data (0 only for `fullySynthetic`).
    public let freshFraction: Double

    /// α given directly [B].
    /// - Throws: `InputError` naming `alpha` unless 0 < α ≤ 1.
    public init(freshFraction alpha: Double) throws {
        guard alpha > 0, alpha <= 1, alpha.isFinite else {
            throw InputError(source: "", field: "alpha",
                             reason: "\(describeNumber(alpha)) is outside (0, 1]; α is the fresh-data fraction (use `fullySynthetic` or λ = ∞ for α = 0)")
        }
        freshFraction = alpha
    }

    /// λ given, α = 1/(1 + λ) [A]; λ = +∞ gives the fully synthetic α = 0.
    /// - Throws: `InputError` naming `lambda` unless λ ≥ 0 (NaN and −∞ included).
    public init(syntheticRatio lambda: Double) throws {
        guard lambda >= 0 else {
            throw InputError(source: "", field: "lambda",
                             reason: "\(describeNumber(lambda)) is negative or not a number; λ is the synthetic : real ratio, λ ≥ 0")
        }
        freshFraction = lambda.isInfinite ? 0 : 1 / (1 + lambda)
    }

    /// α = 0, λ = ∞: every round trains on the previous generation's samples only [A, Proposition λ = ∞].
    public static let fullySynthetic = try! MixingConvention(syntheticRatio: .infinity)

    /// λ = (1 − α)/α; +∞ when α = 0.
    public var syntheticRatio: Double { freshFraction == 0 ? .infinity : (1 - freshFraction) / freshFraction }

    /// 1 − α, the weight of the previous generation in q_i.
    public var syntheticFraction: Double { 1 - freshFraction }

    /// The contraction factor of the Gaussian family's moment map at infinite samples,
    /// λ/(1 + λ) = 1 − α [A, exact check (der)].
    public var contractionFactor: Double { 1 - freshFraction }

    /// The number of fresh rows in a training set of N rows: round(α·N) (ties away from zero), the rest
    /// synthetic. Deterministic counts (rather than Binomial(N, α)) remove one source of variance and
    /// match [A]'s construction (all the real data plus λ·N generated samples).
    public func freshCount(trainingSize: Int) -> Int {
        precondition(trainingSize >= 0, "MixingConvention.freshCount: trainingSize \(trainingSize) must be non-negative")
        return Int((freshFraction * Double(trainingSize)).rounded(.toNearestOrAwayFromZero))
    }
}
