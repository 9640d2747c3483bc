/// A case whose measured side, bound or assumption yields NaN (log of a negative number, 0/0, ∞ − ∞, an
/// index outside 1…G): counted and shown by `closedform check`, never taken as "holds".
public struct ClaimEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
