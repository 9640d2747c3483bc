import InputErrors

/// One registered claim of [A]–[E] (or derived here): its statement, assumptions, provenance, parameters, and
/// a calculator that evaluates the bound for given parameters.
///
/// Keys are stable labels shared with proofs/ and with test display names, e.g. `B.prop4.1.persistence`.
public struct Theorem: Sendable {
    /// Stable label, e.g. `B.prop4.1.persistence`.
    public let key: String
    /// Short title.
    public let title: String
    /// The statement in Unicode.
    public let statement: String
    /// The statement in LaTeX (math mode content, without delimiters).
    public let latex: String
    /// Hypotheses the statement relies on; the labelled ones (`TheoremAssumption.labelled`) are decided case
    /// by case, and a case that violates one makes the claim not applicable there.
    public let assumptions: [TheoremAssumption]
    /// Provenance tags of the statement (several when parts differ; see `provenanceDetail`).
    public let provenance: [Provenance]
    /// Which part has which tag, when they differ; nil otherwise.
    public let provenanceDetail: String?
    /// The citation key with number, e.g. `[B, Prop 3.1]` (keys of proofs/REFERENCES.md).
    public let citation: String
    /// Scalar and vector parameters, in the order they are printed.
    public let parameters: [TheoremParameter]
    /// The kind of claim.
    public let side: BoundSide
    /// Fills lower/upper/value/quantities/notes from the resolved parameters.
    let calculator: @Sendable (inout BoundEvaluation) throws -> Void

    init(key: String, title: String, statement: String, latex: String, assumptions: [TheoremAssumption],
         provenance: [Provenance], provenanceDetail: String? = nil, citation: String,
         parameters: [TheoremParameter], side: BoundSide,
         calculator: @escaping @Sendable (inout BoundEvaluation) throws -> Void) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "Theorem \(key): duplicate parameter names")
        self.key = key
        self.title = title
        self.statement = statement
        self.latex = latex
        self.assumptions = assumptions
        self.provenance = provenance
        self.provenanceDetail = provenanceDetail
        self.citation = citation
        self.parameters = parameters
        self.side = side
        self.calculator = calculator
    }

    /// The labels of the labelled assumptions, in order.
    public var assumptionLabels: [String] { assumptions.compactMap(\.label) }

    /// The declared parameter `name`, or nil.
    public func parameter(named name: String) -> TheoremParameter? { parameters.first { $0.name == name } }

    /// Evaluates the bound.
    ///
    /// - Parameters:
    ///   - parameters: scalar values by parameter name (`"alpha": 0.1`); missing ones take their default.
    ///   - vectors: vector values by parameter name (`"round-errors": [0.01, 0.02]`), each non-empty.
    /// - Returns: the evaluation, with every parameter used (defaults included) and notes.
    /// - Throws: `InputError` naming the option (`--alpha`) and the value for an unknown parameter, a
    ///   missing required one, a scalar given for a vector (or the reverse), or a value outside its range.
    public func evaluate(_ parameters: [String: Double], vectors: [String: [Double]] = [:]) throws -> BoundEvaluation {
        let valid = self.parameters.map(\.option).joined(separator: ", ")
        for name in parameters.keys.sorted() + vectors.keys.sorted() where parameter(named: name) == nil {
            throw InputError(source: "--\(name)", field: "", reason: "unknown parameter of \(key); valid: \(valid)")
        }
        var scalars: [BoundEvaluation.UsedParameter] = []
        var lists: [BoundEvaluation.UsedVector] = []
        for declared in self.parameters {
            if declared.isVector {
                if let scalar = parameters[declared.name] {
                    throw InputError(source: declared.option, field: "",
                                     reason: "\(describeNumber(scalar)) is one number; \(key) needs a list \(declared.symbol) (comma-separated)")
                }
                guard let values = vectors[declared.name], !values.isEmpty else {
                    throw InputError(source: declared.option, field: "", reason: "missing; \(key) needs a non-empty list \(declared.symbol)")
                }
                for (index, value) in values.enumerated() {
                    do { try declared.validate(value, in: key) } catch let error as InputError {
                        throw InputError(source: error.source, field: "entry \(index + 1)", reason: error.reason)
                    }
                }
                lists.append(BoundEvaluation.UsedVector(parameter: declared, values: values))
            } else {
                if vectors[declared.name] != nil {
                    throw InputError(source: declared.option, field: "", reason: "is a list; \(key) needs one number \(declared.symbol)")
                }
                if let value = parameters[declared.name] {
                    try declared.validate(value, in: key)
                    scalars.append(BoundEvaluation.UsedParameter(parameter: declared, value: value, isDefault: false))
                } else if let value = declared.defaultValue {
                    scalars.append(BoundEvaluation.UsedParameter(parameter: declared, value: value, isDefault: true))
                } else {
                    throw InputError(source: declared.option, field: "",
                                     reason: "missing; \(key) needs \(declared.symbol) ∈ \(declared.domain.description) (\(declared.description))")
                }
            }
        }
        var evaluation = BoundEvaluation(key: key, side: side, parameters: scalars, vectors: lists)
        try calculator(&evaluation)
        for used in evaluation.uncertainConstants {
            let tag = used.parameter.uncertainty.map { "(\($0.rawValue): \($0.meaning))" } ?? ""
            evaluation.note("depends on the uncertain constant \(used.parameter.symbol) = \(used.value)\(used.isDefault ? " (default)" : "") \(tag)")
        }
        return evaluation
    }
}
