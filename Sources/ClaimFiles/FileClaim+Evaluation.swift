import Foundation
import Checking
import InputErrors
import Scenarios

extension FileClaim {
    /// The check `CounterexampleSearch` runs: the file's key, title and citation, its parameters, the
    /// parameter-only assumptions as the redraw predicate, and `evaluateCase` for the rest.
    public var check: ClaimCheck {
        let claim = self
        return ClaimCheck(key: file.key, summary: file.title, citation: file.citation.isEmpty ? nil : file.citation,
                          parameters: parameters.map(\.search),
                          assumptions: { point in claim.satisfiesParameterAssumptions(point) },
                          evaluation: { point in try claim.evaluateCase(point) })
    }

    /// The expression values of the numeric parameters at `point`.
    func parameterValues(_ point: ClaimCheck.Point) -> [String: Double] {
        var values: [String: Double] = [:]
        for parameter in parameters {
            if let number = parameter.argument(point[parameter.name]!).real { values[parameter.name] = number }
        }
        return values
    }

    /// True when every assumption on parameters alone holds (a NaN comparison counts as not holding: the
    /// case is redrawn, never evaluated).
    func satisfiesParameterAssumptions(_ point: ClaimCheck.Point) -> Bool {
        let environment = ClaimEnvironment(parameters: parameterValues(point), quantities: [:])
        return parameterAssumptions.allSatisfy { (try? $0.expression.holds(environment)) ?? false }
    }

    /// The scenario's quantities at `point`, or why the case has none.
    func quantities(at point: ClaimCheck.Point) throws -> Result<[String: ScenarioQuantityValue], ClaimNoStatement> {
        if requested.isEmpty { return .success([:]) }
        var arguments: [String: ScenarioArgument] = [:]
        for parameter in parameters where parameter.scenarioParameter != nil {
            arguments[parameter.name] = parameter.scenarioArgument(point[parameter.name]!)
        }
        do {
            switch try scenario.evaluate(arguments, requested: requested) {
            case .evaluated(let values): return .success(values)
            case .skipped(let reason): return .failure(ClaimNoStatement(reason: reason))
            }
        } catch let error as InputError {
            return .failure(ClaimNoStatement(reason: "\(scenario.name) cannot evaluate the case: \(error)"))
        }
    }

    /// The case at `point`: the labels (texts) of the assumptions on quantities it violates, and both sides
    /// with the ratio. Outside the assumptions a side that cannot be evaluated (NaN) gives no ratio rather
    /// than an evaluation error: the search counts the case as outside, and `--ignore-assumptions` skips it.
    func evaluateCase(_ point: ClaimCheck.Point) throws -> ClaimEvaluation {
        let values: [String: ScenarioQuantityValue]
        switch try quantities(at: point) {
        case .success(let computed): values = computed
        case .failure(let skip): return ClaimEvaluation(ratio: nil, reason: skip.reason)
        }
        if let flagged = values.keys.sorted().lazy.compactMap({ FileClaim.unreliable(values[$0]!) }).first { throw UnreliableEstimate(reason: flagged) }
        let environment = ClaimEnvironment(parameters: parameterValues(point), quantities: values)
        let violated = try quantityAssumptions.filter { !(try $0.expression.holds(environment)) }.map(\.text)
        if !violated.isEmpty {
            let sides = try? self.sides(environment, quantities: values)
            return ClaimEvaluation(ratio: sides?.ratio, standardError: sides?.ratioStandardError ?? 0, violated: violated)
        }
        let sides = try self.sides(environment, quantities: values)
        return ClaimEvaluation(ratio: sides.ratio, standardError: sides.ratioStandardError)
    }

    /// Both sides and the ratio at `point` (assumptions not checked).
    /// - Throws: `ClaimEvaluationError` for a NaN side; nil when the scenario skips the case.
    public func sides(at point: ClaimCheck.Point) throws -> Sides? {
        guard case .success(let values) = try quantities(at: point) else { return nil }
        return try sides(ClaimEnvironment(parameters: parameterValues(point), quantities: values), quantities: values)
    }

    private func sides(_ environment: ClaimEnvironment, quantities: [String: ScenarioQuantityValue]) throws -> Sides {
        let m = try measured.evaluate(environment), b = try bound.evaluate(environment)
        if m.value.isNaN { throw ClaimEvaluationError("the measured side \"\(file.measured.text)\" is NaN") }
        if b.value.isNaN { throw ClaimEvaluationError("the bound \"\(file.bound.text)\" is NaN") }
        let errors = environment.errors
        let (ratio, standardError) = FileClaim.ratio(side: file.side, measured: m, bound: b, tolerance: file.tolerance, errors: errors)
        return Sides(measured: m.value, measuredStandardError: m.standardError(errors), bound: b.value, boundStandardError: b.standardError(errors),
                     ratio: ratio, ratioStandardError: standardError, quantities: quantities)
    }

    /// Rounding floor of an inequality: the bound is relaxed by 10⁻¹² (raised for `upper`, lowered for
    /// `lower`) before the ratio is taken. The quantities are computed in double precision from inputs of
    /// order 1, so differences below 10⁻¹² are rounding (e.g. a Gaussian fit of a law that is already
    /// Gaussian: χ² and ε*² both ≈ 10⁻¹⁶, their ratio meaningless). Negligible beside the relative slack
    /// 10⁻⁹ wherever the sides are of order 10⁻³ or more.
    public static let absoluteSlack = 1e-12

    /// The `ClaimRatio` of the side (after `absoluteSlack`) with its delta-method standard error. A ratio of ∞ (a zero bound against
    /// a positive measurement, or the reverse) with Monte-Carlo sides gets the standard error ∞ unless the
    /// difference of the sides exceeds 4 of its standard errors, so that noise around 0 never fails a claim.
    static func ratio(side: ClaimFile.Side, measured m: DualNumber, bound: DualNumber, tolerance: Double, errors: [Double]) -> (Double, Double) {
        let ratio: Double
        var gradient: [Double] = []
        var b = bound
        switch side {
        case .upper:
            b.value += absoluteSlack
            ratio = ClaimRatio.upper(measured: m.value, bound: b.value)!
            if b.value > 0 && m.value > 0 { gradient = DualNumber.combine(1 / b.value, m.gradient, -m.value / (b.value * b.value), b.gradient) }
        case .lower:
            b.value -= absoluteSlack
            ratio = ClaimRatio.lower(measured: m.value, bound: b.value)!
            if b.value > 0 && m.value > 0 { gradient = DualNumber.combine(-b.value / (m.value * m.value), m.gradient, 1 / m.value, b.gradient) }
        case .identity:
            ratio = ClaimRatio.identity(m.value, b.value, tolerance: tolerance)
            let scale = max(1, abs(b.value)), sign: Double = m.value >= b.value ? 1 : -1
            let dScale: Double = abs(b.value) > 1 ? (b.value > 0 ? 1 : -1) : 0
            gradient = DualNumber.combine(sign / (tolerance * scale), m.gradient, -sign / (tolerance * scale) - ratio * dScale / scale, b.gradient)
        }
        if ratio.isInfinite {
            let difference = DualNumber(m.value - b.value, gradient: DualNumber.combine(1, m.gradient, -1, b.gradient))
            let error = difference.standardError(errors)
            return (ratio, error > 0 && abs(difference.value) <= ClaimRatio.standardErrors * error ? .infinity : 0)
        }
        return (ratio, DualNumber(ratio, gradient: gradient).standardError(errors))
    }
}

extension FileClaim {
    /// Why a quantity's value (or an entry of its array) is flagged by its Monte-Carlo tail diagnostics, or nil.
    static func unreliable(_ value: ScenarioQuantityValue) -> String? {
        switch value {
        case .scalar(let measured): return measured.unreliable
        case .array(let entries): return entries.lazy.compactMap(\.unreliable).first
        }
    }
}

/// Why the scenario gives no quantities at a case (it skipped the case, or rejected its arguments).
struct ClaimNoStatement: Error {
    let reason: String
}
