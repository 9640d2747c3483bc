import Foundation

/// An exactly computable situation that claims are checked on (proofs/core.claim-files.md): a parameter space,
/// and the named quantities the library computes at each of its points — exactly where a closed form exists,
/// by Monte Carlo with a standard error otherwise.
///
/// A scenario draws nothing itself: every random model is built from its `seed` parameter (a scenario that
/// needs randomness declares one), so a case is replayed from its arguments alone and shrinks like any other
/// parameter.
public protocol Scenario: Sendable {
    /// The name used in claim files and by `closedform scenarios` (`pair`, `one-round`, …).
    var name: String { get }
    /// What the scenario is, in one line.
    var summary: String { get }
    /// The parameters with their default domains, in print order.
    var parameters: [ScenarioParameter] { get }
    /// The quantities computed at a point, in print order.
    var quantities: [ScenarioQuantity] { get }
    /// The requested quantities at `arguments` (a value for every parameter of `parameters`).
    ///
    /// Computes only what `requested` names (an energy by Monte Carlo costs far more than a closed-form
    /// divergence). Returns `.skipped` with the reason when the case cannot be evaluated honestly (e.g. a
    /// clustering instance the exact solver cannot certify within its budget); throws only on a library error.
    func evaluate(_ arguments: [String: ScenarioArgument], requested: Set<String>) throws -> ScenarioCase
}

/// One parameter of a scenario and its default domain.
public struct ScenarioParameter: Sendable, Equatable {
    /// The set a parameter ranges over.
    public enum Domain: Sendable, Equatable {
        /// A real interval, drawn uniformly, or log-uniformly when `logScale` (lower end > 0).
        case real(ClosedRange<Double>, logScale: Bool)
        /// The integers of a closed range, drawn uniformly.
        case integer(ClosedRange<Int>)
        /// One of the listed names (`ou`, `vp`, …), drawn uniformly.
        case choice([String])
    }

    /// The name, as written in claim files (`dimension`, `alpha`, `t0`).
    public let name: String
    public let domain: Domain
    /// What the parameter is, in one line.
    public let description: String

    public init(_ name: String, _ domain: Domain, _ description: String) {
        self.name = name
        self.domain = domain
        self.description = description
    }
}

/// A value of a scenario parameter.
public enum ScenarioArgument: Sendable, Equatable {
    case real(Double)
    case integer(Int)
    case choice(String)

    /// The value as a real (an integer converted; nil for a choice).
    public var real: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case .choice: return nil
        }
    }
}

/// One quantity a scenario computes.
public struct ScenarioQuantity: Sendable, Equatable {
    /// How the quantity is computed.
    public enum Method: String, Sendable, Equatable {
        /// A closed form or deterministic quadrature; its standard error is 0.
        case exact
        /// Monte Carlo (or exact where the case allows it, with standard error 0 there).
        case monteCarlo = "Monte Carlo"
    }

    /// The name, as written in claim expressions (`kl`, `eps_hat2`, `D`).
    public let name: String
    /// The definition, in one line with the notation of docs/theory.md (`KL(P ‖ Q)`).
    public let definition: String
    /// The citation key of the definition or claim it belongs to (`core.kl`, `B.prop3.1`).
    public let citation: String
    public let method: Method
    /// True for an array indexed 1…G in claim expressions (`D[k]`).
    public let isArray: Bool

    public init(_ name: String, _ definition: String, citation: String, method: Method, isArray: Bool = false) {
        self.name = name
        self.definition = definition
        self.citation = citation
        self.method = method
        self.isArray = isArray
    }
}

/// A computed value with its Monte Carlo standard error (0 when exact). Non-finite values carry the reason.
public struct MeasuredValue: Sendable, Equatable {
    public var value: Double
    public var standardError: Double
    /// Why the value is ∞ or NaN (e.g. "the moment condition fails"), nil when finite.
    public var reason: String?
    /// Why a Monte-Carlo value is flagged by its tail diagnostics (`DivergenceEstimate.isReliable` false:
    /// Pareto k̂ > 0.7), nil otherwise. A claim reading a flagged value counts the case as unreliable.
    public var unreliable: String?

    public init(_ value: Double, standardError: Double = 0, reason: String? = nil, unreliable: String? = nil) {
        self.value = value
        self.standardError = standardError
        self.reason = reason
        self.unreliable = unreliable
    }
}

/// The value of one quantity at a case: a scalar, or an array indexed 1…G.
public enum ScenarioQuantityValue: Sendable, Equatable {
    case scalar(MeasuredValue)
    case array([MeasuredValue])
}

/// The outcome of evaluating a scenario at one point.
public enum ScenarioCase: Sendable, Equatable {
    /// The requested quantities, by name.
    case evaluated([String: ScenarioQuantityValue])
    /// The case cannot be evaluated honestly; the reason (counted by the checker, never guessed).
    case skipped(String)
}
