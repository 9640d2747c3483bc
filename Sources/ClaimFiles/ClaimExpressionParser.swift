import Foundation

/// Parses the grammar of `ClaimExpression` (recursive descent, one token of look-ahead).
public struct ClaimExpressionParser {
    private enum Token: Equatable {
        case number(Double)
        case name(String)
        case symbol(String)
        case end
    }

    private let text: [Character]
    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0

    /// Parses `text` (a whole expression).
    /// - Throws: `ClaimExpressionError` at the offending character: an unexpected character or token, an
    ///   unclosed parenthesis, an unknown function, a wrong number of arguments.
    public static func parse(_ text: String) throws -> ClaimExpression {
        var parser = ClaimExpressionParser(text: Array(text))
        try parser.tokenize()
        guard parser.tokens.count > 1 else { throw ClaimExpressionError(offset: 0, "empty expression") }
        let expression = try parser.condition()
        guard case .end = parser.current.token else {
            throw ClaimExpressionError(offset: parser.current.offset, "unexpected \(parser.describeCurrent()) after a complete expression")
        }
        return expression
    }

    private init(text: [Character]) { self.text = text }

    private var current: (token: Token, offset: Int) { tokens[position] }

    private func describeCurrent() -> String {
        switch current.token {
        case .number: return "number '\(lexeme(at: position))'"
        case .name(let name): return "'\(name)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "end of expression"
        }
    }

    private func lexeme(at index: Int) -> String {
        let start = tokens[index].offset, end = index + 1 < tokens.count ? tokens[index + 1].offset : text.count
        return String(text[start..<end]).trimmingCharacters(in: .whitespaces)
    }

    private mutating func tokenize() throws {
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == " " || c == "\t" || c == "\n" { i += 1; continue }
            let start = i
            if c.isASCII && (c.isNumber || (c == "." && i + 1 < text.count && text[i + 1].isNumber)) {
                while i < text.count && text[i].isASCII && (text[i].isNumber || text[i] == ".") { i += 1 }
                if i < text.count && (text[i] == "e" || text[i] == "E") {
                    var j = i + 1
                    if j < text.count && (text[j] == "+" || text[j] == "-") { j += 1 }
                    if j < text.count && text[j].isASCII && text[j].isNumber {
                        i = j
                        while i < text.count && text[i].isASCII && text[i].isNumber { i += 1 }
                    }
                }
                let literal = String(text[start..<i])
                guard let value = Double(literal) else { throw ClaimExpressionError(offset: start, "malformed number '\(literal)'") }
                tokens.append((.number(value), start))
            } else if c.isASCII && (c.isLetter || c == "_") {
                while i < text.count && text[i].isASCII && (text[i].isLetter || text[i].isNumber || text[i] == "_") { i += 1 }
                tokens.append((.name(String(text[start..<i])), start))
            } else if let symbol = ["<=", ">=", "==", "<", ">", "+", "-", "*", "/", "^", "(", ")", "[", "]", ","].first(where: { matches($0, at: i) }) {
                i += symbol.count
                tokens.append((.symbol(symbol), start))
            } else {
                let hint = c == "=" ? "; compare with ==" : ""
                throw ClaimExpressionError(offset: start, "unexpected character '\(c)'\(hint)")
            }
        }
        tokens.append((.end, text.count))
    }

    private func matches(_ symbol: String, at i: Int) -> Bool {
        let characters = Array(symbol)
        guard i + characters.count <= text.count else { return false }
        return Array(text[i..<(i + characters.count)]) == characters
    }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func accept(_ symbol: String) -> Bool {
        guard current.token == .symbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        guard current.token == .name(word) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ symbol: String, _ context: String) throws {
        guard accept(symbol) else { throw ClaimExpressionError(offset: current.offset, "expected '\(symbol)' \(context), found \(describeCurrent())") }
    }

    private mutating func condition() throws -> ClaimExpression {
        var left = try conjunction()
        while acceptKeyword("or") { left = .or(left, try conjunction()) }
        return left
    }

    private mutating func conjunction() throws -> ClaimExpression {
        var left = try negation()
        while acceptKeyword("and") { left = .and(left, try negation()) }
        return left
    }

    private mutating func negation() throws -> ClaimExpression {
        if acceptKeyword("not") { return .not(try negation()) }
        return try comparison()
    }

    private mutating func comparison() throws -> ClaimExpression {
        let left = try sum()
        for symbol in ["<=", ">=", "==", "<", ">"] where accept(symbol) {
            let right = try sum()
            if case .symbol(let next) = current.token, ["<=", ">=", "==", "<", ">"].contains(next) {
                throw ClaimExpressionError(offset: current.offset, "chained comparison; join two comparisons with and")
            }
            return .comparison(ClaimExpression.ComparisonOperator(rawValue: symbol)!, left, right)
        }
        return left
    }

    private mutating func sum() throws -> ClaimExpression {
        var left = try product()
        while true {
            if accept("+") { left = .arithmetic(.add, left, try product()) } else if accept("-") { left = .arithmetic(.subtract, left, try product()) } else { return left }
        }
    }

    private mutating func product() throws -> ClaimExpression {
        var left = try unary()
        while true {
            if accept("*") { left = .arithmetic(.multiply, left, try unary()) } else if accept("/") { left = .arithmetic(.divide, left, try unary()) } else { return left }
        }
    }

    private mutating func unary() throws -> ClaimExpression {
        if accept("-") { return .negate(try unary()) }
        return try power()
    }

    private mutating func power() throws -> ClaimExpression {
        let base = try primary()
        if accept("^") { return .arithmetic(.power, base, try unary()) }
        return base
    }

    private mutating func primary() throws -> ClaimExpression {
        let (token, offset) = current
        switch token {
        case .number(let value):
            advance()
            return .number(value)
        case .symbol("("):
            advance()
            let inner = try condition()
            try expect(")", "to close '('")
            return inner
        case .name(let name) where ["and", "or", "not"].contains(name):
            throw ClaimExpressionError(offset: offset, "expected a number or a name, found '\(name)'")
        case .name("inf"):
            advance()
            return .number(.infinity)
        case .name(let name):
            advance()
            if accept("[") {
                let index = try sum()
                try expect("]", "to close the index of \(name)")
                return .element(name, index: index, offset: offset)
            }
            guard accept("(") else { return .name(name, offset: offset) }
            if name == "sum" { return try sumCall(offset) }
            guard let function = ClaimFunction(rawValue: name) else {
                throw ClaimExpressionError(offset: offset, "unknown function '\(name)'",
                                           hint: "functions: \(ClaimFunction.allCases.map(\.rawValue).joined(separator: " ")) sum")
            }
            var arguments: [ClaimExpression] = []
            if !accept(")") {
                repeat { arguments.append(try sum()) } while accept(",")
                try expect(")", "to close the arguments of \(name)")
            }
            guard function.arity.contains(arguments.count) else {
                let expected = function.arity.upperBound == Int.max ? "at least \(function.arity.lowerBound)" : "\(function.arity.lowerBound)"
                throw ClaimExpressionError(offset: offset, "\(name) takes \(expected) argument(s), got \(arguments.count)")
            }
            return .call(function, arguments, offset: offset)
        case .symbol, .end:
            throw ClaimExpressionError(offset: offset, "expected a number, a name or '(', found \(describeCurrent())")
        }
    }

    /// `sum(k, a, b, expr)` after `sum(`.
    private mutating func sumCall(_ offset: Int) throws -> ClaimExpression {
        guard case .name(let index) = current.token, !["and", "or", "not", "inf", "sum"].contains(index) else {
            throw ClaimExpressionError(offset: current.offset, "sum(k, a, b, expr) needs an index name first, found \(describeCurrent())")
        }
        advance()
        try expect(",", "after the index of sum(k, a, b, expr)")
        let from = try sum()
        try expect(",", "after the lower limit of sum(k, a, b, expr)")
        let to = try sum()
        try expect(",", "after the upper limit of sum(k, a, b, expr)")
        let body = try sum()
        try expect(")", "to close sum(k, a, b, expr)")
        return .sum(index: index, from: from, to: to, body: body, offset: offset)
    }
}
