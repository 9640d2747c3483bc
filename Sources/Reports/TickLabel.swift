/// A tick label: `base`, optionally followed by a superscript `exponent` (log axes: base "10", exponent
/// "−3"; large linear values: base "2×10", exponent "6").
public struct TickLabel: Sendable, Equatable {
    public var base: String
    public var exponent: String?

    public init(_ base: String, exponent: String? = nil) {
        self.base = base
        self.exponent = exponent
    }

    /// The label as plain text, `10^-3` for a superscript (for tests and widths).
    public var plain: String { exponent.map { base + "^" + $0 } ?? base }
}
