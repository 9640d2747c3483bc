/// One axis of a figure: its label, its scale and, optionally, a fixed data range (otherwise the range
/// is fitted to the finite data and widened to tick values).
public struct FigureAxis: Sendable, Equatable {
    /// The label under (x) or beside (y) the axis; plain text, Unicode allowed.
    public var label: String
    public var scale: AxisScale
    /// A fixed range, e.g. 0…1 for a rate; values outside it are clipped. On a log axis it must be positive.
    public var range: ClosedRange<Double>?

    public init(_ label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil) {
        if let range, scale == .log10 {
            precondition(range.lowerBound > 0, "FigureAxis: log range must be positive, got \(range)")
        }
        self.label = label
        self.scale = scale
        self.range = range
    }
}
