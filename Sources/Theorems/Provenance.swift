/// Where a statement comes from (docs/theory.md, "Provenance"). Printed next to every number that depends on it.
///
/// The full texts of [A]–[E] were not available when the statements were written down, so each carries
/// one or more of these tags.
public enum Provenance: String, CaseIterable, Sendable {
    /// Read in the authors' own code.
    case code
    /// Taken from a third-party reproduction or review that quotes the paper.
    case sec
    /// Recalled, unverified.
    case rec
    /// Derived here, not claimed by the paper.
    case der

    /// The tag's meaning, one line.
    public var meaning: String {
        switch self {
        case .code: return "read in the authors' own code"
        case .sec: return "taken from a third-party reproduction or review that quotes the paper"
        case .rec: return "recalled, unverified"
        case .der: return "derived here, not claimed by the paper"
        }
    }
}
