import Foundation

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
    /// The ratio at a point; nil when the claim says nothing there (e.g. its condition fails).
    let ratio: @Sendable (Point) throws -> Double?
    /// The full evaluation of a case (ratio with standard error, or why there is none), for claims defined by
    /// a scenario (claim files, the Swift API); nil for the compiled checks, which use `assumptions` and `ratio`.
    /// The flag is `--ignore-assumptions`.
    let caseEvaluation: (@Sendable (Point, Bool) throws -> ClaimCaseResult)?
    /// Where the claim comes from, printed beside its results (a claim file's `citation`); nil for built-ins.
    public let citation: String?

    public init(key: String, summary: String, parameters: [CheckParameter], fixed: [String: Double] = [:],
                hidden: Bool = false, assumptions: @escaping @Sendable (Point) -> Bool = { _ in true },
                derived: @escaping @Sendable (Point) throws -> Point = { _ in [:] },
                ratio: @escaping @Sendable (Point) throws -> Double?) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "ClaimCheck \(key): duplicate parameter names")
        self.key = key
        self.summary = summary
        self.parameters = parameters
        self.fixed = fixed
        self.unavailable = nil
        self.hidden = hidden
        self.assumptions = assumptions
        self.derived = derived
        self.ratio = ratio
        self.caseEvaluation = nil
        self.citation = nil
    }

    /// A claim evaluated case by case (claim files and claims defined in Swift): `evaluate` returns the ratio
    /// with its standard error, or why the case says nothing; it checks assumptions on computed quantities
    /// itself (unless its flag, `--ignore-assumptions`, is set) and throws `ClaimEvaluationError` for NaN.
    /// `assumptions` are those on the parameters alone, used to redraw before anything is computed.
    public init(key: String, summary: String, citation: String?, parameters: [CheckParameter],
                assumptions: @escaping @Sendable (Point) -> Bool = { _ in true },
                evaluate: @escaping @Sendable (Point, Bool) throws -> ClaimCaseResult) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "ClaimCheck \(key): duplicate parameter names")
        self.key = key
        self.summary = summary
        self.parameters = parameters
        self.fixed = [:]
        self.unavailable = nil
        self.hidden = false
        self.assumptions = assumptions
        self.derived = { _ in [:] }
        self.ratio = { point in
            guard case .ratio(let value, _) = try evaluate(point, false) else { return nil }
            return value
        }
        self.caseEvaluation = evaluate
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
        self.ratio = { _ in nil }
        self.caseEvaluation = nil
        self.citation = nil
    }

    /// Whether `point` satisfies the claim's assumptions.
    public func satisfiesAssumptions(_ point: Point) -> Bool { assumptions(point) }

    /// The ratio at `point` (every parameter must be present).
    public func evaluate(_ point: Point) throws -> Double? {
        for parameter in parameters where point[parameter.name] == nil {
            preconditionFailure("ClaimCheck \(key): point lacks '\(parameter.name)'")
        }
        return try ratio(point)
    }

    /// The case at `point`: `caseEvaluation` when the claim has one, otherwise `assumptions` and `ratio` (an
    /// exact ratio, standard error 0).
    public func evaluateCase(_ point: Point, ignoreAssumptions: Bool) throws -> ClaimCaseResult {
        for parameter in parameters where point[parameter.name] == nil {
            preconditionFailure("ClaimCheck \(key): point lacks '\(parameter.name)'")
        }
        if let caseEvaluation { return try caseEvaluation(point, ignoreAssumptions) }
        if !ignoreAssumptions && !assumptions(point) { return .outsideAssumptions("assumptions") }
        guard let value = try ratio(point), !value.isNaN else { return .noStatement("the claim's condition fails") }
        return .ratio(value, standardError: 0)
    }

    /// The choice labels of the parameters that have them, by name.
    public var choiceLabels: [String: [String]] {
        Dictionary(uniqueKeysWithValues: parameters.filter { !$0.choices.isEmpty }.map { ($0.name, $0.choices) })
    }
}
