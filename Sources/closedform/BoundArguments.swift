import ClosedForm

/// Parses the free-form parameter options of `closedform bound` against a theorem's declared parameters.
enum BoundArguments {
    /// Scalars and vectors by parameter name from `--name value` / `--name=value` tokens.
    /// - Throws: `InputError` naming the option and the text for a stray token, a missing value, an
    ///   unknown or repeated parameter, or a value that is not a number.
    static func parse(_ tokens: [String], for theorem: Theorem) throws -> (scalars: [String: Double], vectors: [String: [Double]]) {
        var scalars: [String: Double] = [:], vectors: [String: [Double]] = [:]
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard token.hasPrefix("--"), token.count > 2 else {
                throw InputError(source: token, field: "", reason: "unexpected argument; give parameters as --name value (see `closedform theorems`)")
            }
            var name = String(token.dropFirst(2)), text: String
            if let equals = name.firstIndex(of: "=") {
                text = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
                index += 1
            } else {
                guard index + 1 < tokens.count else {
                    throw InputError(source: "--\(name)", field: "", reason: "missing value")
                }
                text = tokens[index + 1]
                index += 2
            }
            guard let parameter = theorem.parameter(named: name) else {
                throw InputError(source: "--\(name)", field: "",
                                 reason: "unknown parameter of \(theorem.key); valid: \(theorem.parameters.map(\.option).joined(separator: ", "))")
            }
            guard scalars[name] == nil, vectors[name] == nil else {
                throw InputError(source: parameter.option, field: "", reason: "given more than once")
            }
            if parameter.isVector {
                vectors[name] = try text.split(separator: ",", omittingEmptySubsequences: false).map { try number(String($0), parameter) }
            } else {
                scalars[name] = try number(text, parameter)
            }
        }
        return (scalars, vectors)
    }

    private static func number(_ text: String, _ parameter: TheoremParameter) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw InputError(source: parameter.option, field: "", reason: "'\(text)' is not a number")
        }
        return value
    }
}
