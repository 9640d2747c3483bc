import ClosedForm

/// The output of `closedform bound --claim FILE`: JSON by default (one line), or text.
enum ClaimBoundJSON {
    /// `{"key", "title", "citation", "side", "file", "bound", "standardError", "parameters": [...], "quantities": {...}}`.
    static func render(_ value: FileClaim.BoundValue, of claim: FileClaim) -> String {
        let parameters: [JSONValue] = value.parameters.map { used in
            .object(JSONObject([("name", .string(used.name)), ("value", .string(used.value)), ("default", .bool(used.isDefault))]))
        }
        let quantities: [(String, JSONValue)] = value.quantities.map { entry in
            switch entry.value {
            case .scalar(let number, let error):
                return (entry.name, .object(JSONObject([("value", .number(number)), ("standardError", .number(error))])))
            case .array(let numbers): return (entry.name, .array(numbers.map(JSONValue.number)))
            }
        }
        return JSONValue.object(JSONObject([
            ("key", .string(claim.file.key)), ("title", .string(claim.file.title)), ("citation", .string(claim.file.citation)),
            ("side", .string(claim.file.side.rawValue)), ("file", .string(claim.file.path)), ("boundExpression", .string(claim.file.bound.text)),
            ("bound", .number(value.bound)), ("standardError", .number(value.standardError)),
            ("parameters", .array(parameters)), ("quantities", .object(JSONObject(quantities))),
        ])).printed(expandedLevels: 0)
    }

    /// `key — title (citation)`, the bound with its standard error, then the parameters and quantities used.
    static func text(_ value: FileClaim.BoundValue, of claim: FileClaim) -> String {
        var lines = ["\(claim.file.key) — \(claim.file.title)" + (claim.file.citation.isEmpty ? "" : "  (\(claim.file.citation))"),
                     "  bound = \(claim.file.bound.text) = \(NumberText.human(value.bound))"
                         + (value.standardError > 0 ? " ± \(NumberText.human(value.standardError)) (Monte-Carlo standard error)" : "")]
        lines += value.parameters.map { "  \($0.name) = \($0.value)" + ($0.isDefault ? " (default)" : "") }
        for (name, quantity) in value.quantities {
            switch quantity {
            case .scalar(let number, let error): lines.append("  \(name) = \(NumberText.human(number))" + (error > 0 ? " ± \(NumberText.human(error))" : ""))
            case .array(let numbers): lines.append("  \(name) = [\(numbers.map(NumberText.human).joined(separator: ", "))]")
            }
        }
        return lines.joined(separator: "\n")
    }
}
