import Foundation
import Diffusion
import Scenarios

/// Cases of the `one-round` scenario drawn by the built-in checks of [B, Prop 3.1, Prop 3.3, Thm 3.4] and
/// the recursion, beside each check's closed-form model: random target mixtures, current laws perturbed by
/// mean shifts, variance scalings, extra components or KDEs, and all five population estimators
/// (proofs/core.scenarios.md). Most of these cases have Monte Carlo sides, judged by the 4-SE rule of
/// `ClaimRatio.fails(_:standardError:)`.
///
/// A check adds the switch `one-round` (1 = a scenario case, 0 = the check's own closed-form model) and the
/// parameters below; the estimator sizes (`squared-shift` = δ², `variance-scale` = c, `bandwidth` = h),
/// `dimension`, `model-seed` (the scenario's `seed`) and, for Prop 3.1, the schedule and time fraction are
/// shared with the check's own model where it has them. t₀ = 0.
enum OneRoundCases {
    /// The scenario at the checks' Monte Carlo sizes.
    static let scenario = OneRoundScenario(sizes: .quick)

    /// Probability of a scenario case per draw: about 100 of the 5 000 default draws, which keeps each of the
    /// four checks within a few seconds (a Monte Carlo case costs ~100× a closed-form one).
    static let probability = 0.02

    /// The switch selecting a scenario case.
    static let selector = CheckParameter.switch("one-round", probability: probability)

    /// The scenario's own parameters (choices as indices into the scenario's lists).
    static let parameters: [CheckParameter] = [
        .integer("components", 1, 3), .logReal("alpha", 0.01...1), .integer("current", 0, choices("current").count - 1),
        CheckParameter("perturbation", 0...1), .integer("estimator", 0, choices("estimator").count - 1),
    ]

    /// The estimator sizes, for checks whose own model has none.
    static let estimatorSizes: [CheckParameter] = [
        CheckParameter("squared-shift", 0...4), .logReal("variance-scale", 0.25...4), CheckParameter("bandwidth", 0...1.5),
    ]

    /// The listed values of the scenario's choice parameter `name`.
    static func choices(_ name: String) -> [String] {
        guard case .choice(let values) = scenario.parameters.first(where: { $0.name == name })?.domain else {
            preconditionFailure("one-round has no choice parameter '\(name)'")
        }
        return values
    }

    /// True when the point selects a scenario case.
    static func selected(_ p: ClaimCheck.Point) -> Bool { p["one-round"] == 1 }

    /// The horizon of the χ² checks' cases under `ou`: [B, Prop 3.3, Thm 3.4] and the recursion bound χ² by ε*²
    /// alone, which presumes p̂_T = q_T. At T = 12 the noised laws differ by e^{−T/2}Δμ in mean and e^{−T}ΔΣ in
    /// covariance, so KL(p̂_T ‖ q_T) is of relative size e^{−T} ≈ 6·10⁻⁶; a short horizon would instead leave
    /// most of the error outside [t₀, T] and "fail" the bounds trivially.
    static let chiSquaredHorizon = 12.0

    /// The scenario's arguments at a check's point: the point's `schedule` and `time-fraction` when it has
    /// them (Prop 3.1, whose bound carries KL(p̂_T ‖ q_T)), else `ou` with T = `chiSquaredHorizon`.
    static func arguments(_ p: ClaimCheck.Point) -> [String: ScenarioArgument] {
        let (schedule, T) = p["schedule"].map { CheckModels.scheduleAndTime(index: $0, fraction: p["time-fraction"]!) }
            ?? (.ou, chiSquaredHorizon)
        return [
            "dimension": .integer(Int(p["dimension"]!)), "components": .integer(Int(p["components"]!)), "seed": .integer(Int(p["model-seed"]!)),
            "alpha": .real(p["alpha"]!), "current": .choice(choices("current")[Int(p["current"]!)]), "perturbation": .real(p["perturbation"]!),
            "estimator": .choice(choices("estimator")[Int(p["estimator"]!)]), "h": .real(p["bandwidth"]!), "c": .real(p["variance-scale"]!),
            "delta": .real(p["squared-shift"]!.squareRoot()), "schedule": .choice(schedule.rawValue), "t0": .real(0), "T": .real(T),
        ]
    }

    /// Absolute rounding error of a Monte Carlo value, added to its standard error as a floor (relative to
    /// max(1, |value|)): the estimates are means of log-density differences, each carrying ~10⁻¹⁵·|log p| of
    /// rounding. Without the floor, two laws equal up to rounding (q and the exact or Gaussian-fit estimate of
    /// a one-Gaussian q) give χ² ≈ 10⁻¹⁵ with a standard error ≈ 10⁻¹⁶ against ε*² ≈ 10⁻³⁰, a "failure" of
    /// rounding alone.
    static let roundingFloor = 1e-12

    /// The requested quantities at the point, or nil when the scenario skips the case. Throws
    /// `UnreliableEstimate` when the tail diagnostics flag a Monte-Carlo value (Pareto k̂ > 0.7), so that such a
    /// case is counted as unreliable and never decides a verdict.
    static func values(_ p: ClaimCheck.Point, _ requested: Set<String>) throws -> [String: MeasuredValue]? {
        guard case .evaluated(let values) = try scenario.evaluate(arguments(p), requested: requested) else { return nil }
        for case .scalar(let value) in values.values {
            if let flag = value.unreliable { throw UnreliableEstimate(reason: flag) }
        }
        return values.compactMapValues { quantity in
            guard case .scalar(var value) = quantity else { return nil }
            if value.standardError > 0 { value.standardError = max(value.standardError, roundingFloor * max(1, abs(value.value))) }
            return value
        }
    }

    /// The assumptions of [B, Prop 3.3, Thm 3.4] a case violates: `A3` when χ²(p̂^{i+1} ‖ q) = ∞ (the Girsanov
    /// moment condition fails), `eps*2<=1` when ε*² > 1 (outside the small-error regime).
    static func violated(chiSquared: Double?, epsilonStarSquared: Double) -> [String] {
        (chiSquared == .infinity ? ["A3"] : []) + (epsilonStarSquared > 1 ? ["eps*2<=1"] : [])
    }
}
