/// The result of searching one claim for a counterexample.
public struct ClaimCheckOutcome: Sendable {
    /// What the search concluded.
    public enum Verdict: Sendable, Equatable {
        /// Every evaluated case had ratio ≤ 1 (+ `ClaimRatio.slack`).
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
    /// Draws whose Monte-Carlo side was flagged unreliable (`UnreliableEstimate`): counted, never deciding.
    public var unreliable = 0
    /// The largest ratio found (after shrinking, the ratio of the shrunk case); nil if nothing was evaluated.
    public let ratio: Double?
    /// The tightest case, in the check's parameter order.
    public let point: [(name: String, value: Double)]
    /// The per-key seed of the search's random stream (derived from the run's seed and the key).
    public let keySeed: UInt64
    /// True when `--budget` stopped the random draws early.
    public let stoppedByBudget: Bool
    /// The standard error of `ratio` (0 when the tightest case is exact): a Monte Carlo case fails only when
    /// its ratio exceeds 1 by more than `ClaimRatio.standardErrors` of them.
    public var standardError: Double = 0
    /// Draws outside the claim's assumptions found once computed, by assumption label (`A3`, `eps*2<=1`):
    /// counted, never evaluated against the bound (unless `--ignore-assumptions`).
    public var outsideAssumptions: [String: Int] = [:]
    /// Cases whose expression yielded NaN (`ClaimEvaluationError`), counted apart from `skipped`.
    public var evaluationErrors = 0
    /// The first evaluation error's reason, shown in the table.
    public var firstEvaluationError: String?
    /// Skipped cases per reason the evaluation gave (`ClaimEvaluation.reason`, e.g. a claim file's scenario
    /// skipped the case), in first-seen order. Included in `skipped`.
    public var skippedReasons: [(reason: String, count: Int)] = []
    /// The names of choice parameters' values, for `pointDescription`.
    public var choiceLabels: [String: [String]] = [:]
    /// The claim's citation (claim files), printed beside the result.
    public var citation: String?

    /// The rule that decided the verdict: exact (ratio > 1 + 1e-9) or Monte Carlo (ratio − 1 > 4 SE).
    public var rule: String {
        standardError > 0 ? "Monte Carlo: fails when ratio − 1 > \(Int(ClaimRatio.standardErrors)) SE" : "exact: fails when ratio > 1 + \(ClaimRatio.slack)"
    }

    /// `N outside assumptions: A3 ×n, eps*2<=1 ×m`, or nil when no draw was outside the assumptions.
    public var outsideDescription: String? {
        let total = outsideAssumptions.values.reduce(0, +)
        guard total > 0 else { return nil }
        return "\(total) outside assumptions: " + outsideAssumptions.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }

    /// The tightest case as `name=value` pairs with up to 6 significant digits.
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
