import ClosedForm

/// JSON text for `closedform theorems --format json` and `closedform bound` (the default format).
///
/// Numbers and strings are written as `DivergenceJSON` writes them (non-finite numbers as the strings
/// "Infinity", "-Infinity", "NaN"); absent bounds are `null`, so every evaluation has the same keys.
enum TheoremJSON {
    /// `{"provenance": {tag: meaning}, "theorems": [...]}`, one theorem per line.
    static func registry(_ theorems: [Theorem]) -> String {
        let tags = object(Provenance.allCases.map { ($0.rawValue, string($0.meaning)) })
        let list = theorems.map { "    " + theorem($0) }.joined(separator: ",\n")
        return "{\"provenance\": \(tags),\n \"theorems\": [\n\(list)\n]}"
    }

    /// One theorem: key, title, citation, side, provenance, statement, latex, assumptions, parameters.
    static func theorem(_ theorem: Theorem) -> String {
        object(header(theorem) + [
            ("statement", string(theorem.statement)),
            ("latex", string(theorem.latex)),
            ("assumptions", array(theorem.assumptions.map(string))),
            ("parameters", array(theorem.parameters.map(parameter))),
        ])
    }

    /// One evaluation: the theorem's header, lower/upper/value, conditionHolds, quantities, every parameter
    /// used (with `default` and the uncertain constants' provenance), assumptions and notes.
    static func evaluation(_ evaluation: BoundEvaluation, of theorem: Theorem) -> String {
        object(header(theorem) + [
            ("lower", optional(evaluation.lower)),
            ("upper", optional(evaluation.upper)),
            ("value", optional(evaluation.value)),
            ("conditionHolds", evaluation.conditionHolds.map { "\($0)" } ?? "null"),
            ("quantities", object(evaluation.quantities.map { ($0.name, number($0.value)) })),
            ("parameters", array(evaluation.parameters.map { used in
                object([("name", string(used.parameter.name)), ("symbol", string(used.parameter.symbol)),
                        ("value", number(used.value)), ("default", "\(used.isDefault)")] + uncertainty(used.parameter))
            })),
            ("vectors", array(evaluation.vectors.map { used in
                object([("name", string(used.parameter.name)), ("symbol", string(used.parameter.symbol)),
                        ("values", array(used.values.map(number)))])
            })),
            ("uncertainConstants", array(evaluation.uncertainConstants.map { used in
                object([("name", string(used.parameter.name)), ("value", number(used.value)), ("default", "\(used.isDefault)")]
                       + uncertainty(used.parameter))
            })),
            ("assumptions", array(theorem.assumptions.map(string))),
            ("notes", array(evaluation.notes.map(string))),
        ])
    }

    private static func header(_ theorem: Theorem) -> [(String, String)] {
        [("key", string(theorem.key)), ("title", string(theorem.title)), ("citation", string(theorem.citation)),
         ("side", string(theorem.side.rawValue)),
         ("provenance", array(theorem.provenance.map { string($0.rawValue) })),
         ("provenanceDetail", theorem.provenanceDetail.map(string) ?? "null")]
    }

    private static func parameter(_ parameter: TheoremParameter) -> String {
        object([("name", string(parameter.name)), ("option", string(parameter.option)), ("symbol", string(parameter.symbol)),
                ("default", optional(parameter.defaultValue)), ("required", "\(parameter.defaultValue == nil)"),
                ("vector", "\(parameter.isVector)"), ("domain", string(parameter.domain.description)),
                ("description", string(parameter.description))] + uncertainty(parameter))
    }

    /// `uncertainConstant` and, for one, its `provenance` tag and meaning.
    private static func uncertainty(_ parameter: TheoremParameter) -> [(String, String)] {
        guard let tag = parameter.uncertainty else { return [("uncertainConstant", "false")] }
        return [("uncertainConstant", "true"), ("provenance", string(tag.rawValue)), ("provenanceMeaning", string(tag.meaning))]
    }

    private static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    private static func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    private static func optional(_ value: Double?) -> String { value.map(number) ?? "null" }

    private static func number(_ value: Double) -> String { DivergenceJSON.number(value) }

    private static func string(_ text: String) -> String { DivergenceJSON.string(text) }
}
