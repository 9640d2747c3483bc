import Foundation
import Checking
import Scenarios

/// A value with its derivatives with respect to the Monte-Carlo quantities of a case (forward-mode automatic
/// differentiation), so that a ratio's standard error follows by the delta method.
struct DualNumber {
    var value: Double
    /// ∂value/∂xᵢ for each Monte-Carlo input xᵢ (slot i of `ClaimEnvironment`); empty for a constant.
    var gradient: [Double]

    init(_ value: Double, gradient: [Double] = []) {
        self.value = value
        self.gradient = gradient
    }

    /// Σᵢ (∂value/∂xᵢ · SEᵢ)²)^{1/2}: the delta-method standard error, the inputs' errors taken independent.
    func standardError(_ errors: [Double]) -> Double {
        var sum = 0.0
        for (derivative, error) in zip(gradient, errors) where error > 0 && derivative != 0 { sum += derivative * derivative * error * error }
        return sum.squareRoot()
    }

    /// a·∇x + b·∇y (a missing gradient is 0).
    static func combine(_ a: Double, _ x: [Double], _ b: Double, _ y: [Double]) -> [Double] {
        if x.isEmpty && y.isEmpty { return [] }
        let count = max(x.count, y.count)
        return (0..<count).map { i in
            let dx = i < x.count && x[i] != 0 ? a * x[i] : 0, dy = i < y.count && y[i] != 0 ? b * y[i] : 0
            return dx + dy
        }
    }

    /// The chain rule for f(x) with f'(x) = `derivative`.
    func applying(_ value: Double, derivative: Double) -> DualNumber {
        DualNumber(value, gradient: DualNumber.combine(derivative, gradient, 0, []))
    }
}

/// The values an expression reads at one case: parameters, scenario quantities (with standard errors) and
/// the indices of enclosing `sum`s.
struct ClaimEnvironment {
    var parameters: [String: Double]
    var scalars: [String: MeasuredValue]
    var arrays: [String: [MeasuredValue]]
    /// Standard error of each Monte-Carlo input, by slot.
    private(set) var errors: [Double] = []
    private var scalarSlots: [String: Int] = [:]
    private var arraySlots: [String: [Int: Int]] = [:]
    var indices: [String: Double] = [:]

    init(parameters: [String: Double], quantities: [String: ScenarioQuantityValue]) {
        self.parameters = parameters
        var scalars: [String: MeasuredValue] = [:], arrays: [String: [MeasuredValue]] = [:]
        for (name, value) in quantities.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .scalar(let measured):
                scalars[name] = measured
                if measured.standardError > 0 { scalarSlots[name] = errors.count; errors.append(measured.standardError) }
            case .array(let elements):
                arrays[name] = elements
                for (i, element) in elements.enumerated() where element.standardError > 0 {
                    arraySlots[name, default: [:]][i] = errors.count
                    errors.append(element.standardError)
                }
            }
        }
        self.scalars = scalars
        self.arrays = arrays
    }

    private func unit(_ slot: Int?) -> [Double] {
        guard let slot else { return [] }
        var gradient = [Double](repeating: 0, count: slot + 1)
        gradient[slot] = 1
        return gradient
    }

    func lookup(_ name: String) throws -> DualNumber {
        if let value = indices[name] ?? parameters[name] { return DualNumber(value) }
        guard let measured = scalars[name] else { preconditionFailure("ClaimEnvironment: '\(name)' was not resolved at compile time") }
        if measured.value.isNaN { throw ClaimEvaluationError("\(name) is NaN" + (measured.reason.map { ": \($0)" } ?? "")) }
        return DualNumber(measured.value, gradient: unit(scalarSlots[name]))
    }

    func element(_ name: String, _ index: Double) throws -> DualNumber {
        guard let values = arrays[name] else { preconditionFailure("ClaimEnvironment: array '\(name)' was not resolved at compile time") }
        guard let k = Int(exactly: index), k >= 1, k <= values.count else {
            throw ClaimEvaluationError("index \(ClaimNumber.text(index)) of \(name) outside 1…\(values.count)")
        }
        let measured = values[k - 1]
        if measured.value.isNaN { throw ClaimEvaluationError("\(name)[\(k)] is NaN" + (measured.reason.map { ": \($0)" } ?? "")) }
        return DualNumber(measured.value, gradient: unit(arraySlots[name]?[k - 1]))
    }
}

/// Numbers in messages: integers without a decimal point, others with up to 6 significant digits.
enum ClaimNumber {
    static func text(_ value: Double) -> String { ClaimCheckOutcome.format(value) }
}

extension ClaimExpression {
    /// Sums longer than this are an evaluation error (a runaway upper limit, not a claim).
    static let maximumSumTerms = 1_000_000

    /// The numeric value with its gradient. NaN propagates (the caller reports it); an index outside 1…G,
    /// a NaN quantity or a non-integer `sum` limit throw `ClaimEvaluationError`.
    func evaluate(_ environment: ClaimEnvironment) throws -> DualNumber {
        switch self {
        case .number(let value): return DualNumber(value)
        case .name(let name, _): return try environment.lookup(name)
        case .element(let name, let index, _): return try environment.element(name, try index.evaluate(environment).value)
        case .negate(let inner):
            let x = try inner.evaluate(environment)
            return x.applying(-x.value, derivative: -1)
        case .arithmetic(let op, let left, let right):
            let a = try left.evaluate(environment), b = try right.evaluate(environment)
            switch op {
            case .add: return DualNumber(a.value + b.value, gradient: DualNumber.combine(1, a.gradient, 1, b.gradient))
            case .subtract: return DualNumber(a.value - b.value, gradient: DualNumber.combine(1, a.gradient, -1, b.gradient))
            case .multiply: return DualNumber(a.value * b.value, gradient: DualNumber.combine(b.value, a.gradient, a.value, b.gradient))
            case .divide:
                return DualNumber(a.value / b.value, gradient: DualNumber.combine(1 / b.value, a.gradient, -a.value / (b.value * b.value), b.gradient))
            case .power: return ClaimExpression.power(a, b)
            }
        case .call(let function, let arguments, _):
            let values = try arguments.map { try $0.evaluate(environment) }
            return ClaimExpression.apply(function, values)
        case .sum(let index, let from, let to, let body, _):
            let lower = try from.evaluate(environment).value, upper = try to.evaluate(environment).value
            guard let a = Int(exactly: lower), let b = Int(exactly: upper) else {
                throw ClaimEvaluationError("sum limits \(ClaimNumber.text(lower))…\(ClaimNumber.text(upper)) are not integers")
            }
            guard b - a < ClaimExpression.maximumSumTerms else { throw ClaimEvaluationError("sum over \(a)…\(b): more than \(ClaimExpression.maximumSumTerms) terms") }
            var total = DualNumber(0)
            var inner = environment
            if a <= b {
                for k in a...b {
                    inner.indices[index] = Double(k)
                    let term = try body.evaluate(inner)
                    total = DualNumber(total.value + term.value, gradient: DualNumber.combine(1, total.gradient, 1, term.gradient))
                }
            }
            return total
        case .comparison, .and, .or, .not:
            preconditionFailure("ClaimExpression: a condition evaluated as a number (rejected at compile time)")
        }
    }

    /// The truth value of an assumption.
    /// - Throws: `ClaimEvaluationError` when a compared value is NaN (undecidable, never taken as true).
    func holds(_ environment: ClaimEnvironment) throws -> Bool {
        switch self {
        case .comparison(let op, let left, let right):
            let a = try left.evaluate(environment).value, b = try right.evaluate(environment).value
            guard !a.isNaN, !b.isNaN else { throw ClaimEvaluationError("a side of the comparison '\(op.rawValue)' is NaN") }
            switch op {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            }
        case .and(let a, let b): return try a.holds(environment) && b.holds(environment)
        case .or(let a, let b): return try a.holds(environment) || b.holds(environment)
        case .not(let a): return !(try a.holds(environment))
        default: preconditionFailure("ClaimExpression: a number evaluated as a condition (rejected at compile time)")
        }
    }

    private static func power(_ a: DualNumber, _ b: DualNumber) -> DualNumber {
        let value = Foundation.pow(a.value, b.value)
        let da = b.value == 0 ? 0 : b.value * Foundation.pow(a.value, b.value - 1)
        let db = b.gradient.contains(where: { $0 != 0 }) && a.value > 0 ? value * Foundation.log(a.value) : 0
        return DualNumber(value, gradient: DualNumber.combine(da, a.gradient, db, b.gradient))
    }

    private static func apply(_ function: ClaimFunction, _ x: [DualNumber]) -> DualNumber {
        let v = x[0].value
        switch function {
        case .exp: let e = Foundation.exp(v); return x[0].applying(e, derivative: e)
        case .log: return x[0].applying(Foundation.log(v), derivative: 1 / v)
        case .log1p: return x[0].applying(Foundation.log1p(v), derivative: 1 / (1 + v))
        case .expm1: return x[0].applying(Foundation.expm1(v), derivative: Foundation.exp(v))
        case .sqrt: let r = v.squareRoot(); return x[0].applying(r, derivative: 0.5 / r)
        case .abs: return x[0].applying(Swift.abs(v), derivative: v < 0 ? -1 : 1)
        case .pow: return power(x[0], x[1])
        case .min, .max:
            if x.contains(where: { $0.value.isNaN }) { return DualNumber(.nan) }
            let pick = function == .min ? x.min { $0.value < $1.value }! : x.max { $0.value < $1.value }!
            return pick
        }
    }
}
