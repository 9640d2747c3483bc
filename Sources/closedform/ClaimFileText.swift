import ClosedForm

/// Claim files as `closedform theorems --claims` lists them, after the built-in claims.
enum ClaimFileText {
    /// A claim file's lines: key — title (citation), side and scenario, the statement, assumptions, parameters.
    private static func lines(_ claim: FileClaim) -> [String] {
        let file = claim.file
        let relation = ["upper": "≤", "lower": "≥", "identity": "="][file.side.rawValue]!
        var lines = ["\(file.key) — \(file.title)" + (file.citation.isEmpty ? "" : "  \(file.citation)") + "  (claim file \(file.path))",
                     "  \(file.measured.text) \(relation) \(file.bound.text)" + (file.side == .identity ? "  (tolerance \(NumberText.human(file.tolerance)))" : ""),
                     "  side: \(file.side.rawValue), scenario: \(claim.scenario.name)"]
        if !file.assumptions.isEmpty { lines.append("  assumptions: " + file.assumptions.map(\.text).joined(separator: "; ")) }
        if !file.parameters.isEmpty { lines.append("  parameters: " + file.parameters.map { "\($0.name) \(describe($0))" }.joined(separator: "; ")) }
        return lines
    }

    /// The declaration as written in the file (`range = [0, 2]`, `values = ["ou", "vp"]`, …).
    static func describe(_ declaration: ClaimParameterDeclaration) -> String {
        var text: String
        switch declaration.domain {
        case .real(let range, let logScale):
            text = "range = [\(NumberText.human(range.lowerBound)), \(NumberText.human(range.upperBound))]" + (logScale ? ", log = true" : "")
        case .integer(let range): text = "integers = [\(range.lowerBound), \(range.upperBound)]"
        case .fixed(let value): text = "value = \(argument(value))"
        case .choice(let values): text = "values = [\(values.map(argument).joined(separator: ", "))]"
        }
        if let value = declaration.defaultValue { text += ", default = \(argument(value))" }
        return text
    }

    private static func argument(_ value: ScenarioArgument) -> String {
        switch value {
        case .real(let number): return NumberText.human(number)
        case .integer(let number): return String(number)
        case .choice(let name): return "\"\(name)\""
        }
    }

    static func text(_ claims: [FileClaim]) -> String {
        claims.isEmpty ? "" : "\nClaim files:\n\n" + claims.map { lines($0).joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    static func markdown(_ claims: [FileClaim]) -> String {
        claims.isEmpty ? "" : "\n## Claim files\n\n" + claims.map { claim in
            let all = lines(claim)
            return "### `\(claim.file.key)`\n\n" + all.map { "- " + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    static func latex(_ claims: [FileClaim]) -> String {
        claims.isEmpty ? "" : "\n\\paragraph{Claim files}\n\\begin{description}\n" + claims.map { claim in
            let all = lines(claim)
            return "\\item[\\texttt{\(LaTeXEscaping.escape(claim.file.key))}] " + all.map { LaTeXEscaping.escape($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: "\\\\\n")
        }.joined(separator: "\n") + "\n\\end{description}\n"
    }

    static func json(_ claim: FileClaim) -> JSONValue {
        let file = claim.file
        return .object(JSONObject([
            ("key", .string(file.key)), ("title", .string(file.title)), ("citation", .string(file.citation)),
            ("side", .string(file.side.rawValue)), ("scenario", .string(claim.scenario.name)), ("file", .string(file.path)),
            ("measured", .string(file.measured.text)), ("bound", .string(file.bound.text)),
            ("tolerance", file.side == .identity ? .number(file.tolerance) : .null),
            ("assumptions", .array(file.assumptions.map { .string($0.text) })),
            ("parameters", .object(JSONObject(file.parameters.map { ($0.name, .string(describe($0))) }))),
        ]))
    }
}
