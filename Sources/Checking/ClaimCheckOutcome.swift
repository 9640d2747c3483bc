/// The result of searching one claim for a counterexample.
public struct ClaimCheckOutcome: Sendable {
    /// What the search concluded.
    public enum Verdict: Sendable, Equatable {
        /// No evaluated case is a counterexample under `ClaimFailureRule` (ratio ≤ 1 + `ClaimRatio.slack`, or
        /// within 4 standard errors of 1 for a Monte-Carlo ratio).
        case holds
        /// A case with ratio > 1 was found (and shrunk).
        case fails
        /// No exact measured counterpart; the reason.
        case notCheckable(String)
        /// No case could be evaluated (every draw violated the assumptions or threw).
        case noValidCases

        /// `holds`, `FAILS`, `not checkable: reason`, `no valid cases`.
        public var description: String {
            switch self {
            case .holds: return "holds"
            case .fails: return "FAILS"
            case .notCheckable(let reason): return "not checkable: \(reason)"
            case .noValidCases: return "no valid cases"
            }
        }
    }

    public let key: String
    public let verdict: Verdict
    /// Cases evaluated (random draws, local-search and shrinking steps not counted).
    public let trials: Int
    /// Draws skipped: outside the assumptions after retries, a numerical failure, or no claim there.
    public let skipped: Int
    /// The largest ratio found (after shrinking, the ratio of the shrunk case); nil if nothing was evaluated.
    public let ratio: Double?
    /// The tightest case, in the check's parameter order.
    public let point: [(name: String, value: Double)]
    /// The per-key seed of the search's random stream (derived from the run's seed and the key).
    public let keySeed: UInt64
    /// True when `--budget` stopped the random draws early.
    public let stoppedByBudget: Bool
    /// The Monte-Carlo standard error of `ratio` (delta method); 0 when exact. Decides the failure rule
    /// (`ClaimFailureRule`).
    public var standardError: Double = 0
    /// Cases whose expression yielded NaN (`ClaimEvaluationError`), counted apart from `skipped`.
    public var evaluationErrors = 0
    /// The first evaluation error's reason, shown in the table.
    public var firstEvaluationError: String?
    /// Skipped cases per reason: the label of the assumption that failed (on computed quantities) or the
    /// scenario's reason for not evaluating a case; in first-seen order. Included in `skipped`.
    public var skippedReasons: [(reason: String, count: Int)] = []
    /// The names of choice parameters' values, for `pointDescription`.
    public var choiceLabels: [String: [String]] = [:]
    /// The claim's citation (claim files), printed beside the result.
    public var citation: String?

    /// `exact` or `4·SE`: the failure rule that applies to the tightest case.
    public var rule: String { ClaimFailureRule.name(standardError: standardError) }

    /// The tightest case as `name=value` pairs with up to 6 significant digits (a choice by its name).
    public var pointDescription: String {
        point.map { entry in
            if let labels = choiceLabels[entry.name], let index = Int(exactly: entry.value), labels.indices.contains(index) {
                return "\(entry.name)=\(labels[index])"
            }
            return "\(entry.name)=\(ClaimCheckOutcome.format(entry.value))"
        }.joined(separator: " ")
    }

    public static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e9 { return String(Int(value)) }
        return String(CheckParameter.round(value, significantDigits: 6))
    }
}
