import ClosedForm

/// The JSON of `closedform theorems --format json` and `closedform bound` (the default format).
///
/// Numbers as `JSONValue` writes them (non-finite ones as the strings "Infinity", "-Infinity", "NaN");
/// absent bounds are `null`, so every evaluation has the same keys.
enum TheoremJSON {
    /// `{"provenance": {tag: meaning}, "theorems": [...]}`, one theorem per line, and `"claimFiles": [...]`
    /// when claim files are listed (`theorems --claims`).
    static func registry(_ theorems: [Theorem], claimFiles: [FileClaim] = []) -> String {
        var members: [(String, JSONValue)] = [
            ("provenance", .object(JSONObject(Provenance.allCases.map { ($0.rawValue, .string($0.meaning)) }))),
            ("theorems", .array(theorems.map(theorem))),
        ]
        if !claimFiles.isEmpty { members.append(("claimFiles", .array(claimFiles.map(ClaimFileText.json)))) }
        let document: JSONValue = .object(JSONObject(members))
        return document.printed(indent: 2, expandedLevels: 2)
    }

    /// One theorem: key, title, citation, side, provenance, statement, latex, assumptions, parameters.
    static func theorem(_ theorem: Theorem) -> JSONValue {
        object(header(theorem) + [
            ("statement", .string(theorem.statement)),
            ("latex", .string(theorem.latex)),
            ("assumptions", .array(theorem.assumptions.map(assumption))),
            ("parameters", .array(theorem.parameters.map(parameter))),
        ])
    }

    /// One evaluation on one line: the theorem's header, lower/upper/value, conditionHolds, quantities,
    /// every parameter used (with `default` and the uncertain constants' provenance), assumptions and notes.
    static func evaluation(_ evaluation: BoundEvaluation, of theorem: Theorem) -> String {
        object(header(theorem) + [
            ("lower", optional(evaluation.lower)),
            ("upper", optional(evaluation.upper)),
            ("value", optional(evaluation.value)),
            ("conditionHolds", evaluation.conditionHolds.map(JSONValue.bool) ?? .null),
            ("quantities", object(evaluation.quantities.map { ($0.name, .number($0.value)) })),
            ("parameters", .array(evaluation.parameters.map { used in
                object([("name", .string(used.parameter.name)), ("symbol", .string(used.parameter.symbol)),
                        ("value", .number(used.value)), ("default", .bool(used.isDefault))] + uncertainty(used.parameter))
            })),
            ("vectors", .array(evaluation.vectors.map { used in
                object([("name", .string(used.parameter.name)), ("symbol", .string(used.parameter.symbol)),
                        ("values", .array(used.values.map(JSONValue.number)))])
            })),
            ("uncertainConstants", .array(evaluation.uncertainConstants.map { used in
                object([("name", .string(used.parameter.name)), ("value", .number(used.value)), ("default", .bool(used.isDefault))]
                       + uncertainty(used.parameter))
            })),
            ("assumptions", .array(theorem.assumptions.map(assumption))),
            ("applicable", .bool(evaluation.isApplicable)),
            ("notApplicable", .array(evaluation.violations.map { violation in
                object([("label", .string(violation.label)), ("reason", .string(violation.reason))])
            })),
            ("notes", .array(evaluation.notes.map(JSONValue.string))),
        ]).printed(expandedLevels: 0)
    }

    private static func header(_ theorem: Theorem) -> [(String, JSONValue)] {
        [("key", .string(theorem.key)), ("title", .string(theorem.title)), ("citation", .string(theorem.citation)),
         ("side", .string(theorem.side.rawValue)),
         ("provenance", .array(theorem.provenance.map { .string($0.rawValue) })),
         ("provenanceDetail", theorem.provenanceDetail.map(JSONValue.string) ?? .null)]
    }

    /// `{"label": "A3" or null, "text": …, "provenance": tag or null}`.
    private static func assumption(_ assumption: TheoremAssumption) -> JSONValue {
        object([("label", assumption.label.map(JSONValue.string) ?? .null), ("text", .string(assumption.text)),
                ("provenance", assumption.provenance.map { .string($0.rawValue) } ?? .null)])
    }

    private static func parameter(_ parameter: TheoremParameter) -> JSONValue {
        object([("name", .string(parameter.name)), ("option", .string(parameter.option)), ("symbol", .string(parameter.symbol)),
                ("default", optional(parameter.defaultValue)), ("required", .bool(parameter.defaultValue == nil)),
                ("vector", .bool(parameter.isVector)), ("domain", .string(parameter.domain.description)),
                ("description", .string(parameter.description))] + uncertainty(parameter))
    }

    /// `uncertainConstant` and, for one, its `provenance` tag and meaning.
    private static func uncertainty(_ parameter: TheoremParameter) -> [(String, JSONValue)] {
        guard let tag = parameter.uncertainty else { return [("uncertainConstant", .bool(false))] }
        return [("uncertainConstant", .bool(true)), ("provenance", .string(tag.rawValue)), ("provenanceMeaning", .string(tag.meaning))]
    }

    private static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }

    private static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}
