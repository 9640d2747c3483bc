import Foundation
import InputErrors

/// A hypothesis of a registered claim.
///
/// A *labelled* assumption (`A3`, `eps*2<=1`) is one a table or a check decides case by case: a case that
/// violates it is outside the claim, and the claim is then "not applicable" there rather than false
/// (`AssumptionViolation`). Unlabelled assumptions are context (conventions, definitions) and are written as
/// string literals.
public struct TheoremAssumption: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Short stable label, e.g. `A3`; nil for an unlabelled assumption.
    public let label: String?
    /// The hypothesis, one line.
    public let text: String
    /// Where the hypothesis comes from, when it differs from the claim's own provenance.
    public let provenance: Provenance?

    public init(label: String?, text: String, provenance: Provenance? = nil) {
        self.label = label
        self.text = text
        self.provenance = provenance
    }

    public init(stringLiteral text: String) { self.init(label: nil, text: text) }

    /// `label: text (tag)` for a labelled assumption, the text alone otherwise.
    public var description: String {
        let tag = provenance.map { " (\($0.rawValue))" } ?? ""
        return label.map { "\($0): \(text)\(tag)" } ?? text + tag
    }

    /// The case violates this assumption, for `reason`.
    public func violated(_ reason: String) -> AssumptionViolation {
        guard let label else { preconditionFailure("TheoremAssumption.violated: '\(text)' has no label") }
        return AssumptionViolation(label: label, reason: reason)
    }
}

/// A labelled assumption that a case violates, with why: printed "not applicable: <label>: <reason>".
public struct AssumptionViolation: Sendable, Equatable, CustomStringConvertible {
    public let label: String
    public let reason: String

    public var description: String { "\(label): \(reason)" }
}

/// The labelled hypotheses of [B] (docs/theory.md §4). [B]'s regularity assumptions A1–A5 are recalled, not
/// read in the paper (rec): the one-line texts are this toolkit's reading of what the proofs use, and A3's
/// consequence (χ²(p̂^{i+1} ‖ q_i) = ∞ violates it) is derived here (proofs/B.assumptions.md).
extension TheoremAssumption {
    /// ε*² ≤ 1: Prop 3.3 and Thm 3.4 are small-error expansions with a fourth-order remainder.
    public static let smallError = TheoremAssumption(
        label: "eps*2<=1", text: "small error: ε*_i² ≤ 1 (the fourth-order remainder Cε*⁴, cε*⁴ is controlled only there)",
        provenance: .sec)
    /// The clean regime of [B, Prop 3.3], in which B.recursion is stated.
    public static let cleanRegime = TheoremAssumption(
        label: "clean", text: "clean regime: ε*_i² ≤ min(1, η_i/(8C)), where the lower bound of Prop 3.3 takes its clean form ηε*²/8",
        provenance: .sec)
    /// A1: densities and moments.
    public static let a1 = TheoremAssumption(
        label: "A1", text: "p_data and every p̂^i have densities with finite second moments; the forward process is the OU process dX = −½X dt + dB",
        provenance: .rec)
    /// A2: regularity of the learned score.
    public static let a2 = TheoremAssumption(
        label: "A2", text: "the learned score ŝ(·, t) is Lipschitz in x, uniformly for t ∈ [t₀, T], so the reverse SDE has a unique strong solution",
        provenance: .rec)
    /// A3: the Girsanov/Novikov moment condition.
    public static let a3 = TheoremAssumption(
        label: "A3", text: "Girsanov/Novikov moment condition: the path density dP̂/dQ has a finite second moment along the ideal path; it fails whenever χ²(p̂^{i+1} ‖ q_i) = ∞",
        provenance: .rec)
    /// A4: start of the reverse process and uniform remainder constants.
    public static let a4 = TheoremAssumption(
        label: "A4", text: "the reverse SDE starts from q_T (terminal mismatch negligible) and the remainder constants C, c do not depend on the round",
        provenance: .rec)
    /// A5: multi-round finiteness.
    public static let a5 = TheoremAssumption(
        label: "A5", text: "every accumulated divergence D_i = χ²(p̂^i ‖ p_data) is finite and α is the same in every round",
        provenance: .rec)
    /// Σε*_i² < ∞ (Thm 4.2).
    public static let summableErrors = TheoremAssumption(
        label: "sum-eps*2<inf", text: "summable round errors: Σ_i ε*_i² < ∞ (a persistent error, e.g. a fixed training size N, violates it)",
        provenance: .sec)
    /// An observability floor (Thm 4.2, Prop 4.1).
    public static let etaFloor = TheoremAssumption(
        label: "eta-floor", text: "observability floor: η_i ≥ η_floor > 0 in every round", provenance: .sec)
    /// p̂⁰ = p_data (the KDE population closure).
    public static let startsAtData = TheoremAssumption(
        label: "p0=pdata", text: "generation 0 is the data law: p̂⁰ = p_data", provenance: .der)

    /// N_k ≥ d: the hypothesis of [C]'s upper recovery rate.
    public static let enoughPoints = TheoremAssumption(
        label: "N_k>=d", text: "at least as many points per subspace as its dimension: N_k ≥ d", provenance: .sec)
    /// N_k < d: the hypothesis of [C]'s lower recovery rate.
    public static let fewPoints = TheoremAssumption(
        label: "N_k<d", text: "fewer points per subspace than its dimension: N_k < d", provenance: .sec)
    /// √d − √N_k > 1: the lower rate's denominator is positive.
    public static let lowerDenominator = TheoremAssumption(
        label: "sqrt(d)-sqrt(N_k)>1",
        text: "√d − √N_k − 1 > 0, the lower tail of the smallest singular value of a d×N_k Gaussian matrix (√d − √N_k − t at t = 1); below it the bound says nothing",
        provenance: .der)

    /// The labelled hypotheses of [B]'s claims, in print order (the drift tables list them).
    public static let labelledPaperB: [TheoremAssumption] = [smallError, cleanRegime, a1, a2, a3, a4, a5, summableErrors, etaFloor, startsAtData]
    /// Every labelled assumption, in print order.
    public static let labelled: [TheoremAssumption] = labelledPaperB + [enoughPoints, fewPoints, lowerDenominator]

    /// The hypotheses of Prop 3.3 and Thm 3.4: ε*² ≤ 1 and A1–A4.
    public static let oneRound: [TheoremAssumption] = [smallError, a1, a2, a3, a4]

    /// `smallError` for ε*², or nil when it holds: "ε*² = 1.7 > 1".
    public static func smallErrorViolation(epsilonStarSquared: Double) -> AssumptionViolation? {
        epsilonStarSquared <= 1 ? nil : smallError.violated("ε*² = \(String(format: "%.4g", epsilonStarSquared)) > 1")
    }

    /// A3 for a measured one-round χ²(p̂^{i+1} ‖ q_i), or nil when it is finite in every run.
    /// - Parameters:
    ///   - infiniteRuns: runs in which χ²(p̂^{i+1} ‖ q_i) = +∞; `runs` in all.
    public static func momentConditionViolation(infiniteRuns: Int, runs: Int) -> AssumptionViolation? {
        guard infiniteRuns > 0 else { return nil }
        let share = infiniteRuns == runs ? "" : " in \(infiniteRuns)/\(runs) runs"
        return a3.violated("χ²(p̂^{i+1}‖q_i) = ∞\(share), so the moment condition fails")
    }
}
