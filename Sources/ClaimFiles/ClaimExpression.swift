/// An expression of a claim file: the measured side, the bound, or an assumption (proofs/core.claim-files.md).
///
/// ```
/// condition   := disjunction
/// disjunction := conjunction ("or" conjunction)*
/// conjunction := negation ("and" negation)*
/// negation    := "not" negation | comparison
/// comparison  := sum (("<" | "<=" | ">" | ">=" | "==") sum)?
/// sum         := product (("+" | "-") product)*
/// product     := unary (("*" | "/") unary)*
/// unary       := "-" unary | power
/// power       := primary ("^" unary)?                      right-associative: 2^-1, -x^2 = −(x²)
/// primary     := number | "inf" | name | name "[" sum "]" | name "(" arguments ")" | "(" condition ")"
///              | "sum" "(" name "," sum "," sum "," sum ")"
/// number      := digits ["." digits] [("e" | "E") ["+" | "-"] digits]
/// ```
/// Functions: exp log log1p expm1 sqrt abs (one argument), pow (two), min max (two or more). Comparisons
/// and `and or not` are allowed in assumptions only. Arithmetic follows IEEE 754 (1/0 = ∞, ∞ − ∞ = NaN).
public indirect enum ClaimExpression: Sendable, Equatable {
    case number(Double)
    /// A parameter, a scalar quantity or a `sum` index; `offset` is the name's position in the text.
    case name(String, offset: Int)
    /// `name[index]`: element index (1-based) of an array quantity.
    case element(String, index: ClaimExpression, offset: Int)
    case negate(ClaimExpression)
    case arithmetic(ArithmeticOperator, ClaimExpression, ClaimExpression)
    case call(ClaimFunction, [ClaimExpression], offset: Int)
    /// `sum(index, from, to, body)`: body summed over the integers index = from…to (0 when to < from).
    case sum(index: String, from: ClaimExpression, to: ClaimExpression, body: ClaimExpression, offset: Int)
    case comparison(ComparisonOperator, ClaimExpression, ClaimExpression)
    case and(ClaimExpression, ClaimExpression)
    case or(ClaimExpression, ClaimExpression)
    case not(ClaimExpression)

    public enum ArithmeticOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    public enum ComparisonOperator: String, Sendable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=="
    }

    /// True for comparisons and `and or not` (a condition), false for a number.
    public var isCondition: Bool {
        switch self {
        case .comparison, .and, .or, .not: return true
        default: return false
        }
    }

    /// Every name the expression reads (parameters and quantities; `sum` indices excluded), with offsets.
    public var names: [(name: String, offset: Int)] {
        func collect(_ expression: ClaimExpression, bound: Set<String>) -> [(String, Int)] {
            switch expression {
            case .number: return []
            case .name(let name, let offset): return bound.contains(name) ? [] : [(name, offset)]
            case .element(let name, let index, let offset): return [(name, offset)] + collect(index, bound: bound)
            case .negate(let inner), .not(let inner): return collect(inner, bound: bound)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b):
                return collect(a, bound: bound) + collect(b, bound: bound)
            case .call(_, let arguments, _): return arguments.flatMap { collect($0, bound: bound) }
            case .sum(let index, let from, let to, let body, _):
                return collect(from, bound: bound) + collect(to, bound: bound) + collect(body, bound: bound.union([index]))
            }
        }
        return collect(self, bound: []).map { (name: $0.0, offset: $0.1) }
    }
}

/// The functions of claim expressions.
public enum ClaimFunction: String, Sendable, CaseIterable {
    case exp, log, log1p, expm1, sqrt, abs, min, max, pow

    /// The number of arguments: `min`/`max` take two or more, `pow` two, the others one.
    public var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: return 2...Int.max
        case .pow: return 2...2
        default: return 1...1
        }
    }
}

/// A syntax or name error inside one expression: the 0-based character offset and what is wrong.
public struct ClaimExpressionError: Error, Sendable, Equatable {
    public let offset: Int
    public let message: String
    /// What is valid instead (e.g. the list of functions), printed after the offending text.
    public let hint: String?

    public init(offset: Int, _ message: String, hint: String? = nil) {
        self.offset = offset
        self.message = message
        self.hint = hint
    }
}
