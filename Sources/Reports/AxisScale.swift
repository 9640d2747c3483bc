/// How an axis maps data to position: linearly, or by log₁₀ (only positive values are drawn).
public enum AxisScale: String, Sendable, Equatable {
    case linear
    case log10
}
