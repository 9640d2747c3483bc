import InputErrors

/// A named input of a bound calculator: the name used on the command line (`--eta-floor`), its symbol, its
/// default (nil when it must be given), its valid range and, for a constant the sources disagree on or
/// leave unknown, its provenance.
public struct TheoremParameter: Sendable {
    /// The valid range of a value: an interval of ℝ, optionally restricted to integers.
    public struct Domain: Sendable, Equatable {
        public let lower: Double
        public let lowerClosed: Bool
        public let upper: Double
        public let upperClosed: Bool
        public let integer: Bool

        public init(lower: Double, lowerClosed: Bool, upper: Double = .infinity, upperClosed: Bool = false, integer: Bool = false) {
            self.lower = lower
            self.lowerClosed = lowerClosed
            self.upper = upper
            self.upperClosed = upperClosed
            self.integer = integer
        }

        /// (0, 1]: a fraction that may be 1 but not 0 (α, the fresh-data fraction of [B]).
        public static let fraction = Domain(lower: 0, lowerClosed: false, upper: 1, upperClosed: true)
        /// [0, 1].
        public static let unitInterval = Domain(lower: 0, lowerClosed: true, upper: 1, upperClosed: true)
        /// (0, 1).
        public static let openUnitInterval = Domain(lower: 0, lowerClosed: false, upper: 1, upperClosed: false)
        /// [0, ∞).
        public static let nonNegative = Domain(lower: 0, lowerClosed: true)
        /// (0, ∞).
        public static let positive = Domain(lower: 0, lowerClosed: false)
        /// The largest integer accepted (counts are converted to `Int`).
        public static let largestInteger = 1e9
        /// {0, 1, …, 10⁹}.
        public static let count = integers(from: 0)

        /// Integers in [`minimum`, 10⁹].
        public static func integers(from minimum: Int) -> Domain {
            Domain(lower: Double(minimum), lowerClosed: true, upper: largestInteger, upperClosed: true, integer: true)
        }

        /// Whether a finite `value` lies in the range.
        public func contains(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            if integer && value.rounded() != value { return false }
            let aboveLower = lowerClosed ? value >= lower : value > lower
            let belowUpper = upperClosed ? value <= upper : value < upper
            return aboveLower && belowUpper
        }

        /// The range in interval notation, e.g. `(0, 1]`, `[0, ∞)`, `integers in [2, 1000000000]`.
        public var description: String {
            let interval = (lowerClosed ? "[" : "(") + format(lower) + ", " + format(upper) + (upperClosed ? "]" : ")")
            return integer ? "integers in \(interval)" : interval
        }

        private func format(_ value: Double) -> String {
            if value == .infinity { return "∞" }
            return value.rounded() == value && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        }
    }

    /// The command-line name, without dashes: `alpha`, `eta-floor`.
    public let name: String
    /// The mathematical symbol: `α`, `η_floor`.
    public let symbol: String
    /// The default, or nil when the caller must give a value.
    public let defaultValue: Double?
    /// What the value means, with units or conventions.
    public let description: String
    /// The valid range (for a vector, of every entry).
    public let domain: Domain
    /// True for a vector-valued parameter (e.g. per-round errors ε*_k²), passed as a list.
    public let isVector: Bool
    /// For an uncertain constant (unknown, or stated differently by different sources): the provenance of
    /// its default; nil for an ordinary input.
    public let uncertainty: Provenance?

    public init(name: String, symbol: String, defaultValue: Double? = nil, description: String, domain: Domain,
                isVector: Bool = false, uncertainty: Provenance? = nil) {
        precondition(defaultValue.map(domain.contains) ?? true,
                     "TheoremParameter \(name): default \(defaultValue ?? .nan) outside \(domain.description)")
        precondition(!(isVector && defaultValue != nil), "TheoremParameter \(name): a vector parameter has no default")
        self.name = name
        self.symbol = symbol
        self.defaultValue = defaultValue
        self.description = description
        self.domain = domain
        self.isVector = isVector
        self.uncertainty = uncertainty
    }

    /// True when the value is an uncertain constant whose provenance must be printed with every result.
    public var isUncertainConstant: Bool { uncertainty != nil }

    /// The command-line option, `--name`.
    public var option: String { "--\(name)" }

    /// Throws unless `value` lies in the domain; the message names the option, the value and the range.
    public func validate(_ value: Double, in key: String) throws {
        guard domain.contains(value) else {
            throw InputError(source: option, field: "",
                             reason: "\(describeNumber(value)) is outside \(domain.description); \(key) needs \(symbol) ∈ \(domain.description)")
        }
    }
}
