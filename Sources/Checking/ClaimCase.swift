/// What one case of a claim evaluates to, for claims whose sides carry Monte-Carlo standard errors or whose
/// assumptions depend on computed quantities (claim files and claims defined in Swift,
/// proofs/core.claim-files.md).
public enum ClaimCaseResult: Sendable, Equatable {
    /// The `ClaimRatio` of the case and its standard error by the delta method (0 when both sides are exact).
    case ratio(Double, standardError: Double)
    /// The case lies outside the claim's assumptions; the label of the first assumption that fails.
    case outsideAssumptions(String)
    /// The claim makes no statement at this case (e.g. the scenario cannot evaluate it honestly); the reason.
    case noStatement(String)
}

/// A case whose measured side, bound or assumption yields NaN (log of a negative number, 0/0, ∞ − ∞, an
/// index outside 1…G): counted and shown by `closedform check`, never taken as "holds".
public struct ClaimEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// The failure rule of `closedform check` for a ratio with a standard error (proofs/core.claim-files.md):
///
/// ```
/// exact (SE = 0)        fails when ratio > 1 + 1e-9                     (ClaimRatio.slack: rounding)
/// Monte Carlo (SE > 0)  fails when ratio > 1 + 1e-9 and ratio − 1 > 4·SE
/// ```
/// Four standard errors make a false alarm on an equality case (true ratio exactly 1) a ≈ 3·10⁻⁵ event per
/// case under the normal approximation, so a search over thousands of cases does not "fail" by chance.
public enum ClaimFailureRule {
    /// Standard errors a Monte-Carlo ratio must exceed 1 by to count as a counterexample.
    public static let standardErrors = 4.0

    /// True when the case is a counterexample under the rule that applies to its standard error.
    public static func fails(_ ratio: Double, standardError: Double) -> Bool {
        guard ClaimRatio.fails(ratio) else { return false }
        return standardError > 0 ? !(ratio - 1 <= standardErrors * standardError) : true
    }

    /// `exact` or `4·SE` (the rule that decided the case).
    public static func name(standardError: Double) -> String { standardError > 0 ? "4·SE" : "exact" }
}
