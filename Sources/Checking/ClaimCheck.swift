import Foundation
import GaussianMixtures

/// A claim reduced to a counterexample search: a parameter space, the claim's assumptions as a predicate,
/// and an evaluation that returns the `ClaimRatio` (≤ 1 when the claim holds on that case).
///
/// Checks are built in `ClaimCheckRegistry` from closed forms already in the library; a registered claim
/// without an exactly computable measured counterpart is a check with `unavailable` set to the reason.
public struct ClaimCheck: Sendable {
    /// A point of the parameter space: a value for every parameter, by name.
    public typealias Point = [String: Double]

    /// The claim's key (`B.lemma.mixing`, or an identity key such as `core.tweedie`).
    public let key: String
    /// What is measured against what, in one line.
    public let summary: String
    /// The searched parameters, in print order.
    public let parameters: [CheckParameter]
    /// Theorem parameters held fixed by the model (e.g. η = 1 for a Gaussian mean shift), used only to
    /// print a `closedform bound` command.
    public let fixed: [String: Double]
    /// Why the claim cannot be checked, or nil.
    public let unavailable: String?
    /// True for deliberately false variants: available by key, left out of `all`.
    public let hidden: Bool
    /// False for points outside the claim's assumptions (not drawn unless `--ignore-assumptions`).
    let assumptions: @Sendable (Point) -> Bool
    /// Theorem parameters computed from a point rather than drawn (e.g. the energy ε̂² of a Gaussian pair), for
    /// the printed `closedform bound` command only.
    let derived: @Sendable (Point) throws -> Point
    /// The case at a point: its ratio with a standard error, and the assumptions it violates.
    let evaluation: @Sendable (Point) throws -> ClaimEvaluation
    /// Where the claim comes from, printed beside its results (a claim file's `citation`); nil for built-ins.
    public private(set) var citation: String?

    public init(key: String, summary: String, parameters: [CheckParameter], fixed: [String: Double] = [:],
                hidden: Bool = false, assumptions: @escaping @Sendable (Point) -> Bool = { _ in true },
                derived: @escaping @Sendable (Point) throws -> Point = { _ in [:] },
                ratio: @escaping @Sendable (Point) throws -> Double?) {
        self.init(key: key, summary: summary, parameters: parameters, fixed: fixed, hidden: hidden, assumptions: assumptions,
                  derived: derived, evaluation: { ClaimEvaluation(ratio: try ratio($0)) })
    }

    /// A check whose cases carry a Monte Carlo standard error or violate assumptions that are known only once
    /// the case is computed (e.g. χ² = ∞, the moment condition A3 of [B]): `evaluation` returns both.
    public init(key: String, summary: String, parameters: [CheckParameter], fixed: [String: Double] = [:],
                hidden: Bool = false, assumptions: @escaping @Sendable (Point) -> Bool = { _ in true },
                derived: @escaping @Sendable (Point) throws -> Point = { _ in [:] },
                evaluation: @escaping @Sendable (Point) throws -> ClaimEvaluation) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "ClaimCheck \(key): duplicate parameter names")
        self.key = key
        self.summary = summary
        self.parameters = parameters
        self.fixed = fixed
        self.unavailable = nil
        self.hidden = hidden
        self.assumptions = assumptions
        self.derived = derived
        self.evaluation = evaluation
        self.citation = nil
    }

    /// A claim evaluated case by case (claim files and claims defined in Swift): `evaluation` returns the ratio
    /// with its standard error, the labels of the assumptions on computed quantities the case violates, or
    /// why the case says nothing (`ClaimEvaluation.reason`); it throws `ClaimEvaluationError` for NaN.
    /// `assumptions` are those on the parameters alone, used to redraw before anything is computed.
    public init(key: String, summary: String, citation: String?, parameters: [CheckParameter],
                assumptions: @escaping @Sendable (Point) -> Bool = { _ in true },
                evaluation: @escaping @Sendable (Point) throws -> ClaimEvaluation) {
        self.init(key: key, summary: summary, parameters: parameters, assumptions: assumptions, evaluation: evaluation)
        self.citation = citation
    }

    /// A claim registered as not checkable, with the reason shown in the table.
    public init(key: String, notCheckable reason: String) {
        self.key = key
        self.summary = "not checkable"
        self.parameters = []
        self.fixed = [:]
        self.unavailable = reason
        self.hidden = false
        self.assumptions = { _ in false }
        self.derived = { _ in [:] }
        self.evaluation = { _ in ClaimEvaluation(ratio: nil) }
        self.citation = nil
    }

    /// Whether `point` satisfies the claim's assumptions.
    public func satisfiesAssumptions(_ point: Point) -> Bool { assumptions(point) }

    /// The ratio at `point` (every parameter must be present), whatever assumptions the case violates.
    public func evaluate(_ point: Point) throws -> Double? {
        try evaluateCase(point).ratio
    }

    /// The case at `point`: ratio, standard error and violated assumptions.
    public func evaluateCase(_ point: Point) throws -> ClaimEvaluation {
        for parameter in parameters where point[parameter.name] == nil {
            preconditionFailure("ClaimCheck \(key): point lacks '\(parameter.name)'")
        }
        return try evaluation(point)
    }

    /// The choice labels of the parameters that have them, by name.
    public var choiceLabels: [String: [String]] {
        Dictionary(uniqueKeysWithValues: parameters.filter { !$0.choices.isEmpty }.map { ($0.name, $0.choices) })
    }
}

/// One evaluated case of a `ClaimCheck`.
public struct ClaimEvaluation: Sendable, Equatable {
    /// The ratio (≤ 1 when the claim holds there); nil when the claim says nothing at the case (its
    /// condition fails, or a quantity it needs is not computed).
    public var ratio: Double?
    /// The standard error of the ratio: 0 for an exact case, the delta-method error of a ratio of Monte Carlo
    /// sides otherwise (`ClaimRatio.standardError`).
    public var standardError: Double
    /// The labels of the claim's assumptions this case violates (`A3`, `eps*2<=1`), found only once it is
    /// computed. A search counts such a case as outside the assumptions, never as a failure, unless
    /// `--ignore-assumptions`.
    public var violated: [String]
    /// Why the claim makes no statement at the case when the evaluation can say (a claim file's scenario
    /// skipped it, e.g. no Gaussian fit of a degenerate law); counted per reason by the search.
    public var reason: String?

    public init(ratio: Double?, standardError: Double = 0, violated: [String] = [], reason: String? = nil) {
        self.ratio = ratio
        self.standardError = standardError
        self.violated = violated
        self.reason = reason
    }
}

/// Thrown by a check's ratio when a Monte-Carlo side of the claim is flagged by its tail diagnostics
/// (`DivergenceEstimate.isReliable` false: Pareto k̂ > 0.7). The search counts the case as unreliable and lets it
/// decide nothing: neither holds nor fails, and never the tightest case.
public struct UnreliableEstimate: Error, Sendable {
    public let reason: String

    public init(reason: String) { self.reason = reason }

    /// The estimate's value, or throws `UnreliableEstimate` when its diagnostics flag it.
    public static func value(of estimate: DivergenceEstimate) throws -> Double {
        guard estimate.isReliable else {
            throw UnreliableEstimate(reason: estimate.diagnostics?.description ?? "flagged Monte-Carlo estimate")
        }
        return estimate.value
    }
}
