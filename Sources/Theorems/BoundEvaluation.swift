/// The result of evaluating one theorem's calculator: its bound(s) or exact value, every parameter actually
/// used (defaults included, uncertain constants flagged), intermediate quantities, and notes on which
/// hypotheses hold.
public struct BoundEvaluation: Sendable {
    /// A parameter as used: its declaration, its value, and whether the value was the default.
    public struct UsedParameter: Sendable {
        public let parameter: TheoremParameter
        public let value: Double
        public let isDefault: Bool
    }

    /// A vector parameter as used.
    public struct UsedVector: Sendable {
        public let parameter: TheoremParameter
        public let values: [Double]
    }

    /// A named intermediate result (ρ, a threshold, a limit), reported next to the bound.
    public struct Quantity: Sendable {
        public let name: String
        public let symbol: String
        public let value: Double
    }

    /// The theorem's key.
    public let key: String
    /// The kind of claim.
    public let side: BoundSide
    /// A lower bound on the theorem's quantity, when it gives one.
    public internal(set) var lower: Double?
    /// An upper bound, when it gives one.
    public internal(set) var upper: Double?
    /// The exact value (identities, closed forms, the comparison quantity of an "≍" statement).
    public internal(set) var value: Double?
    /// Whether the theorem's checkable hypothesis holds for these parameters (e.g. λ(1 + Lε/α) < κ); nil
    /// when it has none.
    public internal(set) var conditionHolds: Bool?
    /// Intermediate quantities, in the order computed.
    public internal(set) var quantities: [Quantity] = []
    /// Scalar parameters in declaration order.
    public let parameters: [UsedParameter]
    /// Vector parameters in declaration order.
    public let vectors: [UsedVector]
    /// Plain-language notes: regimes satisfied or not, provenance caveats.
    public internal(set) var notes: [String] = []
    /// The labelled assumptions that the given parameters violate: the claim says nothing there, so its
    /// bound is "not applicable" (the numbers are still reported).
    public internal(set) var violations: [AssumptionViolation] = []

    /// Whether no labelled assumption is violated by the given parameters.
    public var isApplicable: Bool { violations.isEmpty }

    init(key: String, side: BoundSide, parameters: [UsedParameter], vectors: [UsedVector]) {
        self.key = key
        self.side = side
        self.parameters = parameters
        self.vectors = vectors
    }

    /// The value of scalar parameter `name` (a programmer error if the theorem does not declare it).
    public func parameter(_ name: String) -> Double {
        guard let used = parameters.first(where: { $0.parameter.name == name }) else {
            preconditionFailure("\(key): no scalar parameter '\(name)'")
        }
        return used.value
    }

    /// The values of vector parameter `name`.
    public func vector(_ name: String) -> [Double] {
        guard let used = vectors.first(where: { $0.parameter.name == name }) else {
            preconditionFailure("\(key): no vector parameter '\(name)'")
        }
        return used.values
    }

    /// The uncertain constants used, with their provenance.
    public var uncertainConstants: [UsedParameter] { parameters.filter { $0.parameter.isUncertainConstant } }

    /// The intermediate quantity `name`, if computed.
    public func quantity(_ name: String) -> Double? { quantities.first { $0.name == name }?.value }

    mutating func record(_ name: String, _ symbol: String, _ value: Double) {
        quantities.append(Quantity(name: name, symbol: symbol, value: value))
    }

    mutating func note(_ text: String) { notes.append(text) }

    /// Records `violation` (nil: nothing to record).
    mutating func record(_ violation: AssumptionViolation?) {
        if let violation { violations.append(violation) }
    }
}
