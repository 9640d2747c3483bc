import Foundation
import GaussianMixtures
import ScoreErrors

/// Typed access to a case's arguments. A scenario is called with a value for every parameter it declares
/// (the `Scenario.evaluate` contract), so a missing or mistyped argument is a programming error.
extension Dictionary where Key == String, Value == ScenarioArgument {
    /// The real (or integer, converted) argument `name`.
    func real(_ name: String) -> Double {
        guard let value = self[name]?.real else { preconditionFailure("scenario argument '\(name)' is missing or not a number") }
        return value
    }

    /// The integer argument `name` (a real with an integral value is accepted: claim files write `3.0`).
    func integer(_ name: String) -> Int {
        switch self[name] {
        case .integer(let value): return value
        case .real(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        default: preconditionFailure("scenario argument '\(name)' is missing or not an integer")
        }
    }

    /// The choice argument `name`.
    func choice(_ name: String) -> String {
        guard case .choice(let value) = self[name] else { preconditionFailure("scenario argument '\(name)' is missing or not a choice") }
        return value
    }
}

extension MeasuredValue {
    /// A divergence as computed by the library: its value and standard error, and its note as the reason
    /// when the value is ∞ or NaN, and the tail diagnostics when they flag it.
    init(_ estimate: DivergenceEstimate) {
        self.init(estimate.value, standardError: estimate.standardError,
                  reason: estimate.value.isFinite ? nil : (estimate.note ?? "not finite"),
                  unreliable: estimate.isReliable ? nil : (estimate.diagnostics?.description ?? "flagged Monte-Carlo estimate"))
    }

    /// A score-error energy as computed by the library (standard error 0 for the closed-form integrand).
    init(_ energy: ScoreErrorEnergy.Energy) {
        self.init(energy.value, standardError: energy.standardError)
    }
}
