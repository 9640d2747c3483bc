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

    /// The tightest case as `name=value` pairs with up to 6 significant digits.
    public var pointDescription: String {
        point.map { "\($0.name)=\(ClaimCheckOutcome.format($0.value))" }.joined(separator: " ")
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e9 { return String(Int(value)) }
        return String(CheckParameter.round(value, significantDigits: 6))
    }
}
