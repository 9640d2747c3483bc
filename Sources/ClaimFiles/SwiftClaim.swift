import Foundation
import Checking
import InputErrors
import Scenarios
import Theorems

/// A claim defined in Swift rather than in a claim file: a scenario, the measured side and the bound as
/// closures over the scenario's quantities and the parameters, and a side (proofs/core.claim-files.md).
/// `check` gives the same `ClaimCheck` a claim file compiles to, so `CounterexampleSearch` runs it the same
/// way: climbing, shrinking, per-key seeds, the 4·SE rule for Monte-Carlo sides.
///
/// ```swift
/// let claim = try SwiftClaim(key: "mine.kl-below-chi2", title: "KL ≤ χ²", side: .upper,
///                            scenario: PairScenario(), quantities: ["kl", "chi2"],
///                            measured: { $0.quantity("kl") }, bound: { $0.quantity("chi2") })
/// var claims = ClaimSet()
/// try claims.register(claim)
/// let outcomes = claims.check(CounterexampleSearch(trials: 500, seed: 1))
/// ```
public struct SwiftClaim: Sendable {
    /// What the closures read at one case.
    public struct Values: Sendable {
        /// Every parameter's value (a choice by its name), by name.
        public let arguments: [String: ScenarioArgument]
        /// The requested quantities.
        public let quantities: [String: ScenarioQuantityValue]

        /// A scalar quantity with its standard error.
        /// - Throws: `ClaimEvaluationError` when it was not requested, is an array, or is NaN.
        public func quantity(_ name: String) throws -> MeasuredValue {
            guard case .scalar(let value)? = quantities[name] else { throw ClaimEvaluationError("\(name) is not a requested scalar quantity") }
            if value.value.isNaN { throw ClaimEvaluationError("\(name) is NaN" + (value.reason.map { ": \($0)" } ?? "")) }
            return value
        }

        /// A numeric parameter's value (nil for a choice).
        public func parameter(_ name: String) -> Double? { arguments[name]?.real }
    }

    public let key: String
    public let title: String
    public let citation: String
    public let side: ClaimFile.Side
    public let tolerance: Double
    public let scenario: any Scenario
    public let quantities: Set<String>
    /// The scenario's parameters with the domains given in `domains` in place of the defaults.
    public let parameters: [ScenarioParameter]
    let measured: @Sendable (Values) throws -> MeasuredValue
    let bound: @Sendable (Values) throws -> MeasuredValue
    let assumption: @Sendable (Values) throws -> Bool

    /// - Parameters:
    ///   - domains: overrides of the scenario's default parameter domains, by name.
    ///   - quantities: the scenario quantities the closures read (only these are computed).
    ///   - assumption: false outside the claim's assumptions (the case is counted as skipped).
    /// - Throws: `InputError` naming the key for an unknown quantity or parameter override.
    public init(key: String, title: String, citation: String = "", side: ClaimFile.Side, tolerance: Double = ClaimFile.defaultTolerance,
                scenario: any Scenario, domains: [String: ScenarioParameter.Domain] = [:], quantities: Set<String>,
                assumption: @escaping @Sendable (Values) throws -> Bool = { _ in true },
                measured: @escaping @Sendable (Values) throws -> MeasuredValue,
                bound: @escaping @Sendable (Values) throws -> MeasuredValue) throws {
        let known = Set(scenario.quantities.map(\.name))
        if let unknown = quantities.subtracting(known).sorted().first {
            throw InputError(source: key, field: "quantities", reason: "unknown quantity '\(unknown)' of \(scenario.name); quantities: \(known.sorted().joined(separator: ", "))")
        }
        if let unknown = Set(domains.keys).subtracting(scenario.parameters.map(\.name)).sorted().first {
            throw InputError(source: key, field: "domains", reason: "unknown parameter '\(unknown)' of \(scenario.name)")
        }
        self.key = key
        self.title = title
        self.citation = citation
        self.side = side
        self.tolerance = tolerance
        self.scenario = scenario
        self.quantities = quantities
        self.parameters = scenario.parameters.map { ScenarioParameter($0.name, domains[$0.name] ?? $0.domain, $0.description) }
        self.assumption = assumption
        self.measured = measured
        self.bound = bound
    }

    /// The searched parameters, one per scenario parameter.
    private var searchParameters: [CheckParameter] {
        parameters.map { parameter in
            switch parameter.domain {
            case .real(let range, let logScale): return CheckParameter(parameter.name, range, logScale: logScale)
            case .integer(let range): return .integer(parameter.name, range.lowerBound, range.upperBound)
            case .choice(let names): return CheckParameter(parameter.name, choices: names)
            }
        }
    }

    /// The check `CounterexampleSearch` runs.
    public var check: ClaimCheck {
        let claim = self
        return ClaimCheck(key: key, summary: title, citation: citation.isEmpty ? nil : citation, parameters: searchParameters) { point in
            try claim.evaluate(point)
        }
    }

    private func evaluate(_ point: ClaimCheck.Point) throws -> ClaimEvaluation {
        var arguments: [String: ScenarioArgument] = [:]
        for parameter in parameters {
            let value = point[parameter.name]!
            switch parameter.domain {
            case .real: arguments[parameter.name] = .real(value)
            case .integer: arguments[parameter.name] = .integer(Int(value))
            case .choice(let names): arguments[parameter.name] = .choice(names[Int(value)])
            }
        }
        let values: [String: ScenarioQuantityValue]
        do {
            switch try scenario.evaluate(arguments, requested: quantities) {
            case .evaluated(let computed): values = computed
            case .skipped(let reason): return ClaimEvaluation(ratio: nil, reason: reason)
            }
        } catch let error as InputError {
            return ClaimEvaluation(ratio: nil, reason: "\(scenario.name) cannot evaluate the case: \(error)")
        }
        let case_ = Values(arguments: arguments, quantities: values)
        let violated = try assumption(case_) ? [] : ["the claim's assumption"]
        let m = try measured(case_), b = try bound(case_)
        if let flagged = m.unreliable ?? b.unreliable { throw UnreliableEstimate(reason: flagged) }
        guard !m.value.isNaN, !b.value.isNaN else {
            if !violated.isEmpty { return ClaimEvaluation(ratio: nil, violated: violated) }
            throw ClaimEvaluationError("a side is NaN")
        }
        let errors = [m.standardError, b.standardError]
        let (ratio, error) = FileClaim.ratio(side: side, measured: DualNumber(m.value, gradient: [1, 0]), bound: DualNumber(b.value, gradient: [0, 1]),
                                             tolerance: tolerance, errors: errors)
        return ClaimEvaluation(ratio: ratio, standardError: error, violated: violated)
    }
}

/// Claims registered by a program (Swift claims and claim files), checked together like `closedform check`.
public struct ClaimSet: Sendable {
    public private(set) var checks: [ClaimCheck] = []

    public init() {}

    /// Adds `claim`.
    /// - Throws: `InputError` naming the key when a built-in claim or an earlier registered one has it.
    public mutating func register(_ claim: SwiftClaim) throws { try register(claim.check) }

    /// Adds a compiled claim file.
    public mutating func register(_ claim: FileClaim) throws { try register(claim.check) }

    private mutating func register(_ check: ClaimCheck) throws {
        let builtIn = Set(ClaimCheckRegistry.everything.map(\.key)).union(TheoremRegistry.keys)
        guard !builtIn.contains(check.key), !checks.contains(where: { $0.key == check.key }) else {
            throw InputError(source: check.key, field: "key", reason: "already the key of a built-in or registered claim")
        }
        checks.append(check)
    }

    /// Runs `search` on every registered claim, in registration order.
    public func check(_ search: CounterexampleSearch) -> [ClaimCheckOutcome] { checks.map { search.run($0) } }
}
